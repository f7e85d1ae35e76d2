"""The criteria form (krav · motiv · verifikat · nivå): how a clause's krav and verifikat are shown to
bidders. Which level a clause is used at, and the buyer's own motiv, are read from the case in
``values``; the texts are rendered in assemble (they are Jinja like the body).
"""

from __future__ import annotations

import re
from typing import Any

from .datafiles import route_info_of
from .library import PROOF_TIMES


def proof_times(when: list[str], route: str | None = None) -> str:
    """``["anbud", "begäran"]`` -> "med anbudet och på begäran under kontraktstiden" (in the fixed order).
    Where the supplier applies instead of tendering (routes.yaml ``submission: ansökan``, the
    valfrihetssystem) a clause for all routes that says ``anbud`` reads "med ansökan" there."""
    if route and route_info_of(route)["submission"] == "ansökan":
        when = ["ansökan" if key == "anbud" else key for key in when]
    parts = [label for key, label in PROOF_TIMES.items() if key in when]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " och " + parts[-1]
    return parts[0] if parts else ""


def one_line(markdown: str) -> str:
    """A rendered criteria text as one table cell: whitespace collapsed, pipes escaped."""
    text = " ".join(markdown.split())
    return re.sub(r"(?<!\\)\|", r"\\|", text)


def criteria_block(row: dict[str, Any]) -> str:
    """What bidders read right under the clause heading: a two-column table, krav and verifikat."""
    verifikat = row["verifikat"].rstrip()
    if verifikat and verifikat[-1] not in ".!?":
        verifikat += "."
    when = row["when_text"]
    cell = f"{verifikat} *Lämnas {when}.*" if when else verifikat
    return f"| Krav | Verifikat |\n|---|---|\n| {row['krav']} | {cell} |\n"
