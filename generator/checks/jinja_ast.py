"""Reading a clause body through Jinja2's own parser: names used, ref() targets, with lines."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass

import jinja2
from jinja2 import TemplateSyntaxError, meta, nodes

from ..render import ENV, source_digest
from ..resources import cache_root


@dataclass(frozen=True)
class NameUse:
    name: str
    line: int  # 1-based line within the body


@dataclass(frozen=True)
class RefCall:
    target: str | None  # None when the argument is not a plain string
    line: int


@dataclass(frozen=True)
class Facts:
    """What the checks read from a clause text's Jinja tree: the names it uses that it does not define
    (``find_undeclared_variables``), the first line each name is loaded on, its ref() calls."""

    names: frozenset[str]
    first_loads: tuple[tuple[str, int], ...]
    refs: tuple[RefCall, ...]


FACTS_VERSION = "1"   # bump when Facts or how it is computed changes
_FACTS: dict[str, Facts | tuple[int | None, str]] = {}   # by the text's key; a syntax error as (line, message)
_STORED: dict[str, list] | None = None   # the facts of earlier processes (``jinja/facts.json`` in the cache)
_NEW: dict[str, list] = {}


def _key(source: str) -> str:



    return hashlib.sha256(f"{FACTS_VERSION}\0{source_digest()}\0{jinja2.__version__}\0{source}"
                          .encode("utf-8", "surrogatepass")).hexdigest()


def _facts_file():

    root = cache_root()
    return None if root is None else root / "jinja" / "facts.json"


def _stored() -> dict[str, list]:
    global _STORED
    if _STORED is None:
        _STORED = {}
        path = _facts_file()
        if path is not None:
            try:

                loaded = json.loads(path.read_text(encoding="utf-8"))
                _STORED = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError):
                _STORED = {}
    return _STORED


def _compute(source: str) -> Facts | tuple[int | None, str]:
    try:
        ast = ENV.parse(source)
    except TemplateSyntaxError as exc:
        return (exc.lineno, exc.message or "")
    first: dict[str, int] = {}
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load":
            first[node.name] = min(first.get(node.name, node.lineno), node.lineno)
    refs: list[RefCall] = []
    for node in ast.find_all(nodes.Call):
        if isinstance(node.node, nodes.Name) and node.node.name == "ref":
            arg = node.args[0] if node.args else None
            target = arg.value if isinstance(arg, nodes.Const) and isinstance(arg.value, str) else None
            refs.append(RefCall(target, node.lineno))
    return Facts(frozenset(meta.find_undeclared_variables(ast)), tuple(sorted(first.items())), tuple(refs))


def parse_body(source: str) -> Facts:
    """The facts of a clause text; raises jinja2.TemplateSyntaxError with ``lineno`` relative to the body.
    Worked out once per text: in this process (the checks read each text several times, ``check --watch``
    after every save) and kept on disk by content for the next ``docgen check`` (Jinja's parser and
    ``find_undeclared_variables`` were most of the lint's time)."""
    found = _FACTS.get(source)
    if found is None:
        key = _key(source)
        raw = _stored().get(key)
        try:
            if raw is None:
                raise ValueError
            found = _from_json(raw)
        except (ValueError, TypeError, IndexError, KeyError):
            found = _compute(source)
            _NEW[key] = _to_json(found)
        if len(_FACTS) > 5000:
            _FACTS.clear()
        _FACTS[source] = found
    if isinstance(found, tuple):
        raise TemplateSyntaxError(found[1], found[0])
    return found


def _to_json(found: Facts | tuple[int | None, str]) -> list:
    if isinstance(found, tuple):
        return ["error", found[0], found[1]]
    return ["facts", sorted(found.names), [list(item) for item in found.first_loads],
            [[ref.target, ref.line] for ref in found.refs]]


def _from_json(raw: list) -> Facts | tuple[int | None, str]:
    if raw[0] == "error":
        return (raw[1], str(raw[2]))
    if raw[0] != "facts":
        raise ValueError(raw[0])
    return Facts(frozenset(raw[1]), tuple((str(n), int(line)) for n, line in raw[2]),
                 tuple(RefCall(target, int(line)) for target, line in raw[3]))


def save_facts() -> None:
    """Write the facts worked out in this run beside those already kept (``docgen check`` calls it last)."""
    if not _NEW:
        return
    path = _facts_file()
    if path is None:
        _NEW.clear()
        return

    kept = {**_stored(), **_NEW}
    if len(kept) > 20000:   # texts edited away long ago: start again
        kept = dict(_NEW)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temp.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        os.replace(temp, path)
        _stored().update(_NEW)
    except OSError:
        pass   # a cache that cannot be written only costs time
    _NEW.clear()


def undeclared_names(facts: Facts) -> set[str]:
    return set(facts.names)


def name_uses(facts: Facts, names: set[str]) -> list[NameUse]:
    """First line each of ``names`` is loaded (the names come from find_undeclared_variables)."""
    uses = [(name, line) for name, line in facts.first_loads if name in names]
    return [NameUse(name, line) for name, line in sorted(uses, key=lambda item: (item[1], item[0]))]


def ref_calls(facts: Facts) -> list[RefCall]:
    return list(facts.refs)


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


__all__ = ["clause_parameter_uses", "Facts", "NameUse", "RefCall", "TemplateSyntaxError", "name_uses", "parse_body", "ref_calls", "save_facts", "undeclared_names"]
