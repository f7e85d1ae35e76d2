"""What the case says about each clause of a plan: the level it is used at (``clauses.<key>.level``, else
the case-wide ``criteria_level``, else the first level, ``bas``), the buyer's own motiv, and its
variables' values — the one place that decides a value: the case's (``clauses.<key>.<name>``), else the level's default, else the variable's
default. ``assemble`` renders with a ``Valued`` plan; ``Build.missing`` lists what the case leaves to a
default or does not give at all (``gaps``), without refusing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import DocgenError
from .findings import Finding
from .library import LEVELS, Clause, Library, coerce
from .plan import Plan
from .yamlfile import as_written

LEVEL_KEY = "level"  # the key under clauses.<key> that chooses a level; not a clause variable
MOTIV_KEY = "motiv"  # the buyer's own reasons for this procurement, added to the library's motiv
CRITERIA_KEYS = (LEVEL_KEY, MOTIV_KEY)  # keys under clauses.<key> that belong to the criteria form


def case_motiv(params_key: str, loaded: Any) -> str | None:
    """``clauses.<key>.motiv``: why this procurement sets the requirement, in the buyer's words. It goes
    to the internal "Motiv till ställda krav" after the library's motiv, never to the bidders."""
    supplied = loaded.model.clauses.get(params_key) or {}
    text = supplied.get(MOTIV_KEY) if isinstance(supplied, dict) else None
    if text is None:
        return None
    if not isinstance(text, str) or not text.strip():
        raise DocgenError(f"clauses.{params_key}.motiv ska vara en text", where=loaded.lines.where(
            ("clauses", params_key, MOTIV_KEY)), hint="skriv varför kravet ställs i just denna upphandling")
    return text.strip()


def chosen_level(clause: Clause, loaded: Any) -> str | None:
    """The level the case uses this clause at (None for a clause without levels).

    An unknown level, or a level chosen explicitly for a clause that has none, is refused with the
    place in the case file: a buyer who asks for a stricter level must not silently get another text.
    """
    supplied = loaded.model.clauses.get(clause.params_key) or {}
    explicit = supplied.get(LEVEL_KEY) if isinstance(supplied, dict) else None
    where = loaded.lines.where(("clauses", clause.params_key, LEVEL_KEY))
    if explicit is not None and explicit not in LEVELS:
        raise DocgenError(f"clauses.{clause.params_key}.level: okänd nivå {explicit!r}", where=where,
                          hint="tillåtna nivåer: " + ", ".join(LEVELS))
    if not clause.meta.levels:
        if explicit is not None:
            raise DocgenError(f"clauses.{clause.params_key}.level: klausulen {clause.id} har inga nivåer", where=where,
                              command_hint="ta bort level (nivåer finns för: se docgen clauses list, kolumnen NIVÅER)")
        return None
    case_wide = getattr(loaded.model, "criteria_level", None)
    return explicit or case_wide or LEVELS[0]


def level_defaults(clause: Clause, level: str | None) -> dict[str, Any]:
    """The variable defaults the level sets (they win over the variables' own defaults, not over the case)."""
    if level is None or level not in clause.meta.levels:
        return {}
    return dict(clause.meta.levels[level].defaults)


@dataclass(frozen=True)
class Valued:
    """A plan with each clause's level (``levels``), its variables' values (``values``) and, for a clause
    with a criteria form at its level, the buyer's own motiv (``motiv``: ``clauses.<key>.motiv`` or None),
    by clause id."""

    plan: Plan
    levels: dict[str, str | None]
    values: dict[str, dict[str, Any]]
    motiv: dict[str, str | None]


@dataclass(frozen=True)
class Gap:
    """A clause variable the case does not give: ``default`` (``value`` is used) or ``missing`` (required)."""

    path: tuple[str, ...]
    clause: Clause
    status: str
    value: Any = None


def value_plan(plan: Plan, loaded: Any) -> Valued:
    """The plan's clauses valued for the case; refuses a clause not yet in force on the document's date
    and a value the case does not give where the clause requires one."""
    check_clauses_in_force(plan, loaded.model.date)
    levels = {clause.id: chosen_level(clause, loaded) for clause in plan.clauses()}
    values = {clause.id: clause_values(clause, loaded, levels[clause.id]) for clause in plan.clauses()}
    motiv = {clause.id: case_motiv(clause.params_key, loaded) for clause in plan.clauses()
             if clause.meta.criteria_at(levels[clause.id]) is not None}
    return Valued(plan, levels, values, motiv)


def _supplied(clause: Clause, loaded: Any) -> dict[str, Any]:
    return loaded.model.clauses.get(clause.params_key, {}) or {}


