"""Case models of the procurement policies: the Borg model and the Dala model.

The parameters default to the sources' values (data/policy_defaults.yaml). The thresholds in force
on the policy date come from data/thresholds.yaml; a date without a known figure is refused.
This module does not import case.py (case.py imports it to register the models).
"""

from __future__ import annotations

from datetime import date as Date
from functools import lru_cache
from typing import Any, Literal

from pydantic import ConfigDict, Field, computed_field, field_validator, model_validator

from ..datafiles import PolicyDefaultsFile, read
from ..errors import DocgenError
from ..modelbase import Strict as _Strict
from ..render import money
from ..thresholds import load_thresholds, threshold_in_force

# The thresholds a policy prints, in this order.
POLICY_THRESHOLDS = ("direct_award_general", "direct_award_annex2", "direct_award_documentation")


@lru_cache(maxsize=1)
def policy_defaults() -> PolicyDefaultsFile:
    return read("policy_defaults.yaml")


def _default(model: str, key: str) -> Any:
    value = getattr(getattr(policy_defaults(), model), key)
    return list(value) if isinstance(value, list) else value


def _source_default(model: str, key: str, **kwargs: Any) -> Any:
    """A field defaulting to the source's value; the JSON schema (and so the web form) shows that value."""
    return Field(default_factory=lambda: _default(model, key),
                 json_schema_extra=lambda schema: schema.update(default=_default(model, key)), **kwargs)



class Organisation(_Strict):
    """The organisation that adopts the policy, in its own name."""

    name: str = Field(min_length=1, title="Namn", description="t.ex. Ekeby kommun eller Region Fjällmark")
    kind: Literal["kommun", "region"] = Field(title="Kommun eller region")
    org_number: str | None = Field(default=None, pattern=r"^\d{6}-\d{4}$", title="Organisationsnummer", description="NNNNNN-NNNN")
    adopted_by: str = Field(min_length=1, title="Beslutande organ", description="t.ex. Kommunfullmäktige")
    reference: str = Field(min_length=1, title="Diarienummer för beslutet")
    decision: str | None = Field(default=None, title="Paragraf i protokollet", description="t.ex. § 45")
    responsible: str = Field(min_length=1, title="Ansvarar för tillämpning och uppföljning", description="t.ex. Kommunstyrelsen")
    owner: str | None = Field(default=None, title="Dokumentägare",
                              description="Den funktion som håller dokumentet aktuellt, t.ex. upphandlingschefen; "
                                          "utan värde den som ansvarar för tillämpningen")
    valid_until: Date | None = Field(default=None, title="Giltig till",
                                     description="Lämna tomt om dokumentet gäller tills vidare")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def definite(self) -> str:
        """'kommunen' or 'regionen' – the organisation in running text."""
        return f"{self.kind}en"


def _at_least_one(value: int, what: str) -> int:
    if value < 1:
        raise ValueError(f"måste vara minst 1 ({what}); värdet {value} går inte att tillämpa")
    return value


class BorgRules(_Strict):
    pre_study: Literal["either", "both", "market_research", "rfi"] = _source_default(
        "borg", "pre_study", title="Undersökning före varje upphandling")
    min_idea_bidders: int = _source_default(
        "borg", "min_idea_bidders", le=1000, title="Minsta antal idéburna anbudsgivare för reserverad upphandling",
        description="Upphandlingen reserveras enligt 19 kap. 25 a § LOU om minst så många idéburna organisationer kan antas lämna anbud")
    min_asked_direct: int = _source_default(
        "borg", "min_asked_direct", le=1000, title="Antal idéburna organisationer som tillfrågas vid direktupphandling")
    aggregation_year: Literal["current", "previous"] = _source_default(
        "borg", "aggregation_year", title="Räkenskapsår för köp av samma slag",
        description="Lagen kräver att direktupphandlingar av samma slag under innevarande räkenskapsår räknas med (19 a kap. 8 § LOU)")
    documentation_from_sek: int = _source_default(
        "borg", "documentation_from_sek", ge=0, le=100_000_000_000, title="Dokumentation från och med (kronor)",
        description="Högst den gräns som 19 a kap. 11 § LOU anger")
    review_every_years: int = _source_default("borg", "review_every_years", le=50, title="Antal år mellan översynerna av policyn")
    direct_award_limit_sek: int | None = Field(
        default=None, ge=1, le=100_000_000_000, title="Egen beloppsgräns för direktupphandling av välfärdstjänster (kronor)",
        description="Frivillig: en lägre gräns än lagens i 19 a kap. 2 § LOU; värdet ska understiga beloppet. "
                    "Lämna tomt för lagens gräns")

    @field_validator("min_idea_bidders")
    @classmethod
    def _idea_bidders(cls, value: int) -> int:
        return _at_least_one(value, "en reservation förutsätter att minst en idéburen organisation kan lämna anbud")
    # One is allowed but warned about (policy_findings): a reservation for a single bidder is no competition.

    @field_validator("min_asked_direct")
    @classmethod
    def _asked(cls, value: int) -> int:
        return _at_least_one(value, "minst en idéburen organisation måste tillfrågas")

    @field_validator("review_every_years")
    @classmethod
    def _review(cls, value: int) -> int:
        return _at_least_one(value, "antal år mellan översynerna")


