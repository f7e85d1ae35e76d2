"""1 kap. 2 a § LOV: a choice system reserved for idéburna organisationer (from 2023-01-01)."""

from __future__ import annotations

from functools import lru_cache

from . import Facts, Route, Verdict
from .cpvcheck import apply_cpv_check

BASIS = "1 kap. 2 a § LOV"
LIST = "lov-1-1"

REQUIREMENTS = [
    "Den sökande är en idéburen organisation enligt 2 § lagen (2022:900) om registrering av idéburna organisationer, vars allmännyttiga syfte bidrar till att uppnå ändamålet med tjänsten (1 kap. 2 a § första stycket LOV).",
    "Organisationen har endast gjort värdeöverföringar som är tillåtna enligt 8 § första stycket lagen (2022:900) (1 kap. 2 a § andra stycket LOV).",
    "Varken staten, en region eller en kommun har ett rättsligt bestämmande inflytande över organisationen (1 kap. 2 a § andra stycket LOV).",
    "Villkoren ska gälla under hela kontraktstiden och säkras genom särskilda kontraktsvillkor (4 kap. 2 § LOV).",
]


def check(facts: Facts) -> Verdict:
    verdict = Verdict("lov-2a", True, BASIS, requirements=list(REQUIREMENTS))
    in_force = _in_force_from()
    if in_force and facts.date < in_force:
        verdict.refuse(f"{BASIS} gäller inte före {in_force.isoformat()}; dokumentets datum är {facts.date.isoformat()}.", fact=("date",))
    if not facts.cpv:
        verdict.unknown("Ingen CPV-kod angiven; det går inte att pröva om tjänsten omfattas av 1 kap. 1 § LOV.",
                        "Ange minst en CPV-kod (--cpv) för att pröva 1 kap. 2 a § LOV.")
    else:
        apply_cpv_check(verdict, LIST, facts.cpv,
                        " Ett valfrihetssystem får bara avse tjänster med CPV-koder i 1 kap. 1 § LOV.")
    if facts.vardval:
        verdict.refuse("Valfrihetssystemet är ett vårdvalssystem enligt 7 kap. 3 § hälso- och sjukvårdslagen (2017:30); ett sådant får inte reserveras (1 kap. 2 a § första stycket andra meningen LOV).", fact=("vardval",))
    else:
        verdict.reasons.append("Systemet är inte ett vårdvalssystem enligt 7 kap. 3 § hälso- och sjukvårdslagen (2017:30).")
    if verdict.eligible:
        verdict.reasons.append("Deltagandet i valfrihetssystemet kan reserveras för idéburna organisationer vars allmännyttiga syfte bidrar till tjänstens ändamål.")
    return verdict


@lru_cache(maxsize=1)
def _in_force_from():
    """The reservation's start date, from data/cpv_lists.yaml (lov-1-1.reservation_in_force_from)."""
    import yaml

    from ..resources import data_file

    raw = yaml.safe_load(data_file("cpv_lists.yaml").read_text(encoding="utf-8"))
    return raw[LIST].get("reservation_in_force_from")


ROUTE = Route("lov-2a", "Reserverat valfrihetssystem för idéburna organisationer", BASIS, check)
