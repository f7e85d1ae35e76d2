"""DOCX writer: the tree as Word paragraphs inside the docxtpl skeleton (styles, header, footer)."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, nsmap, qn

if "docxtpl" not in sys.modules:
    # docxtpl imports docxcompose (and Babel through it) only for subdocuments, inside ``try: … except
    # ImportError``; docgen uses none, so it is kept out (~30 ms of every cold DOCX run)
    sys.modules.setdefault("docxtpl.subdoc", None)
from docxtpl import DocxTemplate  # noqa: E402
from jinja2.sandbox import SandboxedEnvironment
from markdown_it.tree import SyntaxTreeNode
from markupsafe import Markup

from ..errors import DocgenError
from ..tree import POINT_REFERENCE, REFERENCE, Headings, anchor, heading_text, strip_number
from .html import contents, swedish_date, title_blocks, wants_cover
from .layout import column_widths, is_wide, table_rows

# docxtpl imports docxcompose, which rebinds python-docx's "cp" prefix to the custom-properties
# namespace for the whole process (docxcompose keeps its own copy of that table and does not need
# it). Rebound, python-docx writes and reads keywords, revision, lastModifiedBy and lastPrinted where
# Word does not look. Put the core-properties namespace back.
nsmap["cp"] = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"

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

APPENDIX_STYLE = "Bilaga"   # the paragraph style of appendix headings, numbered "Bilaga 1", "Bilaga 2" …
HEADING_LEVELS = 9


def _point_bookmark(appendix: str, number: str) -> str:
    """Word bookmark of a numbered heading inside an appendix: _Ref_bilaga_4_punkt_11_1."""
    return f"_Ref_bilaga_{appendix}_punkt_" + number.replace(".", "_")


_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
# Table text in points (as print.css sets it for the PDF: 9.5 pt, a wide table 8.5 pt, headings 9 pt) and
# the cell padding in twips (.45em and .35em of it), so a table's columns hold what the layout gave them.
TABLE_SIZE, WIDE_TABLE_SIZE, TABLE_HEADER_SIZE = 9.5, 8.5, 9.0
TABLE_PADDING, WIDE_TABLE_PADDING = 86, 60


def _sized(xml: str, points: float) -> str:
    """Every run of ``xml`` set in ``points`` (w:sz in half-points, after the run's b/i/color)."""
    size = f'<w:sz w:val="{round(points * 2)}"/><w:szCs w:val="{round(points * 2)}"/>'

    def run(match: re.Match) -> str:
        return f"<w:r><w:rPr>{match.group(1) or ''}{size}</w:rPr>"

    return re.sub(r"<w:r><w:rPr>(.*?)</w:rPr>|<w:r>", run, xml)


def _bookmark(kind: str, number: str) -> str:
    """Word bookmark of a numbered heading: hidden (leading underscore), letters, digits and _ only."""
    return "_Ref_" + anchor(kind, number).replace("-", "_")


class _HeadingNumbering:
    """Word's own numbering for headings: a multilevel list linked to Heading 1–9 ("1", "1.1", "1.1.1")
    and a list linked to the appendix style ("Bilaga 1"). A lawyer who inserts a section in Word gets
    the right numbers. A skeleton whose heading styles already carry numbering keeps its own."""

    def __init__(self, docx_document, styles, numbering: _Numbering):
        self.root = numbering.root
        self.styles = styles
        abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))]
        self.next_abstract = max(abstract_ids, default=-1) + 1
        self.numbering = numbering
        self.section_num = self._list([("%" + ".%".join(str(i) for i in range(1, lvl + 2)) if lvl else "%1")
                                       for lvl in range(HEADING_LEVELS)], "decimal")
        self.appendix_num = self._list(["Bilaga %1"], "decimal")
        for level in range(HEADING_LEVELS):
            style = self._style(f"Heading {level + 1}")
            if style is not None:
                self._link(style, self.section_num, level)
        self.appendix_style = self._appendix_style()
        self._link(self.appendix_style, self.appendix_num, 0)
        self._inner_abstract: dict[str, int] = {}
        self._inner_num: dict[int, int] = {}

    def inner_num(self, appendix: int, dot: str) -> int:
        """The list of appendix ``appendix``'s own numbered headings ("1 Parter", "11.1", "1. Anbudsgivare"):
        one list format per style of number, a w:num per appendix restarting at 1 on every level."""
        if appendix not in self._inner_num:
            if dot not in self._inner_abstract:
                texts = [".".join(f"%{i}" for i in range(1, lvl + 2)) + dot for lvl in range(HEADING_LEVELS)]
                self._inner_abstract[dot] = self._abstract(texts, "decimal")
            restart = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="1"/></w:lvlOverride>'
                              for i in range(HEADING_LEVELS))
            self._inner_num[appendix] = self._num(self._inner_abstract[dot], restart)
        return self._inner_num[appendix]

    def _style(self, name: str):
        try:
            return self.styles[name]
        except KeyError:
            return None

    def _list(self, texts: list[str], fmt: str) -> int:
        return self._num(self._abstract(texts, fmt))

    def _abstract(self, texts: list[str], fmt: str) -> int:
        """A new list definition (w:abstractNum) with one level per text; returns its id."""
        abstract_id = self.next_abstract
        self.next_abstract += 1
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{_esc(text)}"/>'
            f'<w:lvlJc w:val="left"/><w:suff w:val="space"/><w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
            for i, text in enumerate(texts))
        abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                             f'<w:multiLevelType w:val="{"multilevel" if len(texts) > 1 else "singleLevel"}"/>'
                             f"{levels}</w:abstractNum>")
        # abstractNum elements come before every w:num in numbering.xml
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.root.append(abstract)
        return abstract_id

    def _num(self, abstract_id: int, overrides: str = "") -> int:
        """A list instance (w:num) of a definition; ``overrides`` restart its levels. Returns its numId."""
        num_id = self.numbering.next_id
        self.numbering.next_id += 1
        self.root.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                                   f"{overrides}</w:num>"))
        return num_id

    def _link(self, style, num_id: int, level: int) -> None:
        ppr = style.element.get_or_add_pPr()
        if ppr.numPr is not None:
            return  # the skeleton numbers this style itself
        num_pr = parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
        ppr.insert_element_before(num_pr, *(
            "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
            "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
            "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
            "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
            "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"))

    def _appendix_style(self):
        style = self._style(APPENDIX_STYLE)
        if style is not None:
            return style

        style = self.styles.add_style(APPENDIX_STYLE, WD_STYLE_TYPE.PARAGRAPH)
        base = self._style("Heading 1")
        if base is not None:
            style.base_style = base
        style.next_paragraph_style = self.styles["Normal"]
        style.paragraph_format.page_break_before = True
        style.paragraph_format.keep_with_next = True
        ppr = style.element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))
        return style


