"""The dated register of legal changes: data/legal_changes.yaml and every threshold period of data/thresholds.yaml.

An entry says that an act (or a chapter or paragraph of it) was repealed, amended or added on a date,
what replaces it and where that is stated. The threshold figures are not repeated in the register: each
period of thresholds.yaml that follows an earlier one of the same kind is a change too, dated and sourced
by that file. `docgen audit` asks which entries reach a document: those dated after the document's
date (up to the audit date) that concern a provision it cites or a figure it relied on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .datafiles import read as read_data
from .thresholds import Threshold, load_thresholds


@dataclass(frozen=True)
class LegalChange:
    act: str
    paragraph: str | None
    date: date
    event: str                    # upphävd, ändrad, införd
    what: str
    replacement: str | None
    source: str
    review: tuple[str, ...] = ()
    threshold_kind: str | None = None   # set on the changes derived from thresholds.yaml

    @property
    def provision(self) -> str:
        """``19 kap. LOU``, ``socialtjänstlagen (2001:453)``: what changed, as a document cites it."""
        return f"{self.paragraph} {self.act}" if self.paragraph else self.act

    def concerns(self, citation: str) -> bool:
        """Whether ``citation`` (a legal basis a document lists) cites the act and, when the entry names
        one, a provision of its chapter or paragraph: ``19 kap.`` covers ``19 kap. 11 § LOU``, not
        ``19 a kap. 2 § LOU``."""
        text = " ".join(str(citation).split())
        if not (text == self.act or text.endswith(" " + self.act)):
            return False
        if not self.paragraph:
            return True
        return text.startswith(self.paragraph + " ")

    def as_dict(self) -> dict:
        return {"act": self.act, "paragraph": self.paragraph, "date": self.date.isoformat(), "event": self.event,
                "what": self.what, "replacement": self.replacement, "source": self.source,
                "review": list(self.review), "threshold_kind": self.threshold_kind}


def kronor(amount: int) -> str:
    """8109450 → ``8 109 450 kr`` (the figures as the documents print them)."""
    return f"{amount:,}".replace(",", " ") + " kr"


def threshold_changes(thresholds: list[Threshold] | None = None) -> list[LegalChange]:
    """One change per threshold period that follows an earlier period of the same kind."""
    items = thresholds if thresholds is not None else load_thresholds()
    by_kind: dict[str, list[Threshold]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    changes = []
    for kind, periods in by_kind.items():
        periods.sort(key=lambda t: t.valid_from)
        for before, after in zip(periods, periods[1:]):
            if before.amount_sek == after.amount_sek:
                continue
            changes.append(LegalChange(
                act=after.basis, paragraph=None, date=after.valid_from, event="ändrad",
                what=(f"Tröskelvärdet enligt {after.basis} ändrades från {kronor(before.amount_sek)} "
                      f"({before.period}) till {kronor(after.amount_sek)} ({after.period})."),
                replacement=kronor(after.amount_sek), source=after.source, threshold_kind=kind))
    return changes


def load_register(path: Path | str | None = None, thresholds: list[Threshold] | None = None) -> list[LegalChange]:
    """Every change docgen knows, oldest first: the register file's entries and the threshold periods."""
    data = read_data("legal_changes.yaml", path)   # datafiles.LegalChangesFile
    entries = [LegalChange(act=e.act, paragraph=e.paragraph, date=e.date, event=e.event, what=" ".join(e.what.split()),
                           replacement=e.replacement, source=" ".join(e.source.split()), review=tuple(e.review))
               for e in data.changes]
    return sorted(entries + threshold_changes(thresholds), key=lambda c: (c.date, c.provision))


def changes_between(register: list[LegalChange], after: date, until: date) -> list[LegalChange]:
    """The changes that took effect after ``after`` and no later than ``until``."""
    return [c for c in register if after < c.date <= until]
