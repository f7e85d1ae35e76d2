"""`docgen tender`: tender documents for a legal route."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import DocgenError
from ..kinds import DOCUMENT_KINDS, load_case
from .documents import chosen, kind_flags
from .options import RouteChoice, RouteOption, document_options, parse_formats, print_produced, sample_path

TENDER = DOCUMENT_KINDS["tender"]


@click.command()
@click.option("--route", "route", type=RouteChoice(), default=None, cls=RouteOption,
              help="Rättslig väg: {routes}. Med --data "
                   "gäller route: i filen; utan --data väljer flaggan det inbyggda exemplet.")
@document_options("Ärendefil (YAML). Utan --data används det inbyggda exemplet för vägen.")
@kind_flags(TENDER)
@click.option("--checklist", "checklist", is_flag=True,
              help="Skriv inga filer: lista i en körning varje uppgift som ärendet saknar eller tar som standardvärde.")
def tender(route: str | None, data: Path | None, out: Path, formats: str, clauses_dir: Path | None,
           templates_dir: Path | None, force: bool, strict: bool = False, checklist: bool = False,
           **flags: bool) -> None:
    """Skriv upphandlingsdokument för en rättslig väg (t.ex. --route 25a)."""
    if checklist:   # issue 21: every missing or defaulted value in one run, exit 0
        if data is None:
            raise DocgenError("--checklist behöver en ärendefil", hint="t.ex. docgen tender --data arende.yaml --checklist")
        from ..checklist import checklist as make_checklist
        from ..checklist import checklist_text
        from ..yamlfile import read_text_file

        click.echo(checklist_text(make_checklist(read_text_file(data, "ärendefilen"), str(data)), str(data)), nl=False)
        return
    try:
        _tender(route, data, out, formats, clauses_dir, templates_dir, force, strict, flags)
    except DocgenError as exc:   # a refusal about a value of the case points to the checklist of all of them
        if data is not None and exc.missing:
            exc.command_hint = "; ".join(filter(None, (exc.command_hint,
                                                       f"docgen tender --data {data} --checklist listar allt som saknas")))
        raise


def _tender(route, data, out, formats, clauses_dir, templates_dir, force, strict, flags) -> None:
    from ..build import produce

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
