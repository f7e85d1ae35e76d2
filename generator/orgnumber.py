"""Swedish organisation numbers: the check digit (the Luhn algorithm over the first nine digits)."""

from __future__ import annotations

import re
from typing import Any

from .findings import Finding

ORG_NUMBER = re.compile(r"^(\d{6})-(\d{4})$")


def check_digit(nine: str) -> int:
    """The tenth digit the first nine give (Luhn: every other digit from the first doubled)."""
    total = 0
    for index, char in enumerate(nine):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value // 10 + value % 10
    return (10 - total % 10) % 10


def wrong_check_digit(number: str) -> int | None:
    """The check digit ``NNNNNN-NNNN`` should have when its last digit is wrong, else None."""
    match = ORG_NUMBER.match(number.strip())
    if not match:
        return None
    digits = match.group(1) + match.group(2)
    expected = check_digit(digits[:9])
    return None if expected == int(digits[9]) else expected


def org_number_warnings(data: Any, lines) -> list:
    """One warning per ``org_number`` in a case (authority, parties, organisation) whose check digit is
    wrong: a mistyped number would otherwise be published in the document and the notice."""
    found: list = []

    def walk(value: Any, path: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "org_number" and isinstance(item, str):
                    expected = wrong_check_digit(item)
                    if expected is not None:
                        dotted = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in path + (key,))
                        found.append(Finding.at(
                            lines, path + (key,), f"{dotted.replace('.[', '[')}: organisationsnumret {item.strip()} har "
                            f"fel kontrollsiffra (med de nio första siffrorna ska den sista vara {expected})",
                            code="org-number-check-digit", hint="kontrollera numret, t.ex. hos Bolagsverket eller SCB"))
                else:
                    walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))

    walk(data, ())
    return found
