"""The one build path: case → kind check → document plan → Markdown → tree → writers, then save.

``build(kind, case, library, formats)`` is used by every command that makes documents (tender, iop,
policy, batch, serve, preview, check, clauses show); nothing else wires the pipeline. ``save`` writes what
a build made, atomically and with a manifest per document; ``produce`` is the two together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .assemble import Document, assemble
from .case import LoadedCase
from .errors import DocgenError
from .findings import WARNING, Finding
from .kinds import KINDS, RECORD_CLAUSES, Kind, load_case
from .plan import templates_for
from .library import Library, load_library
from .output import INTERNAL_DIR, OutputSet, case_record, save_outputs, sha256
from .tree import parse
from .writers import write


@dataclass
class Rendered:
    """One document of a build: its template, the assembled document and the bytes of each format."""

    template: str
    document: Document
    files: dict[str, bytes]

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


def render_document(loaded: LoadedCase, library: Library, kind: Kind, template: str, formats: list[str],
                    templates: Path | None = None) -> Rendered:
    document = assemble(loaded, library, template, templates, kind.extra_context(loaded.model))
    tree = parse(document.markdown)
    return Rendered(template, document, {f"{document.output_stem}.{fmt}": write(fmt, tree, document) for fmt in formats})


def build(kind: Kind | str, case: LoadedCase | Path, library: Library | None, formats: list[str], *,
          template: str | None = None, optional: tuple[str, ...] = (), extras: tuple[str, ...] = (),
          templates_dir: Path | None = None, companions: bool = True) -> Built:
    """Check the case and render its documents in ``formats``; nothing is written.

    ``template``: a variant instead of the kind's main document (``iop-memo``); without it the main
    document brings its companions. ``optional`` names documents asked for beside it (``motiv``) and
    ``extras`` other outputs (``notice``). Findings: the kind's check, the checks on the rendered main
    document, the main document's own (unused clause keys), the companions', the extras'.
    """
    kind = KINDS[kind] if isinstance(kind, str) else kind
    loaded = case if isinstance(case, LoadedCase) else load_case(Path(case), expect=kind.key)
    library = library or load_library()
    checked = kind.check(loaded, library)
    name = template or kind.template
    main = render_document(loaded, library, kind, name, formats, templates_dir)
    findings = [*getattr(loaded, "findings", ()), *checked.findings,  # the case file's own (absurd text lengths)
                *kind.after(loaded, library, main.document, checked), *main.document.findings]
    documents = [main]
    for flag in optional:
        documents.append(render_document(loaded, library, kind, kind.optional[flag], formats, templates_dir))
    if template is None and companions:
        names = kind.companion_templates(loaded.model)
        for extra in names:
            needed = RECORD_CLAUSES.get(extra)
            if needed and needed not in library.clauses:
                continue  # a user's own library without an internal record's clause: the rest is still written
            documents.append(render_document(loaded, library, kind, extra, formats, templates_for(extra, templates_dir)))
        if names and kind.companion_findings:
            findings.extend(kind.companion_findings(loaded))
    extra_outputs: list[OutputSet] = []
    if "notice" in extras:
        from .notice import notice_outputs

        extra_outputs, notice_findings = notice_outputs(loaded, formats)
        findings.extend(notice_findings)
    return Built(kind, loaded, documents, findings, checked.verdict, extra_outputs, checked.findings)


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
            **options: Any) -> Produced:
    """``build`` then ``save``. ``strict``: a warning refuses the case before anything is written."""
    library = library or load_library(clauses_dir)
    built = build(kind, case, library, formats, **options)
    if strict and built.warnings:
        raise StrictFailure(built.warnings)
    written = save(built, out, force)
    stale = [Finding(WARNING, "manifest-stale", w) for w in getattr(written, "warnings", [])]
    return Produced(list(written), built.findings + stale)


class StrictFailure(DocgenError):
    """--strict and the build found warnings: each is printed as an error, nothing is written (exit 1)."""

    exit_code = 1

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} {'varning' if len(findings) == 1 else 'varningar'} med --strict; inget skrevs", hint="rätta varningarna ovan eller kör utan --strict")
        self.findings = findings
