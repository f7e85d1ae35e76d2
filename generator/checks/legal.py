"""Legal bases: each entry under legal_basis: is written in a recognised citation form (forms are data)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable


from ..findings import Finding
from .problems import ERROR, problem
from .registry import check
from .workspace import Workspace

FORMS_FILE = "legal_basis_forms.yaml"


def _expand(text: str, parts: dict[str, str]) -> str:
    for _ in range(5):  # fragments may refer to fragments
        text = re.sub(r"\{([a-z_]+)\}", lambda m: parts.get(m.group(1), m.group(0)), text)
    return text


def compile_forms(data: dict) -> tuple[re.Pattern, ...]:
    """The patterns of a forms file: each list (abbreviations, courts, …) becomes a literal alternative
    fragment of its own name, ``parts`` are regex fragments; a ``{name}`` left unexpanded is an error."""
    parts = {key: "(?:" + "|".join(re.escape(str(v)) for v in values) + ")"
             for key, values in data.items() if isinstance(values, list) and key != "patterns"}
    parts["abbreviation"] = parts.get("abbreviations", "(?!)")  # older name of the fragment
    parts.update(data.get("parts") or {})
    patterns = []
    for pattern in data["patterns"]:
        expanded = _expand(pattern, parts)
        unknown = re.search(r"\{([a-z_]+)\}", expanded)
        if unknown:
            raise ValueError(f"{FORMS_FILE}: okänt fragment {{{unknown.group(1)}}} i {pattern!r}")
        patterns.append(re.compile(expanded))
    return tuple(patterns)


@lru_cache(maxsize=None)
def legal_basis_patterns() -> tuple[re.Pattern, ...]:
    from ..datafiles import read

    return compile_forms(read(FORMS_FILE).model_dump(exclude_unset=True))


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