class BorgSections(_Strict):
    """Switchable sections of the Borg model; every one is on unless the case file says false."""

    supplier_base: bool = Field(default=True, title="En varierad leverantörsbas")
    market_research: bool = Field(default=True, title="Marknadsundersökning före varje upphandling")
    reserved: bool = Field(default=True, title="Reserverad upphandling för idéburna organisationer")
    direct_award: bool = Field(default=True, title="Direktupphandling av välfärdstjänster")
    documentation_form: bool = Field(default=True, title="Blankett för dokumentation av direktupphandling (bilaga)")
    thresholds: bool = Field(default=True, title="Tröskelvärden och beloppsgränser")
    follow_up: bool = Field(default=True, title="Ansvar, uppföljning och översyn")


class DalaTargets(_Strict):
    """Numeric targets of the Dala model, followed up every year."""

    employment_conditions_share_percent: int = _source_default(
        "dala", "employment_conditions_share_percent", ge=0, le=100,
        title="Andel annonserade upphandlingar med sysselsättningsfrämjande villkor (procent)")
    reserved_per_year: int = _source_default("dala", "reserved_per_year", ge=0, le=10_000,
                                             title="Reserverade upphandlingar per år (minst)")
    labour_law_risk_sector_share_percent: int = _source_default(
        "dala", "labour_law_risk_sector_share_percent", ge=0, le=100,
        title="Andel upphandlingar i riskbranscher med arbetsrättsliga villkor (procent)")

    @field_validator("employment_conditions_share_percent", "labour_law_risk_sector_share_percent", mode="before")
    @classmethod
    def _share(cls, value: Any) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and not 0 <= value <= 100:
            raise ValueError(f"ska vara en andel i procent mellan 0 och 100, inte {value}")
        return value


class DalaRules(_Strict):
    min_employment_persons: int = _source_default(
        "dala", "min_employment_persons", le=1000, title="Personer per sysselsättningsvillkor (minst)",
        description="Hur många personer som står långt från arbetsmarknaden leverantören ska erbjuda praktik eller anställning")
    placement_months_min: int = _source_default("dala", "placement_months_min", le=60, title="Praktikens längd, från (månader)")
    placement_months_max: int = _source_default("dala", "placement_months_max", le=60, title="Praktikens längd, till (månader)")
    risk_sectors: list[str] = _source_default("dala", "risk_sectors", min_length=1, title="Riskbranscher",
                                              description="En bransch per rad, t.ex. lokalvård")
    review_every_years: int = _source_default("dala", "review_every_years", le=50, title="Antal år mellan översynerna av rekommendationen")

    @field_validator("min_employment_persons")
    @classmethod
    def _persons(cls, value: int) -> int:
        return _at_least_one(value, "ett sysselsättningsvillkor omfattar minst en person")

    @field_validator("placement_months_min", "placement_months_max", "review_every_years")
    @classmethod
    def _months(cls, value: int) -> int:
        return _at_least_one(value, "en period kortare än en hel enhet kan inte anges")

    @model_validator(mode="after")
    def _placement_order(self) -> "DalaRules":
        if self.placement_months_min > self.placement_months_max:
            raise ValueError("praktikens kortaste längd (placement_months_min) är större än dess längsta (placement_months_max)")
        return self


