"""CPV codes: format, check digit, names, the statutory lists (data/cpv_lists.yaml), LOU bilaga 2
membership (data/lou_bilaga2.yaml) and the works division.

The check digit. CPV 2008 (förordning (EG) nr 213/2008) gives every code a ninth digit "to verify
the previous digits". The rule the published codes follow is a weighted sum: the eight digits
times 3, 7, 1, 3, 7, 1, 3, 7, modulo 10 (85311100 → 3, 45000000 → 7). It was worked out from, and
verified against, every code with a check digit in docgen's data and the reference folder: 188 of
189 distinct codes agree; 85210000-3 (Anläggningar för husdjursuppfödning) does not (the rule gives
4), and the Publications Office has said that the 2008 revision holds such irregular check digits
(OP-TED/ePO discussion 589, 2024: e.g. 03300000-2). docgen refuses a check digit when the same eight
digits stand in its own tables with another check digit, and (issue 22) also when a code its tables do
not hold fails the rule: a code with an irregular check digit is accepted only as printed in docgen's
tables (85210000-3). A code that passes the rule but is in no list or name table gets a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .datafiles import load_annex2, read
from .errors import DocgenError
from .resources import data_file

CPV_PATTERN = re.compile(r"^\d{8}-\d$")
CHECK_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)   # see the module docstring
WORKS_DIVISION = "45"                       # CPV 45000000-7 Byggnadsarbete: works contracts
REGULATION = "CPV (förordning (EG) nr 213/2008)"


def check_format(code: str, where: str | None = None) -> str:
    """The code stripped; a malformed code or a check digit docgen can prove wrong is a one-line error."""
    code = str(code).strip()
    if not CPV_PATTERN.match(code):
        raise DocgenError(
            f"ogiltig CPV-kod {code!r}", where=where, hint="skriv åtta siffror, bindestreck och kontrollsiffra, t.ex. 85311100-3"
        )
    problem = wrong_check_digit(code)
    if problem:
        message, hint = problem
        raise DocgenError(message, where=where, hint=hint)
    return code


def computed_check_digit(digits: str) -> int:
    """The check digit the CPV rule gives for eight digits (the published codes have exceptions)."""
    return sum(weight * int(digit) for weight, digit in zip(CHECK_WEIGHTS, digits[:8])) % 10


@lru_cache(maxsize=1)
def known_codes() -> dict[str, str]:
    """Eight digits -> the full code, for every code with a check digit in docgen's data files."""
    found: dict[str, str] = {}
    for code in names():
        found.setdefault(code[:8], code)
    for listed in statutory_lists().values():
        for code in listed.codes:
            found.setdefault(code[:8], code)
        for low, high in listed.ranges:
            found.setdefault(low[:8], low)
            found.setdefault(high[:8], high)
    for source in _annex2_sources():
        if source.cpv is not None:
            for code in source.cpv.codes + tuple(c for pair in source.cpv.ranges for c in pair):
                found.setdefault(code[:8], code)
    return found


def wrong_check_digit(code: str) -> tuple[str, str] | None:
    """(message, hint) when the eight digits are in docgen's tables with another check digit."""
    known = known_codes().get(code[:8])
    if known == code:
        return None
    if known is None:
        computed = computed_check_digit(code)
        if computed == int(code[-1]):
            return None
        return (f"CPV-koden {code} har fel kontrollsiffra: enligt CPV:s beräkningsregel har {code[:8]} kontrollsiffran "
                f"{computed}, och koden finns inte i docgens förteckningar med kontrollsiffran {code[-1]}",
                f"kontrollera koden mot {REGULATION}; menar du {code[:8]}-{computed}, skriv den")
    name = name_of(known)
    return (f"CPV-koden {code} har fel kontrollsiffra: {code[:8]} har kontrollsiffran {known[-1]}"
            + (f" ({known} {name})" if name else f" ({known})"), f"skriv {known}")


def is_confirmed(code: str) -> bool:
    """The code (with its check digit) stands in docgen's lists or name tables, or its eight digits
    in the eForms bilaga 2 list and the check digit agrees with the rule."""
    if known_codes().get(code[:8]) == code:
        return True
    return code[:8] in _annex2_file_digits() and computed_check_digit(code) == int(code[-1])


