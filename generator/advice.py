"""Live route advice for a half-filled tender form, from the same route checks as ``docgen routes``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from .iop.checks import refusals, warnings
from .iop.model import IopCase
from .routing import advise, route_facts
from .rules import Facts, Verdict, routes


@dataclass
class Advice:
    chosen: str | None
    verdicts: list[tuple[str, str, Verdict]] = field(default_factory=list)   # (route id, name, verdict)
    missing: list[str] = field(default_factory=list)                         # what to fill in first
    heading: str = "Råd om vägval"
    prompt: str = "så prövas vilka vägar som är möjliga"                      # after "Fyll i … "
    findings: list[tuple[str, str]] = field(default_factory=list)            # (refusal|warning, message)
    warnings: list[str] = field(default_factory=list)
    threshold_sek: int | None = None                                         # direct-award limit in force

    @property
    def chosen_verdict(self) -> Verdict | None:
        return next((v for rid, _n, v in self.verdicts if rid == self.chosen), None)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def facts_from_data(data: dict[str, Any]) -> tuple[Facts | None, list[str]]:
    """Facts from whatever the form holds so far (routing.route_facts); the list names what is still needed."""
    p = data.get("procurement") if isinstance(data.get("procurement"), dict) else {}
    missing = []
    day = data.get("date")
    if not isinstance(day, date):
        missing.append("Dokumentets datum")
    codes = p.get("cpv") if isinstance(p.get("cpv"), list) else []
    if not codes:
        missing.append("CPV-koder")
    if missing:
        return None, missing
    term, extension = _int(p.get("term_months")), _int(p.get("extension_months")) or 0
    facts = route_facts(date=day, cpv=tuple(str(c) for c in codes), value_sek=_int(p.get("estimated_value_sek")),
                        months=term + extension if term is not None else None,
                        same_kind_sek=_int(p.get("same_kind_sek")) or 0,
                        annex2=p.get("annex2_service") if isinstance(p.get("annex2_service"), bool) else None,
                        vardval=p.get("vardval") if isinstance(p.get("vardval"), bool) else None,
                        repeat_25=p.get("repeat_25") is True,
                        main_cpv=str(p["main_cpv"]) if p.get("main_cpv") and str(p["main_cpv"]) in map(str, codes) else None)
    return facts, []


def tender_advice(data: dict[str, Any]) -> Advice:
    """The answer of ``docgen routes`` (routing.advise) for the facts the form holds so far."""
    chosen = data.get("route") if isinstance(data.get("route"), str) else None
    facts, missing = facts_from_data(data)
    advice = Advice(chosen, missing=missing)
    if facts is None:
        return advice
    names = {rid: route.name for rid, route in routes().items()}
    try:
        answer = advise(facts)
    except Exception as exc:  # noqa: BLE001 - a half-filled form (e.g. a malformed CPV code) must not break the page
        advice.missing.append(f"giltiga uppgifter ({exc})")
        return advice
    for verdict in answer.verdicts:
        advice.verdicts.append((verdict.id, names.get(verdict.id, verdict.id), verdict))
    advice.threshold_sek = answer.threshold_sek
    advice.warnings = list(answer.warnings)
    return advice


def iop_advice(data: dict[str, Any]) -> Advice:
    """The IOP criteria checks (refusals and warnings) of ``docgen iop``, once the case validates."""
    advice = Advice(None, heading="Förutsättningar för IOP", prompt="så prövas förutsättningarna för IOP")
    try:
        case = IopCase.model_validate(data)
    except ValidationError:
        advice.missing.append("de obligatoriska uppgifterna")
        return advice
    advice.findings = [("refusal", f.message) for f in refusals(case)] + [("warning", f.message) for f in warnings(case)]
    return advice
