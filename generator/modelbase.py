"""What every case model shares: the strict base (unknown keys refused, text stripped), a contact
person and an amount of money in kronor. The tender's models are case.py (the case) and decisions.py
(the buyer's decisions); the IOP's iop/model.py, the policies' policy/model.py, the labour-law
package's labour/model.py. Models validate only: what follows from the law (a route's verdict, the
procedure, the defaults a case leaves to docgen) is decided by the rules (generator/rules/), in the
kind's check stage (kinds.py).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


# An amount in whole kronor: never negative, never absurd (a hundred billion is the ceiling).
Money = Annotated[int, Field(ge=0, le=100_000_000_000)]


class Contact(Strict):
    name: str = Field(min_length=1, title="Namn")
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$", title="E-post", description="t.ex. namn@kommun.se")
    phone: str | None = Field(default=None, title="Telefon")
