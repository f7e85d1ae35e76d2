"""Every sample case rendered with the library in every output format (the slow check: --no-samples)."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict
from pathlib import Path
from typing import Iterable

from .. import __version__
from ..build import Build
from ..errors import DocgenError
from ..findings import Finding
from ..kinds import get_kind, load_case
from ..resources import cache_root, resource_dir
from ..writers import format_names
from .mentions import dangling_mentions
from .problems import ERROR, WARNING, from_error, problem
from .registry import PDF_RULES, check
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
    """Each sample rendered once, for all its checks: in parallel processes when several need rendering,
    and not at all when nothing it read has changed. The cache keeps each sample's problems with the
    files its documents read (the clauses of their plans, the document templates, the Word skeletons);
    an edit to a clause's text renders again only the samples whose documents hold that clause."""
    samples = sample_files(ws.samples_dir)
    if not samples:
        return []
    cache = SampleCache(ws)
    results: dict[Path, list[Finding]] = {}
    todo = []
    for sample in samples:
        cached = cache.get(sample)
        if cached is None:
            todo.append(sample)
        else:
            results[sample] = cached
    progress = Progress(len(samples), len(results))
    jobs = min(len(todo), os.cpu_count() or 1)
    if jobs > 1:
        global _WORKSPACE
        _WORKSPACE = ws   # a forked worker uses this workspace instead of loading the library again
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork") if "fork" in methods else None
        try:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
                futures = {pool.submit(check_sample, sample, ws.clauses_dir, ws.templates_dir): sample for sample in todo}
                pending = set(futures)
                progress.on(todo[0].name)
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in finished:
                        sample = futures[future]
                        results[sample], used = future.result()
                        cache.put(sample, results[sample], used)
                        progress.step()
                    running = [futures[f].name for f in futures if f in pending]
                    if running:
                        progress.on(running[0])
        finally:
            _WORKSPACE = None
    else:
        for sample in todo:
            progress.on(sample.name)
            results[sample], used = run_sample(ws, sample)
            cache.put(sample, results[sample], used)
            progress.step()
    progress.done()
    return [problem for sample in samples for problem in results[sample]]


_WORKSPACE: Workspace | None = None


def check_formats() -> list[str]:
    """The formats a sample is rendered in: every registered one but PDF, which is the HTML writer's
    output laid out by WeasyPrint (and 90 % of the time); PDF only when a PDF-layout rule
    (``registry.PDF_RULES``) needs the file."""
    return [name for name in format_names() if name != "pdf" or PDF_RULES]


def check_sample(sample: Path, clauses_dir: Path, templates_dir: Path) -> tuple[list[Finding], dict[str, str] | None]:
    """In a worker process: the problems of one sample and the files it read (the parent's workspace when
    the worker was forked, else the workspace loaded again here)."""
    ws = _WORKSPACE
    if ws is None or (ws.clauses_dir, ws.templates_dir) != (clauses_dir, templates_dir):
        ws = load_workspace(clauses_dir, templates_dir, None)
    return run_sample(ws, sample)


def run_sample(ws: Workspace, sample: Path) -> tuple[list[Finding], dict[str, str] | None]:
    """The problems of one sample and what its documents read (``None``: it failed before rendering, so
    it is checked again after any change to the library or the templates)."""
    builds: list = []
    findings = list(_check_sample(ws, sample, builds))
    used: dict[str, str] | None = None
    if builds and not any(f.severity == ERROR for f in findings):
        hashes = FileHashes()
        used = {}
        for rendered in builds[0].made():
            document = rendered.document
            for path in [document.plan.template_path, document.word_template,
                         *(clause.path for clause in document.plan.clauses())]:
                used[str(path)] = hashes(path)
    return findings, used


def _check_sample(ws: Workspace, sample: Path, builds: list | None = None) -> Iterable[Finding]:
    from .consistency import CODES as CONSISTENCY_CODES  # noqa: PLC0415 - checks/consistency imports this module (a cycle at the top)
    from .consistency import sample_problems as sample_consistency  # noqa: PLC0415 - the same cycle

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
    if builds is not None:
        builds.append(one)
    document = loaded.model.document
    templates = templates_of_kind(ws, document)
    if not templates:
        yield problem(str(sample), 1, 1, "sample-no-template", ERROR,
                      f"{prefix}ingen dokumentmall gör dokumentet {document!r}",
                      f"lägg till templates/{document}.yaml")
    formats = check_formats()
    for template in templates:
        name = None if template.name == kind.template else template.name
        try:
            built = one.render(formats, template=name)
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
        if document == "tender" and name is None:   # the main tender agrees with itself (checks/consistency.py)
            yield from sample_consistency(sample, built.main.document)
        yield from _pdf_rules(sample, built)


def _pdf_rules(sample: Path, built) -> Iterable[Finding]:
    for rule in PDF_RULES:
        yield from rule(sample, built)


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


# --- cache by what each sample read ---------------------------------------------------------------

CACHE_SCHEMA = "2"   # bumped when an entry's shape changes
CACHE_LIMIT = 2000   # entries kept; the oldest go first


