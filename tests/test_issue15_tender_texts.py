"""Issue 15, tender texts: what a procurement lawyer checks in the rendered tender.

- 4 kap. 18 §: the case chooses punkt 1, punkt 2 or both, and reservation, requirements, egenförsäkran
  and contract conditions say the same (item 5);
- HFD 2021 ref. 48: a unit inside a larger legal person submits the tender itself, in its own name (item 6);
- each vite says what one breach is and has a cap (item 7);
- no reference to an index clause that the document does not contain (item 8);
- LOV texts speak of ansökan and cite LOV, not LOU (item 10).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, docx_text, run_docgen, squash

from generator.datafiles import route_ids


def _case(tmp_path: Path, sample: str, clauses: dict | None = None, name: str = "case") -> Path:
    data = yaml.safe_load((ROOT / "samples" / sample).read_text(encoding="utf-8"))
    for key, values in (clauses or {}).items():
        data.setdefault("clauses", {})[key] = values
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _tender(tmp_path: Path, route: str, case: Path, formats: str = "docx,md", *extra: str) -> Path:
    out = tmp_path / f"out-{case.stem}"
    result = run_docgen("tender", "--route", route, "--data", str(case), "--out", str(out), "--format", formats, *extra)
    assert result.returncode == 0, result.stderr
    return out


def _section(markdown: str, start: str, end: str | None) -> str:
    """The Markdown from ``start`` up to the next ``end`` after it."""
    begin = markdown.index(start)
    stop = markdown.index(end, begin + len(start)) if end else len(markdown)
    return squash(markdown[begin:stop])


def _block(markdown: str, title: str) -> str:
    """The section whose heading line contains ``title``, up to the next heading of the same or a higher level."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("#") and title in line)
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i].startswith("#") and len(lines[i]) - len(lines[i].lstrip("#")) <= level), len(lines))
    return squash("\n".join(lines[start:end]))


def _parts_4_18(out: Path) -> dict[str, str]:
    md = (out / "upphandlingsdokument-4-18-sf-2026-141.md").read_text(encoding="utf-8")
    return {
        "reservation": _block(md, "Reserverat deltagande för ökad sysselsättning"),
        "requirements": _block(md, "Krav på anbudsgivaren vid reservation"),
        "contract": _block(md, "Särskilda kontraktsvillkor om sysselsättning"),
        "egenforsakran": _block(md, "Egenförsäkran – reserverad upphandling"),
    }


PROGRAMME = "program för skyddad anställning"
INTEGRATION = "främsta syfte är social och yrkesmässig integration"


# -- item 5: punkt 1, punkt 2 or both -------------------------------------------------------------

def test_4_18_punkt_1_admits_no_programme_anywhere(tmp_path):
    out = _tender(tmp_path, "4-18", _case(tmp_path, "tender-4-18.yaml", {"reservation_4_18": {"punkt": "1"}}))
    parts = _parts_4_18(out)
    assert "med stöd av 4 kap. 18 § första stycket 1 LOU deltagandet" in parts["reservation"]
    for name, text in parts.items():
        assert PROGRAMME not in text, f"{name} tar med {PROGRAMME!r} fast reservationen bara gäller punkt 1"
        assert "första stycket 2" not in text, name
    assert "Anbudsgivaren är en skyddad verkstad eller har social och yrkesmässig integration" in parts["egenforsakran"]
    docx = squash(docx_text(out / "upphandlingsdokument-4-18-sf-2026-141.docx"))
    assert PROGRAMME not in docx


def test_4_18_punkt_2_is_a_programme_throughout(tmp_path):
    out = _tender(tmp_path, "4-18", _case(tmp_path, "tender-4-18.yaml", {"reservation_4_18": {"punkt": 2}}))
    parts = _parts_4_18(out)
    assert "med stöd av 4 kap. 18 § första stycket 2 LOU att kontraktet ska fullgöras inom ramen för ett program" \
        in parts["reservation"]
    assert "Minst 30 procent av dem som sysselsätts i programmet för skyddad anställning" in parts["reservation"]
    assert "Krav 1 – Program för skyddad anställning." in parts["requirements"]
    assert "kontraktet kommer att fullgöras inom ramen för ett program för skyddad anställning" in parts["egenforsakran"]
    assert "Antal sysselsatta i programmet" in parts["egenforsakran"]
    assert "i programmet för skyddad anställning vara personer med funktionsnedsättning" in parts["contract"]
    for name, text in parts.items():
        assert "första stycket 1" not in text, name
        assert "Anbudsgivaren är en skyddad verkstad" not in text, name
    # the unit-inside-a-legal-person text belongs to the activity requirement of punkt 1 only
    assert "HFD 2021 ref. 48" not in parts["reservation"] + parts["egenforsakran"]


