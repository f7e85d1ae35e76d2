"""Every sample case rendered with the library in every output format (the slow check: --no-samples)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..build import Build
from ..errors import DocgenError
from ..findings import Finding
from ..kinds import get_kind, load_case
from ..resources import resource_dir
from ..writers import format_names
from .mentions import dangling_mentions
from .problems import ERROR, WARNING, from_error, problem
from .registry import check
from .workspace import Template, Workspace, load_workspace


def templates_of_kind(ws: Workspace, document: str) -> list[Template]:
    """The template named like the document kind, else every template that makes that kind."""
    named = [t for t in ws.templates if t.name == document]
    return named or [t for t in ws.templates if t.spec.document == document]


def sample_files(directory: Path | None) -> list[Path]:
    if directory is None or not directory.is_dir():
        return []
    return sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))


@check("samples", "sample-invalid", "sample-render", "sample-warning", "sample-no-template", "dangling-mention",
       "ambiguous-mention", slow=True)
def check_samples(ws: Workspace) -> Iterable[Finding]:
    """Each sample rendered once, in every format, for all its checks: in parallel processes when several
    need rendering, and not at all when the sample, the library, the templates, the data and docgen are
    byte for byte those of an earlier run (the problems are kept in a cache by content)."""
    samples = sample_files(ws.samples_dir)
    if not samples:
        return []
    fingerprint = workspace_fingerprint(ws)
    results: dict[Path, list[Finding]] = {}
    todo = []
    for sample in samples:
        cached = cache_get(fingerprint, sample)
        if cached is None:
            todo.append(sample)
        else:
            results[sample] = cached
    progress = Progress(len(samples), len(results))
    jobs = min(len(todo), os.cpu_count() or 1)
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {sample: pool.submit(check_sample, sample, ws.clauses_dir, ws.templates_dir) for sample in todo}
            for sample, future in futures.items():
                results[sample] = future.result()
                cache_put(fingerprint, sample, results[sample])
                progress.step()
    else:
        for sample in todo:
            results[sample] = list(_check_sample(ws, sample))
            cache_put(fingerprint, sample, results[sample])
            progress.step()
    progress.done()
    return [problem for sample in samples for problem in results[sample]]


def check_sample(sample: Path, clauses_dir: Path, templates_dir: Path) -> list[Finding]:
    """In a worker process: the problems of one sample (the workspace loaded again there)."""
    return list(_check_sample(load_workspace(clauses_dir, templates_dir, None), sample))


def _check_sample(ws: Workspace, sample: Path) -> Iterable[Finding]:
    from .consistency import CODES as CONSISTENCY_CODES  # noqa: PLC0415 - checks/consistency imports this module (a cycle at the top)

    library = ws.library()
    prefix = f"exemplet {sample.name}: "
    try:
        loaded = load_case(sample)
        kind = get_kind(loaded.model.document)
        one = Build(kind, loaded, library, templates_dir=ws.templates_dir)   # one check, one plan per template
        one.check()   # the case itself (route, IOP criteria, condition modes) before any template
    except DocgenError as exc:
        yield from_error("sample-invalid", exc, ERROR)
        return
    document = loaded.model.document
    templates = templates_of_kind(ws, document)
    if not templates:
        yield problem(str(sample), 1, 1, "sample-no-template", ERROR,
                      f"{prefix}ingen dokumentmall gör dokumentet {document!r}",
                      f"lägg till templates/{document}.yaml")
    for template in templates:
        name = None if template.name == kind.template else template.name
        try:
            built = one.render(list(format_names()), template=name)
        except DocgenError as exc:
            yield from_error("sample-render", exc, ERROR, prefix=prefix)
            continue
        except Exception as exc:  # noqa: BLE001 - a writer crash is exactly what this check is for
            yield problem(str(sample), 1, 1, "sample-render", ERROR,
                          f"{prefix}mallen {template.name} kunde inte skrivas: {type(exc).__name__}: {exc}")
            continue
        # the documents' warnings; the case's own (route, IOP criteria) are the commands' business
        # (the consistency findings of kind.after are the consistency check's: checks/consistency.py)
        for finding in (f for f in built.warnings if f not in built.case_findings and f.code not in CONSISTENCY_CODES):
            yield problem(str(sample), 1, 1, "sample-warning", WARNING, prefix + finding.text())
        yield from _mentions(sample, built)


def _mentions(sample: Path, built) -> Iterable[Finding]:
    """Every document-part mention in the published main document must resolve within the published set
    (checks/mentions.py; the companions' titles count); reported at the clause that wrote it."""
    published = [r for r in built.documents if not r.document.plan.template.internal]
    if not published or published[0] is not built.main:
        return
    companions = tuple(r.document.markdown for r in published[1:])
    main = built.main
    sections = {f"{s.number} {s.title}": s for s in main.document.plan.sections}
    files = {a.number: a.title for a in getattr(main.document, "annexes", ()) if getattr(a, "buyer", False)}
    for mention in dangling_mentions(main.document.markdown, companions, files):
        section = sections.get(mention.heading)
        clause = section.clause if section is not None else None
        path, line = (str(clause.path), _line_of(clause, mention.text)) if clause is not None else (str(sample), 1)
        yield problem(path, line, 1, "ambiguous-mention" if mention.ambiguous else "dangling-mention", ERROR,
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


# --- cache by content -----------------------------------------------------------------------------

def cache_dir() -> Path | None:
    """``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen``, else ``~/.cache/docgen``; "" turns it off."""
    configured = os.environ.get("DOCGEN_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen" / "check"


def _files(folder: Path | None, patterns: tuple[str, ...]) -> list[Path]:
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted(p for pattern in patterns for p in Path(folder).rglob(pattern) if p.is_file())


def workspace_fingerprint(ws: Workspace) -> str:
    """A hash of everything a sample's rendering reads besides the sample: docgen's code and data, the
    clause library, the templates (also the bundled ones a companion may fall back to)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(__version__.encode())
    for path in (_files(package, ("*.py", "*.yaml", "*.tsv", "*.css", "*.html")) + _files(ws.clauses_dir, ("*.md",))
                 + _files(ws.templates_dir, ("*",)) + _files(resource_dir("templates"), ("*",))):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _cache_file(fingerprint: str, sample: Path) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    key = hashlib.sha256(fingerprint.encode() + str(sample.resolve()).encode() + sample.read_bytes()).hexdigest()
    return folder / f"{key}.json"


def cache_get(fingerprint: str, sample: Path) -> list[Finding] | None:
    path = _cache_file(fingerprint, sample)
    try:
        return [Finding(**{**item, "key": tuple(item["key"])}) for item in json.loads(path.read_text(encoding="utf-8"))] if path else None
    except (OSError, ValueError, TypeError):
        return None


def cache_put(fingerprint: str, sample: Path, problems: list[Finding]) -> None:
    path = _cache_file(fingerprint, sample)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".{os.getpid()}.tmp")
        temp.write_text(json.dumps([asdict(p) for p in problems], ensure_ascii=False), encoding="utf-8")
        os.replace(temp, path)
    except OSError:
        pass   # a cache that cannot be written only costs time


class Progress:
    """``docgen check: exempel 3/17`` on stderr while samples render, only when stderr is a terminal."""

    def __init__(self, total: int, done: int):
        self.total, self.count = total, done
        self.shown = sys.stderr.isatty() and done < total
        self._show()

    def _show(self) -> None:
        if self.shown:
            sys.stderr.write(f"\rdocgen check: exempel {self.count}/{self.total}")
            sys.stderr.flush()

    def step(self) -> None:
        self.count += 1
        self._show()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 40 + "\r")
            sys.stderr.flush()
