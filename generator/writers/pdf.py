"""PDF writer: WeasyPrint over the HTML writer's output, with fixed dates for byte-identical files.

The PDF is tagged (structure tree, document language sv-SE from the HTML, an outline from the
headings) and by default PDF/UA-1, for publication; ``--pdf-variant`` chooses PDF/A-2 for archives.
"""

from __future__ import annotations

import calendar
import os

from markdown_it.tree import SyntaxTreeNode

from .html import render_html

# --pdf-variant → WeasyPrint's variant. PDF/UA-1 is the default: what a public body publishes must be
# accessible (lag (2018:1937) om tillgänglighet till digital offentlig service).
PDF_VARIANTS = {"ua-1": "pdf/ua-1", "a-2a": "pdf/a-2a", "a-2b": "pdf/a-2b", "a-2u": "pdf/a-2u"}
DEFAULT_VARIANT = "ua-1"
VARIANT_ENV = "DOCGEN_PDF_VARIANT"  # set by the CLI's --pdf-variant (batch workers inherit it)


def pdf_variant(document=None) -> str:
    chosen = getattr(document, "pdf_variant", None) or os.environ.get(VARIANT_ENV) or DEFAULT_VARIANT
    if chosen not in PDF_VARIANTS:
        raise ValueError(f"unknown PDF variant {chosen!r}")
    return chosen


def write_pdf(tree: SyntaxTreeNode, document) -> bytes:
    # The document date is the only date the PDF carries: metadata (dcterms in the HTML) and the
    # font subsets' timestamps (fontTools honours SOURCE_DATE_EPOCH).
    epoch = calendar.timegm(document.doc_date.timetuple())
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        from weasyprint import HTML  # noqa: PLC0415 - heavy: imported only when a PDF is asked for

        html = render_html(tree, document)
        return HTML(string=html, base_url=None).write_pdf(
            pdf_identifier=f"docgen-{document.output_stem}-{epoch}".encode("ascii", "replace"),
            pdf_variant=PDF_VARIANTS[pdf_variant(document)], pdf_tags=True, pdf_forms=True,
            custom_metadata=True)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
