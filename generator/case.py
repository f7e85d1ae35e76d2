"""Case files: the tender's typed model (its buyer's decisions are in decisions.py, the parts every case
model shares in modelbase.py), the validated case with its lines, and one-line validation errors."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, ValidationError, computed_field, field_validator, model_validator

from . import cpv as cpvmod
from .datafiles import OneOf, route_ids, route_info_of, sector_ids
from .decisions import Contract, Evaluation, Price, Specification
from .errors import DocgenError, KeyedValueError
from .labour.model import normalise_labour_law
from .modelbase import Contact, Money, Strict
from .orgnumber import org_number_warnings
from .sectors import sector_of, social_services_act, welfare_of
from .tenderfacts import ChoiceSystem, Obligation, Place, Premises, Ranking, Scope, Timetable, Transfer, Viewing
from .validation import Issue, Wording
from .validation import error as validation_error
from .yamlfile import LineMap, long_text_warnings

RouteId = Annotated[str, OneOf(route_ids)]      # the one list: data/routes.yaml
SectorId = Annotated[str, OneOf(sector_ids)]    # the one list: data/sectors.yaml


class Authority(Strict):
    name: str = Field(min_length=1, title="Namn", description="t.ex. Norrviks kommun")
    org_number: str = Field(pattern=r"^\d{6}-\d{4}$", title="Organisationsnummer", description="NNNNNN-NNNN")
    unit: str | None = Field(default=None, title="Förvaltning eller enhet")
    contact: Contact | None = Field(default=None, title="Kontaktperson")
    kind: Literal["kommun", "region", "statlig"] = Field(
        default="kommun", title="Typ av myndighet",
        description="Avgör vilket EU-tröskelvärde som gäller")  # which EU threshold applies (data/risk_industries.yaml)


class DirectAward(Strict):
    """What 19 a kap. 11 § LOU asks a direct award to document (route 19a-2)."""

    asked: list[str] = Field(default_factory=list, title="Tillfrågade leverantörer", description="En per rad")
    awarded: str | None = Field(default=None, title="Leverantör som fick kontraktet")
    contract_date: date | None = Field(default=None, title="Datum för kontraktet")
    reason: str | None = Field(default=None, title="Skäl för direktupphandlingen")


class GivenThreshold(Strict):
    """The EU threshold in force on the case's date, given by the buyer with its source, for a date after
    the last period docgen knows (issue 22, item 3)."""
    amount_sek: int = Field(ge=1, le=1_000_000_000, title="Belopp (kronor)")
    source: str = Field(min_length=5, title="Källa", description="t.ex. Upphandlingsmyndighetens tröskelvärden 2028–2029")


class Procurement(Strict):
    title: str = Field(min_length=1, title="Upphandlingens namn")
    reference: str = Field(min_length=1, title="Diarienummer")
    description: str = Field(default="", title="Beskrivning", json_schema_extra={"x-widget": "textarea"})
    cpv: list[str] = Field(min_length=1, title="CPV-koder", description="En kod per rad, t.ex. 85311100-3")
    estimated_value_sek: Money = Field(title="Uppskattat värde (kronor)",
                                     description="Hela kontraktstiden inklusive förlängning, exklusive moms")
    term_months: int = Field(gt=0, le=600, title="Kontraktstid (månader)")
    extension_months: int = Field(default=0, ge=0, le=600, title="Option om förlängning (månader)")
    extension_periods: int | None = Field(
        default=None, ge=1, le=20, title="Högst antal förlängningar",
        description="I hur många perioder förlängningen får göras, t.ex. 2 för 2 × 12 månader (eForms BT-58); "
                    "lämna tomt om antalet inte är bestämt")
    start_date: date = Field(title="Planerad kontraktsstart")
    tender_deadline: date | None = Field(default=None, title="Sista anbudsdag")
    annex2_service: bool | None = Field(default=None, title="Tjänsten finns i bilaga 2 till LOU")
    eu_threshold: GivenThreshold | None = Field(
        default=None, title="EU:s tröskelvärde (när docgen saknar beloppet)",
        description="Endast för ett datum då docgen inte känner tröskelvärdet: beloppet och var det är publicerat")
    same_kind_sek: Money = Field(default=0, title="Köp av samma slag under räkenskapsåret (kronor)")
    main_cpv: str | None = Field(
        default=None, title="Huvudföremål (CPV-kod)",
        description="Vid blandade kontrakt: den av CPV-koderna ovan som anger kontraktets huvudföremål")
    vardval: bool | None = Field(
        default=None, title="Vårdvalssystem enligt 7 kap. 3 § HSL",
        description="Ja eller nej för hälso- och sjukvårdstjänster (i ärendefilen true eller false); tomt betyder att det inte är känt")
    repeat_25: bool = Field(default=False, title="Myndigheten har tilldelat ett kontrakt för samma tjänster enligt 19 kap. 25 § LOU de senaste tre åren")
    direct_award: DirectAward | None = Field(default=None, title="Direktupphandling (väg 19a-2)")
    # --- sector packs: clauses/sector/<id>/, data/sectors.yaml; else the CPV codes decide ---
    sector: SectorId | None = Field(
        default=None, title="Sektor", description="Vilket sektorpaket kravspecifikationen hämtas ur (general: inget "
                                                 "sektorpaket); utelämnas det avgör CPV-koderna om de kan")

    @field_validator("cpv")
    @classmethod
    def _cpv_format(cls, codes: list[str]) -> list[str]:
        for code in codes:
            if not cpvmod.CPV_PATTERN.match(str(code).strip()):
                raise ValueError(f"ogiltig CPV-kod {code!r}: skriv åtta siffror, bindestreck och kontrollsiffra, t.ex. 85311100-3")
            wrong = cpvmod.wrong_check_digit(str(code).strip())
            if wrong:
                raise ValueError(f"{wrong[0]}; {wrong[1]}")
        if len(set(codes)) != len(codes):
            raise ValueError("samma CPV-kod står flera gånger")
        return [str(c).strip() for c in codes]

    @model_validator(mode="after")
    def _main_cpv_is_one_of_the_codes(self) -> "Procurement":
        if self.main_cpv is not None and self.main_cpv not in self.cpv:
            raise KeyedValueError(f"{{0}} ({self.main_cpv}) är inte en av upphandlingens CPV-koder "
                                  f"({', '.join(self.cpv)}): ange huvudföremålets kod också under {{1}}",
                                  ("procurement", "main_cpv"), ("procurement", "cpv"))
        return self

    @model_validator(mode="after")
    def _periods_need_an_extension(self) -> "Procurement":
        if self.extension_periods is not None and self.extension_months == 0:
            raise KeyedValueError("{0} anger förlängningar men {1} är 0: "
                                  "ange förlängningens längd i månader eller ta bort extension_periods",
                                  ("procurement", "extension_periods"), ("procurement", "extension_months"))
        if self.extension_periods is not None and self.extension_periods > self.extension_months:
            raise KeyedValueError(f"{{0}} ({self.extension_periods}) är fler än förlängningens "
                                  f"månader ({self.extension_months}): varje förlängning är minst en månad",
                                  ("procurement", "extension_periods"))
        return self

    @property
    def total_months(self) -> int:
        return self.term_months + self.extension_months

    @property
    def main_code(self) -> str:
        """The main object's CPV code: ``main_cpv`` for a mixed contract, else the first code."""
        return self.main_cpv or self.cpv[0]

    @property
    def other_codes(self) -> list[str]:
        """The CPV codes besides the main one, in the case's order."""
        return [code for code in self.cpv if code != self.main_code]


