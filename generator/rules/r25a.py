"""19 kap. 25 a § LOU: participation reserved for idéburna organisationer (from 2023-01-01)."""

from __future__ import annotations

from ..cpv import cpv_list
from . import Facts, Route, Verdict
from .cpvcheck import apply_cpv_check

BASIS = "19 kap. 25 a § LOU"
LIST = "lou-19-25a"

REQUIREMENTS = [
    "Anbudsgivaren är en idéburen organisation enligt 2 § lagen (2022:900) om registrering av idéburna organisationer.",
    "Organisationens allmännyttiga syfte bidrar till att uppnå ändamålet med den tjänst som ska tillhandahållas (19 kap. 25 a § första stycket LOU).",
    "Organisationen har endast gjort värdeöverföringar som är tillåtna enligt 8 § första stycket lagen (2022:900) (19 kap. 25 a § andra stycket LOU).",
    "Varken staten, en region eller en kommun har ett rättsligt bestämmande inflytande över organisationen (19 kap. 25 a § andra stycket LOU).",
    "Villkoren ska gälla under hela kontraktstiden och säkras genom särskilda kontraktsvillkor (17 kap. 1 § LOU).",
]


def check(facts: Facts) -> Verdict:
    verdict = Verdict("25a", True, BASIS, requirements=list(REQUIREMENTS))
    in_force = cpv_list(LIST).in_force_from
    if in_force and facts.date < in_force:
        verdict.refuse(f"{BASIS} gäller först från {in_force.isoformat()}; dokumentets datum är {facts.date.isoformat()}.", fact=("date",))
        return verdict
    if not facts.cpv:
        verdict.unknown("Ingen CPV-kod angiven; det går inte att pröva om tjänsten omfattas av 19 kap. 25 a § LOU.",
                        "Ange minst en CPV-kod (--cpv) för att pröva 19 kap. 25 a § LOU.")
        return verdict
    apply_cpv_check(verdict, LIST, facts.cpv)
    if verdict.eligible:
        verdict.reasons.append("Deltagandet får reserveras för idéburna organisationer vars allmännyttiga syfte bidrar till tjänstens ändamål.")
    return verdict


ROUTE = Route("25a", "Reserverad upphandling för idéburna organisationer", BASIS, check)
