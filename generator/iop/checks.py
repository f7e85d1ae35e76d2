"""Is this case an IOP? Checks against the SOU 2019:56 criteria and Kalmar's/Forum's guidance.

Each check is a small pure function of the case that returns findings: a Swedish reason and the key
path it concerns (the command turns the path into file:line). Refusals stop the command (exit 2);
warnings are printed and the document is still written. Word lists live in data/iop-checks.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..datafiles import read
from ..findings import WARNING, Finding
from ..render import money
from .state_aid import state_aid

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


@lru_cache(maxsize=1)
def word_lists() -> dict[str, tuple[WordRule, ...]]:
    lists = read("iop-checks.yaml")
    return {name: tuple(WordRule(e.label, re.compile(r"(?<!\w)(?:" + e.pattern + ")", re.I)) for e in getattr(lists, name))
            for name in ("for_profit_forms", "not_for_profit")}


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
    refs += [(("contributions", i, "recipient"), c.recipient) for i, c in enumerate(case.contributions) if c.recipient]
    if case.memo and case.memo.party:
        refs.append((("memo", "party"), case.memo.party))
    refs += [(("memos", i, "party"), m.party) for i, m in enumerate(case.memos) if m.party]
    for path, name in refs:
        if name not in names or (path[0] in ("memo", "memos") and name not in [p.name for p in case.parties.public]):
            out.append(_found(f"{_key(path)}: {name!r} är ingen av {'de offentliga ' if path[0] in ('memo', 'memos') else ''}parterna", path,
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


# -- warnings -----------------------------------------------------------------------------------

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


def warn_memo_not_ready(case) -> list[Finding]:
    """A memo asks the committee to decide: while a question is open, its proposal says it is not ready."""
    if case.memo is None and not case.memos:
        return []
    questions = open_questions(case)
    if not questions:
        return []
    missing = [_found(f"{text[:1].lower()}{text[1:].rstrip('.')}: tjänsteskrivelsen säger att frågan är öppen; "
                       "för in bedömningen i ärendefilen", ("assessment",))
               for text in assessments_missing(case)]
    return missing + [_found(f"tjänsteskrivelsen är inte klar för beslut: {len(questions)} öppna frågor står under "
                              "\"Öppna frågor\" i förslaget till beslut; besvara dem i ärendefilen", ("assessment",))]


def warn_memo_without_signatory(case) -> list[Finding]:
    """The memo proposes who signs for the deciding party; the agreement's signature block names the same."""
    chosen = case.memo or (case.memos[0] if case.memos else None)
    if chosen is None or not case.parties.public:
        return []
    name = chosen.party or case.parties.public[0].name
    i = next((i for i, p in enumerate(case.parties.public) if p.name == name), 0)
    if case.parties.public[i].signatory:
        return []
    return [_found(f"parties.public[{i}].signatory saknas: tjänsteskrivelsen kan inte föreslå vem som undertecknar "
                    f"överenskommelsen för {case.parties.public[i].name}, och underskriftsraden lämnas tom; ange namn och "
                    "befattning (till exempel nämndens ordförande)", ("parties", "public", i))]




# -- the purchase test (SOU 2019:56 criterion 4) ------------------------------------------------------
#
# Not a word list: the case answers, per public money contribution and per activity, the questions that
# tell a grant towards the idéburen party's own activity from the price of a service bought (SOU 2019:56
# kriterium 4; Kalmar kommun, Riktlinjer för IOP, avsnitt 4 and 8: no detailed steering, no sanctions;
# Famna/Fremia, IOP-kartläggning 2023, avsnitt 1.3, the Alingsås case).

PURCHASE = "purchase"
UNCLEAR = "unclear"
PARTNERSHIP = "partnership"


@dataclass(frozen=True)
class Answer:
    text: str        # the answer as a Swedish clause, e.g. "Norrviks kommun betalar per utförd enhet"
    path: tuple      # where the case gives (or should give) it


@dataclass(frozen=True)
class PurchaseTest:
    signs: tuple[Answer, ...]        # answers that point to a purchase
    counter: tuple[Answer, ...]      # answers that point to a partnership
    unanswered: tuple[Answer, ...]   # questions the case leaves open
    pattern: tuple[Answer, ...]      # the answers that together make the case a purchase (empty if none)

    @property
    def verdict(self) -> str:
        if self.pattern:
            return PURCHASE
        return UNCLEAR if self.signs or self.unanswered else PARTNERSHIP

    def as_context(self) -> dict:
        return {"verdict": self.verdict, "signs": [a.text for a in self.signs],
                "counter": [a.text for a in self.counter], "unanswered": [a.text for a in self.unanswered],
                "pattern": [a.text for a in self.pattern]}


