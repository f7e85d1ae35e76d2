"""One register of annex numbers for everything published together.

A tender is published with its own appendices (anbudsformulär, prisbilaga, kontrakt, egenförsäkran …)
and with companion files (the labour-law appendices). Each gets one number in one series: the tender's
appendices first, in plan order, then each published companion file in the order the package names
them. Internal documents (``internal: true``: needs assessment, motiv, dokumentunderlag) get none.

Clauses and template titles ask for a number with ``annex(key)`` → "bilaga 7", where the key is a
clause id of an appendix, the ``id`` of an appendix made of several clauses (``kontrakt``) or the name
of a companion template (``labour-law-terms``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any  # noqa: F401

from markupsafe import Markup

from .errors import DocgenError
from .plan import load_template, templates_for


@dataclass(frozen=True)
class Annex:
    number: int
    key: str          # clause id, appendix id or companion template name
    title: str        # as the register lists it (template titles are rendered later; the key's own title here)
    separate: bool    # a file of its own beside the tender document
    file: str | None = None          # the buyer's own file (issue 21: case key annexes)
    description: str | None = None
    buyer: bool = False              # one of the buyer's own files, not made by docgen

    @property
    def label(self) -> str:
        return f"bilaga {self.number}"


def published_companions(companions: tuple[str, ...] | list[str], templates: Path | None) -> list[str]:
    """The companion templates that are published (not internal), in the kind's order."""
    names = []
    for name in companions:
        spec, _ = load_template(name, templates_for(name, templates))
        if not spec.internal:
            names.append(name)
    return names


COMPANION_TITLES = {  # the register's name for each companion file (its own title adds the number)
    "labour-law-terms": "Arbetsrättsliga villkor – Villkor",
    "labour-law-self-report": "Arbetsrättsliga villkor – Egenrapportering",
    "labour-law-action-plan": "Arbetsrättsliga villkor – Tidplan och åtgärdsplan",
}


def register_from_plan(plan, companions: list[str], buyer: list | tuple = ()) -> list[Annex]:
    """The tender's appendices in plan order, its published companion files, then the buyer's own files
    (case key ``annexes``, issue 21: key = their title, so ``annex("Objektsförteckning")``)."""
    annexes: list[Annex] = []
    for section in plan.sections:
        if section.appendix:
            key = section.clause.id if section.clause is not None else (section.key or section.title)
            annexes.append(Annex(section.appendix, key, section.title, False))
    number = len(annexes)
    for name in companions:
        number += 1
        annexes.append(Annex(number, name, COMPANION_TITLES.get(name, name), True))
    for own in buyer:
        number += 1
        annexes.append(Annex(number, own.title, own.title, True, own.file, own.description, True))
    keys = [a.key for a in annexes]
    duplicate = next((k for k in keys if keys.count(k) > 1), None)
    if duplicate:
        raise DocgenError(f"bilagan {duplicate} står två gånger i bilageförteckningen", where=str(plan.template_path))
    return annexes


def make_annex(annexes: list[Annex], where: str):
    by_key = {a.key: a for a in annexes}

    def annex(key: str) -> Markup:
        found = by_key.get(key)
        if found is None:
            raise DocgenError(f"annex({key!r}) pekar på en bilaga som inte publiceras med detta dokument",
                              where=where, hint="bilagor: " + (", ".join(by_key) or "inga"))
        return Markup(found.label)

    return annex
