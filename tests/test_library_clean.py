"""The real library, templates and samples pass `docgen check`, and stay clean.

`docgen check --strict` here renders every sample in every format (the slow part, about 18–25 s on
a loaded two-core machine), so render-all-samples is covered by this file; the per-kind tests
(test_tender_routes, test_iop, test_policy) look at the content of those documents.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, run_docgen

from generator import assemble as assemble_module
from generator.assemble import (
    CRITERIA_NAMES,
    DOCUMENT_NAMES,
    FOLLOW_UP_NAMES,
    case_context,
    case_names,
    clause_context,
    clause_context_names,
)
from generator.build import Build
from generator.checks.samples import sample_files, templates_of_kind
from generator.checks.workspace import load_workspace
from generator.datafiles import route_ids
from generator.kinds import DOCUMENT_KINDS, load_case
from generator.library import load_library
from generator.render import ENV

SAMPLES = sample_files(ROOT / "samples")


def test_real_library_templates_and_samples_pass_docgen_check():
    result = run_docgen("check", "--strict", timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    # the only lines on stdout are the lawyer's worklist (review: entries, info severity "att granska")
    assert all(" review att granska: " in line for line in result.stdout.splitlines()), result.stdout
    assert "inga problem" in result.stderr
    assert len(SAMPLES) >= 10  # the slow part really rendered something


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "clauses")


@pytest.fixture(scope="module")
def workspace():
    return load_workspace(ROOT / "clauses", ROOT / "templates", ROOT / "samples")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_names_the_checker_allows_are_exactly_the_names_assemble_provides(sample: Path, library, workspace,
                                                                          monkeypatch):
    """For each sample, every clause body and follow-up row is rendered with exactly the case's fields and
    computed fields, the document names (or the follow-up names) and the clause's own variables."""
    loaded = load_case(sample)
    DOCUMENT_KINDS[loaded.model.document].check(loaded, library)   # as build() does: the check stage completes the case
    model = type(loaded.model)
    assert set(case_context(loaded)) == case_names(model) | {"route"}
    seen: list[tuple[str, set[str]]] = []
    original = assemble_module.render_text

    def recording(source, context, name, *args, **kwargs):
        seen.append((name, set(context)))
        return original(source, context, name, *args, **kwargs)

    monkeypatch.setattr(assemble_module, "render_text", recording)
    by_path = {str(c.path): c for c in library}
    for template in templates_of_kind(workspace, loaded.model.document):
        seen.clear()
        Build(loaded.model.document, loaded, library, templates_dir=ROOT / "templates").document(
            template.name, [], ROOT / "templates")
        bodies = rows = 0
        for name, keys in seen:
            path, _, part = name.partition("#")
            clause = by_path.get(path)
            if clause is None:
                continue  # the template's own title, subtitle and output
            names = (FOLLOW_UP_NAMES if part.startswith(("follow_up", "sanctions"))
                     else CRITERIA_NAMES if part.startswith(("criteria", "levels")) else DOCUMENT_NAMES)
            bodies, rows = (bodies + 1, rows) if not part else (bodies, rows + 1)
            allowed = (clause_context_names(model, names) | frozenset(DOCUMENT_KINDS[loaded.model.document].context_names)) - set(ENV.globals)
            assert allowed <= keys, f"{name}: {sorted(allowed - keys)} saknas i sammanhanget"
            assert keys - allowed <= set(clause.meta.variables), f"{name}: {sorted(keys - allowed)} okända för check"
        assert bodies > 3


def test_computed_fields_are_names_a_clause_may_use():
    iop = clause_context_names(DOCUMENT_KINDS["iop"].model)
    assert {"all_parties", "purchase", "state_aid_figures", "contributions_by_party", "term_months", "convener",
            "plan", "provenance", "ref", "route", "clauses"} <= iop
    assert "thresholds" in clause_context_names(DOCUMENT_KINDS["policy-borg"].model)
    assert "thresholds" not in clause_context_names(DOCUMENT_KINDS["tender"].model)
    assert "plan" not in clause_context_names(DOCUMENT_KINDS["tender"].model, FOLLOW_UP_NAMES)


def test_a_context_name_not_declared_for_the_checker_is_refused():
    with pytest.raises(AssertionError, match="DOCUMENT_NAMES"):
        clause_context({"route": None, "clauses": {}, "plan": {}}, {}, ref=None, provenance=None, extra=1)
    with pytest.raises(AssertionError, match="DOCUMENT_NAMES"):
        clause_context({"route": None, "clauses": {}}, {}, ref=None, provenance=None)  # no plan


FOLLOW_UP_ROUTES = {"25a": "contract/value-transfer-25a", "25": "contract/organisation-25",
                    "4-18": "contract/employment-share-4-18", "lov-2a": "contract/value-transfer-lov-2a"}


@pytest.mark.parametrize("route", route_ids())
def test_follow_up_section_and_appendix_for_every_route_with_contract_conditions(route: str, library):
    loaded = load_case(ROOT / "samples" / f"tender-{route}.yaml")
    document = Build("tender", loaded, library).document("tender", []).document
    ids = [c.id for c in document.plan.clauses()]
    with_rows = [c for c in document.plan.clauses() if c.meta.follow_up]
    has_section = "contract/follow-up" in ids and "appendix/contract-conditions" in ids
    assert has_section == bool(with_rows), f"{route}: uppföljning {has_section}, rader i {[c.id for c in with_rows]}"
    if route in FOLLOW_UP_ROUTES:
        assert FOLLOW_UP_ROUTES[route] in [c.id for c in with_rows]
        # every row of the route's contract clause is in the section and in the appendix table
        table = document.markdown.split("Uppföljningsplan", 1)[1]
        contract = library.get(FOLLOW_UP_ROUTES[route])
        for row in contract.meta.follow_up:
            start = row.what.split("{{")[0][:60]
            assert document.markdown.count(start) >= 2 and start in table, f"{route}: {start!r}"
    if route == "lov-2a":
        # a LOV text never calls itself an upphandlingsdokument; the conditions are pointed to in the contract
        assert "upphandlingsdokumentet" not in table and "17 kap. 1 § LOU" not in document.legal_bases
        assert "Villkorens lydelse framgår av de angivna punkterna i kontraktet." in document.markdown


# The Dala source writes "4 kap 25§" / "4 kap 25a§" where 19 kap. 25 § / 25 a § LOU is meant.
CHAPTER_SLIP = re.compile(r"\b4\s*kap\.?\s*25(?:\s*a)?\s*§")


def test_the_dala_sources_chapter_slips_are_not_copied_anywhere():
    files = [p for d in ("clauses", "templates", "samples") for p in (ROOT / d).rglob("*") if p.is_file()]
    assert len(files) > 50
    hits = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in files if p.suffix in (".md", ".yaml")
            for m in CHAPTER_SLIP.finditer(p.read_text(encoding="utf-8"))]
    assert hits == []
    assert CHAPTER_SLIP.search("reserverad enligt 4 kap 25a§ LOU") and CHAPTER_SLIP.search("4 kap. 25 § LOU")
    assert not CHAPTER_SLIP.search("4 kap. 18 § LOU") and not CHAPTER_SLIP.search("19 kap. 25 § LOU")
