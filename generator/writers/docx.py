"""DOCX writer: the tree as Word paragraphs inside the docxtpl skeleton (styles, header, footer)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from markdown_it.tree import SyntaxTreeNode

from ..errors import DocgenError
from ..tree import plain_text

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _Numbering:
    """Creates a fresh w:num per ordered list, so each list restarts at 1."""

    def __init__(self, docx_document):
        self.part = docx_document.part.numbering_part
        self.root = self.part.element
        self.next_id = max((int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))), default=0) + 1

    def restart(self, style) -> int | None:
        ppr = style.element.pPr
        if ppr is None or ppr.numPr is None:
            return None
        base = ppr.numPr.numId.val
        abstract = None
        for num in self.root.findall(qn("w:num")):
            if int(num.get(qn("w:numId"))) == base:
                abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        if abstract is None:
            return None
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_id))
        abs_el = OxmlElement("w:abstractNumId")
        abs_el.set(qn("w:val"), abstract)
        num.append(abs_el)
        override = OxmlElement("w:lvlOverride")
        override.set(qn("w:ilvl"), "0")
        start = OxmlElement("w:startOverride")
        start.set(qn("w:val"), "1")
        override.append(start)
        num.append(override)
        self.root.append(num)
        self.next_id += 1
        return self.next_id - 1


def _set_num(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


class _BodyBuilder:
    def __init__(self, target, styles, numbering: _Numbering):
        self.target = target  # a python-docx Document (the subdoc)
        self.styles = styles
        self.numbering = numbering
        self.h1_seen = 0
        self._by_name: dict[tuple[str, ...], object] = {}

    def style(self, *names: str):
        """The first of ``names`` the skeleton defines (looked up once: python-docx lookups are slow)."""
        found = self._by_name.get(names)
        if found is None:
            found = self.styles["Normal"]
            for name in names:
                try:
                    found = self.styles[name]
                    break
                except KeyError:
                    continue
            self._by_name[names] = found
        return found

    def paragraph(self, style, text: str | None = None):
        paragraph = self.target.add_paragraph(text)
        paragraph._p.style = style.style_id
        return paragraph

    def inline(self, paragraph, node: SyntaxTreeNode, bold=False, italic=False) -> None:
        for child in node.children:
            t = child.type
            if t in ("text", "code_inline"):
                run = paragraph.add_run(child.content)
                run.bold = bold or None
                run.italic = italic or None
            elif t == "strong":
                self.inline(paragraph, child, True, italic)
            elif t == "em":
                self.inline(paragraph, child, bold, True)
            elif t == "softbreak":
                paragraph.add_run(" ")
            elif t == "hardbreak":
                paragraph.add_run().add_break()
            else:
                self.inline(paragraph, child, bold, italic)

    def inline_of(self, paragraph, block: SyntaxTreeNode, bold=False) -> None:
        for child in block.children:
            if child.type == "inline":
                self.inline(paragraph, child, bold=bold)

    def block(self, node: SyntaxTreeNode, list_depth: int = 0) -> None:
        t = node.type
        if t == "heading":
            level = int(node.tag[1])
            if level == 1:
                self.h1_seen += 1
                style = self.style("Title") if self.h1_seen == 1 else self.style("Heading 1")
            else:
                style = self.style(f"Heading {min(level - 1, 9)}")
            paragraph = self.paragraph(style)
            if level == 1 and self.h1_seen > 1:
                paragraph.paragraph_format.page_break_before = True
            self.inline_of(paragraph, node)
        elif t == "paragraph":
            paragraph = self.paragraph(self.style("Normal"))
            self.inline_of(paragraph, node)
        elif t in ("bullet_list", "ordered_list"):
            self.list(node, list_depth)
        elif t == "table":
            self.table(node)
        elif t == "hr":
            self.paragraph(self.style("Normal"))
        elif t in ("code_block", "fence"):
            for line in node.content.rstrip("\n").split("\n"):
                self.paragraph(self.style("Normal"), line)
        else:
            for child in node.children:
                self.block(child, list_depth)

    def list(self, node: SyntaxTreeNode, depth: int) -> None:
        ordered = node.type == "ordered_list"
        suffix = "" if depth == 0 else f" {min(depth + 1, 3)}"
        style = self.style(("List Number" if ordered else "List Bullet") + suffix,
                           "List Number" if ordered else "List Bullet")
        num_id = self.numbering.restart(style) if ordered else None
        for item in node.children:
            first = True
            for child in item.children:
                if child.type == "paragraph" and first:
                    paragraph = self.paragraph(style)
                    if num_id:
                        _set_num(paragraph, num_id)
                    self.inline_of(paragraph, child)
                    first = False
                elif child.type in ("bullet_list", "ordered_list"):
                    self.list(child, depth + 1)
                else:
                    self.block(child, depth + 1)

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [row for section in node.children for row in section.children]
        if not rows:
            return
        width = max(len(r.children) for r in rows)
        table = self.target.add_table(rows=len(rows), cols=width)
        table.style = self.style("Table Grid")
        for r, row in enumerate(rows):
            is_header = row.parent is not None and row.parent.type == "thead"
            for c, cell in enumerate(row.children):
                paragraph = table.cell(r, c).paragraphs[0]
                self.inline_of(paragraph, cell, bold=is_header)
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))
            if is_header:
                tr_pr.append(OxmlElement("w:tblHeader"))
            if r < len(rows) - 1 and len(rows) <= 12:
                # keep short tables (forms, signature blocks) on one page
                for cell in table.rows[r].cells:
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
        self.paragraph(self.style("Normal"))


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry dates so the same input gives the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


CORE_TEXT_LIMIT = 255  # python-docx refuses longer core properties


def _core_text(text: str) -> str:
    """A core property value within Word's 255-character limit (cut at a word, marked with …)."""
    if len(text) <= CORE_TEXT_LIMIT:
        return text
    return text[:CORE_TEXT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",") + "…"


