"""Every document kind docgen makes, as one object each, in one registry (``KINDS``).

A kind owns what is particular to it: its case model (imported on first use, so a tender run never
imports the IOP or policy models), its templates – the main document, the variants made from the same
case file instead of it (the IOP memo), the documents written beside it on request (the tender's "Motiv
till ställda krav") and its companions (the labour-law appendices) – its extra outputs (the eForms
notice fields), the names it adds to the clause context, and one ``check`` that refuses the case or
returns findings. Whether a document is internal is said by its template (``internal: true``).

``build.build`` is the one place that wires load → check → render for any kind. A new document kind is
one ``Kind`` entry here plus its model, templates and clauses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel

from .case import LoadedCase, validate_case
from .errors import DocgenError
from .findings import Finding
from .labour.package import APPENDICES as LABOUR_LAW_APPENDICES
from .labour.package import ASSESSMENT as LABOUR_LAW_ASSESSMENT
from .yamlfile import parse_yaml, read_text_file

PROVENANCE_RECORD = "tender-dokumentunderlag"   # the tender's internal Dokumentunderlag, written to intern/
DIRECT_AWARD_RECORD = "direktupphandling-dokumentation"   # 19 a kap. 11 § LOU; data/routes.yaml names its route
# the clause each internal record is made of: a user's own library without it gets the rest written
RECORD_CLAUSES = {PROVENANCE_RECORD: "appendix/dokumentunderlag", DIRECT_AWARD_RECORD: "appendix/documentation-19a-2"}


@dataclass(frozen=True)
class Checked:
    """What a kind's check found before anything is rendered: the route verdict (tenders) and findings.
    ``state`` is what the check worked out for the checks after rendering (the chosen mode clauses)."""

    verdict: Any = None
    findings: tuple[Finding, ...] = ()
    state: dict[str, Any] = field(default_factory=dict)


def _no_findings(_loaded: LoadedCase, _library: Any, _document: Any, _checked: Checked) -> list[Finding]:
    return []


@dataclass(frozen=True)
class Kind:
    key: str                                             # the case file's ``document:`` value
    label: str                                           # what a case of this kind is, in a message
    command: str                                         # the command that makes it
    load_model: Callable[[], type[BaseModel]]            # the case model, imported on first use
    template: str                                        # the main document
    check: Callable[[LoadedCase, Any], Checked]          # refuses (DocgenError) or returns findings
    variants: tuple[str, ...] = ()                       # documents made *instead of* the main one (iop-memo)
    optional: dict[str, str] = field(default_factory=dict)  # on request, beside the main one: flag → template
    companions: Callable[[Any], list[str]] | None = None    # written beside the main one: case model → templates
    companion_names: tuple[str, ...] = ()                # every template ``companions`` may name
    companion_findings: Callable[[LoadedCase], list[Finding]] | None = None
    extras: tuple[str, ...] = ()                         # other outputs on request: "notice"
    # checks that read the rendered main document (clause values as assemble computed them)
    after: Callable[[LoadedCase, Any, Any, Checked], list[Finding]] = _no_findings
    context: Callable[[Any], dict[str, Any]] | None = None   # names the kind adds to every clause's context
    context_names: tuple[str, ...] = ()                  # … and their names, for `docgen check`

    @property
    def model(self) -> type[BaseModel]:
        return self.load_model()

    def templates(self) -> tuple[str, ...]:
        """Every template made from a case of this kind."""
        return (self.template, *self.variants, *self.optional.values(), *self.companion_names)

    def companion_templates(self, case: Any) -> list[str]:
        return list(self.companions(case)) if self.companions else []

    def extra_context(self, case: Any) -> dict[str, Any]:
        return self.context(case) if self.context else {}


# --- tender -------------------------------------------------------------------------------------

def _tender_model() -> type[BaseModel]:
    from .case import TenderCase

    return TenderCase


def _tender_check(loaded: LoadedCase, library: Any) -> Checked:
    """The route (refused with the paragraph named), then the conditions that can be judged before
    rendering: a known ``mode`` for each condition family, labour-law conditions or a reason, not both."""
    from .rules import case_path_of, check_route, facts_from_case
    from .rules.conditions import check_modes, labour_law_conflict

    case = loaded.model
    verdict = check_route(case.route, facts_from_case(case))
    if verdict.eligible is False:
        reasons = " ".join(verdict.refusals)  # every rule records why it refuses
        fact_path = next(filter(None, map(case_path_of, verdict.refused_facts)), None)
        raise DocgenError(f"vägen {case.route} ({verdict.basis}) kan inte användas: {reasons}",
                          where=loaded.lines.where(fact_path or ("route",)),
                          hint="kör docgen routes --data för att se vilka vägar som är möjliga")
    findings = [Finding("warning", "route-warning", w) for w in verdict.warnings]
    findings += _procedure_findings(loaded)
    findings += [Finding.at(loaded.lines, path, message, code="buyer-default") for path, message in case.default_warnings]
    from .labour.package import example_level_findings

    findings += example_level_findings(loaded)  # invented pay levels in bilaga 1: on every run (17 kap. 3 § LOU)
    findings = tuple(findings)
    if library is None:
        return Checked(verdict, findings)
    chosen = check_modes(loaded, library)
    conflict = labour_law_conflict(case.clauses.get("labour_law"))
    if conflict:
        raise DocgenError(conflict, where=loaded.lines.where(("clauses", "labour_law", "not_needed_because")))
    return Checked(verdict, findings, {"modes": chosen})


def _procedure_findings(loaded: LoadedCase) -> list[Finding]:
    """The procedure must follow from the facts (rules/procedure.py): refused when it cannot be decided;
    a warning when the tender deadline is shorter than the law's minimum."""
    from .rules import case_path_of, facts_from_case
    from .rules.procedure import decide, deadline_warning

    case = loaded.model
    decision = decide(case.route, facts_from_case(case), case.authority.kind)
    if decision.spec is None:
        path = case_path_of(decision.unknown_fact) or ("route",)
        raise DocgenError(f"förfarandet kan inte avgöras: {decision.unknown}", where=loaded.lines.where(path),
                          hint="ange procurement.annex2_service: true eller false" if decision.unknown_fact == ("annex2",)
                          else "komplettera ärendefilen")
    findings = [Finding.at(loaded.lines, ("date",), w, code="procedure-warning") for w in decision.warnings]
    warning = deadline_warning(decision, case.date, case.procurement.tender_deadline)
    if warning:
        findings.append(Finding.at(loaded.lines, ("procurement", "tender_deadline"), warning, code="tender-deadline"))
    return findings


