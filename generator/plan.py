"""Document plans: which clauses go in, in what order, and with which section numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from .errors import DocgenError
from .library import Clause, Library
from .render import evaluate_condition
from .resources import resource_dir
from .validation import Issue, Wording
from .validation import error as validation_error
from .yamlfile import LineMap, parse_yaml, read_text_file


class Node(BaseModel):
    model_config = ConfigDict(extra="forbid")
    clause: str | None = None
    heading: str | None = None
    id: str | None = None  # an appendix made of several clauses: the key annex() knows it by (kontrakt)
    when: str | None = None
    children: list["Node"] = Field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """A node of a template's tree: the node, its YAML key path (``("body", 3, "children", 0)``), whether it
    stands under ``appendices:``, and the ``when:`` conditions on its way (its headings' and its own)."""

    node: Node
    path: tuple
    appendix: bool
    whens: tuple[str, ...]

    @property
    def clause(self) -> str | None:
        return self.node.clause


def walk_template(spec: "TemplateSpec", applies: Callable[[Node], bool] | None = None) -> list[Entry]:
    """The one walk over a template's tree for those who read it without building a plan (`docgen check`,
    `clauses show`, the web form's clause fields): every node, in document order (body, then appendices).
    ``applies`` prunes a node, and what is under it, for which it says False. (``build_plan`` walks the
    tree its own way: it numbers the sections and leaves out a heading with nothing under it.)"""
    out: list[Entry] = []

    def walk(nodes: list[Node], key: tuple, appendix: bool, whens: tuple[str, ...]) -> None:
        for index, node in enumerate(nodes):
            if applies is not None and not applies(node):
                continue
            chain = whens + ((node.when,) if node.when else ())
            out.append(Entry(node, (*key, index), appendix, chain))
            walk(node.children, (*key, index, "children"), appendix, chain)

    walk(spec.body, ("body",), False, ())
    walk(spec.appendices, ("appendices",), True, ())
    return out


class TemplateSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str
    title: str
    subtitle: str | None = None
    output: str
    word: str = "word/default.docx"
    criteria_of: str | None = None  # list plan.criteria of this other template's plan (Motiv till ställda krav)
    provenance_of: str | None = None  # the document whose provenance this one records (Dokumentunderlag: tender)
    internal: bool = False  # the buyer's own record, never published: written under <out>/intern/
    cover: bool | None = None  # cover page and contents: true/false; unset, long documents of some kinds get them
    body: list[Node]
    appendices: list[Node] = Field(default_factory=list)
    _lines: LineMap | None = PrivateAttr(default=None)  # where each key stands, for file:line in errors

    def where(self, path: tuple, fallback: str) -> str:
        return self._lines.where(path) if self._lines is not None else fallback


@dataclass
class Section:
    number: str            # "4.2" in the main part; "Bilaga 1" for an appendix
    level: int             # 1 = top level of its part
    title: str
    clause: Clause | None
    appendix: int | None = None
    where: str = ""        # templates/X.yaml:LINE of the clause: entry that put it here
    in_appendix: int | None = None  # a numbered part of an appendix made of several clauses (the contract draft)
    key: str | None = None  # the template's id: of such an appendix

    @property
    def label(self) -> str:
        if self.in_appendix:
            return f"punkt {self.number} i bilaga {self.in_appendix}"
        return f"bilaga {self.appendix}" if self.appendix else f"avsnitt {self.number}"


@dataclass
class Plan:
    template: TemplateSpec
    template_path: Path
    sections: list[Section] = field(default_factory=list)
    bases: dict[str, list[str]] = field(default_factory=dict)  # clause id → the legal bases that apply here

    def by_clause(self) -> dict[str, Section]:
        return {s.clause.id: s for s in self.sections if s.clause is not None}

    def clauses(self) -> list[Clause]:
        return [s.clause for s in self.sections if s.clause is not None]

    def legal_bases(self, clause: Clause) -> list[str]:
        """The legal bases ``clause`` cites in this document (conditional ones only where they apply)."""
        return self.bases.get(clause.id, [b for b in clause.meta.legal_basis if isinstance(b, str)])


def templates_for(name: str, templates: Path | None) -> Path | None:
    """A user's template folder may lack a companion's template (the labour-law package, an internal
    record, the tender a Dokumentunderlag describes): then the bundled one is used."""
    if templates is not None and (Path(templates) / f"{name}.yaml").is_file():
        return Path(templates)
    return None


def load_template(name: str, templates: Path | None = None) -> tuple[TemplateSpec, Path]:
    root = Path(templates) if templates else resource_dir("templates")
    path = root / f"{name}.yaml"
    text = read_text_file(path, "dokumentmallen")
    data, lines = parse_yaml(text, str(path))
    try:
        spec = TemplateSpec.model_validate(data)
        spec._lines = lines
        return spec, path
    except ValidationError as exc:
        if not isinstance(data, dict):
            raise DocgenError("dokumentmallen ska bestå av nycklar med värden, som document:, title:, output: och body:",
                              where=lines.where(())) from None
        raise validation_error(exc, lines, TEMPLATE_WORDING) from None


class TemplateWording(Wording):
    """How a template phrases a mistake (validation.Wording)."""

    def name(self, key: tuple) -> str:
        return ".".join(map(str, key))

    def message(self, issue: Issue) -> str:
        key = self.name(issue.key)
        if issue.type == "extra_forbidden":
            return f"dokumentmallen okänd nyckel {key} (tillåtna: {', '.join(TemplateSpec.model_fields)})"
        if issue.type == "missing":
            return f"dokumentmallen nyckeln {key} saknas"
        return f"dokumentmallen {key}: {issue.raw}"

    def hint(self, issue: Issue) -> str:
        return ""


TEMPLATE_WORDING = TemplateWording()


def _applies(node: Node, context: dict[str, Any], where: str) -> bool:
    return node.when is None or evaluate_condition(node.when, context, where)


def _walk(nodes: list[Node], at: tuple, prefix: str, level: int, context: dict[str, Any], library: Library,
          template: TemplateSpec, where: str, out: list[Section]) -> None:
    """``at`` is the YAML path of ``nodes`` (("body",), ("body", 1, "children"), …) for file:line in errors."""
    counter = 0
    for index, node in enumerate(nodes):
        path = (*at, index)
        if not _applies(node, context, template.where((*path, "when"), where)):
            continue
        if node.clause:
            place = template.where((*path, "clause"), where)
            clause = library.get(node.clause, where=place)
            route = context["route"]
            if route and "all" not in clause.meta.routes and route not in clause.meta.routes:
                raise DocgenError(f"klausulen {clause.id} gäller inte väg {route}", where=clause.where_key("routes"),
                                  hint="lägg till vägen under routes: eller ändra villkoret i mallen")
            counter += 1
            number = f"{prefix}{counter}"
            out.append(Section(number, level, node.heading or clause.meta.title, clause, where=place))
        else:
            children: list[Section] = []
            _walk(node.children, (*path, "children"), f"{prefix}{counter + 1}.", level + 1, context, library,
                  template, where, children)
            if not children:
                continue  # a heading whose every clause is switched off is left out
            counter += 1
            out.append(Section(f"{prefix}{counter}", level, node.heading or "", None))
            out.extend(children)


def build_plan(template: TemplateSpec, template_path: Path, context: dict[str, Any], library: Library) -> Plan:
    plan = Plan(template, template_path)
    where = str(template_path)
    _walk(template.body, ("body",), "", 1, context, library, template, where, plan.sections)
    appendix = 0
    for index, node in enumerate(template.appendices):
        path = ("appendices", index)
        if not _applies(node, context, template.where((*path, "when"), where)):
            continue
        if not node.clause:
            # an appendix made of several clauses under one heading (the contract draft): "Bilaga N Kontrakt"
            # with its parts numbered 1, 2, … inside it
            children: list[Section] = []
            _walk(node.children, (*path, "children"), "", 1, context, library, template, where, children)
            if not children:
                continue
            appendix += 1
            plan.sections.append(Section(f"Bilaga {appendix}", 1, node.heading or "", None, appendix,
                                         where=template.where(path, where), key=node.id))
            for child in children:
                child.in_appendix = appendix
            plan.sections.extend(children)
            continue
        appendix += 1
        place = template.where((*path, "clause"), where)
        clause = library.get(node.clause, where=place)
        plan.sections.append(Section(f"Bilaga {appendix}", 1, node.heading or clause.meta.title, clause, appendix,
                                     where=place))
    seen: set[str] = set()
    for section in plan.sections:
        if section.clause is None:
            continue
        if section.clause.id in seen:
            raise DocgenError(f"klausulen {section.clause.id} står två gånger i dokumentet",
                              where=section.where or where, hint="ta bort den ena förekomsten ur mallen")
        seen.add(section.clause.id)
        plan.bases[section.clause.id] = [
            basis if isinstance(basis, str) else basis.basis
            for index, basis in enumerate(section.clause.meta.legal_basis)
            if isinstance(basis, str) or evaluate_condition(basis.when, context,
                                                            section.clause.where_key("legal_basis", index, "when"))]
    return plan
