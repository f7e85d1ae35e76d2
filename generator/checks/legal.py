"""Legal bases: each entry under legal_basis: is written in a recognised citation form (forms are data)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..datafiles import LegalBasisFormsFile, read
from ..findings import Finding
from .problems import ERROR, problem
from .registry import check
from .workspace import Workspace

FORMS_FILE = "legal_basis_forms.yaml"


def _expand(text: str, parts: dict[str, str]) -> str:
    for _ in range(5):  # fragments may refer to fragments
        text = re.sub(r"\{([a-z_]+)\}", lambda m: parts.get(m.group(1), m.group(0)), text)
    return text


# The word lists of the forms file; each becomes a fragment of its own name.
WORD_LISTS = ("abbreviations", "treaties", "conventions", "courts", "months")


def compile_forms(forms: LegalBasisFormsFile) -> tuple[re.Pattern, ...]:
    """The patterns of a forms file: each word list (abbreviations, courts, …) becomes a literal alternative
    fragment of its own name, ``parts`` are regex fragments; a ``{name}`` left unexpanded is an error."""
    parts = {name: "(?:" + "|".join(re.escape(str(v)) for v in getattr(forms, name)) + ")" for name in WORD_LISTS}
    parts["abbreviation"] = parts["abbreviations"]  # older name of the fragment
    parts.update(forms.parts)
    patterns = []
    for pattern in forms.patterns:
        expanded = _expand(pattern, parts)
        unknown = re.search(r"\{([a-z_]+)\}", expanded)
        if unknown:
            raise ValueError(f"{FORMS_FILE}: okänt fragment {{{unknown.group(1)}}} i {pattern!r}")
        patterns.append(re.compile(expanded))
    return tuple(patterns)


@lru_cache(maxsize=None)
def legal_basis_patterns() -> tuple[re.Pattern, ...]:
    return compile_forms(read(FORMS_FILE))


def is_recognised(basis: str) -> bool:
    text = " ".join(basis.split())
    return any(p.fullmatch(text) for p in legal_basis_patterns())


@check("legal-basis", "legal-basis-form")
def check_legal_basis(ws: Workspace) -> Iterable[Finding]:
    for clause in ws.clauses.values():
        for index, entry in enumerate(clause.meta.legal_basis):
            basis = entry if isinstance(entry, str) else entry.basis
            if not is_recognised(basis):
                path, line = clause.locate("legal_basis", index)
                yield problem(path, line, 1, "legal-basis-form", ERROR,
                              f"den rättsliga grunden {basis!r} har inte en igenkänd form",
                              "skriv t.ex. '19 kap. 25 a § LOU' eller '2 § lagen (2022:900) om …'; "
                              f"formerna finns i generator/data/{FORMS_FILE}")
