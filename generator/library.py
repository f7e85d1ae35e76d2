"""The clause library: Markdown files with YAML front matter, one clause each."""

from __future__ import annotations

import difflib
import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Callable, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import __version__
from .cpv import CPV_PATTERN
from .datafiles import OneOf, route_ids
from .errors import DocgenError, Place
from .resources import cache_root, resource_dir
from .validation import Issue, Wording
from .validation import error as validation_error
from .yamlfile import LineMap, misread, parse_yaml, read_text_file

ClauseKind = Literal["reservation", "value-transfer", "employment", "labour-law", "iop", "policy", "general",
                     "qualification", "appendix", "definition", "social"]
CLAUSE_KINDS: tuple[str, ...] = get_args(ClauseKind)   # a clause's front matter kind:
# The kinds in Swedish, for lists and messages (the ids above stay what front matter and --kind use).
KIND_LABELS = {"reservation": "reservation", "value-transfer": "värdeöverföring", "employment": "sysselsättning",
               "labour-law": "arbetsrätt", "iop": "IOP", "policy": "policy", "general": "allmän",
               "qualification": "kvalificering", "appendix": "bilaga", "definition": "definition",
               "social": "social hänsyn"}
VAR_TYPES = ("text", "time", "integer", "money", "percent", "date", "cpv", "choice", "bool", "list", "mapping")
RouteOrAll = Annotated[str, OneOf(route_ids, "all")]  # the route ids of data/routes.yaml, or all of them
RouteId = Annotated[str, OneOf(route_ids)]
# Levels of a condition or qualification clause, in rising order (Upphandlingsmyndigheten's
# kriterietjänst: basnivå, avancerad nivå, spjutspetsnivå). The first is used when the case chooses none.
LEVELS = ("bas", "avancerad", "spjutspets")
# When the supplier proves a requirement (criteria.when), in the order they are shown.
# `ansökan` is the LOV word: in a valfrihetssystem the supplier applies (ansökan), it does not tender.
PROOF_TIMES = {"anbud": "med anbudet", "ansökan": "med ansökan", "kontraktsstart": "vid kontraktsstart",
               "löpande": "löpande under kontraktstiden", "begäran": "på begäran under kontraktstiden"}
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9.-]*)+$"
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?", re.S)


class VariableSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    type: Literal["text", "time", "integer", "money", "percent", "date", "cpv", "choice", "bool", "list", "mapping"]
    required: bool = False
    default: Any = None
    description: str = Field(min_length=1)
    choices: list[Any] | None = None
    label: str | None = None

    @model_validator(mode="after")
    def _choices(self) -> "VariableSpec":
        if self.type == "choice" and not self.choices:
            raise ValueError("en variabel av typen choice behöver choices")
        if self.required and self.default is not None:
            raise ValueError("en obligatorisk variabel (required: true) ska inte ha default")
        return self


class FollowUp(BaseModel):
    """One row of the follow-up plan a clause adds: what is checked, when, and on what evidence."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    what: str = Field(min_length=1)
    when: str = Field(min_length=1)
    evidence: str = Field(min_length=1)


class Sanction(BaseModel):
    """One vite a clause adds to the contract's one table of vites: what one breach is, the amount, whether it
    is due per breach or per started period, and its cap."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    breach: str = Field(min_length=1)   # what one breach is
    amount: str = Field(min_length=1)   # e.g. "{{ vite_sek | money }}"
    per: str = Field(min_length=1)      # "per överträdelse", "per påbörjad vecka" …
    cap: str = Field(min_length=1)      # the cap, e.g. "högst 10 % av årsvärdet"


