"""Is this case an IOP? Checks against the SOU 2019:56 criteria and Kalmar's/Forum's guidance.

Each check is a small pure function of the case that returns findings: a Swedish reason and the key
path it concerns (the command turns the path into file:line). Refusals stop the command (exit 2);
warnings are printed and the document is still written. Word lists live in data/iop-checks.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator


from ..findings import WARNING, Finding
from ..render import money

CRITERION_1 = "SOU 2019:56 kriterium 1: samarbete mellan offentliga och idéburna aktörer"
CRITERION_2 = "SOU 2019:56 kriterium 2: ett gemensamt allmännyttigt mål"
CRITERION_3 = "SOU 2019:56 kriterium 3: samfinansiering"
CRITERION_4 = "SOU 2019:56 kriterium 4: ingen tilldelning av ett offentligt kontrakt"


def _found(message: str, path: tuple = (), hint: str | None = None) -> Finding:
    """What an IOP check found, at its key path (the kind's check places it on its line)."""
    return Finding(WARNING, "iop", message, hint or "", key=tuple(path))


@dataclass(frozen=True)
class WordRule:
    label: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Hit:
    label: str
    path: tuple
    found: str


@lru_cache(maxsize=1)
def word_lists() -> dict[str, tuple[WordRule, ...]]:
    from ..datafiles import read

    lists = read("iop-checks.yaml")
    return {name: tuple(WordRule(e.label, re.compile(r"(?<!\w)(?:" + e.pattern + ")", re.I)) for e in getattr(lists, name))
            for name in type(lists).model_fields}


# -- refusals -----------------------------------------------------------------------------------

def refuse_no_public_party(case) -> list[Finding]:
    if case.parties.public:
        return []
    return [_found(f"överenskommelsen saknar offentlig part ({CRITERION_1})", ("parties", "public"),
                    "ange minst en kommun eller region under parties.public")]


def refuse_no_idea_party(case) -> list[Finding]:
    if case.parties.idea:
        return []
    return [_found(f"överenskommelsen saknar idéburen part ({CRITERION_1})", ("parties", "idea"),
                    "ange minst en idéburen organisation under parties.idea")]


def refuse_no_common_goal(case) -> list[Finding]:
    p = case.partnership
    if not p.purpose.strip():
        return [_found(f"partnership.purpose saknas: parterna har inte angett något gemensamt syfte ({CRITERION_2})",
                        ("partnership",), "beskriv det gemensamma allmännyttiga syftet under partnership.purpose")]
    if not p.goals:
        return [_found(f"partnership.goals saknas: parterna har inte angett något gemensamt mål ({CRITERION_2})",
                        ("partnership", "goals") if "goals" in p.model_fields_set else ("partnership",),
                        "ange minst ett mål under partnership.goals, med goal och measure")]
    return []


def refuse_unknown_party(case) -> list[Finding]:
    names = [p.name for p in case.parties.public + case.parties.idea]
    out = []
    refs = [(("contributions", i, "party"), c.party) for i, c in enumerate(case.contributions)]
    for i, pay in enumerate(case.payment.schedule):
        refs += [(("payment", "schedule", i, "payer"), pay.payer), (("payment", "schedule", i, "payee"), pay.payee)]
    if case.follow_up.convener:
        refs.append((("follow_up", "convener"), case.follow_up.convener))
    for path, name in refs:
        if name not in names:
            out.append(_found(f"{'.'.join(map(str, path))}: {name!r} är ingen av parterna", path,
                               "skriv partens namn exakt som under parties: " + ", ".join(names)))
    return out


def refuse_party_without_contribution(case) -> list[Finding]:
    giving = {c.party for c in case.contributions}
    out = []
    for role, parties in (("public", case.parties.public), ("idea", case.parties.idea)):
        for i, party in enumerate(parties):
            if party.name not in giving:
                kind = "den offentliga parten" if role == "public" else "den idéburna parten"
                out.append(_found(
                    f"{kind} {party.name} bidrar inte med något; i ett IOP bidrar varje part med egna resurser "
                    f"({CRITERION_3})", ("parties", role, i),
                    "lägg till minst en insats för parten under contributions (pengar, lokaler, personal, "
                    "kompetens, ideella insatser eller annat)"))
    return out


REFUSALS = (refuse_no_public_party, refuse_no_idea_party, refuse_unknown_party, refuse_no_common_goal,
            refuse_party_without_contribution)


def refusals(case) -> list[Finding]:
    return [finding for check in REFUSALS for finding in check(case)]


# -- warnings -----------------------------------------------------------------------------------

def described_texts(case) -> Iterator[tuple[tuple, str]]:
    """Every free text of the case that describes the partnership, with its key path."""
    p = case.partnership
    for key in ("title", "background", "challenge", "purpose", "target_group", "programme", "activities"):
        if getattr(p, key):
            yield ("partnership", key), getattr(p, key)
    for i, goal in enumerate(p.goals):
        yield ("partnership", "goals", i, "goal"), goal.goal
        if goal.measure:
            yield ("partnership", "goals", i, "measure"), goal.measure
    for i, text in enumerate(p.excluded):
        yield ("partnership", "excluded", i), text
    for i, c in enumerate(case.contributions):
        yield ("contributions", i, "description"), c.description
    for i, pay in enumerate(case.payment.schedule):
        if pay.note:
            yield ("payment", "schedule", i, "note"), pay.note
    if case.payment.account_note:
        yield ("payment", "account_note"), case.payment.account_note
    for role in ("public", "idea"):
        for i, party in enumerate(getattr(case.parties, role)):
            if party.description:
                yield ("parties", role, i, "description"), party.description


def purchase_language(case, rules: tuple[WordRule, ...] | None = None) -> list[Hit]:
    rules = rules if rules is not None else word_lists()["purchase_language"]
    hits = []
    for path, text in described_texts(case):
        for rule in rules:
            match = rule.pattern.search(text)
            if match:
                hits.append(Hit(rule.label, path, match.group(0)))
    return hits


def warn_purchase_language(case) -> list[Finding]:
    return [_found(f"{'.'.join(map(str, hit.path))} innehåller köpformulering ({hit.found!r}, jfr {hit.label!r}); "
                    f"ett IOP får inte vara ett köp med detaljstyrning eller sanktioner ({CRITERION_4}) – "
                    "formulera om eller låt kommunjuristen pröva om det är ett offentligt kontrakt", hit.path)
            for hit in purchase_language(case)]


def warn_short_term(case) -> list[Finding]:
    months = case.term_months
    if months is None or months >= 12:
        return []
    return [_found(f"avtalstiden är {months} månader, kortare än ett år; ett IOP är tänkt att drivas under längre tid "
                    "(Forum/Kalmar: verksamheten avses drivas under längre tid, normalt tre år)", ("term", "end_date"))]


def warn_goal_without_measure(case) -> list[Finding]:
    return [_found(f"målet {goal.goal!r} saknar mått: ange under measure hur måluppfyllelsen ska följas upp",
                    ("partnership", "goals", i))
            for i, goal in enumerate(case.partnership.goals) if not (goal.measure or "").strip()]


def warn_idea_party_without_description(case) -> list[Finding]:
    """Kalmar's heading "Bakgrund" asks for a description of each idéburen actor (002_…txt, section 9)."""
    return [_found(f"den idéburna parten {party.name} saknar presentation; bakgrunden i en IOP-överenskommelse "
                    "beskriver varje idéburen aktör och ett eventuellt tidigare samarbete (Kalmar: Bakgrund)",
                    ("parties", "idea", i), "ange några meningar under description")
            for i, party in enumerate(case.parties.idea) if not (party.description or "").strip()]


def for_profit_form(text: str, lists: dict[str, tuple[WordRule, ...]] | None = None) -> str | None:
    """The for-profit legal form that ``text`` (a legal form or a name) names, or None."""
    lists = lists or word_lists()
    if any(rule.pattern.search(text) for rule in lists["not_for_profit"]):
        return None
    return next((rule.label for rule in lists["for_profit_forms"] if rule.pattern.search(text)), None)


def warn_for_profit_party(case) -> list[Finding]:
    out = []
    for i, party in enumerate(case.parties.idea):
        form = for_profit_form(" ".join(filter(None, [party.legal_form, party.name])))
        if form:
            out.append(_found(f"parten {party.name} ser ut att vara ett vinstutdelande företag ({form}); en idéburen "
                               f"part har ett allmännyttigt syfte och delar inte ut vinst ({CRITERION_1}; "
                               "lag (2022:900) om registrering av idéburna organisationer, 2 §)", ("parties", "idea", i)))
    return out


def _genitive(name: str) -> str:
    """Swedish genitive: Norrviks kommun → Norrviks kommuns; a name ending in s, x or z takes none."""
    return name if name[-1:].lower() in ("s", "x", "z") else name + "s"


def warn_payments_do_not_match_contributions(case) -> list[Finding]:
    """The payment schedule and the money contributions are two statements of the same money: the
    agreement must not promise one sum in section Ekonomi's table and pay out another."""
    out: list[Finding] = []
    payments = case.payment.schedule if case.payment else []
    payers: dict[str, list[int]] = {}
    for i, payment in enumerate(payments):
        payers.setdefault(payment.payer, []).append(i)
    for payer, indexes in payers.items():
        first = ("payment", "schedule", indexes[0])
        cash = [c for c in case.contributions if c.party == payer and c.kind == "money"]
        if not cash:
            out.append(_found(f"{payer} betalar ut pengar enligt payment.schedule men har ingen penninginsats "
                               "(kind: money) under contributions; för in den så att avsnittet om ekonomi visar den",
                               first))
            continue
        if any(c.amount_sek_per_year is None for c in cash):
            continue  # a money contribution without an amount: nothing to compare with
        per_year = sum(c.amount_sek_per_year for c in cash)
        months = case.term_months
        if months is not None:
            expected = round(per_year * months / 12)
            paid = sum(payments[i].amount_sek for i in indexes)
            if paid != expected:
                out.append(_found(
                    f"utbetalningarna från {payer} i payment.schedule är sammanlagt {money(paid)}, men {_genitive(payer)} "
                    f"penninginsats är {money(per_year)} per år under {months} månader, alltså {money(expected)}; "
                    "stäm av utbetalningarna mot contributions", first))
            continue
        by_year: dict[int, int] = {}
        for i in indexes:
            by_year[payments[i].due.year] = by_year.get(payments[i].due.year, 0) + payments[i].amount_sek
        for year, paid in sorted(by_year.items()):
            if paid > per_year:
                out.append(_found(
                    f"utbetalningarna från {payer} med förfallodag {year} är sammanlagt {money(paid)}, mer än "
                    f"{_genitive(payer)} penninginsats på {money(per_year)} per år; stäm av utbetalningarna mot contributions",
                    first))
    return out


def open_criteria(case) -> list[str]:
    """The SOU 2019:56 criteria the memo must mark as open: criterion 4 until the municipal lawyer's
    assessment is given (assessment.not_a_contract), criterion 2 while a goal has no measure."""
    out = []
    if any(not (goal.measure or "").strip() for goal in case.partnership.goals):
        out.append(CRITERION_2 + " (mål utan mått)")
    if not (case.assessment.not_a_contract or "").strip():
        out.append(CRITERION_4)
    return out


def warn_memo_with_open_criterion(case) -> list[Finding]:
    """A memo asks the committee to decide: with criterion 4 still open, its proposal says so, and so do we."""
    if case.memo is None or (case.assessment.not_a_contract or "").strip():
        return []
    return [_found(f"{CRITERION_4} är en öppen fråga för kommunjuristen (assessment.not_a_contract saknas): "
                    "tjänsteskrivelsens förslag till beslut säger att ärendet inte bör avgöras förrän frågan är besvarad; "
                    "för in kommunjuristens bedömning under assessment.not_a_contract", ("assessment",))]


def warn_memo_without_signatory(case) -> list[Finding]:
    """The memo proposes who signs for the deciding party; the agreement's signature block names the same."""
    if case.memo is None or not case.parties.public or case.parties.public[0].signatory:
        return []
    return [_found(f"parties.public[0].signatory saknas: tjänsteskrivelsen kan inte föreslå vem som undertecknar "
                    f"överenskommelsen för {case.parties.public[0].name}, och underskriftsraden lämnas tom; ange namn och "
                    "befattning (till exempel nämndens ordförande)", ("parties", "public", 0))]


WARNINGS = (warn_purchase_language, warn_short_term, warn_goal_without_measure, warn_for_profit_party,
            warn_payments_do_not_match_contributions, warn_idea_party_without_description)


def warnings(case) -> list[Finding]:
    return [finding for check in WARNINGS for finding in check(case)]


MEMO_WARNINGS = (warn_memo_with_open_criterion, warn_memo_without_signatory)


def memo_warnings(case) -> list[Finding]:
    """Warnings about the decision memo (tjänsteskrivelsen), given when the memo is written."""
    return [finding for check in MEMO_WARNINGS for finding in check(case)]
