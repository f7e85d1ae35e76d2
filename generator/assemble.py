"""From a validated case to one rendered Markdown text, following the document plan."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .case import LoadedCase
from .errors import DocgenError
from .library import Clause, Library, coerce
from .plan import Plan, build_plan, load_template
from .render import render_text, unescape_markdown
from .resources import resource_dir

_HEADING = re.compile(r"(?m)^(#{1,6})(?=\s)")

# Names every clause sees besides the case model's own fields (see case_context and render_clause).
CONTEXT_NAMES = ("route", "clauses", "ref", "provenance")


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
    warnings: list[str] = field(default_factory=list)

    @property
    def legal_bases(self) -> list[str]:
        seen: dict[str, None] = {}
        for clause in self.plan.clauses():
            for basis in clause.meta.legal_basis:
                seen.setdefault(basis, None)
        return list(seen)


def case_context(loaded: LoadedCase) -> dict[str, Any]:
    """The global context every clause sees: the case as plain data."""
    data = loaded.model.model_dump(mode="python")
    data.setdefault("route", None)
    return data


def clause_values(clause: Clause, loaded: LoadedCase, library: Library) -> dict[str, Any]:
    supplied: dict[str, Any] = loaded.model.clauses.get(clause.params_key, {}) or {}
    values: dict[str, Any] = {}
    for name, spec in clause.meta.variables.items():
        key_path = ("clauses", clause.params_key, name)
        if name in supplied:
            try:
                values[name] = coerce(spec, supplied[name])
            except ValueError as exc:
                raise DocgenError(
                    f"clauses.{clause.params_key}.{name} {exc} (värde: {supplied[name]!r}; variabeln deklareras i {clause.path})",
                    where=loaded.lines.where(key_path)) from None
        elif spec.default is not None:
            values[name] = coerce(spec, spec.default)
        elif spec.required:
            raise DocgenError(
                f"variabeln {name!r} krävs av klausulen {clause.id} men saknas i ärendefilen",
                where=clause.where_key("variables", name),
                hint=f"ange clauses: {{{clause.params_key}: {{{name}: …}}}} i {loaded.source}")
        else:
            values[name] = None
    return values


def check_supplied_keys(loaded: LoadedCase, library: Library, plan: Plan, warnings: list[str]) -> None:
    """Every key under ``clauses:`` must name a clause (or params group) and a declared variable."""
    groups: dict[str, set[str]] = {}
    for clause in library:
        groups.setdefault(clause.params_key, set()).update(clause.meta.variables)
    used = {c.params_key for c in plan.clauses()}
    for key, supplied in loaded.model.clauses.items():
        where = loaded.lines.where(("clauses", key))
        if key not in groups:
            close = difflib.get_close_matches(key, list(groups), n=1)
            raise DocgenError(f"okänd klausul eller grupp clauses.{key}", where=where,
                              hint=f"menade du {close[0]!r}?" if close else "se docgen clauses list")
        if not isinstance(supplied, dict):
            raise DocgenError(f"clauses.{key} ska vara en mappning av variabler", where=where)
        for name in supplied:
            if name not in groups[key]:
                close = difflib.get_close_matches(str(name), sorted(groups[key]), n=1)
                raise DocgenError(f"okänd variabel clauses.{key}.{name}", where=loaded.lines.where(("clauses", key, name)),
                                  hint=f"menade du {close[0]!r}?" if close else "tillåtna: " + ", ".join(sorted(groups[key])))
        if key not in used:
            warnings.append(f"{where}: clauses.{key} anges men ingen sådan klausul ingår i dokumentet")


def plan_context(plan: Plan, values: dict[str, dict[str, Any]], context: dict[str, Any]) -> dict[str, Any]:
    """What a clause may know about the document it is in (``plan.*`` in clause bodies).

    ``plan.legal_bases``: every legal basis cited by the document's clauses, in order of first use;
    ``plan.legal_references``: the same, each as ``{basis, sections}`` with the labels of the sections citing it;
    ``plan.follow_up``: the follow-up rows of every clause (what, when, evidence, section, title),
    rendered with that clause's variables; ``plan.sections``: number, title and clause id of each section.
    """
    legal_bases: dict[str, list[str]] = {}
    follow_up: list[dict[str, str]] = []
    for section in plan.sections:
        clause = section.clause
        if clause is None:
            continue
        for basis in clause.meta.legal_basis:
            cited_in = legal_bases.setdefault(basis, [])
            if section.label not in cited_in:
                cited_in.append(section.label)
        local = dict(context)
        local.update(values[clause.id])
        for index, row in enumerate(clause.meta.follow_up):
            rendered = {key: Markup(render_text(getattr(row, key), local, f"{clause.path}#follow_up[{index}].{key}",
                                         lambda _line, c=clause, i=index: c.where_key("follow_up", i)).strip())
                        for key in ("what", "when", "evidence")}
            # rendered rows are Markdown already (Markup: not escaped a second time)
            follow_up.append({**rendered, "section": section.label, "title": section.title, "id": clause.id})
    return {
        "legal_bases": list(legal_bases),
        "legal_references": [{"basis": basis, "sections": labels} for basis, labels in legal_bases.items()],
        "follow_up": follow_up,
        "sections": [{"number": s.number, "title": s.title, "id": s.clause.id if s.clause else None}
                     for s in plan.sections],
    }


def check_clauses_in_force(plan: Plan, day: date) -> None:
    """A clause may not be used in a document dated before its valid_from."""
    for clause in plan.clauses():
        if clause.meta.valid_from > day:
            raise DocgenError(
                f"klausulen {clause.id} gäller från {clause.meta.valid_from.isoformat()} men dokumentet är daterat {day.isoformat()}",
                where=clause.where_key("valid_from"), hint="ändra date i ärendefilen eller använd en klausul som gäller vid dokumentets datum")


def _shift_headings(markdown: str, by: int) -> str:
    return _HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + by), markdown)


def assemble(loaded: LoadedCase, library: Library, template_name: str, templates: Path | None = None,
             warnings: list[str] | None = None) -> Document:
    warnings = warnings if warnings is not None else []
    spec, template_path = load_template(template_name, templates)
    context = case_context(loaded)
    context["clauses"] = loaded.model.clauses
    plan = build_plan(spec, template_path, context, library)
    check_supplied_keys(loaded, library, plan, warnings)
    check_clauses_in_force(plan, loaded.model.date)
    sections = plan.by_clause()
    values = {clause.id: clause_values(clause, loaded, library) for clause in plan.clauses()}
    context["plan"] = plan_context(plan, values, context)
    provenance = provenance_context(loaded, plan)

    def render_clause(clause: Clause) -> str:
        def ref(target: str) -> Markup:
            section = sections.get(target)
            if section is None:
                known = target in library.clauses
                raise DocgenError(
                    f"hänvisningen ref({target!r}) pekar på en klausul som "
                    + ("inte ingår i detta dokument" if known else "inte finns"),
                    where=str(clause.path), hint="ändra hänvisningen eller ta med klausulen i mallen")
            return Markup(section.label)

        local = dict(context)
        local.update(values[clause.id])
        local["ref"] = ref
        local["provenance"] = provenance
        return render_text(clause.body, local, str(clause.path), clause.where)

    def render_small(source: str, key: str) -> str:
        return render_text(source, dict(context), f"{template_path}#{key}",
                           lambda _line: loaded_where(template_path, key), what="mallen").strip()

    title = render_small(spec.title, "title")
    subtitle = render_small(spec.subtitle, "subtitle") if spec.subtitle else ""
    stem = render_small(spec.output, "output")
    if not re.fullmatch(r"[\w.-]+", stem):
        raise DocgenError(f"ogiltigt filnamn {stem!r} från mallens output", where=str(template_path))

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
        if section.clause is not None:
            body = render_clause(section.clause).strip()
            if body:
                parts.append(_shift_headings(body, offset) + "\n")
    authority_name, reference = document_header(loaded.model)
    return Document(
        kind=spec.document, title=unescape_markdown(title), subtitle=unescape_markdown(subtitle), markdown="\n".join(parts), plan=plan,
        authority_name=authority_name, reference=reference,
        doc_date=loaded.model.date, output_stem=stem,
        word_template=word_template(template_path, spec.word), warnings=warnings)


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
    from . import __version__

    clauses = plan.clauses()
    bases: dict[str, None] = {}
    for clause in clauses:
        for basis in clause.meta.legal_basis:
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
