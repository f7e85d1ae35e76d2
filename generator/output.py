"""Writing outputs: names per case, the manifest beside them, and one atomic step for all files.

Every file docgen writes for a case carries the case in its name: the template's stem (which keeps the
route, ``upphandlingsdokument-25a``) and the case's diarienummer (``von-2026-412``), or the case file's
name when the case has no diarienummer. Two cases written to one folder therefore never share a file.

A manifest beside the outputs (``<stem>.manifest.json``) records what docgen wrote, from which case
file, and each file's hash. A later run *updates* it: files of earlier runs that are still there stay
listed (with the clauses and templates they were made from, when those differ), entries for files that
no longer exist are dropped and reported. Before anything is written every planned file is checked:
a file someone edited, or a file that belongs to another case (its manifest names another case file), is
never replaced without ``--force``; the refusal names every such file at once.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DocgenError

# The subfolder of the output folder for documents the buyer keeps on file and never publishes (a
# template with ``internal: true``), so uploading "everything in out/" cannot publish them by mistake.
INTERNAL_DIR = "intern"

MANIFEST_SUFFIX = ".manifest.json"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- names -------------------------------------------------------------------------------------------

def slug(text: str) -> str:
    """``VON 2026/412`` → ``von-2026-412``; å ä ö → a a o; anything else but letters and digits → ``-``."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def case_key(reference: str | None, source: str | None) -> str:
    """What names a case's files: the diarienummer, else the case file's name (without .yaml)."""
    key = slug(reference or "")
    if not key and source:
        key = slug(Path(source).stem)
    return key or "arende"


def case_stem(template_stem: str, key: str) -> str:
    """``upphandlingsdokument-25a`` + ``von-2026-412`` → ``upphandlingsdokument-25a-von-2026-412``."""
    return f"{template_stem}-{key}" if key else template_stem


# --- which case a file belongs to -------------------------------------------------------------------------

def case_record(model, source: str, case_sha256: str) -> dict:
    """The manifest's ``case``: the case file and its hash, and what identifies the case — the
    organisation number of the authority (the public parties of an IOP, the organisation adopting a
    policy) and the diarienummer. Two case files with the same two are one case (a renamed copy);
    the same file name with another organisation or diarienummer is another case."""
    orgs: list[str] = []
    for holder in (getattr(model, "authority", None), getattr(model, "organisation", None)):
        if getattr(holder, "org_number", None):
            orgs.append(holder.org_number)
    parties = getattr(getattr(model, "parties", None), "public", None) or []
    orgs += [p.org_number for p in parties if getattr(p, "org_number", None)]
    header = getattr(model, "header", None)
    reference = (header()[1] if callable(header) else
                 getattr(getattr(model, "procurement", None), "reference", None)) or ""
    return {"file": Path(source).name, "sha256": case_sha256, "org_number": ", ".join(orgs),
            "reference": " ".join(str(reference).split())}


def _identity(case: dict) -> tuple | None:
    """(organisation numbers, diarienummer) of a manifest's ``case``; with no diarienummer the file name
    names the case (its files are named by it). None for a manifest written before the record existed."""
    if "org_number" not in case or "reference" not in case:
        return None
    return (re.sub(r"[^0-9,]", "", str(case["org_number"])), case["reference"] or f"fil:{case.get('file')}")


def same_case(old: dict, new: dict) -> bool:
    """Whether two manifests' ``case`` records are one case: by organisation number and diarienummer,
    or (an older manifest without them) by the case file's name."""
    old_id, new_id = _identity(old), _identity(new)
    if old_id is None or new_id is None:
        return old.get("file") == new.get("file")
    return old_id == new_id


def describe_case(case: dict) -> str:
    """``212000-0118, VON 2026/412 i tender-25a.yaml`` for a message."""
    who = ", ".join(p for p in (case.get("org_number"), case.get("reference")) if p)
    return f"{who} i {case.get('file')}" if who else str(case.get("file"))


# --- OS errors as user errors ----------------------------------------------------------------------

