"""docgen's command line: parse options, call the library, print, map errors to exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from . import __version__
from .clisv import install as _swedish_click
from .errors import DocgenError
from .resources import resource_dir
from .writers import FORMATS

EXIT_INPUT = 2

_swedish_click()  # before any option is declared: click names its path types when they are made


class DocgenGroup(click.Group):
    """Prints every user error as one line and exits 2; never a traceback for bad input."""

    def main(self, args=None, prog_name=None, **extra):
        try:
            return super().main(args=args, prog_name=prog_name or "docgen", standalone_mode=False, **extra)
        except DocgenError as exc:
            click.echo(f"docgen: fel: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)
        except click.exceptions.NoArgsIsHelpError as exc:
            click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
            sys.exit(0)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "docgen"
            message = " ".join(exc.format_message().split()).rstrip(".")
            click.echo(f"docgen: fel: {message} (se {command} --help)", err=True)
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


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    for fmt in formats:
        if fmt not in FORMATS:
            raise DocgenError(f"okänt format {fmt!r}", where="--format", hint="välj bland " + ",".join(FORMATS))
    if not formats:
        raise DocgenError("inget format angivet", where="--format", hint="t.ex. --format docx,pdf")
    return list(dict.fromkeys(formats))


def sample_path(name: str) -> Path:
    return resource_dir("samples") / name


def document_options(data_help: str):
    """The options every document command shares: --data, --out, --format, --clauses, --templates, --force."""

    def decorate(command):
        for option in reversed([
            click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False), default=None, help=data_help),
            click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
                         show_default=True, help="Katalog för de skrivna filerna."),
            click.option("--format", "formats", default="docx,pdf,html,md", show_default=True,
                         help="Kommaseparerade format: docx, pdf, html, md."),
            click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                         help="Annat klausulbibliotek än det inbyggda."),
            click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                         help="Annan mallkatalog än den inbyggda."),
            click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem."),
        ]):
            command = option(command)
        return command

    return decorate


def print_produced(produced) -> None:
    emit_warnings(produced.warnings)
    for written in produced.written:
        click.echo(str(written))


def emit_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        click.echo(f"docgen: varning: {warning}", err=True)


def _version_message() -> str:
    return f"docgen {__version__}"


@click.group(cls=DocgenGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar="[FLAGGOR]", subcommand_metavar="KOMMANDO [ARGUMENT]...")
@click.version_option(__version__, "--version", prog_name="docgen", message="%(prog)s %(version)s")
def cli() -> None:
    """docgen – upphandlingsdokument, IOP-överenskommelser och policyer ur ett klausulbibliotek.

    Ärendet beskrivs i en YAML-fil (se samples/); docgen prövar de rättsliga förutsättningarna och
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
