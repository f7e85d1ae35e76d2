"""The data files in generator/data/ validate against their models (generator/datafiles.py)."""

from __future__ import annotations

from typing import Iterable

from ..errors import DocgenError
from ..findings import Finding
from .problems import ERROR, from_error
from .registry import check
from .workspace import Workspace


@check("data", "data-invalid")
def check_data_files(_ws: Workspace) -> Iterable[Finding]:
    from ..datafiles import data_names, read

    for name in data_names():
        try:
            read(name)
        except DocgenError as exc:
            yield from_error("data-invalid", exc, ERROR)
