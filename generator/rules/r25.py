"""19 kap. 25 § LOU: participation reserved for organisations with a public-service mission (max 3 years)."""

from __future__ import annotations

from . import Facts, Route, Verdict
from .cpvcheck import apply_cpv_check

BASIS = "19 kap. 25 § LOU"
LIST = "lou-19-25"
MAX_MONTHS = 36  # 19 kap. 25 § andra stycket LOU: "Löptiden för kontraktet får inte överstiga tre år."

REQUIREMENTS = [
    "Organisationen har till syfte att fullgöra ett offentligt uppdrag som är kopplat till att tillhandahålla tjänsterna (19 kap. 25 § första stycket 1 LOU).",
    "Organisationen återinvesterar eventuell vinst för att uppnå det syftet (19 kap. 25 § första stycket 2 LOU).",
    "Organisationens lednings- och ägarstruktur grundar sig på personalens ägande eller deltagande, eller kräver aktivt deltagande av personal, användare eller berörda parter (19 kap. 25 § första stycket 3 LOU).",
    "Organisationen har inte under de senaste tre åren tilldelats ett kontrakt för samma slags tjänst av den upphandlande myndigheten med stöd av 19 kap. 25 § LOU (tredje stycket).",
    "Villkoren ska gälla under hela kontraktstiden och säkras genom särskilda kontraktsvillkor (17 kap. 1 § LOU).",
]


def check(facts: Facts) -> Verdict:
    verdict = Verdict("25", True, BASIS, requirements=list(REQUIREMENTS))
    if not facts.cpv:
        verdict.unknown("Ingen CPV-kod angiven; det går inte att pröva om tjänsten omfattas av 19 kap. 25 § LOU.",
                        "Ange minst en CPV-kod (--cpv) för att pröva 19 kap. 25 § LOU.")
    else:
        apply_cpv_check(verdict, LIST, facts.cpv)
    if facts.months is None:
        verdict.unknown("Kontraktets löptid är inte angiven; löptiden får enligt 19 kap. 25 § andra stycket LOU inte överstiga tre år (36 månader).",
                        "Ange hela löptiden inklusive optioner (--months) för att pröva 19 kap. 25 § LOU.")
    elif facts.months > MAX_MONTHS:
        verdict.refuse(f"Löptiden {facts.months} månader (inklusive optioner) överstiger tre år; enligt 19 kap. 25 § andra stycket LOU får den inte vara längre än {MAX_MONTHS} månader.", fact=("months",))
    else:
        verdict.reasons.append(f"Löptiden {facts.months} månader (inklusive optioner) ryms inom tre år (19 kap. 25 § andra stycket LOU).")
    if facts.repeat_25:
        verdict.refuse("Den upphandlande myndigheten har under de senaste tre åren tilldelat samma organisation ett kontrakt för samma slags tjänst med stöd av 19 kap. 25 § LOU; det får inte ske på nytt (19 kap. 25 § tredje stycket LOU).", fact=("repeat_25",))
    if verdict.eligible:
        verdict.reasons.append("Deltagandet kan reserveras för organisationer som uppfyller villkoren i 19 kap. 25 § första stycket 1–3 LOU.")
    return verdict


ROUTE = Route("25", "Reserverad upphandling för organisationer med offentligt uppdrag", BASIS, check)
