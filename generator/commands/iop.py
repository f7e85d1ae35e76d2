"""`docgen iop`: an IOP agreement (överenskommelse) or, with --memo, the committee's decision memo."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import emit_warnings, parse_formats, sample_path
from ..errors import DocgenError

DEFAULT_SAMPLE = "iop-night-shelter.yaml"


def checked_iop_case(path: Path):
    """Load an IOP case and refuse it if it is not an IOP; return it with its warnings (file:line first)."""
    from ..case import load_case
    from ..iop.checks import refusals, warnings

    loaded = load_case(path, expect="iop")
    refused = refusals(loaded.model)
    if refused:
        first = refused[0]
        raise DocgenError(first.message, where=loaded.lines.where(first.path), hint=first.hint)
    notes = [f"{loaded.lines.where(f.path)}: {f.message}" for f in warnings(loaded.model)]
    return loaded, notes


@click.command()
@click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help=f"Ärendefil (YAML). Utan --data används det inbyggda exemplet ({DEFAULT_SAMPLE}).")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"), show_default=True,
              help="Katalog för de skrivna filerna.")
@click.option("--format", "formats", default="docx,pdf,html,md", show_default=True,
              help="Kommaseparerade format: docx, pdf, html, md.")
@click.option("--memo", is_flag=True, help="Skriv tjänsteskrivelsen (beslutsunderlaget) i stället för överenskommelsen.")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annat klausulbibliotek än det inbyggda.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annan mallkatalog än den inbyggda.")
@click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem.")
def iop(data: Path | None, out: Path, formats: str, memo: bool, clauses_dir: Path | None,
        templates_dir: Path | None, force: bool) -> None:
    """Skriv en överenskommelse om idéburet offentligt partnerskap (IOP), eller med --memo tjänsteskrivelsen."""
    from ..library import load_library
    from ..pipeline import render, save

    fmts = parse_formats(formats)
    loaded, notes = checked_iop_case(data or sample_path(DEFAULT_SAMPLE))
    template = "iop-memo" if memo else "iop"
    if memo and loaded.model.memo is None:
        raise DocgenError("tjänsteskrivelsen behöver memo: med nämnd (committee) och handläggare (prepared_by)",
                          where=loaded.lines.where(()), hint="lägg till memo: {committee: …, prepared_by: {name: …, title: …}}")
    library = load_library(clauses_dir)
    result = render(loaded, library, template, fmts, templates_dir)
    emit_warnings(notes + result.warnings)
    for written in save(result, loaded, out, template, force):
        click.echo(str(written))


COMMANDS = [iop]
