"""Everything the checks look at, loaded once and tolerantly: clauses, templates and samples.

Unlike ``load_library`` (which stops at the first problem), loading here records every problem
and keeps going with whatever could be read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .. import validation
from ..errors import DocgenError
from ..findings import Finding
from ..library import FRONT_MATTER, META_WORDING, Clause, ClauseMeta, Library, collect_clauses
from ..plan import TemplateSpec, walk_template
from ..yamlfile import LineMap, parse_yaml, read_text_file
from .problems import ERROR, from_error, problem


@dataclass
class TemplateEntry:
    """One clause named in a document template, with the YAML key path that names it."""

    clause_id: str
    key: tuple
    appendix: bool


@dataclass
class Template:
    name: str
    path: Path
    spec: TemplateSpec
    lines: LineMap
    entries: list[TemplateEntry] = field(default_factory=list)

    def clause_ids(self) -> set[str]:
        return {e.clause_id for e in self.entries}

    def where(self, key: tuple) -> str:
        return self.lines.where(key)

    def conditions(self) -> list[str]:
        """Every ``when`` expression in the template (body and appendices, nested headings included)."""
        return [e.node.when for e in walk_template(self.spec) if e.node.when]


@dataclass
class Workspace:
    clauses_dir: Path
    templates_dir: Path
    samples_dir: Path | None
    clauses: dict[str, Clause] = field(default_factory=dict)
    templates: list[Template] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    broken_clause_files: int = 0

    def library(self) -> Library:
        return Library(self.clauses_dir, dict(self.clauses))

    def templates_with(self, clause_id: str) -> list[Template]:
        return [t for t in self.templates if clause_id in t.clause_ids()]


def _read_clause(path: Path, root: Path, problems: list[Finding]) -> Clause | None:
    try:
        text = read_text_file(path, "klausulfilen")
    except DocgenError as exc:
        problems.append(from_error("clause-unreadable", exc))
        return None
    match = FRONT_MATTER.match(text)
    if not match:
        problems.append(problem(str(path), 1, 1, "front-matter-missing", ERROR, "klausulfilen saknar front matter",
                                "börja filen med en rad '---', fälten och en avslutande rad '---'"))
        return None
    try:
        data, lines = parse_yaml(match.group(1), str(path), offset=1)
    except DocgenError as exc:
        problems.append(from_error("front-matter-yaml", exc))
        return None
    if not isinstance(data, dict):
        problems.append(problem(str(path), 2, 1, "front-matter-schema", ERROR, "front matter ska vara nyckel: värde-par"))
        return None
    try:
        meta = ClauseMeta.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation.findings(exc, lines, META_WORDING, code="front-matter-schema"))
        return None
    body_line = text.count("\n", 0, match.end()) + 1
    return Clause(meta, text[match.end():], path, body_line, lines, hashlib.sha256(text.encode("utf-8")).hexdigest())


def load_clauses(root: Path, problems: list[Finding]) -> tuple[dict[str, Clause], int]:
    """The clauses of ``root`` as the library reads them (``library.collect_clauses``), every mistake a
    finding instead of a refusal; also how many files could not be read at all."""
    if not root.is_dir():
        problems.append(problem(str(root), 1, 1, "library-missing", ERROR, "klausulbiblioteket finns inte",
                                "ange --clauses KATALOG"))
        return {}, 0
    broken = []

    def read(path: Path) -> Clause | None:
        clause = _read_clause(path, root, problems)
        if clause is None:
            broken.append(path)
        return clause

    clauses = collect_clauses(root, read, lambda code, error: problems.append(from_error(code, error)))
    return clauses, len(broken)


class _TemplateWording(validation.Wording):
    """How `docgen check` phrases a template's mistakes: every one as pydantic says it."""

    def message(self, issue: validation.Issue) -> str:
        return f"dokumentmallen: {'.'.join(map(str, issue.key))}: {issue.raw}"

    def hint(self, issue: validation.Issue) -> str:
        return ""


WORKSPACE_TEMPLATE_WORDING = _TemplateWording()


def load_templates(root: Path, problems: list[Finding]) -> list[Template]:
    templates: list[Template] = []
    if not root.is_dir():
        problems.append(problem(str(root), 1, 1, "templates-missing", ERROR, "mallkatalogen finns inte",
                                "ange --templates KATALOG"))
        return templates
    for path in sorted(root.glob("*.yaml")):
        try:
            data, lines = parse_yaml(read_text_file(path, "dokumentmallen"), str(path))
        except DocgenError as exc:
            problems.append(from_error("template-yaml", exc))
            continue
        try:
            spec = TemplateSpec.model_validate(data)
        except ValidationError as exc:
            problems.extend(validation.findings(exc, lines, WORKSPACE_TEMPLATE_WORDING, code="template-schema"))
            continue
        template = Template(path.stem, path, spec, lines)
        template.entries.extend(TemplateEntry(e.clause, (*e.path, "clause"), e.appendix) for e in walk_template(spec) if e.clause)
        templates.append(template)
    return templates


def load_workspace(clauses_dir: Path, templates_dir: Path, samples_dir: Path | None) -> Workspace:
    ws = Workspace(clauses_dir, templates_dir, samples_dir)
    ws.clauses, ws.broken_clause_files = load_clauses(clauses_dir, ws.problems)
    ws.templates = load_templates(templates_dir, ws.problems)
    return ws

