"""CPV codes: format, names and the statutory lists (data in data/cpv_lists.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


from .errors import DocgenError
from .resources import data_file

CPV_PATTERN = re.compile(r"^\d{8}-\d$")


def check_format(code: str, where: str | None = None) -> str:
    code = str(code).strip()
    if not CPV_PATTERN.match(code):
        raise DocgenError(
            f"ogiltig CPV-kod {code!r}", where=where, hint="skriv åtta siffror, bindestreck och kontrollsiffra, t.ex. 85311100-3"
        )
    return code


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    table: dict[str, str] = {}
    folder = data_file("cpv")
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            code, _, name = line.partition("\t")
            table.setdefault(code.strip(), name.strip())
    return table


def name_of(code: str) -> str | None:
    return names().get(code)


@dataclass(frozen=True)
class CpvList:
    key: str
    statute: str
    source: str
    codes: frozenset[str]
    ranges: tuple[tuple[str, str], ...]
    in_force_from: date | None = None

    def covers(self, code: str) -> bool:
        if code in self.codes:
            return True
        number = int(code[:8])
        return any(int(low[:8]) <= number <= int(high[:8]) for low, high in self.ranges)

    def range_of(self, code: str) -> tuple[str, str] | None:
        number = int(code[:8])
        for low, high in self.ranges:
            if int(low[:8]) <= number <= int(high[:8]):
                return low, high
        return None


@lru_cache(maxsize=1)
def statutory_lists() -> dict[str, CpvList]:
    from .datafiles import read

    raw = read("cpv_lists.yaml")
    result = {}
    for key, spec in raw.items():
        codes = set(str(c) for c in spec.get("codes", []))
        if spec.get("codes_from_names_file"):
            path = data_file("cpv") / spec["names_file"]
            codes |= {
                line.split("\t", 1)[0].strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")
            }
        ranges = tuple((str(low), str(high)) for low, high in spec.get("ranges", []))
        result[key] = CpvList(key, spec["statute"], spec["source"], frozenset(codes), ranges, spec.get("in_force_from"))
    return result


def cpv_list(key: str) -> CpvList:
    return statutory_lists()[key]
