"""Every document kind docgen makes, as one object each, in one registry (``DOCUMENT_KINDS``).

A kind owns everything that is particular to it, and no other module names it:
its case model (imported on first use, so a tender run never imports the IOP or policy models), its
templates – the main document, the variants made from the same case file instead of it (``--memo``:
the IOP memo), the documents written beside it on request (``--motiv``: the tender's "Motiv till ställda
krav") and its companions (the labour-law appendices, internal records) – its extra outputs on request
(``--notice``: the eForms notice fields), each flag with its help text, its command, help and sample,
how the web form offers it (``Form``), which long documents get a cover page (``cover``), which
template owns the one annex register of its documents (``annexes_of``), which clause kinds belong to its
family (``clause_kinds``, for ``clauses show``), the names it adds to the clause context, and one
``check`` that refuses the case or returns findings. Whether a document is internal is said by its
template (``internal: true``).

``build.Build`` is the one place that wires load → check → plan → render → save for any kind. A new
document kind is one ``Kind`` here plus its model, templates and clauses – or, from outside the package,
a module named in ``DOCGEN_KINDS`` that defines ``DOCUMENT_KINDS`` (a list of ``Kind``) and keeps its templates,
clauses and samples in the kind's ``home`` folder (tests/fixtures/toykind shows one).
"""

from __future__ import annotations

import copy
import importlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .errors import DocgenError
from .findings import Finding
from .labour.package import APPENDICES as LABOUR_LAW_APPENDICES
from .labour.package import ASSESSMENT as LABOUR_LAW_ASSESSMENT
from .labour.package import companion_findings, companion_templates, example_level_findings
from .resources import resource_dir

if TYPE_CHECKING:   # `docgen --help` reads this registry: pydantic, the case models, the data and YAML load on use
    from pydantic import BaseModel

    from .case import LoadedCase

PROVENANCE_RECORD = "tender-dokumentunderlag"   # the tender's internal Dokumentunderlag, written to intern/
DIRECT_AWARD_RECORD = "direktupphandling-dokumentation"   # 19 a kap. 11 § LOU; data/routes.yaml names its route


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
class Option:
    """A flag of the kind's command that picks a document: a variant made instead of the main one
    (``--memo`` → iop-memo) or an optional document beside it (``--motiv`` → criteria-motiv).
    ``requires`` refuses a case that cannot make the document (``DocgenError``)."""

    template: str
    help: str
    requires: Callable[[LoadedCase], None] | None = None
    # the variant is made once per case this returns (the IOP memo: one per deciding public party)
    each: Callable[[LoadedCase], list[LoadedCase]] | None = None


@dataclass(frozen=True)
class Extra:
    """An output other than a document, on request (``--notice``): ``make(loaded, formats)`` gives the
    output sets (``output.OutputSet``) and their findings."""

    help: str
    make: Callable[[LoadedCase, list[str]], tuple[list, list[Finding]]]


def _no_choices() -> dict[tuple, dict[str, str]]:
    return {}


@dataclass(frozen=True)
class Form:
    """How the web form offers the kind: one entry of the page's list each (the IOP has two, the
    agreement and its memo). Only presentation: label, summary, the variant template it makes instead
    of the main one, live advice, Swedish names for coded choices and the initial values."""

    key: str
    label: str
    summary: str
    variant: str | None = None
    advice: Callable[[dict[str, Any]], Any] | None = None
    choice_labels: Callable[[], dict[tuple, dict[str, str]]] = _no_choices
    initial: Callable[[], dict[str, Any]] | None = None


