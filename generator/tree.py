"""The one parsed tree every writer reads: markdown-it-py's SyntaxTreeNode over the rendered text."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def parser() -> MarkdownIt:
    return _PARSER


def parse(markdown: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_PARSER.parse(markdown))


def plain_text(node: SyntaxTreeNode) -> str:
    """The visible text of an inline subtree (for headings, table cells, titles)."""
    if node.type == "text" or node.type == "code_inline":
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain_text(child) for child in node.children)
