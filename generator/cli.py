"""docgen's command line: parse options, call the library, print, map errors to exit codes."""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .click_swedish import install as _swedish_click
from .errors import DocgenError

EXIT_INPUT = 2

_swedish_click()  # before any option is declared: click names its path types when they are made


class DocgenGroup(click.Group):
    """Prints every user error as one line and exits 2; never a traceback for bad input. The document
    commands of the kinds (``commands/documents.py``) are looked up when asked for, so a plugin kind's
    command is there without any module naming it."""

    def list_commands(self, ctx):
        from .commands.documents import kind_commands

        return sorted(set(super().list_commands(ctx)) | set(kind_commands()))

    def get_command(self, ctx, name):
        from .commands.documents import kind_commands

        return super().get_command(ctx, name) or kind_commands().get(name)

    def main(self, args=None, prog_name=None, **extra):
        try:
            return super().main(args=args, prog_name=prog_name or "docgen", standalone_mode=False, **extra)
        except DocgenError as exc:
            for finding in getattr(exc, "findings", ()):  # --strict: the warnings that failed the run
                click.echo(f"docgen: fel: {finding.text()}", err=True)
            click.echo(f"docgen: fel: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(0)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "docgen"
            message = " ".join(exc.format_message().split()).rstrip(".")
            hint = f"se {command} --help"
            case_file = _case_file_as_argument(exc.ctx, args)
            if case_file:
                hint = f"ange ärendefilen med --data: {command} --data {case_file}"  # `docgen tender case.yaml`
            click.echo(f"docgen: fel: {message} ({hint})", err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("docgen: avbrutet", err=True)
            sys.exit(130)
        except KeyboardInterrupt:
            click.echo("docgen: avbrutet", err=True)
            sys.exit(130)
        except OSError as exc:  # a folder or disk the user chose: their problem to fix, not a docgen bug
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            from .output import os_error

            click.echo(f"docgen: fel: {os_error(exc, 'kan inte läsa eller skriva', out_hint=False).one_line()}", err=True)
            sys.exit(EXIT_INPUT)
        except Exception as exc:  # noqa: BLE001 - a bug in docgen: one line, traceback on request
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            click.echo(f"docgen: internt fel ({type(exc).__name__}: {exc}); kör igen med DOCGEN_DEBUG=1 och rapportera felet",
                       err=True)
            sys.exit(70)


def _case_file_as_argument(ctx, args) -> str | None:
    """A case file given as a bare argument to a command that takes none but has ``--data``
    (``docgen tender base.yaml``): that file, read from the command line, else None."""
    if ctx is None or any(isinstance(p, click.Argument) for p in ctx.command.params) \
            or not any(p.name == "data" for p in ctx.command.params):
        return None
    given = list(sys.argv[1:] if args is None else args)
    for index, token in enumerate(given):
        after_option = index and given[index - 1].startswith("-") and "=" not in given[index - 1]
        if token.lower().endswith((".yaml", ".yml")) and not token.startswith("-") and not after_option:
            return token
    return None


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[FLAGGOR]", subcommand_metavar="KOMMANDO [ARGUMENT]...")
@click.version_option(__version__, "--version", prog_name="docgen", message="%(prog)s %(version)s")
def cli() -> None:
    """docgen – upphandlingsdokument, IOP-överenskommelser och policyer ur ett klausulbibliotek.

    Ärendet beskrivs i en YAML-fil (docgen exempel 25a > min.yaml ger ett exempel att utgå från); docgen prövar de rättsliga förutsättningarna och
    skriver DOCX, PDF, HTML och Markdown.
    """


def _register_commands() -> None:
    """Each module in generator/commands/ adds its commands; one module per command family."""
    import importlib
    import pkgutil

    from . import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            command.options_metavar = "[FLAGGOR]"  # click's "[OPTIONS]" in the usage line, in Swedish
            if isinstance(command, click.Group):
                command.subcommand_metavar = "KOMMANDO [ARGUMENT]..."
            cli.add_command(command)


_register_commands()


def main() -> None:
    cli.main()


if __name__ == "__main__":  # pragma: no cover
    main()