@dataclass(frozen=True)
class Kind:
    key: str                                             # the case file's ``document:`` value
    label: str                                           # what a case of this kind is, in a message
    command: str                                         # the command that makes it ("docgen policy borg")
    load_model: Callable[[], type[BaseModel]]            # the case model, imported on first use
    template: str                                        # the main document
    check: Callable[[LoadedCase, Any], Checked]          # refuses (DocgenError) or returns findings
    # the complete stage: fills what the case leaves open on a copy (``loaded.model``), once; a finding per default
    complete: Callable[[LoadedCase], tuple[Finding, ...]] = lambda _loaded: ()
    variants: dict[str, Option] = field(default_factory=dict)  # flag → a document made *instead of* the main one
    optional: dict[str, Option] = field(default_factory=dict)  # flag → a document on request, beside the main one
    companions: Callable[[Any], list[str]] | None = None    # written beside the main one: case model → templates
    companion_names: tuple[str, ...] = ()                # every template ``companions`` may name
    companion_findings: Callable[[LoadedCase], list[Finding]] | None = None
    record_clauses: dict[str, str] = field(default_factory=dict)  # internal record → the clause it is made of
    extras: dict[str, Extra] = field(default_factory=dict)   # flag → another output on request (notice)
    # checks that read the rendered main document (clause values as assemble computed them)
    after: Callable[[LoadedCase, Any, Any, Checked], list[Finding]] = _no_findings
    context: Callable[[Any], dict[str, Any]] | None = None   # names the kind adds to every clause's context
    context_names: tuple[str, ...] = ()                  # … and their names, for `docgen check`
    help: str = ""                                       # the command's help text
    sample: str = ""                                     # the bundled sample made without --data (samples/)
    own_command: bool = False                            # its command is a module of commands/ (tender: --route)
    forms: tuple[Form, ...] = ()                         # how the web form offers it (none: not offered)
    # the template ``document:`` values that get a cover page and contents when long (None: the kind's key);
    # a template's or case's ``cover:`` decides for any document
    cover: tuple[str, ...] | None = None
    annexes_of: str | None = None                        # the template whose annex register all documents share
    clause_kinds: tuple[str, ...] | None = None          # clause kinds (front matter) of its family; None: the rest
    # a folder with the kind's own templates/, clauses/ and samples/ (a plugin kind); None: the bundled ones
    home: Path | None = None

    @property
    def model(self) -> type[BaseModel]:
        return self.load_model()

    def templates(self) -> tuple[str, ...]:
        """Every template made from a case of this kind."""
        return (self.template, *(o.template for o in self.variants.values()),
                *(o.template for o in self.optional.values()), *self.companion_names)

    def companion_templates(self, case: Any) -> list[str]:
        return list(self.companions(case)) if self.companions else []

    def extra_context(self, case: Any) -> dict[str, Any]:
        return self.context(case) if self.context else {}

    def covers(self, document: str) -> bool:
        """Whether a long document whose template says ``document: <document>`` gets a cover page."""
        return document in (self.cover if self.cover is not None else (self.key,))

    def own_folder(self, name: str) -> Path | None:
        """``home``'s folder of that name (templates, clauses, samples), if the kind has one."""
        folder = self.home / name if self.home else None
        return folder if folder is not None and folder.is_dir() else None

    def template_folder(self, name: str, templates: Path | None, main: bool = True) -> Path | None:
        """Where the template ``name`` is read from: the folder given (``--templates``) if it has it, else the
        kind's own, else the folder given for the main document and the bundled one for the others."""
        from .plan import templates_for  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

        given = templates_for(name, templates)
        if given is not None:
            return given
        own = self.own_folder("templates")
        if own is not None and (own / f"{name}.yaml").is_file():
            return own
        return templates if main else None

    def library(self, base: Any) -> Any:
        """``base`` (a ``library.Library``) with the kind's own clauses added (a plugin kind's)."""
        own = self.own_folder("clauses")
        return base if own is None else with_clauses(base, own)

    def sample_path(self) -> Path:
        own = self.own_folder("samples")
        if own is not None and (own / self.sample).is_file():
            return own / self.sample

        return resource_dir("samples") / self.sample


def with_clauses(base: Any, root: Path) -> Any:
    """A library of ``base``'s clauses and those under ``root`` (kept per pair: a form request or a command
    reads the kind's clauses once)."""
    key = (id(base), root)
    found = _EXTENDED.get(key)
    if found is None or found[0] is not base:
        from .library import Library, load_library  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

        found = _EXTENDED[key] = (base, Library(base.root, {**base.clauses, **load_library(root).clauses}))
    return found[1]


_EXTENDED: dict[tuple[int, Path], tuple[Any, Any]] = {}


# --- tender -------------------------------------------------------------------------------------

