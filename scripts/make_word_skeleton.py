"""Build templates/word/default.docx, the Word skeleton docxtpl fills (run again after editing).

A municipality may replace the file with its own, keeping the tags {{ authority_name }},
{{ reference }} and {{p body }} and the style names Title, Heading 1–3, List Bullet, List Bullet 2,
List Number, List Number 2 and Table Grid. docgen links the heading styles (and a style "Bilaga" for
appendix headings, added when missing) to Word's own multilevel numbering when it writes a document,
unless the skeleton's heading styles carry numbering of their own.

Usage: python scripts/make_word_skeleton.py [--out FILE] [--font FAMILY]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from docx import Document
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor


def add_field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    paragraph.add_run("1")
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def set_language(document, lang: str = "sv-SE") -> None:
    styles = document.styles.element
    doc_defaults = styles.find(qn("w:docDefaults"))
    rpr = doc_defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), "ar-SA")
    rpr.append(el)


FONT = "Arial"  # one family for body text and headings (Word and LibreOffice both have it or a metric twin)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "templates" / "word" / "default.docx"


def set_font(style, family: str) -> None:
    """The style's font for every script (Word otherwise keeps the theme font for some)."""
    style.font.name = family
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), family)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def build(target: Path, font: str = FONT) -> None:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.2)

    styles = document.styles
    normal = styles["Normal"]
    set_font(normal, font)
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 22), ("Subtitle", 14), ("Heading 1", 15), ("Heading 2", 12.5), ("Heading 3", 11.5),
                       ("Heading 4", 10.5)):
        style = styles[name]
        set_font(style, font)
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
        style.paragraph_format.keep_with_next = True
    set_language(document)

    header = section.header.paragraphs[0]
    header.text = "{{ authority_name }}\t\tDnr {{ reference }}"
    header.style = styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.style = styles["Footer"]
    footer.paragraph_format.tab_stops.add_tab_stop(Cm(16.3), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run("\tSida ")
    add_field(footer, "PAGE")
    footer.add_run(" av ")
    add_field(footer, "NUMPAGES")

    document.add_paragraph("{{p body }}")
    props = document.core_properties
    props.language = "sv-SE"
    props.title = ""
    props.author = "docgen"
    drop_legacy_parts(document)
    document.save(target)


def drop_legacy_parts(document) -> None:
    """Leave out what python-docx's default document carries but no reader needs: stylesWithEffects.xml
    (438 kB, read only by Word 2010) and the thumbnail (a picture of python-docx's blank page, not of
    this document). Each docgen DOCX parses and writes the skeleton again, so they cost time per file."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.drop_rel(rel_id)
    package = part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bygg Word-mallen (templates/word/default.docx) som docgen fyller.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"fil att skriva (standard: {DEFAULT_OUT})")
    parser.add_argument("--font", default=FONT, help=f"typsnittsfamilj för all text (standard: {FONT})")
    args = parser.parse_args(argv)
    build(args.out, args.font)
    print(args.out)


if __name__ == "__main__":
    main()
