"""What a check found, as data: severity, code, where (file, line, key path), message and hint.

Rules, IOP checks, condition checks, `docgen build` and `docgen check` all report findings. They become
text ("file:line: message") only when a command prints them, and JSON where a command offers it.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    message: str
    hint: str = ""
    file: str = ""              # the file the finding concerns (a case file, a clause, a template)
    line: int | None = None     # 1-based line in ``file``, when known
    key: tuple = ()             # key path in a case file, e.g. ("procurement", "cpv", 1)

    @classmethod
    def at(cls, lines, key: tuple, message: str, *, code: str, severity: str = WARNING, hint: str = "") -> "Finding":
        """A finding about the case key ``key``, placed on its line (or its nearest parent's) by ``lines``."""
        return cls(severity, code, message, hint, lines.name, lines.line(tuple(key)), tuple(key))

    @property
    def where(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def text(self) -> str:
        """``file:line: message (hint)``; the form every command prints."""
        text = f"{self.where}: {self.message}" if self.where else self.message
        return f"{text} ({self.hint})" if self.hint else text

    def as_json(self) -> dict:
        return {"severity": self.severity, "code": self.code, "file": self.file, "line": self.line,
                "key": list(self.key), "message": self.message, "hint": self.hint}
