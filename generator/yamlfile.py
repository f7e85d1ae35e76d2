"""Safe YAML loading that remembers on which line each key stood, for one-line errors."""

from __future__ import annotations

import calendar
import datetime
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import DocgenError, Place
from .findings import Finding

MAX_CASE_BYTES = 1_000_000
MAX_NODES = 200_000  # values after expanding aliases; a case file has a few hundred


class LineMap:
    """Maps a key path such as ``("procurement", "cpv", 0)`` to its 1-based line in the file."""

    def __init__(self, name: str, lines: dict[tuple, int] | None = None, offset: int = 0,
                 plain: dict[tuple, str] | None = None):
        self.name = name
        self.lines = lines or {}
        self.offset = offset
        self.plain = plain or {}  # key path → the text of an unquoted scalar exactly as written

    def written(self, path: tuple = ()) -> str | None:
        """The value at ``path`` as the user typed it, when it stood unquoted (``0123456700``, ``12:00``,
        ``yes``); None for quoted text, mappings, lists and paths not in the file."""
        return self.plain.get(tuple(path))

    def line(self, path: tuple = ()) -> int | None:
        """The line of ``path``, else of its nearest parent in the file; None when none is known."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        line = self.lines.get(path)
        return line + self.offset if line else None

    def where(self, path: tuple = ()) -> str:
        return Place(self.name, self.line(path))


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: same rules, faster


class _TooLarge(Exception):
    pass


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first: int):
        super().__init__(key)
        self.key, self.line, self.first = key, line, first


def _walk(node: yaml.Node, path: tuple, out: dict[tuple, int], count: list[int],
          plain: dict[tuple, str] | None = None) -> None:
    count[0] += 1 + (0 if isinstance(node, yaml.ScalarNode) else len(node.value))
    if count[0] > MAX_NODES:  # e.g. aliases nested into a "billion laughs"
        raise _TooLarge()
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":  # YAML would silently keep the last value
                raise _DuplicateKey(str(key), line, seen[key])
            seen[key] = line
            out[path + (key,)] = line
            _walk_child(value_node, path + (key,), out, count, plain)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[path + (index,)] = item.start_mark.line + 1
            _walk_child(item, path + (index,), out, count, plain)


def _walk_child(node: yaml.Node, path: tuple, out: dict[tuple, int], count: list[int],
                plain: dict[tuple, str] | None = None) -> None:
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        _walk(node, path, out, count, plain)
    elif plain is not None and isinstance(node, yaml.ScalarNode) and not node.style:
        plain[path] = node.value  # unquoted: YAML may have read it as a number, a boolean or a date


def parse_yaml(text: str, name: str, offset: int = 0) -> tuple[Any, LineMap]:
    """Parse YAML text with ``safe_load`` semantics; errors become one-line DocgenErrors.

    The text is composed once (for the line of every key) and constructed from that node; a key
    given twice in one mapping is an error rather than YAML's silent "last one wins".
    """
    lines: dict[tuple, int] = {}
    plain: dict[tuple, str] = {}
    node = None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is not None:
                _walk(node, (), lines, [0], plain)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _TooLarge:
        raise DocgenError(f"YAML-texten har orimligt många värden (över {MAX_NODES} efter att alias expanderats)",
                          where=name, hint="ta bort ankare (&) och alias (*) som upprepar varandra") from None
    except _DuplicateKey as exc:
        raise DocgenError(f"nyckeln {exc.key!r} står två gånger (första gången på rad {exc.first + offset})",
                          where=Place(name, exc.line + offset), hint="ta bort eller slå ihop den ena") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if "flow" in str(getattr(exc, "context", "")) and getattr(exc, "context_mark", None):
            mark = exc.context_mark  # an unclosed [ or {: the line where it opened
        line = Place(name, mark.line + 1 + offset if mark else None)
        problem, hint = yaml_problem_sv(exc, text)
        raise DocgenError(f"ogiltig YAML: {problem}", where=line, hint=hint) from None
    except (ValueError, TypeError, OverflowError, RecursionError):  # e.g. dates like 2026-02-30
        bad = _unconstructable_node(node)
        line = bad.start_mark.line + 1 if bad is not None else None
        where = Place(name, line + offset if line else None)
        problem = _date_problem(str(bad.value)) if bad is not None else None
        if problem:
            raise DocgenError(problem, where=where, hint="skriv ett datum som finns, ÅÅÅÅ-MM-DD") from None
        shown = f" {bad.value!r}" if bad is not None else ""
        raise DocgenError(f"värdet{shown} kan inte läsas", where=where, hint="kontrollera datum och tal") from None
    return data, LineMap(name, lines, offset, plain)


_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december")


def _date_problem(value: str) -> str | None:
    """``2026-02-30`` → "datumet 2026-02-30 finns inte: februari 2026 har 28 dagar"; None if not a date."""
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return f"datumet {value} finns inte: månaden {month} finns inte (1–12)"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"datumet {value} finns inte: {_MONTHS[month - 1]} {year} har {days} dagar"
    return None


def yaml_problem_sv(exc: yaml.YAMLError, text: str = "") -> tuple[str, str]:  # noqa: C901 - one branch per kind of YAML error, each its Swedish sentence
    """PyYAML's (or libyaml's) English problem as a Swedish phrase and a hint on how to fix it."""
    problem = str(getattr(exc, "problem", None) or "")
    context = str(getattr(exc, "context", None) or "")
    quote = "sätt texten inom citattecken"
    indent = "kontrollera indraget"
    if "',' or ']'" in problem:
        return "en lista inom [ ] saknar ett kommatecken eller sin avslutande ]", "avsluta listan med ] eller " + quote
    if "',' or '}'" in problem:
        return "en grupp av nycklar inom { } saknar ett kommatecken eller sin avslutande }", "avsluta gruppen med } eller " + quote
    if problem.startswith("mapping values are not allowed"):
        return "ett kolon följt av mellanslag står mitt i ett värde", quote + " eller " + indent
    if "could not find expected ':'" in problem:
        return "kolon (:) saknas efter nyckeln", "skriv nyckel: värde"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "indraget stämmer inte med raderna ovanför", indent
    if "expected '-' indicator" in problem:
        return "ett listelement (- ) väntades här", indent
    if "cannot start any token" in problem:
        char = None
        mark = getattr(exc, "problem_mark", None)
        if mark is not None and text:
            lines = text.splitlines()
            if mark.line < len(lines) and mark.column < len(lines[mark.line]):
                char = lines[mark.line][mark.column]
        char = char or (re.search(r"character '(.*)' that", problem) or [None, None])[1]
        if char in ("\t", "\\t"):
            return "tabbtecken i indraget", "använd mellanslag för indrag"
        return (f"tecknet {char!r} kan inte inleda ett värde" if char else "ett tecken kan inte inleda ett värde"), quote
    if "undefined alias" in problem:
        return "aliaset (*namn) pekar på ett ankare (&namn) som inte finns", "definiera ankaret före aliaset"
    if "duplicate anchor" in context:
        return "samma ankare (&namn) står två gånger", "ge ankarna olika namn"
    if "end of stream" in problem:
        return "filen tar slut mitt i ett värde", "stäng citattecknet eller parentesen"
    if "unknown escape character" in problem:
        return "okänd teckenkod efter \\ i en text inom dubbla citattecken", "använd enkla citattecken"
    if "single document" in context:
        return "filen innehåller flera YAML-dokument (---)", "en ärendefil är ett enda dokument"
    if "constructor for the tag" in problem:
        return "taggen (!…) stöds inte", "ta bort taggen; docgen läser bara vanlig YAML"
    if "alphabetic or numeric character" in problem:
        return "ett ankare eller alias saknar namn", "skriv &namn och *namn med bokstäver och siffror, eller " + quote
    if "tab" in problem:
        return "tabbtecken i indraget", "använd mellanslag för indrag"
    return "syntaxfel", "kontrollera indrag och citattecken"


def _unconstructable_node(root: yaml.Node | None) -> yaml.ScalarNode | None:
    """The first scalar that the safe constructor cannot turn into a value (a date that does not exist)."""
    stack = [root] if root is not None else []
    seen: set[int] = set()
    constructor = yaml.SafeLoader("")
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except (ValueError, TypeError, OverflowError, yaml.YAMLError):
                return node
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack.extend((value, key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


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
        line = raw.count(b"\n", 0, exc.start) + 1
        raise DocgenError(
            f"{what} är inte giltig UTF-8 (byte {exc.start})", where=Place(path, line),
            hint="spara filen med kodningen UTF-8"
        ) from None


# Texts longer than this are almost certainly a mistake (a paste gone wrong): warned about, never refused.
SHORT_KEYS = ("title", "name", "reference", "unit", "org_number", "email", "phone", "adopted_by", "decision")
SHORT_LIMIT = 300
TEXT_LIMIT = 5000


def long_text_warnings(data: Any, lines: LineMap) -> list:
    """One warning finding per absurdly long text value, naming its key (and so its file:line)."""
    found: list = []

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif isinstance(value, str):
            last = next((p for p in reversed(path) if isinstance(p, str)), "")
            limit = SHORT_LIMIT if last in SHORT_KEYS else TEXT_LIMIT
            if len(value) > limit:
                key = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path).replace(".[", "[")
                size = f"{len(value):,}".replace(",", " ")
                found.append(Finding.at(lines, path, f"{key} är {size} tecken lång, mer än de {limit} som väntas; "
                                        "kontrollera att texten inte har klistrats in fel", code="text-too-long"))

    walk(data, ())
    return found


def misread(written: str | None, value: Any) -> str | None:
    """How YAML read an unquoted value differently from what was typed, in Swedish, or None.

    ``12:00`` → "12:00 läses i YAML som talet 720 (räknat i sextiotal)"; ``0123`` → the octal number 83;
    ``13.30`` → 13.3; ``yes`` → true. None when the value is text, or the text as written is the value.
    """
    if written is None or isinstance(value, str):
        return None
    if isinstance(value, bool):
        shown = "true" if value else "false"
        return None if written.lower() == shown else f"{written} läses i YAML som {shown} (ja/nej)"
    if isinstance(value, int):
        if ":" in written:
            return f"{written} läses i YAML som talet {value} (räknat i sextiotal)"
        if re.fullmatch(r"[-+]?0[0-7_]+", written) or written.lower().startswith("0o"):
            return f"{written} läses i YAML som det oktala talet {value}"
        return None if written.lstrip("+") == str(value) else f"{written} läses i YAML som talet {value}"
    if isinstance(value, float):
        if ":" in written:
            return f"{written} läses i YAML som talet {value:g} (räknat i sextiotal)"
        return None if written == repr(value) else f"{written} läses i YAML som talet {value:g}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return None
    return None


def as_written(lines: LineMap | None, path: tuple, value: Any) -> str:
    """The value for a message: the text as the user typed it when YAML read it as something else
    (``0123456700``, not 21913024), else its Python repr, shortened."""
    written = lines.written(path) if lines is not None else None
    if written is not None and written != value:
        return written
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def quote_hint(lines: LineMap | None, path: tuple, value: Any) -> str | None:
    """"sätt värdet inom citattecken: phone: "0123456700"" when an unquoted value was read as something
    other than text; None otherwise."""
    written = lines.written(path) if lines is not None else None
    if written is None or isinstance(value, str):
        return None
    key = next((p for p in reversed(tuple(path)) if isinstance(p, str)), None)
    shown = f'{key}: "{written}"' if key else f'"{written}"'
    return f"sätt värdet inom citattecken: {shown}"
