"""`docgen audit`: which issued documents a change in the law or the clause library reaches.

Each manifest (``*.manifest.json``) under the audited folders describes one issued document: its date,
the legal bases it cites, the thresholds it relied on and every clause with its version. Against the
register of legal changes (``legal_changes``), the thresholds in force on the audit date and today's
clause library, the audit reports per document:

- the cited provisions repealed or amended after the document's date (up to the audit date);
- the thresholds it relied on that are no longer the ones in force;
- the clauses the library has superseded since, with each clause's change notes (``changes:``);
- how many paragraphs a document built now (the same case, dated the audit date, today's library)
  would change.

A manifest that cannot be read, is from an unknown docgen version, or a document without a manifest
is one line in ``Audit.problems``; the other documents are audited all the same. ``reissue`` (in
``audit/reissue.py``) writes the new documents with a redline and a cover note.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__
from ..build import build
from ..errors import DocgenError
from ..findings import WARNING, Finding
from ..kinds import DOCUMENT_KINDS, parse_case
from ..legal_changes import LegalChange, changes_between, kronor, load_register
from ..library import ChangeNote, Library, version_key
from ..output import MANIFEST_SUFFIX, sha256
from ..redline import diff_paragraphs, document_paragraphs
from ..thresholds import threshold_in_force
from ..yamlfile import parse_yaml

DOCUMENT_SUFFIXES = (".docx", ".pdf", ".html", ".md")


# --- what the audit finds ---------------------------------------------------------------------

@dataclass
class BasisChange:
    citation: str               # as the document cites it
    change: LegalChange


@dataclass
class ThresholdChange:
    kind: str
    basis: str
    used_sek: int
    used_period: str
    current_sek: int | None     # None: no figure known on the audit date
    current_period: str | None
    gap: str | None
    changes: list[LegalChange] = field(default_factory=list)   # the register's entries in between
    current_source: str = ""   # where the figure in force on the audit date is published

    @property
    def sources(self) -> str:
        """The published sources of the change: the register's entries, else the figure now in force."""
        return "; ".join(c.source for c in self.changes) or self.current_source or "källa saknas"


@dataclass
class ClauseChange:
    clause_id: str
    old_version: str
    new_version: str | None     # None: the clause is no longer in the library
    notes: list[ChangeNote] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.new_version is None:
            return "borttagen"
        if self.new_version == self.old_version:
            return "texten ändrad utan ny version"
        return f"{self.old_version} → {self.new_version}"


@dataclass
class Rebuilt:
    """The same case built now: how many paragraphs differ from the issued document, or why not known."""

    changed: int | None = None
    total: int | None = None
    compared: str | None = None      # the issued file compared with
    reason: str | None = None        # why no rebuild was possible


@dataclass
class DocumentAudit:
    manifest: Path
    name: str                         # the issued document's main file
    title: str
    kind: str
    template: str
    date: date | None
    case_file: str | None
    case_sha256: str | None
    bases: list[BasisChange] = field(default_factory=list)
    thresholds: list[ThresholdChange] = field(default_factory=list)
    clauses: list[ClauseChange] = field(default_factory=list)
    rebuilt: Rebuilt = field(default_factory=Rebuilt)
    notes: list[str] = field(default_factory=list)   # what could not be checked (and why)
    record: dict = field(default_factory=dict, repr=False)
    case_path: Path | None = None

    @property
    def affected(self) -> bool:
        return bool(self.bases or self.thresholds or self.clauses)

    @property
    def complete(self) -> bool:
        """Whether the law could be checked at all (the document's date is known)."""
        return self.date is not None

    @property
    def status(self) -> str:
        return "berörs" if self.affected else "aktuellt" if self.complete else "ej prövat"

    @property
    def folder(self) -> Path:
        return self.manifest.parent