def _tender_model() -> type[BaseModel]:
    from .case import TenderCase  # noqa: PLC0415 - the case models load on first use, not for `docgen --help`

    return TenderCase


def _tender_check(loaded: LoadedCase, library: Any) -> Checked:
    """The route (refused with the paragraph named), then the conditions that can be judged before
    rendering: a known ``mode`` for each condition family, labour-law conditions or a reason, not both."""
    from .rules import case_path_of, check_route, facts_from_case  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .rules.conditions import check_modes, labour_law_conflict  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    defaults = _tender_complete(loaded)   # the buyer's open decisions, each default a finding at its key
    case = loaded.model
    verdict = check_route(case.route, facts_from_case(case))
    if verdict.eligible is False:
        reasons = " ".join(verdict.refusals)  # every rule records why it refuses
        fact_path = next(filter(None, map(case_path_of, verdict.refused_facts)), None)
        raise DocgenError(f"vägen {case.route} ({verdict.basis}) kan inte användas: {reasons}",
                          where=loaded.lines.where(fact_path or ("route",)),
                          command_hint="kör docgen routes --data för att se vilka vägar som är möjliga")
    findings = [Finding("warning", "route-warning", w) for w in verdict.warnings]
    from .sectors import sector_findings  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    findings += sector_findings(loaded)   # issue 21: refused when the CPV codes leave the sector open
    findings += _procedure_findings(loaded)
    findings += defaults

    findings += example_level_findings(loaded)  # invented pay levels in bilaga 1: on every run (17 kap. 3 § LOU)
    findings = tuple(findings)
    if library is None:
        return Checked(verdict, findings)
    chosen = check_modes(loaded, library)
    conflict = labour_law_conflict(case.clauses.get("labour_law"))
    if conflict:
        message, key = conflict
        raise DocgenError(message, where=loaded.lines.where(("clauses", "labour_law", "not_needed_because")),
                          key=key, keys=[key])
    return Checked(verdict, findings, {"modes": chosen})


# what the buyer can give when the procedure cannot be decided (the hint, and the key it names)
_UNKNOWN_HINTS = {
    ("annex2",): ("ange {0}: true eller false", ("procurement", "annex2_service")),
    ("given_threshold",): ("ange tröskelvärdet som gäller på dokumentets datum och var det är publicerat, under {0} "
                           "med amount_sek och source (t.ex. Upphandlingsmyndighetens sida om tröskelvärden), eller "
                           "datera dokumentet inom en period som docgen känner", ("procurement", "eu_threshold")),
    ("value_sek",): ("ange {0}", ("procurement", "estimated_value_sek")),
}


def _tender_complete(loaded: LoadedCase) -> tuple[Finding, ...]:
    """The complete stage: the buyer's open decisions filled from the data (rules/defaults.py) on a copy of
    the validated case (``loaded.validated`` stays as the file said it), put in ``loaded.model``; one finding
    per default, at its key. Done once per loaded case; never refuses for a missing fact."""
    if loaded.completion is None:
        from .rules.casefacts import fill_case_facts  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
        from .rules.defaults import fill_defaults  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

        case = loaded.validated.model_copy(deep=True)
        facts = [Finding.at(loaded.lines, path, message, code="buyer-default")   # issue 21: the facts' defaults
                 for path, message in fill_case_facts(case)]
        loaded.completion = tuple(fill_defaults(case, loaded.lines)) + tuple(facts)
        loaded.model = case
    return loaded.completion


def _procedure_findings(loaded: LoadedCase) -> list[Finding]:
    """The procedure must follow from the facts (rules/procedure.py): refused when it cannot be decided;
    a warning when the tender deadline is shorter than the law's minimum."""
    from .rules import case_path_of, facts_from_case  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .rules.procedure import deadline_warning, decide  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    case = loaded.model
    decision = decide(case.route, facts_from_case(case), case.authority.kind)
    if decision.spec is None:
        path = case_path_of(decision.unknown_fact) or ("route",)
        hint, key = _UNKNOWN_HINTS.get(decision.unknown_fact[:1], ("ange den uppgift som saknas i ärendefilen", None))
        raise DocgenError(f"förfarandet kan inte avgöras: {decision.unknown}", where=loaded.lines.where(path),
                          hint=hint, key=path, keys=[key] if key else (), missing=True)
    findings = [Finding.at(loaded.lines, ("date",), w, code="procedure-warning") for w in decision.warnings]
    warning = deadline_warning(decision, case.date, case.procurement.tender_deadline)
    if warning:
        findings.append(Finding.at(loaded.lines, ("procurement", "tender_deadline"), warning, code="tender-deadline"))
    return findings


