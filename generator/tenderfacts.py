"""The facts a real tender states that no rule decides (issue 21 part 3): the timetable, a viewing of the
premises, a transfer of a running service (verksamhetsövergång), premises, equipment, rent and fees,
competition from the buyer's own unit (egen regi) and the obligations the contract's fines are bound to.

Each is a typed case key. Where the sector pack has a customary answer (data/buyer_defaults.yaml
``case_facts``) the tender check takes it and warns once (rules/casefacts.py); where it has none the key
stays empty, the document says nothing about it and the checklist asks. Models only: no rules here.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Timetable(_Strict):
    questions_deadline: date | None = Field(default=None, title="Sista dag för frågor")
    award_date: date | None = Field(default=None, title="Planerat tilldelningsbeslut")


class Viewing(_Strict):
    day: date | None = Field(default=None, title="Datum för visning")
    place: str | None = Field(default=None, title="Plats för visning")
    registration: str | None = Field(default=None, title="Anmälan till visning", description="t.ex. ”via upphandlingsverktyget senast två dagar före”")


class Transfer(_Strict):
    """A running service taken over: who runs it today, its staff and their collective agreement."""

    current_provider: str = Field(min_length=1, title="Nuvarande utförare")
    staff: int | None = Field(default=None, ge=0, title="Antal anställda i verksamheten")
    collective_agreement: str | None = Field(default=None, title="Kollektivavtal som gäller för personalen")


class Premises(_Strict):
    provided_by: Literal["beställaren", "leverantören"] = Field(title="Vem tillhandahåller lokalerna")
    rent: str | None = Field(default=None, title="Hyra", description="t.ex. ”Leverantören betalar ingen hyra för lokalerna”")
    equipment: Literal["beställaren", "leverantören"] | None = Field(default=None, title="Vem står för inventarier och utrustning")
    fees: str | None = Field(default=None, title="Avgifter från de enskilda")


class Obligation(_Strict):
    """A duty the contract states (e.g. the opening hours) so that a vite can be bound to it."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, title="Åtagande")

    name: str = Field(min_length=1, title="Åtagande", description="t.ex. Öppettider")
    text: str = Field(min_length=1, title="Vad Leverantören ska göra", description="t.ex. ”Museet ska hålla öppet tisdag–söndag kl. 11–17.”")


class Scope(_Strict):
    """Målgrupp, insatser and avgränsning of the service (issue 21 part 7)."""

    target_group: str | None = Field(default=None, title="Målgrupp")
    services: list[str] = Field(default_factory=list, title="Insatser som ingår")
    not_included: list[str] = Field(default_factory=list, title="Det som inte ingår (avgränsning)")


class Ranking(_Strict):
    """A contract awarded to more than one supplier: how they are ranked and called on (issue 21 part 7)."""

    suppliers: int = Field(ge=2, le=50, title="Antal leverantörer som tilldelas kontrakt")
    order: str = Field(min_length=1, title="Hur uppdrag fördelas mellan dem",
                       description="t.ex. ”i rangordning: uppdrag går först till den som rangordnats först”")


class Place(_Strict):
    """Where the service is performed (eForms BT-5071-Lot: a Swedish NUTS 3 code, data/eforms.yaml)."""

    nuts: str = Field(pattern=r"^SE(\d{3}|ZZZ)$", title="NUTS-kod (län)", description="t.ex. SE110 för Stockholms län")


class ChoiceSystem(_Strict):
    """What a förfrågningsunderlag for a valfrihetssystem (route lov-2a) states (issue 21 part 6)."""

    area: str | None = Field(default=None, title="Geografiskt område", description="t.ex. ”hela kommunen” eller ”stadsdelarna Norr och Centrum”")
    capacity_cap: bool | None = Field(default=None, title="Leverantören får ange ett kapacitetstak")
    must_accept: bool | None = Field(default=None, title="Leverantören är skyldig att ta emot uppdrag inom kapacitetstak och område")
    assignment_order: str | None = Field(default=None, title="Hur uppdrag fördelas", description="t.ex. ”i turordning efter godkännandedatum”")
    reselection_days: int | None = Field(default=None, ge=0, le=365, title="Dagar inom vilka ett omval genomförs")
    new_organisations: str | None = Field(default=None, title="Hur en nystartad organisation utan referenser visar sin förmåga")
