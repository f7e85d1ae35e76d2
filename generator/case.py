"""Case files: the tender's typed model, the shared parts of every case model, and one-line validation errors."""

from __future__ import annotations

import difflib
import re
import hashlib
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, computed_field, field_validator, model_validator

from . import cpv as cpvmod
from .datafiles import route_ids
from .decisions import Contract, Evaluation, Price, Specification
from .errors import DocgenError
from .yamlfile import LineMap, as_written, quote_hint

ROUTE_IDS = route_ids()            # the one list: data/routes.yaml
RouteId = Literal[ROUTE_IDS]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class Contact(Strict):
    name: str = Field(min_length=1, title="Namn")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", title="E-post", description="t.ex. namn@kommun.se")
    phone: str | None = Field(default=None, title="Telefon")


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


class Procurement(Strict):
    title: str = Field(min_length=1, title="Upphandlingens namn")
    reference: str = Field(min_length=1, title="Diarienummer")
    description: str = Field(default="", title="Beskrivning", json_schema_extra={"x-widget": "textarea"})
    cpv: list[str] = Field(min_length=1, title="CPV-koder", description="En kod per rad, t.ex. 85311100-3")
    estimated_value_sek: int = Field(ge=0, le=100_000_000_000, title="Uppskattat värde (kronor)",
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
    same_kind_sek: int = Field(default=0, ge=0, le=100_000_000_000, title="Köp av samma slag under räkenskapsåret (kronor)")
    main_cpv: str | None = Field(
        default=None, title="Huvudföremål (CPV-kod)",
        description="Vid blandade kontrakt: den av CPV-koderna ovan som anger kontraktets huvudföremål")
    vardval: bool | None = Field(
        default=None, title="Vårdvalssystem enligt 7 kap. 3 § HSL",
        description="Ja eller nej för hälso- och sjukvårdstjänster (i ärendefilen true eller false); tomt betyder att det inte är känt")
    repeat_25: bool = Field(default=False, title="Myndigheten har tilldelat ett kontrakt för samma tjänster enligt 19 kap. 25 § LOU de senaste tre åren")
    direct_award: DirectAward | None = Field(default=None, title="Direktupphandling (väg 19a-2)")
    # --- sector packs (issue 14): clauses/sector/<id>/, data/sectors.yaml; else the CPV codes decide ---
    sector: Literal["elderly-care", "home-care", "hvb-children", "lss-daily-activity", "cleaning", "meals"] | None = Field(
        default=None, title="Sektor", description="Vilket sektorpaket kravspecifikationen hämtas ur; utelämnas det "
                                                 "avgör CPV-koderna")

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
            raise ValueError(f"procurement.main_cpv ({self.main_cpv}) är inte en av upphandlingens CPV-koder "
                             f"({', '.join(self.cpv)}): ange huvudföremålets kod också under procurement.cpv")
        return self

    @model_validator(mode="after")
    def _periods_need_an_extension(self) -> "Procurement":
        if self.extension_periods is not None and self.extension_months == 0:
            raise ValueError("procurement.extension_periods anger förlängningar men procurement.extension_months är 0: "
                             "ange förlängningens längd i månader eller ta bort extension_periods")
        if self.extension_periods is not None and self.extension_periods > self.extension_months:
            raise ValueError(f"procurement.extension_periods ({self.extension_periods}) är fler än förlängningens "
                             f"månader ({self.extension_months}): varje förlängning är minst en månad")
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
    # --- the buyer's decisions (issue 14, generator/decisions.py): filled with defaults when left out ---
    evaluation: Evaluation | None = Field(default=None, title="Utvärdering (tilldelningsgrund, kriterier, vikter, skala)")
    price: Price | None = Field(default=None, title="Prismodell och prisbilaga")
    specification: Specification | None = Field(default=None, title="Kravspecifikation (egna krav)")
    contract: Contract | None = Field(default=None, title="Kontraktsvillkor (index, försäkring, viten)")
    cover: bool | None = Field(default=None, title="Försättsblad och innehållsförteckning",
                               description="Ja eller nej (i ärendefilen true eller false); utan värde får dokument över några sidor försättsblad")
    _defaults: list[tuple[tuple, str]] = PrivateAttr(default_factory=list)

    @field_validator("route", mode="before")
    @classmethod
    def _route_as_number(cls, value: Any) -> Any:
        """``route: 25`` unquoted is the number 25 to YAML; it can only mean route "25" (``025``, read as
        octal 21, still fails and is shown as written)."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @model_validator(mode="after")
    def _buyer_decisions(self) -> "TenderCase":
        from .decisions import fill_defaults

        self._defaults = fill_defaults(self)
        return self

    @property
    def default_warnings(self) -> list[tuple[tuple, str]]:
        """One (case path, message) per buyer decision docgen filled with a default (decisions.fill_defaults)."""
        return list(self._defaults)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "TenderCase":
        p = self.procurement
        if p.tender_deadline and p.tender_deadline < self.date:
            raise ValueError("procurement.tender_deadline ligger före dokumentets datum (date)")
        if p.tender_deadline and p.start_date <= p.tender_deadline:
            raise ValueError("procurement.start_date måste ligga efter procurement.tender_deadline")
        return self

    # --- sector packs (issue 14): the sector the specification is taken from, and the socialtjänstlag in force ---
    @computed_field  # type: ignore[prop-decorator]
    @property
    def sector(self) -> str | None:
        """procurement.sector, else the sector of the first CPV code with a known prefix (data/sectors.yaml)."""
        from .sectors import sector_of

        return sector_of(self.procurement.sector, self.procurement.cpv)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def welfare(self) -> bool:
        """The sector is a social service (socialtjänstlagen or LSS): IVO, lex Sarah, meddelarskydd apply."""
        from .sectors import welfare_of

        return welfare_of(self.sector)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def social_services_act(self) -> dict[str, str]:
        """The socialtjänstlag in force on the document's date: SFS 2025:400 from 2025-07-01, else 2001:453."""
        from .sectors import social_services_act

        return social_services_act(self.date)


    # --- labour-law package (issue 10): levels and needs assessment under clauses.labour_law ---
    @model_validator(mode="after")
    def _labour_law_parts(self) -> "TenderCase":
        from .labour.model import normalise_labour_law

        normalise_labour_law(self.clauses)
        return self


_MESSAGES = {
    "missing": "saknas",
    "extra_forbidden": "okänd nyckel",
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "date_type": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "list_type": "ska vara en lista",
    "dict_type": "ska ha egna nycklar under sig (nyckel: värde)",
    "model_type": "ska ha egna nycklar under sig (nyckel: värde)",
    "literal_error": "har ett otillåtet värde",
    "greater_than_equal": "får inte vara negativt",
    "greater_than": "måste vara större än noll",
    "less_than_equal": "är orimligt stort",
    "string_too_short": "får inte vara tomt",
    "too_short": "får inte vara tom",
    "string_pattern_mismatch": "har fel format",
}

_FIXES = {
    "org_number": "skriv organisationsnumret som NNNNNN-NNNN",
    "email": "skriv en e-postadress som namn@exempel.se",
    "route": "välj en av " + ", ".join(ROUTE_IDS),
}


def _dotted(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _known_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        annotation = field.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        current = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def explain(exc: ValidationError, model: type[BaseModel], lines: LineMap, prefix: tuple = ()) -> DocgenError:
    errors = exc.errors()
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    inner = err.get("ctx", {}).get("error")
    if err["type"] == "value_error" and hasattr(inner, "prefix") and isinstance(getattr(inner, "error", None), ValidationError):
        return explain(inner.error, inner.model, lines, prefix + tuple(inner.prefix))  # a part validated on its own
    loc = tuple(err["loc"])
    key = _dotted(prefix + loc) or "(filen)"
    kind = err["type"]
    where = lines.where(prefix + loc)
    if kind == "extra_forbidden":
        suggestion = difflib.get_close_matches(str(loc[-1]), _known_keys(model, loc), n=1)
        hint = f"menade du {suggestion[0]!r}?" if suggestion else "ta bort nyckeln eller se README för giltiga nycklar"
        return DocgenError(f"okänd nyckel {key}", where=where, hint=hint)
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        if not loc:  # a check across keys names the key it is about first ("procurement.start_date måste …")
            named = re.match(r"([a-z_]+(?:\.[a-z_]+)+)\b", message)
            if named:
                where = lines.where(prefix + tuple(named.group(1).split(".")))
        return DocgenError(f"{key}: {message}" if loc else message, where=where)
    value = err.get("input")
    shown = "" if kind == "missing" else f" (värde: {as_written(lines, prefix + loc, value)})"  # as typed, not as YAML read it
    text = _MESSAGES.get(kind, err["msg"])
    fix = quote_hint(lines, prefix + loc, value) if kind == "string_type" else None
    fix = fix or _FIXES.get(str(loc[-1]) if loc else "", None)
    if kind in ("dict_type", "model_type"):
        text += ", inte en lista" if isinstance(value, list) else ", inte ett enskilt värde"
    if kind in ("dict_type", "model_type") and not fix and loc:
        keys = [k for k in _known_keys(model, loc + ("",)) if k != "document"][:2]
        if keys:
            fix = f"skriv nycklarna indragna på raderna under {loc[-1]}:, t.ex. " + " och ".join(f"{k}:" for k in keys)
    if kind == "missing":
        fix = fix or "lägg till nyckeln i ärendefilen"
    if kind == "literal_error" and not fix:
        fix = "tillåtna värden: " + str(err.get("ctx", {}).get("expected", ""))
    return DocgenError(f"{key} {text}{shown}", where=where, hint=fix)


class LoadedCase:
    """A validated case with the place it came from (for messages) and the hash of its text."""

    def __init__(self, model: Strict, lines: LineMap, text: str, source: str):
        self.model = model
        self.lines = lines
        self.source = source
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self.findings: list = []  # about the file itself (absurd text lengths), reported with the build's
        self.warnings: list[str] = []  # about the file itself (absurd text lengths), printed with the others


def validate_case(data: Any, lines: LineMap, text: str, source: str, model: type[BaseModel]) -> LoadedCase:
    """Validate parsed case data into ``model``; a mistake becomes one DocgenError at its line.
    Which model a case file needs is the kind registry's business (kinds.parse_case)."""
    try:
        loaded = LoadedCase(model.model_validate(data), lines, text, source)
    except ValidationError as exc:
        raise explain(exc, model, lines) from None
    from .yamlfile import long_text_warnings

    from .orgnumber import org_number_warnings

    loaded.findings = long_text_warnings(data, lines)  # a 10 000-character title: said, not refused
    loaded.findings += org_number_warnings(data, lines)  # a mistyped organisation number (check digit)
    return loaded
