"""One writer per output format; each takes the same parsed tree and the Document it came from."""

FORMATS = ("docx", "pdf", "html", "md")


def write(fmt: str, tree, document) -> bytes:
    """Render ``tree`` as ``fmt`` and return the file's bytes (imports the writer only when asked)."""
    if fmt == "docx":
        from .docx import write_docx as writer
    elif fmt == "pdf":
        from .pdf import write_pdf as writer
    elif fmt == "html":
        from .html import write_html as writer
    elif fmt == "md":
        from .md import write_md as writer
    else:  # pragma: no cover - the CLI validates formats
        raise ValueError(fmt)
    return writer(tree, document)