def unconfirmed_warning(code: str) -> str | None:
    """A Swedish warning naming a code docgen cannot confirm; None for a confirmed code."""
    if is_confirmed(code):
        return None
    computed = computed_check_digit(code)
    if computed == int(code[-1]):
        return (f"CPV-koden {code} finns inte i docgens förteckningar och kan inte bekräftas; kontrollera att "
                f"koden finns i {REGULATION} (kontrollsiffran stämmer med CPV:s beräkningsregel).")
    return (f"CPV-koden {code} finns inte i docgens förteckningar, och kontrollsiffran {code[-1]} avviker från den "
            f"som CPV:s beräkningsregel ger ({computed}); kontrollera koden mot {REGULATION}.")


def unconfirmed_warnings(codes) -> list[str]:
    return [w for w in (unconfirmed_warning(str(c)) for c in codes if CPV_PATTERN.match(str(c))) if w]


def is_works(code: str) -> bool:
    """Works (byggentreprenad): a code in CPV division 45. The one place this rule lives."""
    return str(code).startswith(WORKS_DIVISION)


@lru_cache(maxsize=1)
def names() -> dict[str, str]:
    table: dict[str, str] = {}
    folder = data_file("cpv")
    for path in sorted(folder.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            code, _, name = line.partition("\t")
            table.setdefault(code.strip(), name.strip())
    return table


def name_of(code: str) -> str | None:
    return names().get(code) or _annex2_labels().get(code[:8])


@dataclass(frozen=True)
class CpvList:
    key: str
    statute: str
    source: str
    codes: frozenset[str]
    ranges: tuple[tuple[str, str], ...]

    def covers(self, code: str) -> bool:
        if code in self.codes:
            return True
        number = int(code[:8])
        return any(int(low[:8]) <= number <= int(high[:8]) for low, high in self.ranges)

    def range_of(self, code: str) -> tuple[str, str] | None:
        number = int(code[:8])
        for low, high in self.ranges:
            if int(low[:8]) <= number <= int(high[:8]):
                return low, high
        return None


@lru_cache(maxsize=1)
def statutory_lists() -> dict[str, CpvList]:
    raw = read("cpv_lists.yaml")
    result = {}
    for key, spec in raw.items():
        codes = set(spec.codes)
        if spec.codes_from_names_file:
            path = data_file("cpv") / str(spec.names_file)
            codes |= {
                line.split("\t", 1)[0].strip()
                for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")
            }
        ranges = tuple((str(low), str(high)) for low, high in spec.ranges)
        result[key] = CpvList(key, spec.statute, spec.source, frozenset(codes), ranges)
    return result


def cpv_list(key: str) -> CpvList:
    return statutory_lists()[key]


# --- LOU bilaga 2 ------------------------------------------------------------------------------------

def _annex2_sources():
    return load_annex2().sources


@lru_cache(maxsize=4)
def _read_digits_file(name: str) -> dict[str, str]:
    """A TSV of eight-digit codes: code, Swedish label, (English label)."""
    table: dict[str, str] = {}
    for line in data_file(name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        table.setdefault(parts[0].strip(), parts[1].strip() if len(parts) > 1 else "")
    return table


@lru_cache(maxsize=1)
def _annex2_labels() -> dict[str, str]:
    table: dict[str, str] = {}
    for source in _annex2_sources():
        if source.file:
            for digits, label in _read_digits_file(source.file).items():
                table.setdefault(digits, label)
    return table


@lru_cache(maxsize=1)
def _annex2_file_digits() -> frozenset[str]:
    return frozenset(_annex2_labels())


def annex2_evidence(code: str):
    """The first source of data/lou_bilaga2.yaml that shows ``code`` is a LOU bilaga 2 service, or
    None when docgen does not know (its knowledge of bilaga 2 is partial: None is not "no")."""
    for source in _annex2_sources():
        if any(cpv_list(key).covers(code) for key in source.lists):
            return source
        if source.file and code[:8] in _read_digits_file(source.file):
            return source
        if source.cpv is not None and source.cpv.covers(code):
            return source
    return None


def annex2_outside(code: str) -> str | None:
    """The reason ``code`` is NOT a LOU bilaga 2 service (issue 21): it lies in a CPV division that holds
    no code of the annex (data/lou_bilaga2.yaml ``divisions``); None when the division may hold one."""
    divisions = load_annex2().divisions
    if divisions is None or code[:2] in divisions.confirmed or code[:2] in divisions.unconfirmed:
        return None
    return (f"CPV {code} ligger i avdelning {code[:2]}, och bilaga 2 till LOU omfattar bara koder i "
            f"avdelningarna {', '.join(sorted(divisions.confirmed + divisions.unconfirmed))}")
