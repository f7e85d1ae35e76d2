"""Every data file in generator/data/, read through one typed loader.

Each YAML file has a pydantic model below (unknown keys refused, types checked); ``read(name)`` parses
the file safely, validates it and returns the model, cached by path and modification time. A lawyer's
typo in a data file becomes one Swedish line with file:line (exit 2), never "internt fel".
`docgen check` validates every file (checks/data.py).
"""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError, core_schema

from .errors import DocgenError
from .resources import data_file
from .validation import Issue, Wording
from .validation import error as validation_error
from .yamlfile import parse_yaml, read_text_file


class OneOf:
    """A value that must be one of the ids a data file lists (``ids`` is called when a value is first
    checked or a form drawn, never at import): in a model, ``Annotated[str, OneOf(route_ids)]`` behaves as
    a ``Literal`` of those ids (the same error, the same ``enum`` in the JSON schema)."""

    def __init__(self, ids, *more: str):
        self.ids = ids
        self.more = more

    def values(self) -> tuple[str, ...]:
        return (*self.ids(), *self.more)

    def _check(self, value: object) -> str:
        allowed = self.values()
        if not isinstance(value, str) or value not in allowed:
            quoted = [repr(v) for v in allowed]
            expected = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
            raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})
        return value

    def __get_pydantic_core_schema__(self, source, handler):
        return core_schema.no_info_after_validator_function(self._check, core_schema.any_schema())

    def __get_pydantic_json_schema__(self, schema, handler):
        return {"type": "string", "enum": list(self.values())}


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class _Open(BaseModel):
    """A part whose keys are many and read by name elsewhere (texts of the eForms table)."""

    model_config = ConfigDict(extra="allow", defer_build=True)


# --- thresholds.yaml ----------------------------------------------------------------------------

class ThresholdEntry(_Data):
    kind: str
    amount_sek: int = Field(ge=0)
    valid_from: date
    valid_to: date | None = None
    basis: str
    source: str


class ThresholdsFile(_Data):
    labels: dict[str, str] = Field(default_factory=dict)   # kind → how a message names it
    thresholds: list[ThresholdEntry]


# --- legal_changes.yaml (docgen audit) ----------------------------------------------------------

class LegalChange(_Data):
    act: str = Field(min_length=1)
    paragraph: str | None = Field(default=None, min_length=1)
    date: date
    event: Literal["upphävd", "ändrad", "införd"]
    what: str = Field(min_length=1)
    replacement: str | None = None
    source: str = Field(min_length=1)
    review: list[str] = Field(default_factory=list)


class LegalChangesFile(_Data):
    changes: list[LegalChange]


# --- risk_industries.yaml -----------------------------------------------------------------------

class RiskIndustryEntry(_Data):
    name: str
    cpv_prefixes: list[str] = Field(min_length=1)
    threshold: str


class RiskIndustriesFile(_Data):
    source: str = ""
    industries: list[RiskIndustryEntry]
    threshold_kinds: dict[str, dict[str, str]]


# --- cpv_lists.yaml -----------------------------------------------------------------------------

class CpvList(_Data):
    statute: str
    source: str
    names_file: str | None = None
    codes: list[str] = Field(default_factory=list)
    codes_from_names_file: bool = False
    ranges: list[tuple[str, str]] = Field(default_factory=list)


# --- iop-checks.yaml ----------------------------------------------------------------------------

class WordPattern(_Data):
    label: str
    pattern: str


class IopChecksFile(_Data):
    for_profit_forms: list[WordPattern]
    not_for_profit: list[WordPattern]
    school_forms: list[str]


# --- state-aid.yaml -----------------------------------------------------------------------------

class AidCeiling(_Data):
    key: Literal["general", "sgei"]
    label: str
    amount_eur: int = Field(gt=0)
    years: int = Field(gt=0)
    regulation: str
    valid_from: date


class ExchangeRate(_Data):
    sek_per_eur: Decimal = Field(gt=0)
    as_of: date
    kind: str
    source: str