_OS_REASONS = {
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOSPC: "disken är full",
    errno.ENOTDIR: "en del av sökvägen är en fil, inte en katalog",
    errno.ENOENT: "katalogen finns inte",
    errno.EISDIR: "sökvägen är en katalog, inte en fil",
    errno.EEXIST: "det finns redan en fil med det namnet",
    errno.ENAMETOOLONG: "namnet är för långt",
}
if hasattr(errno, "EDQUOT"):
    _OS_REASONS[errno.EDQUOT] = "diskkvoten är full"

_OS_HINTS = {
    errno.EACCES: "välj en annan --out eller ändra behörigheten",
    errno.EPERM: "välj en annan --out eller ändra behörigheten",
    errno.EROFS: "välj en --out på en skrivbar disk",
    errno.ENOSPC: "frigör utrymme eller välj en --out på en annan disk",
    errno.ENOTDIR: "välj en --out som är en katalog, eller ta bort filen",
    errno.EEXIST: "välj en --out som är en katalog, eller ta bort filen",
}


def os_reason(exc: OSError) -> str:
    """A Swedish phrase for an operating-system error (never the English strerror)."""
    return _OS_REASONS.get(exc.errno or 0, f"operativsystemet svarade med felkod {exc.errno}")


def os_error(exc: OSError, what: str, where: Path | str | None = None, out_hint: bool = True) -> DocgenError:
    """One line for an OSError: what failed, where, and (for the output folder) how to fix it."""
    place = where if where is not None else (exc.filename or None)
    return DocgenError(f"{what}: {os_reason(exc)}", where=str(place) if place is not None else None,
                       hint=_OS_HINTS.get(exc.errno or 0) if out_hint else None)


# --- the manifest --------------------------------------------------------------------------------------

@dataclass
class OutputSet:
    """One document's files in one folder of ``--out``, and how they were made.

    ``record`` holds the manifest's description of the run (docgen version, case file, clauses,
    templates …) without ``outputs``; ``case_file`` names the case for the other-case check
    (None: the set belongs to no case, e.g. a redline).
    """

    stem: str
    files: dict[str, bytes]
    record: dict
    folder: str = ""
    case_file: str | None = None

    @property
    def manifest_name(self) -> str:
        return f"{self.stem}{MANIFEST_SUFFIX}"


