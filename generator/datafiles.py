"""Every data file in generator/data/, read through one typed loader.

Each YAML file has a pydantic model below (unknown keys refused, types checked); ``read(name)`` parses
the file safely, validates it and returns its data, cached by path and modification time. A lawyer's
typo in a data file becomes one Swedish line with file:line (exit 2), never "internt fel".
`docgen check` validates every file (checks/data.py).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import DocgenError
from .resources import data_file
from .yamlfile import parse_yaml, read_text_file


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
    thresholds: list[ThresholdEntry]


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
    in_force_from: date | None = None
    reservation_in_force_from: date | None = None


# --- iop-checks.yaml ----------------------------------------------------------------------------

class WordPattern(_Data):
    label: str
    pattern: str


class IopChecksFile(_Data):
    purchase_language: list[WordPattern]
    for_profit_forms: list[WordPattern]
    not_for_profit: list[WordPattern]


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


class ProceduresFile(_Data):
    procedures: dict[str, ProcedureEntry]


# --- sectors.yaml -------------------------------------------------------------------------------

class SectorEntry(_Data):
    name: str
    welfare: bool
    cpv_prefixes: list[str]


class SocialServicesAct(_Data):
    name: str
    short: str
    valid_from: date
    valid_to: date | None = None


class SectorsFile(_Data):
    sectors: dict[str, SectorEntry]
    social_services_acts: list[SocialServicesAct]


# --- buyer_defaults.yaml ------------------------------------------------------------------------

class ScalePoint(_Data):
    points: int
    meaning: str


class SectorDefaults(_Data):
    label: str
    cpv_prefixes: list[str]
    evaluation: dict[str, Any]
    price_items: list[dict[str, Any]]
    index: dict[str, Any] | None = None
    insurance: dict[str, Any] | None = None
    vite: list[dict[str, Any]] = Field(default_factory=list)


class BuyerDefaultsFile(_Data):
    scale: list[ScalePoint]
    sector_families: dict[str, str]
    sectors: dict[str, SectorDefaults]


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


class ReservedRoute(_Data):
    code: str | None
    basis: str | None
    directive: str | None = None
    note: str
    also: dict[str, Any] | None = None
    guidance: Any = None


class ReservedParticipation(_Data):
    codes: dict[str, str]
    routes: dict[str, ReservedRoute]


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


MODELS: dict[str, type[BaseModel]] = {
    "thresholds.yaml": ThresholdsFile,
    "risk_industries.yaml": RiskIndustriesFile,
    "iop-checks.yaml": IopChecksFile,
    "legal_basis_forms.yaml": LegalBasisFormsFile,
    "policy_defaults.yaml": PolicyDefaultsFile,
    "procedures.yaml": ProceduresFile,
    "sectors.yaml": SectorsFile,
    "buyer_defaults.yaml": BuyerDefaultsFile,
    "eforms.yaml": EformsFile,
}


def model_for(name: str) -> type[BaseModel] | None:
    if name == "cpv_lists.yaml":
        return None   # a mapping of list id → CpvList: validated entry by entry
    return MODELS.get(name)


def _where(lines, loc: tuple) -> str:
    return lines.where(tuple(loc))


def validate_text(text: str, source: str, name: str) -> Any:
    """Parse and validate the text of data file ``name``; a mistake is one DocgenError with file:line."""
    data, lines = parse_yaml(text, source)
    try:
        if name == "cpv_lists.yaml":
            if not isinstance(data, dict):
                raise DocgenError("datafilen ska vara en mappning av listor", where=source)
            for key, entry in data.items():
                try:
                    CpvList.model_validate(entry)
                except ValidationError as exc:
                    error = _first(exc)
                    raise _error(error, (key, *error["loc"]), lines) from None
            return data
        model = model_for(name)
        if model is None:
            raise DocgenError(f"okänd datafil {name}", where=source, hint="lägg till en modell i generator/datafiles.py")
        model.model_validate(data)
    except ValidationError as exc:
        error = _first(exc)
        raise _error(error, tuple(error["loc"]), lines) from None
    return data


def _first(exc: ValidationError) -> dict:
    """An unknown key first: a misspelt key also makes the right one missing."""
    errors = exc.errors()
    return next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])


def _error(error: dict, loc: tuple, lines) -> DocgenError:
    key = ".".join(str(part) for part in loc) or "(filen)"
    if error["type"] == "extra_forbidden":
        return DocgenError(f"okänd nyckel {key} i datafilen", where=_where(lines, loc),
                           hint="ta bort nyckeln eller rätta stavningen")
    if error["type"] == "missing":
        return DocgenError(f"{key} saknas i datafilen", where=_where(lines, loc[:-1]), hint="lägg till nyckeln")
    return DocgenError(f"{key} i datafilen: {error['msg']} (värde: {error.get('input')!r})"[:300],
                       where=_where(lines, loc))


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