class StateAidFile(_Data):
    ceilings: list[AidCeiling]
    sgei_decision: str
    exchange_rate: ExchangeRate
    review: list[str] = Field(default_factory=list)


# --- legal_basis_forms.yaml ---------------------------------------------------------------------

class LegalBasisFormsFile(_Data):
    abbreviations: list[str]
    treaties: list[str]
    conventions: list[str]
    courts: list[str]
    months: list[str]
    parts: dict[str, str]
    patterns: list[str]


# --- policy_defaults.yaml -----------------------------------------------------------------------

class BorgDefaults(_Data):
    pre_study: Literal["either", "both", "market_research", "rfi"]
    min_idea_bidders: int = Field(ge=0)
    min_asked_direct: int = Field(ge=0)
    aggregation_year: Literal["current", "previous"]
    documentation_from_sek: int = Field(ge=0)
    review_every_years: int = Field(ge=1)


class DalaDefaults(_Data):
    employment_conditions_share_percent: int = Field(ge=0, le=100)
    reserved_per_year: int = Field(ge=0)
    labour_law_risk_sector_share_percent: int = Field(ge=0, le=100)
    min_employment_persons: int = Field(ge=0)
    placement_months_min: int = Field(ge=0)
    placement_months_max: int = Field(ge=0)
    risk_sectors: list[str]
    review_every_years: int = Field(ge=1)


class PolicyDefaultsFile(_Data):
    borg: BorgDefaults
    dala: DalaDefaults
    threshold_names: dict[str, str]


# --- procedures.yaml ----------------------------------------------------------------------------

class ProcedureEntry(_Data):
    name: str
    law: str
    basis: str
    eu: bool
    min_days: int | None = None
    min_days_basis: str | None = None
    min_days_note: str | None = None
    review: Any = None
    reason: str | None = None


class ProceduresFile(_Data):
    procedures: dict[str, ProcedureEntry]
    reasons: dict[str, str]


# --- sectors.yaml -------------------------------------------------------------------------------

class SectorEntry(_Data):
    name: str
    welfare: bool
    cpv_prefixes: list[str]
    act: Literal["sol", "lss"] | None = None     # the act the activity is run under (issue 21)


class AmbiguousCpv(_Data):
    prefix: str
    sectors: list[str] = Field(min_length=2)


class SocialServicesAct(_Data):
    name: str
    short: str
    valid_from: date
    valid_to: date | None = None


class SectorsFile(_Data):
    sectors: dict[str, SectorEntry]
    ambiguous_cpv: list[AmbiguousCpv] = Field(default_factory=list)
    social_services_acts: list[SocialServicesAct]

    @model_validator(mode="after")
    def _known_sectors(self) -> "SectorsFile":
        for entry in self.ambiguous_cpv:
            unknown = [s for s in entry.sectors if s not in self.sectors]
            if unknown:
                raise ValueError(f"ambiguous_cpv {entry.prefix}: okänd sektor {', '.join(unknown)}")
        return self


# --- buyer_defaults.yaml ------------------------------------------------------------------------

class ScalePoint(_Data):
    points: int
    meaning: str


class SectorDefaults(_Data):
    label: str
    cpv_prefixes: list[str]
    evaluation: dict[str, Any]
    price_items: list[dict[str, Any]]
    price_items_by_sector: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)  # sector pack → its items
    index: dict[str, Any] | None = None
    insurance: dict[str, Any] | None = None
    vite: list[dict[str, Any]] = Field(default_factory=list)


class IndexPublication(_Data):
    """How an index is published (issue 22, item 7): a yearly change or monthly values, and which figures apply."""
    match: list[str] = Field(min_length=1)       # words of the index's name that identify it, e.g. "OPI"
    publication: Literal["årlig", "månatlig"]
    figures: str                                  # the figures the contract applies, in Swedish
    source: str


class BuyerDefaultsFile(_Data):
    indexes: list[IndexPublication] = Field(default_factory=list)
    school_premises_words: list[str] = Field(default_factory=list)
    scale: list[ScalePoint]
    sector_families: dict[str, str]
    sectors: dict[str, SectorDefaults]
    case_facts: dict[str, Any] = Field(default_factory=dict)   # issue 21: timetable rules, the packs' premises