def _tender_after(loaded: LoadedCase, library: Any, document: Any, checked: Checked) -> list[Finding]:
    """Condition checks that need the clause values: read from the assembled document, not computed again."""
    from .industries import load_risk_industries  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .rules.conditions import labour_law_missing, placement_longer_than_term, short_form_contradiction  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .rules.eu_threshold import case_annex2  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    case = loaded.model
    findings: list[Finding] = []
    employment = checked.state.get("modes", {}).get("employment")
    if employment is not None:
        values = document.values.get(employment.id)
        if values is None:  # the chosen clause is not in this document: its values as assemble would give them
            from .values import chosen_level, clause_values  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

            values = clause_values(employment, loaded, chosen_level(employment, loaded))
        placement = values.get("placement_months") if "placement_months" in employment.meta.variables else None
        message = placement_longer_than_term(case.procurement.term_months, placement, values.get("commitment"))
        if message:
            findings.append(Finding.at(loaded.lines, ("clauses", "employment"), message, code="condition-placement"))
        if employment.meta.variables.get("forms") is not None and "placement_months" in employment.meta.variables:
            message = short_form_contradiction(placement, values.get("forms"))
            if message:
                findings.append(Finding.at(loaded.lines, ("clauses", "employment"), message, code="condition-forms"))
    labour_law = case.clauses.get("labour_law")
    p = case.procurement
    message = labour_law_missing(day=case.date, value_sek=p.estimated_value_sek, cpv=p.cpv,
                                 authority_kind=case.authority.kind, annex2=case_annex2(case),
                                 labour_law=labour_law, industries=load_risk_industries())
    if message:
        place = ("clauses", "labour_law", "not_needed_because") if labour_law else ("procurement", "cpv")
        findings.append(Finding.at(loaded.lines, place, message, code="labour-law-missing"))
    from .rules.conditions import school_register_missing  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .rules.defaults import defaults_sector, load_defaults  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    object_list = (case.clauses.get("cleaning") or {}).get("object_list", "") if isinstance(case.clauses.get("cleaning"), dict) else ""
    message = school_register_missing([p.title, p.description, object_list], load_defaults().school_premises_words,
                                      "school_register" in case.clauses or defaults_sector(case) != "cleaning")
    if message:
        findings.append(Finding.at(loaded.lines, ("procurement", "title"), message, code="school-register-missing"))
    findings += _consistency_findings(loaded, document)
    return findings


def _consistency_findings(loaded: LoadedCase, document: Any) -> list[Finding]:
    """The rendered tender agrees with itself (checks/consistency.py: price model, vite caps, phantom
    mechanisms); a cap of the case's own vite is reported at its line in the case file."""
    from .checks.consistency import inconsistencies  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    own = len(loaded.model.contract.vite or []) if loaded.model.contract else 0
    found = []
    for item in inconsistencies(document.markdown):
        row = item.message.split(":", 1)[0]
        index = int(row[1:]) - 1 if item.code == "vite-cap" and row[1:].isdigit() else -1
        if 0 <= index < own:
            found.append(Finding.at(loaded.lines, ("contract", "vite", index, "cap_sek"), item.message, code=item.code))
        else:
            found.append(Finding("warning", item.code, f"{document.output_stem}.md rad {item.line}: {item.message}"))
    return found


def _tender_companions(case: Any) -> list[str]:
    """The labour-law package (if any), the route's internal records (data/routes.yaml ``records``) and
    always the tender's internal provenance record (Dokumentunderlag)."""
    from .datafiles import load_routes  # noqa: PLC0415 - data files are read on use, not for `docgen --help`

    return [*companion_templates(case), *load_routes().route(case.route).records, PROVENANCE_RECORD]


def _tender_companion_findings(loaded: LoadedCase) -> list[Finding]:
    return companion_findings(loaded)


