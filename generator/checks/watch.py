"""``docgen check --watch``: run the checks again whenever a file of the library, the templates, the
samples or docgen's data is saved. A polling watcher (file times and sizes every half second): no
dependency, and it works the same on every file system (network shares and editors that save by
renaming included)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Iterable

Stamps = dict[str, tuple[int, int]]


def stamps(folders: Iterable[Path | None]) -> Stamps:
    """Modification time and size of every file under ``folders`` (editors' temporary files left out)."""
    found: Stamps = {}
    for folder in folders:
        if folder is None or not Path(folder).is_dir():
            continue
        for path in Path(folder).rglob("*"):
            name = path.name
            if name.startswith((".", "#")) or name.endswith(("~", ".swp", ".tmp")):
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            if path.is_file():
                found[str(path)] = (info.st_mtime_ns, info.st_size)
    return found


def changed(before: Stamps, after: Stamps) -> list[str]:
    """Files added, removed or saved between two looks, sorted."""
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


def watch(folders: list[Path | None], run: Callable[[list[str]], None], *, interval: float = 0.5,
          settle: float = 0.2, rounds: int | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
    """Call ``run([])`` once, then ``run(changed_files)`` after every save, until interrupted (or after
    ``rounds`` looks, for tests). A burst of saves (an editor writing a file and its backup) is one run:
    the files must be still for ``settle`` seconds first."""
    before = stamps(folders)
    run([])
    looked = 0
    while rounds is None or looked < rounds:
        sleep(interval)
        looked += 1
        now = stamps(folders)
        if now == before:
            continue
        while True:   # wait until the saving is over
            sleep(settle)
            later = stamps(folders)
            if later == now:
                break
            now = later
        files, before = changed(before, now), now
        run(files)


def first_those_of(problems: list, files: list[str]) -> list:
    """The problems in ``files`` (the ones just saved) first, each group in its own order."""
    touched = {str(Path(f).resolve()) for f in files}

    def in_touched(problem) -> bool:
        try:
            return str(Path(problem.file).resolve()) in touched
        except (OSError, ValueError):
            return False

    return [p for p in problems if in_touched(p)] + [p for p in problems if not in_touched(p)]
