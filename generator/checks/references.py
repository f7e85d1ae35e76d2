"""Cross-references and templates: ref() targets exist and are in the same document; templates name real clauses."""

from __future__ import annotations

import difflib
from typing import Iterable

from ..findings import Finding
from .jinja_ast import TemplateSyntaxError, parse_body, ref_calls
from .problems import ERROR, WARNING, column_of, file_and_line, problem
from .registry import check
from .variables import body_line_text
from .workspace import Workspace


@check("references", "ref-unknown", "ref-not-in-document", "ref-dynamic")
def check_references(ws: Workspace) -> Iterable[Finding]:
    for clause in ws.clauses.values():
        try:
            ast = parse_body(clause.body)
        except TemplateSyntaxError:
            continue  # reported by the variables check
        path = str(clause.path)
        templates = ws.templates_with(clause.id)
        for call in ref_calls(ast):
            line = clause.body_line + call.line - 1
            text = body_line_text(clause, call.line)
            if call.target is None:
                yield problem(path, line, column_of(text, "ref("), "ref-dynamic", WARNING,
                              "ref() anropas med något annat än ett klausul-id inom citattecken",
                              'skriv ref("familj/namn") så att hänvisningen kan kontrolleras')
                continue
            col = column_of(text, call.target)
            if call.target not in ws.clauses:
                close = difflib.get_close_matches(call.target, list(ws.clauses), n=1)
                yield problem(path, line, col, "ref-unknown", ERROR,
                              f"hänvisningen ref({call.target!r}) pekar på en klausul som inte finns",
                              f"menade du {close[0]!r}?" if close else "rätta klausul-id:t")
                continue
            for template in templates:
                if call.target not in template.clause_ids():
                    yield problem(path, line, col, "ref-not-in-document", ERROR,
                                  f"hänvisningen ref({call.target!r}) pekar på en klausul som inte ingår i "
                                  f"samma dokument (mallen {template.path})",
                                  "ta med klausulen i mallen eller ändra hänvisningen")


@check("templates", "template-unknown-clause", "template-duplicate-clause", "clause-unused")
def check_templates(ws: Workspace) -> Iterable[Finding]:
    used: set[str] = set()
    for template in ws.templates:
        seen: set[str] = set()
        for entry in template.entries:
            path, line = file_and_line(template.where(entry.key))
            used.add(entry.clause_id)
            if entry.clause_id not in ws.clauses:
                close = difflib.get_close_matches(entry.clause_id, list(ws.clauses), n=1)
                yield problem(path, line, 1, "template-unknown-clause", ERROR,
                              f"mallen tar med klausulen {entry.clause_id!r} som inte finns",
                              f"menade du {close[0]!r}?" if close else "rätta klausul-id:t")
            if entry.clause_id in seen:
                yield problem(path, line, 1, "template-duplicate-clause", WARNING,
                              f"klausulen {entry.clause_id!r} står flera gånger i mallen",
                              "den får bara förekomma en gång i ett dokument; kontrollera villkoren (when)")
            seen.add(entry.clause_id)
    if not ws.templates:
        return
    for clause in ws.clauses.values():
        if clause.id not in used:
            path, line = clause.locate("id")
            yield problem(path, line, 1, "clause-unused", WARNING,
                          f"klausulen {clause.id!r} ingår inte i någon dokumentmall",
                          "ta med den i en mall under templates/ eller ta bort den")