class BuyerAnnex(Strict):
    """A file the buyer publishes with the tender (issue 21): object list, statistics, premises, staff list."""

    model_config = Strict.model_config | {"title": "Bilaga"}

    title: str = Field(min_length=1, title="Bilagans namn", description="t.ex. Objektsförteckning")
    file: str | None = Field(default=None, title="Filnamn", description="t.ex. Objektsförteckning lokalvård.xlsx")
    description: str | None = Field(default=None, title="Kort beskrivning", description="Vad bilagan innehåller")


class TenderCase(Strict):
    document: Literal["tender"]
    route: RouteId = Field(title="Rättslig väg")
    date: Annotated[date, Field(title="Dokumentets datum", description="Avgör vilka tröskelvärden och klausuler som gäller")]
    authority: Authority = Field(title="Upphandlande myndighet")
    procurement: Procurement = Field(title="Upphandlingen")
    clauses: dict[str, dict[str, Any]] = Field(default_factory=dict)
    criteria_level: Literal["bas", "avancerad", "spjutspets"] | None = Field(
        default=None, title="Kravnivå", description="Nivå för villkor med nivåer (bas, avancerad, spjutspets) "
                                                     "om inget annat anges under clauses")
    # --- the buyer's decisions (decisions.py): what the case leaves out is filled with defaults by the
    # tender kind's check (rules/defaults.py), each default a finding ---
    evaluation: Evaluation | None = Field(default=None, title="Utvärdering (tilldelningsgrund, kriterier, vikter, skala)")
    price: Price | None = Field(default=None, title="Prismodell och prisbilaga")
    specification: Specification | None = Field(default=None, title="Kravspecifikation (egna krav)")
    contract: Contract | None = Field(default=None, title="Kontraktsvillkor (index, försäkring, viten)")
    # --- the facts a real tender states (issue 21 part 3, generator/tenderfacts.py) ---
    timetable: Timetable | None = Field(default=None, title="Tidsplan")
    viewing: Viewing | None = Field(default=None, title="Visning av lokalerna")
    transfer: Transfer | None = Field(default=None, title="Verksamhetsövergång")
    premises: Premises | None = Field(default=None, title="Lokaler, utrustning, hyra och avgifter")
    own_unit_competes: bool | None = Field(default=None, title="Myndighetens egen regi konkurrerar om uppdraget")
    obligations: list[Obligation] = Field(default_factory=list, title="Åtaganden som viten knyts till")
    choice_system: ChoiceSystem | None = Field(default=None, title="Valfrihetssystemets utformning (LOV)")
    scope: Scope | None = Field(default=None, title="Målgrupp, insatser och avgränsning")
    ranking: Ranking | None = Field(default=None, title="Tilldelning till flera leverantörer och rangordning")
    place: Place | None = Field(default=None, title="Plats för utförandet (NUTS, eForms BT-5071)")
    review_body: str | None = Field(default=None, title="Förvaltningsrätt som prövar överprövning",
                                    description="t.ex. Förvaltningsrätten i Stockholm (eForms: granskningsorgan)")
    # --- the buyer's own annexes (issue 21): numbered in the one annex register, annex("<title>") ---
    annexes: list[BuyerAnnex] = Field(default_factory=list, title="Myndighetens egna bilagor",
                                      description="Filer som myndigheten själv bifogar: titel, filnamn och kort beskrivning")
    cover: bool | None = Field(default=None, title="Försättsblad och innehållsförteckning",
                               description="Ja eller nej (i ärendefilen true eller false); utan värde får dokument över några sidor försättsblad")

    @field_validator("route", mode="before")
    @classmethod
    def _route_as_number(cls, value: Any) -> Any:
        """``route: 25`` unquoted is the number 25 to YAML; it can only mean route "25" (``025``, read as
        octal 21, still fails and is shown as written)."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _timetable_in_order(self) -> "TenderCase":
        """Issue 21: the case's own timetable is checked here; the defaults are filled by the tender check
        (rules/casefacts.py)."""
        t, p = self.timetable, self.procurement
        if t is not None and t.questions_deadline and p.tender_deadline and not t.questions_deadline < p.tender_deadline:
            raise KeyedValueError("{0} måste ligga före {1}", ("timetable", "questions_deadline"),
                                  ("procurement", "tender_deadline"))
        if (t is not None and t.award_date and p.tender_deadline and p.tender_deadline < p.start_date
                and not p.tender_deadline < t.award_date <= p.start_date):   # the start itself: _dates_in_order
            raise KeyedValueError("{0} måste ligga efter {1} och senast på {2}", ("timetable", "award_date"),
                                  ("procurement", "tender_deadline"), ("procurement", "start_date"))
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> "TenderCase":
        p = self.procurement
        if p.tender_deadline and p.tender_deadline < self.date:
            raise KeyedValueError("{0} ligger före dokumentets datum (date)", ("procurement", "tender_deadline"))
        if p.tender_deadline and p.start_date <= p.tender_deadline:
            raise KeyedValueError("{0} måste ligga efter {1}", ("procurement", "start_date"),
                                  ("procurement", "tender_deadline"))
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def route_info(self) -> dict[str, Any]:
        """What the route is (data/routes.yaml): what suppliers submit, whether they compete, whether it
        is reserved, its fixed procedure; templates and clauses test these instead of route ids."""
        return route_info_of(self.route)

    # --- sector packs: the sector the specification is taken from, and the socialtjänstlag in force ---
    @computed_field  # type: ignore[prop-decorator]
    @property
    def sector(self) -> str | None:
        """procurement.sector, else the sector of the first CPV code with a known prefix (data/sectors.yaml)."""
        return sector_of(self.procurement.sector, self.procurement.cpv, self.procurement.main_cpv)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def welfare(self) -> bool:
        """The sector is a social service (socialtjänstlagen or LSS): IVO, lex Sarah, meddelarskydd apply."""
        return welfare_of(self.sector)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def social_services_act(self) -> dict[str, str]:
        """The socialtjänstlag in force on the document's date: SFS 2025:400 from 2025-07-01, else 2001:453."""
        return social_services_act(self.date)


    # --- labour-law package: levels and needs assessment under clauses.labour_law ---
    @model_validator(mode="after")
    def _labour_law_parts(self) -> "TenderCase":
        normalise_labour_law(self.clauses)
        return self


