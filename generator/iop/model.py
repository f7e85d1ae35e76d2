"""The IOP case file (``document: iop``): parties, partnership, term, contributions, payment, follow-up.

The model validates shape only. Whether the case is an IOP at all (the SOU 2019:56 criteria) is decided
by ``generator.iop.checks`` so that each refusal can name its criterion.
"""

from __future__ import annotations

from datetime import date as Date, timedelta
from typing import Any, Literal

from pydantic import Field, computed_field, model_validator

from ..case import Contact, Strict

ContributionKind = Literal["money", "premises", "staff", "expertise", "volunteers", "other"]


class Signatory(Strict):
    name: str = Field(min_length=1)
    title: str | None = None


class Party(Strict):
    name: str = Field(min_length=1)
    org_number: str = Field(pattern=r"^\d{6}-\d{4}$")
    unit: str | None = None
    legal_form: str | None = None
    description: str | None = None
    contact: Contact
    signatory: Signatory | None = None


class Parties(Strict):
    public: list[Party] = Field(default_factory=list)
    idea: list[Party] = Field(default_factory=list)


class Goal(Strict):
    goal: str = Field(min_length=1)
    measure: str | None = None


class Partnership(Strict):
    title: str = Field(min_length=1)
    background: str | None = None
    challenge: str = Field(min_length=1)
    purpose: str = ""
    goals: list[Goal] = Field(default_factory=list)
    target_group: str = Field(min_length=1)
    programme: str | None = None
    activities: str | None = None
    excluded: list[str] = Field(default_factory=list)


class Term(Strict):
    start_date: Date
    end_date: Date | None = None
    until_further_notice: bool = False

    @model_validator(mode="after")
    def _one_end(self) -> "Term":
        if self.until_further_notice and self.end_date:
            raise ValueError("ange antingen end_date eller until_further_notice: true, inte båda")
        if not self.until_further_notice and not self.end_date:
            raise ValueError("ange end_date eller until_further_notice: true")
        if self.end_date and self.end_date <= self.start_date:
            raise ValueError("end_date måste ligga efter start_date")
        return self


class Contribution(Strict):
    party: str = Field(min_length=1)
    kind: ContributionKind
    description: str = Field(min_length=1)
    amount_sek_per_year: int | None = Field(default=None, ge=0, le=100_000_000_000)


class Payment(Strict):
    due: Date
    amount_sek: int = Field(gt=0, le=100_000_000_000)
    payer: str = Field(min_length=1)
    payee: str = Field(min_length=1)
    note: str | None = None


class PaymentTerms(Strict):
    schedule: list[Payment] = Field(default_factory=list)
    account_note: str | None = None


class FollowUp(Strict):
    meetings_per_year: int = Field(ge=1, le=52)
    convener: str | None = None
    activity_plan_date: Date
    report_date: Date
    final_evaluation: str | None = None


class CriminalRecordCheck(Strict):
    scope: str = Field(min_length=1)
    submit_to: str = Field(min_length=1)


class Assessment(Strict):
    """The Forum/Kalmar criteria the case file answers in words; missing answers stay open in the memo."""

    initiative: str | None = None
    why_not_grant: str | None = None
    why_not_procurement: str | None = None
    no_detailed_control: str | None = None


class Memo(Strict):
    committee: str = Field(min_length=1)
    prepared_by: Signatory
    meeting_date: Date | None = None


class IopCase(Strict):
    document: Literal["iop"]
    date: Date
    reference: str | None = None
    example: bool = False
    parties: Parties
    partnership: Partnership
    term: Term
    contributions: list[Contribution] = Field(default_factory=list)
    payment: PaymentTerms = Field(default_factory=PaymentTerms)
    follow_up: FollowUp
    values: list[str] = Field(default_factory=list)
    criminal_record_check: CriminalRecordCheck | None = None
    assessment: Assessment = Field(default_factory=Assessment)
    memo: Memo | None = None
    clauses: dict[str, dict[str, Any]] = Field(default_factory=dict)

    def header(self) -> tuple[str, str]:
        """The name and reference a document's page header shows."""
        return ", ".join(p.name for p in self.parties.public) or "", self.reference or ""

    # -- derived facts every clause sees (model_dump includes computed fields) ------------------

    @computed_field
    @property
    def all_parties(self) -> list[dict[str, Any]]:
        parties = [(p, "public") for p in self.parties.public] + [(p, "idea") for p in self.parties.idea]
        return [dict(p.model_dump(mode="python"), role=role) for p, role in parties]

    @computed_field
    @property
    def contributions_by_party(self) -> list[dict[str, Any]]:
        """Each party with its contributions and the sum of their yearly amounts (None if no amount)."""
        out = []
        for party in self.all_parties:
            items = [c.model_dump(mode="python") for c in self.contributions if c.party == party["name"]]
            amounts = [c["amount_sek_per_year"] for c in items if c["amount_sek_per_year"] is not None]
            out.append({"party": party["name"], "role": party["role"], "items": items,
                        "total_sek_per_year": sum(amounts) if amounts else None})
        return out

    @computed_field
    @property
    def total_sek_per_year(self) -> int | None:
        amounts = [c.amount_sek_per_year for c in self.contributions if c.amount_sek_per_year is not None]
        return sum(amounts) if amounts else None

    @computed_field
    @property
    def public_sek_per_year(self) -> int:
        names = {p.name for p in self.parties.public}
        return sum(c.amount_sek_per_year or 0 for c in self.contributions if c.party in names)

    @computed_field
    @property
    def idea_sek_per_year(self) -> int:
        names = {p.name for p in self.parties.idea}
        return sum(c.amount_sek_per_year or 0 for c in self.contributions if c.party in names)

    @computed_field
    @property
    def payment_total_sek(self) -> int:
        return sum(p.amount_sek for p in self.payment.schedule)

    @computed_field
    @property
    def term_months(self) -> int | None:
        """Whole months from start to end (None when the agreement runs until further notice)."""
        if self.term.end_date is None:
            return None
        start, after = self.term.start_date, self.term.end_date + timedelta(days=1)
        months = (after.year - start.year) * 12 + after.month - start.month
        return months - 1 if after.day < start.day else months

    @computed_field
    @property
    def convener(self) -> str:
        if self.follow_up.convener:
            return self.follow_up.convener
        return self.parties.public[0].name if self.parties.public else ""

    @computed_field
    @property
    def purchase_words(self) -> list[str]:
        from .checks import purchase_language

        return sorted({hit.label for hit in purchase_language(self)})