def _tender_context(case: Any) -> dict[str, Any]:
    """What the rules decide for the clauses, computed once per document (no computed field calls the rules):
    ``procedure`` (rules/procedure.py), ``above_eu_threshold`` (None when docgen cannot tell; decides the
    ESPD and the review time limits) and ``labour_law_facts`` for the needs assessment (None without
    clauses.labour_law)."""
    from .rules import facts_from_case  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .rules.eu_threshold import eu_threshold  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .rules.procedure import decide  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    found = eu_threshold(case)
    above = None
    if found.lookup is not None and found.lookup.threshold is not None:
        above = case.procurement.estimated_value_sek >= found.lookup.threshold.amount_sek
    facts = None
    if "labour_law" in case.clauses:
        from .labour.facts import labour_law_facts  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

        facts = labour_law_facts(case)
    from .scoring import award_context  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    annual = case.procurement.estimated_value_sek * 12 // case.procurement.total_months
    return {"procedure": decide(case.route, facts_from_case(case), case.authority.kind).as_context(),
            "above_eu_threshold": above, "labour_law_facts": facts,
            # the evaluation model and its worked example, computed from the case's weights (scoring.py)
            "award": award_context(case.evaluation, case.price, annual)}


# --- IOP ----------------------------------------------------------------------------------------

def _iop_model() -> type[BaseModel]:
    from .iop.model import IopCase  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    return IopCase


def _iop_check(loaded: LoadedCase, _library: Any) -> Checked:
    from .iop.checks import refusals, warnings  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    refused = refusals(loaded.model)
    if refused:
        first = refused[0]
        raise DocgenError(first.message, where=loaded.lines.where(first.key), hint=first.hint or None, key=first.key)
    return Checked(findings=tuple(Finding.at(loaded.lines, f.key, f.message, code="iop-warning")
                                  for f in warnings(loaded.model)))


def _iop_after(loaded: LoadedCase, _library: Any, document: Any, _checked: Checked) -> list[Finding]:
    """The memo proposes a decision: an open SOU 2019:56 criterion 4 and a missing signatory are said there."""
    if getattr(document, "kind", None) != "iop-memo":
        return []
    from .iop.checks import memo_warnings  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    return [Finding.at(loaded.lines, f.key, f.message, code="iop-memo-warning") for f in memo_warnings(loaded.model)]


# --- policies -----------------------------------------------------------------------------------

def _policy_borg_model() -> type[BaseModel]:
    from .policy.model import PolicyBorgCase  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    return PolicyBorgCase


def _policy_dala_model() -> type[BaseModel]:
    from .policy.model import PolicyDalaCase  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    return PolicyDalaCase


def _policy_check(loaded: LoadedCase, _library: Any) -> Checked:
    from .policy.model import check_against_law, policy_findings  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    check_against_law(loaded)
    return Checked(findings=tuple(Finding.at(loaded.lines, path, message, code="policy-warning")
                                  for path, message in policy_findings(loaded.model)))


def _iop_memo_requires(loaded: LoadedCase) -> None:
    if loaded.model.memo is None and not loaded.model.memos:
        raise DocgenError("tjänsteskrivelsen behöver memo: med nämnd (committee) och handläggare (prepared_by)",
                          where=loaded.lines.where(()), hint="lägg till memo: {committee: …, prepared_by: {name: …, title: …}}")


def _iop_memo_each(loaded: LoadedCase) -> list[LoadedCase]:
    """With ``memos:`` each deciding public party gets its own memo: the case once per entry as ``memo``."""
    if not loaded.model.memos:
        return [loaded]
    out = []
    for entry in loaded.model.memos:
        one = copy.copy(loaded)
        one.model = loaded.model.model_copy(update={"memo": entry, "memos": []})
        out.append(one)
    return out


def _tender_notice(loaded: LoadedCase, formats: list[str]) -> tuple[list, list[Finding]]:
    from .notice import notice_outputs  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    return notice_outputs(loaded, formats)


# --- the web form's presentation --------------------------------------------------------------------

