"""HTML writer: the tree rendered by markdown-it's renderer (no re-parsing), with a print stylesheet.

The page has landmarks (header, nav, main), a cover and a contents list for long documents, ids on
numbered headings so cross-references ("avsnitt 4.2") are links, and fill-in fields in the empty
cells of a form's tables. The PDF writer lays out this same HTML, so both formats share one stylesheet.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from ..resources import resource_dir
from ..tree import REFERENCE, Headings, anchor, heading_text, parser
from .layout import column_widths, is_wide, table_rows

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
          "oktober", "november", "december")

# A document whose kind wants it (``document.cover_when_long``: kinds.Kind.cover) gets a cover and a contents
# list when it is long (the template's or case's `cover:` turns them on or off for any document); "long" is
# this many numbered headings or more.
COVER_MIN_HEADINGS = 8
KEEP_ROWS = 8   # a table of this many rows or fewer (a signature block, a short form) is not split over pages


def stylesheet() -> str:
    return (resource_dir("templates") / "css" / "print.css").read_text(encoding="utf-8")


def swedish_date(day) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def wants_cover(document, headings: Headings) -> bool:
    """``cover: true/false`` of the case file, else of the template, wins; else a long document of a kind
    that wants one (tenders, IOP agreements, policies) gets a cover page and contents."""
    choice = getattr(document, "cover", None)
    if choice is not None:
        return bool(choice)
    return bool(getattr(document, "cover_when_long", False)) and len(headings.numbers) >= COVER_MIN_HEADINGS


def contents(tree: SyntaxTreeNode, headings: Headings) -> list[tuple[str, str, int]]:
    """(anchor, visible text, level) of every numbered heading, in order."""
    entries = []
    for node in tree.children:
        number = headings.number(node) if node.type == "heading" else None
        if number is not None:
            entries.append((anchor(number[0], number[1]), heading_text(node), number[2]))
    return entries


def _link_references(inline: Token, labels: set[str]) -> None:
    """Cross-references in an inline token's text become links to the heading they name."""
    children: list[Token] = []
    for child in inline.children or []:
        if child.type != "text" or not labels:
            children.append(child)
            continue
        text, at = child.content, 0
        for match in REFERENCE.finditer(text):
            label = f"{match.group(1)} {match.group(2)}"
            if label not in labels:
                continue
            if match.start() > at:
                children.append(_text(text[at:match.start()]))
            kind = "appendix" if match.group(1) == "bilaga" else "section"
            opening = Token("html_inline", "", 0)
            opening.content = f'<a class="ref" href="#{anchor(kind, match.group(2))}">'
            closing = Token("html_inline", "", 0)
            closing.content = "</a>"
            children += [opening, _text(match.group(0)), closing]
            at = match.end()
        if at < len(text):
            children.append(_text(text[at:]))
    inline.children = children


_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _mark_emails(inline: Token) -> None:
    """An e-mail address in text is set apart: never hyphenated ("ka-rin.ekstrom@…" in a narrow cell), and
    may break only after its @ and dots (print.css, .email)."""
    children: list[Token] = []
    for child in inline.children or []:
        if child.type != "text" or "@" not in child.content:
            children.append(child)
            continue
        text, at = child.content, 0
        for match in _EMAIL.finditer(text):
            if match.start() > at:
                children.append(_text(text[at:match.start()]))
            span = Token("html_inline", "", 0)
            parts = re.split(r"(?<=[@.])", match.group(0))
            span.content = '<span class="email">' + "<wbr>".join(escape(part) for part in parts if part) + "</span>"
            children.append(span)
            at = match.end()
        if at < len(text):
            children.append(_text(text[at:]))
    inline.children = children


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


class _Fields:
    """Fill-in fields for the empty cells of a table (a form the bidder fills in)."""

    def __init__(self) -> None:
        self.count = 0

    def cell(self, label: str) -> Token:
        self.count += 1
        token = Token("html_inline", "", 0)
        token.content = (f'<input type="text" class="field" size="1" name="falt-{self.count}" '
                         f'title="{escape(label)}" aria-label="{escape(label)}">')
        return token


def _table_tokens(tokens: list[Token], fields: _Fields) -> None:
    """Mark wide tables, and turn empty body cells into fields labelled by their row and column."""
    header: list[str] = []
    row_label = ""
    column = 0
    in_body = False
    width = 0
    for index, token in enumerate(tokens):
        if token.type == "thead_open":
            in_body = False
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "tr_open":
            column = 0
            row_label = ""
        elif token.type in ("th_open", "td_open"):
            inline = tokens[index + 1]
            text = "".join(c.content for c in inline.children or [] if c.type == "text").strip()
            if not in_body:
                header.append(text)
                width = max(width, len(header))
            elif column == 0:
                row_label = text
            if in_body and not text and not inline.children:
                column_name = header[column] if column < len(header) else ""
                label = " – ".join(part for part in (row_label, column_name) if part) or "Fält"
                inline.children = [fields.cell(label)]
            column += 1
    rows = sum(1 for token in tokens if token.type == "tr_open")
    classes = (["wide"] if is_wide(width) else []) + (["keep"] if rows <= KEEP_ROWS else [])
    if classes:
        tokens[0].attrSet("class", " ".join(classes))


