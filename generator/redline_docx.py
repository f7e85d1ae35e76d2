"""A redline as a Word document with real tracked changes (w:ins / w:del, author "docgen")."""

from __future__ import annotations

from datetime import datetime

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from .redline import DELETE, EQUAL, INSERT, Redline
from .writers.docx import package_bytes

AUTHOR = "docgen"


class _Changes:
    def __init__(self, when: datetime):
        self.next_id = 1
        self.date = when.strftime("%Y-%m-%dT%H:%M:%SZ")

    def mark(self, kind: str):
        element = OxmlElement("w:ins" if kind == INSERT else "w:del")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), AUTHOR)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def _run(text: str, deleted: bool = False):
    run = OxmlElement("w:r")
    node = OxmlElement("w:delText" if deleted else "w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    return run


def _add_paragraph(document, changes: _Changes, segments, status: str, style: str | None = None) -> None:
    paragraph = document.add_paragraph(style=style)
    p = paragraph._p
    if status in (INSERT, DELETE):  # the paragraph mark itself is new or removed
        rpr = OxmlElement("w:rPr")
        rpr.append(changes.mark(status))
        p.get_or_add_pPr().append(rpr)
    for op, text in segments:
        if op == EQUAL:
            p.append(_run(text))
        else:
            wrapper = changes.mark(op)
            wrapper.append(_run(text, deleted=op == DELETE))
            p.append(wrapper)


def write_redline_docx(redline: Redline) -> bytes:
    document = Document()
    changes = _Changes(redline.changed_at)
    props = document.core_properties
    props.title = "Ändringar i klausulbiblioteket" if any(s.status for s in redline.sections) else "Ändringar i dokumentet"
    props.author = AUTHOR
    props.last_modified_by = AUTHOR
    props.language = "sv-SE"
    props.created = props.modified = redline.changed_at.replace(tzinfo=None)
    props.revision = 1
    document.add_paragraph(props.title, style="Title")
    document.add_paragraph(f"Från {redline.old_label} till {redline.new_label}. Ändringarna visas som spårade ändringar.")
    if not redline.sections or not any(p.changed for s in redline.sections for p in s.paragraphs):
        document.add_paragraph("Inga ändringar.")
    for section in redline.sections:
        if section.title:
            label = {"ny": " (ny)", "borttagen": " (borttagen)"}.get(section.status, "")
            document.add_paragraph(section.title + label, style="Heading 1")
        for paragraph in section.paragraphs:
            _add_paragraph(document, changes, paragraph.segments, paragraph.status)
    return package_bytes(document)
