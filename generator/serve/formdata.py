"""Between submitted form fields and case data: strings in, plain YAML-able values out, and back.

Conversion is deliberately forgiving: a value that cannot be converted (``"abc"`` for an integer) is
passed on as typed, so the case model reports it in Swedish at the field's own key path.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import Any, Mapping

from .schema import Group, Input, Node, Path, Repeat, field_name

ROWS_SUFFIX = ".__rows"   # hidden field: how many rows of a repeated fieldset the page showed
MAX_ROWS = 50


def rebase(node: Node, base: Path) -> Node:
    """A copy of ``node`` (and its children) with ``base`` put in front of its path."""
    if isinstance(node, Input):
        return dataclasses.replace(node, path=base + node.path)
    if isinstance(node, Group):
        return dataclasses.replace(node, path=base + node.path, children=[rebase(c, base) for c in node.children])
    return dataclasses.replace(node, path=base + node.path)


def rows_of(node: Repeat, index: int) -> list[Node]:
    return [rebase(child, node.path + (index,)) for child in node.item]


def split_lines(text: str) -> list[str]:
    """One item per line; a single line of codes ("85311100-3, 85311000-2") may use commas too."""
    lines = [part.strip() for part in text.splitlines() if part.strip()]
    if len(lines) == 1:
        parts = [part.strip() for part in re.split(r"[,;]", lines[0]) if part.strip()]
        if not any(re.search(r"\s", part) for part in parts):
            return parts
    return lines


def parse_integer(text: str) -> Any:
    cleaned = re.sub(r"[\s\u00a0_]", "", text)
    return int(cleaned) if re.fullmatch(r"-?\d+", cleaned) else text


def parse_number(text: str) -> Any:
    cleaned = re.sub(r"[\s\u00a0_]", "", text).replace(",", ".")
    try:
        number = float(cleaned)
    except ValueError:
        return text
    return int(number) if number.is_integer() else number


def parse_date(text: str) -> Any:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


_MISSING = object()


def convert(widget: str, raw: str | None) -> Any:
    """One control's submitted text as a case value; ``_MISSING`` leaves the key out."""
    if widget == "checkbox":
        return raw is not None
    if raw is None:
        return _MISSING
    text = raw.strip()
    if widget == "tristate":
        return {"ja": True, "nej": False}.get(text, _MISSING)
    if text == "":
        return _MISSING
    if widget == "lines":
        return split_lines(text)
    if widget == "integer":
        return parse_integer(text)
    if widget == "number":
        return parse_number(text)
    if widget == "date":
        return parse_date(text)
    if widget == "textarea":
        return raw.replace("\r\n", "\n").strip()
    return text


def rows_shown(form: Mapping[str, str], node: Repeat) -> int:
    try:
        return max(0, min(MAX_ROWS, int(form.get(node.name + ROWS_SUFFIX, "0"))))
    except ValueError:
        return 0


def collect(nodes: list[Node], form: Mapping[str, str]) -> dict[str, Any]:
    """Case data from the submitted fields of ``nodes`` (empty optional parts left out)."""
    data: dict[str, Any] = {}
    for node in nodes:
        key = node.path[-1]
        if isinstance(node, Input):
            value = convert(node.widget, form.get(node.name))
            if value is not _MISSING:
                data[key] = value
        elif isinstance(node, Group):
            sub = collect(node.children, form)
            if meaningful(sub) or node.required or unticked_defaults(node.children, sub):
                data[key] = sub
        else:
            rows = []
            for index in range(rows_shown(form, node)):
                row = collect(rows_of(node, index), form)
                if meaningful(row):
                    rows.append(row)
            if rows or node.required:
                data[key] = rows
    return data


def meaningful(data: dict[str, Any]) -> bool:
    """Whether a fieldset holds anything a person typed (unticked boxes and empty lists do not count)."""
    return any(meaningful(v) if isinstance(v, dict) else v not in (False, [], None) for v in data.values())


def unticked_defaults(nodes: list[Node], data: dict[str, Any]) -> bool:
    """Whether a box that is ticked by default was unticked (all sections of a policy switched off
    must not fall back to the defaults, all on)."""
    return any(isinstance(n, Input) and n.widget == "checkbox" and n.default is True and data.get(n.path[-1]) is False
               for n in nodes)


def value_at(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
            data = data[part]
        else:
            if not isinstance(data, dict):
                return None
            data = data.get(part)
    return data


def display(widget: str, value: Any) -> str:
    """The text a control shows for a case value."""
    if value is None:
        return ""
    if widget == "lines" and isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if widget == "tristate":
        return {True: "ja", False: "nej"}.get(value, "")
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def names_of(nodes: list[Node], data: Any) -> list[str]:
    """Every form name the nodes produce for ``data`` (for tests and error links)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Input):
            out.append(node.name)
        elif isinstance(node, Group):
            out.extend(names_of(node.children, data))
        else:
            rows = value_at(data, node.path) or []
            for index in range(len(rows) + 1):
                out.extend(names_of(rows_of(node, index), data))
    return out


__all__ = ["collect", "display", "field_name", "rebase", "rows_of", "value_at", "ROWS_SUFFIX"]