def _esc(text: str) -> str:
    # what xml.sax.saxutils.escape(text, {'"': "&quot;"}) does; that module imports urllib.request (~35 ms)
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace('"', "&quot;")


class _BodyBuilder:
    """Writes the tree as WordprocessingML directly (python-docx's object model is ~10× slower).

    Styles are referenced by the skeleton's own style ids, so a municipality's skeleton restyles
    everything; numbering gets a fresh w:num per ordered list so each list restarts at 1. Numbered
    headings carry their number through Word's list (``_HeadingNumbering``) and a bookmark; a
    cross-reference to one ("avsnitt 4.2", "bilaga 3") is a REF field to that bookmark, its current
    text cached so the document reads right before fields are updated.
    """

    def __init__(self, styles, numbering: _Numbering, text_width_twips: int, headings: Headings,
                 heading_numbers: _HeadingNumbering):
        self.styles = styles
        self.numbering = numbering
        self.text_width = text_width_twips
        self.headings = headings
        self.labels = headings.labels()
        self.points = headings.inner_labels()
        self.appendix_style = heading_numbers.appendix_style
        self.heading_numbers = heading_numbers
        self.h1_seen = 0
        self.bookmarks = 0
        self.fields = 0
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
                  keep_next: bool = False, level: int = 0) -> None:
        self.out.append(self.paragraph_xml(style, runs, page_break=page_break, num_id=num_id,
                                           keep_next=keep_next, level=level))

    @staticmethod
    def paragraph_xml(style, runs: str = "", *, page_break: bool = False, num_id: int | None = None,
                      keep_next: bool = False, level: int = 0) -> str:
        ppr = f'<w:pStyle w:val="{_esc(style.style_id)}"/>'
        if keep_next:
            ppr += "<w:keepNext/>"
        if page_break:
            ppr += "<w:pageBreakBefore/>"
        if num_id is not None:
            ppr += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'
        return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"

    @staticmethod
    def text_run(text: str, rpr: str = "") -> str:
        rpr = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        text = _DOUBLE_SPACE.sub(" ", text)  # a clause's conditional text may leave two spaces
        return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'

    def field(self, instruction: str, cached: str, rpr: str = "") -> str:
        """A complex field with its current result cached."""
        r = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
        return (f'<w:r>{r}<w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r>{r}<w:instrText xml:space="preserve"> {_esc(instruction)} </w:instrText></w:r>'
                f'<w:r>{r}<w:fldChar w:fldCharType="separate"/></w:r>'
                f"{self.text_run(cached, rpr)}"
                f'<w:r>{r}<w:fldChar w:fldCharType="end"/></w:r>')

    def text_with_references(self, text: str, rpr: str) -> str:
        """Text runs; "avsnitt 4.2", "bilaga 3" and "punkt 11.1 i bilaga 4" naming a heading of this
        document become REF fields."""
        if self.points and "punkt" in text:
            parts, at = [], 0
            for match in POINT_REFERENCE.finditer(text):
                number, appendix = match.group(1), match.group(2)
                if (appendix, number) not in self.points:
                    continue
                if match.start() > at:
                    parts.append(self._section_references(text[at:match.start()], rpr))
                parts.append(self.text_run("punkt ", rpr))
                parts.append(self.field(f"REF {_point_bookmark(appendix, number)} \\r \\h", number, rpr))
                parts.append(self.text_run(" i ", rpr))
                parts.append(self.field(f"REF {_bookmark('appendix', appendix)} \\r \\h \\* Lower",
                                        f"bilaga {appendix}", rpr))
                at = match.end()
            if at:
                return "".join(parts) + (self._section_references(text[at:], rpr) if at < len(text) else "")
        return self._section_references(text, rpr)

    def _section_references(self, text: str, rpr: str) -> str:
        if not self.labels or ("avsnitt" not in text and "bilaga" not in text):
            return self.text_run(text, rpr)
        parts, at = [], 0
        for match in REFERENCE.finditer(text):
            word, number = match.group(1), match.group(2)
            if f"{word} {number}" not in self.labels:
                continue
            if match.start() > at:
                parts.append(self.text_run(text[at:match.start()], rpr))
            if word == "avsnitt":
                # "avsnitt " stays text; the number is the heading's list number (\r), a link (\h)
                parts.append(self.text_run(match.group(0)[:len(word) + 1], rpr))
                parts.append(self.field(f"REF {_bookmark('section', number)} \\r \\h", number, rpr))
            else:
                # the appendix list shows "Bilaga 3"; in running text it reads "bilaga 3"
                parts.append(self.field(f"REF {_bookmark('appendix', number)} \\r \\h \\* Lower",
                                        match.group(0), rpr))
            at = match.end()
        if at < len(text):
            parts.append(self.text_run(text[at:], rpr))
        return "".join(parts)

    def runs(self, node: SyntaxTreeNode, bold: bool = False, italic: bool = False) -> str:
        parts: list[str] = []
        for child in node.children:
            t = child.type
            if t in ("text", "code_inline"):
                if child.content:
                    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
                    parts.append(self.text_with_references(child.content, rpr) if t == "text"
                                 else self.text_run(child.content, rpr))
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

    def bookmarked(self, name: str, runs: str) -> str:
        self.bookmarks += 1
        return (f'<w:bookmarkStart w:id="{self.bookmarks}" w:name="{name}"/>{runs}'
                f'<w:bookmarkEnd w:id="{self.bookmarks}"/>')

    def heading(self, node: SyntaxTreeNode) -> None:
        level = int(node.tag[1])
        number = self.headings.number(node)
        if number is not None:
            kind, value, depth = number
            title = strip_number(heading_text(node), number)
            runs = self.bookmarked(_bookmark(kind, value), self.text_run(title))
            if kind == "appendix":
                self.h1_seen += 1
                self.paragraph(self.appendix_style, runs)
            else:
                self.paragraph(self.style(f"Heading {min(depth, HEADING_LEVELS)}"), runs)
            return
        if level == 1:
            self.h1_seen += 1
            if self.h1_seen == 1:
                self.paragraph(self.style("Title"), self.runs_of(node))
                return
            # an unnumbered top heading (a document without appendix numbers): no list number
            self.paragraph(self.style("Heading 1"), self.runs_of(node), page_break=True, num_id=0)
            return
        inner = self.headings.inner_number(node)
        if inner is not None:  # a numbered heading inside an appendix: its number from the appendix's own list
            appendix, value, depth, dot = inner
            title = heading_text(node)[len(value) + len(dot):].lstrip(" \u00a0")
            runs = self.text_run(title)
            if not dot:  # a point "punkt 11.1 i bilaga 4" may name: bookmarked for its REF fields
                runs = self.bookmarked(_point_bookmark(str(appendix), value), runs)
            self.paragraph(self.style(f"Heading {min(depth, HEADING_LEVELS)}"), runs,
                           num_id=self.heading_numbers.inner_num(appendix, dot), level=min(depth, HEADING_LEVELS) - 1)
            return
        # a heading inside a clause's text: a heading style, but no number of its own
        self.paragraph(self.style(f"Heading {min(level - 1, HEADING_LEVELS)}"), self.runs_of(node), num_id=0)

    def block(self, node: SyntaxTreeNode, list_depth: int = 0) -> None:
        t = node.type
        if t == "heading":
            self.heading(node)
        elif t == "paragraph":
            self.paragraph(self.style("Normal"), self.runs_of(node), keep_next=self.introduces_table(node))
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

    @staticmethod
    def introduces_table(node: SyntaxTreeNode) -> bool:
        """A paragraph right before a table is its caption: it keeps with the table."""
        sibling = node.next_sibling
        return sibling is not None and sibling.type == "table"

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

    def content_control(self, label: str, paragraph_props: str) -> str:
        """A plain-text content control the bidder fills in (Word's fill-in field), shown empty."""
        self.fields += 1
        return (f'<w:sdt><w:sdtPr><w:alias w:val="{_esc(label[:255])}"/><w:tag w:val="falt-{self.fields}"/>'
                f'<w:id w:val="{self.fields}"/><w:showingPlcHdr/><w:text/></w:sdtPr><w:sdtContent>'
                f'<w:p><w:pPr>{paragraph_props}</w:pPr><w:r><w:rPr><w:color w:val="808080"/></w:rPr>'
                f'<w:t xml:space="preserve">{_esc(FIELD_PLACEHOLDER)}</w:t></w:r></w:p></w:sdtContent></w:sdt>')

    def table(self, node: SyntaxTreeNode) -> None:
        rows = [row for section in node.children for row in section.children]
        if not rows:
            return
        texts = table_rows(node)
        width = len(texts[0])
        columns = [max(1, round(self.text_width * share)) for share in column_widths(texts)]
        grid = "".join(f'<w:gridCol w:w="{c}"/>' for c in columns)
        normal = self.style("Normal")
        keep_together = len(rows) <= 12  # forms and signature blocks stay on one page
        wide = is_wide(width)
        size = WIDE_TABLE_SIZE if wide else TABLE_SIZE
        padding = WIDE_TABLE_PADDING if wide else TABLE_PADDING
        margins = (f'<w:tblCellMar><w:left w:w="{padding}" w:type="dxa"/><w:right w:w="{padding}" w:type="dxa"/>'
                   "</w:tblCellMar>")
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{_esc(self.style("Table Grid").style_id)}"/>'
               f'<w:tblW w:w="{sum(columns)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>{margins}'
               f'<w:tblLook w:val="04A0" w:firstRow="1" '
               f'w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
               f"<w:tblGrid>{grid}</w:tblGrid>"]
        header = texts[0]
        for r, row in enumerate(rows):
            is_header = row.parent is not None and row.parent.type == "thead"
            keep = "<w:keepNext/>" if keep_together and r < len(rows) - 1 else ""
            points = min(size, TABLE_HEADER_SIZE) if is_header else size
            mark = _sized("<w:r>", points)[len("<w:r>"):]   # the paragraph mark's size: an empty cell's height
            ppr = f'<w:pStyle w:val="{_esc(normal.style_id)}"/>{keep}{mark}'
            out.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if is_header else "") + "</w:trPr>")
            cells = list(row.children) + [None] * (width - len(row.children))
            for c, cell in enumerate(cells):
                runs = self.runs_of(cell, bold=is_header) if cell is not None else ""
                tcpr = f'<w:tcPr><w:tcW w:w="{columns[c]}" w:type="dxa"/></w:tcPr>'
                if not is_header and not texts[r][c].strip():
                    label = " – ".join(p for p in (texts[r][0] if c else "", header[c]) if p) or "Fält"
                    out.append(f"<w:tc>{tcpr}{_sized(self.content_control(label, ppr), points)}</w:tc>")
                else:
                    out.append(f"<w:tc>{tcpr}<w:p><w:pPr>{ppr}</w:pPr>{_sized(runs, points)}</w:p></w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.out.append("".join(out))
        self.paragraph(normal)

    def front_matter(self, document, entries: list[tuple[str, str, int]], numbers: dict[str, str]) -> None:
        """Cover (title, subtitle, authority, reference, date) and a contents list: Word's TOC field, its
        entries cached as links to the numbered headings. The field is not marked dirty: Word opens the
        document without asking to update fields and LibreOffice shows the same list; page numbers come
        when the user updates the field (Word: F9; LibreOffice: Verktyg > Uppdatera), as the README says.
        (docgen cannot know Word's page breaks: numbers taken from the PDF would be wrong.)"""
        self.paragraph(self.style("Title"), self.text_run(document.title))
        if document.subtitle:
            self.paragraph(self.style("Subtitle", "Normal"), self.text_run(document.subtitle))
        facts = [getattr(document, "cover_owner", None) or ("Myndighet", document.authority_name)]
        if document.reference:
            facts.append(("Diarienummer", document.reference))
        facts.append(("Datum", swedish_date(document.doc_date)))
        version = getattr(document, "version", None)
        if version:
            facts.append(("Version", str(version)))
        for name, value in facts:
            self.paragraph(self.style("Normal"), self.text_run(f"{name}: ", "<w:b/>") + self.text_run(value))
        self.paragraph(self.style("TOC Heading", "Heading 1"), self.text_run("Innehåll"), page_break=True, num_id=0)
        instruction = 'TOC \\o "1-3" \\h \\z \\u'
        begin = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 f'<w:r><w:instrText xml:space="preserve"> {instruction} </w:instrText></w:r>'
                 f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries:
            self.paragraph(self.style("Normal"), begin + end)
            return
        for index, (ref, text, level) in enumerate(entries):
            link = f'<w:hyperlink w:anchor="{_esc("_Ref_" + ref.replace("-", "_"))}" w:history="1">{self.text_run(text)}</w:hyperlink>'
            runs = (begin if index == 0 else "") + link + (end if index == len(entries) - 1 else "")
            self.paragraph(self.style(f"TOC {min(level, 9)}", "toc " + str(min(level, 9)), "Normal"), runs)
        self.paragraph(self.style("Normal"))

    def xml(self) -> str:
        return "".join(self.out)


FIELD_PLACEHOLDER = "Fyll i här"


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
    numbering = _Numbering(skeleton)
    headings = Headings(tree)
    builder = _BodyBuilder(skeleton.styles, numbering, _text_width(skeleton), headings,
                           _HeadingNumbering(skeleton, skeleton.styles, numbering))
    skip = 0
    if wants_cover(document, headings):
        skip = title_blocks(tree, document)
        builder.front_matter(document, contents(tree, headings), {})
        builder.h1_seen = 1 if skip else 0
    for index, child in enumerate(tree.children):
        if index < skip:
            continue
        if index == skip and skip:
            builder.paragraph(builder.style("Normal"), page_break=True)
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
    props.language = "sv-SE"
    props.comments = "Skapad med docgen"
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    props.keywords = _core_text(", ".join(document.legal_bases))
    props.last_modified_by = "docgen"
    props.last_printed = stamp
    return package_bytes(docx)
