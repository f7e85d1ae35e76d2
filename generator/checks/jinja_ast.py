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


_PARSED: dict[str, nodes.Template] = {}
_UNDECLARED: dict[int, tuple[nodes.Template, frozenset[str]]] = {}


def parse_body(source: str) -> nodes.Template:
    """Raises jinja2.TemplateSyntaxError with ``lineno`` relative to the body. Parsed once per text and
    process: the checks read each clause body several times (names, ref() targets, criteria), and
    ``check --watch`` again after every save. The tree is only read, never changed."""
    ast = _PARSED.get(source)
    if ast is None:
        ast = ENV.parse(source)
        if len(_PARSED) > 5000:
            _PARSED.clear()
            _UNDECLARED.clear()
        _PARSED[source] = ast
    return ast


def undeclared_names(ast: nodes.Template) -> set[str]:
    known = _UNDECLARED.get(id(ast))
    if known is None or known[0] is not ast:
        known = _UNDECLARED[id(ast)] = (ast, frozenset(meta.find_undeclared_variables(ast)))
    return set(known[1])


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


def _params_key(node: nodes.Node) -> str | None:
    """'employment' for ``clauses.employment`` / ``clauses['employment']``, else None."""
    if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) and node.node.name == "clauses":
        return node.attr
    if (isinstance(node, nodes.Getitem) and isinstance(node.node, nodes.Name) and node.node.name == "clauses"
            and isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str)):
        return node.arg.value
    return None


def clause_parameter_uses(expression: str) -> set[tuple[str, str]]:
    """(params key, variable) pairs a template condition reads: ``clauses.employment.mode``,
    ``clauses['employment']['mode']`` or ``'mode' in clauses.employment``. Unparsable: empty."""
    try:
        ast = ENV.parse("{{ (" + expression + ") }}")
    except TemplateSyntaxError:
        return set()
    uses: set[tuple[str, str]] = set()
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        key = _params_key(node.node)
        if key is None:
            continue
        if isinstance(node, nodes.Getattr):
            uses.add((key, node.attr))
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            uses.add((key, node.arg.value))
    for node in ast.find_all(nodes.Compare):
        if (isinstance(node.expr, nodes.Const) and isinstance(node.expr.value, str) and len(node.ops) == 1
                and node.ops[0].op in ("in", "notin")):
            key = _params_key(node.ops[0].expr)
            if key is not None:
                uses.add((key, node.expr.value))
    return uses


__all__ = ["clause_parameter_uses", "NameUse", "RefCall", "TemplateSyntaxError", "name_uses", "parse_body", "ref_calls", "undeclared_names"]
