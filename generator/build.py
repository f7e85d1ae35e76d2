"""The one build path, in stages: load → check → plan → render → save (``Build``).

``Build(kind, case)`` is used by every face that makes documents (tender, iop, policy, batch, serve,
preview, check, clauses show); nothing else wires the pipeline. Each stage runs once per build:
the kind's check once, each template's plan once. ``save`` writes what a build made, atomically and
with a manifest per document; ``produce`` is render and save together; ``build`` is ``Build.render``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .assemble import Document, Planner, assemble, document_context, planner
from .case import LoadedCase
from .errors import DocgenError
from .findings import WARNING, Finding
from .kinds import Checked, Kind, get_kind, load_case
from .library import Library, load_library
from .output import INTERNAL_DIR, OutputSet, case_record, save_outputs, sha256
from .plan import Plan
from .thresholds import recording
from .tree import parse
from .values import gaps
from .writers import write


@dataclass
class Rendered:
    """One document of a build: its template, the assembled document and the bytes of each format."""

    template: str
    document: Document
    files: dict[str, bytes]
    thresholds: tuple = ()   # the thresholds.Threshold figures the document was rendered with (its manifest)

    @property
    def internal(self) -> bool:
        return self.document.plan.template.internal


@dataclass
class Built:
    kind: Kind
    loaded: LoadedCase
    documents: list[Rendered]
    findings: list[Finding] = field(default_factory=list)
    verdict: Any = None
    extra_outputs: list[OutputSet] = field(default_factory=list)   # the notice fields
    case_findings: tuple[Finding, ...] = ()   # those of the kind's check (about the case, not its documents)

    @property
    def main(self) -> Rendered:
        return self.documents[0]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


@dataclass(frozen=True)
class Missing:
    """A clause value the case does not give (``Build.missing``): ``path`` is its key in the case file
    (``("clauses", "employment", "placement_months")``); ``status`` is ``"missing"`` (required, no default:
    the build refuses until it is given) or ``"default"`` (the level's or the variable's default is used,
    ``value``)."""

    path: tuple[str, ...]
    clause: str
    template: str
    status: str
    value: Any = None

    @property
    def key(self) -> str:
        return ".".join(self.path)


class Build:
    """One case's build, in stages: load → check → plan → render → save. Each stage runs at most once
    per build and keeps its result: the kind's check once, each template's plan once (the main
    document, its motiv, companions and provenance read the same plan), each document once.

    Every face makes documents through a ``Build``: the commands (``produce``), batch, serve, preview,
    ``docgen check`` (samples) and ``clauses show``. ``missing()`` is the tolerant plan stage: it lists
    every clause value the documents need and the case does not give, without refusing.
    """

    def __init__(self, kind: Kind | str, case: LoadedCase | Path, library: Library | None = None, *,
                 templates_dir: Path | None = None, clauses_dir: Path | None = None) -> None:
        self.kind = get_kind(kind) if isinstance(kind, str) else kind
        self._case = case
        self._library = library
        self._clauses_dir = clauses_dir
        self.templates_dir = templates_dir
        self._loaded: LoadedCase | None = case if isinstance(case, LoadedCase) else None
        self._checked: Checked | None = None
        self._context: dict[str, Any] | None = None
        self._planner: Planner | None = None
        self._documents: dict[tuple, Rendered] = {}
        self._thresholds: list = []   # every thresholds.Threshold a stage looked up (the manifests record them)

    @contextmanager
    def _recording(self) -> Iterator[None]:
        with recording() as used:
            yield
        self._thresholds.extend(t for t in used if t not in self._thresholds)

    # --- load ---
    @property
    def library(self) -> Library:
        """The library given (else ``--clauses``, else the bundled one) with the kind's own clauses."""
        if self._library is None:
            self._library = load_library(self._clauses_dir)
        return self.kind.library(self._library)

    def load(self) -> LoadedCase:
        """The case file read and validated with the kind's model."""
        if self._loaded is None:
            self._loaded = load_case(Path(self._case), expect=self.kind.key)
        return self._loaded

    # --- complete ---
    def complete(self) -> tuple[Finding, ...]:
        """The case with what it leaves open filled from the data (the tender's buyer defaults), one finding
        per default; done once per loaded case, never refused for a missing fact. Every later stage reads it."""
        return self.kind.complete(self.load())

    # --- check ---
    def check(self) -> Checked:
        """The kind's check (refuses with a ``DocgenError`` or returns findings), run once per build."""
        if self._checked is None:
            with self._recording():   # the figures the check relied on (a direct award's limit)
                self.complete()
                self._checked = self.kind.check(self.load(), self.library)
        return self._checked

    # --- plan ---
    def context(self) -> dict[str, Any]:
        """The context the plans are built with: the case and the names the kind adds (computed once)."""
        if self._context is None:
            with self._recording():   # the kind's context (the EU threshold)
                self.complete()
                loaded = self.load()
                self._context = document_context(loaded, self.kind.extra_context(loaded.model))
        return self._context

    def plan(self, template: str | None = None, templates: Path | None = None) -> Plan:
        """The plan of ``template`` (the kind's main document by default), made once per build."""
        name = template or self.kind.template
        main = name == self.kind.template or name in (o.template for o in self.kind.optional.values())
        return self._plans()(name, templates or self.kind.template_folder(name, self.templates_dir, main))

    def templates(self, template: str | None = None) -> list[tuple[str, Path | None]]:
        """The documents a default build makes: the main one (or ``template``) and, without a variant,
        its companions, each with the template folder it is read from."""
        name = template or self.kind.template
        main = [(name, self.kind.template_folder(name, self.templates_dir))]
        if template is not None:
            return main
        return main + [(extra, self.kind.template_folder(extra, self.templates_dir, main=False))
                       for extra in self._companions()]

    def missing(self, template: str | None = None) -> list[Missing]:
        """The tolerant plan stage: every clause value the documents of this case use that the case does
        not give, in document order, each once — ``missing`` where a value is required and has no default,
        ``default`` where the level's or the variable's default is used. Nothing is refused for a missing
        value and the kind's check is not run (a case with several gaps lists them all in one call)."""
        loaded = self.load()
        out: dict[tuple[str, ...], Missing] = {}
        for name, folder in self.templates(template):
            for clause in self.plan(name, folder).clauses():
                for gap in gaps(clause, loaded):
                    out.setdefault(gap.path, Missing(gap.path, clause.id, name, gap.status, gap.value))
        return list(out.values())

    # --- render ---
    def document(self, template: str, formats: list[str], templates: Path | None = None) -> Rendered:
        """One document of the case in ``formats`` (made once per build)."""
        key = (template, tuple(formats), templates)
        if key not in self._documents:
            loaded, kind = self.load(), self.kind
            with self._recording():   # what the clauses print (a policy's thresholds)
                document = assemble(loaded, self.library, template, templates, self.context(), plans=self._plans(),
                                    annexes_of=kind.annexes_of, companions=tuple(self._companions()), covers=kind.covers)
            tree = parse(document.markdown)
            self._documents[key] = Rendered(template, document, {f"{document.output_stem}.{fmt}": write(fmt, tree, document)
                                                                 for fmt in formats})
        return self._documents[key]

    def made(self) -> list[Rendered]:
        """Every document this build has rendered so far (``docgen check`` keys its cache by what they read)."""
        return list(self._documents.values())

    def _plans(self) -> Planner:
        if self._planner is None:
            self._planner = planner(self.context(), self.library)
        return self._planner

    def _companions(self) -> list[str]:
        return self.kind.companion_templates(self.load().model)

    def render(self, formats: list[str], *, template: str | None = None, optional: tuple[str, ...] = (),
               extras: tuple[str, ...] = (), companions: bool = True) -> Built:
        """Check the case and render its documents in ``formats``; nothing is written.

        ``template``: a variant instead of the kind's main document (``iop-memo``); without it the main
        document brings its companions. ``optional`` names documents asked for beside it (``motiv``) and
        ``extras`` other outputs (``notice``). Findings: the case file's own, the kind's check, the checks
        on the rendered main document, the main document's own (unused clause keys), the companions', the
        extras'.
        """
        kind, loaded, library = self.kind, self.load(), self.library
        for option in [kind.variants[f] for f in kind.variants if kind.variants[f].template == template] + \
                [kind.optional[f] for f in optional]:
            if option.requires:
                option.requires(loaded)   # a case that cannot make the document asked for (the IOP memo's memo:)
        variant = next((o for o in kind.variants.values() if o.template == template), None)
        if variant is not None and variant.each and len(cases := variant.each(loaded)) > 1:
            return self._render_each(cases, formats, template)
        checked = self.check()
        name = template or kind.template
        main = self.document(name, formats, kind.template_folder(name, self.templates_dir))
        findings = [*getattr(loaded, "findings", ()), *checked.findings,  # the case file's own (absurd text lengths)
                    *kind.after(loaded, library, main.document, checked), *main.document.findings]
        documents = [main]
        for flag in optional:
            optional_template = kind.optional[flag].template
            documents.append(self.document(optional_template, formats,
                                           kind.template_folder(optional_template, self.templates_dir)))
        if template is None and companions:
            names = self._companions()
            for extra in names:
                needed = kind.record_clauses.get(extra)
                if needed and needed not in library.clauses:
                    continue  # a user's own library without an internal record's clause: the rest is still written
                documents.append(self.document(extra, formats, kind.template_folder(extra, self.templates_dir, main=False)))
            if names and kind.companion_findings:
                findings.extend(kind.companion_findings(loaded))
        extra_outputs: list[OutputSet] = []
        for extra_name in extras:
            outputs, extra_findings = kind.extras[extra_name].make(loaded, formats)
            extra_outputs.extend(outputs)
            findings.extend(extra_findings)
        for rendered in documents:
            rendered.thresholds = tuple(self._thresholds)
        built = Built(kind, loaded, documents, findings, checked.verdict, extra_outputs, checked.findings)
        for watcher in _WATCHERS:
            watcher.append(built)
        return built

    def _render_each(self, cases: list[LoadedCase], formats: list[str], template: str) -> Built:
        """A variant made once per case (``Option.each``: the IOP memo per deciding party), as one build."""
        parts = [Build(self.kind, one, self.library, templates_dir=self.templates_dir).render(
            formats, template=template, companions=False) for one in cases]
        findings: list[Finding] = []
        for part in parts:
            findings.extend(f for f in part.findings if f not in findings)
        built = Built(self.kind, self.load(), [d for part in parts for d in part.documents], findings,
                      parts[0].verdict, [], parts[0].case_findings)
        return built

    # --- save ---
    def produce(self, out: Path, formats: list[str], *, force: bool = False, strict: bool = False,
                **options: Any) -> Produced:
        """``render`` then ``save``. ``strict``: a warning refuses the case before anything is written."""
        built = self.render(formats, **options)
        if strict and built.warnings:
            raise StrictFailure(built.warnings)
        written = save(built, out, force)
        stale = [Finding(WARNING, "manifest-stale", w) for w in getattr(written, "warnings", [])]
        return Produced(list(written), built.findings + stale)