@dataclass
class Audit:
    day: date
    folders: list[Path]
    documents: list[DocumentAudit] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)   # manifests and documents that could not be audited
    register: list[LegalChange] = field(default_factory=list, repr=False)

    @property
    def affected(self) -> list[DocumentAudit]:
        return [d for d in self.documents if d.affected]

    @property
    def exit_code(self) -> int:
        """1: a document is affected; 2: nothing affected but a manifest or a document could not be audited
        (fully); 0: every document is current."""
        if self.affected:
            return 1
        return 2 if self.problems or not all(d.complete for d in self.documents) else 0


# --- reading manifests ---------------------------------------------------------------------------

def known_version(version: Any) -> bool:
    """A manifest docgen can read: written by this version of docgen or an earlier one."""
    try:
        return version_key(str(version)) <= version_key(__version__)
    except ValueError:
        return False


def _skip(record: dict) -> bool:
    """Manifests of files that are not an issued document: redlines (`docgen diff`), this command's
    own cover notes and case copies, and the eForms notice fields."""
    return ("document" not in record and ("old" in record or "reissue_of" in record or "redated_case" in record)) \
        or record.get("document") == "notice-fields"


def read_manifest(path: Path) -> tuple[dict | None, str | None]:
    """(the manifest, None) or (None, why it cannot be audited)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return None, f"manifestet kan inte läsas ({exc.strerror or exc.__class__.__name__})"
    except ValueError as exc:
        return None, f"manifestet är ingen giltig JSON ({exc})"
    if not isinstance(data, dict):
        return None, "manifestet är ingen JSON-mappning"
    if _skip(data):
        return data, None
    if not known_version(data.get("docgen_version")):
        return None, (f"manifestet är skrivet av en okänd docgen-version ({data.get('docgen_version')!r}; "
                      f"den här är {__version__}); granska dokumentet för hand eller uppdatera docgen")
    if not isinstance(data.get("clauses"), list) or not isinstance(data.get("outputs"), list):
        return None, "manifestet saknar förteckningen över klausuler eller skrivna filer"
    return data, None


def _main_file(record: dict, stem: str) -> str:
    files = [o["file"] for o in record.get("outputs", []) if isinstance(o, dict) and isinstance(o.get("file"), str)]
    for suffix in DOCUMENT_SUFFIXES:
        for name in files:
            if name.endswith(suffix):
                return name
    return files[0] if files else stem


def _issued_file(doc: DocumentAudit, suffixes: tuple[str, ...]) -> Path | None:
    for suffix in suffixes:
        for entry in doc.record.get("outputs", []):
            name = entry.get("file") if isinstance(entry, dict) else None
            if isinstance(name, str) and name.endswith(suffix) and (doc.folder / name).is_file():
                return doc.folder / name
    return None


def _title(record: dict, folder: Path, name: str) -> str:
    """The document's title from its Markdown (its first heading), else the file name."""
    for entry in record.get("outputs", []):
        file = entry.get("file") if isinstance(entry, dict) else None
        if isinstance(file, str) and file.endswith(".md") and (folder / file).is_file():
            try:
                for line in (folder / file).read_text(encoding="utf-8").splitlines():
                    if line.startswith("# "):
                        return line[2:].strip()
            except (OSError, UnicodeDecodeError):
                break
    return name


# --- the checks ------------------------------------------------------------------------------------

def basis_changes(record: dict, day: date, until: date, register: list[LegalChange]) -> list[BasisChange]:
    found = []
    cited = [c for c in record.get("legal_basis", []) if isinstance(c, str)]
    for change in changes_between(register, day, until):
        if change.threshold_kind:
            continue   # a figure, not a provision: compared with the thresholds the document used
        for citation in cited:
            if change.concerns(citation):
                found.append(BasisChange(citation, change))
    return found