class Criteria(BaseModel):
    """The criteria form of a condition or qualification clause: the requirement shown to bidders (krav),
    how and when the supplier proves it (verifikat, when) and why the buyer sets it (motiv, internal)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    krav: str = Field(min_length=1)
    verifikat: str = Field(min_length=1)
    when: list[Literal["anbud", "ansökan", "kontraktsstart", "löpande", "begäran"]] = Field(min_length=1)
    motiv: str = Field(min_length=1)


class Level(BaseModel):
    """One level of a clause: what it changes in the criteria form and in the variables' defaults."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    krav: str | None = Field(default=None, min_length=1)
    verifikat: str | None = Field(default=None, min_length=1)
    when: list[Literal["anbud", "ansökan", "kontraktsstart", "löpande", "begäran"]] | None = Field(default=None, min_length=1)
    motiv: str | None = Field(default=None, min_length=1)
    defaults: dict[str, Any] = Field(default_factory=dict)


class ConditionalBasis(BaseModel):
    """A legal basis that applies only when its condition holds: ``{basis: "7 kap. 1 § LOV", when: "route == 'lov-2a'"}``
    (the same expressions as a template's ``when:``). The document cites it, lists it and puts it in its
    keywords only then."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    basis: str = Field(min_length=1)
    when: str = Field(min_length=1)


class ChangeNote(BaseModel):
    """One entry of a clause's change log (``changes:``): the version that made the change, when, what
    changed and why. `docgen audit`, `docgen clauses show` and `docgen diff` print it."""

    model_config = ConfigDict(extra="forbid", defer_build=True)
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    date: date
    what: str = Field(min_length=1)
    why: str = Field(min_length=1)

    def text(self) -> str:
        """``1.0.1 (2026-12-02): what. Skäl: why`` – one line for the terminal and the audit report."""
        return f"{self.version} ({self.date.isoformat()}): {self.what} Skäl: {self.why}"


def version_key(version: str) -> tuple[int, ...]:
    """``1.0.10`` → (1, 0, 10): versions compare as numbers, not as text."""
    return tuple(int(part) for part in version.split("."))


class ClauseMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    kind: ClauseKind
    routes: list[RouteOrAll] = Field(min_length=1)
    # "every route but these": the routes are then those of data/routes.yaml without them
    routes_except: list[RouteId] = Field(default_factory=list)
    legal_basis: list[str | ConditionalBasis] = Field(default_factory=list)
    variables: dict[str, VariableSpec] = Field(default_factory=dict)
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    valid_from: date
    params: str | None = None
    follow_up: list[FollowUp] = Field(default_factory=list)
    sanctions: list[Sanction] = Field(default_factory=list)
    criteria: Criteria | Literal[False] | None = None
    levels: dict[Literal["bas", "avancerad", "spjutspets"], Level] = Field(default_factory=dict)
    # what the clause cites or asserts that its author could not verify against a source: each entry
    # names the paragraph or fact and what is to be checked; a lawyer clears it by verifying and removing it
    review: list[str] = Field(default_factory=list)
    # the clause's change log, newest first: why a document made with an earlier version reads differently
    changes: list[ChangeNote] = Field(default_factory=list)

    @model_validator(mode="after")
    def _changes(self) -> "ClauseMeta":
        for note in self.changes:
            if version_key(note.version) > version_key(self.version):
                raise ValueError(f"changes: versionen {note.version} är senare än klausulens version {self.version}")
        if [n.version for n in self.changes] != sorted((n.version for n in self.changes), key=version_key, reverse=True):
            raise ValueError("changes: skriv posterna med den senaste versionen först")
        if len({n.version for n in self.changes}) != len(self.changes):
            raise ValueError("changes: varje version får bara förekomma en gång")
        return self

    def changes_since(self, version: str) -> list[ChangeNote]:
        """The change notes of the versions after ``version`` (what a document made with it lacks)."""
        try:
            old = version_key(version)
        except ValueError:
            return list(self.changes)
        return [note for note in self.changes if version_key(note.version) > old]

    @model_validator(mode="before")
    @classmethod
    def _routes_from_exceptions(cls, data: Any) -> Any:
        if isinstance(data, dict) and "routes_except" in data and "routes" not in data:
            left_out = data["routes_except"] if isinstance(data["routes_except"], list) else []
            data = {**data, "routes": [rid for rid in route_ids() if rid not in left_out]}
        return data

    @model_validator(mode="after")
    def _routes_or_exceptions(self) -> "ClauseMeta":
        if self.routes_except and [rid for rid in route_ids() if rid not in self.routes_except] != self.routes:
            raise ValueError("ange antingen routes eller routes_except, inte båda")
        return self

    @model_validator(mode="after")
    def _levels(self) -> "ClauseMeta":
        if self.levels and set(self.levels) != set(LEVELS):
            raise ValueError("levels ska ange alla tre nivåerna: " + ", ".join(LEVELS))
        if self.levels and not self.criteria:
            raise ValueError("en klausul med levels behöver också criteria (krav, verifikat, when, motiv)")
        return self

    def filled_by_levels(self, name: str) -> bool:
        """Every level gives the variable a default, so the case need not (a required variable too)."""
        return bool(self.levels) and all(name in level.defaults for level in self.levels.values())

    def criteria_at(self, level: str | None) -> Criteria | None:
        """The criteria form at a level: the clause's own, with what the level overrides."""
        if not self.criteria:
            return None
        chosen = self.levels.get(level) if level else None
        if chosen is None:
            return self.criteria
        changes = {k: v for k, v in chosen.model_dump(exclude={"defaults", "motiv"}).items() if v is not None}
        if chosen.motiv:  # the clause's motiv says why the requirement is set, the level's why at this level
            changes["motiv"] = f"{self.criteria.motiv.rstrip()} {chosen.motiv.strip()}"
        return self.criteria.model_copy(update=changes)


