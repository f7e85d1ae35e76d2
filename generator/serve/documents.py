"""The document kinds the web form offers, each tied to its case model, template and checks.

Adding a kind is one entry here: everything else (fields, labels, clause variables) comes from the case
model in ``generator.case.MODELS`` and the clause front matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ..case import MODELS, LoadedCase
from ..errors import DocgenError
from .advice import Advice, iop_advice, tender_advice


@dataclass
class DocumentKind:
    key: str
    label: str
    summary: str
    template: Callable[[dict[str, Any]], str]
    check: Callable[[LoadedCase], Any] | None = None
    advice: Callable[[dict[str, Any]], Advice | None] | None = None
    choice_labels: Callable[[], dict[tuple, dict[str, str]]] = field(default=lambda: {})
    initial: Callable[[], dict[str, Any]] = field(default=lambda: {})
    model: str = ""          # key in generator.case.MODELS; defaults to ``key``

    def __post_init__(self) -> None:
        self.model = self.model or self.key


def _tender_check(loaded: LoadedCase):
    from ..pipeline import check_tender_route

    return check_tender_route(loaded)


def _iop_check(loaded: LoadedCase) -> None:
    from ..iop.checks import refusals

    refused = refusals(loaded.model)
    if refused:
        first = refused[0]
        raise DocgenError(first.message, where=loaded.lines.where(first.path), hint=first.hint)


def _policy_check(loaded: LoadedCase) -> None:
    from ..policy.model import check_against_law

    check_against_law(loaded)


def _route_names() -> dict[tuple, dict[str, str]]:
    from ..rules import routes

    return {("route",): {rid: f"{rid} – {route.name} ({route.basis})" for rid, route in routes().items()}}


# Swedish names for coded choices of the case models (the case file keeps the codes).
IOP_CHOICES = {("contributions", "kind"): {"money": "Pengar", "premises": "Lokaler", "staff": "Personal",
                                           "expertise": "Kompetens", "volunteers": "Ideella insatser", "other": "Övrigt"}}
ORGANISATION_CHOICES = {("organisation", "kind"): {"kommun": "Kommun", "region": "Region"}}
BORG_CHOICES = {
    **ORGANISATION_CHOICES,
    ("rules", "pre_study"): {"either": "Marknadsundersökning, begäran om information (RFI) eller båda",
                             "both": "Både marknadsundersökning och begäran om information (RFI)",
                             "market_research": "Marknadsundersökning", "rfi": "Begäran om information (RFI)"},
    ("rules", "aggregation_year"): {"current": "Innevarande räkenskapsår (som lagen kräver)",
                                    "previous": "Även närmast föregående räkenskapsår"},
}


KINDS: dict[str, DocumentKind] = {
    "tender": DocumentKind(
        key="tender",
        label="Upphandlingsdokument",
        summary="Upphandling enligt en rättslig väg, t.ex. reserverad för idéburna organisationer (19 kap. 25 a § LOU).",
        template=lambda data: "tender",
        check=_tender_check,
        advice=tender_advice,
        choice_labels=_route_names,
        initial=lambda: {"document": "tender", "route": "25a", "date": date.today()},
    ),
    "iop": DocumentKind(
        key="iop",
        label="IOP-överenskommelse",
        summary="Överenskommelse om idéburet offentligt partnerskap mellan kommunen och idéburna organisationer.",
        template=lambda data: "iop",
        check=_iop_check,
        advice=iop_advice,
        choice_labels=lambda: IOP_CHOICES,
        initial=lambda: {"document": "iop", "date": date.today()},
    ),
    "iop-memo": DocumentKind(
        key="iop-memo",
        model="iop",
        label="Tjänsteskrivelse om IOP",
        summary="Beslutsunderlag till nämnden för en IOP-överenskommelse (samma ärendefil som överenskommelsen).",
        template=lambda data: "iop-memo",
        check=_iop_check,
        advice=iop_advice,
        choice_labels=lambda: IOP_CHOICES,
        initial=lambda: {"document": "iop", "date": date.today()},
    ),
    "policy-borg": DocumentKind(
        key="policy-borg",
        label="Upphandlingspolicy (Borgmodellen)",
        summary="Kommunens policy för upphandling av välfärdstjänster: marknadsundersökning, reserverad upphandling "
                "för idéburna organisationer och direktupphandling med idéburna organisationer i första hand.",
        template=lambda data: "policy-borg",
        check=_policy_check,
        choice_labels=lambda: BORG_CHOICES,
        initial=lambda: {"document": "policy-borg", "date": date.today()},
    ),
    "policy-dala": DocumentKind(
        key="policy-dala",
        label="Regional rekommendation (Dalamodellen)",
        summary="Rekommendation för socialt hållbar upphandling i regionen och länets kommuner, med mål som följs upp varje år.",
        template=lambda data: "policy-dala",
        check=_policy_check,
        choice_labels=lambda: ORGANISATION_CHOICES,
        initial=lambda: {"document": "policy-dala", "date": date.today()},
    ),
}


def available() -> dict[str, DocumentKind]:
    """Kinds whose case model is registered (a kind from a branch not yet merged is left out)."""
    return {key: kind for key, kind in KINDS.items() if kind.model in MODELS}


def kind_for_document(document: str) -> DocumentKind | None:
    """The form a saved case file opens in (its ``document:`` value)."""
    return next((k for k in available().values() if k.model == document), None)
