"""The list of checks. Each is a small function ``(workspace) -> problems`` registered with its codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..findings import Finding
from .workspace import Workspace

CheckFunction = Callable[[Workspace], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    name: str
    codes: tuple[str, ...]
    function: CheckFunction
    slow: bool = False


CHECKS: list[Check] = []


def check(name: str, *codes: str, slow: bool = False) -> Callable[[CheckFunction], CheckFunction]:
    def register(function: CheckFunction) -> CheckFunction:
        CHECKS.append(Check(name, codes, function, slow))
        return function

    return register


# Rules that read a sample's rendered PDF: ``(sample, built) -> problems``, where ``built`` holds the PDF
# bytes. `docgen check` renders PDFs only while one is registered (and only for the samples it renders
# again); none is built in.
PdfRule = Callable[..., Iterable[Finding]]
PDF_RULES: list[PdfRule] = []
