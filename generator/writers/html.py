"""HTML writer: the tree rendered by markdown-it's renderer (no re-parsing), with a print stylesheet."""

from __future__ import annotations

from html import escape

from markdown_it.tree import SyntaxTreeNode

from ..resources import resource_dir
from ..tree import parser


def stylesheet() -> str:
    return (resource_dir("templates") / "css" / "print.css").read_text(encoding="utf-8")


def render_html(tree: SyntaxTreeNode, document, css: str | None = None) -> str:
    md = parser()
    body = md.renderer.render(tree.to_tokens(), md.options, {})
    header = f"{document.authority_name}" + (f" · Dnr {document.reference}" if document.reference else "")
    stamp = document.doc_date.isoformat()
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<title>{escape(document.title)}{(' – ' + escape(document.subtitle)) if document.subtitle else ''}</title>
<meta name="author" content="{escape(document.authority_name)}">
<meta name="generator" content="docgen">
<meta name="dcterms.created" content="{stamp}">
<meta name="dcterms.modified" content="{stamp}">
<style>
{css if css is not None else stylesheet()}
</style>
</head>
<body>
<div class="running-header">{escape(header)}</div>
{body}</body>
</html>
"""


def write_html(tree: SyntaxTreeNode, document) -> bytes:
    return render_html(tree, document).encode("utf-8")
