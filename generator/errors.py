"""The one exception users see: a message, where it happened (path, line, key path), and an exit code."""

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


def dotted(key: tuple) -> str:
    """A key path as the case file's reader writes it: ``procurement.cpv[1]``."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def fill(template: str, names: list[str] | tuple[str, ...]) -> str:
    """``template`` with ``{0}``, ``{1}`` … replaced by ``names`` (no ``str.format``: a value quoted in
    the template may hold braces)."""
    for index, name in enumerate(names):
        template = template.replace("{%d}" % index, name)
    return template


class KeyedValueError(ValueError):
    """A model's check across keys: the message, and the key paths it names (the first is the key it is
    about), kept apart so the error is placed on that key's line and the web form can show each key by
    its label. ``template`` holds ``{0}``, ``{1}`` … where the keys go."""

    def __init__(self, template: str, *keys: tuple):
        self.template = template
        self.keys = tuple(tuple(k) for k in keys)
        self.template = template  # the message with {0}, {1} … where ``keys`` go (errors.fill)
        super().__init__(fill(template, [dotted(k) for k in self.keys]))


class DocgenError(Exception):
    """A problem with the user's input or library, reported as one line.

    ``where`` is a place the user can open: ``case.yaml:12``, ``clauses/x.md:7`` or a key path; a
    ``Place`` gives ``path`` and ``line``. ``key`` is the case key path the error is about, ``keys``
    the key paths its message and hint name at ``{0}``, ``{1}`` … (spelt dotted, ``procurement.cpv``, on
    the command line; ``worded`` lets a face name them its own way), and
    ``command_hint`` a hint that only the command line can follow (the web form leaves it out).
    """

    exit_code = 2

    def __init__(self, message: str, where: str | None = None, hint: str | None = None, *,
                 key: tuple = (), keys: tuple = (), command_hint: str | None = None, missing: bool = False):
        self.keys = tuple(tuple(k) for k in keys)
        # with ``keys``, message and hint are templates: {0}, {1} … stand for the keys (see ``worded``)
        self.template, self.hint_template = (message, hint) if self.keys else ("", None)
        names = [dotted(k) for k in self.keys]
        self.message = fill(message, names) if self.keys else message
        self.hint = fill(hint, names) if self.keys and hint else hint
        super().__init__(self.message)
        self.where = where
        self.command_hint = command_hint
        self.key = tuple(key)
        self.missing = missing   # the case lacks a fact docgen needs (a missing key or value, an open sector or bilaga 2)

    def worded(self, name) -> tuple[str, str | None]:
        """(message, hint) with each key of ``keys`` spelt by ``name(key)`` (the web form's labels)."""
        if not self.keys:
            return self.message, self.hint
        names = [name(k) or dotted(k) for k in self.keys]
        return fill(self.template, names), fill(self.hint_template, names) if self.hint_template else None

    @property
    def path(self) -> str:
        if isinstance(self.where, Place):
            return self.where.path
        return str(self.where or "")

    @property
    def line(self) -> int | None:
        return self.where.line if isinstance(self.where, Place) else None

    def one_line(self) -> str:
        text = self.message
        if self.where:
            text = f"{self.where}: {text}"
        hints = "; ".join(filter(None, (self.hint, self.command_hint)))
        if hints:
            text = f"{text} ({hints})"
        return " ".join(text.split())

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.one_line()
