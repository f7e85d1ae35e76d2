"""What a check found, as data: severity, code, where (file, line, column, key path), message and hint.

Rules, IOP checks, condition checks, `docgen build`, `docgen check` and the validation of every file
(validation.py) report findings; there is no other type. They become text only when a command prints
them ("file:line: message", or `docgen check`'s "file:line:col: code severity: message"), and JSON where
a command offers it.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
# A lawyer's worklist (front matter review:): reported, never an error, and --strict leaves it as it is.
INFO = "info"
SEVERITY_WORDS = {ERROR: "fel", WARNING: "varning", INFO: "att granska"}


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    message: str
    hint: str = ""
    file: str = ""              # the file the finding concerns (a case file, a clause, a template)
    line: int | None = None     # 1-based line in ``file``, when known
    key: tuple = ()             # key path in a case file, e.g. ("procurement", "cpv", 1)
    col: int = 1                # 1-based column on ``line`` (docgen check points at a word)

    @classmethod
    def at(cls, lines, key: tuple, message: str, *, code: str, severity: str = WARNING, hint: str = "") -> "Finding":
        """A finding about the case key ``key``, placed on its line (or its nearest parent's) by ``lines``."""
        return cls(severity, code, message, hint, lines.name, lines.line(tuple(key)), tuple(key))

    @property
    def path(self) -> str:
        """The file, as `docgen check` calls it."""
        return self.file

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def text(self) -> str:
        """``file:line: message (hint)``; the form every build command prints."""
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text

    def one_line(self) -> str:
        """``file:line:col: code severity: message (hint)``; the form `docgen check` prints."""
        text = f"{self.file}:{self.line or 1}:{self.col}: {self.code} {SEVERITY_WORDS[self.severity]}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split())

    def as_json(self) -> dict:
        return {"severity": self.severity, "code": self.code, "file": self.file, "line": self.line,
                "key": list(self.key), "message": self.message, "hint": self.hint}
