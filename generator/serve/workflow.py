"""One request's work: form fields → case data → the same checks and pipeline as the CLI → files or errors.

Errors are kept per form field: pydantic's ``loc`` and a DocgenError's ``where`` (a line of the case
YAML the form produced) are both mapped back to the control they concern.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import yaml
from pydantic import ValidationError

from ..advice import Advice
from ..build import Build
from ..case import CaseWording, LoadedCase
from ..checklist import checklist, parts
from ..datafiles import route_ids, route_info_of
from ..errors import DocgenError, Place, dotted, fill
from ..kinds import DOCUMENT_KINDS, document_hint, parse_case
from ..library import Library, load_library
from ..orgnumber import org_number_warnings
from ..output import case_key
from ..sectors import load_sectors, sector_of, welfare_of
from ..validation import Issue, findings
from ..yamlfile import LineMap, long_text_warnings, parse_yaml
from .clausefields import (
    ClauseGroup,
    check_clause_values,
    clause_groups,
    collect_clause_values,
    include_name,
    optional_keys,
    picked_clauses,
    template_entries,
)
from .documents import DocumentKind
from .formdata import collect, names_of, value_at
from .schema import Group, Node, Path, Repeat, field_name, fields_for, split_name

CASE_NAME = "ärende.yaml"   # the name the case has in messages and in the download


@dataclass
class FormState:
    kind: DocumentKind
    data: dict[str, Any]
    nodes: list[Node]
    groups: list[ClauseGroup]
    library: Library
    errors: dict[str, str] = field(default_factory=dict)     # control name → Swedish message
    general: list[str] = field(default_factory=list)         # errors that concern no single control
    advice: Advice | None = None
    loaded: LoadedCase | None = None
    build: Any = None      # the request's one build.Build: its check runs once, in validate()

    def value(self, path: Path) -> Any:
        return value_at(self.data, path)

    @property
    def names(self) -> list[str]:
        return names_of(self.nodes, self.data) + [c.name for g in self.groups for c in g.inputs]


def _context(data: dict[str, Any]) -> dict[str, Any]:
    """What the template's conditions see while the form is filled in: the form's data, and the sector
    (and whether it is a welfare service) as the case model derives them, so that only the sector's
    clauses ask for values. What cannot be derived yet is left out (the condition then counts as true)."""
    context = dict(data)
    context.setdefault("route", None)
    if context["route"] in route_ids():
        context["route_info"] = route_info_of(context["route"])
    context["clauses"] = data.get("clauses") if isinstance(data.get("clauses"), dict) else {}
    procurement = data.get("procurement") if isinstance(data.get("procurement"), dict) else {}
    cpv = [str(c) for c in procurement.get("cpv") or [] if c]
    sector = sector_of(procurement.get("sector"), cpv, procurement.get("main_cpv") or None)
    if sector in load_sectors():
        context["sector"], context["welfare"] = sector, welfare_of(sector)
    elif cpv:  # codes given, none of a known sector: no sector pack applies
        context["sector"], context["welfare"] = None, False
    return context


def _groups(kind: DocumentKind, data: dict[str, Any], library: Library, opted: set[str] | None = None) -> list[ClauseGroup]:
    template = kind.template(data)
    optional = optional_keys(template_entries(template, library, kind.templates))
    if opted is None:
        supplied = data.get("clauses") if isinstance(data.get("clauses"), dict) else {}
        opted = {key for key in optional if key in supplied}
    return clause_groups(picked_clauses(template, _context(data), library, kind.templates), optional, opted)


def state_from_form(kind: DocumentKind, form: Mapping[str, str]) -> FormState:
    library = kind.kind.library(load_library())
    nodes = fields_for(kind.kind.model, kind.choice_labels())
    data = collect(nodes, form)
    data["document"] = kind.model
    # Clause controls are those of the clauses picked for the *submitted* answers (a new route may pick
    # other clauses); optional clauses count when their box is ticked. Values of clauses no longer
    # picked are dropped.
    entries = template_entries(kind.template(data), library, kind.templates)
    optional = optional_keys(entries)
    opted = {key for key in optional if form.get(include_name(key))}
    everything = clause_groups([c for c, _w in entries], optional, opted)
    values = {key: vals for key, vals in collect_clause_values(everything, form).items()
              if key not in optional or key in opted}
    for key in opted:
        values.setdefault(key, {})
    data["clauses"] = values
    groups = _groups(kind, data, library, opted)
    shown = {g.key: {str(c.path[-1]) for c in g.inputs} for g in groups if g.on}
    clauses = {key: {n: v for n, v in vals.items() if n in shown[key]} for key, vals in values.items() if key in shown}
    if clauses:
        data["clauses"] = clauses
    else:
        data.pop("clauses")
    return _finish(FormState(kind, data, nodes, groups, library))


def state_from_data(kind: DocumentKind, data: dict[str, Any]) -> FormState:
    library = kind.kind.library(load_library())
    nodes = fields_for(kind.kind.model, kind.choice_labels())
    return _finish(FormState(kind, data, nodes, _groups(kind, data, library), library))


def _finish(state: FormState) -> FormState:
    if state.kind.advice:
        state.advice = state.kind.advice(state.data)
    return state


# --- errors -------------------------------------------------------------------------------------

class FormWording(CaseWording):
    """How the form phrases a model's mistake (validation.Wording): next to its field, so without the
    key path, and with every key a check names spelt by its label."""

    def __init__(self, state: "FormState"):
        self.state = state

    def message(self, issue: Issue) -> str:
        if issue.type == "missing":
            return "måste fyllas i"
        if issue.type == "value_error":
            return fill(issue.template, [self.label(k) for k in issue.named]) if issue.named else issue.text
        if issue.type in ("bool_type", "bool_parsing"):
            return "välj Ja eller Nej"   # the form's words, not the case file's true/false
        text = issue.text
        if issue.type == "literal_error":
            text += f" (tillåtna värden: {issue.allowed})"
        if isinstance(issue.value, (str, int, float)) and not isinstance(issue.value, bool):
            text += f" (värde: {issue.value!r})"
        fix = self.fixes.get(issue.last)
        return f"{text} ({fix})" if fix and issue.type != "literal_error" else text

    def hint(self, issue: Issue) -> str:
        return ""

    def label(self, key: tuple) -> str:
        return label_for(self.state, key) or dotted(key)


def _control_for(state: FormState, path: Path) -> str | None:
    names = set(state.names)
    path = tuple(path)
    while path:
        name = field_name(path)
        if name in names:
            return name
        for candidate in names:          # a group or a list: its first control
            if candidate.startswith(name + "."):
                return candidate
        path = path[:-1]
    return None


def label_for(state: FormState, path: Path) -> str | None:
    """The Swedish label a person sees for a key path ("Upphandlingens namn", "CPV-koder", "Part 2: Namn")."""
    path = tuple(path)
    nodes: list = list(state.nodes)
    labels: list[str] = []
    rest = path
    while rest:
        node = next((n for n in nodes if tuple(n.path)[-1:] == rest[:1]), None)
        if node is None:
            break
        rest = rest[1:]
        if isinstance(node, Repeat):
            if rest and isinstance(rest[0], int):
                labels = [f"{node.item_label} {rest[0] + 1}"]
                rest = rest[1:]
                nodes = list(node.item)
                continue
            return node.label
        if isinstance(node, Group):
            if not rest:
                return node.label
            nodes = list(node.children)
            continue
        if isinstance(path[-1], int) and len(rest) == 1:  # one line of a "one per line" field
            return f"{node.label} (rad {path[-1] + 1})"
        return ": ".join(labels + [node.label])
    for group in state.groups:  # a clause's variable
        for control in group.inputs:
            if tuple(control.path) == path:
                return control.label
    return None


_VERB_START = ("måste", "får", "ska", "är", "har", "saknas", "kan")


def _add(state: FormState, path: Path | None, message: str) -> None:
    name = _control_for(state, path) if path else None
    if name is None:
        state.general.append(message)
    elif name not in state.errors:
        label = label_for(state, path) or label_for(state, split_name(name)) or ""
        if label and not message.startswith(label):
            message = f"{label} {message}" if message.startswith(_VERB_START) else f"{label}: {message}"
        state.errors[name] = message[:1].upper() + message[1:]


def for_form(state: FormState, exc: DocgenError) -> str:
    """An error as the form shows it: the keys it names by their labels, without the hints that only
    the command line can follow (``command_hint``)."""
    message, hint = exc.worded(lambda key: label_for(state, key))
    return f"{message} ({hint})" if hint else message


def _path_of_line(text: str, where: str | None) -> Path | None:
    """The key path on the case line an error names (its ``Place``), for an error that names no key."""
    if not isinstance(where, Place) or where.path != CASE_NAME or not where.line:
        return None
    _data, lines = parse_yaml(text, CASE_NAME)
    hits = [path for path, at in lines.lines.items() if at == where.line]
    return max(hits, key=len) if hits else None


def _docgen_error(state: FormState, exc: DocgenError, text: str) -> None:
    path = exc.key or _path_of_line(text, exc.where)
    message = for_form(state, exc)
    if path is None and exc.where and str(exc.where) != CASE_NAME and exc.path != CASE_NAME:
        message = f"{exc.where}: {message}"  # a clause's or a template's place (the case's own is the form)
    _add(state, path, " ".join(message.split()))


def case_yaml(data: dict[str, Any]) -> str:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return "# Ärendefil från docgen serve. Öppna den igen i formuläret eller kör docgen med --data.\n" + body


def saved_case(state: FormState) -> tuple[str, str]:
    """The case file the form downloads and its name (``arende-von-2026-412.yaml``, by the diarienummer).
    When the case is complete, only the clause values of clauses the document uses are kept, so the
    file gives no warning when it is used again; with mistakes it is saved as typed (work is never lost)."""
    data = dict(state.data)
    rendered = render_files(state, ["md"]) if isinstance(data.get("clauses"), dict) else None
    if rendered is not None:
        used = {clause.params_key for clause in rendered.document.plan.clauses()}
        kept = {key: values for key, values in data["clauses"].items() if key in used}
        if kept:
            data["clauses"] = kept
        else:
            data.pop("clauses")
    reference = (data.get("procurement") or {}).get("reference") if isinstance(data.get("procurement"), dict) else None
    reference = reference or data.get("reference") or \
        ((data.get("organisation") or {}).get("reference") if isinstance(data.get("organisation"), dict) else None)
    key = case_key(str(reference), None) if reference else state.kind.key
    return case_yaml(data), f"arende-{key}.yaml"


def validate(state: FormState) -> LoadedCase | None:
    """Check the case as the CLI would; on success ``state.loaded`` holds it, else ``state.errors``.
    The form is validated once: the model validated here is the one the build uses (the saved YAML
    text only gives the lines for messages and the case's hash)."""
    model = state.kind.kind.model
    try:
        case = model.model_validate(state.data)
    except ValidationError as exc:
        case = None
        for finding in findings(exc, LineMap(CASE_NAME), FormWording(state), model=model):
            _add(state, finding.key, finding.message)
    clause_errors = check_clause_values(state.groups, state.data)
    if case is None or state.errors or state.general:
        for name, message in clause_errors.items():
            state.errors.setdefault(name, message)
        return None
    text = case_yaml(state.data)
    data, lines = parse_yaml(text, CASE_NAME)
    loaded = LoadedCase(case, lines, text, CASE_NAME)
    loaded.findings = long_text_warnings(data, lines) + org_number_warnings(data, lines)

    state.build = Build(state.kind.kind, loaded, state.library)
    try:  # the law's preconditions are checked even while a clause value is missing: a refusal comes first
        state.build.check()
    except DocgenError as exc:
        _docgen_error(state, exc, text)
    for name, message in clause_errors.items():
        state.errors.setdefault(name, message)
    if state.errors or state.general:
        return None
    state.loaded = loaded
    return loaded


def render_files(state: FormState, formats: list[str]):
    """Validate and render the form's document; returns the build's main document (``build.Rendered``)
    or None (errors are in ``state``)."""
    loaded = state.loaded or validate(state)   # a request validates the form once, not once per use
    if loaded is None:
        return None
    text = case_yaml(state.data)
    try:   # the build validate() checked the case with: the check is not run again
        return state.build.render(formats, template=state.kind.variant, companions=False).main
    except DocgenError as exc:
        _docgen_error(state, exc, text)
        return None


def data_from_yaml(text: str, source: str) -> tuple[str, dict[str, Any], list[str]]:
    """A saved case file: (document kind, data, problems). Read with the CLI's safe loader and checked
    with ``parse_case``; a file with mistakes still fills the form so they can be corrected there."""
    data, _lines = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise DocgenError("ärendefilen ska bestå av nycklar med värden, som document:, route: och date:", where=source)
    kind = data.get("document")
    if kind not in DOCUMENT_KINDS:
        raise DocgenError(f"okänt dokument {kind!r}", where=source, hint=document_hint())
    try:
        parse_case(text, source)
        problems: list[str] = []
    except DocgenError as exc:
        problems = [exc.one_line()]
    return str(kind), data, problems


def checklist_of(state: FormState) -> list[tuple[str, list]] | None:
    """Issue 21: the same checklist as ``docgen tender --checklist``, for the form's data, grouped by part:
    [(part heading, [Item …])]; None for other kinds or when the form's data cannot be read as a case yet."""
    if state.kind.kind.key != "tender":
        return None

    try:
        items = checklist(case_yaml(state.data), "formuläret")
    except DocgenError:
        return None
    names = parts()
    return [(f"{number} {names.get(number, '')}", [i for i in items if i.part == number])
            for number in sorted({i.part for i in items})]
