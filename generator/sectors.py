"""Sector packs: which folder of clauses under clauses/sector/ a tender gets, and which
socialtjänstlag is in force on the document's date. Both are data (generator/data/sectors.yaml).

The case chooses a sector with ``procurement.sector``; without it the CPV codes decide, main code first
(``main_cpv``, else the case's order): the first code any prefix matches, the longest prefix first. A
sector's own prefix picks its pack (``SectorChoice.how == "cpv"``: the buyer is warned); a prefix that
several packs share (``ambiguous_cpv``) leaves the choice to the case (``how == "ask"``: refused with
the choices); no match at all gives ``general`` – no sector pack, the case's own requirements and the
common ones only (``how == "none"``: warned). Never silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .cpv import name_of
from .datafiles import read
from .errors import DocgenError
from .findings import Finding
from .resources import data_file

SECTORS_FILE = "sectors.yaml"


GENERAL = "general"   # no sector pack


@dataclass(frozen=True)
class Sector:
    id: str
    name: str
    welfare: bool
    cpv_prefixes: tuple[str, ...]
    act: str | None = None   # "sol" or "lss": the act the activity is run under


@dataclass(frozen=True)
class SectorChoice:
    """How a case's sector was settled: ``how`` is "chosen" (procurement.sector), "cpv" (a code's own
    prefix; ``code`` names it), "none" (no code matches any pack: ``general``) or "ask" (``code`` is
    shared by the ``choices``; ``sector`` is None until the case chooses)."""

    sector: str | None
    how: str
    code: str | None = None
    choices: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _data():
    return read(SECTORS_FILE)


@lru_cache(maxsize=1)
def load_sectors() -> dict[str, Sector]:
    return {key: Sector(key, value.name, value.welfare, tuple(value.cpv_prefixes), value.act)
            for key, value in _data().sectors.items()}


def choose_sector(chosen: str | None, cpv: list[str], main: str | None = None) -> SectorChoice:
    """How the sector is settled for a purchase (see the module docstring)."""
    if chosen:
        return SectorChoice(chosen, "chosen")
    codes = ([main] if main else []) + [c for c in cpv if c != main]
    sectors = load_sectors()
    shared = [(entry.prefix, tuple(entry.sectors)) for entry in _data().ambiguous_cpv]
    for code in codes:
        digits = code.split("-")[0]
        own = [(len(prefix), key, ()) for key, sector in sectors.items() for prefix in sector.cpv_prefixes
               if digits.startswith(prefix)]
        ask = [(len(prefix), None, choices) for prefix, choices in shared if digits.startswith(prefix)]
        best = max(own + ask, default=None, key=lambda found: found[0])
        if best is None:
            continue
        if best[1] is None:
            return SectorChoice(None, "ask", code, best[2])
        return SectorChoice(best[1], "cpv", code)
    return SectorChoice(GENERAL, "none")


def sector_of(chosen: str | None, cpv: list[str], main: str | None = None) -> str | None:
    """The sector pack a purchase's specification is taken from: None for ``general`` (no pack) and while
    the case has to choose (``choose_sector`` says which)."""
    found = choose_sector(chosen, cpv, main).sector
    return None if found == GENERAL else found


def welfare_of(sector: str | None) -> bool:
    """Whether the sector is a social service (socialtjänstlagen or LSS): IVO, lex Sarah, meddelarskydd."""
    return bool(sector and load_sectors()[sector].welfare)


def sector_from_cpv(cpv: list[str]) -> str | None:
    """The pack the CPV codes alone pick (None: general, or the case must choose)."""
    return sector_of(None, cpv)


def sector_message(choice: SectorChoice) -> tuple[str, str] | None:
    """(kind, Swedish text) for a sector settled without the case's word: ("refuse", …) when the case must
    choose, ("warning", …) naming the pack taken and how to change it; None when the case chose."""
    sectors = load_sectors()
    if choice.how == "chosen":
        return None
    listed = ", ".join(f"{key} ({sectors[key].name})" for key in (choice.choices or sectors))
    if choice.how == "ask":
        label = f"{choice.code} {name_of(choice.code) or ''}".strip()
        return ("refuse", f"CPV-koden {label} avgör inte vilket sektorpaket kravspecifikationen ska hämtas ur; "
                          f"ange procurement.sector: ett av {listed}")
    if choice.how == "cpv":
        label = f"{choice.code} {name_of(choice.code) or ''}".strip()
        return ("warning", f"sektorpaketet {choice.sector} ({sectors[choice.sector].name}) är valt efter CPV-koden "
                           f"{label}; ange procurement.sector med ett annat värde om det inte stämmer "
                           f"(ett av {', '.join(sectors)})")
    return ("warning", "ingen CPV-kod motsvarar något sektorpaket: kravspecifikationen innehåller bara de "
                       "gemensamma kraven och ärendets egna (procurement.sector: general); ange procurement.sector "
                       f"om ett sektorpaket passar (ett av {', '.join(sectors)})")


def social_services_act(day: date) -> dict:
    """The socialtjänstlag in force on ``day``: {name, short}."""
    for act in _data().social_services_acts:
        if act.valid_from <= day and (act.valid_to is None or day <= act.valid_to):
            return {"name": act.name, "short": act.short}
    raise DocgenError(f"ingen socialtjänstlag är känd för datumet {day.isoformat()}", where=str(data_file(SECTORS_FILE)))


def sector_findings(loaded) -> list:
    """The tender check's word on the sector (issue 21): refused (one line naming procurement.sector and
    the choices) when the CPV codes do not decide it, else one warning when the codes decided it."""
    p = loaded.model.procurement
    choice = choose_sector(p.sector, p.cpv, p.main_cpv)
    found = sector_message(choice)
    if found is None:
        return []
    kind, message = found
    if kind == "refuse":
        raise DocgenError(message, where=loaded.lines.where(("procurement", "cpv")), key=("procurement", "sector"), missing=True)
    return [Finding.at(loaded.lines, ("procurement", "cpv"), message, code="sector-default")]
