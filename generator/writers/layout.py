"""Table column widths from their content, shared by the DOCX and the HTML/PDF writers.

A column is as wide as its content asks (a narrow "Nr", a wide "Villkor"), never narrower than its
longest word (up to a cap: longer words and e-mail addresses wrap in their cell), and a column of
empty fill-in cells keeps room to write in. The widths are fractions of the text width.
"""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from ..tree import plain_text

TEXT_CHARS = 88        # characters of table text that fit across the text width (A4, 9.5 pt)
CELL_PADDING = 2       # characters a cell's padding and border take
WORD_CAP = 14          # a longer word wraps (hyphenated or broken) rather than widen its column
BOUND_CAP = 22         # an amount or paragraph reference (non-breaking spaces) up to this keeps its line
LINE_CAP = 48          # a cell's text beyond this wraps anyway
FIELD_ROOM = 16        # an empty column (to be filled in) gets room for this many characters


_SPACES = re.compile(r"[ \t\n]+")  # not the non-breaking space: "1 050 000 kr" is one word


def table_rows(table: SyntaxTreeNode) -> list[list[str]]:
    """Cell texts of a table, header row first; short rows padded with empty cells."""
    rows = [[plain_text(cell) for cell in row.children] for section in table.children for row in section.children]
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _word_room(word: str) -> int:
    """Characters a word needs on one line: digits and bold headers run wider than average text; a
    bound phrase ("1 050 000 kr", "19 kap. 25 a §") is never broken if it can be helped."""
    room = round(len(word) * 1.2)
    return max(3, min(room, BOUND_CAP if "\u00a0" in word else WORD_CAP))


def column_widths(rows: list[list[str]]) -> list[float]:
    if not rows or not rows[0]:
        return []
    columns = len(rows[0])
    minimum, natural = [], []
    for c in range(columns):
        cells = [row[c] for row in rows]
        body = cells[1:]
        low = max((_word_room(w) for cell in cells for w in _SPACES.split(cell)), default=2) + CELL_PADDING
        want = min(max((len(cell) for cell in cells), default=1), LINE_CAP) + CELL_PADDING
        if body and not any(cell.strip() for cell in body):
            want = max(want, FIELD_ROOM + CELL_PADDING)
            low = max(low, min(want, 10 + CELL_PADDING))
        minimum.append(low)
        natural.append(max(want, low))
    room = TEXT_CHARS
    if sum(natural) <= room:
        widths = [float(n) for n in natural]
    elif sum(minimum) >= room:
        widths = [float(m) for m in minimum]
    else:
        spare = room - sum(minimum)
        stretch = [n - m for n, m in zip(natural, minimum)]
        total = sum(stretch) or 1
        widths = [m + spare * s / total for m, s in zip(minimum, stretch)]
    total = sum(widths)
    return [w / total for w in widths]
