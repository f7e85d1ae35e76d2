"""Reading a PDF's layout the way a reader meets it: word boxes and lines, via poppler."""

from __future__ import annotations

import re
import subprocess
from html import unescape
from pathlib import Path

MM = 72 / 25.4
# print.css: @page margin 25mm 22mm 25mm 25mm; the running header and page number stand in the
# top and bottom margins, so vertically a word may reach into them but not within 10 mm of the edge.
LEFT, RIGHT, EDGE = 25 * MM, 22 * MM, 10 * MM
TOLERANCE = 1.0  # points

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words_outside_text_area(pdf: Path) -> list[str]:
    """Every word whose box lies (partly) outside the page's text area: 'page N: word (x0–x1)'."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    bad: list[str] = []
    for number, page in enumerate(out.split("<page ")[1:], start=1):
        size = _PAGE.match("<page " + page)
        width, height = float(size.group(1)), float(size.group(2))
        for match in _WORD.finditer(page):
            x0, y0, x1, y1 = (float(match.group(i)) for i in range(1, 5))
            if (x0 < LEFT - TOLERANCE or x1 > width - RIGHT + TOLERANCE or y0 < EDGE or y1 > height - EDGE):
                bad.append(f"sida {number}: {unescape(match.group(5))!r} ({x0:.0f}–{x1:.0f} av {width:.0f})")
    return bad


AMOUNT = re.compile(r"(?<![\w/.,:])(?:\d{1,3}(?: \d{3})+(?![\d/])(?: kr)?|\d+(?:,\d+)? (?:kr|%))")
REFERENCE = re.compile(r"(?<![\w/.,:])(?:\d+ kap\. \d+(?: [a-z])? §|\d+(?: [a-z])? §|\d+ kap\.)")


def split_phrases(pdf: Path) -> list[str]:
    """Amounts and paragraph references that a line break splits in the PDF's text. Only phrases the
    document has count: pdftotext may read a table's cells in another order, so that the rank "1" in
    one cell seems to run on into "523 000 kr" in the next (the Markdown beside the PDF says which)."""
    source = pdf.with_suffix(".md")
    known = " ".join(source.read_text(encoding="utf-8").replace("\u00a0", " ").split()) if source.exists() else None
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in text.split("\n")]
    joined = " ".join(line for line in lines if line)
    whole_lines = "\n".join(lines)
    split: list[str] = []
    for pattern in (AMOUNT, REFERENCE):
        for match in pattern.finditer(joined):
            phrase = match.group(0).strip()
            if phrase not in whole_lines and (known is None or phrase in known):
                split.append(phrase)
    return split


def reading_text(pdf: Path) -> str:
    """The PDF's text in reading order, words hyphenated at a line end joined again."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub("\u2010\n", "", text)
