"""Fuzzing: case loading, front matter parsing and rendering raise nothing but DocgenError.

Normal runs use a moderate number of examples (CI budget); `pytest -m slow` runs many more.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import DocgenError
from generator.kinds import parse_case
from generator.library import parse_clause
from generator.render import render_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = (ROOT / "samples" / "tender-25a.yaml").read_text(encoding="utf-8")
CLAUSE = (ROOT / "tests" / "fixtures" / "lib" / "clauses" / "general" / "values.md").read_text(encoding="utf-8")
FAST = int(os.environ.get("DOCGEN_FUZZ_EXAMPLES", "600"))
SLOW = 20 * FAST
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)   # libyaml's when installed: 5× faster, the same data
COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# YAML-ish building blocks and values that stress the models
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                    st.floats(allow_nan=True), st.text(max_size=30), st.dates().map(str),
                    st.sampled_from(["25a", "open", "tender", "85311100-3", "2026-02-30", "~", "&a", "*a", "!!str"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=12)
sample_data = yaml.safe_load(SAMPLE)
paths = [("document",), ("route",), ("date",), ("authority", "name"), ("authority", "org_number"),
         ("authority", "contact"), ("procurement", "cpv"), ("procurement", "estimated_value_sek"),
         ("procurement", "term_months"), ("procurement", "start_date"), ("procurement", "tender_deadline"),
         ("clauses",), ("clauses", "contract/value-transfer-25a"), ("procurement",), ("extra",)]


def mutate(data, path, value):
    data = copy.deepcopy(data)   # plain YAML data: the same as a dump and load, in a thousandth of the time
    node = data
    for key in path[:-1]:
        if not isinstance(node, dict):
            return data
        node = node.setdefault(key, {})
    if isinstance(node, dict):
        node[path[-1]] = value
    return data


def only_docgen_errors(call):
    try:
        call()
    except DocgenError as exc:
        line = exc.one_line()
        assert line and "\n" not in line


def check_case_text(text: str) -> None:
    only_docgen_errors(lambda: parse_case(text, "fuzz.yaml", expect="tender"))


@settings(max_examples=FAST, **COMMON)
@given(st.text(max_size=300))
def test_case_loading_arbitrary_text(text):
    check_case_text(text)


@settings(max_examples=FAST, **COMMON)
@given(st.sampled_from(paths), values)
def test_case_loading_structured_mutations(path, value):
    text = yaml.dump(mutate(sample_data, path, value), Dumper=DUMPER, allow_unicode=True)
    check_case_text(text)


@settings(max_examples=FAST, **COMMON)
@given(st.integers(min_value=0, max_value=len(SAMPLE)), st.integers(min_value=0, max_value=40), st.text(max_size=20))
def test_case_loading_text_splices(at, cut, insert):
    check_case_text(SAMPLE[:at] + insert + SAMPLE[at + cut:])


@settings(max_examples=FAST, **COMMON)
@given(st.integers(min_value=0, max_value=len(CLAUSE)), st.integers(min_value=0, max_value=30), st.text(max_size=20))
def test_front_matter_parsing_splices(at, cut, insert):
    only_docgen_errors(lambda: parse_clause(CLAUSE[:at] + insert + CLAUSE[at + cut:], Path("fuzz.md")))


@settings(max_examples=FAST, **COMMON)
@given(st.text(max_size=400))
def test_front_matter_parsing_arbitrary_text(text):
    only_docgen_errors(lambda: parse_clause("---\n" + text, Path("fuzz.md")))


jinja_bits = st.sampled_from(["{{", "}}", "{%", "%}", "{#", "#}", " if ", " endif ", " for x in ", " endfor ",
                              "x", "y", "|", "money", "datum", "procent", "cpv", "antal", "manader", "(", ")", "[",
                              "]", ".", "'", '"', "1", "0", "-1", "/", "*", "**", "~", "none", "range(3)", "set ",
                              "=", "__class__", "ref", "loop.index", " else ", "+", "%"])
templates = st.lists(st.one_of(jinja_bits, st.text(max_size=5)), max_size=25).map("".join)
contexts = st.fixed_dictionaries({"x": values, "y": values})


@settings(max_examples=FAST, **COMMON)
@given(templates, contexts)
def test_rendering_random_templates(source, context):
    only_docgen_errors(lambda: render_text(source, context, "fuzz.md", lambda line: f"fuzz.md:{line}"))


# --- nightly-style: the same properties with many more examples -------------------------------

@pytest.mark.slow
@settings(max_examples=SLOW, **COMMON)
@given(st.sampled_from(paths), values)
def test_slow_case_loading_structured_mutations(path, value):
    check_case_text(yaml.dump(mutate(sample_data, path, value), Dumper=DUMPER, allow_unicode=True))


@pytest.mark.slow
@settings(max_examples=SLOW, **COMMON)
@given(st.integers(min_value=0, max_value=len(SAMPLE)), st.integers(min_value=0, max_value=40), st.text(max_size=20))
def test_slow_case_loading_text_splices(at, cut, insert):
    check_case_text(SAMPLE[:at] + insert + SAMPLE[at + cut:])


@pytest.mark.slow
@settings(max_examples=SLOW, **COMMON)
@given(st.integers(min_value=0, max_value=len(CLAUSE)), st.integers(min_value=0, max_value=30), st.text(max_size=20))
def test_slow_front_matter_parsing_splices(at, cut, insert):
    only_docgen_errors(lambda: parse_clause(CLAUSE[:at] + insert + CLAUSE[at + cut:], Path("fuzz.md")))


@pytest.mark.slow
@settings(max_examples=SLOW, **COMMON)
@given(templates, contexts)
def test_slow_rendering_random_templates(source, context):
    only_docgen_errors(lambda: render_text(source, context, "fuzz.md", lambda line: f"fuzz.md:{line}"))
