"""The IOP case file (``document: iop``): parties, partnership, term, contributions, payment, follow-up.

The model validates shape only. Whether the case is an IOP at all (the SOU 2019:56 criteria) is decided
by ``generator.iop.checks`` so that each refusal can name its criterion.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import timedelta
from typing import Any, Literal

from pydantic import ConfigDict, Field, computed_field, model_validator

from ..modelbase import Contact, Strict
from ..render import swedish_list
from .checks import date_problems, for_profit_form, open_criteria, open_questions, purchase_test, yearly
from .state_aid import state_aid

ContributionKind = Literal["money", "premises", "staff", "expertise", "volunteers", "other"]
# How a public party's money reaches the idéburen party: a grant towards the party's own activity, or
# a payment per performed unit (hour, place, night) or for a stated output – the last two are a price.
PaymentBasis = Literal["grant", "per_unit", "output"]
Decider = Literal["idea", "joint", "public"]
Beneficiary = Literal["target_group", "public_party"]
WithoutMoney = Literal["yes", "partly", "no"]


TEXT = {"x-widget": "textarea"}   # a longer text: the web form shows a text area


class Signatory(Strict):
    model_config = ConfigDict(title="Undertecknare")

    name: str = Field(min_length=1, title="Namn")
    title: str | None = Field(default=None, title="Befattning", description="t.ex. socialnämndens ordförande")


class Party(Strict):
    model_config = ConfigDict(title="Part")

    name: str = Field(min_length=1, title="Namn", description="Organisationens fullständiga namn, t.ex. Stiftelsen Norrviks stadsmission")
    org_number: str = Field(pattern=r"^\d{6}-\d{4}$", title="Organisationsnummer", description="NNNNNN-NNNN")
    unit: str | None = Field(default=None, title="Nämnd, förvaltning eller avdelning",
                             description="Den del av organisationen som deltar, t.ex. socialnämnden")
    legal_form: str | None = Field(default=None, title="Organisationsform", description="t.ex. ideell förening, stiftelse eller trossamfund")
    description: str | None = Field(default=None, title="Kort presentation av organisationen", json_schema_extra=TEXT)
    contact: Contact = Field(title="Kontaktperson")
    signatory: Signatory | None = Field(default=None, title="Undertecknar överenskommelsen")
    other_de_minimis_eur: int | None = Field(
        default=None, ge=0, le=100_000_000, title="Annat stöd av mindre betydelse under de senaste tre åren (euro)",
        description="Bara för idéburna parter: stöd av mindre betydelse som parten har fått från andra under de senaste "
                    "tre åren, enligt partens egen uppgift. Lämna tomt om det inte är känt; 0 om parten inte har fått något")


class Parties(Strict):
    public: list[Party] = Field(default_factory=list, title="Offentliga parter", description="Kommunen, regionen eller den statliga myndighet som ingår partnerskapet")
    idea: list[Party] = Field(default_factory=list, title="Idéburna parter", description="Föreningar, stiftelser, trossamfund och andra idéburna organisationer")


class Goal(Strict):
    model_config = ConfigDict(title="Mål")

    goal: str = Field(min_length=1, title="Mål")
    measure: str | None = Field(default=None, title="Hur målet följs upp", description="Ett mått eller en metod, t.ex. antal besökare per månad")


class Partnership(Strict):
    title: str = Field(min_length=1, title="Partnerskapets namn")
    background: str | None = Field(default=None, title="Bakgrund", description="Hur samarbetet har vuxit fram", json_schema_extra=TEXT)
    challenge: str = Field(min_length=1, title="Samhällsutmaning", description="Det behov eller problem som parterna vill möta tillsammans", json_schema_extra=TEXT)
    purpose: str = Field(default="", title="Syfte", description="Partnerskapets gemensamma, allmännyttiga syfte", json_schema_extra=TEXT)
    goals: list[Goal] = Field(default_factory=list, title="Mål")
    target_group: str = Field(min_length=1, title="Målgrupp", json_schema_extra=TEXT)
    programme: str | None = Field(default=None, title="Program eller plan som partnerskapet ingår i", description="t.ex. kommunens handlingsplan mot hemlöshet 2025–2028")
    activities: str | None = Field(default=None, title="Verksamhet", description="Vad parterna gör i partnerskapet", json_schema_extra=TEXT)
    excluded: list[str] = Field(default_factory=list, title="Ingår inte i partnerskapet", description="En punkt per rad, t.ex. myndighetsutövning")


class Term(Strict):
    start_date: Date = Field(title="Startdatum")
    end_date: Date | None = Field(default=None, title="Slutdatum", description="Lämna tomt om överenskommelsen gäller tills vidare")
    until_further_notice: bool = Field(default=False, title="Gäller tills vidare")

    @model_validator(mode="after")
    def _one_end(self) -> "Term":
        if self.until_further_notice and self.end_date:
            raise ValueError("ange antingen ett slutdatum (end_date) eller att överenskommelsen gäller tills vidare "
                             "(until_further_notice: true), inte båda")
        if not self.until_further_notice and not self.end_date:
            raise ValueError("ange ett slutdatum (end_date) eller att överenskommelsen gäller tills vidare "
                             "(until_further_notice: true)")
        if self.end_date and self.end_date <= self.start_date:
            raise ValueError("slutdatumet (end_date) måste ligga efter startdatumet (start_date)")
        return self


class Contribution(Strict):
    model_config = ConfigDict(title="Insats")

    party: str = Field(min_length=1, title="Part", description="Partens namn, skrivet exakt som under Parter")
    kind: ContributionKind = Field(title="Slag av insats")
    description: str = Field(min_length=1, title="Beskrivning")
    amount_sek_per_year: int | None = Field(default=None, ge=0, le=100_000_000_000, title="Värde per år (kronor)",
                                            description="Lämna tomt om insatsen inte värderas i pengar")
    recipient: str | None = Field(
        default=None, title="Kommer den idéburna parten till del",
        description="För en offentlig parts pengar, lokaler eller personal: den idéburna part som får insatsen. Med en "
                    "enda idéburen part räknas pengar och lokaler till den; personal bara om den anges här")
    payment_basis: PaymentBasis | None = Field(
        default=None, title="Hur betalas pengarna?",
        description="För en offentlig parts pengar: grant = bidrag till den idéburna partens egen verksamhet; per_unit = "
                    "ersättning per utförd enhet (timme, plats, dygn); output = ersättning för ett bestämt resultat")
    deduction_for_non_performance: bool | None = Field(
        default=None, title="Dras pengarna ned om insatser inte utförs?",
        description="true om ej utförda timmar, platser eller liknande dras av eller återkrävs som sanktion")


class Activity(Strict):
    """One activity of the partnership, answered the way SOU 2019:56's fourth criterion and Kalmar's
    guidelines ask: who steers it, whose duty it is, who benefits, would it exist without the money."""

    model_config = ConfigDict(title="Verksamhet")

    name: str = Field(min_length=1, title="Verksamhet", description="t.ex. natthärbärget")
    decides_volume: Decider | None = Field(
        default=None, title="Vem bestämmer omfattning och schema?",
        description="idea = den idéburna parten; joint = parterna gemensamt; public = den offentliga parten")
    statutory_duty: bool | None = Field(
        default=None, title="Är verksamheten en skyldighet som lag lägger på den offentliga parten?",
        description="true om den offentliga parten enligt lag måste tillhandahålla just denna verksamhet")
    benefits: Beneficiary | None = Field(
        default=None, title="Vem har nytta av verksamheten?",
        description="target_group = målgruppen direkt; public_party = den offentliga parten, som får en uppgift utförd")
    exists_without_public_money: WithoutMoney | None = Field(
        default=None, title="Skulle verksamheten finnas utan de offentliga medlen?",
        description="yes = ja; partly = ja, men i mindre omfattning; no = nej")


class Payment(Strict):
    model_config = ConfigDict(title="Utbetalning")

    due: Date = Field(title="Senast den")
    amount_sek: int = Field(gt=0, le=100_000_000_000, title="Belopp (kronor)")
    payer: str = Field(min_length=1, title="Betalas av")
    payee: str = Field(min_length=1, title="Betalas till")
    note: str | None = Field(default=None, title="Avser", description="t.ex. verksamhetsåret 2027")


class PaymentTerms(Strict):
    schedule: list[Payment] = Field(default_factory=list, title="Utbetalningar")
    account_note: str | None = Field(default=None, title="Övrigt om utbetalningen", description="t.ex. till vilket konto pengarna betalas", json_schema_extra=TEXT)


class FollowUp(Strict):
    meetings_per_year: int = Field(ge=1, le=52, title="Uppföljningsmöten per år")
    convener: str | None = Field(default=None, title="Sammankallande", description="Lämna tomt så kallar den första offentliga parten")
    activity_plan_date: Date = Field(title="Första verksamhetsplanen senast")
    report_date: Date = Field(title="Första verksamhetsberättelsen senast")
    final_evaluation: str | None = Field(default=None, title="Slututvärdering", description="Hur och när partnerskapet utvärderas i sin helhet", json_schema_extra=TEXT)


class CriminalRecordCheck(Strict):
    school_forms: list[str] = Field(
        min_length=1, title="Skolformer eller verksamheter enligt 2 kap. 31 § skollagen",
        description="De skolformer där arbetet utförs, en per rad, t.ex. grundskolan; kravet gäller bara där")
    scope: str = Field(min_length=1, title="Verksamhet som kräver registerkontroll", json_schema_extra=TEXT)
    submit_to: str = Field(min_length=1, title="Utdraget visas för", description="t.ex. rektor på den skola som besöks")


class Assessment(Strict):
    """The Forum/Kalmar criteria the case file answers in words; missing answers stay open in the memo."""

    initiative: str | None = Field(default=None, title="Vem tog initiativet till partnerskapet?", json_schema_extra=TEXT)
    why_not_grant: str | None = Field(default=None, title="Varför räcker inte föreningsbidrag?", json_schema_extra=TEXT)
    why_not_procurement: str | None = Field(default=None, title="Varför ska verksamheten inte upphandlas?", json_schema_extra=TEXT)
    no_detailed_control: str | None = Field(default=None, title="Hur undviks att den offentliga parten detaljstyr verksamheten?", json_schema_extra=TEXT)
    not_a_contract: str | None = Field(
        default=None, title="Kommunjuristens bedömning: är överenskommelsen inte ett offentligt kontrakt?",
        description="SOU 2019:56 kriterium 4. Lämna tomt så länge frågan är öppen; tjänsteskrivelsen säger då det i "
                    "förslaget till beslut, och docgen varnar", json_schema_extra=TEXT)
    state_aid: str | None = Field(
        default=None, title="Kommunjuristens bedömning: statsstöd",
        description="Är insatserna statsstöd, och i så fall på vilken grund lämnas de? Lämna tomt så länge frågan är öppen",
        json_schema_extra=TEXT)
    competence: str | None = Field(
        default=None, title="Kommunjuristens bedömning: kommunallagen",
        description="Kompetens (2 kap. 1 § kommunallagen), likställighet (2 kap. 3 §) och nämndens befogenhet enligt "
                    "reglementet. Lämna tomt så länge frågan är öppen", json_schema_extra=TEXT)


class Options(Strict):
    """Clauses the case chooses; none is forced on a partnership it does not fit."""

    drug_free: bool = Field(
        default=False, title="Drogfri verksamhet (Kalmars värdegrundsklausul)",
        description="true om den idéburna parten åtar sig att verksamheten är drogfri; passar inte en lågtröskel- "
                    "eller skademinimerande verksamhet")
    children_one_to_one: bool = Field(
        default=False, title="Vuxna möter barn enskilt",
        description="true om frivilliga eller anställda möter barn eller unga på tu man hand; ger en klausul om barns trygghet")


class Memo(Strict):
    model_config = ConfigDict(title="Tjänsteskrivelse")

    party: str | None = Field(default=None, title="Offentlig part som beslutar",
                              description="Partens namn som under Parter; lämna tomt för den första offentliga parten")
    committee: str = Field(min_length=1, title="Nämnd som beslutar", description="t.ex. Socialnämnden")
    prepared_by: Signatory = Field(title="Handläggare")
    meeting_date: Date | None = Field(default=None, title="Nämndens sammanträde")


class IopCase(Strict):
    document: Literal["iop"]
    date: Date = Field(title="Dokumentets datum")
    reference: str | None = Field(default=None, title="Diarienummer")
    example: bool = Field(default=False, title="Exempel med påhittade uppgifter", description="Dokumentet får en upplysning om att parter och belopp är påhittade")
    parties: Parties = Field(title="Parter")
    partnership: Partnership = Field(title="Partnerskapet")
    term: Term = Field(title="Överenskommelsens giltighetstid")
    contributions: list[Contribution] = Field(default_factory=list, title="Parternas insatser",
                                              description="Varje part ska bidra med något: pengar, lokaler, personal, kompetens eller ideella insatser")
    activities: list[Activity] = Field(
        default_factory=list, title="Verksamheter – köp eller partnerskap?",
        description="Varje verksamhet i partnerskapet med svar på frågorna om styrning, skyldighet, nytta och finansiering")
    payment: PaymentTerms = Field(default_factory=PaymentTerms, title="Utbetalningar")
    follow_up: FollowUp = Field(title="Uppföljning")
    values: list[str] = Field(default_factory=list, title="Gemensamma värderingar", description="En per rad")
    criminal_record_check: CriminalRecordCheck | None = Field(default=None, title="Registerkontroll",
                                                              description="Fyll i om partnerskapet har verksamhet där utdrag ur belastningsregistret krävs")
    assessment: Assessment = Field(default_factory=Assessment, title="Bedömning till tjänsteskrivelsen",
                                   description="Obesvarade frågor markeras som öppna i tjänsteskrivelsen")
    options: Options = Field(default_factory=Options, title="Valbara klausuler")
    memo: Memo | None = Field(default=None, title="Tjänsteskrivelse", description="Behövs bara för tjänsteskrivelsen till nämnden")
    memos: list[Memo] = Field(
        default_factory=list, title="Tjänsteskrivelser, en per beslutande offentlig part",
        description="I stället för memo när flera offentliga parter beslutar var för sig; varje post anger party. "
                    "docgen iop --memo skriver då en tjänsteskrivelse per post")
    clauses: dict[str, dict[str, Any]] = Field(default_factory=dict)
    cover: bool | None = Field(default=None, title="Försättsblad och innehållsförteckning",
                               description="Ja eller nej (i ärendefilen true eller false); utan värde får dokument över några sidor försättsblad")

    @model_validator(mode="after")
    def _one_memo_form(self) -> "IopCase":
        if self.memo is not None and self.memos:
            raise ValueError("ange antingen memo (en tjänsteskrivelse) eller memos (en per offentlig part), inte båda")
        for i, entry in enumerate(self.memos):
            if not entry.party:
                raise ValueError(f"memos[{i}].party saknas: ange vilken offentlig part tjänsteskrivelsen skrivs för")
        return self

    def header(self) -> tuple[str, str]:
        """The name and reference a document's page header shows."""
        return ", ".join(p.name for p in self.parties.public) or "", self.reference or ""

    def cover_owner(self) -> tuple[str, str]:
        """The cover names every party of the agreement, not a "Myndighet"."""
        return "Parter", swedish_list([p.name for p in self.parties.public + self.parties.idea])

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
    def open_criteria(self) -> list[str]:
        """The SOU 2019:56 criteria the case leaves open (iop.checks.open_criteria), as short Swedish labels."""
        return open_criteria(self)

    @computed_field
    @property
    def purchase(self) -> dict[str, Any]:
        """The purchase test (iop.checks.purchase_test): signs, counter-signs, unanswered questions, verdict."""
        return purchase_test(self).as_context()

    @computed_field
    @property
    def state_aid_figures(self) -> dict[str, Any]:
        """Aid per idéburen party over three years in euro against the de minimis ceilings (iop.state_aid)."""
        return state_aid(self)

    @computed_field
    @property
    def plan_dates(self) -> list[Date]:
        """The activity plan's due dates within the term (the first, then yearly; 29 February → 28 February)."""
        return yearly(self.follow_up.activity_plan_date, self.term.end_date, self.term.until_further_notice)

    @computed_field
    @property
    def report_dates(self) -> list[Date]:
        return yearly(self.follow_up.report_date, self.term.end_date, self.term.until_further_notice)

    @computed_field
    @property
    def for_profit(self) -> dict[str, str]:
        """Idéburna parties whose form or name is a for-profit form: name → the form."""
        out = {}
        for party in self.parties.idea:
            form = for_profit_form(" ".join(filter(None, [party.legal_form, party.name])))
            if form:
                out[party.name] = form
        return out

    @computed_field
    @property
    def date_warnings(self) -> list[str]:
        return [f.message for f in date_problems(self)]

    @computed_field
    @property
    def open_questions(self) -> list[str]:
        """Every open cell, warning and purchase sign of the run, for the memo's one "Öppna frågor" list."""
        return open_questions(self)

    @computed_field
    @property
    def memo_for(self) -> dict[str, Any] | None:
        """The memo being written: ``memo``, else the first of ``memos`` (docgen iop --memo writes each in turn)."""
        chosen = self.memo or (self.memos[0] if self.memos else None)
        return chosen.model_dump(mode="python") if chosen else None

    @computed_field
    @property
    def deciding(self) -> dict[str, Any]:
        """The public party the memo is written for, with its own contributions (memo.party, else the first)."""
        chosen = self.memo or (self.memos[0] if self.memos else None)
        name = chosen.party if chosen and chosen.party else (self.parties.public[0].name if self.parties.public else "")
        party = next((p for p in self.parties.public if p.name == name), None)
        own = next((e for e in self.contributions_by_party if e["party"] == name), None)
        return {"name": name, "party": party.model_dump(mode="python") if party else None,
                "total_sek_per_year": own["total_sek_per_year"] if own else None,
                "others": [p.name for p in self.parties.public if p.name != name]}
