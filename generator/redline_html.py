"""A redline as one HTML page: <del> and <ins> marks, one heading per changed clause."""

from __future__ import annotations

from html import escape

from .redline import DELETE, INSERT, Redline

CSS = """
body { font-family: Georgia, serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5; color: #222; }
ins { color: #0b6b2b; background: #e6f4ea; text-decoration: underline; }
del { color: #a11; background: #fbeaea; text-decoration: line-through; }
p.whole-insert { border-left: 3px solid #0b6b2b; padding-left: .5rem; }
p.whole-delete { border-left: 3px solid #a11; padding-left: .5rem; }
.status { font-size: .8em; color: #555; font-weight: normal; }
"""


def render_redline_html(redline: Redline) -> str:
    inserted, deleted = redline.counts()
    parts = [f"<h1>Ändringar</h1>\n<p>Från <code>{escape(redline.old_label)}</code> till "
             f"<code>{escape(redline.new_label)}</code>: {inserted} ord tillagda, {deleted} ord borttagna.</p>"]
    for section in redline.sections:
        if section.title:
            status = f' <span class="status">({escape(section.status)})</span>' if section.status else ""
            parts.append(f"<h2>{escape(section.title)}{status}</h2>")
        for paragraph in section.paragraphs:
            html = "".join(
                f"<ins>{escape(text)}</ins>" if op == INSERT else f"<del>{escape(text)}</del>" if op == DELETE
                else escape(text) for op, text in paragraph.segments)
            css = {INSERT: ' class="whole-insert"', DELETE: ' class="whole-delete"'}.get(paragraph.status, "")
            parts.append(f"<p{css}>{html}</p>")
    body = "\n".join(parts)
    return (f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n<meta charset="utf-8">\n<title>Ändringar</title>\n'
            f'<meta name="generator" content="docgen">\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n')
