"""The checklist (issue 21 part 2): every value a tender case lacks or takes by default, in one run.

``docgen tender --data case.yaml --checklist`` and the web form show the same list: grouped by the part
of the document the value belongs to, each with its case key, one Swedish question (data/checklist.yaml,
or a clause variable's own description) and the default docgen would take, if any. Nothing is refused
for a missing value here: a key the model requires is given a stand-in so that the rest can be judged
(the stand-in is never rendered), a sector or bilaga 2 status the codes leave open is listed and the
walk goes on, and the clause values come from the tolerant plan stage.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from .assemble import case_context
from .build import Build
from .case import TenderCase, explain, validate_case
from .datafiles import read, route_ids
from .errors import DocgenError
from .kinds import DOCUMENT_KINDS
from .library import load_library
from .render import evaluate_condition
from .rules import facts_from_case
from .rules.r19a_2 import annex2_status
from .sectors import choose_sector, load_sectors
from .validation import issues
from .yamlfile import parse_yaml

MISSING = "saknas"          # the document cannot be made without it
DEFAULT = "standardvärde"    # docgen takes a default (warned when rendering)
OPEN = "ej angivet"          # a fact the document leaves out when the case is silent (viewing, transfer …)
INVALID = "fel"


@dataclass(frozen=True)
class Item:
    part: int
    key: str
    question: str
    status: str                 # saknas | standardvärde | ej angivet | fel
    default: str | None = None  # what docgen takes, in words (a default) or the choices

    def as_json(self) -> dict[str, Any]:
        return {"part": self.part, "key": self.key, "question": self.question, "status": self.status,
                "default": self.default}


def _spec() -> dict[str, Any]:
    return read("checklist.yaml").model_dump()


def parts() -> dict[int, str]:
    return {int(k): v for k, v in _spec()["parts"].items()}


def _question(key: str) -> tuple[int, str]:
    questions = _spec()["questions"]
    entry = questions.get(key) or questions.get(key.split(".")[0])
    if entry is None:
        return 1, f"Ange {key}."
    return int(entry["part"]), entry["question"]


_STAND_INS: dict[str, Any] = {  # a value of the right type for a key the model requires (never rendered)
    "date": date(2026, 1, 1), "name": "‹saknas›", "org_number": "000000-0000",
    "title": "‹saknas›", "reference": "‹saknas›", "cpv": ["98000000-3"], "estimated_value_sek": 1,
    "term_months": 12, "start_date": date(2099, 1, 1), "document": "tender",
}


def _set(data: dict, loc: tuple, value: Any) -> None:
    target = data
    for part in loc[:-1]:
        target = target.setdefault(part, {}) if isinstance(target, dict) else target[part]
    target[loc[-1]] = value


def _validated(data: dict, lines, text: str, source: str) -> tuple[Any, list[Item]]:
    """The case model with stand-ins for the required keys it lacks, and one item per such key (or per
    value that is wrong: those the buyer must correct before anything else)."""
    items: list[Item] = []
    data = copy.deepcopy(data)
    for _attempt in range(5):
        try:
            TenderCase.model_validate(data)
            return validate_case(data, lines, text, source, TenderCase), items
        except ValidationError as exc:
            progressed = False
            for issue in issues(exc, TenderCase):
                loc = issue.key
                key = ".".join(str(p) for p in loc)
                if issue.type == "missing" and loc and (str(loc[-1]) in _STAND_INS or loc == ("route",)):
                    part, question = _question(key)
                    items.append(Item(part, key, question, MISSING))
                    # a missing route stands in as the first route of routes.yaml (its documents are never written)
                    stand_in = route_ids()[0] if loc == ("route",) else _STAND_INS[str(loc[-1])]
                    if loc[-1] == "start_date" and isinstance(data.get("date"), date):   # a year after the document
                        stand_in = data["date"].replace(year=data["date"].year + 1)
                    _set(data, loc, stand_in)
                    progressed = True
            if not progressed:
                items.append(Item(1, "(ärendefilen)", explain(exc, TenderCase, lines).one_line(), INVALID))
                return None, items
    return None, items


def checklist(text: str, source: str) -> list[Item]:
    """Every value the tender case in ``text`` lacks or takes by default (see the module docstring)."""
    data, lines = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise DocgenError("ärendefilen ska vara en mappning med nycklar som document, route och date", where=source)
    data.setdefault("document", "tender")
    loaded, items = _validated(data, lines, text, source)
    if loaded is None:
        return items
    return sorted(items + _case_items(loaded), key=lambda item: item.part)   # by part, stable within one


def _case_items(loaded) -> list[Item]:
    case = loaded.validated
    items: list[Item] = []
    p = case.procurement
    # the sector: the case's word, a CPV code's pack, no pack, or a choice only the buyer can make
    choice = choose_sector(p.sector, p.cpv, p.main_cpv)
    part, question = _question("procurement.sector")
    names = load_sectors()
    if choice.how == "ask":
        items.append(Item(part, "procurement.sector", question, MISSING,
                          "ett av " + ", ".join(f"{k} ({names[k].name})" for k in choice.choices)))
        p.sector = "general"   # the walk goes on without a pack (this copy is never rendered)
    elif choice.how in ("cpv", "none"):
        items.append(Item(part, "procurement.sector", question, DEFAULT, f"{choice.sector} ({names[choice.sector].name})"))
    # bilaga 2: asked only when no rule decides it
    status, _, _ = annex2_status(facts_from_case(case))
    if status is None and p.annex2_service is None:
        part, question = _question("procurement.annex2_service")
        items.append(Item(part, "procurement.annex2_service", question, MISSING, "true eller false"))
        p.annex2_service = False   # the walk goes on (this copy is never rendered)
    # the buyer's decisions and facts the complete stage fills with defaults (one warning each when rendering)
    for finding in DOCUMENT_KINDS["tender"].complete(loaded):
        key = ".".join(str(k) for k in finding.key)
        part, question = _question(key)
        items.append(Item(part, key, question, DEFAULT, finding.message.split(": ", 1)[-1].split("; bekräfta")[0]))
    # the clause values the documents use that the case does not give (the tolerant plan stage)
    try:
        missing = Build("tender", loaded).missing()
    except DocgenError as exc:   # a plan that cannot be made yet: said as one item, the rest stands
        missing = []
        items.append(Item(1, "(mallen)", exc.one_line(), INVALID))
    for m in missing:
        if m.status == "missing":
            spec = _variable(m.clause, m.path[-1])
            items.append(Item(_part_of(m.clause), m.key, _ask(spec), MISSING))
    # keys with no customary answer: asked where they apply and the case is silent
    context = case_context(loaded)
    given = {i.key for i in items}
    for key, entry in _spec()["questions"].items():
        if key in given or key not in _OPEN_KEYS:
            continue
        value = getattr(loaded.model, key, None)
        empty = value in (None, []) or (key == "scope" and not (value.services or value.target_group))
        when = entry.get("when")
        if empty and (when is None or evaluate_condition(when, context, "generator/data/checklist.yaml")):
            items.append(Item(int(entry["part"]), key, entry["question"], OPEN))
    return items


# keys a document leaves out when the case is silent (no default): the checklist asks for them
_OPEN_KEYS = ("viewing", "transfer", "own_unit_competes", "obligations", "place", "review_body", "ranking",
              "annexes", "scope")


def _variable(clause_id: str, name: str):
    return load_library().get(clause_id).meta.variables[name]


def _ask(spec) -> str:
    """One Swedish question from a clause variable's own description."""
    text = " ".join(str(spec.description).split()).rstrip(".")
    return f"Ange {text[:1].lower()}{text[1:]}."


