"""`docgen check`: lint the clause library, templates and samples; one line per problem."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import count


@click.command("check")
@click.option("--clauses", "clauses_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Klausulbiblioteket som ska kontrolleras (standard: det inbyggda).")
@click.option("--templates", "templates_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Mallkatalogen (standard: den inbyggda).")
@click.option("--samples", "samples_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Katalog med exempelärenden som ska återges i alla format (standard: de inbyggda exemplen, se docgen exempel).")
@click.option("--no-samples", is_flag=True, help="Hoppa över återgivningen av exemplen (den långsamma delen).")
@click.option("--strict", is_flag=True, help="Räkna varningar som fel.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: en rad per problem (sökväg:rad:kolumn: kod meddelande); json: för redigerare och CI.")
@click.option("--watch", is_flag=True,
              help="Kör kontrollen igen varje gång en fil sparas; problemen i de ändrade filerna visas först. "
                   "Avsluta med Ctrl+C.")
def check(clauses_dir: Path | None, templates_dir: Path | None, samples_dir: Path | None, no_samples: bool,
          strict: bool, output_format: str, watch: bool) -> None:
    """Kontrollera klausulbiblioteket, mallarna och exemplen. Avslutar med kod 1 om något fel hittas.

    Exemplens resultat sparas i docgens cache (se README): ett exempel återges igen bara när något det
    läste har ändrats."""
    from ..checks import ERROR, run_checks
    from ..resources import data_file, resource_dir

    clauses = clauses_dir or resource_dir("clauses")
    templates = templates_dir or resource_dir("templates")
    samples = samples_dir or resource_dir("samples")

    def run(changed: list[str]) -> int:
        from ..checks.watch import first_those_of

        problems = run_checks(clauses, templates, samples, with_samples=not no_samples, strict=strict)
        if changed:
            click.echo(f"docgen check: ändrat: {', '.join(changed)}", err=True)
            problems = first_those_of(problems, changed)
        report(problems, output_format)
        return sum(p.severity == ERROR for p in problems)

    if not watch:
        sys.exit(1 if run([]) else 0)
    from ..checks.watch import watch as watch_files

    click.echo("docgen check: bevakar klausulerna, mallarna och exemplen; Ctrl+C avslutar", err=True)
    try:
        watch_files([clauses, templates, samples, data_file("")], lambda changed: run(changed) and None)
    except KeyboardInterrupt:
        click.echo("", err=True)


def report(problems: list, output_format: str) -> None:
    from ..checks import ERROR, INFO, as_json

    errors = sum(p.severity == ERROR for p in problems)
    if output_format == "json":
        click.echo(as_json(problems))
        return
    for problem in problems:
        click.echo(problem.one_line())
    review = sum(p.severity == INFO for p in problems)
    warnings = len(problems) - errors - review
    summary = "inga problem" if errors + warnings == 0 else f"{errors} fel, {count(warnings, 'varning', 'varningar')}"
    if review:
        summary += f"; {count(review, 'hänvisning', 'hänvisningar')} att granska (jurist, se review: i klausulerna)"
    click.echo(f"docgen check: {summary}", err=True)


COMMANDS = [check]
