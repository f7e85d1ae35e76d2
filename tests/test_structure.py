"""Structure is kept, never parsed back; data is typed; route meaning is data; models validate and the
kind's check decides (issue 20, items 3-6). Each scanner is first shown a source that breaks the rule,
so a scanner that finds nothing cannot pass by accident."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT

GENERATOR = ROOT / "generator"
# the rule modules and the data may spell route ids
ROUTE_ID_HOMES = ("generator/rules/", "generator/data/")


def _sources() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(GENERATOR.rglob("*.py"))]


# --- item 3: no regular expression over an error's text; one Finding; one translator -------------

ERROR_WORDS = ("message", "msg", "error", "exc", "err", "hint", "one_line", "where")


def _names_in(node: ast.AST) -> set[str]:
    found = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.Attribute):
            found.add(sub.attr)
    return found


def regex_over_errors(tree: ast.Module) -> list[int]:
    """Lines where ``re.<fn>(pattern, text)`` (or a compiled pattern's method) reads a text that is an
    error, its message, hint or place."""
    hits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in ("match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split"):
            continue
        operands = node.args[1:] if isinstance(node.func.value, ast.Name) and node.func.value.id == "re" else node.args
        if any(word in name.lower() for arg in operands for name in _names_in(arg) for word in ERROR_WORDS):
            hits.append(node.lineno)
    return hits


def test_the_regex_scanner_finds_a_message_read_back():
    bad = ast.parse(textwrap.dedent("""
        import re
        def place(exc):
            return re.match(r"([a-z_]+)\\.", str(exc))
        def label(message):
            return NAMED.sub(lambda m: m.group(0), message)
    """))
    assert regex_over_errors(bad) == [4, 6]


def test_no_regular_expression_reads_an_error_message_back():
    found = [(path, line) for path, tree in _sources() for line in regex_over_errors(tree)]
    assert found == []


def test_one_finding_type():
    classes = [(path, node.name) for path, tree in _sources() for node in ast.walk(tree)
               if isinstance(node, ast.ClassDef) and node.name in ("Finding", "Problem")]
    assert classes == [("generator/findings.py", "Finding")]


def test_one_translator_of_pydantic_errors():
    """Only validation.py opens a pydantic ValidationError (``.errors()``)."""
    callers = sorted({path for path, tree in _sources() for node in ast.walk(tree)
                      if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                      and node.func.attr == "errors" and not node.args})
    assert callers == ["generator/validation.py"]


def test_a_check_across_keys_is_placed_on_its_key_and_keeps_it():
    from generator.errors import DocgenError
    from generator.kinds import parse_case

    text = (ROOT / "samples" / "tender-open.yaml").read_text(encoding="utf-8")
    text = text.replace("start_date: 2027-09-01", "start_date: 2027-03-01")
    with pytest.raises(DocgenError) as info:
        parse_case(text, "case.yaml", expect="tender")
    error = info.value
    lines = text.splitlines()
    assert error.path == "case.yaml" and lines[error.line - 1].strip().startswith("start_date:")
    assert error.keys == (("procurement", "start_date"), ("procurement", "tender_deadline"))
    assert "procurement.start_date måste ligga efter procurement.tender_deadline" in error.one_line()
    message, _hint = error.worded(lambda key: {"start_date": "Start", "tender_deadline": "Sista dag"}[key[-1]])
    assert message.endswith("Start måste ligga efter Sista dag")


def test_check_problems_are_findings_with_a_column():
    from generator.checks import run_checks
    from generator.findings import Finding

    problems = run_checks(ROOT / "clauses", ROOT / "templates", None)
    assert problems and all(isinstance(p, Finding) for p in problems)


# --- item 4: typed data, one sector list, no file read at import --------------------------------

def test_data_files_are_read_into_their_models():
    from generator.datafiles import MODELS, read

    for name, model in MODELS.items():
        assert isinstance(read(name), model), name


def test_the_sector_list_is_stated_once():
    import yaml

    from generator.case import TenderCase

    stated = list(yaml.safe_load((GENERATOR / "data" / "sectors.yaml").read_text(encoding="utf-8"))["sectors"])
    schema = TenderCase.model_json_schema()
    sector = schema["$defs"]["Procurement"]["properties"]["sector"]
    assert [option.get("enum") for option in sector["anyOf"] if "enum" in option] == [stated]
    spelled = [(path, node.lineno) for path, tree in _sources() for node in ast.walk(tree)
               if isinstance(node, (ast.Tuple, ast.List, ast.Set))
               and sum(isinstance(e, ast.Constant) and e.value in stated for e in node.elts) >= 2]
    assert spelled == []


SPY = """
import builtins, io, pathlib, pkgutil, importlib, sys
read = []
def spy(opener):
    def wrapped(file, *args, **kwargs):
        read.append(str(file))
        return opener(file, *args, **kwargs)
    return wrapped
builtins.open = spy(builtins.open)
io.open = builtins.open
import generator
for module in pkgutil.walk_packages(generator.__path__, "generator."):
    if module.name != "generator.__main__":
        importlib.import_module(module.name)
print("\\n".join(p for p in read if any(part in p for part in ("/generator/data/", "/templates/", "/clauses/"))))
"""


def test_no_data_file_is_read_at_import():
    result = subprocess.run([sys.executable, "-c", SPY], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == []


# --- item 5: route meaning in data ---------------------------------------------------------------

def route_id_literals(tree: ast.Module, ids: set[str]) -> list[int]:
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in ids]


def test_the_route_id_scanner_finds_a_route_tested_by_name():
    from generator.datafiles import route_ids

    bad = ast.parse("def competes(case):\n    return case.route != 'lov-2a'\n")
    assert route_id_literals(bad, set(route_ids())) == [2]


def test_no_route_id_literal_outside_the_data_and_the_rules():
    from generator.datafiles import route_ids

    ids = set(route_ids())
    found = [(path, line) for path, tree in _sources() if not path.startswith(ROUTE_ID_HOMES)
             for line in route_id_literals(tree, ids)]
    assert found == []


def test_what_suppliers_submit_is_data():
    from generator.datafiles import load_routes

    submits = {spec.id: spec.submission for spec in load_routes().routes}
    assert submits == {"25a": "anbud", "25": "anbud", "4-18": "anbud", "19a-2": "offert", "lov-2a": "ansökan",
                       "open": "anbud"}
    assert [spec.id for spec in load_routes().routes if not spec.competition] == ["lov-2a"]


def test_routes_except_means_every_other_route():
    from generator.datafiles import route_ids
    from generator.library import load_library

    submission = load_library().get("admin/submission")
    assert submission.meta.routes_except == ["lov-2a"]
    assert submission.meta.routes == [rid for rid in route_ids() if rid != "lov-2a"]


def test_a_fixed_procedures_reason_is_read_from_procedures_yaml(tmp_path):
    from generator.rules.procedure import load_procedures

    assert load_procedures()["lov"].reason.startswith("Valfrihetssystem enligt lagen (2008:962)")


# --- item 6: models validate, the kind's check fills the defaults ------------------------------

def _case_without_decisions() -> tuple[str, str]:
    text = (ROOT / "samples" / "tender-open.yaml").read_text(encoding="utf-8")
    return text.split("# --- Den upphandlande myndighetens beslut")[0], "case.yaml"


def test_the_model_leaves_the_buyers_decisions_open():
    from generator.kinds import parse_case

    loaded = parse_case(*_case_without_decisions(), expect="tender")
    assert loaded.model.evaluation is None and loaded.model.contract is None


def test_each_default_is_a_finding_at_its_key_and_the_check_is_repeatable():
    from generator.kinds import DOCUMENT_KINDS, parse_case

    loaded = parse_case(*_case_without_decisions(), expect="tender")
    first = [f for f in DOCUMENT_KINDS["tender"].check(loaded, None).findings if f.code == "buyer-default"]
    assert {f.key for f in first} == {("evaluation",), ("price",), ("contract", "index"), ("contract", "insurance"),
                                      ("contract", "vite"), ("timetable",), ("scope",)}   # the case facts too (rules/casefacts.py)
    assert all(f.file == "case.yaml" and f.line for f in first)
    assert loaded.model.evaluation is not None and loaded.validated.evaluation is None
    again = [f for f in DOCUMENT_KINDS["tender"].check(loaded, None).findings if f.code == "buyer-default"]
    assert again == first   # a second run (the form validates, then builds) says the same


def test_a_choice_system_gets_no_evaluation_from_the_defaults():
    from generator.kinds import DOCUMENT_KINDS, load_case

    loaded = load_case(ROOT / "samples" / "tender-lov-2a.yaml")
    DOCUMENT_KINDS["tender"].check(loaded, None)
    assert loaded.model.evaluation is None and loaded.model.price is None


def test_check_json_keeps_its_shape(tmp_path):
    from generator.checks.problems import as_json, problem

    payload = json.loads(as_json([problem("a.md", 3, 7, "x", "warning", "m", "h")]))
    assert payload["problems"] == [{"path": "a.md", "line": 3, "col": 7, "code": "x", "severity": "warning",
                                    "message": "m", "hint": "h"}]


def test_check_names_a_route_whose_fixed_procedure_is_unknown(monkeypatch):
    from generator import datafiles
    from generator.checks import data
    from generator.checks.data import check_route_procedures

    routes = datafiles.load_routes()
    lov = routes.route("lov-2a")
    broken = routes.model_copy(update={"routes": tuple(s.model_copy(update={"procedure": "valfrihet"}) if s is lov else s
                                                       for s in routes.routes)})
    monkeypatch.setattr(data, "load_routes", lambda path=None: broken)
    [found] = check_route_procedures(None)
    assert found.code == "route-procedure-unknown" and "valfrihet" in found.message and found.line > 1