def test_4_18_both_points_let_the_bidder_say_which(tmp_path):
    out = _tender(tmp_path, "4-18", _case(tmp_path, "tender-4-18.yaml", {"reservation_4_18": {"punkt": "1 och 2"}}))
    parts = _parts_4_18(out)
    assert "tillämpar båda punkterna i 4 kap. 18 § första stycket LOU" in parts["reservation"]
    assert "(första stycket 1, verksamhetskravet)" in parts["reservation"]
    assert "(första stycket 2); för dem gäller inte verksamhetskravet" in parts["reservation"]
    assert "Krav 1 – Verksamhetskravet eller program för skyddad anställning." in parts["requirements"]
    assert "Anbudet grundas på punkt 1 eller punkt 2 i 4 kap. 18 § första stycket LOU (ange vilken)" \
        in parts["egenforsakran"]
    assert "det program för skyddad anställning (4 kap. 18 § första stycket 2 LOU) som anbudet grundades på" in parts["contract"]


def test_4_18_an_unknown_punkt_is_refused_with_the_choices(tmp_path):
    case = _case(tmp_path, "tender-4-18.yaml", {"reservation_4_18": {"punkt": "3"}})
    result = run_docgen("tender", "--route", "4-18", "--data", str(case), "--out", str(tmp_path / "o"), "--format", "md")
    assert result.returncode == 2
    assert "clauses.reservation_4_18.punkt" in result.stderr and "1, 2, 1 och 2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


# -- item 6: HFD 2021 ref. 48 ---------------------------------------------------------------------

def test_4_18_a_unit_submits_the_tender_itself_in_its_own_name(tmp_path):
    out = _tender(tmp_path, "4-18", _case(tmp_path, "tender-4-18.yaml"))
    parts = _parts_4_18(out)
    docx = squash(docx_text(out / "upphandlingsdokument-4-18-sf-2026-141.docx"))
    # the old instruction – name both the legal person and the unit – is what lost HFD 2021 ref. 48
    assert "ange både den juridiska personen och enheten" not in docx
    assert "ska därför själv lämna anbudet i eget namn som anbudsgivare" in parts["reservation"]
    assert ("Lämnas anbudet i stället av den juridiska personen är det den juridiska personen som är anbudsgivare, "
            "och verksamhets- och andelskraven prövas då för den juridiska personen som helhet.") in parts["reservation"]
    assert "ska själv lämna anbudet, i eget namn och som Anbudsgivare (HFD 2021 ref. 48)" in parts["requirements"]
    assert "Anbudsgivarens namn (den organisation eller enhet som lämnar anbudet i eget namn)" in parts["egenforsakran"]
    assert "den juridiska personen är inte anbudsgivare" in parts["egenforsakran"]


# -- items 7 and 8: vite and prices, over every route's sample --------------------------------------

SAMPLE_ROUTES = list(route_ids())  # the one list: data/routes.yaml
VITE_SECTIONS = {  # route: heading of the contract condition with the vite
    "25a": "Särskilda kontraktsvillkor om idéburen ställning",
    "25": "Särskilda kontraktsvillkor om organisationens ställning",
    "lov-2a": "Särskilda kontraktsvillkor om idéburen ställning",
    "4-18": "Särskilda kontraktsvillkor om sysselsättning",
}


@pytest.fixture(scope="module")
def sample_markdown(tmp_path_factory) -> dict[str, str]:
    out = {}
    for route in SAMPLE_ROUTES:
        folder = tmp_path_factory.mktemp(f"sample-{route}")
        motiv = ("--motiv",) if route in ("lov-2a", "25a") else ()
        result = run_docgen("tender", "--route", route, "--data", str(ROOT / "samples" / f"tender-{route}.yaml"),
                            "--out", str(folder), "--format", "md", *motiv)
        assert result.returncode == 0, (route, result.stderr)
        [tender] = folder.glob(f"upphandlingsdokument-{route}-*.md")  # named by the sample's diarienummer
        out[route] = tender.read_text(encoding="utf-8")
        if motiv:
            out[route + ":motiv"] = next(folder.glob("intern/motiv-*.md")).read_text(encoding="utf-8")
    return out


def _amount(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(" ", ""))


def _vite_rows(markdown: str) -> list[list[str]]:
    """The rows of the contract's one vite table (issue 14): Nr, Vite för, Vad en överträdelse är, Belopp, Beräknas, Tak."""
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in markdown.replace("\u00a0", " ").splitlines()
            if re.match(r"^\| V\d+ \|", line)]


