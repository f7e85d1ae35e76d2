"""From a validated case to one rendered Markdown text, following the document plan."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from markupsafe import Markup
from pydantic import BaseModel

from . import __version__
from .annexes import make_annex, published_companions, register_from_plan
from .case import LoadedCase
from .criteria import criteria_block, one_line, proof_times
from .errors import DocgenError
from .findings import Finding
from .library import Clause, Library
from .output import case_key, case_stem
from .plan import Plan, build_plan, load_template, templates_for
from .render import ENV, escape_markdown, render_text, unescape_markdown
from .resources import resource_dir
from .values import Valued, check_supplied_keys, value_plan

_HEADING = re.compile(r"(?m)^(#{1,6})(?=\s)")

# What a clause body may use without declaring it under `variables:` is, in this order of precedence:
# its own declared variables, the names below (built by assemble() for each document), the case itself
# (case_context: the model's fields and computed fields) and the Jinja globals. clause_context() builds
# that context and refuses a document name not listed here; clause_context_names() is what `docgen check`
# reads, so the checker and the renderer cannot drift apart.
# `level` is the level the clause is used at (bas, avancerad, spjutspets; none for a clause without levels).
# `annex` is the one register of annex numbers across the tender and its companion files (annexes.py).
DOCUMENT_NAMES = ("route", "clauses", "plan", "ref", "provenance", "level", "annex")
# Follow-up rows (front matter `follow_up:`) are rendered while the plan context is being built:
# they see the case, these names and the clause's own variables, but no plan, ref or provenance yet.
FOLLOW_UP_NAMES = ("route", "clauses", "level")
# The criteria form (front matter `criteria:` and `levels:`) is rendered once per document and shown both in
# the tender and in the buyer's "Motiv till ställda krav": no plan or provenance, but ref to the tender's sections.
CRITERIA_NAMES = ("route", "clauses", "level", "ref")


@dataclass
class Document:
    kind: str
    title: str
    subtitle: str
    markdown: str
    plan: Plan
    authority_name: str
    reference: str
    doc_date: date
    output_stem: str
    word_template: Path
    findings: list[Finding] = field(default_factory=list)
    values: dict[str, dict[str, Any]] = field(default_factory=dict)   # clause id → its variables' values
    bodies: dict[str, str] = field(default_factory=dict)   # clause id → its rendered text (headings unshifted)
    cover: bool | None = None   # the case's cover: (else the template's): cover page and contents on or off
    cover_when_long: bool = False   # else a long document gets them (its kind says so: kinds.Kind.cover)
    annexes: tuple = ()         # the one annex register (annexes.Annex) the document was rendered with (issue 21)
    cover_owner: tuple[str, str] | None = None   # the cover's (label, names) if not ("Myndighet", authority_name)

    @property
    def legal_bases(self) -> list[str]:
        seen: dict[str, None] = {}
        for clause in self.plan.clauses():
            for basis in self.plan.legal_bases(clause):
                seen.setdefault(basis, None)
        return list(seen)


def case_context(loaded: LoadedCase) -> dict[str, Any]:
    """The global context every clause sees: the case as plain data (keys: ``case_names(type(model))``)."""
    data = loaded.model.model_dump(mode="python")
    data.setdefault("route", None)
    return data


def case_names(model: type[BaseModel]) -> frozenset[str]:
    """The top-level keys ``model_dump`` gives for a case of this model: its fields (those not excluded
    from dumps, by field name) and its computed fields (IOP's all_parties, a policy's thresholds …)."""
    fields = {name for name, info in model.model_fields.items() if not info.exclude}
    return frozenset(fields | set(model.model_computed_fields))


def clause_context_names(model: type[BaseModel], names: tuple[str, ...] = DOCUMENT_NAMES) -> frozenset[str]:
    """Every name a clause body (``names=FOLLOW_UP_NAMES``: a follow-up row) may use without declaring
    it, in a document made from a case of this model."""
    return case_names(model) | frozenset(names) | frozenset(ENV.globals)


def clause_context(context: dict[str, Any], own: dict[str, Any], names: tuple[str, ...] = DOCUMENT_NAMES,
                   **document: Any) -> dict[str, Any]:
    """The context one clause (or follow-up row) is rendered in: the document context, the clause's own
    variables, then the document names given here (ref and provenance win over a variable of the same
    name, as they always have). Exactly ``names`` must be available: clause_context_names() is what
    `docgen check` allows, so a name added here but not there is a programming error."""
    unknown = set(document) - set(names)
    if unknown:
        raise AssertionError(f"context names not declared in assemble.DOCUMENT_NAMES: {sorted(unknown)}")
    local = dict(context)
    local.update(own)
    local.update(document)
    missing = set(names) - set(local)
    if missing:
        raise AssertionError(f"assemble.DOCUMENT_NAMES not provided to the clause context: {sorted(missing)}")
    return local


def plan_context(valued: Valued, context: dict[str, Any]) -> dict[str, Any]:
    """What a clause may know about the document it is in (``plan.*`` in clause bodies).

    ``plan.legal_bases``: every legal basis cited by the document's clauses, in order of first use;
    ``plan.legal_references``: the same, each as ``{basis, sections}`` with the labels of the sections citing it;
    ``plan.follow_up``: the follow-up rows of every clause (what, when, evidence, section, title),
    rendered with that clause's variables; ``plan.sections``: number, title and clause id of each section.
    """
    plan, values, levels = valued.plan, valued.values, valued.levels
    legal_bases: dict[str, list[str]] = {}
    follow_up: list[dict[str, str]] = []
    sanctions: list[dict[str, str]] = []  # plan.sanctions: every vite of the document, for the one vite table
    for section in plan.sections:
        clause = section.clause
        if clause is None:
            continue
        for basis in plan.legal_bases(clause):
            cited_in = legal_bases.setdefault(basis, [])
            if section.label not in cited_in:
                cited_in.append(section.label)
        local = clause_context(context, values[clause.id], names=FOLLOW_UP_NAMES, level=levels.get(clause.id))
        for index, row in enumerate(clause.meta.follow_up):
            rendered = {key: Markup(render_text(getattr(row, key), local, f"{clause.path}#follow_up[{index}].{key}",
                                         lambda _line, c=clause, i=index: c.where_key("follow_up", i)).strip())
                        for key in ("what", "when", "evidence")}
            # rendered rows are Markdown already (Markup: not escaped a second time)
            follow_up.append({**rendered, "section": section.label, "title": section.title, "id": clause.id})
        for index, row in enumerate(clause.meta.sanctions):
            rendered = {key: Markup(render_text(getattr(row, key), local, f"{clause.path}#sanctions[{index}].{key}",
                                         lambda _line, c=clause, i=index: c.where_key("sanctions", i)).strip())
                        for key in ("breach", "amount", "per", "cap")}
            sanctions.append({**rendered, "section": section.label, "title": section.title, "id": clause.id})
    return {
        "legal_bases": list(legal_bases),
        "legal_references": [{"basis": basis, "sections": labels} for basis, labels in legal_bases.items()],
        "follow_up": follow_up,
        "sanctions": sanctions,
        "sections": [{"number": s.number, "title": s.title, "id": s.clause.id if s.clause else None, "label": s.label}
                     for s in plan.sections],
    }


def make_ref(sections: dict[str, Any], library: Library, clause: Clause):
    """``ref("clause/id")`` for a text of ``clause``: the label of the section that holds the target."""
    def ref(target: str) -> Markup:
        section = sections.get(target)
        if section is None:
            known = target in library.clauses
            raise DocgenError(
                f"hänvisningen ref({target!r}) pekar på en klausul som "
                + ("inte ingår i detta dokument" if known else "inte finns"),
                where=clause.where(), hint="ändra hänvisningen eller ta med klausulen i mallen")
        return Markup(section.label)

    return ref


def criteria_rows(valued: Valued, context: dict[str, Any], library: Library) -> list[dict[str, Any]]:
    """``plan.criteria``: the criteria form of every clause in the plan that has one, at its level, rendered
    (krav, verifikat and motiv as one-line Markdown; own_motiv from clauses.<key>.motiv or ""; when_text
    "med anbudet och …"; section, title, level, id)."""
    plan, values, levels = valued.plan, valued.values, valued.levels
    sections = plan.by_clause()
    rows: list[dict[str, Any]] = []
    for section in plan.sections:
        clause = section.clause
        if clause is None:
            continue
        level = levels.get(clause.id)
        form = clause.meta.criteria_at(level)
        if form is None:
            continue
        local = clause_context(context, values[clause.id], names=CRITERIA_NAMES, level=level,
                               ref=make_ref(sections, library, clause))
        rendered = {}
        for key in ("krav", "verifikat", "motiv"):
            source_key = ("levels", level, key) if level and getattr(clause.meta.levels[level], key) else ("criteria", key)
            text = render_text(getattr(form, key), local, f"{clause.path}#{'.'.join(source_key)}",
                               lambda _line, c=clause, k=source_key: c.where_key(*k))
            rendered[key] = Markup(one_line(text))
        own = valued.motiv[clause.id]  # the buyer's words: a case value, escaped like one
        rendered["own_motiv"] = Markup(one_line(escape_markdown(own))) if own else ""
        rows.append({**rendered, "when": list(form.when), "when_text": proof_times(form.when, context.get("route")),
                     "section": section.label, "number": section.number, "title": section.title,
                     "level": level or "", "id": clause.id})
    return rows


def _shift_headings(markdown: str, by: int) -> str:
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + by), markdown)


Planner = Callable[[str, "Path | None"], Plan]   # (template name, template folder) → its plan, for this case


def document_context(loaded: LoadedCase, extra_context: dict[str, Any] | None = None) -> dict[str, Any]:
    """What every clause and template condition of a case's documents sees: the case, the names its kind
    adds (kinds.Kind.context) and ``clauses``. The context a plan is built with."""
    context = case_context(loaded)
    context.update(extra_context or {})
    context["clauses"] = loaded.model.clauses
    return context


def planner(context: dict[str, Any], library: Library) -> Planner:
    """Plans made with ``context``, each template's at most once (build.Build keeps one per build)."""
    plans: dict[tuple[str, Path | None], Plan] = {}

    def plan_of(name: str, templates: Path | None) -> Plan:
        key = (name, Path(templates) if templates else None)
        if key not in plans:
            spec, path = load_template(name, templates)
            plans[key] = build_plan(spec, path, context, library)
        return plans[key]

    return plan_of


