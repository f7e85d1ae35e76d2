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
def check(clauses_dir: Path | None, templates_dir: Path | None, samples_dir: Path | None, no_samples: bool,
          strict: bool, output_format: str) -> None:
    """Kontrollera klausulbiblioteket, mallarna och exemplen. Avslutar med kod 1 om något fel hittas."""
    from ..checks import ERROR, INFO, as_json, run_checks
    from ..resources import resource_dir

    problems = run_checks(clauses_dir or resource_dir("clauses"), templates_dir or resource_dir("templates"),
                          samples_dir or resource_dir("samples"), with_samples=not no_samples, strict=strict)
    errors = sum(p.severity == ERROR for p in problems)
    if output_format == "json":
        click.echo(as_json(problems))
    else:
        for problem in problems:
            click.echo(problem.one_line())
        review = sum(p.severity == INFO for p in problems)
        warnings = len(problems) - errors - review
        summary = "inga problem" if errors + warnings == 0 else f"{errors} fel, {count(warnings, 'varning', 'varningar')}"
        if review:
            summary += f"; {count(review, 'hänvisning', 'hänvisningar')} att granska (jurist, se review: i klausulerna)"
        click.echo(f"docgen check: {summary}", err=True)
    sys.exit(1 if errors else 0)


COMMANDS = [check]
