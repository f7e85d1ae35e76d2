"""The lawyer's worklist: every entry under a clause's front matter ``review:`` — a
paragraph or fact its author could not confirm against a source — is reported with its file:line.

Severity INFO ("att granska"): listed by `docgen check` (text and JSON), never an error, and --strict
does not promote it, so a library with open review points still passes --strict.
"""

from __future__ import annotations

from typing import Iterable

from ..findings import Finding
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