def cache_dir() -> Path | None:
    """``check/`` in docgen's cache folder (``resources.cache_root``), or None when caching is off."""
    root = cache_root()
    return root / "check" if root is not None else None


def _files(folder: Path | None, patterns: tuple[str, ...]) -> list[Path]:
    if folder is None or not Path(folder).is_dir():
        return []
    return sorted(p for pattern in patterns for p in Path(folder).rglob(pattern) if p.is_file())


class FileHashes:
    """sha256 of a file's bytes, each file read once per run ("" for a file that cannot be read)."""

    def __init__(self) -> None:
        self._known: dict[str, str] = {}

    def __call__(self, path: Path | str) -> str:
        key = str(path)
        if key not in self._known:
            try:
                self._known[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            except OSError:
                self._known[key] = ""
        return self._known[key]


def shared_fingerprint(ws: Workspace) -> str:
    """What every sample's rendering may read, whichever clauses its documents hold: docgen's code and
    data, the templates' other files (CSS, Word skeletons) and which document templates exist, and of
    every clause what any case reads of the whole library (its id, params group, variables, levels and
    criteria: a case's ``clauses:`` keys and the condition modes are checked against them all)."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(f"{CACHE_SCHEMA}\0{__version__}\0{ws.clauses_dir.resolve()}\0"
                            f"{Path(ws.templates_dir).resolve()}\0{check_formats()}".encode())
    for folder in (ws.templates_dir, resource_dir("templates")):
        for path in _files(folder, ("*",)):
            digest.update(str(path).encode() + b"\0")
            if path.suffix not in (".yaml", ".yml"):   # a document template used counts per sample
                digest.update(path.read_bytes() + b"\0")
    for path in _files(package, ("*.py", "*.yaml", "*.tsv", "*.css", "*.html")):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    for template in ws.templates:
        digest.update(f"{template.name}\0{template.spec.document}\0".encode())
    for clause_id in sorted(ws.clauses):
        clause = ws.clauses[clause_id]
        shape = clause.meta.model_dump_json(include={"id", "params", "variables", "levels", "criteria"})
        digest.update(f"{clause.path}\0{shape}\0".encode())
    return digest.hexdigest()


class SampleCache:
    """Each sample's problems, kept under the sample's path and content and the shared fingerprint, with
    the sha256 of every file its documents read; an entry is used only while all those files are unchanged.
    A sample that failed before its documents were made is kept with the whole library and templates."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.folder = cache_dir()
        self.hashes = FileHashes()
        self._shared: str | None = None

    @property
    def shared(self) -> str:
        if self._shared is None:
            self._shared = shared_fingerprint(self.ws)
        return self._shared

    def _everything(self) -> dict[str, str]:
        paths = [c.path for c in self.ws.clauses.values()] + _files(self.ws.templates_dir, ("*.yaml", "*.yml"))
        return {str(p): self.hashes(p) for p in paths}

    def _file(self, sample: Path) -> Path | None:
        if self.folder is None:
            return None
        key = hashlib.sha256(self.shared.encode() + str(sample.resolve()).encode() + b"\0" + sample.read_bytes())
        return self.folder / f"{key.hexdigest()}.json"

    def get(self, sample: Path) -> list[Finding] | None:
        path = self._file(sample)
        if path is None:
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            used = entry["used"] if entry["used"] is not None else None
            if used is None:
                if entry["everything"] != self._everything():
                    return None
            elif any(self.hashes(name) != sha for name, sha in used.items()):
                return None
            return [Finding(**{**item, "key": tuple(item["key"])}) for item in entry["problems"]]
        except (OSError, ValueError, TypeError, KeyError):
            return None

    def put(self, sample: Path, problems: list[Finding], used: dict[str, str] | None) -> None:
        path = self._file(sample)
        if path is None:
            return
        entry = {"sample": str(sample), "used": used, "everything": None if used is not None else self._everything(),
                 "problems": [asdict(p) for p in problems]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_suffix(f".{os.getpid()}.tmp")
            temp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temp, path)
            self._prune()
        except OSError:
            pass   # a cache that cannot be written only costs time

    def _prune(self) -> None:
        entries = list(self.folder.glob("*.json"))
        if len(entries) > CACHE_LIMIT:
            entries.sort(key=lambda p: p.stat().st_mtime)
            for old in entries[: len(entries) - CACHE_LIMIT]:
                old.unlink(missing_ok=True)


class Progress:
    """``docgen check: exempel 3/17: tender-25a.yaml`` on stderr while samples render (the one being
    rendered), only when stderr is a terminal."""

    def __init__(self, total: int, done: int):
        self.total, self.count = total, done
        self.name = ""
        self.shown = sys.stderr.isatty() and done < total
        self.width = 0

    def _show(self) -> None:
        if self.shown:
            text = f"docgen check: exempel {min(self.count + 1, self.total)}/{self.total}: {self.name}"
            sys.stderr.write("\r" + text.ljust(self.width))
            self.width = max(self.width, len(text))
            sys.stderr.flush()

    def on(self, name: str) -> None:
        self.name = name
        self._show()

    def step(self) -> None:
        self.count += 1

    def done(self) -> None:
        if self.shown and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()