@dataclass(frozen=True)
class Clause:
    meta: ClauseMeta
    body: str
    path: Path
    body_line: int  # 1-based line in the file where the body starts
    lines: LineMap
    sha256: str = ""

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def params_key(self) -> str:
        return self.meta.params or self.meta.id

    @property
    def bundled(self) -> bool:
        """Whether the clause is the installed package's own copy (a path inside site-packages that the
        user neither chose nor should edit): messages then name the clause by its id."""
        return "_bundled" in self.path.parts

    def where(self, body_line: int | None = None) -> str:
        if self.bundled:
            return Place(f"klausulen {self.id}")
        if body_line is None:
            return str(self.path)
        return Place(self.path, self.body_line + body_line - 1)

    def where_key(self, *path: Any) -> str:
        if self.bundled:
            return Place(f"klausulen {self.id}")
        return self.lines.where(path)

    def locate(self, *path: Any) -> tuple[str, int]:
        """(file, line) of a front-matter key, for findings."""
        place = self.lines.where(path)
        return place.path, place.line or 1


class MetaWording(Wording):
    """How a clause's front matter phrases a mistake (validation.Wording)."""

    fixes = {
        "id": "skriv id som familj/namn med små bokstäver, siffror och bindestreck, t.ex. general/award",
        "version": "skriv versionen som tre tal, t.ex. 1.0.0",
        "valid_from": "skriv datumet som ÅÅÅÅ-MM-DD",
        "routes": "ange minst en väg, t.ex. routes: [25a] eller routes: [all]",
    }

    def name(self, key: tuple) -> str:
        return ".".join(str(p) for p in key) or "front matter"

    def place(self, issue: Issue) -> tuple:
        return issue.key[:-1] if issue.type == "missing" else issue.key

    def message(self, issue: Issue) -> str:
        key = self.name(issue.key)
        if issue.type == "extra_forbidden":
            return f"okänt fält {key} i front matter"
        if issue.type == "missing":
            return f"fältet {key} saknas i front matter"
        if issue.type == "literal_error":
            return f"{key}: otillåtet värde {issue.value!r}"
        return f"{key}: {issue.text} (värde: {issue.value!r})"

    def hint(self, issue: Issue) -> str:
        if issue.type == "extra_forbidden":
            return "tillåtna fält: " + ", ".join(ClauseMeta.model_fields)
        if issue.type == "missing":
            return "se clauses/README.md"
        if issue.type == "literal_error":
            return "tillåtna värden: " + issue.allowed
        return self.fixes.get(issue.last, "se clauses/README.md")


