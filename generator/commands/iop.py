"""`docgen iop`: an IOP agreement (överenskommelse) or, with --memo, the committee's decision memo."""

from __future__ import annotations

import copy
from pathlib import Path

import click

from .options import document_options, parse_formats, print_produced, sample_path
from ..errors import DocgenError

DEFAULT_SAMPLE = "iop-night-shelter.yaml"


@click.command()
@document_options(f"Ärendefil (YAML). Utan --data används det inbyggda exemplet ({DEFAULT_SAMPLE}).")
@click.option("--memo", is_flag=True, help="Skriv tjänsteskrivelsen (beslutsunderlaget) i stället för överenskommelsen.")
def iop(data: Path | None, out: Path, formats: str, memo: bool, clauses_dir: Path | None,
        templates_dir: Path | None, force: bool, strict: bool = False) -> None:
    """Skriv en överenskommelse om idéburet offentligt partnerskap (IOP), eller med --memo tjänsteskrivelsen."""
    from ..build import produce
    from ..kinds import load_case

    fmts = parse_formats(formats)
    path = data or sample_path(DEFAULT_SAMPLE)
    loaded = load_case(path, expect="iop")
    if memo and loaded.model.memo is None and not loaded.model.memos:
        raise DocgenError("tjänsteskrivelsen behöver memo: med nämnd (committee) och handläggare (prepared_by)",
                          where=loaded.lines.where(()), hint="lägg till memo: {committee: …, prepared_by: {name: …, title: …}}")
    if memo and loaded.model.memos:
        # several public parties decide, each for itself: one memo per party (issue 23)
        for entry in loaded.model.memos:
            one = copy.copy(loaded)
            one.model = loaded.model.model_copy(update={"memo": entry, "memos": []})
            print_produced(produce("iop", one, out, fmts, force=force, clauses_dir=clauses_dir, strict=strict,
                                   templates_dir=templates_dir, template="iop-memo"))
        return
    print_produced(produce("iop", loaded, out, fmts, force=force, clauses_dir=clauses_dir, strict=strict,
                           templates_dir=templates_dir, template="iop-memo" if memo else None))


COMMANDS = [iop]