_WATCHERS: list[list[Built]] = []


@contextmanager
def watch() -> Iterator[list[Built]]:
    """Every ``Built`` any build renders while the block runs, in order: which faces make documents
    through a ``Build`` and what those builds made (tests/test_one_build.py)."""
    seen: list[Built] = []
    _WATCHERS.append(seen)
    try:
        yield seen
    finally:
        _WATCHERS.remove(seen)


def build(kind: Kind | str, case: LoadedCase | Path, library: Library | None, formats: list[str], *,
          template: str | None = None, optional: tuple[str, ...] = (), extras: tuple[str, ...] = (),
          templates_dir: Path | None = None, companions: bool = True) -> Built:
    """``Build(...).render(...)`` in one call (see ``Build.render``)."""
    return Build(kind, case, library, templates_dir=templates_dir).render(
        formats, template=template, optional=optional, extras=extras, companions=companions)


# --- saving -------------------------------------------------------------------------------------

def manifest(rendered: Rendered, loaded: LoadedCase) -> dict:
    """How a document was made (its manifest without ``outputs``, which ``output.save_outputs`` adds)."""
    document, template = rendered.document, rendered.template
    return {
        "docgen_version": __version__,
        "document": document.kind,
        "template": template,
        # the document template and Word skeleton as they were, so `docgen verify` can tell a change
        "templates": [{"file": f"{template}.yaml", "sha256": sha256(document.plan.template_path.read_bytes())},
                      {"file": document.plan.template.word, "sha256": sha256(document.word_template.read_bytes())}],
        "case": case_record(loaded.model, loaded.source, loaded.sha256),  # file, hash, org number, diarienummer
        "clauses": [
            {"id": c.id, "version": c.meta.version, "sha256": c.sha256}
            for c in document.plan.clauses()
        ],
        "legal_basis": document.legal_bases,
        # the document's date and the dated figures it relied on: `docgen audit` compares them with later law
        "date": loaded.model.date.isoformat(),
        "thresholds": [{"kind": t.kind, "amount_sek": t.amount_sek, "valid_from": t.valid_from.isoformat(),
                        "valid_to": t.valid_to.isoformat() if t.valid_to else None, "basis": t.basis}
                       for t in rendered.thresholds],
    }