def _tender_after(loaded: LoadedCase, library: Any, document: Any, checked: Checked) -> list[Finding]:
    """Condition checks that need the clause values: read from the assembled document, not computed again."""
    from .industries import load_risk_industries
    from .rules.conditions import labour_law_missing, placement_longer_than_term
    from .rules.eu_threshold import case_annex2

    case = loaded.model
    findings: list[Finding] = []
    employment = checked.state.get("modes", {}).get("employment")
    if employment is not None:
        values = document.values.get(employment.id)
        if values is None:  # the chosen clause is not in this document: its values as assemble would give them
            from .assemble import clause_values
            from .criteria import chosen_level

            values = clause_values(employment, loaded, library, chosen_level(employment, loaded))
        placement = values.get("placement_months") if "placement_months" in employment.meta.variables else None
        message = placement_longer_than_term(case.procurement.term_months, placement, values.get("commitment"))
        if message:
            findings.append(Finding.at(loaded.lines, ("clauses", "employment"), message, code="condition-placement"))
    labour_law = case.clauses.get("labour_law")
    p = case.procurement
    message = labour_law_missing(day=case.date, value_sek=p.estimated_value_sek, cpv=p.cpv,
                                 authority_kind=case.authority.kind, annex2=case_annex2(case),
                                 labour_law=labour_law, industries=load_risk_industries())
    if message:
        place = ("clauses", "labour_law", "not_needed_because") if labour_law else ("procurement", "cpv")
        findings.append(Finding.at(loaded.lines, place, message, code="labour-law-missing"))
    return findings


def _tender_companions(case: Any) -> list[str]:
    """The labour-law package (if any), the route's internal records (data/routes.yaml ``records``) and
    always the tender's internal provenance record (Dokumentunderlag)."""
    from .datafiles import load_routes
    from .labour.package import companion_templates

    return [*companion_templates(case), *load_routes().route(case.route).records, PROVENANCE_RECORD]


def _tender_companion_findings(loaded: LoadedCase) -> list[Finding]:
    from .labour.package import companion_findings

    return companion_findings(loaded)


def _tender_context(case: Any) -> dict[str, Any]:
    """What the rules decide for the clauses, computed once per document (no computed field calls the rules):
    ``procedure`` (rules/procedure.py), ``above_eu_threshold`` (None when docgen cannot tell; decides the
    ESPD and the review time limits) and ``labour_law_facts`` for the needs assessment (None without
    clauses.labour_law)."""
    from .rules import facts_from_case
    from .rules.eu_threshold import eu_threshold
    from .rules.procedure import decide

    found = eu_threshold(case)
    above = None
    if found.lookup is not None and found.lookup.threshold is not None:
        above = case.procurement.estimated_value_sek >= found.lookup.threshold.amount_sek
    facts = None
    if "labour_law" in case.clauses:
        from .labour.facts import labour_law_facts

        facts = labour_law_facts(case)
    from .scoring import award_context

    annual = case.procurement.estimated_value_sek * 12 // case.procurement.total_months
    return {"procedure": decide(case.route, facts_from_case(case), case.authority.kind).as_context(),
            "above_eu_threshold": above, "labour_law_facts": facts,
            # the evaluation model and its worked example, computed from the case's weights (scoring.py)
            "award": award_context(case.evaluation, case.price, annual)}


