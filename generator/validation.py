"""The one translator from pydantic's errors to findings: every file docgen validates (case files, data
files, clause front matter, templates, the web form) reports its mistakes through ``findings``.

A ``Wording`` says how one kind of file phrases a mistake (a case file says "procurement.title saknas",
a data file "… saknas i datafilen", front matter "fältet … saknas i front matter"); what the mistake is,
where it sits (file, line, key path) and what fixes it is worked out here, once.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DocgenError, KeyedValueError, Place, dotted
from .findings import ERROR, Finding

# What a kind of pydantic error means, in Swedish.
MESSAGES = {
    "missing": "saknas",
    "extra_forbidden": "okänd nyckel",
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "date_type": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum ÅÅÅÅ-MM-DD",
    "list_type": "ska vara en lista",
    "dict_type": "ska ha egna nycklar under sig (nyckel: värde)",
    "model_type": "ska ha egna nycklar under sig (nyckel: värde)",
    "literal_error": "har ett otillåtet värde",
    "greater_than_equal": "får inte vara negativt",
    "greater_than": "måste vara större än noll",
    "less_than_equal": "är orimligt stort",
    "string_too_short": "får inte vara tomt",
    "too_short": "får inte vara tom",
    "string_pattern_mismatch": "har fel format",
}


@dataclass(frozen=True)
class Issue:
    """One pydantic error, as structure: its type, key path, what it means and the value given."""

    type: str
    key: tuple
    text: str          # the Swedish meaning (MESSAGES), or the model's own message for a value error
    raw: str           # pydantic's own message
    value: Any
    allowed: str       # a literal's allowed values
    known: tuple       # the keys the model knows at that level (for "did you mean")
    named: tuple = ()  # the key paths a check across keys names (KeyedValueError)
    template: str = ""  # the check's message with {0}, {1} … for ``named``
    written: str | None = None  # the value as typed, when it stood unquoted in YAML (LineMap.written)

    @property
    def last(self) -> str:
        return str(self.key[-1]) if self.key else ""


class Wording:
    """How a case file phrases its mistakes (the default); other files override a method or two."""

    fixes: dict[str, str] = {}
    missing_hint = "lägg till nyckeln i ärendefilen"
    unknown_hint = "ta bort nyckeln eller se README för giltiga nycklar"

    def name(self, key: tuple) -> str:
        return dotted(key) or "(filen)"

    def place(self, issue: Issue) -> tuple:
        """The key whose line the finding points at."""
        if issue.type == "value_error" and issue.named and not issue.key:
            return issue.named[0]
        return issue.key

    def message(self, issue: Issue) -> str:
        key = self.name(issue.key)
        if issue.type == "extra_forbidden" and _text_as_key(issue):
            parent = self.name(issue.key[:-1]) if issue.key[:-1] else ""
            return (f"texten {issue.last!r}{f' under {parent}' if parent else ''} har blivit en egen nyckel: ett "
                    "kommatecken avslutar en text som står inom { } eller [ ] utan citattecken")
        if issue.type == "extra_forbidden":
            return f"okänd nyckel {key}"
        if issue.type == "value_error":
            return f"{key}: {issue.text}" if issue.key else issue.text
        # the value as the user typed it (0123456700), not as YAML read it (21913024)
        value = issue.written if issue.written is not None and issue.written != issue.value else short(issue.value)
        shown = "" if issue.type == "missing" else f" (värde: {value})"
        text = issue.text
        if issue.type in ("dict_type", "model_type"):
            text += ", inte en lista" if isinstance(issue.value, list) else ", inte ett enskilt värde"
        return f"{key} {text}{shown}"

    def hint(self, issue: Issue) -> str:
        if issue.type == "extra_forbidden" and _text_as_key(issue):
            return 'sätt hela texten inom citattecken, till exempel description: "Frivilliga, cirka 1 500 timmar per år"'
        if issue.type == "extra_forbidden":
            close = difflib.get_close_matches(issue.last, issue.known, n=1)
            return f"menade du {close[0]!r}?" if close else self.unknown_hint
        if issue.type == "value_error":
            return ""
        fix = self.fixes.get(issue.last, "")
        if issue.type == "string_type" and issue.written is not None and not isinstance(issue.value, str):
            return f'sätt värdet inom citattecken: {issue.last}: "{issue.written}"'
        if issue.type in ("dict_type", "model_type") and issue.known and not fix:
            keys = [k for k in issue.known if k != "document"][:2]
            return f"skriv nycklarna indragna på raderna under {issue.last}:, t.ex. " + " och ".join(f"{k}:" for k in keys)
        if issue.type == "missing":
            return fix or self.missing_hint
        if issue.type == "literal_error" and not fix:
            return "tillåtna värden: " + issue.allowed
        return fix


def _text_as_key(issue: Issue) -> bool:
    """An unknown "key" that is text (spaces, digits first): an unquoted comma inside { … } or [ … ] split a
    value in two and left its tail as a key (issue 23)."""
    return not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", issue.last)


def short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _known_keys(model: type[BaseModel] | None, loc: tuple) -> tuple:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return ()
        annotation = field.annotation
        candidates = [annotation, *getattr(annotation, "__args__", ())]
        current = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if current is None:
            return ()
    return tuple(getattr(current, "model_fields", {}))


def issues(exc: ValidationError, model: type[BaseModel] | None = None, prefix: tuple = ()) -> list[Issue]:
    """Every error of ``exc`` as an ``Issue``, unknown keys first (a misspelt key also makes the right one
    missing). A part validated on its own (an error carrying ``error``, ``model`` and ``prefix``) is
    opened up, so its keys are the case's."""
    found: list[Issue] = []
    for err in exc.errors():
        inner = err.get("ctx", {}).get("error")
        if err["type"] == "value_error" and hasattr(inner, "prefix") and isinstance(getattr(inner, "error", None), ValidationError):
            found += issues(inner.error, inner.model, prefix + tuple(inner.prefix))
            continue
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "value_error":
            text = str(inner if inner is not None else err["msg"])
        else:
            text = MESSAGES.get(kind, err["msg"])
        named = tuple(prefix + k for k in inner.keys) if isinstance(inner, KeyedValueError) else ()
        found.append(Issue(kind, prefix + loc, text, err["msg"], err.get("input"),
                           str(err.get("ctx", {}).get("expected", "")),
                           _known_keys(model, loc) if kind == "extra_forbidden" else
                           _known_keys(model, loc + ("",)) if kind in ("dict_type", "model_type") and loc else (),
                           named, inner.template if isinstance(inner, KeyedValueError) else ""))
    return sorted(found, key=lambda issue: issue.type != "extra_forbidden")