class DalaSections(_Strict):
    """Switchable sections of the Dala model; every one is on unless the case file says false."""

    national_strategy: bool = Field(default=True, title="Nationella mål som sammanhang")
    routes: bool = Field(default=True, title="Fem vägar till socialt värde")
    social_economy: bool = Field(default=True, title="Den sociala ekonomin och arbetsintegrerande sociala företag")
    employment_conditions: bool = Field(default=True, title="Sysselsättningsfrämjande villkor")
    reserved: bool = Field(default=True, title="Reserverad upphandling")
    direct_awards: bool = Field(default=True, title="Direktupphandling av tjänster i bilaga 2 till LOU")
    child_rights: bool = Field(default=True, title="Barnets rättigheter")
    accessibility_equality: bool = Field(default=True, title="Tillgänglighet, jämställdhet och icke-diskriminering")
    labour_law: bool = Field(default=True, title="Arbetsrättsliga villkor och arbetsmiljö")
    supply_chains: bool = Field(default=True, title="Ansvarsfulla leveranskedjor")
    iop: bool = Field(default=True, title="Idéburet offentligt partnerskap")
    follow_up: bool = Field(default=True, title="Mål och uppföljning")
    local_examples: bool = Field(default=True, title="Exempel från länet")


class LocalExample(_Strict):
    model_config = ConfigDict(title="Exempel")

    organisation: str = Field(min_length=1, title="Kommun eller organisation", description="t.ex. Älvby kommun")
    title: str = Field(min_length=1, title="Rubrik")
    text: str = Field(min_length=1, title="Text", json_schema_extra={"x-widget": "textarea"})


class _PolicyCase(_Strict):
    date: Date = Field(title="Beslutsdatum", description="Dagen då policyn antas; avgör vilka beloppsgränser policyn anger")
    organisation: Organisation = Field(title="Organisationen som antar policyn")
    clauses: dict[str, dict[str, Any]] = Field(default_factory=dict)
    cover: bool | None = Field(default=None, title="Försättsblad och innehållsförteckning",
                               description="Ja eller nej (i ärendefilen true eller false); utan värde får dokument över några sidor försättsblad")

    @field_validator("date")
    @classmethod
    def _thresholds_known(cls, day: Date) -> Date:
        # Refuse rather than warn: a policy printing a figure that is not in force is wrong law.
        for kind in POLICY_THRESHOLDS:
            if threshold_in_force(kind, day).threshold is None:
                raise ValueError(threshold_gap_message(kind, day))
        return day

    @computed_field  # type: ignore[prop-decorator]
    @property
    def thresholds(self) -> dict[str, dict[str, Any]]:
        """The thresholds in force on the policy date, by kind, with basis, source and period."""
        out: dict[str, dict[str, Any]] = {}
        for kind in POLICY_THRESHOLDS:
            found = threshold_in_force(kind, self.date).threshold
            if found is not None:
                out[kind] = {"amount_sek": found.amount_sek, "basis": found.basis, "source": found.source,
                             "valid_from": found.valid_from, "valid_to": found.valid_to, "period": found.period}
        return out

    def header(self) -> tuple[str, str]:
        """Name and reference for the running header and the file metadata."""
        return self.organisation.name, self.organisation.reference


class PolicyBorgCase(_PolicyCase):
    document: Literal["policy-borg"]
    rules: BorgRules = Field(default_factory=BorgRules, title="Regler",
                             description="Förifyllda med värdena i Borgs kommuns policy; ändra dem efter era egna beslut")
    sections: BorgSections = Field(default_factory=BorgSections, title="Avsnitt som ska ingå")