@pytest.mark.parametrize("route", sorted(VITE_SECTIONS))
def test_each_vite_defines_one_breach_and_has_a_cap(sample_markdown, route):
    """Each vite of the route's special conditions is defined once, in the contract's one vite table (issue 14):
    what one breach is, the amount, how it is counted and its cap; the condition itself points to the table."""
    md = sample_markdown[route]
    condition = _block(md, VITE_SECTIONS[route])
    assert "vitestabellen i punkt" in condition and "vite med" not in condition
    rows = [r for r in _vite_rows(md) if r[1].startswith(VITE_SECTIONS[route])]
    assert rows, f"{route}: villkorets viten saknas i vitestabellen"
    for nr, _, breach, amount, per, cap in rows:
        assert "är en överträdelse" in breach and "konstaterad överträdelse" not in breach, (nr, breach)
        assert amount.endswith("kr") and per
        total = re.fullmatch(r"([\d ]+) kr", cap)   # a cap is an amount per contract year (issue 22, item 6)
        assert total and _amount(total.group(1)) > _amount(amount[:-3]), (nr, cap)
    assert any("påbörjad kalendermånad" in r[4] for r in rows)
    if route in ("25a", "lov-2a"):
        assert any("värdeöverföring som inte är tillåten enligt 8 § första stycket lagen (2022:900)" in r[2] for r in rows)
    assert md.count("| Nr | Vite för |") == 1


def test_a_vite_cap_follows_the_case(tmp_path):
    case = _case(tmp_path, "tender-4-18.yaml", {"reservation_4_18": {"punkt": "1", "vite_sek": 30000, "vite_cap_times": 6}})
    md = (_tender(tmp_path, "4-18", case, "md") / "upphandlingsdokument-4-18-sf-2026-141.md").read_text(encoding="utf-8")
    row = next(r for r in _vite_rows(md) if r[1].startswith("Särskilda kontraktsvillkor om sysselsättning"))
    assert row[3] == "30 000 kr" and "påbörjad kalendermånad" in row[4]
    assert "understiger 30 procent" in row[2]
    assert row[5] == "180 000 kr"


@pytest.mark.parametrize("route", ["25a", "25", "4-18", "19a-2", "open"])
def test_prices_refer_to_no_index_clause_that_is_not_there(sample_markdown, route):
    text = squash(sample_markdown[route])
    assert "den indexklausul som anges" not in text
    if "index" in text.lower():  # an index is named where prices are adjusted, in the same document
        assert re.search(r"(Priserna|Ersättningen) justeras efter [A-ZÅÄÖ]\w+", text), route   # a fixed price: Ersättningen


# -- item 10: LOV texts in LOV's own terms -----------------------------------------------------------

def test_lov_requirements_are_proven_with_the_application_not_a_tender(sample_markdown):
    text = squash(sample_markdown["lov-2a"])
    assert "Lämnas med anbudet" not in text
    assert "anbudet" not in text.lower()
    assert "Egenförsäkran i ansökningsformuläret enligt bilaga 1" in text and "*Lämnas med ansökan.*" in text


def test_lov_motiv_cites_lov_and_not_lou(sample_markdown):
    motiv = squash(sample_markdown["lov-2a:motiv"])
    for lou in ("12 kap. 14 § LOU", "4 kap. 1 § LOU", "17 kap. 1 § LOU"):
        assert lou not in motiv
    assert "LOU" not in motiv and "upphandlingsdokument" not in motiv
    assert "krav och villkor som finns i förfrågningsunderlaget för valfrihetssystemet" in motiv
    assert "och alla sökande ska behandlas lika (1 kap. 2 § LOV;" in motiv
    assert "| Krav på sökanden som idéburen organisation | – | med ansökan |" in motiv
    assert "med anbudet" not in motiv
    # a LOU tender keeps the LOU paragraphs
    lou = squash(sample_markdown["25a:motiv"])
    # under 19 kap. the documentation rests on 19 kap. (issue 22, item 2), not on 12 kap. 14 §
    assert "dokumentation av upphandlingen enligt 19 kap. LOU" in lou and "1 kap. 2 § LOV" not in lou


def test_check_refuses_tender_words_in_a_lov_clause(tmp_path):
    import shutil

    clauses = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", clauses)
    target = clauses / "qualification" / "idea-organisation-lov-2a.md"
    target.write_text(target.read_text(encoding="utf-8").replace("  when: [ansökan]", "  when: [anbud]"), encoding="utf-8")
    result = run_docgen("check", "--clauses", str(clauses), "--no-samples")
    assert result.returncode == 1
    line = next(l for l in result.stdout.splitlines() if "criteria-when-word" in l)
    assert "idea-organisation-lov-2a.md:" in line and "skriv when: [ansökan]" in line