def gaps(clause: Clause, loaded: Any) -> list[Gap]:
    """Every variable of ``clause`` the case does not give, in declaration order: ``default`` where the
    level's or the variable's default is used, ``missing`` where the value is required and has none."""
    supplied = _supplied(clause, loaded)
    by_level = level_defaults(clause, chosen_level(clause, loaded))
    out = []
    for name, spec in clause.meta.variables.items():
        path = ("clauses", clause.params_key, name)
        if name in supplied:
            continue
        if name in by_level:
            out.append(Gap(path, clause, "default", by_level[name]))
        elif spec.default is not None:
            out.append(Gap(path, clause, "default", spec.default))
        elif spec.required:
            out.append(Gap(path, clause, "missing"))
    return out


def clause_values(clause: Clause, loaded: Any, level: str | None = None) -> dict[str, Any]:
    """The clause's variables: the case's value, else the level's default, else the variable's default."""
    supplied = _supplied(clause, loaded)
    by_level = level_defaults(clause, level)
    values: dict[str, Any] = {}
    for name, spec in clause.meta.variables.items():
        key_path = ("clauses", clause.params_key, name)
        if name in supplied:
            written = loaded.lines.written(key_path)
            try:
                values[name] = coerce(spec, supplied[name], written)
            except ValueError as exc:
                shown = "" if written is not None and written in str(exc) else f" (värde: {as_written(loaded.lines, key_path, supplied[name])})"
                raise DocgenError(
                    f"clauses.{clause.params_key}.{name} {exc}{shown} (variabeln deklareras i klausulen {clause.id})",
                    where=loaded.lines.where(key_path)) from None
        elif name in by_level:
            values[name] = coerce(spec, by_level[name])
        elif spec.default is not None:
            values[name] = coerce(spec, spec.default, clause.lines.written(("variables", name, "default")))
        elif spec.required:
            raise DocgenError(
                f"variabeln {name!r} krävs av klausulen {clause.id}"
                + ("" if clause.bundled else f" ({clause.where_key('variables', name)})") + " men saknas i ärendefilen",
                where=loaded.lines.where(("clauses", clause.params_key)),
                hint=f"ange clauses: {{{clause.params_key}: {{{name}: …}}}} i {loaded.source}",
                key=("clauses", clause.params_key, name), missing=True)
        else:
            values[name] = None
    return values


def check_supplied_keys(loaded: Any, library: Library, plan: Plan, findings: list[Finding]) -> None:
    """Every key under ``clauses:`` must name a clause (or params group) and a declared variable; a key
    for a clause the document does not use is a finding."""
    groups: dict[str, set[str]] = {}
    with_criteria: set[str] = set()
    for clause in library:
        groups.setdefault(clause.params_key, set()).update(clause.meta.variables)
        if clause.meta.criteria:
            with_criteria.add(clause.params_key)
    used = {c.params_key for c in plan.clauses()}
    for key, supplied in loaded.model.clauses.items():
        where = loaded.lines.where(("clauses", key))
        if key not in groups:
            close = difflib.get_close_matches(key, list(groups), n=1)
            raise DocgenError(f"okänd klausul eller grupp clauses.{key}", where=where,
                              hint=f"menade du {close[0]!r}?" if close else None,
                              command_hint=None if close else "se docgen clauses list")
        if not isinstance(supplied, dict):
            raise DocgenError(f"clauses.{key} ska ha klausulens variabler under sig (variabel: värde), inte ett enskilt värde", where=where)
        if MOTIV_KEY in supplied and key not in with_criteria:
            raise DocgenError(f"clauses.{key}.motiv: klausulen ställer inga krav och har inget motiv",
                              where=loaded.lines.where(("clauses", key, MOTIV_KEY)),
                              hint="motiv anges för villkor och kvalificeringskrav",
                              command_hint="se docgen clauses list")
        for name in supplied:
            if name in CRITERIA_KEYS:
                continue  # level and motiv belong to the criteria form (chosen_level, case_motiv)
            if name not in groups[key]:
                close = difflib.get_close_matches(str(name), sorted(groups[key]), n=1)
                raise DocgenError(f"okänd variabel clauses.{key}.{name}", where=loaded.lines.where(("clauses", key, name)),
                                  hint=f"menade du {close[0]!r}?" if close else "tillåtna: " + ", ".join(sorted(groups[key])))
        if key not in used:
            findings.append(Finding.at(loaded.lines, ("clauses", key),
                                       f"clauses.{key} anges men ingen sådan klausul ingår i dokumentet", code="clause-unused"))


def check_clauses_in_force(plan: Plan, day: date) -> None:
    """A clause may not be used in a document dated before its valid_from."""
    for clause in plan.clauses():
        if clause.meta.valid_from > day:
            raise DocgenError(
                f"klausulen {clause.id} gäller från {clause.meta.valid_from.isoformat()} men dokumentet är daterat {day.isoformat()}",
                where=clause.where_key("valid_from"), hint="ändra date i ärendefilen eller använd en klausul som gäller vid dokumentets datum")
