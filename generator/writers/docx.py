"""DOCX writer: the tree as Word paragraphs inside the docxtpl skeleton (styles, header, footer)."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape as xml_escape

from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from markdown_it.tree import SyntaxTreeNode

from ..errors import DocgenError

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


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _esc(text: str) -> str:
    return xml_escape(text, {'"': "&quot;"})


class _BodyBuilder:
    """Writes the tree as WordprocessingML directly (python-docx's object model is ~10× slower).

    Styles are referenced by the skeleton's own style ids, so a municipality's skeleton restyles
    everything; numbering gets a fresh w:num per ordered list so each list restarts at 1.
    """

    def __init__(self, styles, numbering: _Numbering, text_width_twips: int):
        self.styles = styles
        self.numbering = numbering
        self.text_width = text_width_twips
        self.h1_seen = 0
        self.out: list[str] = []
        self._ids: dict[tuple[str, ...], object] = {}

    def style(self, *names: str):
        """The first of ``names`` the skeleton defines (looked up once per document)."""
        found = self._ids.get(names)
        if found is None:
            found = self.styles["Normal"]
            for name in names:
                try:
                    found = self.styles[name]
                    break
                except KeyError:
                    continue
            self._ids[names] = found
        return found

    def paragraph(self, style, runs: str = "", *, page_break: bool = False, num_id: int | None = None,
                  keep_next: bool = False) -> None:
        ppr = f'<w:pStyle w:val="{_esc(style.style_id)}"/>'
        if keep_next:
            ppr += "<w:keepNext/>"
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        if num_id:
            ppr += f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
        self.out.append(f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")

    def runs(self, node: SyntaxTreeNode, bold: bool = False, italic: bool = False) -> str:
        parts: list[str] = []
        for child in node.children:
            t = child.type
            if t in ("text", "code_inline"):
                if child.content:
                    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
                    rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
                    parts.append(f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(child.content)}</w:t></w:r>')
            elif t == "strong":
                parts.append(self.runs(child, True, italic))
            elif t == "em":
                parts.append(self.runs(child, bold, True))
            elif t == "softbreak":
                parts.append('<w:r><w:t xml:space="preserve"> </w:t></w:r>')
            elif t == "hardbreak":
                parts.append("<w:r><w:br/></w:r>")
            else:
                parts.append(self.runs(child, bold, italic))
        return "".join(parts)

    def runs_of(self, block: SyntaxTreeNode, bold: bool = False) -> str:
        return "".join(self.runs(child, bold=bold) for child in block.children if child.type == "inline")

    def block(self, node: SyntaxTreeNode, list_depth: int = 0) -> None:
        t = node.type
        if t == "heading":
            level = int(node.tag[1])
            if level == 1:
                self.h1_seen += 1
                style = self.style("Title") if self.h1_seen == 1 else self.style("Heading 1")
            else:
                style = self.style(f"Heading {min(level - 1, 9)}")
            self.paragraph(style, self.runs_of(node), page_break=level == 1 and self.h1_seen > 1)
        elif t == "paragraph":
            self.paragraph(self.style("Normal"), self.runs_of(node))
        elif t in ("bullet_list", "ordered_list"):
            self.list(node, list_depth)
        elif t == "table":
            self.table(node)
        elif t == "hr":
            self.paragraph(self.style("Normal"))
        elif t in ("code_block", "fence"):
            for line in node.content.rstrip("\n").split("\n"):
                self.paragraph(self.style("Normal"), f'<w:r><w:t xml:space="preserve">{_esc(line)}</w:t></w:r>')
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
                    self.paragraph(style, self.runs_of(child), num_id=num_id)
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
        column = self.text_width // width
        grid = "".join(f'<w:gridCol w:w="{column}"/>' for _ in range(width))
        normal = self.style("Normal")
        keep_together = len(rows) <= 12  # forms and signature blocks stay on one page
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{_esc(self.style("Table Grid").style_id)}"/>'
               f'<w:tblW w:w="{column * width}" w:type="dxa"/><w:tblLook w:val="04A0" w:firstRow="1" '
               f'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
               f"<w:tblGrid>{grid}</w:tblGrid>"]
        for r, row in enumerate(rows):
            is_header = row.parent is not None and row.parent.type == "thead"
            keep = "<w:keepNext/>" if keep_together and r < len(rows) - 1 else ""
            out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if is_header else "") + "</w:trPr>")
            cells = list(row.children) + [None] * (width - len(row.children))
            for cell in cells:
                runs = self.runs_of(cell, bold=is_header) if cell is not None else ""
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{column}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
                           f'<w:pStyle w:val="{_esc(normal.style_id)}"/>{keep}</w:pPr>{runs}</w:p></w:tc>')
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.out.append("".join(out))
        self.paragraph(normal)

    def xml(self) -> str:
        return "".join(self.out)


def _text_width(docx_document) -> int:
    """Width between the margins of the skeleton's first section, in twips."""
    section = docx_document.sections[0]
    try:
        return int((section.page_width - section.left_margin - section.right_margin) / 635)
    except TypeError:  # a skeleton without page size: A4 with 2.5/2.2 cm margins
        return 9241


class _FixedDateZip:
    """python-docx's physical package writer, with fixed entry dates and modes so the same input
    gives the same bytes. The package is zipped once (docxtpl's save would zip it, and fixing the
    dates afterwards would unzip and zip it again)."""

    def __init__(self, buffer: io.BytesIO):
        self.zip = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)

    def write(self, pack_uri, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=FIXED_ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o600 << 16
        self.zip.writestr(info, blob)

    def close(self) -> None:
        self.zip.close()


def package_bytes(docx_document) -> bytes:
    """The package as python-docx's ``OpcPackage.save`` writes it (content types, package rels,
    parts), through ``_FixedDateZip``. docxtpl's save adds nothing here: docgen replaces no pictures."""
    package = docx_document.part.package
    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    buffer = io.BytesIO()
    writer = _FixedDateZip(buffer)
    PackageWriter._write_content_types_stream(writer, parts)
    PackageWriter._write_pkg_rels(writer, package.rels)
    PackageWriter._write_parts(writer, parts)
    writer.close()
    return buffer.getvalue()


_MARKER = "docgen:body"
_MARKER_XML = f"<w:p><w:r><w:t>{_MARKER}</w:t></w:r></w:p>"


def _put_body(docx_document, body_xml: str, path) -> None:
    """Replace the marker paragraph with the body's block elements (parsed once, with lxml)."""
    body = docx_document.element.body
    found = body.xpath(f'.//w:p[w:r/w:t="{_MARKER}"]')  # also inside a table cell of the skeleton
    if not found:
        raise DocgenError("Word-mallen saknar {{p body }} i ett eget stycke i dokumentets brödtext", where=str(path),
                          hint="skriv {{p body }} ensamt i ett stycke där dokumentets text ska stå")
    marker = found[0]
    parent = marker.getparent()
    at = parent.index(marker)
    parent[at:at + 1] = list(parse_xml(f"<w:body {nsdecls('w')}>{body_xml}</w:body>"))


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
        skeleton = template.get_docx()
    except Exception as exc:  # noqa: BLE001 - a broken .docx is the user's file
        raise DocgenError(f"Word-mallen kan inte öppnas: {exc}", where=str(path)) from None
    builder = _BodyBuilder(skeleton.styles, _Numbering(skeleton), _text_width(skeleton))
    for child in tree.children:
        builder.block(child)
    # `{{p body }}` replaces its paragraph with a marker paragraph; the body's block elements take the
    # marker's place after docxtpl has rendered (its regex passes over 90 kB of body were a third of the time)
    context = {"body": Markup(_MARKER_XML), "authority_name": document.authority_name, "reference": document.reference,
               "title": document.title, "subtitle": document.subtitle}
    try:
        template.render(context, jinja_env=SandboxedEnvironment(), autoescape=True)
    except Exception as exc:  # noqa: BLE001
        raise DocgenError(f"Word-mallen kunde inte fyllas i: {exc}", where=str(path),
                          hint="mallen får bara använda authority_name, reference, title, subtitle och {{p body }}") from None
    docx = template.docx  # not get_docx(): after render() that would reload the skeleton
    _put_body(docx, builder.xml(), path)
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
    return package_bytes(docx)
