"""Reading a clause body through Jinja2's own parser: names used, ref() targets, with lines."""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import TemplateSyntaxError, meta, nodes

from ..render import ENV


@dataclass(frozen=True)
class NameUse:
    name: str
    line: int  # 1-based line within the body


@dataclass(frozen=True)
class RefCall:
    target: str | None  # None when the argument is not a plain string
    line: int


def parse_body(source: str) -> nodes.Template:
    """Raises jinja2.TemplateSyntaxError with ``lineno`` relative to the body."""
    return ENV.parse(source)


def undeclared_names(ast: nodes.Template) -> set[str]:
    return set(meta.find_undeclared_variables(ast))


def name_uses(ast: nodes.Template, names: set[str]) -> list[NameUse]:
    """First line each of ``names`` is loaded (the names come from find_undeclared_variables)."""
    first: dict[str, int] = {}
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load" and node.name in names:
            first[node.name] = min(first.get(node.name, node.lineno), node.lineno)
    return [NameUse(name, line) for name, line in sorted(first.items(), key=lambda item: (item[1], item[0]))]


def ref_calls(ast: nodes.Template) -> list[RefCall]:
    calls: list[RefCall] = []
    for node in ast.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name == "ref":
            arg = node.args[0] if node.args else None
            target = arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None
            calls.append(RefCall(target, node.lineno))
    return calls


__all__ = ["NameUse", "RefCall", "TemplateSyntaxError", "name_uses", "parse_body", "ref_calls", "undeclared_names"]