def write_docx(tree: SyntaxTreeNode, document) -> bytes:
    path = document.word_template
    if not path.is_file():
        raise DocgenError("Word-mallen finns inte", where=str(path), hint="kör scripts/make_word_skeleton.py eller ange en egen mall")
    try:
        template = DocxTemplate(str(path))
        subdoc = template.new_subdoc()
    except Exception as exc:  # noqa: BLE001 - a broken .docx is the user's file
        raise DocgenError(f"Word-mallen kan inte öppnas: {exc}", where=str(path)) from None
    builder = _BodyBuilder(subdoc.subdocx, template.get_docx().styles, _Numbering(template.get_docx()))
    for child in tree.children:
        builder.block(child)
    context = {"body": subdoc, "authority_name": document.authority_name, "reference": document.reference,
               "title": document.title, "subtitle": document.subtitle}
    try:
        template.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    except Exception as exc:  # noqa: BLE001
        raise DocgenError(f"Word-mallen kunde inte fyllas i: {exc}", where=str(path),
                          hint="mallen får bara använda authority_name, reference, title, subtitle och {{p body }}") from None
    docx = template.docx  # not get_docx(): after render() that would reload the skeleton
    props = docx.core_properties
    stamp = datetime(document.doc_date.year, document.doc_date.month, document.doc_date.day)
    props.title = _core_text(f"{document.title} – {document.subtitle}" if document.subtitle else document.title)
    props.subject = _core_text(document.reference)
    props.author = _core_text(document.authority_name)
    props.last_modified_by = "docgen"
    props.language = "sv-SE"
    props.keywords = _core_text(", ".join(document.legal_bases))
    props.comments = "Skapad med docgen"
    props.created = stamp
    props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    buffer = io.BytesIO()
    template.save(buffer)
    return _normalise_zip(buffer.getvalue())
