"""What the command modules share: the document options, format parsing, printing what was written.

Kept below ``cli`` (which registers the commands) so that no command imports the CLI module back.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import DocgenError
from ..resources import resource_dir
from ..writers import BUILTIN, format_names


class RouteChoice(click.Choice):
    """``--route``: one of the route ids of data/routes.yaml, read when the flag is used or the help
    shown (not when the command module is imported). ``{routes}`` in the option's help lists them."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self):  # type: ignore[override]
        from ..datafiles import route_ids

        return list(route_ids())

    @choices.setter
    def choices(self, _value) -> None:
        pass


class RouteOption(click.Option):
    """An option whose help names the route ids (``{routes}``), filled in when the help is shown."""

    def get_help_record(self, ctx):
        from ..datafiles import route_ids

        ids = route_ids()
        record = super().get_help_record(ctx)
        if record is None:
            return None
        return record[0], record[1].replace("{routes}", ", ".join(ids[:-1]) + " eller " + ids[-1])


def count(n: int, one: str, many: str) -> str:
    """``1 varning``, ``2 varningar``: the number with the word in the right number."""
    return f"{n} {one if n == 1 else many}"


def parse_formats(value: str) -> list[str]:
    formats = [f.strip().lower() for f in value.split(",") if f.strip()]
    known = format_names()
    for fmt in formats:
        if fmt not in known:
            raise DocgenError(f"okänt format {fmt!r}", where="--format", hint="välj bland " + ",".join(known))
    if not formats:
        raise DocgenError("inget format angivet", where="--format", hint="t.ex. --format docx,pdf")
    return list(dict.fromkeys(formats))


def sample_path(name: str) -> Path:
    return resource_dir("samples") / name


PDF_VARIANTS = ("ua-1", "a-2a", "a-2b", "a-2u")  # the PDF writer's names (writers/pdf.PDF_VARIANTS)


def _set_pdf_variant(_ctx, _param, value: str | None) -> None:
    """The PDF writer reads the variant from the environment, so batch workers get it too."""
    if value:
        os.environ["DOCGEN_PDF_VARIANT"] = value


def pdf_variant_option(command):
    return click.option("--pdf-variant", type=click.Choice(PDF_VARIANTS), default=None, expose_value=False,
                        callback=_set_pdf_variant,
                        help="PDF-variant: ua-1 (tillgänglig PDF/UA-1, standard) eller a-2a, a-2b, a-2u "
                             "(PDF/A-2 för arkivering).")(command)


def format_option(command):
    """``--format``: the writers' formats (``writers.formats()``); by default the built-in ones."""
    return click.option("--format", "formats", default=",".join(f.name for f in BUILTIN), show_default=True,
                        help="Kommaseparerade format: " + ", ".join(format_names()) + ".")(command)


def document_options(data_help: str):
    """The options every document command shares: --data, --out, --format, --clauses, --templates, --force,
    --strict."""

    def decorate(command):
        for option in reversed([
            click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False), default=None, help=data_help),
            click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
                         show_default=True, help="Katalog för de skrivna filerna."),
            format_option,
            click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                         help="Annat klausulbibliotek än det inbyggda."),
            click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
                         help="Annan mallkatalog än den inbyggda."),
            click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem."),
            click.option("--strict", is_flag=True,
                         help="Räkna varningar som fel: inget skrivs och docgen avslutar med kod 1."),
            pdf_variant_option,
        ]):
            command = option(command)
        return command

    return decorate


def print_produced(produced) -> None:
    emit_findings(produced.findings)
    for written in produced.written:
        click.echo(str(written))


def emit_findings(findings, width: int | None = None) -> None:
    for finding in findings:
        word = "fel" if finding.severity == "error" else "varning"
        emit_line(f"docgen: {word}: {finding.text()}", width)


def emit_warnings(warnings: list[str], width: int | None = None) -> None:
    for warning in warnings:
        emit_line(f"docgen: varning: {warning}", width)


def emit_line(line: str, width: int | None = None) -> None:
    """One message per line; on a terminal a long one wraps to its width, continuation lines indented.
    (Piped into a file or another program, each message stays on one line.)"""
    import sys

    if width is None and sys.stderr.isatty():
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns
    if width and len(line) > width:
        import textwrap

        line = "\n".join(textwrap.wrap(line, max(width, 40), subsequent_indent="    ", break_on_hyphens=False))
    click.echo(line, err=True)
