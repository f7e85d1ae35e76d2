"""One writer per output format; each takes the same parsed tree and the Document it came from.

The formats are one registry (``formats()``): each ``Format`` says its name, file suffix, media type,
the label the web form's download button shows (none: the form does not offer it) and where its writer
function is (``"module:function"``, imported only when a file of that format is written, so a DOCX-only
run never imports WeasyPrint). The CLI's ``--format`` help and check, batch, ``docgen check`` (every
format), serve's media types and the form's buttons all read it.

A new format is one writer module: it defines its write function and calls ``register(Format(...))`` when
imported. Built-in writers are listed in ``BUILTIN`` below; others are named in the environment variable
``DOCGEN_WRITERS`` (comma-separated module paths), read when the registry is used.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str             # --format value and the file's suffix
    media_type: str       # what serve sends it as
    writer: str           # "module:function": (tree, document) → bytes
    download: str = ""    # the form's button ("Ladda ned Word (DOCX)"); empty: not offered there

    @property
    def suffix(self) -> str:
        return f".{self.name}"


BUILTIN = (
    Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "generator.writers.docx:write_docx", "Ladda ned Word (DOCX)"),
    Format("pdf", "application/pdf", "generator.writers.pdf:write_pdf", "Ladda ned PDF"),
    Format("html", "text/html; charset=utf-8", "generator.writers.html:write_html"),
    Format("md", "text/markdown; charset=utf-8", "generator.writers.md:write_md"),
)
PLUGINS_ENV = "DOCGEN_WRITERS"
_REGISTERED: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """A writer module's registration of its format (called when the module is imported)."""
    _REGISTERED[fmt.name] = fmt
    return fmt


def formats() -> dict[str, Format]:
    """Every format, built-in first, in the order docgen shows them."""
    named = [name for name in (p.strip() for p in os.environ.get(PLUGINS_ENV, "").split(",")) if name]
    for name in named:
        importlib.import_module(name)   # the module registers itself
    out = {f.name: f for f in BUILTIN}
    # those of the modules named now (a module imported for an earlier setting stays imported)
    out.update({n: f for n, f in _REGISTERED.items() if f.writer.partition(":")[0] in named})
    return out


def format_names() -> tuple[str, ...]:
    return tuple(formats())


def write(fmt: str, tree, document) -> bytes:
    """Render ``tree`` as ``fmt`` and return the file's bytes (imports the writer only when asked)."""
    found = formats().get(fmt)
    if found is None:  # pragma: no cover - the CLI validates formats
        raise ValueError(fmt)
    module, _, function = found.writer.partition(":")
    return getattr(importlib.import_module(module), function)(tree, document)
