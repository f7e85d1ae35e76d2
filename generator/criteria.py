"""The criteria form (krav · motiv · verifikat · nivå): which level a clause is used at, and how its
krav and verifikat are shown to bidders.

A clause's level comes from ``clauses.<key>.level`` in the case file, else the case-wide
``criteria_level``, else the first level (``bas``). The rendering of the texts happens in assemble
(they are Jinja like the body); this module holds the rules around them.
"""

from __future__ import annotations

import re
from typing import Any

from .datafiles import route_info_of
from .errors import DocgenError
from .library import LEVELS, PROOF_TIMES, Clause

LEVEL_KEY = "level"  # the key under clauses.<key> that chooses a level; not a clause variable
MOTIV_KEY = "motiv"  # the buyer's own reasons for this procurement, added to the library's motiv
CRITERIA_KEYS = (LEVEL_KEY, MOTIV_KEY)  # keys under clauses.<key> that belong to the criteria form


def case_motiv(params_key: str, loaded: Any) -> str | None:
    """``clauses.<key>.motiv``: why this procurement sets the requirement, in the buyer's words. It goes
    to the internal "Motiv till ställda krav" after the library's motiv, never to the bidders."""
    supplied = loaded.model.clauses.get(params_key) or {}
    text = supplied.get(MOTIV_KEY) if isinstance(supplied, dict) else None
    if text is None:
        return None
    if not isinstance(text, str) or not text.strip():
        raise DocgenError(f"clauses.{params_key}.motiv ska vara en text", where=loaded.lines.where(
            ("clauses", params_key, MOTIV_KEY)), hint="skriv varför kravet ställs i just denna upphandling")
    return text.strip()


def chosen_level(clause: Clause, loaded: Any) -> str | None:
    """The level the case uses this clause at (None for a clause without levels).

    An unknown level, or a level chosen explicitly for a clause that has none, is refused with the
    place in the case file: a buyer who asks for a stricter level must not silently get another text.
    """
    supplied = loaded.model.clauses.get(clause.params_key) or {}
    explicit = supplied.get(LEVEL_KEY) if isinstance(supplied, dict) else None
    where = loaded.lines.where(("clauses", clause.params_key, LEVEL_KEY))
    if explicit is not None and explicit not in LEVELS:
        raise DocgenError(f"clauses.{clause.params_key}.level: okänd nivå {explicit!r}", where=where,
                          hint="tillåtna nivåer: " + ", ".join(LEVELS))
    if not clause.meta.levels:
        if explicit is not None:
            raise DocgenError(f"clauses.{clause.params_key}.level: klausulen {clause.id} har inga nivåer", where=where,
                              command_hint="ta bort level (nivåer finns för: se docgen clauses list, kolumnen NIVÅER)")
        return None
    case_wide = getattr(loaded.model, "criteria_level", None)
    return explicit or case_wide or LEVELS[0]


def level_defaults(clause: Clause, level: str | None) -> dict[str, Any]:
    """The variable defaults the level sets (they win over the variables' own defaults, not over the case)."""
    if level is None or level not in clause.meta.levels:
        return {}
    return dict(clause.meta.levels[level].defaults)


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