def _route_names() -> dict[tuple, dict[str, str]]:
    """The routes with their names and paragraphs, and the sectors by their Swedish names
    (data/sectors.yaml), never their ids ("elderly-care")."""
    from .rules import routes  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help
    from .sectors import load_sectors  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    sectors = {sid: sector.name[:1].upper() + sector.name[1:] for sid, sector in load_sectors().items()}
    return {("route",): {rid: f"{rid} – {route.name} ({route.basis})" for rid, route in routes().items()},
            ("procurement", "sector"): sectors}


def _tender_initial() -> dict[str, Any]:
    from .datafiles import route_ids  # noqa: PLC0415 - data files are read on use, not for `docgen --help`

    return {"document": "tender", "route": route_ids()[0], "date": date.today()}   # the first route routes.yaml lists


def _tender_advice(data: dict[str, Any]) -> Any:
    from .advice import tender_advice  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    return tender_advice(data)


def _iop_advice(data: dict[str, Any]) -> Any:
    from .advice import iop_advice  # noqa: PLC0415 - a kind's rules, models and extras load when the kind is used, not for --help

    return iop_advice(data)


# Swedish names for coded choices of the case models (the case file keeps the codes).
IOP_CHOICES = {("contributions", "kind"): {"money": "Pengar", "premises": "Lokaler", "staff": "Personal",
                                           "expertise": "Kompetens", "volunteers": "Ideella insatser", "other": "Övrigt"},
               ("contributions", "payment_basis"): {"grant": "Bidrag till den idéburna partens egen verksamhet",
                                                    "per_unit": "Ersättning per utförd enhet (timme, plats, dygn)",
                                                    "output": "Ersättning för ett bestämt resultat"},
               ("activities", "decides_volume"): {"idea": "Den idéburna parten", "joint": "Parterna gemensamt",
                                                  "public": "Den offentliga parten"},
               ("activities", "benefits"): {"target_group": "Målgruppen direkt",
                                            "public_party": "Den offentliga parten, som får en egen uppgift utförd"},
               ("activities", "exists_without_public_money"): {"yes": "Ja", "partly": "Ja, men i mindre omfattning",
                                                               "no": "Nej"}}
ORGANISATION_CHOICES = {("organisation", "kind"): {"kommun": "Kommun", "region": "Region"}}
DALA_CHOICES = {**ORGANISATION_CHOICES,
                ("adoption",): {"regional": "Regional rekommendation till kommunerna i länet",
                                "own": "Egen policy för organisationens verksamhet"}}
BORG_CHOICES = {
    **ORGANISATION_CHOICES,
    ("rules", "pre_study"): {"either": "Marknadsundersökning, begäran om information (RFI) eller båda",
                             "both": "Både marknadsundersökning och begäran om information (RFI)",
                             "market_research": "Marknadsundersökning", "rfi": "Begäran om information (RFI)"},
    ("rules", "aggregation_year"): {"current": "Innevarande räkenskapsår (som lagen kräver)",
                                    "previous": "Även närmast föregående räkenskapsår"},
}


def _initial(document: str) -> Callable[[], dict[str, Any]]:
    return lambda: {"document": document, "date": date.today()}