class Written(list):
    """The paths written (a list, as before) and warnings about the manifests (stale entries)."""

    def __init__(self, paths=(), warnings=()):
        super().__init__(paths)
        self.warnings: list[str] = list(warnings)


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def read_previous(path: Path) -> dict | None:
    """The manifest already at ``path``, or None (missing or unreadable: treated as no manifest)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def manifest_groups(manifest: dict) -> list[dict]:
    """The runs a manifest describes: the latest (the top level) and the earlier ones still on disk."""
    groups = [manifest]
    groups += [g for g in manifest.get("earlier", []) if isinstance(g, dict)]
    return groups


def _outputs(group: dict) -> list[dict]:
    return [o for o in group.get("outputs", []) if isinstance(o, dict) and isinstance(o.get("file"), str)]


def _case_of(group: dict) -> dict | None:
    case = group.get("case")
    return case if isinstance(case, dict) and case.get("file") else None


def _provenance(group: dict) -> dict:
    return {k: v for k, v in group.items() if k not in ("outputs", "earlier")}


def _file_hash(path: Path) -> str | None:
    try:
        return sha256(path.read_bytes()) if path.is_file() else None
    except OSError as exc:
        raise os_error(exc, "en befintlig fil kan inte läsas", path) from None


@dataclass
class _Conflicts:
    edited: list[Path] = field(default_factory=list)
    other_case: dict[Path, str] = field(default_factory=dict)  # file → the case file it belongs to
    case_file: str | None = None  # the case being written

    def refusal(self) -> DocgenError | None:
        parts = []
        if self.other_case:
            owners = "; ".join(sorted(set(self.other_case.values())))
            files = ", ".join(str(p) for p in self.other_case)
            this = f"ärendet {self.case_file}" if self.case_file else "körningen"
            parts.append(f"{this} skulle ersätta filer som hör till ett annat ärende ({owners}): {files}")
        if self.edited:
            files = ", ".join(str(p) for p in self.edited)
            if len(self.edited) == 1:
                parts.append(f"{files}: filen finns redan och har ändrats sedan docgen skrev den (eller skrevs inte av docgen)")
            else:
                parts.append(f"{len(self.edited)} filer finns redan och har ändrats sedan docgen skrev dem "
                             f"(eller skrevs inte av docgen): {files}")
        if not parts:
            return None
        hint = ("ett ärende känns igen på organisationsnummer och diarienummer; ge ärendet ett eget diarienummer, "
                if self.other_case else "") + \
            ("spara filerna under andra namn, " if self.edited else "") + "välj en annan --out eller använd --force" + \
            (", som sparar de ändrade filerna som <namn>.redigerad.<typ>" if self.edited else "")
        return DocgenError("; ".join(parts), hint=hint)


def _check(out_dir: Path, outputs: OutputSet, previous: dict | None, conflicts: _Conflicts) -> None:
    folder = out_dir / outputs.folder if outputs.folder else out_dir
    known: dict[str, set[str]] = {}
    groups = manifest_groups(previous) if previous else []
    for group in groups:
        for entry in _outputs(group):
            known.setdefault(entry["file"], set()).add(str(entry.get("sha256")))
    if outputs.case_file is not None:
        this = outputs.record.get("case") if isinstance(outputs.record.get("case"), dict) else {"file": outputs.case_file}
        for group in groups:
            owner = _case_of(group)
            if owner is None or same_case(owner, this):
                continue
            for entry in _outputs(group):
                path = folder / entry["file"]
                if path.exists():
                    conflicts.other_case.setdefault(path, describe_case(owner))
                    conflicts.case_file = describe_case(this)
    for name, data in outputs.files.items():
        target = folder / name
        if target in conflicts.other_case:
            continue
        current = _file_hash(target)
        if current is None:
            if target.is_dir():
                raise DocgenError("en katalog står där docgen ska skriva en fil", where=str(target),
                                  hint="flytta katalogen eller välj en annan --out")
            continue
        if current != sha256(data) and current not in known.get(name, set()):
            conflicts.edited.append(target)


def _merged(out_dir: Path, outputs: OutputSet, previous: dict | None, warnings: list[str]) -> dict:
    """The new manifest: this run's record and files, plus the files of earlier runs still on disk."""
    folder = out_dir / outputs.folder if outputs.folder else out_dir
    manifest = dict(outputs.record)
    entries = [{"file": name, "sha256": sha256(data)} for name, data in outputs.files.items()]
    earlier: list[dict] = []
    for group in manifest_groups(previous) if previous else []:
        kept = []
        for entry in _outputs(group):
            if entry["file"] in outputs.files or any(e["file"] == entry["file"] for e in entries):
                continue
            if not (folder / entry["file"]).exists():
                warnings.append(f"{folder / outputs.manifest_name}: {entry['file']} fanns i manifestet men finns inte "
                                f"längre i katalogen; posten är borttagen")
                continue
            kept.append({"file": entry["file"], "sha256": entry.get("sha256")})
        if not kept:
            continue
        if _provenance(group) == _provenance(manifest):
            entries.extend(kept)
        else:
            earlier.append({**_provenance(group), "outputs": sorted(kept, key=lambda e: e["file"])})
    manifest["outputs"] = sorted(entries, key=lambda e: e["file"])
    if earlier:
        manifest["earlier"] = earlier
    return manifest


