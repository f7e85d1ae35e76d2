"""`docgen check`: lint the clause library, the document templates and the samples, reporting every problem.

Each check is a small function registered in ``registry.CHECKS`` with the codes it may report.
"""

from __future__ import annotations

from pathlib import Path

from ..findings import Finding
from . import consistency, criteria, data, legal, markdown, references, review, samples, terms, variables  # noqa: F401 - registers the checks
from .jinja_ast import save_facts
from .problems import ERROR, INFO, WARNING, as_json, promote, sort_key
from .registry import CHECKS
from .workspace import Workspace, load_workspace


def run_checks(clauses_dir: Path, templates_dir: Path, samples_dir: Path | None, *, with_samples: bool = True,
               strict: bool = False) -> list[Finding]:
    ws = load_workspace(clauses_dir, templates_dir, samples_dir)
    problems = list(ws.problems)
    for registered in CHECKS:
        if registered.slow and not with_samples:
            continue
        if registered.slow and (ws.broken_clause_files or any(p.severity == ERROR for p in problems)):
            continue  # rendering a library that does not load only repeats the errors above
        problems.extend(registered.function(ws))
    save_facts()   # what the lint learnt of each clause text, for the next run
    unique = list(dict.fromkeys(problems))
    return sorted(promote(unique, strict), key=sort_key)


__all__ = ["CHECKS", "ERROR", "INFO", "WARNING", "Finding", "Workspace", "as_json", "run_checks"]
