"""The forms the web page offers: how each document kind of ``generator.kinds.KINDS`` is presented.

Only presentation lives here (label, summary, advice, Swedish names for coded choices, initial
values). The case model, the templates and the checks are the kind's own (``kinds.Kind``); fields,
labels and clause variables come from the case model and the clause front matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ..kinds import KINDS as DOCUMENT_KINDS
from ..kinds import Kind
from .advice import Advice, iop_advice, tender_advice


@dataclass
class DocumentKind:
    key: str
    label: str
    summary: str
    variant: str | None = None   # a variant template of the kind instead of its main document (iop-memo)
    advice: Callable[[dict[str, Any]], Advice | None] | None = None
    choice_labels: Callable[[], dict[tuple, dict[str, str]]] = field(default=lambda: {})
    initial: Callable[[], dict[str, Any]] = field(default=lambda: {})
    model: str = ""          # the document kind (key in generator.kinds.KINDS); defaults to ``key``

    def __post_init__(self) -> None:
        self.model = self.model or self.key

    @property
    def kind(self) -> Kind:
        return DOCUMENT_KINDS[self.model]

    def template(self, _data: dict[str, Any] | None = None) -> str:
        return self.variant or self.kind.template


def _route_names() -> dict[tuple, dict[str, str]]:
    from ..rules import routes

    return {("route",): {rid: f"{rid} – {route.name} ({route.basis})" for rid, route in routes().items()}}


def _tender_choices() -> dict[tuple, dict[str, str]]:
    """The routes, and the sectors by their Swedish names (data/sectors.yaml), not their ids."""
    from ..sectors import load_sectors

    sectors = {sid: sector.name[:1].upper() + sector.name[1:] for sid, sector in load_sectors().items()}
    return {**_route_names(), ("procurement", "sector"): sectors}


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
        advice=tender_advice,
        choice_labels=_tender_choices,
        initial=lambda: {"document": "tender", "route": "25a", "date": date.today()},
    ),
    "iop": DocumentKind(
        key="iop",
        label="IOP-överenskommelse",
        summary="Överenskommelse om idéburet offentligt partnerskap mellan kommunen och idéburna organisationer.",
        advice=iop_advice,
        choice_labels=lambda: IOP_CHOICES,
        initial=lambda: {"document": "iop", "date": date.today()},
    ),
    "iop-memo": DocumentKind(
        key="iop-memo",
        model="iop",
        variant="iop-memo",
        label="Tjänsteskrivelse om IOP",
        summary="Beslutsunderlag till nämnden för en IOP-överenskommelse (samma ärendefil som överenskommelsen).",
        advice=iop_advice,
        choice_labels=lambda: IOP_CHOICES,
        initial=lambda: {"document": "iop", "date": date.today()},
    ),
    "policy-borg": DocumentKind(
        key="policy-borg",
        label="Upphandlingspolicy (Borgmodellen)",
        summary="Kommunens policy för upphandling av välfärdstjänster: marknadsundersökning, reserverad upphandling "
                "för idéburna organisationer och direktupphandling med idéburna organisationer i första hand.",
        choice_labels=lambda: BORG_CHOICES,
        initial=lambda: {"document": "policy-borg", "date": date.today()},
    ),
    "policy-dala": DocumentKind(
        key="policy-dala",
        label="Regional rekommendation (Dalamodellen)",
        summary="Rekommendation för socialt hållbar upphandling i regionen och länets kommuner, med mål som följs upp varje år.",
        choice_labels=lambda: ORGANISATION_CHOICES,
        initial=lambda: {"document": "policy-dala", "date": date.today()},
    ),
}


def available() -> dict[str, DocumentKind]:
    """Kinds whose case model is registered (a kind from a branch not yet merged is left out)."""
    return {key: kind for key, kind in KINDS.items() if kind.model in DOCUMENT_KINDS}


def kind_for_document(document: str) -> DocumentKind | None:
    """The form a saved case file opens in (its ``document:`` value)."""
    return next((k for k in available().values() if k.model == document), None)
