"""Click in Swedish: every message click itself writes (usage errors, help headings) in docgen's language.

Click looks its texts up through ``gettext`` (``_("Missing option")``). docgen has no message catalog
files; instead the names ``_`` and ``ngettext`` in click's modules are pointed at the table below.
A text missing from the table stays as click wrote it (tests/test_messages.py checks the ones users meet).
"""

from __future__ import annotations

import importlib

SV: dict[str, str] = {
    # usage errors
    "Missing argument": "argument saknas:",
    "Missing option": "obligatorisk flagga saknas:",
    "Missing parameter": "obligatoriskt värde saknas:",
    "Missing {param_type}": "{param_type} saknas:",
    "Missing parameter: {param_name}": "obligatoriskt värde saknas: {param_name}",
    "Missing command.": "kommando saknas.",
    "No such command {name!r}.": "okänt kommando {name!r}.",
    "No such option {name!r}.": "okänd flagga {name!r}.",
    "Option {name!r} does not take a value.": "flaggan {name!r} tar inget värde.",
    "Invalid value for {param_hint}: {message}": "ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "ogiltigt värde: {message}",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Se '{command} {option}'.",
    "Value must be an iterable.": "värdet ska vara en lista.",
    "Choose from:\n\t{choices}": "välj bland {choices}",
    "Aborted!": "Avbrutet.",
    "Invalid start character for option ({option})": "ogiltigt första tecken i flaggan ({option})",
    "Argument {name!r} takes {nargs} values.": "argumentet {name!r} tar {nargs} värden.",
    # values
    "{value!r} is not a valid {number_type}.": "{value!r} är inte ett giltigt tal.",
    "integer": "heltal",
    "float": "decimaltal",
    "{value} is not in the range {range}.": "{value} ligger utanför intervallet {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} är inte ett sanningsvärde; giltiga värden: {states}",
    "{value!r} is not a valid UUID.": "{value!r} är inte ett giltigt UUID.",
    "{name} {filename!r} does not exist.": "{filename!r} finns inte.",
    "{name} {filename!r} is a directory.": "{filename!r} är en katalog, inte en fil.",
    "{name} {filename!r} is a file.": "{filename!r} är en fil, inte en katalog.",
    "{name} {filename!r} is not readable.": "{filename!r} kan inte läsas (behörighet saknas).",
    "{name} {filename!r} is not writable.": "{filename!r} kan inte skrivas (behörighet saknas).",
    "{name} {filename!r} is not executable.": "{filename!r} är inte körbar.",
    "Could not open file {filename!r}: {message}": "filen {filename!r} kan inte öppnas: {message}",
    "file": "fil",
    "directory": "katalog",
    "path": "sökväg",
    "argument": "argument",
    "option": "flagga",
    "parameter": "värde",
    # help
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljövariabel: {var}",
    "required": "obligatorisk",
    "deprecated": "utgången",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
}

SV_PLURAL: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})": ("oväntat argument ({args})", "oväntade argument ({args})"),
    "Did you mean {possibility}?": ("Menade du {possibility}?", "(Menade du någon av: {possibilities}?)"),
    "Option {name!r} requires an argument.": ("flaggan {name!r} behöver ett värde.",
                                              "flaggan {name!r} behöver {nargs} värden."),
    "{value!r} is not {choice}.": ("{value!r} är inte {choice}.", "{value!r} är inte ett av {choices}."),
    "Takes {nargs} values but 1 was given.": ("tar {nargs} värden men 1 angavs.",
                                              "tar {nargs} värden men {len} angavs."),
    "{value!r} does not match the format {format}.": ("{value!r} följer inte formatet {format}.",
                                                      "{value!r} följer inte något av formaten {formats}."),
    "{len_type} values are required, but {len_value} was given.": (
        "{len_type} värden krävs men {len_value} angavs.", "{len_type} värden krävs men {len_value} angavs."),
}


def gettext_sv(message: str) -> str:
    return SV.get(message, message)


def ngettext_sv(singular: str, plural: str, n: int) -> str:
    pair = SV_PLURAL.get(singular)
    if pair is None:
        return singular if n == 1 else plural
    return pair[0] if n == 1 else pair[1]


_MODULES = ("core", "exceptions", "types", "formatting", "decorators", "parser", "termui", "utils")


def install() -> None:
    """Point click's ``_`` and ``ngettext`` at the Swedish table (idempotent)."""
    for name in _MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a click without that module
            continue
        if hasattr(module, "_"):
            module._ = gettext_sv
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext_sv