# --- eforms.yaml --------------------------------------------------------------------------------

class EformsSource(_Data):
    file: str
    commit: str | None = None
    states: str | None = None
    used_for: str


class EformsSdk(_Data):
    name: str
    version: str
    sources: list[EformsSource]


class EformsField(_Data):
    field: str
    bt: str
    level: str
    sv: str
    en: str
    source: str | None = None
    note: str | None = None
    derive: str | None = None
    attribute: dict[str, Any] | None = None
    code_list: str | None = None
    optional: bool = False
    preset: Any = None
    note_none: str | None = None
    note_given: str | None = None
    note_missing: str | None = None


class ReservedParticipation(_Data):
    codes: dict[str, str]      # which code each route takes is in routes.yaml (RouteSpec.eforms)


class EformsFile(_Data):
    sdk: EformsSdk
    levels: dict[str, str]
    table: _Open
    fields: list[EformsField]
    reserved_participation: ReservedParticipation
    res_pub_ser_cpv: list[str]
    res_pub_ser_cpv_warning: str
    notice: _Open
    missing_warning: str
    empty_source_note: str
    extra_sources: list[dict[str, str]] = Field(default_factory=list)   # issue 21 part 8
    extra_fields: dict[str, dict[str, Any]] = Field(default_factory=dict)
    notice_labels: dict[str, str] = Field(default_factory=dict)

    @property
    def notice_texts(self) -> dict[str, Any]:
        """``notice:``: the notice subtype field and its texts, by name."""
        return self.notice.model_extra or {}

    @property
    def table_texts(self) -> dict[str, Any]:
        """``table:``: the headings and words of the notice table, by name."""
        return self.table.model_extra or {}


# --- routes.yaml and lou_bilaga2.yaml: typed objects -------------------------------------------------
# The routes and what docgen knows of LOU bilaga 2 are read as frozen objects: the rules read their
# figures and Swedish reason texts from them (load_routes, route_ids, load_annex2).

class DataModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- CPV sets -------------------------------------------------------------------------------------

def _digits(code: str) -> int:
    return int(str(code)[:8])


