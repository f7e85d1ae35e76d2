"""The document commands made from the kinds (``generator.kinds.DOCUMENT_KINDS``): ``docgen iop``, ``docgen policy
borg|dala`` and any plugin kind's. Each kind says its command, help, sample and flags (``Kind.variants``,
``Kind.optional``, ``Kind.extras``); nothing here knows a kind. A kind with a command module of its own
(``Kind.own_command``: the tender's ``--route``) takes its flags from ``kind_flags``.

``kind_commands()`` is read by the CLI group whenever it lists or looks up a command, so a plugin kind
named in ``DOCGEN_KINDS`` gets its command without any module naming it.
"""

from __future__ import annotations

from pathlib import Path

import click

from .options import document_options, parse_formats, print_produced


def kind_flags(kind):
    """The kind's document flags: each variant (``--memo``), optional document (``--motiv``) and extra
    output (``--notice``), with the kind's help text. The command receives them as booleans by name."""

    def decorate(command):
        flags = [(flag, option.help) for flag, option in kind.variants.items()]
        flags += [(flag, option.help) for flag, option in kind.optional.items()]
        flags += [(flag, extra.help) for flag, extra in kind.extras.items()]
        for flag, help_text in reversed(flags):
            command = click.option(f"--{flag}", flag.replace("-", "_"), is_flag=True, help=help_text)(command)
        return command

    return decorate


def chosen(kind, flags: dict[str, bool]) -> dict:
    """``Build.render``'s options from the flags ``kind_flags`` declared: template, optional, extras."""
    on = {flag for flag in [*kind.variants, *kind.optional, *kind.extras] if flags.get(flag.replace("-", "_"))}
    variants = [kind.variants[flag].template for flag in kind.variants if flag in on]
    if len(variants) > 1:
        from ..errors import DocgenError

        raise DocgenError("välj en av " + ", ".join(f"--{f}" for f in kind.variants), where="kommandoraden")
    return {"template": variants[0] if variants else None,
            "optional": tuple(flag for flag in kind.optional if flag in on),
            "extras": tuple(flag for flag in kind.extras if flag in on)}


def _data_help(kinds) -> str:
    samples = ", ".join(k.sample for k in kinds if k.sample)
    return f"Ärendefil (YAML). Utan --data används det inbyggda exemplet ({samples})."


def _single(kind) -> click.Command:
    @click.command(name=kind.command.split()[1], help=kind.help)
    @document_options(_data_help([kind]))
    @kind_flags(kind)
    def command(data: Path | None, out: Path, formats: str, clauses_dir: Path | None, templates_dir: Path | None,
                force: bool, strict: bool = False, **flags: bool) -> None:
        from ..build import produce

        print_produced(produce(kind, data or kind.sample_path(), out, parse_formats(formats), force=force,
                               clauses_dir=clauses_dir, templates_dir=templates_dir, strict=strict,
                               **chosen(kind, flags)))

    return command


def _family(name: str, kinds: dict) -> click.Command:
    """``docgen policy borg|dala``: kinds whose command has a second word share one command with that word as
    its argument; the flags are those of every kind in it (one kind's flag refused for another)."""
    first = next(iter(kinds.values()))

    @click.command(name=name, help=first.help)
    @click.argument("model", type=click.Choice(list(kinds)))
    @document_options(_data_help(kinds.values()).replace("exemplet (", "exemplet för modellen ("))
    def command(model: str, data: Path | None, out: Path, formats: str, clauses_dir: Path | None,
                templates_dir: Path | None, force: bool, strict: bool = False, **flags: bool) -> None:
        from ..build import produce

        kind = kinds[model]
        print_produced(produce(kind, data or kind.sample_path(), out, parse_formats(formats), force=force,
                               clauses_dir=clauses_dir, templates_dir=templates_dir, strict=strict,
                               **chosen(kind, flags)))

    for kind in kinds.values():
        command = kind_flags(kind)(command)
    return command


def kind_commands() -> dict[str, click.Command]:
    """One command per kind (or family of kinds sharing a command word) that has no command module."""
    from ..kinds import DOCUMENT_KINDS

    single: dict[str, object] = {}
    families: dict[str, dict[str, object]] = {}
    for kind in DOCUMENT_KINDS.values():
        if kind.own_command:
            continue
        words = kind.command.split()[1:]
        if len(words) == 1:
            single[words[0]] = kind
        else:
            families.setdefault(words[0], {})[words[1]] = kind
    commands = {name: _single(kind) for name, kind in single.items()}
    commands.update({name: _family(name, kinds) for name, kinds in families.items()})
    for command in commands.values():
        command.options_metavar = "[FLAGGOR]"
    return commands


COMMANDS: list = []   # the CLI group reads kind_commands() when it lists or looks up a command
