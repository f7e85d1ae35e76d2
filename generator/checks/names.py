"""The names a clause may use without declaring them, per document it is in (shared by the variable
and criteria checks)."""

from __future__ import annotations

from ..assemble import DOCUMENT_NAMES, clause_context_names
from ..kinds import DOCUMENT_KINDS, Kind
from ..library import Clause
from .workspace import Workspace


def context_names(ws: Workspace, clause: Clause, names: tuple[str, ...] = DOCUMENT_NAMES) -> set[str]:
    """Names the clause gets without declaring them, for each document it is in (assemble's own
    definition: the case model's fields and computed fields, the document names, the Jinja globals).

    A clause in several documents must work in all of them (intersection); a clause in none is
    judged against every known document kind (union).
    """
    kinds = {t.spec.document for t in ws.templates_with(clause.id)}
    per_kind = [_names(DOCUMENT_KINDS[k], names) for k in sorted(kinds) if k in DOCUMENT_KINDS]
    if per_kind:
        return set(frozenset.intersection(*per_kind))
    return set().union(*(_names(kind, names) for kind in DOCUMENT_KINDS.values()))


def _names(kind: Kind, names: tuple[str, ...]) -> frozenset[str]:
    return clause_context_names(kind.model, names) | frozenset(kind.context_names)
