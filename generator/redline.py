"""Redlines: word-level differences between two versions of the clause library or of a document.

The comparison is plain data (sections of paragraphs of segments); writers turn it into a DOCX with
tracked changes (``redline_docx.py``) and an HTML page (``redline_html.py``).
"""

from __future__ import annotations

import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from .errors import DocgenError
from .library import FRONT_MATTER

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_PAIR_RATIO = 0.35  # below this similarity two paragraphs are shown as one deleted and one inserted


@dataclass
class Paragraph:
    segments: list[tuple[str, str]]   # (EQUAL | INSERT | DELETE, text)
    status: str = EQUAL               # INSERT/DELETE when the whole paragraph is new/removed

    @property
    def changed(self) -> bool:
        return self.status != EQUAL or any(op != EQUAL for op, _ in self.segments)


@dataclass
class Section:
    title: str
    status: str                       # "ändrad", "ny", "borttagen" (library) or "" (document)
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # the clause's change notes (changes:) newer than OLD


@dataclass
class Redline:
    old_label: str
    new_label: str
    sections: list[Section]
    changed_at: datetime

    def counts(self) -> tuple[int, int]:
        """(words inserted, words deleted)."""
        inserted = deleted = 0
        for section in self.sections:
            for paragraph in section.paragraphs:
                for op, text in paragraph.segments:
                    words = len(re.findall(r"\w+", text))
                    inserted += words if op == INSERT else 0
                    deleted += words if op == DELETE else 0
        return inserted, deleted


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _merge(segments: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for op, text in segments:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level difference of two paragraphs: deletions before insertions at each change."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            segments.append((EQUAL, "".join(a[i1:i2])))
        else:
            segments.append((DELETE, "".join(a[i1:i2])))
            segments.append((INSERT, "".join(b[j1:j2])))
    return _merge(segments)


def diff_paragraphs(old: list[str], new: list[str]) -> list[Paragraph]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[Paragraph] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(Paragraph([(EQUAL, p)]) for p in old[i1:i2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        paired = 0
        while paired < min(len(olds), len(news)):
            a, b = olds[paired], news[paired]
            if difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio() < _PAIR_RATIO:
                break
            out.append(Paragraph(diff_words(a, b)))
            paired += 1
        out.extend(Paragraph([(DELETE, p)], DELETE) for p in olds[paired:])
        out.extend(Paragraph([(INSERT, p)], INSERT) for p in news[paired:])
    return out


# --- what is compared ------------------------------------------------------------------------

def clause_paragraphs(text: str) -> list[str]:
    """A clause file as paragraphs: each front-matter line, then the body's blank-line separated blocks."""
    text = text.replace("\r\n", "\n")
    match = FRONT_MATTER.match(text)
    head: list[str] = []
    if match:
        head = [line for line in match.group(1).split("\n") if line.strip()]
        text = text[match.end():]
    return head + text_paragraphs(text)


def text_paragraphs(text: str) -> list[str]:
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [" ".join(line.strip() for line in b.split("\n")) if not b.lstrip().startswith("|") else b.strip()
            for b in blocks if b.strip()]


def _title(text: str, fallback: str) -> str:
    found = re.search(r"(?m)^title:\s*(.+)$", text)
    return f"{fallback} – {found.group(1).strip()}" if found else fallback


def change_notes(old_text: str, new_text: str) -> list[str]:
    """The entries of the new clause's ``changes:`` log for versions after the old clause's version, as
    ``1.0.1 (2026-12-02): what Skäl: why``. Read leniently: an old revision need not be a valid clause."""
    def front(text: str) -> dict:
        match = FRONT_MATTER.match(text.replace("\r\n", "\n"))
        try:
            data = yaml.safe_load(match.group(1)) if match else None
        except yaml.YAMLError:
            return {}
        return data if isinstance(data, dict) else {}

    def key(version) -> tuple:
        try:
            return tuple(int(part) for part in str(version).split("."))
        except ValueError:
            return ()

    old_version = key(front(old_text).get("version")) if old_text else ()
    notes = []
    for note in front(new_text).get("changes") or []:
        if isinstance(note, dict) and key(note.get("version")) > old_version:
            notes.append(f"{note.get('version')} ({note.get('date')}): {note.get('what', '')} Skäl: {note.get('why', '')}")
    return notes


def library_files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).with_suffix("").as_posix(): p for p in sorted(root.rglob("*.md"))
            if p.name.lower() != "readme.md"}


def compare_libraries(old_root: Path, new_root: Path) -> list[Section]:
    old, new = library_files(old_root), library_files(new_root)
    sections: list[Section] = []
    for clause_id in sorted(set(old) | set(new)):
        old_text = old[clause_id].read_text(encoding="utf-8") if clause_id in old else ""
        new_text = new[clause_id].read_text(encoding="utf-8") if clause_id in new else ""
        if old_text == new_text:
            continue
        status = "ny" if not old_text else "borttagen" if not new_text else "ändrad"
        section = Section(_title(new_text or old_text, clause_id), status,
                          diff_paragraphs(clause_paragraphs(old_text), clause_paragraphs(new_text)),
                          change_notes(old_text, new_text))
        sections.append(section)
    return sections


def document_paragraphs(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        document = Document(str(path))
        out: list[str] = []
        for block in document.element.body.iterchildren():
            tag = block.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = DocxParagraph(block, document).text
                if text.strip():
                    out.append(text)
            elif tag == "tbl":
                for row in Table(block, document).rows:
                    out.append(" | ".join(cell.text for cell in row.cells))
        return out
    if suffix in (".md", ".txt"):
        return text_paragraphs(path.read_text(encoding="utf-8"))
    raise DocgenError(f"kan inte jämföra filer av typen {suffix or '(ingen ändelse)'}", where=str(path),
                      hint="jämför .docx, .md eller .txt, två klausulkataloger eller två git-revisioner")


def compare_documents(old: Path, new: Path) -> list[Section]:
    return [Section("", "", diff_paragraphs(document_paragraphs(old), document_paragraphs(new)))]


# --- git revisions ---------------------------------------------------------------------------

def export_revision(repo: Path, revision: str, subdir: str, target: Path) -> Path:
    """Write ``subdir`` as it was at ``revision`` under ``target``; return the directory."""
    def git(*args: str) -> bytes:
        try:
            return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=True).stdout
        except FileNotFoundError:
            raise DocgenError("git finns inte installerat", hint="installera git eller jämför två kataloger") from None
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise DocgenError(f"{revision!r} är varken en fil, en katalog eller en git-revision i {repo}"
                              + (f" ({detail[-1]})" if detail else ""), where=revision,
                              hint="ange två kataloger, två dokument eller två revisioner som HEAD~1 HEAD") from None

    commit = git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    prefix = git("rev-parse", "--show-prefix").decode().strip()
    path = (prefix + subdir).strip("/") or "."
    data = git("archive", "--format=tar", commit, "--", path)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")
    root = target / path
    if not root.is_dir():
        raise DocgenError(f"katalogen {subdir} finns inte i revisionen {revision}", where=revision)
    return root


def _newest_mtime(paths: list[Path]) -> datetime:
    times = [p.stat().st_mtime for p in paths if p.exists()]
    return datetime.fromtimestamp(int(max(times)) if times else 0, timezone.utc)


def compare(old: str, new: str, repo: Path, subdir: str = "clauses") -> Redline:
    """OLD/NEW are two library directories, two documents, or two git revisions of ``repo``."""
    old_path, new_path = Path(old), Path(new)
    if old_path.is_dir() and new_path.is_dir():
        sections = compare_libraries(old_path, new_path)
        return Redline(old, new, sections, _newest_mtime(list(library_files(new_path).values())))
    if old_path.is_file() and new_path.is_file():
        return Redline(old, new, compare_documents(old_path, new_path), _newest_mtime([new_path]))
    kinds = "två kataloger, två dokument eller två git-revisioner"
    if old_path.exists() != new_path.exists():  # one is a path and the other is not: a mistyped name
        missing, role = (new_path, "NEW") if old_path.exists() else (old_path, "OLD")
        raise DocgenError(f"{role} finns inte", where=str(missing), hint=f"kontrollera sökvägen; ange {kinds}")
    if old_path.exists() and old_path.is_dir() != new_path.is_dir():
        what = {True: "en katalog", False: "en fil"}
        raise DocgenError(f"OLD är {what[old_path.is_dir()]} men NEW är {what[new_path.is_dir()]}", where=str(new_path),
                          hint=f"ange {kinds}")
    with tempfile.TemporaryDirectory(prefix="docgen-diff-") as tmp:
        old_root = export_revision(repo, old, subdir, Path(tmp) / "old")
        new_root = export_revision(repo, new, subdir, Path(tmp) / "new")
        sections = compare_libraries(old_root, new_root)
        changed_at = _newest_mtime(list(library_files(new_root).values()))
    return Redline(old, new, sections, changed_at)