def findings(exc: ValidationError, lines, wording: Wording | None = None, *, model: type[BaseModel] | None = None,
             prefix: tuple = (), code: str = "schema") -> list[Finding]:
    """Each error of ``exc`` as an error ``Finding`` with file, line and key path (``lines``: the file's
    ``LineMap``), phrased by ``wording``."""
    wording = wording or Wording()
    out = []
    for issue in issues(exc, model, prefix):
        issue = _as_written(issue, lines)
        at = wording.place(issue)
        out.append(Finding(ERROR, code, wording.message(issue), wording.hint(issue), lines.name,
                           lines.line(tuple(at)), tuple(issue.key or at)))
    return out


def error(exc: ValidationError, lines, wording: Wording | None = None, *, model: type[BaseModel] | None = None,
          prefix: tuple = ()) -> DocgenError:
    """The first mistake of ``exc`` as the one-line error a command reports."""
    wording = wording or Wording()
    issue = _as_written(issues(exc, model, prefix)[0], lines)
    at = wording.place(issue)
    message = wording.message(replace(issue, text=issue.template) if issue.named else issue)
    return DocgenError(message, where=lines.where(tuple(at)), hint=wording.hint(issue) or None,
                       key=tuple(issue.key or at), keys=issue.named, missing=issue.type == "missing")


def _as_written(issue: Issue, lines) -> Issue:
    """The issue with its value as typed in the file, when YAML read an unquoted value as something else."""
    written = lines.written(tuple(issue.key)) if hasattr(lines, "written") and issue.key else None
    return replace(issue, written=written) if written is not None else issue


def to_error(finding: Finding) -> DocgenError:
    """A finding as the error a command stops on."""
    return DocgenError(finding.message, where=Place(finding.file, finding.line) if finding.file else None,
                       hint=finding.hint or None, key=finding.key)
