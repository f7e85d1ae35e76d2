"""The risk industries for labour-law conditions (data/risk_industries.yaml, with its source): which CPV
codes fall in one, and which EU threshold kind applies. Data only: read by the condition rules and by
the labour-law needs assessment."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .datafiles import read as read_data
from .errors import DocgenError
from .resources import data_file


@dataclass(frozen=True)
class RiskIndustry:
    name: str
    cpv_prefixes: tuple[str, ...]
    threshold: str  # "services" or "works": a key of threshold_kinds

    def covers(self, code: str) -> bool:
        return any(code.startswith(prefix) for prefix in self.cpv_prefixes)


@dataclass(frozen=True)
class RiskIndustries:
    industries: tuple[RiskIndustry, ...]
    threshold_kinds: dict[str, dict[str, str]]
    source: str

    def matches(self, codes: tuple[str, ...] | list[str]) -> list[tuple[str, RiskIndustry]]:
        return [(code, industry) for code in codes for industry in self.industries if industry.covers(code)]


def load_risk_industries(path: Path | None = None) -> RiskIndustries:
    return _load(str(path or data_file("risk_industries.yaml")))


@lru_cache(maxsize=4)
def _load(path: str) -> RiskIndustries:
    try:
        raw = read_data("risk_industries.yaml", path)
        industries = tuple(RiskIndustry(i.name, tuple(i.cpv_prefixes), i.threshold) for i in raw.industries)
        kinds = {k: dict(v) for k, v in raw.threshold_kinds.items()}
        return RiskIndustries(industries, kinds, raw.source)
    except (KeyError, TypeError, AttributeError) as exc:
        raise DocgenError(f"filen med riskbranscher kan inte läsas: {exc}", where=path) from None
