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
    from ..case import load_case
    from ..pipeline import check_tender_route, render
    from ..writers import FORMATS

    library = ws.library()
    for sample in sample_files(ws.samples_dir):
        prefix = f"exemplet {sample.name}: "
        try:
            loaded = load_case(sample)
            if getattr(loaded.model, "document", None) == "tender":
                check_tender_route(loaded)
        except DocgenError as exc:
            yield from_error("sample-invalid", exc, ERROR)
            continue
        document = loaded.model.document
        templates = templates_for(ws, document)
        if not templates:
            yield Problem(str(sample), 1, 1, "sample-no-template", ERROR,
                          f"{prefix}ingen dokumentmall gör dokumentet {document!r}",
                          f"lägg till templates/{document}.yaml")
        companions = []  # a tender's companion documents (labour-law package), rendered like the main one
        if document == "tender":
            from ..labour.package import companion_templates, companion_warnings

            companions = [(name, False) for name in companion_templates(loaded.model)]
            for warning in companion_warnings(loaded) if companions else []:
                yield Problem(str(sample), 1, 1, "sample-warning", WARNING, prefix + warning)
        rendered = []  # (template, result) of the main document and its companions: one published set
        for template_name, conditions in [(t.name, True) for t in templates] + companions:
            try:
                result = render(loaded, library, template_name, list(FORMATS), _templates(ws, template_name, conditions),
                                conditions=conditions)
            except DocgenError as exc:
                yield from_error("sample-render", exc, ERROR, prefix=prefix)
                continue
            except Exception as exc:  # noqa: BLE001 - a writer crash is exactly what this check is for
                yield Problem(str(sample), 1, 1, "sample-render", ERROR,
                              f"{prefix}mallen {template_name} kunde inte skrivas: {type(exc).__name__}: {exc}")
                continue
            for warning in result.warnings if conditions else []:
                yield Problem(str(sample), 1, 1, "sample-warning", WARNING, prefix + warning)
            rendered.append((template_name, conditions, result))
        yield from _mentions(sample, rendered)


def _mentions(sample: Path, rendered: list) -> Iterable[Problem]:
    """Every document-part mention in each main document must resolve within the published set
    (checks/mentions.py); reported at the clause that wrote it (the line of the mention in its file)."""
    from .mentions import dangling_mentions

    internal = {id(r) for _, _, r in rendered if r.document.plan.template.internal}
    companions = tuple(r.document.markdown for _, own, r in rendered if not own and id(r) not in internal)
    for template_name, own, result in rendered:
        if not own or id(result) in internal:
            continue
        sections = {f"{s.number} {s.title}": s for s in result.document.plan.sections}
        for mention in dangling_mentions(result.document.markdown, companions):
            section = sections.get(mention.heading)
            clause = section.clause if section is not None else None
            path, line = (str(clause.path), _line_of(clause, mention.text)) if clause is not None else (str(sample), 1)
            yield Problem(path, line, 1, "ambiguous-mention" if mention.ambiguous else "dangling-mention", ERROR,
                          f"exemplet {sample.name} ({template_name}): {mention.text!r} i {mention.heading!r}: {mention.problem}",
                          "hänvisa till en del som finns i dokumentet (ref() eller mallen) eller lägg till delen")


def _line_of(clause, text: str) -> int:
    """The line of ``text`` (or its first word) in the clause file, else the body's first line."""
    lines = clause.path.read_text(encoding="utf-8").splitlines()
    for needle in (text.casefold(), text.split()[0].casefold()):
        for number, line in enumerate(lines, 1):
            if needle in line.casefold() and number > 1:
                return number
    return clause.body_line


def _templates(ws: Workspace, name: str, own: bool) -> Path | None:
    """The workspace's templates; for a companion missing there, the bundled one (as docgen tender does)."""
    if own:
        return ws.templates_dir
    from ..labour.package import templates_for

    return templates_for(name, ws.templates_dir)
