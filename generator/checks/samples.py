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


@check("samples", "sample-invalid", "sample-render", "sample-warning", "sample-no-template", slow=True)
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
