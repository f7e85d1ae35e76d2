"""The lawyer's worklist: every entry under a clause's front matter ``review:`` — a
paragraph or fact its author could not confirm against a source — is reported with its file:line.

Severity INFO ("att granska"): listed by `docgen check` (text and JSON), never an error, and --strict
does not promote it, so a library with open review points still passes --strict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..datafiles import read
from ..findings import Finding
from ..resources import data_file, resource_dir
from ..yamlfile import parse_yaml, read_text_file
from .problems import INFO, problem
from .registry import check
from .workspace import Workspace


@check("review", "review")
def check_review(ws: Workspace) -> Iterable[Finding]:
    for clause in sorted(ws.clauses.values(), key=lambda c: c.id):
        for index, entry in enumerate(clause.meta.review):
            path, line = clause.locate("review", index)
            yield problem(path or str(clause.path), line, 1, "review", INFO, f"{clause.id}: {entry}",
                          "kontrollera mot lagtexten och ta bort punkten ur review: när den är bekräftad")


@check("review", "review")
def check_register_review(ws: Workspace) -> Iterable[Finding]:
    """The same worklist for the register of legal changes (data/legal_changes.yaml): what an entry's
    author could not confirm against a source. Listed with the bundled library (a user's own library
    is checked for its own clauses)."""
    if Path(ws.clauses_dir).resolve() != resource_dir("clauses").resolve():
        return
    path = data_file("legal_changes.yaml")
    read("legal_changes.yaml")   # invalid: reported by the data check, not here
    data, lines = parse_yaml(read_text_file(path, "datafilen"), str(path))
    for index, entry in enumerate(data.get("changes") or []):
        for point, text in enumerate(entry.get("review") or []):
            place = lines.where(("changes", index, "review", point))
            yield problem(getattr(place, "path", str(path)), getattr(place, "line", None) or 1, 1, "review", INFO,
                          f"legal_changes.yaml: {entry.get('act')}: {text}",
                          "kontrollera mot källan och ta bort punkten ur review: när den är bekräftad")
