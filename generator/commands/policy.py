"""`docgen policy borg|dala`: procurement policies any municipality or region can adopt in its own name."""

from __future__ import annotations

from pathlib import Path

import click

from .options import document_options, parse_formats, print_produced, sample_path

POLICY_MODELS = ("borg", "dala")


@click.command()
@click.argument("model", type=click.Choice(POLICY_MODELS))
@document_options("Ärendefil (YAML). Utan --data används det inbyggda exemplet för modellen.")
def policy(model: str, data: Path | None, out: Path, formats: str, clauses_dir: Path | None,
           templates_dir: Path | None, force: bool, strict: bool = False) -> None:
    """Skriv en upphandlingspolicy: borg (välfärdstjänster och idéburna) eller dala (socialt hållbar upphandling)."""
    from ..build import produce

    name = f"policy-{model}"
    print_produced(produce(name, data or sample_path(f"{name}.yaml"), out, parse_formats(formats), force=force,
                           clauses_dir=clauses_dir, templates_dir=templates_dir, strict=strict))


COMMANDS = [policy]
