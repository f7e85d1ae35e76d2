"""What `docgen check` reports: findings (findings.Finding) with a file, line, column, code and severity."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from ..errors import DocgenError, Place
from ..findings import ERROR, INFO, SEVERITY_WORDS, WARNING, Finding

__all__ = ["ERROR", "INFO", "SEVERITY_WORDS", "WARNING", "as_json", "column_of", "file_and_line", "from_error",
           "problem", "promote", "sort_key"]


def problem(path: str, line: int, col: int, code: str, severity: str, message: str, hint: str = "") -> Finding:
    """A finding of `docgen check`: in file ``path`` at ``line`` and ``col``."""
    return Finding(severity, code, message, hint, str(path), line, (), col)


def file_and_line(where: str | None) -> tuple[str, int]:
    """An error's place as (file, line): read from a ``Place``; any other text (a key path) is line 1."""
    if not where:
        return "", 1
    if isinstance(where, Place):
        return where.path, where.line or 1
    return where, 1


def from_error(code: str, error: DocgenError, severity: str = ERROR, prefix: str = "") -> Finding:
    path, line = file_and_line(error.where)
    return Finding(severity, code, prefix + error.message, error.hint or "", path, line, error.key)


def column_of(text_line: str, needle: str) -> int:
    """1-based column of ``needle`` in a line (as a whole word when possible), else 1."""
    match = re.search(rf"(?<![\w.]){re.escape(needle)}(?!\w)", text_line) or re.search(re.escape(needle), text_line)
    return match.start() + 1 if match else 1


def promote(problems: list[Finding], strict: bool) -> list[Finding]:
    """``--strict``: every warning counts as an error (the review worklist, INFO, stays as it is)."""
    if not strict:
        return problems
    return [replace(p, severity=ERROR) if p.severity == WARNING else p for p in problems]


def sort_key(problem: Finding) -> tuple:
    return (problem.file, problem.line or 1, problem.col, problem.code, problem.message)


def as_json(problems: list[Finding]) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    review = sum(p.severity == INFO for p in problems)
    payload = {"errors": errors, "warnings": len(problems) - errors - review, "review": review,
               "problems": [{"path": p.file, "line": p.line or 1, "col": p.col, "code": p.code, "severity": p.severity,
                             "message": p.message, "hint": p.hint} for p in problems]}
    return json.dumps(payload, ensure_ascii=False, indent=2)