def threshold_changes(record: dict, day: date, until: date, register: list[LegalChange]) -> list[ThresholdChange]:
    found = []
    for used in record.get("thresholds", []):
        if not isinstance(used, dict) or not used.get("kind"):
            continue
        kind = str(used["kind"])
        period = f"{used.get('valid_from')}–{used.get('valid_to') or 'tills vidare'}"
        now = threshold_in_force(kind, until)
        current = now.threshold
        if current is not None and current.amount_sek == used.get("amount_sek"):
            continue
        between = [c for c in changes_between(register, day, until) if c.threshold_kind == kind]
        found.append(ThresholdChange(kind, str(used.get("basis", "")), int(used.get("amount_sek") or 0), period,
                                     current.amount_sek if current else None, current.period if current else None,
                                     now.gap, between, current.source if current else ""))
    return found


def clause_changes(record: dict, library: Library) -> list[ClauseChange]:
    found = []
    for entry in record.get("clauses", []):
        if not isinstance(entry, dict) or not entry.get("id"):
            continue
        current = library.clauses.get(entry["id"])
        old = str(entry.get("version", "?"))
        if current is None:
            found.append(ClauseChange(entry["id"], old, None))
        elif current.meta.version != old:
            found.append(ClauseChange(entry["id"], old, current.meta.version, current.meta.changes_since(old)))
        elif current.sha256 != entry.get("sha256"):
            found.append(ClauseChange(entry["id"], old, current.meta.version))
    return found


# --- the case and the rebuild ----------------------------------------------------------------------

class CaseFinder:
    """Case files by the hash a manifest records: under ``--cases`` and the audited folders."""

    def __init__(self, roots: list[Path]):
        self.roots = roots
        self._by_hash: dict[str, Path] | None = None

    def find(self, digest: str | None) -> Path | None:
        if self._by_hash is None:
            self._by_hash = {}
            for root in self.roots:
                for path in sorted([*root.rglob("*.yaml"), *root.rglob("*.yml")]):
                    try:
                        self._by_hash.setdefault(sha256(path.read_bytes()), path)
                    except OSError:
                        continue
        return self._by_hash.get(digest or "")


_DATE_LINE = re.compile(r"(?m)^date:[ \t]*[^\n#]*?(?=[ \t]*(#.*)?$)")


def redated(text: str, day: date) -> str | None:
    """The case file's text with its top-level ``date:`` set to ``day`` (None: the file has no such line)."""
    if not _DATE_LINE.search(text):
        return None
    return _DATE_LINE.sub(f"date: {day.isoformat()}", text, count=1)


def rebuild(case_text: str, source: str, template: str, library: Library, formats: list[str],
            stem: str | None = None):
    """The one place the audit builds a document: the case (its text, named ``source``) through
    ``build.build`` with today's library; returns (the LoadedCase, the ``build.Rendered`` of ``template``).
    Raises DocgenError when the case or the build refuses."""
    loaded = parse_case(case_text, source)
    kind = next((k for k in DOCUMENT_KINDS.values() if template in k.templates()), None)
    if kind is None:
        raise DocgenError(f"mallen {template!r} hör inte till någon dokumenttyp längre")
    options: dict[str, Any] = {}
    if template in (option.template for option in kind.variants.values()):
        options["template"] = template
    flag = next((f for f, option in kind.optional.items() if option.template == template), None)
    if flag:
        options["optional"] = (flag,)
    built = build(kind, loaded, library, formats, **options)
    made = [r for r in built.documents if r.template == template]
    # a variant made once per party (the IOP memos) gives several documents of one template: the stem decides
    rendered = next((r for r in made if stem and r.document.output_stem == stem), made[0] if made else None)
    if rendered is None:
        raise DocgenError(f"ärendet ger inte längre dokumentet {template!r}")
    return loaded, rendered


def paragraphs_of(data: bytes, suffix: str) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="docgen-audit-") as tmp:
        path = Path(tmp) / f"doc{suffix}"
        path.write_bytes(data)
        return document_paragraphs(path)