BUILTIN_KINDS: dict[str, Kind] = {
    "tender": Kind(
        "tender", "en upphandling", "docgen tender", _tender_model, "tender", _tender_check,
        optional={"motiv": Option("criteria-motiv", "Skriv också det interna underlaget Motiv till ställda krav "
                                                    "(publiceras inte).")},
        companions=_tender_companions,
        companion_names=(*LABOUR_LAW_APPENDICES, LABOUR_LAW_ASSESSMENT, DIRECT_AWARD_RECORD, PROVENANCE_RECORD),
        companion_findings=_tender_companion_findings,
        # the clause each internal record is made of: a user's own library without it gets the rest written
        record_clauses={PROVENANCE_RECORD: "appendix/dokumentunderlag",
                        DIRECT_AWARD_RECORD: "appendix/documentation-19a-2"},
        extras={"notice": Extra("Skriv även annonsuppgifterna (eForms-fält) som notice-fields-<diarienummer>.json "
                                "och .md.", _tender_notice)},
        complete=_tender_complete, after=_tender_after, context=_tender_context,
        context_names=("procedure", "above_eu_threshold", "labour_law_facts", "award"),
        help="Skriv upphandlingsdokument för en rättslig väg (t.ex. --route 25a).", own_command=True,
        forms=(Form("tender", "Upphandlingsdokument",
                    "Upphandling enligt en rättslig väg, t.ex. reserverad för idéburna organisationer (19 kap. 25 a § LOU).",
                    advice=_tender_advice, choice_labels=_route_names, initial=_tender_initial),),
        annexes_of="tender"),
    "iop": Kind(
        "iop", "en IOP-överenskommelse", "docgen iop", _iop_model, "iop", _iop_check,
        variants={"memo": Option("iop-memo", "Skriv tjänsteskrivelsen (beslutsunderlaget) i stället för "
                                             "överenskommelsen.", requires=_iop_memo_requires,
                                             each=_iop_memo_each)},
        after=_iop_after, sample="iop-night-shelter.yaml", clause_kinds=("iop",),
        help="Skriv en överenskommelse om idéburet offentligt partnerskap (IOP), eller med --memo tjänsteskrivelsen.",
        forms=(Form("iop", "IOP-överenskommelse",
                    "Överenskommelse om idéburet offentligt partnerskap mellan kommunen och idéburna organisationer.",
                    advice=_iop_advice, choice_labels=lambda: IOP_CHOICES, initial=_initial("iop")),
               Form("iop-memo", "Tjänsteskrivelse om IOP",
                    "Beslutsunderlag till nämnden för en IOP-överenskommelse (samma ärendefil som överenskommelsen).",
                    variant="iop-memo", advice=_iop_advice, choice_labels=lambda: IOP_CHOICES,
                    initial=_initial("iop")))),
    "policy-borg": Kind(
        "policy-borg", "en upphandlingspolicy (Borg)", "docgen policy borg", _policy_borg_model, "policy-borg",
        _policy_check, sample="policy-borg.yaml", clause_kinds=("policy",),
        help="Skriv en upphandlingspolicy: borg (välfärdstjänster och idéburna) eller dala (socialt hållbar upphandling).",
        forms=(Form("policy-borg", "Upphandlingspolicy (Borgmodellen)",
                    "Kommunens policy för upphandling av välfärdstjänster: marknadsundersökning, reserverad upphandling "
                    "för idéburna organisationer och direktupphandling med idéburna organisationer i första hand.",
                    choice_labels=lambda: BORG_CHOICES, initial=_initial("policy-borg")),),
        # the sources of the printed figures go to an internal record, not the adopted text (issue 23)
        companions=lambda _case: ["policy-borg-record"], companion_names=("policy-borg-record",)),
    "policy-dala": Kind(
        "policy-dala", "en rekommendation om socialt hållbar upphandling (Dala)", "docgen policy dala",
        _policy_dala_model, "policy-dala", _policy_check, sample="policy-dala.yaml", clause_kinds=("policy",),
        help="Skriv en upphandlingspolicy: borg (välfärdstjänster och idéburna) eller dala (socialt hållbar upphandling).",
        forms=(Form("policy-dala", "Regional rekommendation (Dalamodellen)",
                    "Rekommendation för socialt hållbar upphandling i regionen och länets kommuner, med mål som följs "
                    "upp varje år.", choice_labels=lambda: DALA_CHOICES, initial=_initial("policy-dala")),),
        # the sources of the printed figures go to an internal record, not the adopted text (issue 23)
        companions=lambda _case: ["policy-dala-record"], companion_names=("policy-dala-record",)),
}

PLUGINS_ENV = "DOCGEN_KINDS"


