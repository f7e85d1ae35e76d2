"""Form fields for clause variables: the clauses the document template would pick, their front matter.

Nothing here knows a clause: the template's ``when`` conditions are evaluated on what the form holds so
far, and each picked clause's ``variables`` (type, required, default, description, choices) become
controls named ``clauses.<params key>.<variable>`` — the same keys the case file uses.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import DocgenError
from ..library import LEVELS, Clause, Library, VariableSpec, coerce
from ..plan import Node as TemplateNode
from ..plan import load_template, walk_template
from ..render import evaluate_condition
from ..values import LEVEL_KEY, MOTIV_KEY
from .formdata import _MISSING, convert, value_at
from .schema import Input, field_name

WIDGETS = {"text": "text", "integer": "integer", "money": "integer", "percent": "number", "date": "date",
           "cpv": "text", "time": "text", "choice": "select", "bool": "checkbox", "list": "lines"}
UNITS = {"money": "kronor", "percent": "procent"}


@dataclass
class ClauseGroup:
    """The controls of one params key (usually one clause).

    ``optional`` groups are clauses the template takes in only when the case names their params key
    (``when: "'equality' in clauses"``): the form shows a checkbox for them, and their controls when ticked.
    """

    key: str
    title: str
    clause_ids: list[str]
    inputs: list[Input] = field(default_factory=list)
    specs: dict[str, VariableSpec] = field(default_factory=dict)
    optional: bool = False
    on: bool = True

    @property
    def include_name(self) -> str:
        return include_name(self.key)

    @property
    def include_id(self) -> str:
        return "f-include-" + re.sub(r"[^A-Za-z0-9_-]", "-", self.key)


def include_name(key: str) -> str:
    return "include." + field_name((key,))


def template_entries(template: str, library: Library, templates: Path | None = None) -> list[tuple[Clause, list[str]]]:
    """Every clause the template can pick, with the ``when`` conditions on its way (its own and its headings')."""
    spec, _path = load_template(template, templates)
    return [(library.clauses[e.clause], list(e.whens)) for e in walk_template(spec) if e.clause in library.clauses]


def optional_keys(entries: list[tuple[Clause, list[str]]]) -> dict[str, list[Clause]]:
    """Params keys switched on by the case itself (a condition on ``clauses``), with their clauses."""
    out: dict[str, list[Clause]] = {}
    for clause, whens in entries:
        if any(re.search(r"\bclauses\b", w) for w in whens):
            out.setdefault(clause.params_key, []).append(clause)
    return out


def picked_clauses(template: str, context: dict[str, Any], library: Library, templates: Path | None = None) -> list[Clause]:
    """Clauses the template picks for ``context``; a condition that cannot be decided yet counts as true."""
    spec, path = load_template(template, templates)

    def applies(node: TemplateNode) -> bool:
        if node.when is None:
            return True
        try:
            return evaluate_condition(node.when, context, str(path))
        except DocgenError:
            return True

    return [library.clauses[e.clause] for e in walk_template(spec, applies) if e.clause in library.clauses]


def _control(key: str, name: str, spec: VariableSpec) -> Input:
    label = spec.label or spec.description
    help_text = spec.description if spec.label else None
    unit = UNITS.get(spec.type)
    if unit and unit not in label.lower():
        label = f"{label} ({unit})"
    choices = [(str(c), str(c)) for c in spec.choices or []]
    return Input(("clauses", key, name), label, WIDGETS[spec.type], spec.required, help_text, choices, spec.default)


# The level of a condition with levels (clauses.<key>.level); empty = the case's criteria_level, else bas.
LEVEL_SPEC = VariableSpec(type="choice", choices=list(LEVELS), label="Kravnivå",
                          description="bas, avancerad eller spjutspets; tomt = ärendets kravnivå (criteria_level) eller bas")


# The buyer's own motiv (clauses.<key>.motiv): internal, added to "Motiv till ställda krav".
MOTIV_SPEC = VariableSpec(type="text", label="Motiv i denna upphandling (internt)",
                          description="Varför kravet ställs just här; läggs till bibliotekets motiv i Motiv till "
                                      "ställda krav och visas inte för anbudsgivarna")


def _with_levels(clause: Clause, name: str, spec: VariableSpec) -> VariableSpec:
    """A variable a level gives a default is not prefilled with the variable's own default (that would
    override the level) and is not required when every level gives it."""
    if not any(name in level.defaults for level in clause.meta.levels.values()):
        return spec
    return spec.model_copy(update={"default": None, "required": spec.required and not clause.meta.filled_by_levels(name)})


def _title(clauses: list[Clause]) -> str:
    titles = [c.meta.title for c in clauses]
    if len(titles) == 1:
        return titles[0]
    common = os.path.commonprefix(titles).rstrip(" –-,:(")
    return common if len(common) >= 8 else titles[0]


def clause_groups(clauses: list[Clause], optional: dict[str, list[Clause]] | None = None,
                  opted: set[str] | None = None) -> list[ClauseGroup]:
    """Groups for the picked clauses; an optional key, when ticked, shows the variables of all its clauses
    (so e.g. a ``mode`` choice can switch between them), required only where a picked clause requires them."""
    optional, opted = optional or {}, opted or set()
    groups: dict[str, ClauseGroup] = {}
    for clause in clauses:
        if clause.params_key in optional and clause.params_key not in opted:
            continue
        if not clause.meta.variables and clause.params_key not in optional:
            continue
        group = groups.setdefault(clause.params_key, ClauseGroup(clause.params_key, clause.meta.title, []))
        group.clause_ids.append(clause.id)
        for name, spec in clause.meta.variables.items():
            group.specs.setdefault(name, _with_levels(clause, name, spec))
    for key, members in optional.items():
        group = groups.setdefault(key, ClauseGroup(key, _title(members), []))
        group.title = _title(members)
        group.optional, group.on = True, key in opted
        if not group.on:
            continue
        for clause in members:
            for name, spec in clause.meta.variables.items():
                if name not in group.specs:
                    group.specs[name] = spec.model_copy(update={"required": False})
                elif spec.type == "choice" and group.specs[name].type == "choice":
                    union = list(dict.fromkeys([*(group.specs[name].choices or []), *(spec.choices or [])]))
                    group.specs[name] = group.specs[name].model_copy(update={"choices": union})
    for clause in [*clauses, *(m for members in optional.values() for m in members)]:
        group = groups.get(clause.params_key)
        if group is not None and clause.meta.levels and LEVEL_KEY not in group.specs:
            group.specs[LEVEL_KEY] = LEVEL_SPEC
        if group is not None and clause.meta.criteria and MOTIV_KEY not in group.specs:
            group.specs[MOTIV_KEY] = MOTIV_SPEC
    ordered = [g for g in groups.values()]
    for group in ordered:
        group.inputs = [_control(group.key, name, spec) for name, spec in group.specs.items()] if group.on else []
    return [g for g in ordered if g.inputs or g.optional]


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
