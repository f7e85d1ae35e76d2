"""The forms the web page offers: one entry per ``Form`` of each kind in ``generator.kinds.DOCUMENT_KINDS``.

Nothing here knows a kind: what the page shows (label, summary, advice, Swedish names for coded choices,
initial values) is the kind's ``forms``; the case model, the templates and the checks are the kind's own
(``kinds.Kind``); fields, labels and clause variables come from the case model and the clause front matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..kinds import DOCUMENT_KINDS, Form, Kind


@dataclass
class DocumentKind:
    """One form of the page: a kind and how it is presented (``kinds.Form``)."""

    kind: Kind
    form: Form

    @property
    def key(self) -> str:
        return self.form.key

    @property
    def model(self) -> str:
        return self.kind.key    # the case file's document:

    @property
    def label(self) -> str:
        return self.form.label

    @property
    def summary(self) -> str:
        return self.form.summary

    @property
    def variant(self) -> str | None:
        return self.form.variant

    @property
    def advice(self):
        return self.form.advice

    def choice_labels(self) -> dict[tuple, dict[str, str]]:
        return self.form.choice_labels()

    def initial(self) -> dict[str, Any]:
        if self.form.initial is not None:
            return self.form.initial()
        return {"document": self.kind.key, "date": date.today()}

    def template(self, _data: dict[str, Any] | None = None) -> str:
        return self.variant or self.kind.template

    @property
    def templates(self) -> Path | None:
        """The folder the form's template is read from (a plugin kind's own; None: the bundled one)."""
        return self.kind.template_folder(self.template(), None)


def available() -> dict[str, DocumentKind]:
    """Every form of every registered kind (built-in and plugin), in registry order."""
    return {form.key: DocumentKind(kind, form) for kind in DOCUMENT_KINDS.values() for form in kind.forms}


def kind_for_document(document: str) -> DocumentKind | None:
    """The form a saved case file opens in (its ``document:`` value)."""
    return next((k for k in available().values() if k.model == document), None)
