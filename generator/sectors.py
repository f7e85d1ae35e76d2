"""Sector packs: which folder of clauses under clauses/sector/ a tender gets, and which
socialtjänstlag is in force on the document's date. Both are data (generator/data/sectors.yaml).

The case chooses a sector with ``procurement.sector``; without it the CPV codes decide, in the case's
order: the first code with a matching prefix, the longest prefix first. No match: no sector pack, and
the tender holds only the general specification (the buyer is warned).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache


from .errors import DocgenError
from .resources import data_file

SECTORS_FILE = "sectors.yaml"


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    welfare: bool
    cpv_prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def _data():
    from .datafiles import read

    return read(SECTORS_FILE)


@lru_cache(maxsize=1)
def load_sectors() -> dict[str, Sector]:
    return {key: Sector(key, value.name, value.welfare, tuple(value.cpv_prefixes))
            for key, value in _data().sectors.items()}


def sector_of(chosen: str | None, cpv: list[str]) -> str | None:
    """The sector a purchase's specification is taken from: the one chosen, else the CPV codes'."""
    return chosen or sector_from_cpv(cpv)


def welfare_of(sector: str | None) -> bool:
    """Whether the sector is a social service (socialtjänstlagen or LSS): IVO, lex Sarah, meddelarskydd."""
    return bool(sector and load_sectors()[sector].welfare)


def sector_from_cpv(cpv: list[str]) -> str | None:
    sectors = load_sectors()
    for code in cpv:
        digits = code.split("-")[0]
        best = max(((len(prefix), key) for key, sector in sectors.items() for prefix in sector.cpv_prefixes
                    if digits.startswith(prefix)), default=None)
        if best is not None:
            return best[1]
    return None


def social_services_act(day: date) -> dict:
    """The socialtjänstlag in force on ``day``: {name, short}."""
    for act in _data().social_services_acts:
        if act.valid_from <= day and (act.valid_to is None or day <= act.valid_to):
            return {"name": act.name, "short": act.short}
    raise DocgenError(f"ingen socialtjänstlag är känd för datumet {day.isoformat()}", where=str(data_file(SECTORS_FILE)))