def save_outputs(out_dir: Path, sets: list[OutputSet], force: bool = False) -> Written:
    """Check every planned file, then write all files and their updated manifests in one atomic step.

    Refuses (DocgenError, nothing written) when a file was edited since docgen wrote it or belongs to
    another case, naming every such file, unless ``force``.
    """
    conflicts = _Conflicts()
    previous: list[dict | None] = []
    for outputs in sets:
        folder = out_dir / outputs.folder if outputs.folder else out_dir
        prev = read_previous(folder / outputs.manifest_name)
        previous.append(prev)
        _check(out_dir, outputs, prev, conflicts)
    refusal = conflicts.refusal()
    if refusal is not None and not force:
        raise refusal
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    if force:  # a hand-edited file is kept beside the new one, under a name that says so
        files.update(_kept_edits(out_dir, conflicts.edited, warnings))
    for outputs, prev in zip(sets, previous):
        prefix = outputs.folder + "/" if outputs.folder else ""
        own = {prefix + name: data for name, data in outputs.files.items()}
        own[prefix + outputs.manifest_name] = manifest_bytes(_merged(out_dir, outputs, prev, warnings))
        clash = sorted(set(files) & set(own))
        if clash:
            raise DocgenError(f"två dokument skulle skrivas till samma fil {clash[0]}", where=str(out_dir),
                              hint="ge mallarna olika output:")
        files.update(own)
    return Written(write_atomically(out_dir, files), warnings)


EDITED_MARK = "redigerad"


def kept_name(target: Path) -> Path:
    """``x.docx`` → ``x.redigerad.docx`` (``x.redigerad-2.docx`` when that is taken): the name under which
    ``--force`` keeps a file someone edited after docgen wrote it."""
    for number in range(1, 1000):
        mark = EDITED_MARK if number == 1 else f"{EDITED_MARK}-{number}"
        candidate = target.with_name(f"{target.stem}.{mark}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise DocgenError("för många sparade ändrade versioner", where=str(target), hint="städa bort gamla .redigerad-filer")


def _kept_edits(out_dir: Path, edited: list[Path], warnings: list[str]) -> dict[str, bytes]:
    kept: dict[str, bytes] = {}
    for target in edited:
        try:
            data = target.read_bytes()
        except OSError as exc:
            raise os_error(exc, "den ändrade filen kan inte läsas", target) from None
        keep = kept_name(target)
        kept[keep.relative_to(out_dir).as_posix()] = data
        warnings.append(f"{target}: filen hade ändrats sedan docgen skrev den; den ändrade versionen är sparad som {keep}")
    return kept


# --- atomic writing ------------------------------------------------------------------------------------

def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise DocgenError("utdatakatalogen kan inte skapas: det finns en fil med det namnet", where=str(folder),
                          hint="välj en --out som är en katalog, eller ta bort filen") from None
    except OSError as exc:
        raise os_error(exc, "utdatakatalogen kan inte skapas", folder) from None
    if not folder.is_dir():
        raise DocgenError("utdatakatalogen är en fil, inte en katalog", where=str(folder),
                          hint="välj en --out som är en katalog, eller ta bort filen")


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary name first, then rename them all; on failure remove the temps.

    A name may hold one subfolder (``intern/x.md``); the folders are made before anything is written.
    An operating-system error (no permission, read-only or full disk, a file where a folder should be)
    becomes one DocgenError; no temporary file is left behind and no target is half-written.
    """
    folders = list(dict.fromkeys([out_dir, *((out_dir / name).parent for name in files)]))
    made = [f for f in folders if not f.exists()]  # removed again if the write fails
    for folder in folders:
        _make_folder(folder)
    temps: list[tuple[Path, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    current: Path = out_dir
    replaced = 0
    try:
        for name, data in files.items():
            target = out_dir / name
            current = target
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~umask)
        for tmp, target in temps:
            current = target
            os.replace(tmp, target)
            replaced += 1
    except OSError as exc:
        _discard(temps, made if not replaced else [])
        what = ("filerna kunde inte skrivas, ingenting är ändrat" if not replaced else
                f"bara {replaced} av {len(files)} filer kunde ersättas (var och en är hel)")
        raise os_error(exc, what, current.parent) from None
    except BaseException:
        _discard(temps, made if not replaced else [])
        raise
    return [target for _, target in temps]


def _discard(temps, made) -> None:
    """Remove the temporary files of a failed write, and the folders it made if nothing was replaced."""
    for tmp, _ in temps:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
    if made:
        _remove_empty(made)


def _remove_empty(folders: list[Path]) -> None:
    """The folders this write made, deepest first, if nothing else landed in them."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass
