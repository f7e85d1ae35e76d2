"""Dated thresholds: the figure in force on a date, with its source, from data/thresholds.yaml."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from .datafiles import read as read_data
from .errors import DocgenError
from .resources import data_file


@dataclass(frozen=True)
class Threshold:
    kind: str
    amount_sek: int
    valid_from: date
    valid_to: date | None
    basis: str
    source: str

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def period(self) -> str:
        end = self.valid_to.isoformat() if self.valid_to else "tills vidare"
        return f"{self.valid_from.isoformat()}–{end}"


@dataclass(frozen=True)
class Lookup:
    """The answer for one kind on one date: a threshold, or None and why."""

    kind: str
    day: date
    threshold: Threshold | None
    gap: str | None = None


def load_thresholds(path: Path | None = None) -> list[Threshold]:
    return list(_load(str(path or data_file("thresholds.yaml"))))


@lru_cache(maxsize=4)
def _load(path: str) -> tuple[Threshold, ...]:
    try:
        raw = read_data("thresholds.yaml", path)
        items = tuple(Threshold(**entry.model_dump()) for entry in raw.thresholds)
    except (KeyError, TypeError) as exc:
        raise DocgenError(f"tröskelvärdesfilen kan inte läsas: {exc}", where=path) from None
    return items


def label_of(kind: str, path: Path | None = None) -> str:
    """How a message names a kind of threshold (thresholds.yaml's labels), never the key itself."""
    return read_data("thresholds.yaml", str(path or data_file("thresholds.yaml"))).labels.get(kind, "tröskelvärdet")


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + " kr"


# The thresholds a build looked up (``recording``): its manifest records them, so `docgen audit` can
# later tell which figures a document relied on and whether they are still in force.
_RECORDED: ContextVar[list[Threshold] | None] = ContextVar("docgen_thresholds_used", default=None)


@contextmanager
def recording() -> Iterator[list[Threshold]]:
    """Collect every threshold ``threshold_in_force`` finds while the block runs (in order, once each)."""
    used: list[Threshold] = []
    token = _RECORDED.set(used)
    try:
        yield used
    finally:
        _RECORDED.reset(token)


def threshold_in_force(kind: str, day: date, path: Path | None = None) -> Lookup:
    """The figure of ``kind`` in force on ``day``; a date in no known period gives None and names the gap."""
    lookup = _in_force(kind, day, path)
    used = _RECORDED.get()
    if used is not None and lookup.threshold is not None and lookup.threshold not in used:
        used.append(lookup.threshold)
    return lookup


def _in_force(kind: str, day: date, path: Path | None = None) -> Lookup:
    items = sorted((t for t in load_thresholds(path) if t.kind == kind), key=lambda t: t.valid_from)
    if not items:
        return Lookup(kind, day, None, f"inga tröskelvärden av slaget {kind} finns i datafilen")
    for item in items:
        if item.covers(day):
            return Lookup(kind, day, item)
    name = f"{label_of(kind, path)} ({items[-1].basis})"
    if day < items[0].valid_from:
        gap = f"docgen känner inte {name} före {items[0].valid_from.isoformat()}"
    elif items[-1].valid_to and day > items[-1].valid_to:
        gap = (f"docgen känner {name} bara till och med {items[-1].valid_to.isoformat()} "
               f"({_money(items[-1].amount_sek)}); beloppet som gäller den {day.isoformat()} har inte lagts in")
    else:
        gap = f"docgen känner inte {name} den {day.isoformat()}: datumet faller mellan två kända perioder"
    return Lookup(kind, day, None, gap)
