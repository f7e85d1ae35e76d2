"""What a case file may say under ``clauses.labour_law`` beyond the clause variables: the levels of the
central collective agreement (``levels``, one row per employee category) and the buyer's needs
assessment (``assessment``). Validated as part of the tender case (generator.case.TenderCase), so a bad
row stops docgen with the file and line of the row.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from ..modelbase import Strict as _Strict


class Level(_Strict):
    """The lowest levels of the named central collective agreement for one employee category."""

    category: str = Field(min_length=1, title="Yrkeskategori")
    minimum_pay_sek: float = Field(gt=0, le=10_000_000, title="Lägsta lön (kronor)")
    pay_unit: Literal["månad", "timme"] = Field(default="månad", title="Lönen avser kronor per månad eller per timme")
    holiday_days: int | None = Field(default=None, ge=25, le=60, title="Semesterdagar per år",
                                     description="Minst 25 dagar enligt semesterlagen (1977:480)")
    holiday_pay: str | None = Field(default=None, min_length=1, title="Semesterlön och semestertillägg")
    weekly_hours: float | None = Field(default=None, gt=0, le=60, title="Ordinarie arbetstid per vecka (timmar)")
    ob: str | None = Field(default=None, min_length=1, title="Ersättning för obekväm arbetstid")
    overtime: str | None = Field(default=None, min_length=1, title="Övertidsersättning")
    note: str | None = Field(default=None, min_length=1, title="Anmärkning, t.ex. avtalsperiod och paragraf")
    example: bool = Field(default=False, title="Exempelnivå, inte hämtad ur kollektivavtalet",
                          description="Raden visas som exempel i bilagan Villkor och varje körning varnar tills den ersatts "
                                      "med kollektivavtalets lägsta nivå")


class Assessment(_Strict):
    """The buyer's own findings for the needs assessment (behövlighetsbedömning, 17 kap. 2 § LOU)."""

    nature_of_work: str | None = Field(default=None, min_length=1, title="Arbetets art och vilka arbetstagare som utför det")
    work_in_sweden: bool | None = Field(default=None, title="Arbetet utförs i Sverige")
    risk_indicators: list[str] = Field(default_factory=list, title="Iakttagna riskindikatorer")
    agreement_parties: str | None = Field(default=None, min_length=1, title="Parter i det centrala kollektivavtalet")
    parties_consulted: str | None = Field(default=None, min_length=1, title="Avtalsparternas yttrande")
    conclusion: str | None = Field(default=None, min_length=1, title="Myndighetens slutsats med egna ord")
    assessed_by: str | None = Field(default=None, min_length=1, title="Bedömningen gjord av (namn och befattning)")
    assessed_on: date | None = Field(default=None, title="Datum för bedömningen")

    @field_validator("risk_indicators")
    @classmethod
    def _no_blank_indicator(cls, items: list[str]) -> list[str]:
        if any(not str(item).strip() for item in items):
            raise ValueError("en riskindikator är tom: skriv en iakttagelse per rad eller ta bort raden")
        return items


class LabourLawParts(_Strict):
    levels: list[Level] = Field(default_factory=list)
    assessment: Assessment | None = None

    @field_validator("levels")
    @classmethod
    def _unique_categories(cls, levels: list[Level]) -> list[Level]:
        seen: set[str] = set()
        for level in levels:
            key = level.category.casefold()
            if key in seen:
                raise ValueError(f"yrkeskategorin {level.category!r} står två gånger: ge varje kategori en rad")
            seen.add(key)
        return levels


PARTS = tuple(LabourLawParts.model_fields)


class InvalidPart(ValueError):
    """A row of ``clauses.labour_law`` that fails validation: the inner error and where the data sits."""

    def __init__(self, error: ValidationError, prefix: tuple):
        super().__init__(str(error))
        self.error = error
        self.model = LabourLawParts
        self.prefix = prefix


def normalise_labour_law(clauses: dict[str, dict[str, Any]]) -> None:
    """Validate ``clauses.labour_law.levels`` and ``.assessment`` in place: each becomes plain data with
    every field present (None where not given), so clauses can test ``row.weekly_hours is none``.
    ``assessment`` is filled in even when the case gives none."""
    labour_law = clauses.get("labour_law")
    if not isinstance(labour_law, dict):
        return
    given = {key: labour_law[key] for key in PARTS if key in labour_law}
    try:
        parts = LabourLawParts.model_validate(given)
    except ValidationError as exc:
        raise InvalidPart(exc, ("clauses", "labour_law")) from None
    if "levels" in given:
        labour_law["levels"] = [{key: _whole(value) for key, value in level.model_dump(mode="python").items()}
                                for level in parts.levels]
        for row in labour_law["levels"]:  # a note that calls the amount an example makes the row one
            row["example"] = row["example"] or bool(_EXAMPLE_NOTE.search(row["note"] or ""))
    # always present (every field None when not given): the needs assessment reads it field by field
    labour_law["assessment"] = (parts.assessment or Assessment()).model_dump(mode="python")


# "Exempelbelopp – ersätt med …", "Exempel: …": a note that says the row is an invented example
_EXAMPLE_NOTE = re.compile(r"^\s*exempel\b|exempel(?:belopp|nivå|lön)", re.I)


def _whole(value: Any) -> Any:
    """28000.0 -> 28000, so amounts and hours print without a decimal part; 152.4 stays."""
    return int(value) if isinstance(value, float) and value.is_integer() else value
