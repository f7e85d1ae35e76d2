"""What a check reports: a problem with a place, a code and a severity."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass

from ..errors import DocgenError, Place

ERROR = "error"
WARNING = "warning"
# A lawyer's worklist (front matter review:): reported, never an error, and --strict leaves it as it is.
INFO = "info"
SEVERITY_WORDS = {ERROR: "fel", WARNING: "varning", INFO: "att granska"}



@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    col: int
    code: str
    severity: str
    message: str
    hint: str = ""

    def one_line(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {SEVERITY_WORDS[self.severity]}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split())


def file_and_line(where: str | None) -> tuple[str, int]:
    """An error's place as (file, line): read from a ``Place``; any other text (a key path) is line 1."""
    if not where:
        return "", 1
    if isinstance(where, Place):
        return where.path, where.line or 1
    return where, 1


def from_error(code: str, error: DocgenError, severity: str = ERROR, prefix: str = "") -> Problem:
    path, line = file_and_line(error.where)
    return Problem(path, line, 1, code, severity, prefix + error.message, error.hint or "")


def column_of(text_line: str, needle: str) -> int:
    """1-based column of ``needle`` in a line (as a whole word when possible), else 1."""
    match = re.search(rf"(?<![\w.]){re.escape(needle)}(?!\w)", text_line) or re.search(re.escape(needle), text_line)
    return match.start() + 1 if match else 1


def promote(problems: list[Problem], strict: bool) -> list[Problem]:
    """``--strict``: every warning counts as an error (the review worklist, INFO, stays as it is)."""
    if not strict:
        return problems
    return [Problem(**{**asdict(p), "severity": ERROR}) if p.severity == WARNING else p for p in problems]


def sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.col, problem.code, problem.message)


def as_json(problems: list[Problem]) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    review = sum(p.severity == INFO for p in problems)
    payload = {"errors": errors, "warnings": len(problems) - errors - review, "review": review,
               "problems": [asdict(p) for p in problems]}
    return json.dumps(payload, ensure_ascii=False, indent=2)

