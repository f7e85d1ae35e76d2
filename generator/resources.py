"""Where the bundled clause library, templates and samples live (installed or in a checkout)."""

from __future__ import annotations

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
