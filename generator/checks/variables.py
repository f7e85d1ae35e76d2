"""Variables: every name a clause uses is declared (or is a case field), every declared one is used."""

from __future__ import annotations

import difflib
from typing import Iterable

from ..assemble import CONTEXT_NAMES
from ..case import MODELS
from ..library import Clause
from ..render import ENV
from .jinja_ast import TemplateSyntaxError, name_uses, parse_body, undeclared_names
from .problems import ERROR, WARNING, Problem, column_of, split_where
from .registry import check
from .workspace import Workspace


def context_names(ws: Workspace, clause: Clause) -> set[str]:
    """Names the clause gets without declaring them: the case model's fields for each document it is in.

    A clause in several documents must work in all of them (intersection); a clause in none is
    judged against every known document kind (union).
    """
    kinds = {t.spec.document for t in ws.templates_with(clause.id)}
    fields = [set(MODELS[k].model_fields) for k in sorted(kinds) if k in MODELS]
    if fields:
        names = set.intersection(*fields)
    else:
        names = set().union(*(set(m.model_fields) for m in MODELS.values()))
    return names | set(CONTEXT_NAMES) | set(ENV.globals)


def body_line_text(clause: Clause, line: int) -> str:
    lines = clause.body.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


@check("variables", "jinja-syntax", "variable-undeclared", "variable-unused")
def check_variables(ws: Workspace) -> Iterable[Problem]:
    for clause in ws.clauses.values():
        path = str(clause.path)
        try:
            ast = parse_body(clause.body)
        except TemplateSyntaxError as exc:
            yield Problem(path, clause.body_line + (exc.lineno or 1) - 1, 1, "jinja-syntax", ERROR,
                          f"Jinja-syntaxfel: {exc.message}",
                          "kontrollera {{ }}, {% %} och att varje {% if %}/{% for %} avslutas")
            continue
        used = undeclared_names(ast)
        declared = set(clause.meta.variables)
        allowed = context_names(ws, clause)
        for use in name_uses(ast, used - declared - allowed):
            close = difflib.get_close_matches(use.name, sorted(declared | allowed), n=1)
            hint = f"menade du {close[0]!r}? annars " if close else ""
            yield Problem(path, clause.body_line + use.line - 1, column_of(body_line_text(clause, use.line), use.name),
                          "variable-undeclared", ERROR,
                          f"variabeln {use.name!r} används men är inte deklarerad",
                          hint + "deklarera den under variables: i front matter")
        for name in sorted(declared - used):
            where_path, line = split_where(clause.where_key("variables", name))
            yield Problem(where_path or path, line, 1, "variable-unused", WARNING,
                          f"variabeln {name!r} deklareras men används inte i texten",
                          "ta bort den under variables: eller använd den i texten")
