"""`docgen tender`: tender documents for a legal route."""

from __future__ import annotations

from pathlib import Path

import click

from ..cli import document_options, parse_formats, print_produced, sample_path
from ..datafiles import route_ids
from ..errors import DocgenError


@click.command()
@click.option("--route", "route", type=click.Choice(list(route_ids())), required=True,
              help="Rättslig väg: " + ", ".join(route_ids()[:-1]) + " eller " + route_ids()[-1] + ".")
@document_options("Ärendefil (YAML). Utan --data används det inbyggda exemplet för vägen.")
@click.option("--motiv", is_flag=True,
              help="Skriv också det interna underlaget Motiv till ställda krav (publiceras inte).")
@click.option("--notice", "notice", is_flag=True,
              help="Skriv även annonsuppgifterna (eForms-fält) som notice-fields.json och notice-fields.md.")
def tender(route: str, data: Path | None, out: Path, formats: str, clauses_dir: Path | None,
           templates_dir: Path | None, force: bool, motiv: bool = False, notice: bool = False) -> None:
    """Skriv upphandlingsdokument för en rättslig väg (t.ex. --route 25a)."""
    from ..case import load_case
    from ..documents import produce_tender

    fmts = parse_formats(formats)
    path = data or sample_path(f"tender-{route}.yaml")
    loaded = load_case(path, expect="tender")
    if loaded.model.route != route:
        raise DocgenError(f"ärendefilen anger route: {loaded.model.route} men kommandot --route {route}",
                          where=loaded.lines.where(("route",)), hint="låt --route och route: i filen vara samma")
    print_produced(produce_tender(path, out, fmts, force=force, clauses_dir=clauses_dir, templates_dir=templates_dir,
                                  loaded=loaded, motiv=motiv, notice=notice))

COMMANDS = [tender]
