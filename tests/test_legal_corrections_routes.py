"""Issue 15 (legal corrections), the items of the route advisor, the CPV codes, the notice fields and
the needs assessment: 1–4, 11, 12, 17. Each test failed on the code before the fix."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_docgen

SAMPLES = ROOT / "samples"
DATA = ROOT / "generator" / "data"
REFERENCE = Path("/work/shared/reference/data")


def routes_json(*args: str) -> dict:
    result = run_docgen("routes", *args, "--date", "2026-06-01", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def one(folder: Path, pattern: str) -> Path:
    """The one file matching ``pattern`` (output names carry the case's diarienummer, issue 17)."""
    found = sorted(p for p in folder.glob(pattern) if not p.name.endswith(".manifest.json"))
    assert len(found) == 1, (pattern, sorted(p.name for p in folder.rglob("*")))
    return found[0]


def by_id(answer: dict) -> dict[str, dict]:
    return {r["id"]: r for r in answer["routes"]}


def write_case(tmp_path: Path, sample: str, **procurement) -> Path:
    case = yaml.safe_load((SAMPLES / sample).read_text(encoding="utf-8"))
    for key, value in procurement.items():
        if value is None:
            case["procurement"].pop(key, None)
        else:
            case["procurement"][key] = value
    path = tmp_path / "case.yaml"
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --- 1. a prior 19 kap. 25 § award does not close the route ---------------------------------------

def test_1_repeat_25_keeps_route_25_open_and_names_the_earlier_awardee():
    route = by_id(routes_json("--cpv", "92500000-6", "--months", "24", "--repeat-25"))["25"]
    assert route["eligible"] is True
    reason = next(r for r in route["reasons"] if "tredje stycket" in r)
    assert "hindrar inte att upphandlingen reserveras" in reason
    assert "får inte tilldelas kontraktet på nytt förrän tre år har gått" in reason


def test_1_a_tender_with_repeat_25_is_written(tmp_path):
    case = write_case(tmp_path, "tender-25.yaml", repeat_25=True)
    result = run_docgen("tender", "--route", "25", "--data", str(case), "--format", "md", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr


# --- 2. vårdval is not assumed --------------------------------------------------------------------

def test_2_primary_care_without_vardval_is_unknown_with_a_reason():
    answer = routes_json("--cpv", "85121100-4")
    lov = by_id(answer)["lov-2a"]
    assert lov["eligible"] is None
    assert any("vårdvalssystem enligt 7 kap. 3 § hälso- och sjukvårdslagen" in r and "85121100-4" in r
               for r in lov["reasons"])
    assert any("--no-vardval" in w for w in answer["warnings"])


@pytest.mark.parametrize("flag,expected", [("--vardval", False), ("--no-vardval", True)])
def test_2_the_flags_decide(flag, expected):
    lov = by_id(routes_json("--cpv", "85121100-4", flag))["lov-2a"]
    assert lov["eligible"] is expected


def test_2_social_services_are_not_health_care():
    lov = by_id(routes_json("--cpv", "85312400-3"))["lov-2a"]
    assert lov["eligible"] is True
    assert any("Ingen av CPV-koderna avser hälso- och sjukvård" in r for r in lov["reasons"])


def test_2_case_key_is_three_valued(tmp_path):
    from generator.kinds import load_case
    from generator.rules import facts_from_case

    unset = write_case(tmp_path, "tender-lov-2a.yaml", vardval=None, cpv=["85121100-4"])
    assert facts_from_case(load_case(unset, expect="tender").model).vardval is None
    lov = by_id(routes_json("--data", str(unset)))["lov-2a"]
    assert lov["eligible"] is None
    said_no = write_case(tmp_path, "tender-lov-2a.yaml", vardval=False, cpv=["85121100-4"])
    assert by_id(routes_json("--data", str(said_no)))["lov-2a"]["eligible"] is True


# --- 3. mixed contracts ---------------------------------------------------------------------------

def test_3_mixed_contract_is_unknown_and_names_the_main_object_question():
    answer = routes_json("--cpv", "85311100-3", "--cpv", "55520000-1")
    for rid in ("25a", "lov-2a"):
        route = by_id(answer)[rid]
        assert route["eligible"] is None, rid
        assert any("blandat" in r and "huvudföremål" in r and "main_cpv" in r for r in route["reasons"]), rid


def test_3_main_object_decides():
    inside = by_id(routes_json("--cpv", "85311100-3", "--cpv", "55520000-1", "--main-cpv", "85311100-3"))
    assert inside["25a"]["eligible"] is True
    assert any("huvudföremål CPV 85311100-3" in r for r in inside["25a"]["reasons"])
    outside = by_id(routes_json("--cpv", "85311100-3", "--cpv", "55520000-1", "--main-cpv", "55520000-1"))
    assert outside["25a"]["eligible"] is False
    assert any("huvudföremål CPV 55520000-1" in r and "inte omfattas" in r for r in outside["25a"]["reasons"])


def test_3_only_outside_codes_are_still_refused():
    assert by_id(routes_json("--cpv", "55520000-1"))["25a"]["eligible"] is False


def test_3_main_cpv_in_a_case_must_be_one_of_its_codes(tmp_path):
    case = write_case(tmp_path, "tender-25a.yaml", main_cpv="85312400-3")
    result = run_docgen("routes", "--data", str(case), "--json")
    assert result.returncode == 2 and "main_cpv" in result.stderr and "Traceback" not in result.stderr
    good = write_case(tmp_path, "tender-25a.yaml", cpv=["85311100-3", "55520000-1"], main_cpv="85311100-3")
    refused = run_docgen("tender", "--route", "25a", "--data", str(good), "--format", "md", "--out", str(tmp_path / "o"))
    assert refused.returncode == 0, refused.stderr


# --- 4. CPV codes are checked, not just shaped -----------------------------------------------------

def _codes_with_check_digits() -> set[tuple[str, int]]:
    files = list((DATA / "cpv").glob("*.tsv")) + [DATA / "cpv_lists.yaml", DATA / "lou_bilaga2.yaml"]
    files += list(REFERENCE.glob("*.tsv")) if REFERENCE.is_dir() else []
    found = set()
    for path in files:
        for m in re.finditer(r"\b(\d{8})-(\d)\b", path.read_text(encoding="utf-8")):
            found.add((m[1], int(m[2])))
    return found


def test_4_check_digit_rule_agrees_with_every_code_but_the_documented_exception():
    from generator.cpv import computed_check_digit

    codes = _codes_with_check_digits()
    assert len(codes) >= 150
    disagree = sorted(f"{d}-{c}" for d, c in codes if computed_check_digit(d) != c)
    assert disagree == ["85210000-3"]  # a published code off the rule: why the rule alone proves nothing


def test_4_wrong_check_digit_of_a_known_code_is_refused_in_the_cli():
    result = run_docgen("routes", "--cpv", "85311100-4", "--json")
    assert result.returncode == 2 and result.stdout == ""
    assert "85311100-4" in result.stderr and "85311100-3" in result.stderr and "kontrollsiffra" in result.stderr
    assert "Traceback" not in result.stderr


def test_4_wrong_check_digit_in_a_case_file_is_refused_with_its_line(tmp_path):
    case = write_case(tmp_path, "tender-25a.yaml", cpv=["85311100-4"])
    result = run_docgen("tender", "--route", "25a", "--data", str(case), "--format", "md", "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "85311100-4" in result.stderr and "case.yaml:" in result.stderr
    assert not (tmp_path / "o").exists()


def test_4_unconfirmed_code_warns_in_the_cli():
    # a code that fails the check-digit rule and is not in docgen's tables is refused since issue 22, item 4
    refused = run_docgen("routes", "--cpv", "85311199-9", "--date", "2026-06-01", "--json")
    assert refused.returncode == 2 and "85311199-9 har fel kontrollsiffra" in refused.stderr
    plausible = routes_json("--cpv", "85311101-0")  # not in any table, but the rule's check digit
    assert any("85311101-0" in w and "kan inte bekräftas" in w for w in plausible["warnings"])
    known = routes_json("--cpv", "85311100-3")
    assert not any("85311100-3" in w for w in known["warnings"])


def test_4_unconfirmed_code_warns_in_the_tender_run(tmp_path):
    case = write_case(tmp_path, "tender-25a.yaml", cpv=["85311101-0"])
    result = run_docgen("tender", "--route", "25a", "--data", str(case), "--format", "md", "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert "85311101-0" in result.stderr and "kan inte bekräftas" in result.stderr


def test_4_unconfirmed_code_warns_in_the_web_form():
    pytest.importorskip("starlette")
    pytest.importorskip("uvicorn")
    from serve_helpers import running_app, upload

    from generator.serve.documents import available
    from generator.serve.workflow import data_from_yaml, state_from_data, validate

    text = (SAMPLES / "tender-25a.yaml").read_text(encoding="utf-8").replace("85311000-2", "85311101-0")
    with running_app() as base:
        status, page = upload(base, "x.yaml", text)   # the form's advice panel, as the buyer sees it
    html = page.decode("utf-8")
    assert status == 200 and "85311101-0" in html and "kan inte bekräftas" in html

    wrong = text.replace("85311101-0", "85311100-4")
    _doc, data, _ = data_from_yaml(wrong, "x.yaml")
    state = state_from_data(available()["tender"], data)
    validate(state)
    shown = " ".join(str(m) for m in list(state.errors.values()) + list(state.general))
    assert "85311100-4" in shown and "85311100-3" in shown


# --- 11. citations that do not exist --------------------------------------------------------------

NONEXISTENT = re.compile(r"19 a kap\. 2 § första stycket \d")


def test_11_no_numbered_points_of_19a_kap_2_anywhere():
    places = [ROOT / "clauses", ROOT / "templates", DATA]
    hits = [str(p) for base in places for p in base.rglob("*") if p.is_file() and p.suffix in (".md", ".yaml", ".tsv")
            and NONEXISTENT.search(p.read_text(encoding="utf-8"))]
    assert hits == []


def test_11_route_output_notice_and_policies_cite_the_sentences(tmp_path):
    answer = routes_json("--cpv", "85311100-3", "--value", "1800000")
    reasons = " ".join(by_id(answer)["19a-2"]["reasons"])
    assert "19 a kap. 2 § andra meningen LOU" in reasons and not NONEXISTENT.search(reasons)
    general = routes_json("--cpv", "90911200-8", "--no-annex2", "--value", "100000")
    assert "19 a kap. 2 § första meningen LOU" in " ".join(by_id(general)["19a-2"]["reasons"])

    out = tmp_path / "notice"
    result = run_docgen("tender", "--route", "25a", "--format", "md", "--out", str(out), "--notice")
    assert result.returncode == 0, result.stderr
    notice = one(out, "notice-fields*.json").read_text(encoding="utf-8")
    assert not NONEXISTENT.search(notice)
    for policy in ("borg", "dala"):
        folder = tmp_path / policy
        done = run_docgen("policy", policy, "--data", str(SAMPLES / f"policy-{policy}.yaml"), "--format", "md",
                          "--out", str(folder))
        assert done.returncode == 0, done.stderr
        text = "\n".join(p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file())
        assert not NONEXISTENT.search(text), policy


# --- 12. LOV notice: a national reservation ----------------------------------------------------------

def test_12_lov_notice_is_a_national_reservation_with_the_lov_website(tmp_path):
    result = run_docgen("tender", "--route", "lov-2a", "--format", "md", "--out", str(tmp_path), "--notice")
    assert result.returncode == 0, result.stderr
    data = json.loads(one(tmp_path, "notice-fields*.json").read_text(encoding="utf-8"))
    row = next(r for r in data["fields"] if r["field"] == "BT-71-Lot")
    assert row["value"] is None and row["status"] == "national"
    assert row["legal_basis"] == {"basis": "1 kap. 2 a § LOV"}
    assert "nationell regel" in row["note"] and not row["note"].startswith("Valfrihetssystemet är inte reserverat")
    assert "nationella webbplatsen för valfrihetssystem" in row["guidance"]["text"]
    assert "BT-71-Lot" in result.stderr and "1 kap. 2 a § LOV" in result.stderr


# --- 17. the needs assessment knows bilaga 2 beyond the three lists ---------------------------------

def _assessment(tmp_path: Path, case: Path) -> str:
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", "open", "--data", str(case), "--format", "md", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return one(out / "intern", "behovlighetsbedomning-arbetsrattsliga-villkor*.md").read_text(encoding="utf-8")


def test_17_catering_is_measured_against_the_bilaga_2_threshold(tmp_path):
    # the sample says annex2_service: true; without it docgen must know catering is bilaga 2 itself
    case = write_case(tmp_path, "tender-open-avancerad.yaml", annex2_service=None)
    text = _assessment(tmp_path, case)
    assert "8 513 250 kr för sociala tjänster och andra särskilda tjänster enligt bilaga 2 till LOU" in text
    assert "2 451 816" not in text
    assert "bilaga 2 ovan" not in text


def test_17_an_unknown_service_makes_the_assessment_ask(tmp_path):
    from generator.kinds import load_case
    from generator.labour.facts import labour_law_facts

    case = write_case(tmp_path, "tender-open-avancerad.yaml", cpv=["79952000-2"], annex2_service=None)  # not known
    facts = labour_law_facts(load_case(case, expect="tender").model)
    assert facts["threshold"] is None and facts["annex2"] is None
    assert "det framgår inte om tjänsten avser bilaga 2 till LOU" in facts["threshold_gap"]
    assert "annex2_service" in facts["threshold_gap"]
    cleaning = write_case(tmp_path, "tender-open-avancerad.yaml", cpv=["90911200-8"], annex2_service=None)  # a risk industry: not bilaga 2
    assert labour_law_facts(load_case(cleaning, expect="tender").model)["threshold"]["kind"] == "eu_services_subcentral"


def test_17_bilaga_2_data_is_dated_and_sourced():
    from generator.datafiles import load_annex2

    annex2 = load_annex2()
    assert annex2.partial is True and annex2.retrieved.year >= 2026
    assert all(source.source for source in annex2.sources)
    header = (DATA / "lou-bilaga2-eforms.tsv").read_text(encoding="utf-8")
    assert "SUBSET of LOU bilaga 2" in header and "eForms SDK 1.15.1" in header


# --- issue 13.3: routes as data --------------------------------------------------------------------

def _source_files():
    skip = {".git", "notes", "history", "__pycache__", "out"}
    for path in ROOT.rglob("*"):
        if path.is_file() and path.suffix in (".py", ".yaml", ".md", ".html", ".js", ".toml") \
                and not skip & set(path.relative_to(ROOT).parts):
            yield path


def test_the_route_id_list_is_in_routes_yaml_only():
    from generator.datafiles import route_ids

    ids = route_ids()
    assert len(ids) >= 6
    pattern = [re.compile(rf"(?<![\w-]){re.escape(i)}(?![\w-])") for i in ids]
    holders = []
    for path in _source_files():
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:  # the bad-input fixtures (UTF-16 and the like)
            continue
        for number, line in enumerate(lines, 1):
            if all(p.search(line) for p in pattern):
                holders.append(f"{path.relative_to(ROOT)}:{number}")
    assert holders == [], holders
    text = (DATA / "routes.yaml").read_text(encoding="utf-8")
    assert all(re.search(rf'^  - id: "?{re.escape(i)}"?$', text, re.M) for i in ids)


def test_cpv_45_means_works_in_one_place_only():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "generator").rglob("*.py")
                 if p.name != "cpv.py" and re.search(r"""["']45["']""", p.read_text(encoding="utf-8"))]
    assert offenders == []
    from generator.cpv import is_works
    from generator.notice import contract_nature

    assert is_works("45000000-7") and contract_nature("45210000-2") == "works" and not is_works("85311100-3")


def test_no_requirements_paraphrase_left_in_the_rules():
    for path in (ROOT / "generator" / "rules").glob("*.py"):
        assert "REQUIREMENTS" not in path.read_text(encoding="utf-8"), path.name


def test_a_typo_in_routes_yaml_names_the_file_and_line(tmp_path):
    from generator.datafiles import load_routes
    from generator.errors import DocgenError

    broken = (DATA / "routes.yaml").read_text(encoding="utf-8").replace("    basis: 4 kap. 18 § LOU\n", "    basiss: x\n", 1)
    path = tmp_path / "routes.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DocgenError) as caught:
        load_routes(path)
    line = broken.splitlines().index("    basiss: x") + 1
    assert caught.value.where == f"{path}:{line}" or caught.value.where.startswith(f"{path}:")
    assert "basiss" in caught.value.message or "basis" in caught.value.message


def test_every_route_has_its_texts_and_eforms_codes():
    from generator.datafiles import load_routes
    from generator.notice import load_spec

    spec = load_spec()
    routes = load_routes()
    for route in routes.routes:
        code = route.eforms.reserved.code
        assert code is None or code in spec.reserved_participation.codes, route.id
        assert all(key in spec.notice_texts for key in route.eforms.notice), route.id
    assert routes.route("25").limits["max_months"] == 36