def assemble(loaded: LoadedCase, library: Library, template_name: str, templates: Path | None = None,
             extra_context: dict[str, Any] | None = None, *, plans: Planner | None = None,
             annexes_of: str | None = None, companions: tuple[str, ...] = (),
             covers: Callable[[str], bool] | None = None) -> Document:
    """``extra_context``: the names the document kind adds to every clause's context (kinds.Kind.context).
    ``plans``: where the plans come from (``build.Build.plan``: one per template per build); without it
    the plans are made here. ``annexes_of``: the template whose appendices and published ``companions``
    make the one annex register of the kind's documents (kinds.Kind.annexes_of); without it the document
    numbers its own appendices. ``covers``: whether a long document of this template's ``document:``
    gets a cover page (kinds.Kind.covers)."""
    findings: list[Finding] = []
    context = document_context(loaded, extra_context)
    plans = plans or planner(dict(context), library)
    plan = plans(template_name, templates)
    spec, template_path = plan.template, plan.template_path
    # A document about another document's criteria (criteria_of: tender, the buyer's "Motiv till ställda
    # krav") lists the criteria of that document's plan, with its section numbers.
    criteria_plan = plan
    if spec.criteria_of:
        criteria_plan = plans(spec.criteria_of, templates)
    check_supplied_keys(loaded, library, criteria_plan, findings)
    valued = value_plan(plan, loaded)
    levels, values = valued.levels, valued.values
    sections = plan.by_clause()
    if criteria_plan is plan:
        criteria = criteria_rows(valued, context, library)
    else:
        criteria = criteria_rows(value_plan(criteria_plan, loaded), context, library)
        if not criteria:
            raise DocgenError(f"upphandlingsdokumentet innehåller inga krav eller villkor med motiv ({spec.title})",
                              where=loaded.source, command_hint="välj villkor under clauses: eller skriv utan --motiv")
    context["plan"] = plan_context(valued, context)  # after the criteria: they see no plan
    context["plan"]["criteria"] = criteria
    annexes = annex_register(templates, plan, plans, annexes_of, companions,
                             getattr(loaded.model, "annexes", ()) if annexes_of else ())   # issue 21: the buyer's files
    context["plan"]["annexes"] = [{"number": a.number, "label": a.label, "title": a.title, "key": a.key,
                                   "separate": a.separate, "file": a.file, "description": a.description,
                                   "buyer": a.buyer} for a in annexes]
    annex = make_annex(annexes, str(template_path))
    shown = {row["id"]: row for row in criteria} if criteria_plan is plan else {}
    provenance_plan = plans(spec.provenance_of, templates_for(spec.provenance_of, templates)) if spec.provenance_of else plan
    provenance = provenance_context(loaded, provenance_plan)

    def render_clause(clause: Clause) -> str:
        local = clause_context(context, values[clause.id], ref=make_ref(sections, library, clause),
                               provenance=provenance, level=levels[clause.id], annex=annex)
        return render_text(clause.body, local, str(clause.path), clause.where)

    def render_small(source: str, key: str) -> str:
        return render_text(source, {**context, "annex": annex}, f"{template_path}#{key}",
                           lambda _line: loaded_where(template_path, key), what="mallen").strip()

    title = render_small(spec.title, "title")
    subtitle = render_small(spec.subtitle, "subtitle") if spec.subtitle else ""
    stem = render_small(spec.output, "output")
    if not re.fullmatch(r"[\w.-]+", stem):
        raise DocgenError(f"ogiltigt filnamn {stem!r} från mallens output", where=str(template_path))
    authority_name, reference = document_header(loaded.model)
    stem = case_stem(stem, case_key(reference, loaded.source))  # one name per case

    bodies: dict[str, str] = {}
    parts = [f"# {title}\n"]  # title and subtitle stay Markdown-escaped in the text
    if subtitle:
        parts.append(f"**{subtitle}**\n")
    for section in plan.sections:
        if section.appendix:
            parts.append(f"# {section.number} {section.title}\n")
            offset = 1
        else:
            parts.append(f"{'#' * (section.level + 1)} {section.number} {section.title}\n")
            offset = section.level + 1
        if section.clause is not None and section.clause.id in shown:
            parts.append(criteria_block(shown[section.clause.id]))
        if section.clause is not None:
            body = bodies[section.clause.id] = render_clause(section.clause).strip()
            if body:
                parts.append(_shift_headings(body, offset) + "\n")
    return Document(
        kind=spec.document, title=unescape_markdown(title), subtitle=unescape_markdown(subtitle), markdown="\n".join(parts), plan=plan,
        authority_name=authority_name, reference=reference,
        doc_date=loaded.model.date, output_stem=stem,
        word_template=word_template(template_path, spec.word), findings=findings, values=values, bodies=bodies,
        annexes=tuple(annexes),
        cover=next((c for c in (getattr(loaded.model, "cover", None), spec.cover) if c is not None), None),
        cover_when_long=bool(covers and covers(spec.document)),
        cover_owner=loaded.model.cover_owner() if callable(getattr(loaded.model, "cover_owner", None)) else None)


