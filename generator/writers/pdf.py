"""PDF writer: WeasyPrint over the HTML writer's output, with fixed dates for byte-identical files."""

from __future__ import annotations

import calendar
import os


from markdown_it.tree import SyntaxTreeNode

from .html import render_html


def write_pdf(tree: SyntaxTreeNode, document) -> bytes:
    # The document date is the only date the PDF carries: metadata (dcterms in the HTML) and the
    # font subsets' timestamps (fontTools honours SOURCE_DATE_EPOCH).
    epoch = calendar.timegm(document.doc_date.timetuple())
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        from weasyprint import HTML  # heavy: imported only when a PDF is asked for

        html = render_html(tree, document)
        return HTML(string=html, base_url=None).write_pdf(
            pdf_identifier=f"docgen-{document.output_stem}-{epoch}".encode("ascii", "replace"))
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


