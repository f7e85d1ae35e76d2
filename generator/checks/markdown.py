"""Markdown that will not come out as the lawyer meant: raw HTML, images, links, stray emphasis,
indented text that turns into a code block, table rows with too many cells."""

from __future__ import annotations

import re
from typing import Iterable

from ..findings import Finding
from ..tree import parser
from .problems import ERROR, WARNING, problem
from .registry import check
from .workspace import Workspace

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
_STRAY_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


def without_jinja(body: str) -> str:
    """Replace each {{ expression }} by a placeholder word and drop {% tags %}, keeping line numbers."""
    def replace(match: re.Match) -> str:
        text = match.group(0)
        newlines = "\n" * text.count("\n")
        return ("X" if text.startswith("{{") else "") + newlines

    return _JINJA.sub(replace, body)


def _cells(source_line: str) -> int:
    text = source_line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return len(re.split(r"(?<!\\)\|", text))


@check("markdown", "md-raw-html", "md-image", "md-link", "md-emphasis", "md-code-block", "md-table-columns")
def check_markdown(ws: Workspace) -> Iterable[Finding]:
    for clause in ws.clauses.values():
        body = without_jinja(clause.body)
        source = body.splitlines()
        path = str(clause.path)
        block_line = 0
        header_cells = 0

        def at(line0: int, code: str, severity: str, message: str, hint: str, needle: str = "") -> Finding:
            text = source[line0] if 0 <= line0 < len(source) else ""
            col = text.find(needle) + 1 if needle and needle in text else 1
            return problem(path, clause.body_line + line0, col, code, severity, message, hint)

        for token in parser().parse(body):
            if token.map:
                block_line = token.map[0]
            if token.type in ("code_block",):
                yield at(block_line, "md-code-block", WARNING,
                         "indragen text (fyra mellanslag eller tabb) blir ett kodblock",
                         "ta bort indraget i början av raden")
            elif token.type == "thead_open":
                header_cells = _cells(source[block_line]) if block_line < len(source) else 0
            elif token.type == "tr_open" and token.map:
                cells = _cells(source[block_line])
                if header_cells and cells > header_cells:
                    yield at(block_line, "md-table-columns", ERROR,
                             f"tabellraden har {cells} celler men tabellhuvudet {header_cells}; de överskjutande försvinner",
                             "lägg till kolumner i huvudet eller ta bort celler (ett | i text skrivs \\|)")
            elif token.type == "inline":
                for child in token.children or []:
                    if child.type == "image":
                        yield at(block_line, "md-image", ERROR, "bilder kan inte återges i dokumenten",
                                 "ta bort bilden; lägg den i Word-mallen om den behövs", "![")
                    elif child.type == "link_open":
                        yield at(block_line, "md-link", WARNING,
                                 "länkar återges bara som text i Word och PDF (adressen försvinner)",
                                 "skriv ut adressen i texten", "](")
                    elif child.type == "text":
                        tag = _HTML_TAG.search(child.content)
                        if tag:
                            yield at(block_line, "md-raw-html", ERROR,
                                     f"HTML ({tag.group(0)}) återges inte utan syns som text",
                                     "använd Markdown: **fet**, *kursiv*, listor och tabeller", tag.group(0))
                        stray = _STRAY_EMPHASIS.search(child.content)
                        line_text = source[block_line] if block_line < len(source) else ""
                        if stray and "\\" + stray.group(0)[0] not in line_text:
                            yield at(block_line, "md-emphasis", WARNING,
                                     f"ett ensamt {stray.group(0)!r} blir kvar som tecken i texten (fet eller kursiv stängs inte)",
                                     "stäng markeringen (**fet**, *kursiv*) eller skriv \\*", stray.group(0))