class CaseWording(Wording):
    """How a case file phrases a mistake (validation.Wording), with the fixes for keys people get wrong."""

    fixes = {
        "org_number": "skriv organisationsnumret som NNNNNN-NNNN",
        "email": "skriv en e-postadress som namn@exempel.se",
    }

    def hint(self, issue: Issue) -> str:
        if issue.last == "route" and issue.key == ("route",):
            return "välj en av " + ", ".join(route_ids())
        return super().hint(issue)


CASE_WORDING = CaseWording()


def explain(exc: ValidationError, model: type[BaseModel], lines: LineMap) -> DocgenError:
    """A case file's first mistake as one DocgenError at its line (validation.error)."""
    return validation_error(exc, lines, CASE_WORDING, model=model)


class LoadedCase:
    """A validated case with the place it came from (for messages) and the hash of its text."""

    def __init__(self, model: Strict, lines: LineMap, text: str, source: str):
        self.validated = model   # the model as the file says it, never changed
        self.model = model       # what the later stages read: the kind's complete stage may put a completed copy here
        self.completion: tuple | None = None   # the complete stage's findings, once it has run (kinds.Kind.complete)
        self.lines = lines
        self.source = source
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.findings: list = []  # about the file itself (absurd text lengths), reported with the build's


def validate_case(data: Any, lines: LineMap, text: str, source: str, model: type[BaseModel]) -> LoadedCase:
    """Validate parsed case data into ``model``; a mistake becomes one DocgenError at its line.
    Which model a case file needs is the kind registry's business (kinds.parse_case)."""
    try:
        loaded = LoadedCase(model.model_validate(data), lines, text, source)
    except ValidationError as exc:
        raise explain(exc, model, lines) from None

    loaded.findings = long_text_warnings(data, lines)  # a 10 000-character title: said, not refused
    loaded.findings += org_number_warnings(data, lines)  # a mistyped organisation number (check digit)
    return loaded