# --- IOP ----------------------------------------------------------------------------------------

def _iop_model() -> type[BaseModel]:
    from .iop.model import IopCase

    return IopCase


def _iop_check(loaded: LoadedCase, _library: Any) -> Checked:
    from .iop.checks import refusals, warnings

    refused = refusals(loaded.model)
    if refused:
        first = refused[0]
        raise DocgenError(first.message, where=loaded.lines.where(first.path), hint=first.hint)
    return Checked(findings=tuple(Finding.at(loaded.lines, f.path, f.message, code="iop-warning")
                                  for f in warnings(loaded.model)))


def _iop_after(loaded: LoadedCase, _library: Any, document: Any, _checked: Checked) -> list[Finding]:
    """The memo proposes a decision: an open SOU 2019:56 criterion 4 and a missing signatory are said there."""
    if getattr(document, "kind", None) != "iop-memo":
        return []
    from .iop.checks import memo_warnings

    return [Finding.at(loaded.lines, f.path, f.message, code="iop-memo-warning") for f in memo_warnings(loaded.model)]


# --- policies -----------------------------------------------------------------------------------

def _policy_borg_model() -> type[BaseModel]:
    from .policy.model import PolicyBorgCase

    return PolicyBorgCase


def _policy_dala_model() -> type[BaseModel]:
    from .policy.model import PolicyDalaCase

    return PolicyDalaCase


def _policy_check(loaded: LoadedCase, _library: Any) -> Checked:
    from .policy.model import check_against_law

    check_against_law(loaded)
    return Checked()


KINDS: dict[str, Kind] = {
    "tender": Kind("tender", "en upphandling", "docgen tender", _tender_model, "tender", _tender_check,
                   optional={"motiv": "criteria-motiv"}, companions=_tender_companions,
                   companion_names=(*LABOUR_LAW_APPENDICES, LABOUR_LAW_ASSESSMENT, DIRECT_AWARD_RECORD,
                                    PROVENANCE_RECORD),
                   companion_findings=_tender_companion_findings, extras=("notice",), after=_tender_after,
                   context=_tender_context, context_names=("procedure", "above_eu_threshold", "labour_law_facts", "award")),
    "iop": Kind("iop", "en IOP-överenskommelse", "docgen iop", _iop_model, "iop", _iop_check, variants=("iop-memo",),
                after=_iop_after),
    "policy-borg": Kind("policy-borg", "en upphandlingspolicy (Borg)", "docgen policy borg", _policy_borg_model,
                        "policy-borg",
                        _policy_check),
    "policy-dala": Kind("policy-dala", "en rekommendation om socialt hållbar upphandling (Dala)", "docgen policy dala",
                        _policy_dala_model, "policy-dala",
                        _policy_check),
}


def document_hint() -> str:
    return "välj en av " + ", ".join(KINDS)


def get_kind(key: str, where: str | None = None) -> Kind:
    kind = KINDS.get(str(key))
    if kind is None:
        raise DocgenError(f"okänt dokument {key!r}", where=where, hint=document_hint())
    return kind


def kind_of_template(name: str) -> Kind | None:
    """The kind whose case file a bundled template is made from: ``iop-memo`` → iop."""
    return next((kind for kind in KINDS.values() if name in kind.templates()), None)


def parse_case(text: str, source: str, expect: str | None = None) -> LoadedCase:
    """Parse and validate a case file's text with the model of its ``document:`` (or ``expect``)."""
    data, lines = parse_yaml(text, source)
    if data is None:
        raise DocgenError("ärendefilen är tom", where=source, hint="utgå från ett exempel: docgen exempel 25a > min.yaml")
    if not isinstance(data, dict):
        raise DocgenError("ärendefilen ska bestå av nycklar med värden, som document:, route: och date:", where=source)
    key = data.get("document", expect)
    if key is not None and not isinstance(key, str):
        raise DocgenError(f"document ska vara ett namn, inte {type(key).__name__} ({key!r})",
                          where=lines.where(("document",)), hint="skriv till exempel document: " + (expect or "tender"))
    if expect and key != expect:
        if key in KINDS and expect in KINDS:  # a real case file given to the wrong command
            raise DocgenError(f"ärendefilen beskriver {KINDS[key].label} (document: {key}), inte {KINDS[expect].label}",
                              where=lines.where(("document",)), hint=f"kör {KINDS[key].command} --data {source}")
        raise DocgenError(f"document är {key!r} men kommandot gör {expect!r}", where=lines.where(("document",)),
                          hint=f"sätt document: {expect}")
    kind = get_kind(str(key), where=lines.where(("document",)))
    return validate_case(data, lines, text, source, kind.model)


def load_case(path: Path, expect: str | None = None) -> LoadedCase:
    return parse_case(read_text_file(path, "ärendefilen"), str(path), expect)