def _key(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def public_money(case) -> list[tuple[int, object]]:
    """The public parties' money contributions that go to an idéburen party (index, contribution)."""
    public = {p.name for p in case.parties.public}
    return [(i, c) for i, c in enumerate(case.contributions) if c.party in public and c.kind == "money"]


def purchase_test(case) -> PurchaseTest:
    signs, counter, unanswered = [], [], []
    priced, deducted, steered = [], [], []
    for i, c in public_money(case):
        where = ("contributions", i)
        if c.payment_basis is None:
            unanswered.append(Answer(f"om {_genitive(c.party)} pengar är ett bidrag eller en ersättning per enhet eller "
                                     f"resultat ({_key(where + ('payment_basis',))})", where))
        elif c.payment_basis == "grant":
            counter.append(Answer(f"{_genitive(c.party)} pengar är ett bidrag till den idéburna partens egen verksamhet",
                                  where + ("payment_basis",)))
        else:
            how = "per utförd enhet" if c.payment_basis == "per_unit" else "för ett bestämt resultat"
            answer = Answer(f"{c.party} betalar {how} ({_key(where + ('payment_basis',))}: {c.payment_basis})",
                            where + ("payment_basis",))
            signs.append(answer)
            priced.append(answer)
        if c.deduction_for_non_performance is None:
            unanswered.append(Answer(f"om {_genitive(c.party)} pengar dras ned när insatser inte utförs "
                                     f"({_key(where + ('deduction_for_non_performance',))})", where))
        elif c.deduction_for_non_performance:
            answer = Answer(f"ej utförda insatser dras av från {_genitive(c.party)} pengar "
                            f"({_key(where + ('deduction_for_non_performance',))}: true)",
                            where + ("deduction_for_non_performance",))
            signs.append(answer)
            deducted.append(answer)
        else:
            counter.append(Answer(f"{_genitive(c.party)} pengar dras inte ned när en insats inte blir av",
                                  where + ("deduction_for_non_performance",)))
    if not case.activities:
        unanswered.append(Answer("vem som styr verksamheten, om den är en lagstadgad skyldighet, vem som har nytta av "
                                 "den och om den skulle finnas utan de offentliga medlen (activities saknas)", ()))
    for i, a in enumerate(case.activities):
        where = ("activities", i)
        if a.decides_volume is None:
            unanswered.append(Answer(f"vem som bestämmer omfattning och schema för {a.name} "
                                     f"({_key(where + ('decides_volume',))})", where))
        elif a.decides_volume == "public":
            answer = Answer(f"den offentliga parten bestämmer omfattning och schema för {a.name} "
                            f"({_key(where + ('decides_volume',))}: public)", where + ("decides_volume",))
            signs.append(answer)
            steered.append(answer)
        else:
            who = "den idéburna parten" if a.decides_volume == "idea" else "parterna gemensamt"
            counter.append(Answer(f"{who} bestämmer omfattning och schema för {a.name}", where + ("decides_volume",)))
        if a.statutory_duty is None:
            unanswered.append(Answer(f"om {a.name} är en skyldighet som lag lägger på den offentliga parten "
                                     f"({_key(where + ('statutory_duty',))})", where))
        elif a.statutory_duty:
            signs.append(Answer(f"{a.name} är en skyldighet som lag lägger på den offentliga parten "
                                f"({_key(where + ('statutory_duty',))}: true)", where + ("statutory_duty",)))
        else:
            counter.append(Answer(f"{a.name} är ingen skyldighet som lag lägger på den offentliga parten",
                                  where + ("statutory_duty",)))
        if a.benefits is None:
            unanswered.append(Answer(f"vem som har nytta av {a.name} ({_key(where + ('benefits',))})", where))
        elif a.benefits == "public_party":
            signs.append(Answer(f"det är den offentliga parten som har nytta av {a.name}: den får en egen uppgift utförd "
                                f"({_key(where + ('benefits',))}: public_party)", where + ("benefits",)))
        else:
            counter.append(Answer(f"målgruppen har direkt nytta av {a.name}", where + ("benefits",)))
        if a.exists_without_public_money is None:
            unanswered.append(Answer(f"om {a.name} skulle finnas utan de offentliga medlen "
                                     f"({_key(where + ('exists_without_public_money',))})", where))
        elif a.exists_without_public_money == "no":
            signs.append(Answer(f"{a.name} skulle inte finnas utan de offentliga medlen "
                                f"({_key(where + ('exists_without_public_money',))}: no)",
                                where + ("exists_without_public_money",)))
        else:
            extent = "" if a.exists_without_public_money == "yes" else " i mindre omfattning"
            counter.append(Answer(f"{a.name} skulle finnas{extent} även utan de offentliga medlen",
                                  where + ("exists_without_public_money",)))
    # A price per unit or output, together with the public party deciding the volume or deducting what
    # was not performed, is remuneration for services the public party orders: a public contract.
    pattern = tuple(priced + steered + deducted) if priced and (steered or deducted) else ()
    return PurchaseTest(tuple(signs), tuple(counter), tuple(unanswered), pattern)


def refuse_purchase(case) -> list[Finding]:
    test = purchase_test(case)
    if test.verdict != PURCHASE:
        return []
    return [_found(f"överenskommelsen är ett köp av tjänster, inte ett IOP ({CRITERION_4}; 1 kap. 15 § LOU): "
                    + "; ".join(a.text for a in test.pattern), test.pattern[0].path,
                    "upphandla tjänsten enligt LOU, eller gör om samarbetet så att den offentliga partens pengar är ett "
                    "bidrag till en verksamhet som den idéburna parten själv styr (payment_basis: grant)")]


def warn_purchase_signs(case) -> list[Finding]:
    test = purchase_test(case)
    return [_found(f"tecken på köp ({CRITERION_4}): {a.text}; tjänsteskrivelsen blir inte klar för beslut förrän "
                    "kommunjuristen har prövat om överenskommelsen är ett offentligt kontrakt", a.path)
            for a in test.signs]


# -- the record check: only where the law asks for it -------------------------------------------------

def refuse_record_check_outside_school(case) -> list[Finding]:
    check = case.criminal_record_check
    if check is None:
        return []
    forms = word_lists_raw()["school_forms"]
    return [_found(f"registerkontroll enligt 2 kap. 31 § skollagen gäller bara i {', '.join(forms[:-1])} och "
                    f"{forms[-1]}; {form!r} är ingen av dem, och överenskommelsen kan inte kräva utdrag ur "
                    "belastningsregistret där", ("criminal_record_check", "school_forms", i),
                    "ta bort criminal_record_check; om vuxna möter barn enskilt, skriv options: {children_one_to_one: true}")
            for i, form in enumerate(check.school_forms) if form not in forms]


@lru_cache(maxsize=1)
def word_lists_raw() -> dict:
    return read("iop-checks.yaml").model_dump(exclude_unset=True)


# -- dates ------------------------------------------------------------------------------------------

def yearly(first, end, until_further_notice: bool) -> list:
    """``first`` and the same day every following year up to ``end`` (29 February → 28 February in a
    year that has none); with no end, only ``first``."""
    out = [first]
    if until_further_notice or end is None:
        return out
    year = first.year + 1
    while True:
        day = 28 if first.month == 2 and first.day == 29 and not _leap(year) else first.day
        nxt = first.replace(year=year, day=day)
        if nxt > end:
            return out
        out.append(nxt)
        year += 1


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def date_problems(case) -> list[Finding]:
    out: list[Finding] = []
    end, start = case.term.end_date, case.term.start_date
    for i, pay in enumerate(case.payment.schedule):
        if end and pay.due > end:
            out.append(_found(f"utbetalningen den {pay.due.isoformat()} ligger efter avtalstidens slut "
                               f"({end.isoformat()}); en utbetalning efter att överenskommelsen har upphört saknar "
                               "stöd i den – flytta den inom avtalstiden", ("payment", "schedule", i, "due")))
    plan = case.follow_up.activity_plan_date
    if plan < case.date:
        out.append(_found(f"den första verksamhetsplanen ska vara klar senast den {plan.isoformat()}, före dokumentets "
                           f"datum ({case.date.isoformat()}); ange ett datum som ännu inte har passerat",
                           ("follow_up", "activity_plan_date")))
    for key, what in (("activity_plan_date", "verksamhetsplanen"), ("report_date", "verksamhetsberättelsen")):
        first = getattr(case.follow_up, key)
        if end and first > end:
            out.append(_found(f"den första {what} ska lämnas den {first.isoformat()}, efter avtalstidens slut "
                               f"({end.isoformat()}); slutredovisningen efter avtalstiden regleras särskilt – ange ett "
                               "datum inom avtalstiden", ("follow_up", key)))
        if first < start and key == "report_date":
            out.append(_found(f"den första {what} ska lämnas den {first.isoformat()}, före avtalstidens början "
                               f"({start.isoformat()})", ("follow_up", key)))
        if first.month == 2 and first.day == 29:
            out.append(_found(f"{what} ska lämnas den 29 februari, ett datum som bara finns vart fjärde år; "
                               "överenskommelsen anger den 28 februari de år som inte är skottår – välj hellre ett "
                               "annat datum", ("follow_up", key)))
    return out


def warn_dates(case) -> list[Finding]:
    return date_problems(case)


def warn_several_deciders(case) -> list[Finding]:
    """Each public party decides for itself: a memo is written for one of them (memo.party)."""
    if case.memo is None or len(case.parties.public) < 2 or case.memo.party:
        return []
    names = [p.name for p in case.parties.public]
    return [_found(f"{len(names)} offentliga parter beslutar var för sig, men tjänsteskrivelsen skrivs för en av dem; "
                    f"utan memo.party skrivs den för {names[0]} – skriv en tjänsteskrivelse per part med memo.party "
                    f"({', '.join(names)})", ("memo",))]


# -- the memo's one list of open questions ---------------------------------------------------------------

def assessments_missing(case) -> list[str]:
    a = case.assessment
    out = []
    if not (a.not_a_contract or "").strip():
        out.append("Kommunjuristens bedömning av om överenskommelsen är ett offentligt kontrakt enligt LOU "
                   f"({CRITERION_4}) saknas (assessment.not_a_contract).")
    if not (a.state_aid or "").strip():
        out.append("Kommunjuristens bedömning av om insatserna är statsstöd saknas (assessment.state_aid).")
    if not (a.competence or "").strip():
        out.append("Kommunjuristens bedömning enligt kommunallagen – kompetens, likställighet och nämndens "
                   "befogenhet – saknas (assessment.competence).")
    return out


def open_cells(case) -> list[str]:
    """The criteria table's cells that the case leaves open."""
    a, p = case.assessment, case.partnership
    out = []
    if not (a.initiative or "").strip():
        out.append("Ärendet anger inte vem som tog initiativet till partnerskapet (assessment.initiative).")
    if not p.programme:
        out.append("Ärendet anger inget program eller någon plan som partnerskapet ingår i (partnership.programme).")
    if not (a.why_not_grant or "").strip():
        out.append("Ärendet förklarar inte varför föreningsbidrag inte är rätt form (assessment.why_not_grant).")
    if not (a.why_not_procurement or "").strip():
        out.append("Ärendet förklarar inte varför verksamheten inte ska upphandlas (assessment.why_not_procurement).")
    return out


def state_aid_open(case) -> list[str]:
    figures = state_aid(case)
    out = []
    for i, party in enumerate(figures["parties"]):
        if party["verdict"] in ("other_unknown", "sgei") and party["other_eur"] is None:
            out.append(f"Det är inte känt vilket annat stöd av mindre betydelse {party['name']} har fått under de senaste "
                       f"tre åren; fråga parten innan stödet beviljas (parties.idea[{i}].other_de_minimis_eur).")
    for item in figures["unknown"]:
        out.append(f"Det framgår inte vilken idéburen part som får {_genitive(item['party'])} insats "
                   f"\"{item['description']}\" (contributions[{item['index']}].recipient).")
    return out


def open_questions(case) -> list[str]:
    """Everything the memo must list before the committee decides: the open cells, every warning of the
    run, every purchase sign and unanswered question, the missing assessments and the open aid facts."""
    test = purchase_test(case)
    out: list[str] = []
    out += open_cells(case)
    out += [f"Tecken på köp: {a.text}." for a in test.signs]
    out += [f"Obesvarad fråga om köp eller partnerskap: {a.text}." for a in test.unanswered]
    out += assessments_missing(case)
    out += state_aid_open(case)
    out += [_sentence(f.message) for check in WARNINGS if check is not warn_purchase_signs for f in check(case)]
    out += [_sentence(f.message) for check in (warn_several_deciders, warn_memo_without_signatory) for f in check(case)]
    seen: dict[str, None] = {}
    for item in out:
        seen.setdefault(item, None)
    return list(seen)


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


# -- the registries -------------------------------------------------------------------------------

REFUSALS = (refuse_no_public_party, refuse_no_idea_party, refuse_unknown_party, refuse_no_common_goal,
            refuse_party_without_contribution, refuse_purchase, refuse_record_check_outside_school)


def refusals(case) -> list[Finding]:
    return [finding for check in REFUSALS for finding in check(case)]


WARNINGS = (warn_purchase_signs, warn_dates, warn_short_term, warn_goal_without_measure, warn_for_profit_party,
            warn_payments_do_not_match_contributions, warn_idea_party_without_description)


def warnings(case) -> list[Finding]:
    return [finding for check in WARNINGS for finding in check(case)]


MEMO_WARNINGS = (warn_memo_not_ready, warn_several_deciders, warn_memo_without_signatory)


def memo_warnings(case) -> list[Finding]:
    """Warnings about the decision memo (tjänsteskrivelsen), given when the memo is written."""
    return [finding for check in MEMO_WARNINGS for finding in check(case)]
