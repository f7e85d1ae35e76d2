"""Markdown writer: the tree written back as normalised CommonMark (with GFM tables)."""

from __future__ import annotations

import re

from markdown_it.tree import SyntaxTreeNode

from ..tree import NBSP

# Escaped always: what starts code, emphasis, links and table cells anywhere in a line.
_ESCAPE = re.compile(r"([\\`*_\[\]|])")
# Escaped only where it would mean something: "<" opening a tag or autolink, "&" an entity, "!" an
# image, "~~" strike-through, and "#" or ">" at the start of a line (heading, quote).
_CONTEXT = re.compile(r"<(?=[A-Za-z/!?])|&(?=#?[A-Za-z0-9]+;)|!(?=\[)|~(?=~)|^[#>]", re.M)


def _text(s: str) -> str:
    # Markdown is read as source, not laid out: the tree's non-breaking spaces become plain spaces, and a
    # run of spaces (left by a clause's conditional text) is one space
    s = re.sub(r"(?<=\S) {2,}(?=\S)", " ", s.replace(NBSP, " "))
    return _CONTEXT.sub(lambda m: "\\" + m.group(0), _ESCAPE.sub(r"\\\1", s))


def inline(node: SyntaxTreeNode) -> str:
    out = []
    for child in node.children:
        t = child.type
        if t == "text":
            out.append(_text(child.content))
        elif t == "strong":
            out.append(f"**{inline(child)}**")
        elif t == "em":
            out.append(f"*{inline(child)}*")
        elif t == "code_inline":
            out.append(f"`{child.content}`")
        elif t == "softbreak":
            out.append("\n")
        elif t == "hardbreak":
            out.append("\\\n")
        elif t == "link":
            out.append(f"[{inline(child)}]({child.attrs.get('href', '')})")
        else:
            out.append(inline(child))
    return "".join(out)


def _inline_of(block: SyntaxTreeNode) -> str:
    return "".join(inline(c) for c in block.children if c.type == "inline")


def _block(node: SyntaxTreeNode, indent: str = "") -> list[str]:
    t = node.type
    if t == "heading":
        return [f"{node.markup} {_inline_of(node)}", ""]
    if t == "paragraph":
        text = _inline_of(node)
        return [indent + line if i else line for i, line in enumerate(text.split("\n"))] + [""]
    if t in ("bullet_list", "ordered_list"):
        lines: list[str] = []
        start = int(node.attrs.get("start", 1)) if t == "ordered_list" else 1
        for i, item in enumerate(node.children):
            marker = f"{start + i}. " if t == "ordered_list" else "- "
            body: list[str] = []
            for child in item.children:
                body.extend(_block(child, indent + " " * len(marker)))
            while body and body[-1] == "":
                body.pop()
            first, rest = (body[0], body[1:]) if body else ("", [])
            lines.append(indent + marker + first)
            lines.extend((indent + " " * len(marker) + r) if r and not r.startswith(indent + " ") else r for r in rest)
        return lines + [""]
    if t == "table":
        rows = []
        for section in node.children:
            for row in section.children:
                rows.append([_inline_of(cell).replace("\n", " ") for cell in row.children])
        if not rows:
            return []
        width = len(rows[0])
        out = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return out + [""]
    if t == "hr":
        return ["---", ""]
    if t == "blockquote":
        inner: list[str] = []
        for child in node.children:
            inner.extend(_block(child))
        return ["> " + line if line else ">" for line in inner[:-1]] + [""]
    if t in ("code_block", "fence"):
        return ["```", *node.content.rstrip("\n").split("\n"), "```", ""]
    out: list[str] = []
    for child in node.children:
        out.extend(_block(child, indent))
    return out


def render_md(tree: SyntaxTreeNode) -> str:
    lines: list[str] = []
    for child in tree.children:
        lines.extend(_block(child))
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


def write_md(tree: SyntaxTreeNode, document) -> bytes:
    return render_md(tree).encode("utf-8")
