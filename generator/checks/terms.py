"""Defined terms: clauses of kind `definition` (the title is the term, the body its definition).

A capitalised defined term used in a document must have its definition in that document, and a
definition that a document includes must be used in it.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..findings import Finding
from ..library import Clause
from .markdown import without_jinja
from .problems import ERROR, WARNING, problem
from .registry import check
from .workspace import Workspace


def term_of(clause: Clause) -> str:
    return " ".join(clause.meta.title.split())


def term_pattern(term: str) -> re.Pattern:
    """The term as written, capitalised, at a word start; inflected endings allowed (Leverantören → Leverantörens)."""
    words = [re.escape(w) for w in term.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(words))


def definitions(ws: Workspace) -> dict[str, Clause]:
    return {c.id: c for c in ws.clauses.values() if c.meta.kind == "definition"}


def first_use(clause: Clause, pattern: re.Pattern) -> tuple[int, int] | None:
    """(file line, column) of the first use of a term in a clause body, else None."""
    original = clause.body.splitlines()
    for index, line in enumerate(without_jinja(clause.body).splitlines()):
        match = pattern.search(line)
        if match:
            in_original = pattern.search(original[index]) if index < len(original) else None
            return clause.body_line + index, (in_original or match).start() + 1
    return None


@check("terms", "term-undefined", "term-unused", "term-form", "term-duplicate")
def check_terms(ws: Workspace) -> Iterable[Finding]:
    defs = definitions(ws)
    by_term: dict[str, Clause] = {}
    for clause in defs.values():
        term = term_of(clause)
        path, line = clause.locate("title")
        if not term[:1].isupper():
            yield problem(path, line, 1, "term-form", ERROR, f"den definierade termen {term!r} ska börja med stor bokstav",
                          "skriv termen som den används i texten, t.ex. Leverantören")
        if term in by_term:
            yield problem(path, line, 1, "term-duplicate", ERROR,
                          f"termen {term!r} definieras redan i {by_term[term].path}", "behåll en definition")
        by_term.setdefault(term, clause)
    if not defs:
        return
    patterns = {cid: term_pattern(term_of(c)) for cid, c in defs.items()}
    for template in ws.templates:
        ids = [i for i in dict.fromkeys(e.clause_id for e in template.entries) if i in ws.clauses]
        texts = [ws.clauses[i] for i in ids if i not in defs]
        for clause in texts:
            for def_id, pattern in patterns.items():
                if def_id in ids:
                    continue
                use = first_use(clause, pattern)
                if use:
                    yield problem(str(clause.path), use[0], use[1], "term-undefined", ERROR,
                                  f"termen {term_of(defs[def_id])!r} används men definieras inte i dokumentet "
                                  f"(mallen {template.path})",
                                  f"ta med {def_id} i mallen eller skriv termen med liten bokstav")
        for def_id in ids:
            if def_id in defs and not any(first_use(c, patterns[def_id]) for c in texts):
                path, line = defs[def_id].locate("title")
                yield problem(path, line, 1, "term-unused", WARNING,
                              f"termen {term_of(defs[def_id])!r} definieras men används inte i dokumentet "
                              f"(mallen {template.path})", "ta bort definitionen ur mallen")
