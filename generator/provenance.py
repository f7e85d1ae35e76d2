"""Provenance: check a generated document against the manifest beside it and the current library."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocgenError
from .library import Library
from .output import manifest_groups, same_case, sha256
from .resources import resource_dir
from .yamlfile import read_text_file


@dataclass
class ClauseChange:
    clause_id: str
    status: str            # "ändrad" or "borttagen"
    old_version: str
    new_version: str | None = None


@dataclass
class Verification:
    document: Path
    manifest: Path
    document_changed: bool
    changes: list[ClauseChange] = field(default_factory=list)
    unchanged: int = 0
    template_changes: list[str] = field(default_factory=list)  # one report line per changed or missing template
    missing: list[str] = field(default_factory=list)  # files the manifest lists that are no longer in the folder
    stale: list[str] = field(default_factory=list)  # the case changed since: one report line each

    @property
    def ok(self) -> bool:
        return not self.document_changed and not self.changes and not self.template_changes and not self.stale


def template_changes(manifest: dict, templates: Path | None) -> list[str]:
    """The document template and Word skeleton recorded in the manifest, against today's files
    (``templates`` or the bundled folder; a skeleton missing there is looked for in the bundled one,
    as rendering does). Manifests written before the record existed have nothing to compare."""
    bundled = resource_dir("templates")
    roots = [Path(templates), bundled] if templates else [bundled]
    out = []
    for entry in manifest.get("templates", []):
        if not isinstance(entry, dict) or not entry.get("file"):
            continue
        current = next((root / entry["file"] for root in roots if (root / entry["file"]).is_file()), None)
        if current is None:
            out.append(f"mallen {entry['file']} finns inte längre")
        elif sha256(current.read_bytes()) != entry.get("sha256"):
            out.append(f"mallen {entry['file']} har ändrats sedan dokumentet skapades ({current})")
    return out


def manifest_path_for(document: Path) -> Path:
    """``out/upphandlingsdokument-25a.docx`` → ``out/upphandlingsdokument-25a.manifest.json``."""
    return document.with_name(f"{document.stem}.manifest.json")


def read_manifest(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DocgenError("manifestfilen saknas bredvid dokumentet", where=str(path),
                          hint="docgen skriver <namn>.manifest.json bredvid varje dokument; flytta dem tillsammans") from None
    except (OSError, ValueError) as exc:
        raise DocgenError(f"manifestfilen kan inte läsas: {exc}", where=str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("outputs"), list):
        raise DocgenError("manifestfilen saknar förteckningen över skrivna filer", where=str(path))
    # a document made from a template lists its clauses; an extra output (the notice fields) has neither
    if "template" in data and not isinstance(data.get("clauses"), list):
        raise DocgenError("manifestfilen saknar förteckningen över klausuler", where=str(path))
    return data


def case_staleness(document: Path, manifest: dict, group: dict, case_path: Path | None) -> list[str]:
    """Whether the document was made from the case as it is: against a later run in the same folder (a
    newer file beside it made from another version of the case) and, with ``case_path``, against the case
    file as it is now."""
    made_from = group.get("case") if isinstance(group.get("case"), dict) else {}
    lines = []
    latest = manifest_groups(manifest)[0]
    latest_case = latest.get("case") if isinstance(latest.get("case"), dict) else {}
    if latest is not group and made_from and latest_case.get("sha256") and \
            latest_case.get("sha256") != made_from.get("sha256") and same_case(made_from, latest_case):
        newer = ", ".join(o["file"] for o in latest.get("outputs", []) if isinstance(o, dict) and o.get("file"))
        lines.append(f"{document}: dokumentet skapades från en tidigare version av ärendet ({made_from.get('file')}); "
                     f"{newer} skrevs senare från en nyare version (skriv om dokumentet från ärendefilen)")
    if case_path is not None:
        text = read_text_file(case_path, "ärendefilen")
        if sha256(text.encode("utf-8")) != made_from.get("sha256"):
            lines.append(f"{document}: dokumentet skapades från en annan version av ärendet än {case_path} "
                         f"(ärendefilen har ändrats sedan, eller är en annan; skriv om dokumentet med --data {case_path})")
    return lines


def verify_document(document: Path, library: Library, templates: Path | None = None,
                    case_path: Path | None = None) -> Verification:
    """The document against the manifest beside it: the run that wrote it (the latest, or an earlier one
    whose files are still there) gives the clauses and templates to compare with today's; a later run
    from another version of the case, or ``case_path`` as it is now, makes it stale."""
    if not document.is_file():
        raise DocgenError("dokumentet finns inte", where=str(document), hint="ange en fil som docgen har skrivit")
    manifest_path = manifest_path_for(document)
    manifest = read_manifest(manifest_path)
    group = next((g for g in manifest_groups(manifest)
                  if any(isinstance(o, dict) and o.get("file") == document.name for o in g.get("outputs", []))), None)
    if group is None:
        raise DocgenError(f"manifestfilen nämner inte {document.name}", where=str(manifest_path),
                          hint="dokumentet och manifestet hör inte ihop")
    recorded = next(o.get("sha256") for o in group["outputs"] if isinstance(o, dict) and o.get("file") == document.name)
    result = Verification(document, manifest_path, sha256(document.read_bytes()) != recorded,
                          template_changes=template_changes(group, templates),
                          stale=case_staleness(document, manifest, group, case_path))
    result.missing = sorted(o["file"] for g in manifest_groups(manifest) for o in g.get("outputs", [])
                            if isinstance(o, dict) and isinstance(o.get("file"), str)
                            and not (document.parent / o["file"]).exists())
    for entry in group.get("clauses", []):
        current = library.clauses.get(entry["id"])
        if current is None:
            result.changes.append(ClauseChange(entry["id"], "borttagen", entry.get("version", "?")))
        elif current.sha256 != entry.get("sha256"):
            result.changes.append(ClauseChange(entry["id"], "ändrad", entry.get("version", "?"), current.meta.version))
        else:
            result.unchanged += 1
    return result


def report_lines(result: Verification) -> list[str]:
    lines: list[str] = []
    if result.document_changed:
        lines.append(f"{result.document}: dokumentet har ändrats sedan docgen skrev det (kontrollsumman stämmer inte med manifestet)")
    for change in result.changes:
        if change.status == "borttagen":
            lines.append(f"{change.clause_id}: klausulen finns inte längre i biblioteket (var version {change.old_version})")
        else:
            version = (f"version {change.old_version} → {change.new_version}" if change.new_version != change.old_version
                       else f"version {change.old_version}, men texten är en annan")
            lines.append(f"{change.clause_id}: klausulen har ändrats sedan dokumentet skapades ({version})")
    lines.extend(result.template_changes)
    lines.extend(result.stale)
    for name in result.missing:  # reported, not a failure: the document itself can still be verified
        lines.append(f"{result.manifest}: manifestet nämner {name}, som inte längre finns i katalogen")
    total = result.unchanged + len(result.changes)
    if total or result.document_changed:
        lines.append(f"{result.unchanged} av {total} klausuler oförändrade"
                     + ("" if result.document_changed else "; dokumentet är oförändrat sedan docgen skrev det"))
    elif not result.document_changed:  # a file made without clauses (the notice fields)
        lines.append("dokumentet är oförändrat sedan docgen skrev det")
    return lines
