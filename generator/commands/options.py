"""What the command modules share: the document options, format parsing, printing what was written.

Kept below ``cli`` (which registers the commands) so that no command imports the CLI module back.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import DocgenError
from ..resources import resource_dir
from ..writers import FORMATS


def count(n: int, one: str, many: str) -> str:
    """``1 varning``, ``2 varningar``: the number with the word in the right number."""
    return f"{n} {one if n == 1 else many}"


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


def document_options(data_help: str):
    """The options every document command shares: --data, --out, --format, --clauses, --templates, --force,
    --strict."""

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