class PolicyDalaCase(_PolicyCase):
    document: Literal["policy-dala"]
    adoption: Literal["regional", "own"] | None = Field(
        default=None, title="Vem antar texten och för vem",
        description="regional = en region eller ett regionalt samarbete antar en rekommendation till kommunerna i länet; "
                    "own = en kommun eller region antar en egen policy för sin egen verksamhet. Utan värde: regional för "
                    "en region med kommuner under municipalities, annars own")
    collaboration: str | None = Field(default=None, title="Regionalt samarbete", description="t.ex. Upphandlingsnätverket Fjällmark")
    municipalities: list[str] = Field(default_factory=list, title="Kommuner som rekommendationen riktar sig till",
                                      description="En kommun per rad")
    targets: DalaTargets = Field(default_factory=DalaTargets, title="Mål",
                                 description="Förifyllda med Dalamodellens värden; följs upp varje år")
    rules: DalaRules = Field(default_factory=DalaRules, title="Regler", description="Förifyllda med Dalamodellens värden")
    sections: DalaSections = Field(default_factory=DalaSections, title="Avsnitt som ska ingå")
    examples: list[LocalExample] = Field(default_factory=list, title="Exempel från länet")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def regional(self) -> bool:
        """A regional recommendation to the municipalities (not an organisation's own policy)."""
        if self.adoption is not None:
            return self.adoption == "regional"
        return self.organisation.kind == "region" and bool(self.municipalities)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def doc_word(self) -> str:
        return "rekommendation" if self.regional else "policy"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def doc_definite(self) -> str:
        return "rekommendationen" if self.regional else "policyn"

    @model_validator(mode="after")
    def _addressees(self) -> "PolicyDalaCase":
        if self.adoption == "regional" and not self.municipalities:
            raise ValueError("en regional rekommendation (adoption: regional) riktar sig till kommunerna i länet; "
                             "räkna upp dem under municipalities, eller skriv adoption: own för en egen policy")
        return self




def threshold_gap_message(kind: str, day: Date) -> str:
    """Why no policy can be written for ``day``, in words a buyer can act on (no data keys, no file paths)."""
    name = policy_defaults().threshold_names.get(kind, "en beloppsgräns")
    items = sorted((t for t in load_thresholds() if t.kind == kind), key=lambda t: t.valid_from)
    if items and items[-1].valid_to and day > items[-1].valid_to:
        last = items[-1].valid_to
        return (f"policyn kan inte skrivas med beslutsdatum {day.isoformat()}: {name} är bara känd till och med "
                f"{last.isoformat()}, och beloppen för tiden därefter är ännu inte inlagda i docgen. Välj ett beslutsdatum "
                f"till och med {last.isoformat()}, eller be den som förvaltar docgen att lägga in de nya beloppen när "
                "Upphandlingsmyndigheten har publicerat dem")
    if items and day < items[0].valid_from:
        return (f"policyn kan inte skrivas med beslutsdatum {day.isoformat()}: {name} är känd först från och med "
                f"{items[0].valid_from.isoformat()}; välj ett senare beslutsdatum")
    return f"policyn kan inte skrivas med beslutsdatum {day.isoformat()}: {name} är inte känd för den dagen"


def policy_findings(case) -> list[tuple[tuple, str]]:
    """Warnings about a policy that is lawful but weak: (key path, Swedish message)."""
    out = []
    if isinstance(case, PolicyBorgCase) and case.sections.reserved and case.rules.min_idea_bidders == 1:
        out.append((("rules", "min_idea_bidders"),
                    "policyn reserverar upphandlingen redan när en enda idéburen organisation kan antas lämna anbud; en "
                    "reserverad upphandling bygger på konkurrens mellan de idéburna organisationerna, så ange minst två"))
    return out


def check_against_law(loaded) -> None:
    """Checks that need the date and a rule together; raise a DocgenError at the rule's line."""
    case = loaded.model
    if isinstance(case, PolicyBorgCase):
        legal = case.thresholds["direct_award_documentation"]["amount_sek"]
        if case.rules.documentation_from_sek > legal:
            raise DocgenError(
                f"rules.documentation_from_sek är {money(case.rules.documentation_from_sek)} men 19 a kap. 11 § LOU kräver "
                f"dokumentation från och med {money(legal)}; policyn får inte sätta en högre gräns",
                where=loaded.lines.where(("rules", "documentation_from_sek")),
                hint=f"ange högst {legal}")
        limit = case.rules.direct_award_limit_sek
        allowed = case.thresholds["direct_award_annex2"]["amount_sek"]
        if limit is not None and limit > allowed:
            raise DocgenError(
                f"rules.direct_award_limit_sek är {money(limit)}, högre än den gräns för direktupphandling av tjänster i "
                f"bilaga 2 till LOU som gällde den {case.date.isoformat()} ({money(allowed)}, 19 a kap. 2 § LOU); en policy "
                "får sätta en lägre gräns men inte en högre",
                where=loaded.lines.where(("rules", "direct_award_limit_sek")), hint=f"ange högst {allowed} eller lämna tomt")