META_WORDING = MetaWording()


def parse_clause(text: str, path: Path) -> Clause:
    match = FRONT_MATTER.match(text)
    if not match:
        raise DocgenError("klausulfilen saknar front matter", where=f"{path}:1",
                          hint="börja filen med en rad '---', fälten och en avslutande rad '---'")
    data, lines = parse_yaml(match.group(1), str(path), offset=1)
    if not isinstance(data, dict):
        raise DocgenError("front matter ska vara nyckel: värde-par", where=f"{path}:2")
    try:
        meta = ClauseMeta.model_validate(data)
    except ValidationError as exc:
        raise validation_error(exc, lines, META_WORDING) from None
    check_level_defaults(meta, lines)
    body_line = text.count("\n", 0, match.end()) + 1
    body = text[match.end():]
    clause = Clause(meta, body, path, body_line, lines, hashlib.sha256(text.encode("utf-8")).hexdigest())
    return clause


def check_level_defaults(meta: ClauseMeta, lines: LineMap) -> None:
    """Each variable's default and each level's defaults must fit the declared type (as written: an
    unquoted 23.59 for a time is refused here, not published as 23.59 by luck), and name declared variables."""
    for name, var in meta.variables.items():
        if var.default is None:
            continue
        path = ("variables", name, "default")
        try:
            coerce(var, var.default, lines.written(path))
        except ValueError as exc:
            raise DocgenError(f"variables.{name}.default {exc}", where=lines.where(path),
                              hint=f"standardvärdet ska passa typen {var.type}") from None
    for level, spec in meta.levels.items():
        for name, value in spec.defaults.items():
            where = lines.where(("levels", level, "defaults", name))
            if name not in meta.variables:
                raise DocgenError(f"levels.{level}.defaults.{name}: variabeln är inte deklarerad", where=where,
                                  hint="deklarera den under variables: eller ta bort den ur nivån")
            try:
                coerce(meta.variables[name], value, lines.written(("levels", level, "defaults", name)))
            except ValueError as exc:
                raise DocgenError(f"levels.{level}.defaults.{name} {exc} (värde: {value!r})", where=where) from None


class Library:
    """All clauses of one directory, by id."""

    def __init__(self, root: Path, clauses: dict[str, Clause]):
        self.root = root
        self.clauses = clauses

    def get(self, clause_id: str, where: str | None = None) -> Clause:
        try:
            return self.clauses[clause_id]
        except KeyError:
            close = difflib.get_close_matches(clause_id, list(self.clauses), n=1)
            raise DocgenError(f"okänd klausul {clause_id!r}", where=where,
                              hint=f"menade du {close[0]!r}?" if close else None,
                              command_hint=None if close else "se docgen clauses list") from None

    def __iter__(self):
        return iter(self.clauses.values())

    def __len__(self) -> int:
        return len(self.clauses)


_PARSED: dict[tuple[str, str], Clause] = {}


def _parsed(text: str, path: Path, stored: "_Stored | None" = None) -> Clause:
    """``parse_clause`` once per file content and process: serve and batch load the library per case.
    The file is always read again, so a lawyer's edit is seen at once (the text is the key). ``stored``:
    the clauses parsed by an earlier process (``_Stored``), by path and sha256 of the text."""
    key = (str(path), text)
    clause = _PARSED.get(key)
    if clause is None:
        if stored is not None:
            clause = stored.get(path, text)
        if clause is None:
            clause = parse_clause(text, path)
        if len(_PARSED) > 5000:
            _PARSED.clear()
        _PARSED[key] = clause
    return clause


