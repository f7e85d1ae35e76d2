"""Which companion documents a tender case gets for labour-law conditions (17 kap. 2–4 §§ LOU).

With conditions (``clauses.labour_law`` without ``not_needed_because``): the three appendices the
buyer publishes beside the tender document, numbered after its own appendices (annexes.py) – Villkor, Egenrapportering,
Tidplan och åtgärdsplan – and the internal needs assessment. With ``not_needed_because``: the needs
assessment alone, recording why. Each is its own template under templates/ and its own file.
"""

from __future__ import annotations

from ..findings import Finding

APPENDICES = ("labour-law-terms", "labour-law-self-report", "labour-law-action-plan")
ASSESSMENT = "labour-law-assessment"


def companion_templates(case) -> list[str]:
    clauses = getattr(case, "clauses", None) or {}
    labour_law = clauses.get("labour_law")
    if not isinstance(labour_law, dict):
        return []
    if "not_needed_because" in labour_law:
        return [ASSESSMENT]
    return [*APPENDICES, ASSESSMENT]


def companion_findings(loaded) -> list:
    """Bilaga 1 without levels is a form the buyer fills in: say so, once."""
    labour_law = loaded.model.clauses.get("labour_law")
    if not isinstance(labour_law, dict) or "not_needed_because" in labour_law or labour_law.get("levels"):
        return []
    place = ("clauses", "labour_law", "levels") if "levels" in labour_law else ("clauses", "labour_law")
    return [Finding.at(loaded.lines, place, "clauses.labour_law.levels anger inga nivåer: bilagan Villkor (arbetsrättsliga villkor) skrivs med "
            "tomma rader som den upphandlande myndigheten ska fylla i innan upphandlingen annonseras; ange en rad "
            "per yrkeskategori (category, minimum_pay_sek, pay_unit, holiday_days, weekly_hours …) för att få dem ifyllda",
            code="labour-law-levels")]


def example_level_findings(loaded) -> list:
    """Every level row that is an example (``example: true``, or a note calling the amount an example; see
    labour.model): bilaga 1 is part of the contract, and its levels must be those of the central collective
    agreement. A finding about the case itself, so every `docgen tender` run reports it."""
    labour_law = loaded.model.clauses.get("labour_law")
    if not isinstance(labour_law, dict) or "not_needed_because" in labour_law:
        return []
    agreement = labour_law.get("collective_agreement") or "det centrala kollektivavtalet"
    return [Finding.at(loaded.lines, ("clauses", "labour_law", "levels", i),
                       f"clauses.labour_law.levels[{i}] ({row['category']}) är en exempelnivå och inte hämtad ur "
                       f"{agreement}; bilagan Villkor (arbetsrättsliga villkor) blir en del av kontraktet och ska ange de lägsta nivåerna enligt "
                       "det centrala kollektivavtalet (17 kap. 3 § LOU): ersätt beloppen med avtalets nivåer och ta bort "
                       "example innan upphandlingen annonseras", code="labour-law-example-level")
            for i, row in enumerate(labour_law.get("levels") or []) if row.get("example")]


