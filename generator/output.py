"""Writing outputs: all files rendered first, then each moved into place atomically.

A manifest beside the outputs (``<stem>.manifest.json``) records what docgen wrote and its hash,
so a file someone edited afterwards is never overwritten without ``--force``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from .errors import DocgenError


# The subfolder of the output folder for documents the buyer keeps on file and never publishes (a
# template with ``internal: true``), so uploading "everything in out/" cannot publish them by mistake.
INTERNAL_DIR = "intern"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _previous_hashes(manifest_path: Path) -> dict[str, str]:
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
        return {entry["file"]: entry["sha256"] for entry in data.get("outputs", [])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def check_overwrite(out_dir: Path, files: dict[str, bytes], manifest_name: str, force: bool) -> None:
    previous = _previous_hashes(out_dir / manifest_name)
    for name, data in files.items():
        target = out_dir / name
        if force or not target.exists():
            continue
        current = sha256(target.read_bytes())
        if current == sha256(data):
            continue
        if previous.get(name) != current:
            raise DocgenError("filen finns redan och har ändrats sedan docgen skrev den (eller skrevs inte av docgen)",
                              where=str(target), hint="spara den under ett annat namn, välj en annan --out eller använd --force")


def write_atomically(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write every file to a temporary name first, then rename them all; on failure remove the temps.

    A name may hold one subfolder (``intern/x.md``); the folders are made before anything is written.
    """
    folders = dict.fromkeys([out_dir, *((out_dir / name).parent for name in files)])
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DocgenError(f"utdatakatalogen kan inte skapas: {exc.strerror}", where=str(folder)) from None
    temps: list[tuple[Path, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for name, data in files.items():
            target = out_dir / name
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            temps.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~umask)
        for tmp, target in temps:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        raise
    return [target for _, target in temps]


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")
