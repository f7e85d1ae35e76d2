"""Table column widths from their content, shared by the DOCX and the HTML/PDF writers.

A column is as wide as its content asks (a narrow "Nr", a wide "Villkor"), never narrower than its
longest word (up to a cap: longer words and e-mail addresses wrap in their cell), and a column of
empty fill-in cells keeps room to write in. The widths are fractions of the text width.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it.tree import SyntaxTreeNode

from ..tree import plain_text

TEXT_CHARS = 96        # average characters of table text across the text width (A4, 163 mm, DejaVu Sans 9.5 pt)
WIDE_COLUMNS = 6       # a table of this many columns or more is set smaller (8.5 pt: print.css, table.wide)
WIDE_SCALE = 9.5 / 8.5  # so more characters fit across
CELL_PADDING = 2       # characters a cell's padding and border take (.45em each side at 9.5 pt)
WIDE_PADDING = 1.5     # the same in a wide table (.35em each side at 8.5 pt)
WORD_CAP = 14          # a longer word wraps (hyphenated or broken) rather than widen its column
HEADER_WORD_CAP = 26   # a column heading's word is not broken up to this ("Utvärderingspris", "Organisationsnummer")
BOUND_CAP = 22         # an amount or paragraph reference (non-breaking spaces) up to this keeps its line
LINE_CAP = 48          # a cell's text beyond this wraps anyway
FIELD_ROOM = 16        # an empty column (to be filled in) gets room for this many characters


_SPACES = re.compile(r"[ \t\n]+")  # not the non-breaking space: "1 050 000 kr" is one word
_NUMBER = re.compile(r"^[\d.,:%+\-−]+$")  # "30,00", "2026-12-01", "15 %": never broken


class CellText(str):
    """A cell's visible text; ``bold`` when the cell is set in bold (a heading cell, a **Summa** row)."""

    bold: bool = False


def _cell(node: SyntaxTreeNode, heading: bool) -> CellText:
    text = CellText(plain_text(node))
    inline = node.children[0] if node.children else None
    parts = [c for c in (inline.children if inline is not None else []) if c.type != "text" or c.content.strip()]
    text.bold = heading or (bool(parts) and all(c.type == "strong" for c in parts))
    return text


def table_rows(table: SyntaxTreeNode) -> list[list[str]]:
    """Cell texts of a table, header row first; short rows padded with empty cells."""
    rows = [[_cell(cell, section.type == "thead") for cell in row.children]
            for section in table.children for row in section.children]
    width = max((len(r) for r in rows), default=0)
    return [r + [CellText("")] * (width - len(r)) for r in rows]


def is_wide(columns: int) -> bool:
    return columns >= WIDE_COLUMNS


# Advance widths of DejaVu Sans (the skeleton's and print.css's font) in average characters of running
# Swedish text, measured once; a character not listed counts as 1.2. Bold runs 13 % wider.
_WIDTHS = {**dict.fromkeys("ijl", 0.5), **dict.fromkeys("IJ .,'", 0.6), **dict.fromkeys("f:;-/", 0.7),
           **dict.fromkeys("rt()", 0.8), **dict.fromkeys("sz–§", 1.0), **dict.fromkeys("ckFL", 1.1),
           **dict.fromkeys("bdghnpquKS0123456789", 1.3), **dict.fromkeys("ABCRUVXZÅÄ", 1.4),
           **dict.fromkeys("DGHN", 1.5), **dict.fromkeys("wOQÖ", 1.6), **dict.fromkeys("M→", 1.7),
           **dict.fromkeys("m%", 1.9), "W": 2.0, "\u00a0": 0.6}
BOLD = 1.13


@lru_cache(maxsize=8192)
def _width(text: str) -> float:
    return sum(_WIDTHS.get(ch, 1.2) for ch in text)


def text_width(text: str, bold: bool = False) -> float:
    """The width of ``text`` in average characters (the unit of TEXT_CHARS)."""
    return _width(str(text)) * (BOLD if bold else 1.0)


