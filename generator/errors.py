"""The one exception users see: a message, where it happened, and an exit code."""

from __future__ import annotations


class Place(str):
    """A place in a file the user can open: prints as ``path:line`` (or ``path``), and keeps ``path`` and
    ``line`` apart, so a check that needs them reads the attributes instead of parsing the text back."""

    path: str
    line: int | None

    def __new__(cls, path: object, line: int | None = None) -> "Place":
        place = super().__new__(cls, f"{path}:{line}" if line else str(path))
        place.path = str(path)
        place.line = line or None
        return place


class DocgenError(Exception):
    """A problem with the user's input or library, reported as one line.

    ``where`` is a place the user can open: ``case.yaml:12``, ``clauses/x.md:7`` or a key path.
    """

    exit_code = 2

    def __init__(self, message: str, where: str | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.hint = hint

    def one_line(self) -> str:
        text = self.message
        if self.where:
            text = f"{self.where}: {text}"
        if self.hint:
            text = f"{text} ({self.hint})"
        return " ".join(text.split())

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.one_line()
