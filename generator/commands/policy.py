"""`docgen policy borg|dala`: procurement policies any municipality or region can adopt in its own name."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import emit_warnings, parse_formats, sample_path

POLICY_MODELS = ("borg", "dala")


@click.command()
@click.argument("model", type=click.Choice(POLICY_MODELS))
@click.option("--data", "data", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Ärendefil (YAML). Utan --data används det inbyggda exemplet för modellen.")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("out"), show_default=True,
              help="Katalog för de skrivna filerna.")
@click.option("--format", "formats", default="docx,pdf,html,md", show_default=True,
              help="Kommaseparerade format: docx, pdf, html, md.")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annat klausulbibliotek än det inbyggda.")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Annan mallkatalog än den inbyggda.")
@click.option("--force", is_flag=True, help="Skriv över filer som ändrats sedan docgen skrev dem.")
def policy(model: str, data: Path | None, out: Path, formats: str, clauses_dir: Path | None,
           templates_dir: Path | None, force: bool) -> None:
    """Skriv en upphandlingspolicy: borg (välfärdstjänster och idéburna) eller dala (socialt hållbar upphandling)."""
    from ..case import load_case
    from ..library import load_library
    from ..pipeline import render, save
    from ..policy.model import check_against_law

    fmts = parse_formats(formats)
    name = f"policy-{model}"
    loaded = load_case(data or sample_path(f"{name}.yaml"), expect=name)
    check_against_law(loaded)
    library = load_library(clauses_dir)
    result = render(loaded, library, name, fmts, templates_dir)
    emit_warnings(result.warnings)
    for written in save(result, loaded, out, name, force):
        click.echo(str(written))


COMMANDS = [policy]
