"""The whole pipeline as plain calls: case → rules → plan → Markdown → tree → writers → files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .assemble import Document, assemble
from .case import LoadedCase
from .errors import DocgenError
from .library import Library
from .output import INTERNAL_DIR, OutputSet, Written, save_outputs, sha256
from .rules import Verdict, case_path_of, check_route, facts_from_case
from .rules.conditions import condition_warnings
from .tree import parse
from .writers import write


@dataclass
class Result:
    document: Document
    files: dict[str, bytes]
    verdict: Verdict | None = None
    warnings: list[str] = field(default_factory=list)


def check_tender_route(loaded: LoadedCase) -> Verdict:
    case = loaded.model
    verdict = check_route(case.route, facts_from_case(case))
    if verdict.eligible is False:
        reasons = " ".join(verdict.refusals)  # every rule records why it refuses
        fact_path = next(filter(None, map(case_path_of, verdict.refused_facts)), None)
        raise DocgenError(f"vägen {case.route} ({verdict.basis}) kan inte användas: {reasons}",
                          where=loaded.lines.where(fact_path or ("route",)), hint="kör docgen routes --data för att se vilka vägar som är möjliga")
    check_procedure(loaded, verdict)
    return verdict


def check_procedure(loaded: LoadedCase, verdict: Verdict) -> None:
    """The procedure must follow from the facts (rules/procedure.py): refuse when it cannot be decided;
    warn (in the verdict's warnings) when the tender deadline is shorter than the law's minimum."""
    from .rules.procedure import decide, deadline_warning

    case = loaded.model
    decision = decide(case.route, facts_from_case(case), case.authority.kind)
    if decision.spec is None:
        path = case_path_of(decision.unknown_fact) or ("route",)
        raise DocgenError(f"förfarandet kan inte avgöras: {decision.unknown}", where=loaded.lines.where(path),
                          hint="ange procurement.annex2_service: true eller false" if decision.unknown_fact == ("annex2",)
                          else "komplettera ärendefilen")
    verdict.warnings.extend(f"{loaded.lines.where(('date',))}: {w}" for w in decision.warnings)
    warning = deadline_warning(decision, case.date, case.procurement.tender_deadline)
    if warning:
        where = loaded.lines.where(("procurement", "tender_deadline"))
        verdict.warnings.append(f"{where}: {warning}")
    for path, message in case.default_warnings:
        verdict.warnings.append(f"{loaded.lines.where(path)}: {message}")


def manifest(document: Document, loaded: LoadedCase, files: dict[str, bytes], template: str) -> dict:
    return {
        "docgen_version": __version__,
        "document": document.kind,
        "template": template,
        # the document template and Word skeleton as they were, so `docgen verify` can tell a change
        "templates": [{"file": f"{template}.yaml", "sha256": sha256(document.plan.template_path.read_bytes())},
                      {"file": document.plan.template.word, "sha256": sha256(document.word_template.read_bytes())}],
        "case": {"file": Path(loaded.source).name, "sha256": loaded.sha256},
        "clauses": [
            {"id": c.id, "version": c.meta.version, "sha256": c.sha256}
            for c in document.plan.clauses()
        ],
        "legal_basis": document.legal_bases,
        "outputs": [{"file": name, "sha256": sha256(data)} for name, data in files.items()],
    }


def render(loaded: LoadedCase, library: Library, template: str, formats: list[str],
           templates: Path | None = None, verdict: Verdict | None = None, conditions: bool = True) -> Result:
    """``conditions=False`` for a companion document of the same case (the labour-law appendices):
    the condition checks already ran for the main document."""
    warnings: list[str] = list(verdict.warnings) if verdict else []
    if conditions and getattr(loaded.model, "document", None) == "tender":
        warnings.extend(condition_warnings(loaded, library))
    document = assemble(loaded, library, template, templates, warnings)
    tree = parse(document.markdown)
    files = {f"{document.output_stem}.{fmt}": write(fmt, tree, document) for fmt in formats}
    return Result(document, files, verdict, warnings)


def save(result: Result, loaded: LoadedCase, out_dir: Path, template: str, force: bool = False) -> list[Path]:
    return save_all([(result, template)], loaded, out_dir, force)


def save_all(results: list[tuple[Result, str]], loaded: LoadedCase, out_dir: Path, force: bool = False,
             extra_files: list[OutputSet] | None = None) -> Written:
    """Several documents of one case (a tender, its companions, its "Motiv till ställda krav"), each with
    its manifest, plus ``extra_files`` (the notice fields): every file is checked first (edited files and
    other cases' files are refused, all named), then all are moved into place together and each manifest
    is updated with the files of earlier runs still in the folder."""
    case_file = Path(loaded.source).name
    sets = []
    for result, template in results:
        # an internal document (the template says internal: true) goes to <out>/intern/ with its manifest
        document = result.document
        record = manifest(document, loaded, {}, template)
        record.pop("outputs")
        sets.append(OutputSet(document.output_stem, result.files, record,
                              INTERNAL_DIR if document.plan.template.internal else "", case_file))
    return save_outputs(out_dir, sets + list(extra_files or []), force)
