"""Every document kind docgen makes, and the one way to make it: load → check → render → save.

A kind names its template and the checks that must pass before anything is rendered (route rules
for tenders, SOU 2019:56's criteria for IOP, the law's limits for policies). Commands and
`docgen batch` all go through ``produce``; a new document kind adds one entry to ``KINDS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .case import LoadedCase, load_case
from .errors import DocgenError
from .library import Library, load_library


@dataclass(frozen=True)
class Checked:
    """What the checks found: the route verdict (tenders only) and warnings to print."""

    verdict: object | None = None
    warnings: tuple[str, ...] = ()


def _check_tender(loaded: LoadedCase) -> Checked:
    from .pipeline import check_tender_route

    return Checked(verdict=check_tender_route(loaded))


def _check_iop(loaded: LoadedCase) -> Checked:
    from .iop.checks import refusals, warnings

    refused = refusals(loaded.model)
    if refused:
        first = refused[0]
        raise DocgenError(first.message, where=loaded.lines.where(first.path), hint=first.hint)
    return Checked(warnings=tuple(f"{loaded.lines.where(f.path)}: {f.message}" for f in warnings(loaded.model)))


def _check_policy(loaded: LoadedCase) -> Checked:
    from .policy.model import check_against_law

    check_against_law(loaded)
    return Checked()


def _tender_companions(loaded: LoadedCase) -> tuple[list[str], list[str]]:
    from .labour.package import companion_templates, companion_warnings

    names = companion_templates(loaded.model)
    # the provenance record of the tender (Dokumentunderlag) is internal: written to intern/, never published
    return [*names, "tender-dokumentunderlag"], companion_warnings(loaded) if names else []


@dataclass(frozen=True)
class Kind:
    template: str
    check: Callable[[LoadedCase], Checked]
    # documents written beside the main one from the same case: (template names, warnings)
    companions: Callable[[LoadedCase], tuple[list[str], list[str]]] | None = None
    other_templates: tuple[str, ...] = ()   # further templates made from the same case file


KINDS: dict[str, Kind] = {
    "tender": Kind("tender", _check_tender, _tender_companions, other_templates=("criteria-motiv",)),
    "iop": Kind("iop", _check_iop, other_templates=("iop-memo",)),
    "policy-borg": Kind("policy-borg", _check_policy),
    "policy-dala": Kind("policy-dala", _check_policy),
}


def case_kind_of_template(name: str) -> str | None:
    """The case file kind (``document:``) a bundled template is made from: ``iop-memo`` → ``iop``."""
    return next((key for key, kind in KINDS.items() if name == kind.template or name in kind.other_templates), None)


@dataclass
class Produced:
    written: list[Path]
    warnings: list[str]


def produce(path: Path, expect: str, out: Path, formats: list[str], *, force: bool = False,
            library: Library | None = None, clauses_dir: Path | None = None, templates_dir: Path | None = None,
            template: str | None = None, loaded: LoadedCase | None = None, also: tuple[str, ...] = (),
            extra_files: dict[str, bytes] | None = None) -> Produced:
    """Load and check the case at ``path``, render ``formats`` and write them atomically into ``out``.

    The kind's default template also brings its companion documents (a tender with labour-law
    conditions: the three appendices and the needs assessment). ``also`` names further templates asked
    for on the command line (the tender's "Motiv till ställda krav"). All are rendered before any is
    written; the condition checks and their warnings come from the main document only. ``extra_files``
    (the notice fields, checked against the folder by the caller) go in the same atomic step.
    """
    from .pipeline import render, save_all

    kind = KINDS[expect]
    loaded = loaded or load_case(path, expect=expect)
    checked = kind.check(loaded)
    library = library or load_library(clauses_dir)
    name = template or kind.template
    result = render(loaded, library, name, formats, templates_dir, checked.verdict)
    documents = [(result, name)]
    warnings = list(checked.warnings) + result.warnings
    for extra in also:
        documents.append((render(loaded, library, extra, formats, templates_dir, conditions=False), extra))
    if template is None and kind.companions is not None:
        from .labour.package import templates_for

        names, extra_warnings = kind.companions(loaded)
        for extra in names:
            if extra == "tender-dokumentunderlag" and "appendix/dokumentunderlag" not in library.clauses:
                continue  # a user's own library without the provenance clause: the manifests still record it
            documents.append((render(loaded, library, extra, formats, templates_for(extra, templates_dir),
                                     conditions=False), extra))
        warnings.extend(extra_warnings)
    written = save_all(documents, loaded, out, force, extra_files or {})
    return Produced(written, warnings)


def produce_tender(path: Path, out: Path, formats: list[str], *, force: bool = False, library: Library | None = None,
                   clauses_dir: Path | None = None, templates_dir: Path | None = None,
                   loaded: LoadedCase | None = None, motiv: bool = False, notice: bool = False) -> Produced:
    """A tender with its companions, plus on request the internal "Motiv till ställda krav" (``motiv``)
    and the eForms notice fields (``notice``). Used by `docgen tender` and `docgen batch`."""
    loaded = loaded or load_case(path, expect="tender")
    prepared = None
    if notice:
        from .notice import prepare_notice

        prepared = prepare_notice(loaded, out, formats, force)  # refuses before anything is written
    produced = produce(path, "tender", out, formats, force=force, library=library, clauses_dir=clauses_dir,
                       templates_dir=templates_dir, loaded=loaded, also=("criteria-motiv",) if motiv else (),
                       extra_files=prepared.with_manifest() if prepared else None)
    if prepared is not None:
        produced.warnings.extend(prepared.warnings)
    return produced
