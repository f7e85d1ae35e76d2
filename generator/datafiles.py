"""Typed loaders for the data files in generator/data/: each file is one pydantic model.

A file is parsed with line numbers (yamlfile.parse_yaml) and validated into its model; a mistake in
a data file is one Swedish line naming the file and the line, never "internt fel". Loaders are
cached; models are frozen so no caller changes shared data.

Files read here: routes.yaml (the legal routes), lou_bilaga2.yaml (what docgen knows of LOU
bilaga 2).
"""

from __future__ import annotations

import string
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from .errors import DocgenError
from .resources import data_file
from .yamlfile import parse_yaml

M = TypeVar("M", bound=BaseModel)


class DataModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def load_model(model: type[M], path: Path, what: str) -> M:
    """Parse ``path`` and validate it into ``model``; errors name the file and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocgenError(f"{what} kan inte läsas: {exc.strerror}", where=str(path)) from None
    raw, lines = parse_yaml(text, str(path))
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        key = ".".join(str(part) for part in loc) or "(filen)"
        raise DocgenError(f"{what}: {key}: {first['msg']}", where=lines.where(loc),
                          hint="rätta datafilen; formatet beskrivs överst i filen") from None


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
    reasons: dict[str, str] = Field(default_factory=dict)

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


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


@lru_cache(maxsize=2)
def _routes(path: str) -> RoutesFile:
    return load_model(RoutesFile, Path(path), "routes.yaml")


def load_routes(path: Path | None = None) -> RoutesFile:
    return _routes(str(path or data_file("routes.yaml")))


def route_ids() -> tuple[str, ...]:
    """The route ids in the order docgen shows them: the one list, from routes.yaml."""
    return load_routes().ids


# --- lou_bilaga2.yaml -----------------------------------------------------------------------------

class Annex2Source(DataModel):
    """One body of evidence that a code is a LOU bilaga 2 service."""

    text: str                     # how a reason names this source, in Swedish
    source: str
    lists: tuple[str, ...] = ()   # keys of cpv_lists.yaml: every code of these lists is bilaga 2
    file: str | None = None       # a TSV of eight-digit codes (with Swedish labels) under data/
    cpv: CpvSet | None = None     # codes and ranges given here


class Annex2File(DataModel):
    statute: str
    retrieved: date
    partial: bool
    sources: tuple[Annex2Source, ...] = Field(min_length=1)


@lru_cache(maxsize=2)
def _annex2(path: str) -> Annex2File:
    return load_model(Annex2File, Path(path), "lou_bilaga2.yaml")


def load_annex2(path: Path | None = None) -> Annex2File:
    return _annex2(str(path or data_file("lou_bilaga2.yaml")))
