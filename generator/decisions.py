"""What the buyer decides in a tender: evaluation, price model, specification and contract terms.

These are the case keys ``evaluation:``, ``price:``, ``specification:`` and ``contract:`` of a tender case
(TenderCase in case.py). Each is optional: a case with only the keys of the first tender issue still gives a
complete document, because ``fill_defaults`` takes the missing parts from generator/data/buyer_defaults.yaml
(by sector and route) and records ONE warning per default for the buyer to confirm.

Templates and clauses read the filled models: ``evaluation.criteria``, ``price.items``, ``contract.index``,
``contract.insurance``, ``contract.vite`` and ``specification.requirements`` always exist in a tender's
context (``evaluation`` and ``price`` are None for LOV, which has no evaluation).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from .modelbase import Strict as _Strict

# --- evaluation (16 kap. LOU) -------------------------------------------------------------------

AwardBasis = Literal["pris-kvalitet", "pris", "fast-pris"]
BASIS_NAMES = {
    "pris-kvalitet": "bästa förhållandet mellan pris och kvalitet",
    "pris": "lägsta pris",
    "fast-pris": "bästa förhållandet mellan pris och kvalitet, där priset är fast och anbuden konkurrerar enbart med kvalitet",
}


class ScaleStep(_Strict):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True, title="Skalsteg")
    points: int = Field(ge=0, le=100, title="Poäng")
    meaning: str = Field(min_length=1, title="Vad som ger poängen", json_schema_extra={"x-widget": "textarea"})


def _check_scale(steps: list[ScaleStep] | None) -> list[ScaleStep] | None:
    if steps is None:
        return None
    if len(steps) < 2:
        raise ValueError("en poängskala behöver minst två steg (t.ex. 0 och 5 poäng) med vad som ger varje steg")
    points = [s.points for s in steps]
    if len(set(points)) != len(points):
        raise ValueError("samma poäng står flera gånger i poängskalan: varje steg ska ha sin egen poäng")
    if points != sorted(points):
        raise ValueError("poängskalans steg ska stå i stigande ordning (lägsta poäng först)")
    return steps


class Criterion(_Strict):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True, title="Kriterium")
    name: str = Field(min_length=1, title="Kriterium", description="t.ex. Bemanning och kontinuitet")
    weight: int = Field(gt=0, le=100, title="Vikt (procent)")
    assessed: str = Field(min_length=1, title="Bedömningsgrunder", description="Vad som bedöms och hur anbudet ska besvara kriteriet",
                          json_schema_extra={"x-widget": "textarea"})
    scale: list[ScaleStep] | None = Field(default=None, title="Egen poängskala",
                                          description="Lämna tom för att använda den gemensamma poängskalan")

    _scale = field_validator("scale")(classmethod(lambda cls, v: _check_scale(v)))


class ExampleTender(_Strict):
    """One invented tender of the worked example (the buyer may give its own)."""
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True, title="Exempelanbud")

    name: str = Field(min_length=1, title="Anbud")
    price_sek: int | None = Field(default=None, ge=1, title="Utvärderingspris (kronor)")
    points: list[int] = Field(default_factory=list, title="Poäng per kriterium")


class Evaluation(_Strict):
    basis: AwardBasis | None = Field(default=None, title="Tilldelningsgrund",
                              description="pris-kvalitet, pris (lägsta pris) eller fast-pris (konkurrens enbart med kvalitet)")
    price_weight: int | None = Field(default=None, ge=0, le=100, title="Prisets vikt (procent)",
                              description="Kriteriernas vikter och prisets vikt ska tillsammans bli 100")
    criteria: list[Criterion] = Field(default_factory=list, title="Kvalitetskriterier")
    scale: list[ScaleStep] | None = Field(default=None, title="Poängskala", description="Gemensam skala för kriterierna")
    example: list[ExampleTender] | None = Field(default=None, title="Räkneexempel (påhittade anbud)")

    _scale = field_validator("scale")(classmethod(lambda cls, v: _check_scale(v)))

    @model_validator(mode="after")
    def _weights(self) -> "Evaluation":
        self.basis = self.basis or "pris-kvalitet"  # defaults are set here, not in the schema (the web form)
        self.price_weight = self.price_weight or 0
        names = [c.name.casefold() for c in self.criteria]
        if len(set(names)) != len(names):
            raise ValueError("två kvalitetskriterier har samma namn: ge varje kriterium ett eget namn")
        total = self.price_weight + sum(c.weight for c in self.criteria)
        if self.basis == "pris":
            if self.criteria or self.price_weight not in (0, 100):
                raise ValueError("tilldelningsgrunden pris (lägsta pris) har inga kvalitetskriterier: ta bort criteria "
                                 "eller välj basis: pris-kvalitet")
            self.price_weight = 100
            return self
        if not self.criteria:
            raise ValueError(f"tilldelningsgrunden {self.basis} behöver minst ett kvalitetskriterium under criteria")
        if self.basis == "fast-pris" and self.price_weight:
            raise ValueError("vid fast pris konkurrerar anbuden enbart med kvalitet: price_weight ska vara 0")
        if self.basis == "pris-kvalitet" and not self.price_weight:
            raise ValueError("tilldelningsgrunden pris-kvalitet behöver en vikt för priset (price_weight) större än 0; "
                             "vid fast pris, välj basis: fast-pris")
        if total != 100:
            parts = " + ".join([str(c.weight) for c in self.criteria] + ([str(self.price_weight)] if self.price_weight else []))
            raise ValueError(f"vikterna ska tillsammans bli 100 men blir {parts} = {total}: ändra vikterna")
        for tender in self.example or []:
            if len(tender.points) != len(self.criteria):
                raise ValueError(f"räkneexemplets anbud {tender.name!r} har {len(tender.points)} poäng men det finns "
                                 f"{len(self.criteria)} kriterier: ange en poäng per kriterium")
            if self.basis == "pris-kvalitet" and tender.price_sek is None:
                raise ValueError(f"räkneexemplets anbud {tender.name!r} saknar price_sek")
        return self

    def scale_of(self, criterion: Criterion) -> list[ScaleStep]:
        return criterion.scale or self.scale or []


# --- price form ---------------------------------------------------------------------------------

class PriceItem(_Strict):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True, title="Prispost")
    name: str = Field(min_length=1, title="Prispost", description="t.ex. Fast månadspris för daglig lokalvård")
    unit: str = Field(min_length=1, title="Enhet", description="t.ex. kr/månad, kr/timme, kr/dygn")
    volume: int | None = Field(default=None, ge=1, title="Utvärderingsvolym", description="Antal enheter som priset multipliceras med vid utvärderingen")
    volume_note: str | None = Field(default=None, title="Vad volymen avser", description="t.ex. 12 månader (ett år)")
    amount_sek: int | None = Field(default=None, ge=1, title="Fast ersättning (kronor per enhet)",
                                   description="Endast vid fast pris: den ersättning som myndigheten bestämt")

    @model_validator(mode="after")
    def _volume(self) -> "PriceItem":
        self.volume = self.volume or 1
        self.volume_note = self.volume_note or ""
        return self


class Price(_Strict):
    model: Literal["relativ"] | None = Field(default=None, title="Prismodell",
                                      description="relativ: lägsta utvärderingspris får full prispoäng, övriga i proportion")
    items: list[PriceItem] = Field(min_length=1, title="Prisposter (prisbilagan)")

    @model_validator(mode="after")
    def _model(self) -> "Price":
        self.model = self.model or "relativ"
        return self


# --- specification ------------------------------------------------------------------------------

class Requirement(_Strict):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True, title="Krav")
    text: str = Field(min_length=1, title="Krav", json_schema_extra={"x-widget": "textarea"})
    verification: str = Field(min_length=1, title="Hur kravet verifieras", description="t.ex. Bekräftas i anbudsformuläret")
    heading: str | None = Field(default=None, title="Rubrik (kravområde)")


class Specification(_Strict):
    requirements: list[Requirement] = Field(default_factory=list, title="Egna krav i kravspecifikationen")


# --- contract terms -----------------------------------------------------------------------------

class PriceIndex(_Strict):
    name: str = Field(min_length=1, title="Index", description="t.ex. Omsorgsprisindex (OPI)")
    publisher: str = Field(min_length=1, title="Utgivare", description="t.ex. Sveriges Kommuner och Regioner (SKR)")
    base_month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", title="Basmånad", description="ÅÅÅÅ-MM")
    first_adjustment: date = Field(title="Första justering")
    interval_months: int | None = Field(default=None, ge=1, le=60, title="Justeras var … månad", description="Standard: 12")
    share_percent: int | None = Field(default=None, ge=1, le=100, title="Andel av priset som justeras (procent)",
                                      description="Standard: 100")
    publication: Literal["årlig", "månatlig"] | None = Field(
        default=None, title="Publiceras som",
        description="årlig (en årlig förändring, t.ex. OPI) eller månatlig (ett värde per månad, t.ex. KPI, AKI); "
                    "standard: efter indexets namn")
    figures: str | None = Field(default=None, title="Vilka värden som gäller",
                                description="t.ex. definitivt OPI; standard: efter indexets namn")

    @model_validator(mode="after")
    def _standard(self) -> "PriceIndex":
        self.interval_months = self.interval_months or 12
        self.share_percent = self.share_percent or 100
        return self


class Insurance(_Strict):
    liability_sek: int = Field(ge=100_000, title="Ansvarsförsäkring per skadetillfälle (kronor)")
    liability_year_sek: int | None = Field(default=None, ge=100_000, title="Högst per år (kronor)")
    other: list[str] = Field(default_factory=list, title="Andra försäkringar", description="En per rad")

    @model_validator(mode="after")
    def _year(self) -> "Insurance":
        if self.liability_year_sek is not None and self.liability_year_sek < self.liability_sek:
            raise ValueError("liability_year_sek (högst per år) är lägre än beloppet per skadetillfälle")
        return self


VitePeriod = Literal["överträdelse", "påbörjad dag", "påbörjad vecka", "påbörjad månad"]


class Vite(_Strict):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True, title="Vitespost")
    name: str = Field(min_length=1, title="Vite för", description="t.ex. Försenad rapportering")
    breach: str = Field(min_length=1, title="Vad en överträdelse är", json_schema_extra={"x-widget": "textarea"})
    amount_sek: int = Field(gt=0, title="Belopp (kronor)")
    per: VitePeriod | None = Field(default=None, title="Per", description="överträdelse, påbörjad dag, vecka eller månad")
    cap_sek: int = Field(gt=0, title="Tak (kronor)", description="Högsta sammanlagda vite för denna överträdelse")

    @model_validator(mode="after")
    def _cap(self) -> "Vite":
        self.per = self.per or "överträdelse"
        if self.cap_sek < self.amount_sek:
            raise ValueError(f"vitet {self.name!r}: taket cap_sek ({self.cap_sek}) är lägre än beloppet ({self.amount_sek})")
        return self


class Contract(_Strict):
    index: PriceIndex | None = Field(default=None, title="Prisjustering (index)")
    insurance: Insurance | None = Field(default=None, title="Försäkring")
    vite: list[Vite] | None = Field(default=None, title="Viten")
    payment_days: int | None = Field(default=None, ge=1, le=60, title="Betalning (dagar efter faktura)", description="Standard: 30")

    @model_validator(mode="after")
    def _payment(self) -> "Contract":
        self.payment_days = self.payment_days or 30
        return self

    @field_validator("vite")
    @classmethod
    def _unique(cls, vite: list[Vite] | None) -> list[Vite] | None:
        names = [v.name.casefold() for v in vite or []]
        if len(set(names)) != len(names):
            raise ValueError("två viten har samma namn: ge varje vite ett eget namn")
        return vite
