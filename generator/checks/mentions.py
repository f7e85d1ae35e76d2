"""No dangling mentions: every mention of a document part in a rendered document —
"prisbilaga", "anbudsformulär", "kravspecifikation", "kontraktsutkast", "bilaga N", "avsnitt X", and the
contract mechanisms "allmänna avtalsvillkor" and "de särskilda kontraktsvillkoren" — must
resolve to a part present in that document or in a document published with it (a tender's companion
documents, whose titles start "Bilaga N …").

Pure functions over rendered Markdown; the samples check (checks/samples.py) runs them over every sample,
which covers every route. Choices: "bilaga N till <lag>" (LOU bilaga 2, …) is the law's annex and "avsnitt N" after a source's name
(SOU, prop., vägledningen …) another document's section, neither a part;
"kontraktet" alone means the contract concluded and is not a mention (only "kontraktsutkast",
"kontraktsförslag", "avtalsutkast", "avtalsförslag" name the draft); a mention followed by a capitalised
title ("bilaga 1 Villkor") must match that part's title; a number used by two published parts is ambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SECTION_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\s+")
_APPENDIX = re.compile(r"^Bilaga\s+(\d+)\s+(.*)$", re.I)
_AVSNITT = re.compile(r"\bavsnitt\s+(\d+(?:\.\d+)*)(?!\d)", re.I)
_BILAGA = re.compile(r"(?<!LOU )\bbilaga\s+(\d+)\b(?!\s+till\s)(?:\s+([A-ZÅÄÖ][\wåäöÅÄÖ-]*))?")
_EXTERNAL = re.compile(r"(SOU \d{4}:\d+|prop\. \d{4}/\d{2}:\d+|Ds \d{4}:\d+|"
                       r"(vägledning|betänkande|rapport|riktlinje|förordning)\w*[^,.|]{0,40},)\s*$", re.I)
_EXTERNAL_AFTER = re.compile(r"\s+i\s+(SOU|prop\.|vägledning|betänkande|rapport|riktlinje|förordning)", re.I)
GENERAL_TERMS = re.compile(r"\b(?<!egna )allmänna (?:avtals|kontrakts)?villkor\w*", re.I)
SPECIAL_TERMS = re.compile(r"\bde särskilda kontraktsvillkoren\b", re.I)
# part words: the regex over the text → words one of the part titles must contain
_PARTS = {
    "prisbilaga": (re.compile(r"\b(prisbilaga\w*|prisformulär\w*)", re.I), ("prisbilaga", "prisformulär")),
    "anbudsformulär": (re.compile(r"\banbudsformulär\w*", re.I), ("anbudsformulär",)),
    "kravspecifikation": (re.compile(r"\bkravspecifikation\w*", re.I), ("kravspecifikation",)),
    "kontrakt": (re.compile(r"\b(kontraktsutkast\w*|kontraktsförslag\w*|avtalsutkast\w*|avtalsförslag\w*)", re.I),
                 ("kontrakt", "avtal")),
    # contract mechanisms the text says exist (issue 22, item 8); "Leverantörens egna allmänna villkor" is
    # the supplier's, not a part of the set
    "del med allmänna avtalsvillkor": (GENERAL_TERMS, ("allmänna villkor", "allmänna avtalsvillkor",
                                                       "allmänna kontraktsvillkor")),
    "del med särskilda kontraktsvillkor": (SPECIAL_TERMS, ("särskilda kontraktsvillkor", "särskilda villkor")),
}


@dataclass
class Parts:
    """What a published set of documents holds: section numbers, appendices by number and all titles."""

    sections: set[str] = field(default_factory=set)
    appendices: dict[int, list[str]] = field(default_factory=dict)   # number -> titles (more than one: a clash)
    titles: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    line: int            # 1-based line in the rendered Markdown
    text: str            # the mention as written
    problem: str         # Swedish: why it does not resolve
    heading: str         # the heading of the part the mention stands in
    ambiguous: bool = False


def parts_of(markdown: str, companions: tuple[str, ...] = ()) -> Parts:
    """The parts of a document (its numbered sections and "Bilaga N" headings) and of its companions
    (each companion's first heading, e.g. "Bilaga 1 Villkor", counts as an appendix of the set)."""
    parts = Parts()
    first_heading_done = False
    for line in markdown.splitlines():
        match = _HEADING.match(line)
        if not match:
            continue
        text = match.group(2).strip()
        parts.titles.append(text.casefold())
        appendix = _APPENDIX.match(text)
        if appendix:
            parts.appendices.setdefault(int(appendix.group(1)), []).append(appendix.group(2))
            continue
        number = _SECTION_NUMBER.match(text)
        if number and first_heading_done:
            parts.sections.add(number.group(1))
        first_heading_done = True
    for companion in companions:
        for line in companion.splitlines():
            match = _HEADING.match(line)
            if match:
                text = match.group(2).strip()
                parts.titles.append(text.casefold())
                appendix = _APPENDIX.match(text)
                if appendix:
                    parts.appendices.setdefault(int(appendix.group(1)), []).append(appendix.group(2))
                break  # only the companion's title names a part of the published set
    return parts


def dangling_mentions(markdown: str, companions: tuple[str, ...] = (),
                      files: dict[int, str] | None = None) -> list[Mention]:
    """Every mention in ``markdown`` that does not resolve to a part of it, of its ``companions`` or of the
    buyer's own ``files`` (number → title: the annex register's entries for the case key annexes)."""
    parts = parts_of(markdown, companions)
    for number, title in (files or {}).items():
        parts.appendices.setdefault(number, []).append(title)
        parts.titles.append(title.casefold())
    found: list[Mention] = []
    heading = ""
    for number, line in enumerate(markdown.splitlines(), 1):
        match = _HEADING.match(line)
        if match:
            heading = match.group(2).strip()
            continue
        for m in _AVSNITT.finditer(line):
            if _EXTERNAL.search(line[max(0, m.start() - 60):m.start()]) or _EXTERNAL_AFTER.match(line, m.end()):
                continue  # a section of another document: "vägledningen …, avsnitt 3.4", "SOU 2019:56 avsnitt 7.2"
            if m.group(1) not in parts.sections:
                found.append(Mention(number, m.group(0), f"avsnitt {m.group(1)} finns inte i dokumentet", heading))
        for m in _BILAGA.finditer(line):
            wanted, title = int(m.group(1)), m.group(2)
            titles = parts.appendices.get(wanted, [])
            if not titles:
                found.append(Mention(number, m.group(0), f"bilaga {wanted} finns inte bland de publicerade delarna", heading))
            elif title and not any(t.casefold().startswith(title.casefold()) for t in titles):
                found.append(Mention(number, m.group(0), f"bilaga {wanted} heter {' / '.join(titles)!r}, inte {title!r}",
                                     heading))
            elif not title and len(titles) > 1:
                found.append(Mention(number, m.group(0), f"bilaga {wanted} är tvetydig: den finns flera gånger "
                                     f"({' / '.join(titles)})", heading, ambiguous=True))
        for name, (pattern, words) in _PARTS.items():
            for m in pattern.finditer(line):
                if not any(word in title for title in parts.titles for word in words):
                    found.append(Mention(number, m.group(0), f"{m.group(0)!r} hänvisar till en {name} som inte finns "
                                         "bland dokumentets delar", heading))
    return found
