"""4 kap. 18 § LOU: participation reserved for sheltered workshops and work-integration suppliers."""

from __future__ import annotations

from . import Facts, Route, Verdict

BASIS = "4 kap. 18 § LOU"

REQUIREMENTS = [
    "Anbudsgivaren är en skyddad verkstad eller en leverantör vars främsta syfte är social och yrkesmässig integration av personer med funktionsnedsättning eller personer som har svårt att komma in på arbetsmarknaden (4 kap. 18 § första stycket 1 LOU), eller kontraktet fullgörs inom ramen för ett program för skyddad anställning (första stycket 2).",
    "Minst 30 procent av dem som sysselsätts i verksamheten, hos leverantören eller i programmet är personer med funktionsnedsättning eller personer som har svårt att komma in på arbetsmarknaden (4 kap. 18 § andra stycket LOU).",
    "Kraven styrks med till exempel stadgar, bolagsordning, årsredovisning, styrdokument eller en sammanställning över de sysselsatta; andra likvärdiga bevis godtas.",
    "En organisatorisk enhet inom en större juridisk person får lämna anbud och prövas för sig (HFD 2021 ref. 48); av en sådan enhet krävs inte registrering i aktiebolags- eller handelsregister eller kreditupplysning, utan handlingar från den juridiska personen godtas.",
    "Andelskravet ska vara uppfyllt under hela kontraktstiden och säkras genom särskilda kontraktsvillkor (17 kap. 1 § LOU).",
]


def check(facts: Facts) -> Verdict:
    return Verdict("4-18", True, BASIS, [
        "4 kap. 18 § LOU får tillämpas i varje upphandling, oavsett tjänst, CPV-kod och värde.",
        "Verksamhetskravet (eller programmet för skyddad anställning) och andelskravet om minst 30 procent blir krav på anbudsgivaren.",
    ], requirements=list(REQUIREMENTS))


ROUTE = Route("4-18", "Reserverad upphandling för ökad sysselsättning", BASIS, check)
