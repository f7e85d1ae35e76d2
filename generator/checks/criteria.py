"""The criteria form: every condition and qualification clause says krav, verifikat and motiv, and their
Jinja (and that of each level) uses only what the clause has."""

from __future__ import annotations

import difflib
from typing import Iterable

from ..assemble import CRITERIA_NAMES
from ..datafiles import route_ids, route_info_of
from ..errors import DocgenError
from ..findings import Finding
from ..library import Clause, check_level_defaults
from ..render import jinja_problem_sv
from .jinja_ast import TemplateSyntaxError, parse_body, ref_calls, undeclared_names
from .names import context_names
from .problems import ERROR, WARNING, from_error, problem
from .registry import check
from .workspace import Workspace

# Kinds of clause that set a requirement on the bidder or the supplier; each must carry `criteria:`
# (or `criteria: false` when the clause sets none, e.g. labour-law/not-needed). Reservation clauses are
# left out: they state the legal basis, and the qualification clause of the same route carries the krav.
CONDITION_KINDS = ("qualification", "employment", "labour-law", "social", "value-transfer")


def criteria_texts(clause: Clause) -> list[tuple[tuple, str]]:
    """(front-matter path, Jinja text) of every krav, verifikat and motiv, the clause's own and each level's."""
    texts: list[tuple[tuple, str]] = []
    if clause.meta.criteria:
        for key in ("krav", "verifikat", "motiv"):
            texts.append((("criteria", key), getattr(clause.meta.criteria, key)))
    for level, spec in clause.meta.levels.items():
        for key in ("krav", "verifikat", "motiv"):
            text = getattr(spec, key)
            if text is not None:
                texts.append((("levels", level, key), text))
    return texts


def criteria_names(clause: Clause) -> set[str]:
    """Names the criteria texts use (they count as uses of the clause's variables)."""
    used: set[str] = set()
    for _path, text in criteria_texts(clause):
        try:
            used |= undeclared_names(parse_body(text))
        except TemplateSyntaxError:
            continue
    return used


@check("criteria", "criteria-missing", "criteria-level-default", "jinja-syntax", "variable-undeclared",
       "ref-unknown", "ref-not-in-document", "criteria-when-word")
def check_criteria(ws: Workspace) -> Iterable[Finding]:

    for clause in ws.clauses.values():
        try:
            check_level_defaults(clause.meta, clause.lines)
        except DocgenError as exc:
            yield from_error("criteria-level-default", exc)
        if clause.meta.kind in CONDITION_KINDS and clause.meta.criteria is None:
            path, line = clause.locate("kind")
            yield problem(path or str(clause.path), line, 1, "criteria-missing", WARNING,
                          f"klausulen är av typen {clause.meta.kind} men saknar criteria (krav, verifikat, when, motiv)",
                          "lägg till criteria: i front matter, eller criteria: false om klausulen inte ställer något krav")
        yield from _proof_time_words(clause)
        declared = set(clause.meta.variables)
        allowed = context_names(ws, clause, CRITERIA_NAMES)
        for key_path, text in criteria_texts(clause):
            path, line = clause.locate(*key_path)
            path = path or str(clause.path)
            label = ".".join(key_path)
            try:
                names = undeclared_names(parse_body(text))
            except TemplateSyntaxError:
                yield problem(path, line, 1, "jinja-syntax", ERROR, f"Jinja-syntaxfel i {label}: {jinja_problem_sv(text)}",
                              "kontrollera {{ }} och {% %}")
                continue
            yield from _references(ws, clause, text, path, line, label)
            for name in sorted(names - declared - allowed):
                close = difflib.get_close_matches(name, sorted(declared | allowed), n=1)
                hint = f"menade du {close[0]!r}? annars " if close else ""
                yield problem(path, line, 1, "variable-undeclared", ERROR,
                              f"variabeln {name!r} används i {label} men är inte deklarerad",
                              hint + "deklarera den under variables: (plan och provenance finns inte i kriterierna)")


def _references(ws: Workspace, clause: Clause, text: str, path: str, line: int, label: str) -> Iterable[Finding]:
    """ref() in a criteria text points into the same document as the clause (it is shown in the tender and,
    with the tender's numbers, in Motiv till ställda krav)."""
    for call in ref_calls(parse_body(text)):
        if call.target is None:
            continue
        if call.target not in ws.clauses:
            yield problem(path, line, 1, "ref-unknown", ERROR,
                          f"hänvisningen ref({call.target!r}) i {label} pekar på en klausul som inte finns",
                          "rätta klausul-id:t")
            continue
        for template in ws.templates_with(clause.id):
            if call.target not in template.clause_ids():
                yield problem(path, line, 1, "ref-not-in-document", ERROR,
                              f"hänvisningen ref({call.target!r}) i {label} pekar på en klausul som inte ingår i "
                              f"samma dokument (mallen {template.path})",
                              "ta med klausulen i mallen eller ändra hänvisningen")


def _proof_time_words(clause: Clause) -> Iterable[Finding]:
    """A valfrihetssystem has applications, not tenders: a clause only for lov-2a says `when: ansökan`,
    and a clause for LOU routes says `anbud` (the printed words are "med ansökan" / "med anbudet")."""
    applying = {rid for rid in route_ids() if route_info_of(rid)["submission"] == "ansökan"}  # routes.yaml
    routes = set(route_ids()) if "all" in clause.meta.routes else set(clause.meta.routes)
    where = ", ".join(sorted(applying))
    forms = [(("criteria", "when"), clause.meta.criteria.when)] if clause.meta.criteria else []
    forms += [(("levels", level, "when"), spec.when) for level, spec in clause.meta.levels.items() if spec.when]
    for key_path, when in forms:
        path, line = clause.locate(*key_path)
        if routes <= applying and "anbud" in when:
            yield problem(path or str(clause.path), line, 1, "criteria-when-word", ERROR,
                          f"klausulen gäller bara valfrihetssystem ({where}) men säger when: anbud",
                          "skriv when: [ansökan]; i LOV lämnar leverantören en ansökan, inte ett anbud")
        if "ansökan" in when and not routes <= applying:
            yield problem(path or str(clause.path), line, 1, "criteria-when-word", ERROR,
                          f"when: ansökan används bara i valfrihetssystem (routes: [{where}])",
                          "skriv when: [anbud] för en upphandling enligt LOU")
