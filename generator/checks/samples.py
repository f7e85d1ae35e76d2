"""Every sample case rendered with the library in every output format (the slow check: --no-samples)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..errors import DocgenError
from .problems import ERROR, WARNING, Problem, from_error
from .registry import check
from .workspace import Template, Workspace


def templates_for(ws: Workspace, document: str) -> list[Template]:
    """The template named like the document kind, else every template that makes that kind."""
    named = [t for t in ws.templates if t.name == document]
    return named or [t for t in ws.templates if t.spec.document == document]


def sample_files(directory: Path | None) -> list[Path]:
    if directory is None or not directory.is_dir():
        return []
    return sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))


@check("samples", "sample-invalid", "sample-render", "sample-warning", "sample-no-template", "dangling-mention",
       "ambiguous-mention", slow=True)
def check_samples(ws: Workspace) -> Iterable[Problem]:
    from ..build import build
    from ..kinds import get_kind, load_case
    from ..writers import FORMATS

    library = ws.library()
    for sample in sample_files(ws.samples_dir):
        prefix = f"exemplet {sample.name}: "
        try:
            loaded = load_case(sample)
            kind = get_kind(loaded.model.document)
            kind.check(loaded, None)   # the case itself (route, IOP criteria) before any template
        except DocgenError as exc:
            yield from_error("sample-invalid", exc, ERROR)
            continue
        document = loaded.model.document
        templates = templates_for(ws, document)
        if not templates:
            yield Problem(str(sample), 1, 1, "sample-no-template", ERROR,
                          f"{prefix}ingen dokumentmall gör dokumentet {document!r}",
                          f"lägg till templates/{document}.yaml")
        for template in templates:
            name = None if template.name == kind.template else template.name
            try:
                built = build(kind, loaded, library, list(FORMATS), template=name, templates_dir=ws.templates_dir)
            except DocgenError as exc:
                yield from_error("sample-render", exc, ERROR, prefix=prefix)
                continue
            except Exception as exc:  # noqa: BLE001 - a writer crash is exactly what this check is for
                yield Problem(str(sample), 1, 1, "sample-render", ERROR,
                              f"{prefix}mallen {template.name} kunde inte skrivas: {type(exc).__name__}: {exc}")
                continue
            # the documents' warnings; the case's own (route, IOP criteria) are the commands' business
            for finding in (f for f in built.warnings if f not in built.case_findings):
                yield Problem(str(sample), 1, 1, "sample-warning", WARNING, prefix + finding.text())
            yield from _mentions(sample, built)


def _mentions(sample: Path, built) -> Iterable[Problem]:
    """Every document-part mention in the published main document must resolve within the published set
    (checks/mentions.py; the companions' titles count); reported at the clause that wrote it."""
    from .mentions import dangling_mentions

    published = [r for r in built.documents if not r.document.plan.template.internal]
    if not published or published[0] is not built.main:
        return
    companions = tuple(r.document.markdown for r in published[1:])
    main = built.main
    sections = {f"{s.number} {s.title}": s for s in main.document.plan.sections}
    for mention in dangling_mentions(main.document.markdown, companions):
        section = sections.get(mention.heading)
        clause = section.clause if section is not None else None
        path, line = (str(clause.path), _line_of(clause, mention.text)) if clause is not None else (str(sample), 1)
        yield Problem(path, line, 1, "ambiguous-mention" if mention.ambiguous else "dangling-mention", ERROR,
                      f"exemplet {sample.name} ({main.template}): {mention.text!r} i {mention.heading!r}: {mention.problem}",
                      "hänvisa till en del som finns i dokumentet (ref() eller mallen) eller lägg till delen")


def _line_of(clause, text: str) -> int:
    """The line of ``text`` (or its first word) in the clause file, else the body's first line."""
    lines = clause.path.read_text(encoding="utf-8").splitlines()
    for needle in (text.casefold(), text.split()[0].casefold()):
        for number, line in enumerate(lines, 1):
            if needle in line.casefold() and number > 1:
                return number
    return clause.body_line
