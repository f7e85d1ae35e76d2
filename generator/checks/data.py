"""The data files in generator/data/ validate against their models (generator/datafiles.py)."""

from __future__ import annotations

from typing import Iterable

from ..datafiles import data_file, data_names, load_routes, read
from ..errors import DocgenError
from ..findings import Finding
from ..yamlfile import parse_yaml, read_text_file
from .problems import ERROR, from_error, problem
from .registry import check
from .workspace import Workspace


@check("data", "data-invalid")
def check_data_files(_ws: Workspace) -> Iterable[Finding]:
    for name in data_names():
        try:
            read(name)
        except DocgenError as exc:
            yield from_error("data-invalid", exc, ERROR)


@check("data", "route-procedure-unknown")
def check_route_procedures(_ws: Workspace) -> Iterable[Finding]:
    """A route's fixed ``procedure:`` (routes.yaml) names a procedure of procedures.yaml."""
    try:
        routes, procedures = load_routes(), read("procedures.yaml").procedures
    except DocgenError:
        return   # reported by check_data_files
    path = data_file("routes.yaml")
    _data, lines = parse_yaml(read_text_file(path, "datafilen"), str(path))
    for index, spec in enumerate(routes.routes):
        if spec.procedure and spec.procedure not in procedures:
            yield problem(str(path), lines.line(("routes", index, "procedure")) or 1, 1, "route-procedure-unknown", ERROR,
                          f"vägen {spec.id} anger procedure: {spec.procedure}, som inte finns i procedures.yaml",
                          "välj en av " + ", ".join(procedures))
