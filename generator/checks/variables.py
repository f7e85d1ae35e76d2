"""Variables: every name a clause uses is declared (or is a case field), every declared one is used."""

from __future__ import annotations

import difflib
import re
from typing import Iterable

from ..assemble import FOLLOW_UP_NAMES
from ..findings import Finding
from ..library import TIME_PATTERN, Clause
from ..render import jinja_problem_sv
from .criteria import criteria_names
from .jinja_ast import TemplateSyntaxError, clause_parameter_uses, name_uses, parse_body, undeclared_names
from .names import context_names
from .problems import ERROR, WARNING, column_of, problem
from .registry import check
from .workspace import Workspace


def body_line_text(clause: Clause, line: int) -> str:
    lines = clause.body.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def template_parameter_uses(ws: Workspace) -> set[tuple[str, str]]:
    """(params key, variable) pairs the templates' conditions read, e.g. clauses.employment.mode."""
    return {use for template in ws.templates for when in template.conditions() for use in clause_parameter_uses(when)}


@check("variables", "jinja-syntax", "variable-undeclared", "variable-unused")
def check_variables(ws: Workspace) -> Iterable[Finding]:
    in_conditions = template_parameter_uses(ws)
    for clause in ws.clauses.values():
        path = str(clause.path)
        try:
            ast = parse_body(clause.body)
        except TemplateSyntaxError as exc:
            yield problem(path, clause.body_line + (exc.lineno or 1) - 1, 1, "jinja-syntax", ERROR,
                          f"Jinja-syntaxfel: {jinja_problem_sv(clause.body)}",
                          "kontrollera {{ }}, {% %} och att varje {% if %}/{% for %} avslutas")
            continue
        used = undeclared_names(ast)
        declared = set(clause.meta.variables)
        allowed = context_names(ws, clause)
        row_problems, row_names = _follow_up_rows(ws, clause, declared)
        yield from row_problems
        used |= row_names | criteria_names(clause)  # checked in checks/criteria.py
        for use in name_uses(ast, used - declared - allowed):
            close = difflib.get_close_matches(use.name, sorted(declared | allowed), n=1)
            hint = f"menade du {close[0]!r}? annars " if close else ""
            yield problem(path, clause.body_line + use.line - 1, column_of(body_line_text(clause, use.line), use.name),
                          "variable-undeclared", ERROR,
                          f"variabeln {use.name!r} används men är inte deklarerad",
                          hint + "deklarera den under variables: i front matter")
        for name in sorted(declared - used):
            if (clause.params_key, name) in in_conditions:
                continue  # a selector: read by a template's when (clauses.employment.mode), not by the text
            where_path, line = clause.locate("variables", name)
            yield problem(where_path or path, line, 1, "variable-unused", WARNING,
                          f"variabeln {name!r} deklareras men används inte i texten",
                          "ta bort den under variables: eller använd den i texten")


def _follow_up_rows(ws: Workspace, clause: Clause, declared: set[str]) -> tuple[list[Finding], set[str]]:
    """Problems in the Jinja of the clause's follow_up rows, and the names they use."""
    problems: list[Finding] = []
    used: set[str] = set()
    allowed = context_names(ws, clause, FOLLOW_UP_NAMES)
    rows = [("follow_up", index, row, ("what", "when", "evidence")) for index, row in enumerate(clause.meta.follow_up)]
    rows += [("sanctions", index, row, ("breach", "amount", "per", "cap")) for index, row in enumerate(clause.meta.sanctions)]
    for field, index, row, keys in rows:
        path, line = clause.locate(field, index)
        path = path or str(clause.path)
        for key in keys:
            try:
                ast = parse_body(getattr(row, key))
            except TemplateSyntaxError:
                problems.append(problem(path, line, 1, "jinja-syntax", ERROR,
                                        f"Jinja-syntaxfel i {field}[{index}].{key}: {jinja_problem_sv(getattr(row, key))}",
                                        "kontrollera {{ }} och {% %}"))
                continue
            names = undeclared_names(ast)
            used |= names
            for name in sorted(names - declared - allowed):
                close = difflib.get_close_matches(name, sorted(declared | allowed), n=1)
                hint = f"menade du {close[0]!r}? annars " if close else ""
                problems.append(problem(path, line, 1, "variable-undeclared", ERROR,
                                        f"variabeln {name!r} används i {field}[{index}].{key} men är inte deklarerad",
                                        hint + "deklarera den under variables: (plan, ref och provenance finns inte "
                                               "i uppföljningsraderna)"))
    return problems, used


@check("variable-types", "variable-type")
def check_variable_types(ws: Workspace) -> Iterable[Finding]:
    """A `text` variable that holds a time or a number should say so (type: time, integer, money), so a
    case value YAML misreads (12:00 as 720, 0123 as 83) is refused instead of published."""
    for clause in ws.clauses.values():
        for name, spec in clause.meta.variables.items():
            if spec.type != "text":
                continue
            default = spec.default if isinstance(spec.default, str) else ""
            if TIME_PATTERN.match(default.strip()):
                better = "time"
            elif re.fullmatch(r"\d+", default.strip()):
                better = "money" if name.endswith("_sek") else "integer"
            else:
                continue
            path, line = clause.locate("variables", name)
            yield problem(path or str(clause.path), line, 1, "variable-type", WARNING,
                          f"variabeln {name!r} har typen text men är ett {'klockslag' if better == 'time' else 'tal'}",
                          f"ange type: {better}, så att ett värde som YAML läser fel (12:00 som 720, 0123 som 83) stoppas")