def _part_of(clause_id: str) -> int:
    """The part of the tender a clause belongs to, by its family (admin/general 1, supplier 2, …)."""
    family = clause_id.split("/")[0]
    return {"admin": 1, "general": 1, "reservation": 2, "supplier": 2, "qualification": 2, "sector": 3,
            "specification": 3, "criteria": 4, "appendix": 4}.get(family, 5)


def checklist_text(items: list[Item], source: str) -> str:
    """The checklist as the command prints it: grouped by part, one line per key, exit 0."""
    if not items:
        return f"Checklista för {source}: ärendet anger allt som dokumentet behöver.\n"
    names = parts()
    count = {status: sum(1 for i in items if i.status == status) for status in (MISSING, INVALID, DEFAULT, OPEN)}
    out = [f"Checklista för {source}: {len(items)} uppgifter att bekräfta eller ange ({count[MISSING] + count[INVALID]} "
           f"saknas eller är fel, {count[DEFAULT]} tas som standardvärde, {count[OPEN]} är inte angivna och utelämnas)."]
    for number in sorted({i.part for i in items}):
        out.append("")
        out.append(f"{number} {names.get(number, '')}")
        for item in (i for i in items if i.part == number):
            tail = f" [{item.status}" + (f": {item.default}" if item.default else "") + "]"
            out.append(f"  {item.key} – {item.question}{tail}")
    return "\n".join(out) + "\n"