class KindRegistry(Mapping[str, Kind]):
    """Every document kind: the built-in ones above, then those of the plugin modules named in the
    environment variable ``DOCGEN_KINDS`` (comma-separated module paths, importable from ``sys.path``; each
    module defines ``DOCUMENT_KINDS``, a list of ``Kind``). A plugin kind is known everywhere a built-in one is — its
    command, ``docgen check``, ``clauses show``, batch and the web form — and nothing else names it.
    The variable is read when the registry is used, not at import."""

    def __init__(self, builtin: dict[str, Kind]) -> None:
        self._builtin = builtin
        self._loaded: tuple[str, dict[str, Kind]] = ("", builtin)

    def _all(self) -> dict[str, Kind]:
        spec = os.environ.get(PLUGINS_ENV, "").strip()
        if spec != self._loaded[0]:
            kinds = dict(self._builtin)
            for name in filter(None, (part.strip() for part in spec.split(","))):
                try:
                    module = importlib.import_module(name)
                except ImportError as exc:
                    raise DocgenError(f"dokumentslaget i {name!r} kan inte läsas in: {exc}", where=PLUGINS_ENV,
                                      hint="ange modulens namn som det importeras, t.ex. mitt_paket.kinds") from None
                for kind in getattr(module, "DOCUMENT_KINDS", ()):
                    kinds[kind.key] = kind
            self._loaded = (spec, kinds)
        return self._loaded[1]

    def __getitem__(self, key: str) -> Kind:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


DOCUMENT_KINDS = KindRegistry(BUILTIN_KINDS)


def document_hint() -> str:
    return "välj en av " + ", ".join(DOCUMENT_KINDS)


def get_kind(key: str, where: str | None = None) -> Kind:
    kind = DOCUMENT_KINDS.get(str(key))
    if kind is None:
        raise DocgenError(f"okänt dokument {key!r}", where=where, hint=document_hint())
    return kind


def kind_of_template(name: str) -> Kind | None:
    """The kind whose case file a template is made from: ``iop-memo`` → iop."""
    return next((kind for kind in DOCUMENT_KINDS.values() if name in kind.templates()), None)


def all_clauses(library: Any) -> Any:
    """``library`` with every registered kind's own clauses (``clauses show``, the library listing)."""
    for kind in DOCUMENT_KINDS.values():
        library = kind.library(library)
    return library


def family_of(clause_kind: str) -> list[Kind]:
    """The kinds whose documents a clause of this front-matter ``kind`` belongs in when no template names
    it: those that list it in ``clause_kinds``, else those that take the rest (``clause_kinds=None``)."""
    own = [k for k in DOCUMENT_KINDS.values() if k.clause_kinds and clause_kind in k.clause_kinds]
    return own or [k for k in DOCUMENT_KINDS.values() if k.clause_kinds is None]


def parse_case(text: str, source: str, expect: str | None = None) -> LoadedCase:
    """Parse and validate a case file's text with the model of its ``document:`` (or ``expect``)."""
    from .yamlfile import parse_yaml  # noqa: PLC0415 - YAML loads when a case is read, not for `docgen --help`

    data, lines = parse_yaml(text, source)
    if data is None:
        raise DocgenError("ärendefilen är tom", where=source, hint="utgå från ett exempel: docgen exempel 25a > min.yaml")
    if not isinstance(data, dict):
        raise DocgenError("ärendefilen ska bestå av nycklar med värden, som document:, route: och date:", where=source)
    key = data.get("document", expect)
    if key is not None and not isinstance(key, str):
        raise DocgenError(f"document ska vara ett namn, inte {type(key).__name__} ({key!r})",
                          where=lines.where(("document",)), hint="skriv till exempel document: " + (expect or next(iter(DOCUMENT_KINDS))))
    if expect and key != expect:
        if key in DOCUMENT_KINDS and expect in DOCUMENT_KINDS:  # a real case file given to the wrong command
            raise DocgenError(f"ärendefilen beskriver {DOCUMENT_KINDS[key].label} (document: {key}), inte {DOCUMENT_KINDS[expect].label}",
                              where=lines.where(("document",)), hint=f"kör {DOCUMENT_KINDS[key].command} --data {source}")
        raise DocgenError(f"document är {key!r} men kommandot gör {expect!r}", where=lines.where(("document",)),
                          hint=f"sätt document: {expect}")
    kind = get_kind(str(key), where=lines.where(("document",)))
    from .case import validate_case  # noqa: PLC0415 - the case models load on first use

    return validate_case(data, lines, text, source, kind.model)


def load_case(path: Path, expect: str | None = None) -> LoadedCase:
    from .yamlfile import read_text_file  # noqa: PLC0415 - see parse_case

    return parse_case(read_text_file(path, "ärendefilen"), str(path), expect)
