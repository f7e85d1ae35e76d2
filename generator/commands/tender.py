"""`docgen tender`: tender documents for a legal route."""

from __future__ import annotations

from pathlib import Path

import click

from .documents import chosen, kind_flags
from .options import RouteChoice, RouteOption, document_options, parse_formats, print_produced, sample_path
from ..errors import DocgenError
from ..kinds import DOCUMENT_KINDS

TENDER = DOCUMENT_KINDS["tender"]


@click.command()
@click.option("--route", "route", type=RouteChoice(), default=None, cls=RouteOption,
              help="Rättslig väg: {routes}. Med --data "
                   "gäller route: i filen; utan --data väljer flaggan det inbyggda exemplet.")
@document_options("Ärendefil (YAML). Utan --data används det inbyggda exemplet för vägen.")
@kind_flags(TENDER)
def tender(route: str | None, data: Path | None, out: Path, formats: str, clauses_dir: Path | None,
           templates_dir: Path | None, force: bool, strict: bool = False, **flags: bool) -> None:
    """Skriv upphandlingsdokument för en rättslig väg (t.ex. --route 25a)."""
    from ..build import produce
    from ..kinds import load_case

    fmts = parse_formats(formats)
    if data is None and route is None:
        raise DocgenError("ange --data med din ärendefil, eller --route för ett inbyggt exempel",
                          hint="t.ex. docgen tender --data arende.yaml")
    path = data or sample_path(f"tender-{route}.yaml")
    loaded = load_case(path, expect="tender")
    if route is not None and loaded.model.route != route:  # the case file decides; a different flag is a mistake
        raise DocgenError(f"ärendefilen anger route: {loaded.model.route} men kommandot --route {route}",
                          where=loaded.lines.where(("route",)), hint="ta bort --route eller låt den vara samma som i filen")
    print_produced(produce(TENDER, loaded, out, fmts, force=force, clauses_dir=clauses_dir, strict=strict,
                           templates_dir=templates_dir, **chosen(TENDER, flags)))

COMMANDS = [tender]