def count_changed(old: list[str], new: list[str]) -> tuple[int, int]:
    """(paragraphs changed, added or removed; paragraphs of the new document)."""
    return sum(p.changed for p in diff_paragraphs(old, new)), len(new)


def _rebuild_for(doc: DocumentAudit, finder: CaseFinder, library: Library, day: date) -> None:
    if doc.case_sha256 is None:
        doc.rebuilt = Rebuilt(reason="manifestet anger ingen ärendefil")
        return
    path = finder.find(doc.case_sha256)
    if path is None:
        doc.rebuilt = Rebuilt(reason=f"ärendefilen {doc.case_file} (i den version dokumentet byggdes från) "
                                     "hittades inte; ange katalogen med --cases")
        return
    doc.case_path = path
    issued = _issued_file(doc, (".md", ".docx"))
    if issued is None:
        doc.rebuilt = Rebuilt(reason="varken dokumentets .md eller .docx finns kvar att jämföra med")
        return
    text = redated(path.read_text(encoding="utf-8"), day)
    if text is None:
        doc.rebuilt = Rebuilt(reason=f"ärendefilen {path} saknar date: på översta nivån")
        return
    try:
        _loaded, rendered = rebuild(text, str(path), doc.template, library, [issued.suffix.lstrip(".")],
                                    stem=doc.manifest.name[: -len(MANIFEST_SUFFIX)])
    except DocgenError as exc:
        doc.rebuilt = Rebuilt(reason=f"dokumentet kan inte byggas med dagens datum: {exc.one_line()}")
        return
    data = next(iter(rendered.files.values()))

    changed, total = count_changed(document_paragraphs(issued), paragraphs_of(data, issued.suffix))
    doc.rebuilt = Rebuilt(changed, total, issued.name)


# --- the audit ----------------------------------------------------------------------------------

def _parse_day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def audit_manifest(path: Path, record: dict, day: date, library: Library, register: list[LegalChange],
                   finder: CaseFinder | None) -> DocumentAudit:
    stem = path.name[: -len(MANIFEST_SUFFIX)]
    name = _main_file(record, stem)
    case = record.get("case") if isinstance(record.get("case"), dict) else {}
    doc = DocumentAudit(path, name, _title(record, path.parent, name), str(record.get("document", "")),
                        str(record.get("template", "")), _parse_day(record.get("date")), case.get("file"),
                        case.get("sha256"), record=record)
    if finder is not None and doc.case_sha256:
        doc.case_path = finder.find(doc.case_sha256)
    if doc.date is None and doc.case_path is not None:   # a manifest written before the date was recorded

        data, _lines = parse_yaml(doc.case_path.read_text(encoding="utf-8"), str(doc.case_path))
        doc.date = _parse_day(data.get("date")) if isinstance(data, dict) else None
    if "thresholds" not in record:   # written before docgen recorded them: the case at its own date tells
        record = {**record, "thresholds": _thresholds_from_case(doc, library)}
        doc.record = record
    if doc.date is None:
        doc.notes.append("dokumentets datum står varken i manifestet eller i en ärendefil som hittades; "
                         "lagändringarna kan inte prövas (ange ärendekatalogen med --cases)")
    else:
        doc.bases = basis_changes(record, doc.date, day, register)
        doc.thresholds = threshold_changes(record, doc.date, day, register)
    doc.clauses = clause_changes(record, library)
    if finder is not None:
        _rebuild_for(doc, finder, library, day)
    return doc


