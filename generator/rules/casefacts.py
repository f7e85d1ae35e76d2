"""The facts of issue 21 part 3, 6 and 7 a tender case leaves open, filled by the tender check from
generator/data/buyer_defaults.yaml ``case_facts`` (the timetable's customary spacing, a sector pack's
premises and scope, a valfrihetssystem's design) and the buyer annex a cleaning pack needs for its object
list. One (case path, warning) per default taken; the keys with no customary answer stay empty and the
checklist asks for them. The models are in generator/tenderfacts.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..case import BuyerAnnex
from ..tenderfacts import ChoiceSystem, Premises, Scope, Timetable
from .defaults import load_defaults


def fill_case_facts(case: Any) -> list[tuple[tuple, str]]:
    """Every default of this module for ``case`` (filled in place): (case path, Swedish warning)."""
    out = fill_fact_defaults(case, load_defaults().case_facts)
    out += buyer_annex_defaults(case)
    return out


def buyer_annex_defaults(case: Any) -> list[tuple[tuple, str]]:
    """A cleaning pack without clauses.cleaning.object_list lists its premises in a buyer annex
    "Objektsförteckning" (added, warned) instead of being refused."""
    titles = {a.title.casefold() for a in case.annexes}
    if case.sector != "cleaning" or (case.clauses.get("cleaning") or {}).get("object_list") or "objektsförteckning" in titles:
        return []
    case.annexes.append(BuyerAnnex(title="Objektsförteckning", description=(
        "Lokalerna som lokalvården omfattar, med adress, golvyta, lokaltyp, kvalitetsprofil och frekvens")))
    return [(("annexes",), "standardvärde för annexes: bilagan Objektsförteckning (lokalerna med adress, golvyta, "
                           "lokaltyp, kvalitetsprofil och frekvens) läggs till som myndighetens egen bilaga; ange "
                           "filnamnet under annexes eller var lokalerna finns under clauses.cleaning.object_list")]


def fill_fact_defaults(case: Any, data: dict[str, Any]) -> list[tuple[tuple, str]]:
    """Fill the timetable and the sector's premises from ``data`` (buyer_defaults.yaml ``case_facts``) where
    the case leaves them open; one (case path, warning) per default taken."""
    out: list[tuple[tuple, str]] = []
    p = case.procurement
    rules = data.get("default", {})
    if p.tender_deadline is not None:
        timetable = case.timetable or Timetable()
        taken = []
        if timetable.questions_deadline is None:
            timetable.questions_deadline = p.tender_deadline - timedelta(days=int(rules.get("questions_days_before", 10)))
            taken.append(f"sista dag för frågor {timetable.questions_deadline.isoformat()}")
        if timetable.award_date is None:
            award = p.tender_deadline + timedelta(days=int(rules.get("award_days_after", 30)))
            if award >= p.start_date:   # a short run-up: halfway between the deadline and the start
                award = p.tender_deadline + (p.start_date - p.tender_deadline) / 2
            timetable.award_date = award
            taken.append(f"planerat tilldelningsbeslut {timetable.award_date.isoformat()}")
        case.timetable = timetable
        if taken:
            out.append((("timetable",), f"standardvärde för timetable: {' och '.join(taken)}; bekräfta eller ange "
                                        "timetable.questions_deadline och timetable.award_date i ärendefilen"))
    if case.route == "lov-2a":
        chosen = case.choice_system or ChoiceSystem()
        defaults = data.get("choice_system", {})
        taken = [key for key, value in defaults.items() if getattr(chosen, key) is None]
        for key in taken:
            setattr(chosen, key, defaults[key])
        case.choice_system = chosen
        if taken:
            def shown(value: Any) -> str:
                return {True: "ja", False: "nej"}.get(value, str(value)) if isinstance(value, bool) else str(value)

            out.append((("choice_system",), "standardvärde för choice_system: " + "; ".join(
                f"{ChoiceSystem.model_fields[key].title.lower()}: {shown(defaults[key])}" for key in taken)
                + "; bekräfta eller ange choice_system i ärendefilen"))
    sector = getattr(case, "sector", None)
    scope = (data.get("sectors") or {}).get(sector or "", {}).get("scope")
    if case.scope is None and scope:
        case.scope = Scope.model_validate(scope)
        out.append((("scope",), "standardvärde för scope: målgrupp, insatser och avgränsning enligt sektorpaketet "
                                f"{sector}; bekräfta eller ange scope i ärendefilen"))
    elif case.scope is None:
        case.scope = Scope()   # the section points to the description; the checklist asks
    premises = (data.get("sectors") or {}).get(sector or "", {}).get("premises")
    if premises and case.premises is None:
        case.premises = Premises.model_validate(premises)
        out.append((("premises",), f"standardvärde för premises: lokalerna tillhandahålls av {case.premises.provided_by}"
                                   + (f", inventarier av {case.premises.equipment}" if case.premises.equipment else "")
                                   + (", avgifter från de enskilda tas ut av Beställaren" if case.premises.fees else "")
                                   + "; bekräfta eller ange premises i ärendefilen"))
    return out