class CpvSet(DataModel):
    """Codes matched exactly and ranges "från … till …" (both ends included, eight digits compared)."""

    codes: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str], ...] = ()

    @field_validator("codes", "ranges", mode="before")
    @classmethod
    def _as_text(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [[str(v) for v in item] if isinstance(item, list) else str(item) for item in value]
        return value

    def covers(self, code: str) -> bool:
        if code in self.codes:
            return True
        number = _digits(code)
        return any(_digits(low) <= number <= _digits(high) for low, high in self.ranges)


# --- routes.yaml ----------------------------------------------------------------------------------

class Guidance(DataModel):
    field: str
    text: str


class AlsoField(DataModel):
    field: str
    bt: str
    level: str
    sv: str
    en: str
    code_list: str | None = None
    text: str


class Reserved(DataModel):
    """BT-71-Lot for a route: ``code`` is a value of the SDK list reserved-procurement, or None."""

    code: str | None
    basis: str | None = None
    directive: str | None = None
    note: str
    guidance: Guidance | None = None
    also: AlsoField | None = None

    @model_validator(mode="after")
    def _national_needs_guidance(self) -> "Reserved":
        if self.code is None and self.guidance is None:
            raise ValueError("code: null (en nationell reservation) kräver guidance")
        return self


class RouteEforms(DataModel):
    reserved: Reserved
    notice: tuple[str, ...] = ()


class RouteSpec(DataModel):
    id: str = Field(min_length=1)
    check: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    basis: str
    cpv_list: str | None = None
    in_force_from: date | None = None
    limits: dict[str, int] = Field(default_factory=dict)
    thresholds: dict[str, str] = Field(default_factory=dict)
    health_care_cpv: CpvSet | None = None
    eforms: RouteEforms
    submission: Literal["anbud", "ansökan", "offert"] = "anbud"   # what a supplier hands in
    competition: bool = True      # suppliers compete (evaluation, price); false: a choice system
    reserved: bool = False        # a reservation of its own and special contract conditions, followed up
    procedure: str | None = None  # the procedure it always uses (procedures.yaml); None: the facts decide
    annex2: bool = False          # LOU bilaga 2 services only
    reasons: dict[str, str] = Field(default_factory=dict)
    # internal records written beside a tender of this route (templates/<name>.yaml, to <out>/intern/)
    records: tuple[str, ...] = ()

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    @property
    def info(self) -> dict[str, Any]:
        """What templates and clauses read as ``route_info``: the route's properties, not its id."""
        return {"submission": self.submission, "competition": self.competition, "reserved": self.reserved,
                "procedure": self.procedure, "annex2": self.annex2}


class RoutesFile(DataModel):
    source: str
    common_reasons: dict[str, str]
    routes: tuple[RouteSpec, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> "RoutesFile":
        ids = [r.id for r in self.routes]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"vägen {twice[0]} står flera gånger")
        return self

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self.routes)

    def route(self, route_id: str) -> RouteSpec:
        for spec in self.routes:
            if spec.id == route_id:
                return spec
        raise DocgenError(f"vägen {route_id!r} finns inte i routes.yaml", where=str(data_file("routes.yaml")),
                          hint="välj en av " + ", ".join(self.ids))

    def text(self, spec: RouteSpec, key: str, **values: Any) -> str:
        """Reason ``key`` of ``spec`` (or of common_reasons), one line, placeholders filled in."""
        template = spec.reasons.get(key, self.common_reasons.get(key))
        where = str(data_file("routes.yaml"))
        if template is None:
            raise DocgenError(f"routes.yaml saknar texten {key!r} för vägen {spec.id}", where=where)
        try:
            lead = " " if template[:1].isspace() else ""  # a fragment such as " (inom intervallet …)"
            return (lead + " ".join(template.split())).format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            raise DocgenError(f"routes.yaml: texten {key!r} för vägen {spec.id} har en okänd platshållare ({exc})",
                              where=where, hint="tillåtna platshållare står i kommentaren ovanför texten") from None


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@lru_cache(maxsize=4)
def _routes(path: str | None) -> RoutesFile:
    return read("routes.yaml", path)


def load_routes(path: Path | None = None) -> RoutesFile:
    """routes.yaml as a typed object (validated by ``read``: a mistake is one line with file:line)."""
    return _routes(str(path) if path is not None else None)


def route_ids() -> tuple[str, ...]:
    """The route ids in the order docgen shows them: the one list, from routes.yaml."""
    return load_routes().ids


def route_info_of(route_id: str) -> dict[str, Any]:
    """A route's properties as templates read them (``route_info``; RouteSpec.info)."""
    return load_routes().route(route_id).info


def sector_ids() -> tuple[str, ...]:
    """The sector ids, in the order of sectors.yaml: the one list."""
    return tuple(read("sectors.yaml").sectors)


# --- lou_bilaga2.yaml -----------------------------------------------------------------------------

class Annex2Source(DataModel):
    """One body of evidence that a code is a LOU bilaga 2 service."""

    text: str                     # how a reason names this source, in Swedish
    source: str
    lists: tuple[str, ...] = ()   # keys of cpv_lists.yaml: every code of these lists is bilaga 2
    file: str | None = None       # a TSV of eight-digit codes (with Swedish labels) under data/
    cpv: CpvSet | None = None     # codes and ranges given here


class Annex2Divisions(DataModel):
    """The CPV divisions (two digits) that hold every code of bilaga 2: a code outside them is not a
    bilaga 2 service (issue 21). ``unconfirmed`` are divisions thought to hold a few codes that docgen has
    not checked against the annex text: their codes stay unknown unless a source lists them."""

    confirmed: tuple[str, ...] = Field(min_length=1)
    unconfirmed: tuple[str, ...] = ()
    source: str


class Annex2File(DataModel):
    statute: str
    retrieved: date
    partial: bool
    divisions: Annex2Divisions | None = None
    sources: tuple[Annex2Source, ...] = Field(min_length=1)