def _thresholds_from_case(doc: DocumentAudit, library: Library) -> list[dict]:
    """The thresholds of a manifest that does not record them: the case built again at its own date (the
    figures in force then; the clause library may have changed, the dated data has not). Without the case
    file: none, and a note says so."""
    if doc.case_path is None:
        doc.notes.append("manifestet anger inte vilka tröskelvärden dokumentet byggde på (skrivet av en äldre "
                         "docgen) och ärendefilen hittades inte; tröskelvärdena kan inte prövas")
        return []
    try:
        _loaded, rendered = rebuild(doc.case_path.read_text(encoding="utf-8"), str(doc.case_path), doc.template,
                                    library, ["md"], stem=doc.manifest.name[: -len(MANIFEST_SUFFIX)])
    except DocgenError as exc:
        doc.notes.append(f"tröskelvärdena kan inte prövas: ärendet kan inte byggas ({exc.one_line()})")
        return []
    doc.notes.append("manifestet anger inte vilka tröskelvärden dokumentet byggde på (skrivet av en äldre docgen); "
                     "de är hämtade ur ärendefilen och tröskelvärdena på dokumentets datum")
    return [{"kind": t.kind, "amount_sek": t.amount_sek, "valid_from": t.valid_from.isoformat(),
             "valid_to": t.valid_to.isoformat() if t.valid_to else None, "basis": t.basis} for t in rendered.thresholds]


def manifests_under(folders: list[Path]) -> list[Path]:
    found: set[Path] = set()
    for folder in folders:
        found.update(p for p in folder.rglob(f"*{MANIFEST_SUFFIX}") if p.is_file())
    return sorted(found)


def run_audit(folders: list[Path], day: date, library: Library, cases: list[Path] | None = None,
              rebuild_documents: bool = True) -> Audit:
    """Audit every manifest under ``folders`` on ``day``. ``cases``: more folders to look for the case
    files in (the audited folders are searched too); ``rebuild_documents=False`` skips the rebuild."""
    for folder in folders:
        if not folder.is_dir():
            raise DocgenError("katalogen finns inte", where=str(folder), hint="ange kataloger med utfärdade dokument")
    result = Audit(day, folders, register=load_register())
    finder = CaseFinder([*(cases or []), *folders]) if rebuild_documents else None
    listed: set[Path] = set()
    paths = manifests_under(folders)
    for path in paths:
        record, problem = read_manifest(path)
        if record is None:
            result.problems.append(Finding(WARNING, "audit-unreadable", problem or "manifestet kan inte läsas", file=str(path)))
            continue
        for group in [record, *[g for g in record.get("earlier", []) if isinstance(g, dict)]]:
            for entry in group.get("outputs", []):
                if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                    listed.add((path.parent / entry["file"]).resolve())
        if _skip(record):
            continue
        result.documents.append(audit_manifest(path, record, day, library, result.register, finder))
    unreadable = {(Path(p.where).parent.resolve(), Path(p.where).name[: -len(MANIFEST_SUFFIX)]) for p in result.problems}
    orphans: dict[tuple[Path, str], list[str]] = {}
    for folder in folders:
        for document in sorted(folder.rglob("*")):
            if document.suffix.lower() not in DOCUMENT_SUFFIXES or not document.is_file() or document.resolve() in listed:
                continue
            key = (document.parent.resolve(), document.stem)
            if key not in unreadable:   # already reported on its manifest's line
                orphans.setdefault((document.parent, document.stem), []).append(document.suffix.lower())
    for (parent, stem), suffixes in orphans.items():
        result.problems.append(Finding(WARNING, "audit-no-manifest",
                                       "dokumentet saknar manifest (*.manifest.json); docgen kan inte säga vad det byggde på",
                                       file=str(parent / stem) + f" ({', '.join(suffixes)})"))
    if not paths and not result.problems:
        raise DocgenError("inga manifest (*.manifest.json) i katalogerna", where=", ".join(map(str, folders)),
                          hint="ange kataloger där docgen har skrivit dokument")
    result.documents.sort(key=lambda d: str(d.manifest))
    return result


def threshold_text(change: ThresholdChange) -> str:
    now = (f"{kronor(change.current_sek)} ({change.current_period})" if change.current_sek is not None
           else f"inget känt belopp ({change.gap})")
    return f"{change.basis}: {kronor(change.used_sek)} ({change.used_period}) → {now}"