def _word_room(word: str, cap: int = WORD_CAP, bold: bool = False) -> float:
    """Room a word needs on one line, up to ``cap`` characters' worth (a longer word wraps); a bound
    phrase ("1 050 000 kr", "19 kap. 25 a §") is never broken if it can be helped."""
    bound = "\u00a0" in word or _NUMBER.match(word)
    if bound:  # an amount ("10 000 kr") keeps its line: a character's margin for the estimate's error
        return max(3.0, min(text_width(word, bold) + 1.0, BOUND_CAP))
    return max(3.0, min(text_width(word, bold), cap))


def _heading_room(word: str) -> float:
    """A column heading's word is bold and is not broken up to HEADER_WORD_CAP characters' worth."""
    return min(text_width(word, bold=True) + 0.5, HEADER_WORD_CAP)


def _bold(cell: str) -> bool:
    return getattr(cell, "bold", False)


_LAYOUTS: dict[tuple, list[float]] = {}   # table text → column shares


def column_widths(rows: list[list[str]]) -> list[float]:
    """Each column's share of the text width. Every column gets its longest word (its heading's
    words whole); the room left goes, a character at a time, where it saves the most lines.
    Worked out once per table text and process (the DOCX and HTML writers lay out the same tables)."""
    key = tuple(tuple((str(cell), _bold(cell)) for cell in row) for row in rows)
    found = _LAYOUTS.get(key)
    if found is None:
        found = _column_widths(rows)
        if len(_LAYOUTS) > 5000:
            _LAYOUTS.clear()
        _LAYOUTS[key] = found
    return list(found)


def _column_widths(rows: list[list[str]]) -> list[float]:
    if not rows or not rows[0]:
        return []
    columns = len(rows[0])
    room = TEXT_CHARS * (WIDE_SCALE if is_wide(columns) else 1.0)
    padding = WIDE_PADDING if is_wide(columns) else CELL_PADDING
    floor, minimum, natural = [], [], []
    for c in range(columns):
        cells = [row[c] for row in rows]
        body = cells[1:]
        head = max((_heading_room(w) for w in _SPACES.split(cells[0]) if w), default=1) + padding
        low = max([head] + [_word_room(w, bold=_bold(cell)) + padding for cell in body for w in _SPACES.split(cell)])
        want = min(max([text_width(cells[0], bold=True)] + [text_width(cell, _bold(cell)) for cell in body]),
                   LINE_CAP) + padding
        if body and not any(cell.strip() for cell in body):
            want = max(want, FIELD_ROOM + padding)
            low = max(low, min(want, 10 + padding))
        floor.append(head)
        minimum.append(low)
        natural.append(max(want, low))
    if sum(minimum) > room and sum(floor) < room:
        # Too many long words: the headings keep their words; the body's long words give way in
        # proportion to how much they ask beyond the heading (they wrap inside their cells).
        spare, ask = room - sum(floor), [m - f for m, f in zip(minimum, floor)]
        minimum = [f + spare * a / sum(ask) for f, a in zip(floor, ask)]
    if sum(natural) <= room:
        widths = [float(n) for n in natural]
    elif sum(minimum) >= room:
        widths = [float(m) for m in minimum]
    else:
        widths = [float(m) for m in minimum]
        body = [[text_width(cell, _bold(cell)) for cell in row] for row in (rows[1:] or rows)]
        step = max(1.0, (room - sum(minimum)) / 24)   # at most ~24 rounds: a table is laid out in about 0.1 ms
        while room - sum(widths) >= step:
            lines = [[max(1.0, cell / max(1.0, w - padding)) for cell, w in zip(row, widths)] for row in body]
            best, gain = None, 0.0
            for c in range(columns):
                if widths[c] + step > natural[c]:
                    continue
                wider = max(1.0, widths[c] + step - padding)
                saved = 0.0
                for row, counts in zip(body, lines):
                    if counts[c] > 1.0:
                        others = max((n for i, n in enumerate(counts) if i != c), default=1.0)
                        saved += max(counts[c], others) - max(max(1.0, row[c] / wider), others)
                if saved > gain + 1e-9:
                    best, gain = c, saved
            if best is None:
                break
            widths[best] += step
        # what no row gets shorter from goes to the columns that want more, then to all alike
        spare = room - sum(widths)
        stretch = [max(0.0, n - w) for n, w in zip(natural, widths)]
        total = sum(stretch)
        widths = [w + spare * (s / total if total else 1 / columns) for w, s in zip(widths, stretch)]
    total = sum(widths)
    return [w / total for w in widths]