@lru_cache(maxsize=4)
def _annex2(path: str | None) -> Annex2File:
    return read("lou_bilaga2.yaml", path)


def load_annex2(path: Path | None = None) -> Annex2File:
    return _annex2(str(path) if path is not None else None)


# --- checklist.yaml (issue 21 part 2) ------------------------------------------------------------

class ChecklistQuestion(_Data):
    part: int = Field(ge=1)
    question: str = Field(min_length=1)
    when: str | None = None


class ChecklistFile(_Data):
    parts: dict[int, str]
    questions: dict[str, ChecklistQuestion]


MODELS: dict[str, type[BaseModel]] = {
    "thresholds.yaml": ThresholdsFile,
    "legal_changes.yaml": LegalChangesFile,
    "risk_industries.yaml": RiskIndustriesFile,
    "iop-checks.yaml": IopChecksFile,
    "state-aid.yaml": StateAidFile,
    "legal_basis_forms.yaml": LegalBasisFormsFile,
    "policy_defaults.yaml": PolicyDefaultsFile,
    "procedures.yaml": ProceduresFile,
    "sectors.yaml": SectorsFile,
    "buyer_defaults.yaml": BuyerDefaultsFile,
    "eforms.yaml": EformsFile,
    "routes.yaml": RoutesFile,
    "lou_bilaga2.yaml": Annex2File,
    "checklist.yaml": ChecklistFile,
}


def model_for(name: str) -> type[BaseModel] | None:
    if name == "cpv_lists.yaml":
        return None   # a mapping of list id → CpvList: validated entry by entry
    return MODELS.get(name)


class DataWording(Wording):
    """How a data file phrases a mistake (validation.Wording)."""

    def name(self, key: tuple) -> str:
        return ".".join(str(part) for part in key) or "(filen)"

    def place(self, issue: Issue) -> tuple:
        return issue.key[:-1] if issue.type == "missing" else issue.key

    def message(self, issue: Issue) -> str:
        key = self.name(issue.key)
        if issue.type == "extra_forbidden":
            return f"okänd nyckel {key} i datafilen"
        if issue.type == "missing":
            return f"{key} saknas i datafilen"
        return f"{key} i datafilen: {issue.raw} (värde: {issue.value!r})"[:300]

    def hint(self, issue: Issue) -> str:
        return {"extra_forbidden": "ta bort nyckeln eller rätta stavningen", "missing": "lägg till nyckeln"}.get(issue.type, "")


def validate_text(text: str, source: str, name: str) -> Any:
    """Parse and validate the text of data file ``name`` into its model; a mistake is one DocgenError with file:line."""
    data, lines = parse_yaml(text, source)
    if name == "cpv_lists.yaml":
        if not isinstance(data, dict):
            raise DocgenError("datafilen ska bestå av nycklar med listor under sig", where=source)
        lists = {}
        for key, entry in data.items():
            try:
                lists[key] = CpvList.model_validate(entry)
            except ValidationError as exc:
                raise validation_error(exc, lines, DataWording(), prefix=(key,)) from None
        return lists
    model = model_for(name)
    if model is None:
        raise DocgenError(f"okänd datafil {name}", where=source, hint="lägg till en modell i generator/datafiles.py")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, lines, DataWording()) from None


_CACHE: dict[str, tuple[int, int, Any]] = {}


def read(name: str, path: Path | str | None = None) -> Any:
    """The validated data of ``generator/data/<name>`` (or of ``path``, a file of the same shape)."""
    where = Path(path) if path is not None else data_file(name)
    try:
        info = where.stat()
    except OSError:
        info = None
    key = str(where)
    if info is not None:
        cached = _CACHE.get(key)
        if cached and cached[:2] == (info.st_mtime_ns, info.st_size):
            return cached[2]
    data = validate_text(read_text_file(where, "datafilen"), str(where), name)
    if info is not None:
        _CACHE[key] = (info.st_mtime_ns, info.st_size, data)
    return data


def data_names() -> list[str]:
    """Every YAML data file that has a model (docgen check validates them all)."""
    return [*MODELS, "cpv_lists.yaml"]
