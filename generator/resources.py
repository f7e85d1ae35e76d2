"""Where the bundled clause library, templates and samples live (installed or in a checkout)."""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the directory of ``clauses``, ``templates`` or ``samples``.

    A wheel carries them under ``generator/_bundled``; a checkout (or editable install) has them at
    the repository root.
    """
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def data_file(name: str) -> Path:
    return _PACKAGE / "data" / name


def cache_root() -> Path | None:
    """docgen's cache folder: ``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else
    ``~/.cache/docgen``; ``DOCGEN_CACHE_DIR=""`` turns every cache off. It holds ``check/`` (each
    sample's problems, with the files it read) and ``jinja/`` (compiled clause texts, by content). Deleting
    it only costs time."""

    configured = os.environ.get("DOCGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen"
