"""Checks on the contract conditions a case switches on (employment, labour law, social clauses).

The pure functions take plain values and return a warning (Swedish, with its paragraph) or None;
the tender kind (kinds.py) calls them with the case and the clause values assemble computed.
Data: risk industries in data/risk_industries.yaml, thresholds in data/thresholds.yaml.
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import DocgenError
from ..industries import RiskIndustries
from ..render import money
from ..thresholds import threshold_in_force

LABOUR_LAW_BASIS = "17 kap. 2–4 §§ LOU"
THRESHOLD_BASIS = "5 kap. 1 § LOU"


# --- pure checks ----------------------------------------------------------------------------------

def placement_longer_than_term(term_months: int, placement_months: int | None, commitment: str | None) -> str | None:
    """A placement of M months cannot be completed in a contract term shorter than M months."""
    if placement_months is None or commitment == "anställning":
        return None
    if placement_months > term_months:
        return (f"praktikplatsens längd ({placement_months} månader) är längre än kontraktstiden "
                f"({term_months} månader): villkoret kan inte uppfyllas under avtalstiden; "
                "korta clauses.employment.placement_months eller välj commitment: anställning")
    return None


SHORT_FORMS = ("sommarjobb", "feriearbete")   # forms that by their nature last a few weeks


def short_form_contradiction(placement_months: int | None, forms: list[str] | None) -> str | None:
    """A form that lasts a summer cannot fulfil a placement of several months (issue 22, item 10)."""
    if not placement_months or placement_months <= 3 or not forms:
        return None
    short = [f for f in forms if str(f).casefold() in SHORT_FORMS]
    if not short:
        return None
    return (f"clauses.employment.forms anger {', '.join(short)}, men varje plats ska omfatta minst {placement_months} "
            "månader (placement_months): ett sommarjobb kan inte fullgöra åtagandet; ta bort formen eller korta "
            "placement_months till högst tre månader")


def school_register_missing(texts: list[str], words: list[str], has_clause: bool) -> str | None:
    """Work in premises where a school form is run needs the register extract (2 kap. 31 § skollagen)."""
    if has_clause:
        return None
    found = sorted({w for text in texts for w in re.findall(r"[\wåäöÅÄÖ]+", str(text).casefold())} & {w.casefold() for w in words})
    if not found:
        return None
    return (f"ärendet nämner {', '.join(found)}: den som arbetar i lokaler där en skolform enligt 2 kap. 31 § skollagen "
            "bedrivs ska visa upp ett utdrag ur belastningsregistret, också Leverantörens personal; lägg till "
            "clauses.school_register (med school_forms) så att upphandlingsdokumentet kräver utdraget och anger hur det kontrolleras")


def labour_law_missing(*, day: date, value_sek: int, cpv: list[str] | tuple[str, ...], authority_kind: str,
                       annex2: bool | None, labour_law: dict[str, Any] | None,
                       industries: RiskIndustries, thresholds_path: Path | None = None) -> str | None:
    """An above-threshold case in a risk industry without labour-law conditions (17 kap. 2 § LOU).

    None when the case has labour-law conditions, gives a non-empty ``not_needed_because``, is in no
    risk industry or stays below the threshold in force on ``day``.
    """
    if labour_law is not None:
        reason = labour_law.get("not_needed_because")
        if "not_needed_because" not in labour_law or (isinstance(reason, str) and reason.strip()):
            return None
    matches = industries.matches(cpv)
    if not matches:
        return None
    code, industry = matches[0]
    kinds = industries.threshold_kinds.get(industry.threshold, {})
    kind = kinds.get("annex2" if annex2 else authority_kind)
    if kind is None:
        return f"inget tröskelvärde för {industry.threshold}/{authority_kind} i risk_industries.yaml; kan inte pröva {LABOUR_LAW_BASIS}"
    lookup = threshold_in_force(kind, day, thresholds_path)
    if lookup.threshold is None:
        return (f"upphandlingen avser {industry.name} (CPV {code}), men {lookup.gap}; pröva själv om "
                f"arbetsrättsliga villkor krävs enligt {LABOUR_LAW_BASIS}")
    limit = lookup.threshold.amount_sek
    if value_sek < limit:
        return None
    return (f"upphandlingen avser {industry.name} (CPV {code}), en riskbransch, och värdet {money(value_sek)} "
            f"når tröskelvärdet {money(limit)} ({THRESHOLD_BASIS}, {lookup.threshold.period}), men ärendet saknar "
            f"arbetsrättsliga villkor om lön, semester och arbetstid ({LABOUR_LAW_BASIS}); lägg till clauses.labour_law "
            "eller motivera på en rad med clauses.labour_law.not_needed_because")


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " eller " + items[-1]


def mode_problem(key: str, supplied: dict[str, Any], modes: list[str]) -> tuple[str, str] | None:
    """The ``mode`` of a condition family must be one of the modes its clauses offer: (message, hint);
    ``{0}`` in the message stands for the key ``clauses.<key>.mode`` (DocgenError ``keys``)."""
    if "mode" not in supplied:
        return ("{0} saknas", "välj " + _either(modes))
    value = supplied["mode"]
    if value not in modes:
        close = difflib.get_close_matches(str(value), modes, n=1)
        hint = f"menade du {close[0]!r}?" if close else "välj " + _either(modes)
        return (f"{{0}} ska vara ett av {', '.join(modes)} (värde: {value!r})", hint)
    return None


# --- glue ---------------------------------------------------------------------------------------

def mode_clauses(library, key: str) -> dict[str, Any]:
    """The clauses of params group ``key`` that declare a ``mode``: mode value -> clause."""
    found: dict[str, Any] = {}
    for clause in library:
        spec = clause.meta.variables.get("mode")
        if clause.params_key == key and spec is not None and spec.choices:
            for choice in spec.choices:
                found.setdefault(str(choice), clause)
    return found


def check_modes(loaded, library) -> dict[str, Any]:
    """Raise a one-line error for a missing or unknown ``mode``; return the chosen clause per key."""
    chosen: dict[str, Any] = {}
    for key, supplied in loaded.model.clauses.items():
        if not isinstance(supplied, dict):
            continue
        by_mode = mode_clauses(library, key)
        if not by_mode:
            continue
        problem = mode_problem(key, supplied, list(by_mode))
        if problem:
            files = ", ".join(sorted({str(c.path) for c in by_mode.values()}))
            message, hint = problem
            path = ("clauses", key, "mode") if "mode" in supplied else ("clauses", key)
            raise DocgenError(f"{message}; variabeln deklareras i {files}", where=loaded.lines.where(path), hint=hint,
                              key=path, keys=[("clauses", key, "mode")])
        chosen[key] = by_mode[supplied["mode"]]
    return chosen


def labour_law_conflict(labour_law: dict[str, Any] | None) -> tuple[str, tuple] | None:
    """Conditions and a reason for leaving them out cannot both be given; a reason cannot be blank.
    (message, key): ``{0}`` in the message stands for the key (DocgenError ``keys``)."""
    if labour_law and "not_needed_because" in labour_law:
        reason = labour_law["not_needed_because"]
        if not isinstance(reason, str) or not reason.strip():
            return ("{0} är tomt: skriv på en rad varför arbetsrättsliga villkor inte behövs (17 kap. 2 § LOU)",
                    ("clauses", "labour_law", "not_needed_because"))
    # the needs assessment is written in both cases, so `assessment` may stand beside the reason
    others_given = [k for k in labour_law or {} if k not in ("not_needed_because", "assessment")]
    if labour_law and "not_needed_because" in labour_law and others_given:
        others = ", ".join(sorted(others_given))
        return (f"{{0}} anger både villkor ({others}) och not_needed_because; "
                "ta bort not_needed_because om villkoren ska gälla, annars villkoren", ("clauses", "labour_law"))
    return None