def annex_register(templates: Path | None, plan: Plan, plans: Planner, owner: str | None,
                   companions: tuple[str, ...], buyer: tuple | list = ()) -> list:
    """The annexes published with the kind's main document: with an ``owner`` (the tender), that
    template's appendices and its published companion files, whichever of its documents is being
    rendered; without one, the document's own appendices."""
    if owner is None:
        return register_from_plan(plan, [])
    owner_plan = plan if owner == plan.template_path.stem else plans(owner, templates_for(owner, templates))
    return register_from_plan(owner_plan, published_companions(companions, templates), buyer)


def document_header(model: Any) -> tuple[str, str]:
    """Name and reference for page headers and metadata: ``model.header()`` if the model defines it,
    else the tender shape (``authority.name``, ``procurement.reference``)."""
    header = getattr(model, "header", None)
    if callable(header):
        return header()
    procurement = getattr(model, "procurement", None)
    return model.authority.name, getattr(procurement, "reference", "") or ""


def provenance_context(loaded: LoadedCase, plan: Plan) -> dict[str, Any]:
    """What a "Dokumentunderlag" clause may list: docgen's version, the case hash, clauses and legal bases."""
    clauses = plan.clauses()
    bases: dict[str, None] = {}
    for clause in clauses:
        for basis in plan.legal_bases(clause):
            bases.setdefault(basis, None)
    return {
        "docgen_version": __version__,
        "case_file": Path(loaded.source).name,
        "case_sha256": loaded.sha256,
        "clauses": [{"id": c.id, "title": c.meta.title, "version": c.meta.version, "sha256": c.sha256}
                    for c in clauses],
        "legal_basis": list(bases),
    }


def word_template(template_path: Path, name: str) -> Path:
    """The Word skeleton beside the document template, else the bundled one of that name."""
    local = template_path.parent / name
    return local if local.is_file() else resource_dir("templates") / name


def loaded_where(path: Path, key: str) -> str:
    return f"{path} ({key})"