class _Stored:
    """The parsed clauses of one library folder kept on disk (``clauses/`` in docgen's cache folder), so a
    new process reads them instead of parsing the YAML front matter and validating it again (~0.1 s for
    the bundled library). An entry is used only for the same file path and text, and only while docgen's
    code and data files (which the validation reads: the route ids) are those that made it (their sizes
    and modification times); anything else is parsed again, so the result never depends on the cache."""

    def __init__(self, root: Path):
        self.root = root
        self.path: Path | None = None
        self.stamp = ""
        self._clauses: dict[tuple[str, str], Clause] | None = None   # read when first needed

    @property
    def clauses(self) -> dict[tuple[str, str], Clause]:
        if self._clauses is None:
            self._clauses = {}
            folder = cache_root()
            self.path = None if folder is None else folder / "clauses" / (
                hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:32] + ".pickle")
            self.stamp = _code_stamp()
            if self.path is not None:
                try:
                    stamp, clauses = pickle.loads(self.path.read_bytes())
                    if stamp == self.stamp:
                        self._clauses = clauses
                except Exception:  # noqa: BLE001 - a missing, stale or damaged cache is only parsed again
                    self._clauses = {}
        return self._clauses

    def get(self, path: Path, text: str) -> Clause | None:
        return self.clauses.get((str(path), hashlib.sha256(text.encode("utf-8")).hexdigest()))

    def save(self, clauses: dict[str, Clause]) -> None:
        """Keep the library as loaded now, when anything had to be parsed (the file was read then)."""
        if self._clauses is None or self.path is None:
            return
        current = {(str(c.path), c.sha256): c for c in clauses.values()}
        if current.keys() == self._clauses.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temp.write_bytes(pickle.dumps((self.stamp, current), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temp, self.path)
        except OSError:
            pass   # a cache that cannot be written only costs time


def _code_stamp() -> str:
    """docgen's version and the size and modification time of each of its code and data files."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for folder, dirs, files in sorted(os.walk(package)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".yaml", ".tsv")):
                info = os.stat(os.path.join(folder, name))
                digest.update(f"{folder}/{name}\0{info.st_mtime_ns}\0{info.st_size}\0".encode())
    return digest.hexdigest()


def collect_clauses(root: Path, read: Callable[[Path], Clause | None],
                    report: Callable[[str, DocgenError], None]) -> dict[str, Clause]:
    """The one walk over a clause folder, for the library and for `docgen check`: every ``*.md`` under
    ``root`` but README.md, in path order, read with ``read`` (None: the file is broken, and ``read`` has
    said so); each clause's id must be its path under ``root`` and unique. A mistake goes to
    ``report(code, error)``, which raises (the library) or collects (the check); a duplicate is left out."""
    clauses: dict[str, Clause] = {}
    for path in sorted(root.rglob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        clause = read(path)
        if clause is None:
            continue
        expected = path.relative_to(root).with_suffix("").as_posix()
        if clause.id != expected:
            report("id-path-mismatch", DocgenError(f"id {clause.id!r} stämmer inte med filens plats",
                                                   where=clause.where_key("id"), hint=f"sätt id: {expected}"))
        if clause.id in clauses:
            report("duplicate-id", DocgenError(f"klausul-id {clause.id!r} finns redan i {clauses[clause.id].path}",
                                               where=clause.where_key("id"), hint="ge klausulen ett unikt id"))
            continue
        clauses[clause.id] = clause
    return clauses


def _refuse(_code: str, error: DocgenError) -> None:
    raise error


def load_library(root: Path | None = None) -> Library:
    root = Path(root) if root else resource_dir("clauses")
    if not root.is_dir():
        raise DocgenError("klausulbiblioteket finns inte", where=str(root), hint="ange --clauses KATALOG")
    stored = _Stored(root)
    clauses = collect_clauses(root, lambda path: _parsed(read_text_file(path, "klausulfilen"), path, stored), _refuse)
    stored.save(clauses)
    return Library(root, clauses)


# --- variable values --------------------------------------------------------------------------

TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[.:]([0-5]\d)$")


def coerce(spec: VariableSpec, value: Any, written: str | None = None) -> Any:  # noqa: C901 - one branch per variable type, each a few lines
    """Check and convert one supplied value to its declared type; raise ValueError in Swedish.

    ``written`` is the value as typed when it stood unquoted in YAML (LineMap.written): a value YAML read
    as something its author cannot have meant (12:00 as 720, 0123 as 83, yes as true, 13.30 as 13.3) is
    refused with the fix, never published."""
    kind = spec.type
    misreading = misread(written, value)
    quote = f'sätt värdet inom citattecken: "{written}"'
    if kind == "text":
        if isinstance(value, (dict, list)) or value is None:
            raise ValueError("ska vara text")
        if not isinstance(value, str):
            if isinstance(value, date):
                return value.isoformat()  # 2027-03-15 as text is what was written
            raise ValueError(f"ska vara text, men {misreading or f'{written} läses i YAML som ett tal'}; {quote}"
                             if written is not None else "ska vara text (sätt värdet inom citattecken)")
        return value
    if kind == "time":
        example = 'skriv klockslaget inom citattecken, t.ex. "12.00"'
        if not isinstance(value, str):
            if written is not None:
                meant = written if TIME_PATTERN.match(written) else (
                    f"{int(written)}.00" if written.isdigit() and int(written) < 24 else "12.00")
                raise ValueError(f"ska vara ett klockslag, men {misreading or f'{written} läses i YAML som ett tal'}; "
                                 f'sätt klockslaget inom citattecken: "{meant}"')
            raise ValueError(f"ska vara ett klockslag ({example})")
        match = TIME_PATTERN.match(value.strip())
        if not match:
            raise ValueError(f"ska vara ett klockslag TT.MM mellan 00.00 och 23.59 ({example})")
        return f"{match.group(1)}.{match.group(2)}"  # Swedish style: kl. 12.00
    if misreading and kind in ("integer", "money", "percent") and (isinstance(value, int) or ":" in written):
        raise ValueError(f"ska vara ett tal, men {misreading}; skriv talet utan inledande nolla och utan kolon")
    if kind in ("integer", "money"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
            raise ValueError("ska vara ett heltal" + (" (kronor)" if kind == "money" else ""))
        if value < 0:
            raise ValueError("får inte vara negativt")
        return int(value)
    if kind == "percent":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise ValueError("ska vara en procentsats mellan 0 och 100")
        return value
    if kind == "date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError("ska vara ett datum ÅÅÅÅ-MM-DD") from None
    if kind == "cpv":
        if not CPV_PATTERN.match(str(value)):
            raise ValueError("ska vara en CPV-kod som 85311100-3")
        return str(value)
    if kind == "choice":
        if written is not None and not isinstance(value, str):
            # an unquoted `25` (or `0123`, `yes`) is the choice that reads exactly so, or none
            named = next((c for c in spec.choices or [] if str(c) == written), None)
            if named is not None:
                return named
            if misreading:
                raise ValueError("ska vara ett av " + ", ".join(map(str, spec.choices or [])) + f", men {misreading}; {quote}")
        if value not in (spec.choices or []) and not isinstance(value, bool):
            # `punkt: 1` in YAML is the number 1; the choice is written "1" (a web form sends text too)
            value = next((c for c in spec.choices or [] if str(c) == str(value)), value)
        if value not in (spec.choices or []):
            raise ValueError("ska vara ett av " + ", ".join(map(str, spec.choices or [])))
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("ska vara true eller false")
        return value
    if kind == "list":
        if not isinstance(value, list):
            raise ValueError("ska vara en lista")
        return value
    if kind == "mapping":
        if not isinstance(value, dict):
            raise ValueError("ska ha egna nycklar under sig (nyckel: värde)")
        return value
    raise ValueError(f"okänd typ {kind}")  # pragma: no cover - schema forbids it
