"""Safe YAML loading that remembers on which line each key stood, for one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DocgenError

MAX_CASE_BYTES = 1_000_000


class LineMap:
    """Maps a key path such as ``("procurement", "cpv", 0)`` to its 1-based line in the file."""

    def __init__(self, name: str, lines: dict[tuple, int] | None = None, offset: int = 0):
        self.name = name
        self.lines = lines or {}
        self.offset = offset

    def where(self, path: tuple = ()) -> str:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        line = self.lines.get(path)
        return f"{self.name}:{line + self.offset}" if line else self.name


def _walk(node: yaml.Node, path: tuple, out: dict[tuple, int]) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            out[path + (key,)] = key_node.start_mark.line + 1
            _walk_child(value_node, path + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[path + (index,)] = item.start_mark.line + 1
            _walk_child(item, path + (index,), out)


def _walk_child(node: yaml.Node, path: tuple, out: dict[tuple, int]) -> None:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        _walk(node, path, out)


def parse_yaml(text: str, name: str, offset: int = 0) -> tuple[Any, LineMap]:
    """Parse YAML text with ``safe_load`` semantics; errors become one-line DocgenErrors."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = f"{name}:{mark.line + 1 + offset}" if mark else name
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DocgenError(f"ogiltig YAML: {problem}", where=line, hint="kontrollera indrag och citattecken") from None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. dates like 2026-13-45
        raise DocgenError(f"ogiltigt värde i YAML: {exc}", where=name, hint="kontrollera datum och tal") from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, LineMap(name, lines, offset)


def read_text_file(path: Path, what: str, limit: int = MAX_CASE_BYTES) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DocgenError(f"{what} finns inte", where=str(path), hint="ange en befintlig fil") from None
    except OSError as exc:
        raise DocgenError(f"{what} kan inte läsas: {exc.strerror}", where=str(path)) from None
    if path.is_dir():
        raise DocgenError(f"{what} är en katalog, inte en fil", where=str(path))
    if size > limit:
        raise DocgenError(
            f"{what} är för stor ({size} byte, högst {limit})", where=str(path), hint="en ärendefil är normalt några kilobyte"
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise DocgenError(f"{what} är inte en textfil", where=str(path), hint="spara filen som UTF-8-text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocgenError(
            f"{what} är inte giltig UTF-8 (byte {exc.start})", where=str(path), hint="spara filen som UTF-8"
        ) from None