def save(built: Built, out_dir: Path, force: bool = False) -> list[Path]:
    """Every document of a build with its manifest, and the extra outputs: every file is checked first
    (edited files and other cases' files are refused, all named), then all are moved into place together
    and each manifest is updated with the files of earlier runs still in the folder. An internal document
    (its template says ``internal: true``) goes to ``<out>/intern/``. Returns ``output.Written``."""
    case_file = Path(built.loaded.source).name
    sets = [OutputSet(r.document.output_stem, r.files, manifest(r, built.loaded), INTERNAL_DIR if r.internal else "",
                      case_file) for r in built.documents]
    return save_outputs(out_dir, sets + list(built.extra_outputs), force)


@dataclass
class Produced:
    written: list[Path]
    findings: list[Finding]


def produce(kind: Kind | str, case: LoadedCase | Path, out: Path, formats: list[str], *, force: bool = False,
            library: Library | None = None, clauses_dir: Path | None = None, strict: bool = False,
            templates_dir: Path | None = None, **options: Any) -> Produced:
    """``Build(...).produce(...)``: render then save."""
    return Build(kind, case, library, templates_dir=templates_dir, clauses_dir=clauses_dir).produce(
        out, formats, force=force, strict=strict, **options)


class StrictFailure(DocgenError):
    """--strict and the build found warnings: each is printed as an error, nothing is written (exit 1)."""

    exit_code = 1

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} {'varning' if len(findings) == 1 else 'varningar'} med --strict; inget skrevs", hint="rätta varningarna ovan eller kör utan --strict")
        self.findings = findings
