"""The one parsed tree every writer reads: markdown-it-py's SyntaxTreeNode over the rendered text.

Two readings of the tree are shared by the writers, so each format says the same thing:

* ``bind_spaces``: amounts ("1 400 000 kr", "30 %") and paragraph references ("19 kap. 25 a §") get
  non-breaking spaces, so no line break splits them (DOCX, HTML and PDF; the Markdown writer gives
  plain spaces back, since Markdown is read as source, not laid out).
* ``heading_number``: a section heading's number ("4.2", "Bilaga 3") apart from its title, so Word can
  number headings through its own list and every format can link cross-references to them.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")

NBSP = "\u00a0"
_DIGIT = re.compile(r"\d")

# Each pattern matches the space (or spaces) that must not break; ordinary spaces only.
_BINDINGS = (
    re.compile(r"(?<=\d) (?=\d{3}(?!\d))"),                                  # 1 400 000
    re.compile(r"(?<=\d) (?=(?:kr|kronor|%|procent|SEK|euro|EUR|mnkr|tkr)(?![\w]))"),  # 400 kr, 30 %
    re.compile(r"(?<=\d) (?=kap\.)"),                                         # 19 kap.
    re.compile(r"(?<=kap\.) (?=\d)"),                                         # kap. 25
    re.compile(r"(?<=\d) (?=[a-z] §)"),                                       # 25 a §
    re.compile(r"(?<=\d[ \u00a0][a-z]) (?=§)"),                                     # a §
    re.compile(r"(?<=\d) (?=§)"),                                             # 2 §
    re.compile(r"(?<=§) (?=\d)"),                                             # § 3 (older style)
)


def bind_spaces(text: str) -> str:
    """``text`` with non-breaking spaces inside amounts and paragraph references."""
    if not _DIGIT.search(text):   # every pattern needs a digit
        return text
    for pattern in _BINDINGS:
        text = pattern.sub(NBSP, text)
    return text


def parser() -> MarkdownIt:
    return _PARSER


def parse(markdown: str) -> SyntaxTreeNode:
    tokens = _PARSER.parse(markdown)
    for token in tokens:
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "text":
                    child.content = bind_spaces(child.content)
    return SyntaxTreeNode(tokens)


def plain_text(node: SyntaxTreeNode) -> str:
    """The visible text of an inline subtree (for headings, table cells, titles)."""
    if node.type == "text" or node.type == "code_inline":
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)


_SECTION = re.compile(r"(\d+(?:\.\d+)*)[ \u00a0]+(\S.*)", re.S)
_INNER = re.compile(r"(\d+(?:\.\d+)*)(\.?)[ \u00a0]+(\S.*)", re.S)   # "1 Parter", "1. Anbudsgivare"
_APPENDIX = re.compile(r"Bilaga[ \u00a0]+(\d+)[ \u00a0]+(\S.*)", re.S)


class Headings:
    """Reads the section numbers docgen's plan typed into the headings, in document order.

    A heading counts as numbered only when its number is the next one in sequence (so Word's own
    list, counting the same headings, shows the same number); any other heading is a plain heading.
    ``number(node)`` is ``(kind, number, level)``: ("section", "4.2", 2) or ("appendix", "3", 1), or None.
    """

    def __init__(self, tree: SyntaxTreeNode):
        self.numbers: dict[int, tuple[str, str, int]] = {}
        # numbered headings inside appendix N (the contract's "11.1", the form's "1."): node id →
        # (N, number, level, "." or ""); Word numbers them with a list of their own per appendix
        self.inner: dict[int, tuple[int, str, int, str]] = {}
        counters: list[int] = []
        inner: list[int] = []
        dot: str | None = None
        appendix = 0
        first_h1 = True
        for node in _walk(tree):
            if node.type != "heading":
                continue
            text = heading_text(node)
            if node.tag == "h1":
                if first_h1:
                    first_h1 = False
                    continue
                match = _APPENDIX.fullmatch(text)
                if match and int(match.group(1)) == appendix + 1:
                    appendix += 1
                    inner, dot = [], None
                    self.numbers[id(node)] = ("appendix", match.group(1), 1)
                continue
            if appendix:
                match = _INNER.fullmatch(text)
                if not match or (dot is not None and match.group(2) != dot):
                    continue
                found = _next_number(inner, match.group(1), int(node.tag[1]) - 1)
                if found is not None:
                    inner, dot = found, match.group(2)
                    self.inner[id(node)] = (appendix, match.group(1), len(found), dot)
                continue
            match = _SECTION.fullmatch(text)
            if not match:
                continue
            found = _next_number(counters, match.group(1), int(node.tag[1]) - 1)
            if found is None:
                continue
            counters = found
            self.numbers[id(node)] = ("section", match.group(1), len(found))

    def inner_labels(self) -> set[tuple[str, str]]:
        """(appendix, number) of the numbered headings inside appendices whose numbers carry no dot: what
        "punkt 11.1 i bilaga 4" may name."""
        return {(str(appendix), number) for appendix, number, _level, dot in self.inner.values() if not dot}

    def inner_number(self, node: SyntaxTreeNode) -> tuple[int, str, int, str] | None:
        """(appendix, number, level, "." or "") of a numbered heading inside an appendix, or None."""
        return self.inner.get(id(node))

    def number(self, node: SyntaxTreeNode) -> tuple[str, str, int] | None:
        return self.numbers.get(id(node))

    def labels(self) -> set[str]:
        """The labels a cross-reference may name: "avsnitt 4.2", "bilaga 3"."""
        return {("bilaga " if kind == "appendix" else "avsnitt ") + number for kind, number, _ in self.numbers.values()}


def _next_number(counters: list[int], number: str, level: int) -> list[int] | None:
    """The counters after ``number`` at heading ``level``, when it is the next number there; else None."""
    parts = [int(p) for p in number.split(".")]
    if len(parts) != level:
        return None
    expected = counters[:level - 1] + [(counters[level - 1] + 1) if len(counters) >= level else 1]
    return expected if len(expected) == level and parts == expected else None


def heading_text(node: SyntaxTreeNode) -> str:
    return "".join(plain_text(child) for child in node.children if child.type == "inline")


def strip_number(text: str, number: tuple[str, str, int] | None) -> str:
    """A numbered heading's title without its typed number."""
    if number is None:
        return text
    match = (_APPENDIX if number[0] == "appendix" else _SECTION).fullmatch(text)
    return match.group(2) if match else text


def anchor(kind: str, number: str) -> str:
    """The id of a numbered heading ("avsnitt-4-2", "bilaga-3"): HTML ids and Word bookmark names."""
    return ("bilaga-" if kind == "appendix" else "avsnitt-") + number.replace(".", "-")


# "avsnitt 4.2" / "bilaga 3" in running text: a cross-reference when that heading exists
REFERENCE = re.compile(r"\b(avsnitt|bilaga)[ \u00a0](\d+(?:\.\d+)*)(?![\d.]\d)")
# "punkt 11.1 i bilaga 4": a numbered heading inside an appendix (Headings.inner)
POINT_REFERENCE = re.compile(r"\bpunkt[ \u00a0](\d+(?:\.\d+)*)[ \u00a0]i[ \u00a0]bilaga[ \u00a0](\d+)(?![\d.]\d)")


def _walk(node: SyntaxTreeNode):
    yield node
    for child in node.children:
        yield from _walk(child)
