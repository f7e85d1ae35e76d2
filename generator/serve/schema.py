"""Form fields generated from a case model's JSON schema (``model_json_schema()``), never by hand.

Each case model field becomes an :class:`Input` (one control), a :class:`Group` (a nested model: a
fieldset) or a :class:`Repeat` (a list of models: one fieldset per row). Labels and help come from the
schema's ``title`` and ``description`` (Swedish ``Field`` metadata in the case models); a field without
a title falls back to its key. A field's form name is its key path joined with dots, so an error's
pydantic ``loc`` maps straight back to the control it concerns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Union

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

Path = tuple[Union[str, int], ...]

# Keys filled in another way: the discriminator is a hidden field, clause variables come from the clauses.
SKIPPED = {"clauses"}


class _NoDefaultTitles(GenerateJsonSchema):
    """Keep only titles the model sets itself (pydantic would invent "Estimated Value Sek")."""

    def field_title_should_be_set(self, schema) -> bool:  # noqa: ANN001 - pydantic's signature
        return False


def field_name(path: Path) -> str:
    """Form name of a key path: segments joined by '.', a '.' inside a segment written %2E."""
    return ".".join(str(p).replace("%", "%25").replace(".", "%2E") for p in path)


def split_name(name: str) -> Path:
    parts: list[str | int] = []
    for part in name.split("."):
        text = part.replace("%2E", ".").replace("%25", "%")
        parts.append(int(text) if text.isdigit() else text)
    return tuple(parts)


def field_id(path: Path) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "-", field_name(path))


@dataclass
class Input:
    path: Path
    label: str
    widget: str                      # text, textarea, integer, number, date, checkbox, tristate, select, lines, hidden
    required: bool = False
    help: str | None = None
    choices: list[tuple[str, str]] = field(default_factory=list)   # (value, label)
    default: Any = None

    @property
    def name(self) -> str:
        return field_name(self.path)

    @property
    def id(self) -> str:
        return field_id(self.path)


@dataclass
class Group:
    path: Path
    label: str
    children: list["Node"]
    required: bool = False
    help: str | None = None

    @property
    def name(self) -> str:
        return field_name(self.path)

    @property
    def id(self) -> str:
        return field_id(self.path)


@dataclass
class Repeat:
    """A list of models; rendered as one fieldset per row plus an empty row to fill in."""

    path: Path
    label: str
    item: list["Node"]               # children with paths relative to one row
    item_label: str
    required: bool = False
    help: str | None = None

    @property
    def name(self) -> str:
        return field_name(self.path)

    @property
    def id(self) -> str:
        return field_id(self.path)


Node = Union[Input, Group, Repeat]


def model_schema(model: type[BaseModel]) -> dict:
    return model.model_json_schema(schema_generator=_NoDefaultTitles)


def _resolve(schema: dict, defs: dict) -> dict:
    while "$ref" in schema:
        schema = {**defs[schema["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _unwrap_optional(schema: dict, defs: dict) -> tuple[dict, bool]:
    options = schema.get("anyOf")
    if options:
        real = [o for o in options if o.get("type") != "null"]
        if len(real) == 1:
            merged = {**{k: v for k, v in schema.items() if k != "anyOf"}, **_resolve(real[0], defs)}
            return merged, len(real) != len(options)
    return _resolve(schema, defs), False


def fields_for(model: type[BaseModel], choice_labels: dict[Path, dict[str, str]] | None = None) -> list[Node]:
    """The form of a case model: one node per field, in the model's order."""
    schema = model_schema(model)
    return _object_fields(schema, schema.get("$defs", {}), (), choice_labels or {})


def _object_fields(schema: dict, defs: dict, prefix: Path, labels: dict[Path, dict[str, str]]) -> list[Node]:
    required = set(schema.get("required", []))
    nodes: list[Node] = []
    for key, raw in schema.get("properties", {}).items():
        if not prefix and key in SKIPPED:
            continue
        node = _field(key, raw, defs, prefix + (key,), key in required, labels)
        if node is not None:
            nodes.append(node)
    return nodes


def _field(key: str, raw: dict, defs: dict, path: Path, required: bool,
           labels: dict[Path, dict[str, str]]) -> Node | None:
    schema, nullable = _unwrap_optional(raw, defs)
    label = raw.get("title") or schema.get("title") or key
    help_text = raw.get("description") or (schema.get("description") if "properties" not in schema else None)
    kind = schema.get("type")
    default = schema.get("default", raw.get("default"))
    if "const" in schema and not path[:-1]:
        return Input(path, label, "hidden", True, None, [(schema["const"], schema["const"])], schema["const"])
    if kind == "object" and "properties" in schema:
        return Group(path, label, _object_fields(schema, defs, path, labels), required and not nullable, help_text)
    if kind == "object":
        return None  # free mappings (clause variables) are generated from the clauses
    if kind == "array":
        items = _resolve(schema.get("items", {}), defs)
        if items.get("type") == "object" and "properties" in items:
            item_label = items.get("title") or label
            return Repeat(path, label, _object_fields(items, defs, (), labels), item_label, required, help_text)
        return Input(path, label, "lines", required, help_text or "En per rad", default=default)
    enum = schema.get("enum") or ([schema["const"]] if "const" in schema else None)
    if enum:
        names = labels.get(_generic(path), {})
        choices = [(str(v), names.get(str(v), str(v))) for v in enum]
        return Input(path, label, "select", required, help_text, choices, default)
    widget = {"integer": "integer", "number": "number", "boolean": "tristate" if nullable else "checkbox"}.get(kind, "text")
    if kind == "string" and schema.get("format") == "date":
        widget = "date"
    if schema.get("x-widget") == "textarea" or raw.get("x-widget") == "textarea":
        widget = "textarea"
    return Input(path, label, widget, required and widget != "checkbox", help_text, default=default)


def _generic(path: Path) -> Path:
    return tuple(p for p in path if not isinstance(p, int))
