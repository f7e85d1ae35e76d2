"""A document that agrees with itself (issue 22, items 5, 6 and 8): pure functions over a rendered tender
in Markdown, each returning ``Inconsistency`` records with a Swedish message.

- ``price_model``: one price model decides the evaluation, the price form, the contract's payment clause and
  the paragraph on abnormally low tenders. A fixed price ("Ersättningen är fast och bestämd i förväg") must
  not be paid "enligt de priser som Leverantören har angett" and has no abnormally-low paragraph; a price
  competition has the paragraph and pays the tendered prices.
- ``vite_caps``: every cap in the contract's vite table is an amount in kronor (or says it has no cap of its
  own, "inom det sammanlagda taket"), and no cap exceeds the overall cap the contract states in kronor —
  such a cap can never be reached, so the hävning ground tied to it never applies.
- ``phantom_mechanisms``: no contract mechanism or document the text says exists but the set lacks:
  general terms ("allmänna avtalsvillkor") where there are none, "de särskilda kontraktsvillkoren" without
  a section of them, and a heading that promises a subject (meddelarskydd) its section never treats.

The same functions run on every build of a tender (kinds: warnings with both figures) and over every
sample in ``docgen check`` (checks/samples.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..findings import Finding
from .mentions import GENERAL_TERMS as _GENERAL_TERMS
from .mentions import SPECIAL_TERMS as _SPECIAL
from .problems import WARNING, problem
from .registry import check
from .workspace import Workspace

_HEADING = re.compile(r"^(#{1,6})\s+(?:[\d.]+\s+|Bilaga\s+\d+\s+)?(.*)$")
_MONEY = re.compile(r"^(\d{1,3}(?:[\s\u00a0]\d{3})*)\s*kr$")
_FIXED = re.compile(r"Ersättningen (?:för uppdraget )?är fast och bestämd i förväg")
_TENDERED = re.compile(r"enligt de priser som Leverantören har angett")
_LOW = "**Onormalt låga anbud.**"
_OVERALL = re.compile(r"De sammanlagda vitena får under ett kontraktsår uppgå till högst (\d{1,3}(?:[\s\u00a0]\d{3})*)\s*kr")
_NO_OWN_CAP = "inom det sammanlagda taket"
_VITE_HEADER = "| Nr | Vite för |"
# a heading word → a word its section must contain (the promise a heading makes)
_PROMISES = {"meddelarskydd": "meddelarskydd"}


@dataclass(frozen=True)
class Inconsistency:
    code: str        # price-model, vite-cap, phantom-mechanism
    line: int        # 1-based line in the Markdown
    message: str     # Swedish: what disagrees with what


def _amount(text: str) -> int | None:
    match = _MONEY.match(text.strip())
    return int(re.sub(r"[\s\u00a0]", "", match.group(1))) if match else None


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + " kr"


def _headings(lines: list[str]) -> list[tuple[int, str]]:
    return [(number, m.group(2).strip()) for number, line in enumerate(lines, 1) if (m := _HEADING.match(line))]


def price_model(markdown: str) -> list[Inconsistency]:
    lines = markdown.splitlines()
    fixed = next((n for n, line in enumerate(lines, 1) if _FIXED.search(line)), None)
    tendered = next((n for n, line in enumerate(lines, 1) if _TENDERED.search(line)), None)
    low = next((n for n, line in enumerate(lines, 1) if line.startswith(_LOW)), None)
    found: list[Inconsistency] = []
    if fixed is not None and tendered is not None:
        found.append(Inconsistency("price-model", tendered, f"ersättningen är fast enligt rad {fixed}, men kontraktet betalar "
                                   "”enligt de priser som Leverantören har angett”: betalningsvillkoret ska ange den fasta ersättningen"))
    if fixed is not None and low is not None:
        found.append(Inconsistency("price-model", low, f"ersättningen är fast enligt rad {fixed}, men dokumentet har ett stycke om "
                                   "onormalt låga anbud: när anbuden inte konkurrerar med pris finns inget anbudspris att pröva"))
    if fixed is None and tendered is not None and low is None:
        found.append(Inconsistency("price-model", tendered, "anbuden konkurrerar med pris, men dokumentet saknar stycket om "
                                   "onormalt låga anbud"))
    return found


def vite_caps(markdown: str) -> list[Inconsistency]:
    lines = markdown.splitlines()
    overall_match = next(((n, m) for n, line in enumerate(lines, 1) if (m := _OVERALL.search(line))), None)
    found: list[Inconsistency] = []
    try:
        start = next(n for n, line in enumerate(lines) if line.startswith(_VITE_HEADER))
    except StopIteration:
        return found
    if overall_match is None:
        return [Inconsistency("vite-cap", start + 1, "vitestabellen har inget sammanlagt tak angivet i kronor "
                              "(”De sammanlagda vitena får under ett kontraktsår uppgå till högst … kr”)")]
    overall = int(re.sub(r"[\s\u00a0]", "", overall_match[1].group(1)))
    for number in range(start + 2, len(lines)):
        line = lines[number]
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        name, cap = cells[0], cells[-1]
        if cap == _NO_OWN_CAP:
            continue
        amount = _amount(cap)
        if amount is None:
            found.append(Inconsistency("vite-cap", number + 1, f"{name}: taket ”{cap}” är inte ett belopp i kronor; ange taket "
                                       f"som ett belopp eller ”{_NO_OWN_CAP}”"))
        elif amount > overall:
            found.append(Inconsistency("vite-cap", number + 1, f"{name}: taket {_money(amount)} är högre än kontraktets "
                                       f"sammanlagda tak för viten, {_money(overall)} per kontraktsår, och kan aldrig nås; "
                                       "sänk radens tak eller höj det sammanlagda taket"))
    return found


def phantom_mechanisms(markdown: str) -> list[Inconsistency]:
    lines = markdown.splitlines()
    headings = _headings(lines)
    titles = [title.casefold() for _, title in headings]
    found: list[Inconsistency] = []
    has_general = any("allmänna" in t and "villkor" in t for t in titles)
    has_special = any("särskilda kontraktsvillkor" in t for t in titles)
    for number, line in enumerate(lines, 1):
        if _HEADING.match(line):
            continue
        if not has_general:
            for m in _GENERAL_TERMS.finditer(line):
                found.append(Inconsistency("phantom-mechanism", number, f"”{m.group(0)}” nämns, men dokumentet har inga "
                                           "allmänna avtalsvillkor"))
        if not has_special:
            for m in _SPECIAL.finditer(line):
                found.append(Inconsistency("phantom-mechanism", number, f"”{m.group(0)}” nämns, men dokumentet har inga "
                                           "särskilda kontraktsvillkor"))
    for index, (number, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(lines) + 1
        body = "\n".join(lines[number:end - 1]).casefold()
        for word, needed in _PROMISES.items():
            if word in title.casefold() and needed not in body:
                found.append(Inconsistency("phantom-mechanism", number, f"rubriken ”{title}” nämner {word}, men avsnittet "
                                           f"säger inget om {word}"))
    return found


def inconsistencies(markdown: str) -> list[Inconsistency]:
    """Every inconsistency of a rendered tender (items 5, 6 and 8), in order of line."""
    return sorted(price_model(markdown) + vite_caps(markdown) + phantom_mechanisms(markdown), key=lambda i: i.line)


# --- docgen check: every sample ----------------------------------------------------------------------

CODES = ("price-model", "vite-cap", "phantom-mechanism")


@check("consistency", *CODES, slow=True)
def check_consistency(ws: Workspace) -> Iterable[Finding]:
    """Every tender sample agrees with itself (items 5, 6 and 8 of issue 22). The samples check reports
    these (``sample_problems``) from the main document it renders anyway, so each sample is rendered once
    and checked again only when a file it read has changed (checks/samples.py); nothing to do here."""
    return []


def sample_problems(sample: Path, document) -> Iterable[Finding]:
    """The inconsistencies of a sample's rendered main tender document, as `docgen check` reports them."""
    for item in inconsistencies(document.markdown):
        yield problem(str(sample), 1, 1, item.code, WARNING,
                      f"exemplet {sample.name}: {document.output_stem}.md rad {item.line}: {item.message}",
                      "rätta klausulen eller ärendet så att dokumentet säger samma sak överallt")