def body_html(tree: SyntaxTreeNode, headings: Headings, skip: int = 0) -> str:
    """The document's blocks as HTML; ``skip`` leaves out the first blocks (title and subtitle on a cover)."""
    md = parser()
    labels = headings.labels()
    fields = _Fields()
    out: list[str] = []
    children = list(tree.children)
    for position, node in enumerate(children):
        if position < skip:
            continue
        tokens = node.to_tokens()
        number = headings.number(node) if node.type == "heading" else None
        if number is not None:
            tokens[0].attrSet("id", anchor(number[0], number[1]))
            if number[0] == "appendix":
                tokens[0].attrSet("class", "appendix")
        if node.type == "table":
            _table_tokens(tokens, fields)
            cols = Token("html_block", "", 0)
            cols.content = "<colgroup>" + "".join(f'<col style="width: {w * 100:.1f}%">'
                                                  for w in column_widths(table_rows(node))) + "</colgroup>\n"
            tokens.insert(1, cols)
        if node.type == "paragraph" and position + 1 < len(children) and children[position + 1].type == "table":
            tokens[0].attrSet("class", "lead-in")  # a table's caption keeps with its table
        for token in tokens:
            if token.type == "inline":
                _link_references(token, labels)
                _mark_emails(token)
        out.append(md.renderer.render(tokens, md.options, {}))
    return "".join(out)


def title_blocks(tree: SyntaxTreeNode, document) -> int:
    """How many leading blocks are the title (an h1) and its subtitle (a paragraph of that text)."""
    children = list(tree.children)
    if not children or children[0].type != "heading" or children[0].tag != "h1":
        return 0
    if len(children) > 1 and children[1].type == "paragraph" and document.subtitle:
        text = "".join(heading_text(children[1]).split())
        if text == "".join(document.subtitle.split()):
            return 2
    return 1


def cover_html(document, entries: list[tuple[str, str, int]]) -> str:
    rows = [getattr(document, "cover_owner", None) or ("Myndighet", document.authority_name)]
    if document.reference:
        rows.append(("Diarienummer", document.reference))
    rows.append(("Datum", swedish_date(document.doc_date)))
    version = getattr(document, "version", None)
    if version:
        rows.append(("Version", str(version)))
    facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    subtitle = f'<p class="cover-subtitle">{escape(document.subtitle)}</p>' if document.subtitle else ""
    items = "".join(f'<li class="toc-{level}"><a href="#{ref}">{escape(text)}</a></li>'
                    for ref, text, level in entries)
    return (f'<section class="cover" aria-label="Försättsblad">'
            f'<h1 class="cover-title">{escape(document.title)}</h1>{subtitle}<dl>{facts}</dl></section>'
            f'<nav class="toc" aria-labelledby="toc-heading"><h2 id="toc-heading" class="toc-heading">Innehåll</h2>'
            f"<ol>{items}</ol></nav>")


def render_html(tree: SyntaxTreeNode, document, css: str | None = None) -> str:
    headings = Headings(tree)
    cover = wants_cover(document, headings)
    body = body_html(tree, headings, title_blocks(tree, document) if cover else 0)
    header = f"{document.authority_name}" + (f" · Dnr {document.reference}" if document.reference else "")
    stamp = document.doc_date.isoformat()
    front = cover_html(document, contents(tree, headings)) if cover else ""
    keywords = ", ".join(getattr(document, "legal_bases", ()) or ())
    title = escape(document.title) + ((" – " + escape(document.subtitle)) if document.subtitle else "")
    return f"""<!DOCTYPE html>
<html lang="sv-SE">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="author" content="{escape(document.authority_name)}">
<meta name="description" content="{escape(document.reference)}">
<meta name="keywords" content="{escape(keywords)}">
<meta name="generator" content="docgen">
<meta name="dcterms.created" content="{stamp}">
<meta name="dcterms.modified" content="{stamp}">
<style>
{css if css is not None else stylesheet()}
</style>
</head>
<body{' class="with-cover"' if cover else ''}>
<header class="running-header">{escape(header)}</header>
{front}<main>
{body}</main>
</body>
</html>
"""


def write_html(tree: SyntaxTreeNode, document) -> bytes:
    return render_html(tree, document).encode("utf-8")
