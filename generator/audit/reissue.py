"""`docgen audit --reissue OUT`: each affected document built again from its case, dated the audit date,
with today's clause library, into OUT (never over the originals), with a Word document of tracked
changes against the issued DOCX and a cover note listing the reasons. All files are written in one
atomic step (``output.save_outputs``)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from .. import __version__
from ..build import manifest
from ..errors import DocgenError
from ..library import Library
from ..output import INTERNAL_DIR, OutputSet, save_outputs
from ..redline import Redline, compare_documents
from ..redline_docx import write_redline_docx
from . import Audit, DocumentAudit, rebuild, redated
from .report import cover_note


@dataclass
class Reissued:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)   # one line per affected document that was not re-issued


def _overlaps(a: Path, b: Path) -> bool:
    a, b = a.resolve(), b.resolve()
    return a == b or a in b.parents or b in a.parents


def check_target(out: Path, folders: list[Path]) -> None:
    for folder in folders:
        if _overlaps(out, folder):
            raise DocgenError("--reissue får inte skriva i eller ovanför de granskade katalogerna", where=str(out),
                              hint=f"välj en katalog utanför {folder}; de utfärdade dokumenten skrivs aldrig över")


def _formats(doc: DocumentAudit) -> list[str]:
    """The formats the issued document was written in (DOCX always: the redline compares with it)."""
    found = {Path(o["file"]).suffix.lstrip(".") for o in doc.record.get("outputs", [])
             if isinstance(o, dict) and isinstance(o.get("file"), str)}
    return ["docx", *sorted(f for f in found if f in ("pdf", "html", "md"))]


def _redline(issued: Path, new_docx: bytes, old_label: str, new_label: str, day: date) -> tuple[bytes, int]:
    with tempfile.TemporaryDirectory(prefix="docgen-reissue-") as tmp:
        new_path = Path(tmp) / f"new{issued.suffix}"
        if issued.suffix == ".docx":
            new_path.write_bytes(new_docx)
        else:
            raise DocgenError("det utfärdade dokumentets DOCX finns inte", where=str(issued))
        sections = compare_documents(issued, new_path)
    redline = Redline(old_label, new_label, sections, datetime(day.year, day.month, day.day, tzinfo=timezone.utc))
    changed = sum(p.changed for s in sections for p in s.paragraphs)
    return write_redline_docx(redline), changed


def reissue(audit: Audit, library: Library, out: Path, force: bool = False) -> Reissued:
    check_target(out, audit.folders)
    result = Reissued()
    sets: list[OutputSet] = []
    cases: dict[str, OutputSet] = {}
    planned: set[tuple[str, str]] = set()
    for doc in audit.affected:
        issued = doc.folder / doc.name if doc.name.endswith(".docx") and (doc.folder / doc.name).is_file() else None
        if doc.case_path is None:
            result.skipped.append(f"{doc.manifest}: inte utfärdat på nytt: ärendefilen hittades inte (ange --cases)")
            continue
        if issued is None:
            result.skipped.append(f"{doc.manifest}: inte utfärdat på nytt: det utfärdade dokumentets DOCX finns inte "
                                  "att jämföra med")
            continue
        text = redated(doc.case_path.read_text(encoding="utf-8"), audit.day)
        if text is None:
            result.skipped.append(f"{doc.manifest}: inte utfärdat på nytt: ärendefilen saknar date:")
            continue
        case_name = doc.case_path.name
        if case_name in cases and cases[case_name].files[case_name] != text.encode("utf-8"):
            case_name = f"{doc.case_path.stem}-{(doc.case_sha256 or '')[:8]}{doc.case_path.suffix}"  # two cases, one name
        try:
            loaded, rendered = rebuild(text, str(out / case_name), doc.template, library, _formats(doc),
                                       stem=doc.manifest.name[: -len(".manifest.json")])
        except DocgenError as exc:
            result.skipped.append(f"{doc.manifest}: inte utfärdat på nytt: {exc.one_line()}")
            continue
        folder = INTERNAL_DIR if rendered.internal else ""
        stem = rendered.document.output_stem
        if (folder, stem) in planned:   # the same document issued in two audited folders: re-issued once
            result.skipped.append(f"{doc.manifest}: inte utfärdat på nytt: {stem} skrivs redan från ett annat manifest")
            continue
        planned.add((folder, stem))
        new_docx = rendered.files[f"{stem}.docx"]
        redline_name = f"{stem}-andringar.docx"
        redline, changed = _redline(issued, new_docx, doc.name, f"{stem}.docx ({audit.day.isoformat()})", audit.day)
        note_name = f"{stem}-foljebrev.md"
        note = cover_note(doc, audit.day, f"{stem}.docx", redline_name, changed, case_name)
        sets.append(OutputSet(stem, rendered.files, manifest(rendered, loaded), folder, case_name))
        sets.append(OutputSet(f"{stem}-andringar", {redline_name: redline, note_name: note.encode("utf-8")},
                              {"docgen_version": __version__, "reissue_of": str(doc.manifest),
                               "audit_date": audit.day.isoformat()}, folder))
        if case_name not in cases:
            cases[case_name] = OutputSet(f"{Path(case_name).stem}-arende", {case_name: text.encode("utf-8")},
                                         {"docgen_version": __version__, "redated_case": str(doc.case_path),
                                          "date": audit.day.isoformat()})
    if sets:
        result.written = list(save_outputs(out, sets + list(cases.values()), force))
    return result
