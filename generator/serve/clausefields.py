"""Form fields for clause variables: the clauses the document template would pick, their front matter.

Nothing here knows a clause: the template's ``when`` conditions are evaluated on what the form holds so
far, and each picked clause's ``variables`` (type, required, default, description, choices) become
controls named ``clauses.<params key>.<variable>`` — the same keys the case file uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import DocgenError
from ..library import Clause, Library, VariableSpec, coerce
from ..plan import Node as TemplateNode
from ..plan import load_template
from ..render import evaluate_condition
from .formdata import _MISSING, convert, value_at
from .schema import Input

WIDGETS = {"text": "text", "integer": "integer", "money": "integer", "percent": "number", "date": "date",
           "cpv": "text", "choice": "select", "bool": "checkbox", "list": "lines"}
UNITS = {"money": "kronor", "percent": "procent"}


@dataclass
class ClauseGroup:
    """The controls of one params key (usually one clause)."""

    key: str
    title: str
    clause_ids: list[str]
    inputs: list[Input] = field(default_factory=list)
    specs: dict[str, VariableSpec] = field(default_factory=dict)


def picked_clauses(template: str, context: dict[str, Any], library: Library, templates: Path | None = None) -> list[Clause]:
    """Clauses the template picks for ``context``; a condition that cannot be decided yet counts as true."""
    spec, path = load_template(template, templates)
    out: list[Clause] = []

    def applies(node: TemplateNode) -> bool:
        if node.when is None:
            return True
        try:
            return evaluate_condition(node.when, context, str(path))
        except DocgenError:
            return True

    def walk(nodes: list[TemplateNode]) -> None:
        for node in nodes:
            if not applies(node):
                continue
            if node.clause and node.clause in library.clauses:
                out.append(library.clauses[node.clause])
            walk(node.children)

    walk(spec.body)
    walk(spec.appendices)
    return out


def clause_groups(clauses: list[Clause]) -> list[ClauseGroup]:
    groups: dict[str, ClauseGroup] = {}
    for clause in clauses:
        if not clause.meta.variables:
            continue
        group = groups.setdefault(clause.params_key, ClauseGroup(clause.params_key, clause.meta.title, []))
        group.clause_ids.append(clause.id)
        for name, spec in clause.meta.variables.items():
            if name in group.specs:
                continue
            group.specs[name] = spec
            label = spec.label or spec.description
            help_text = spec.description if spec.label else None
            unit = UNITS.get(spec.type)
            if unit and unit not in label.lower():
                label = f"{label} ({unit})"
            choices = [(str(c), str(c)) for c in spec.choices or []]
            group.inputs.append(Input(("clauses", clause.params_key, name), label, WIDGETS[spec.type],
                                      spec.required, help_text, choices, spec.default))
    return list(groups.values())


def collect_clause_values(groups: list[ClauseGroup], form: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for group in groups:
        values = {}
        for control in group.inputs:
            value = convert(control.widget, form.get(control.name))
            if value is not _MISSING:
                values[control.path[-1]] = value
        if values:
            out[group.key] = values
    return out


def check_clause_values(groups: list[ClauseGroup], data: dict[str, Any]) -> dict[str, str]:
    """Swedish error per control name for values the clause's declared type refuses, or that are missing."""
    errors: dict[str, str] = {}
    for group in groups:
        for control in group.inputs:
            spec = group.specs[str(control.path[-1])]
            value = value_at(data, control.path)
            if value is None:
                if spec.required:
                    errors[control.name] = "måste fyllas i (klausulen kräver uppgiften)"
                continue
            try:
                coerce(spec, value)
            except ValueError as exc:
                errors[control.name] = f"{exc} (värde: {value!r})"
    return errors
