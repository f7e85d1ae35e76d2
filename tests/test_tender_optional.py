"""A tender case without the optional authority.unit, authority.contact and procurement.description:
every route's document reads as whole sentences (no "None", no empty brackets, no dangling words)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, docx_text, run_docgen, squash

# What a route needs under clauses: besides the minimal case (its required clause variables).
ROUTE_CLAUSES = {
    "25a": {"reservation/25a": {"service_aim": "ge äldre en trygg vardag"}, "contract/value-transfer-25a": {"vite_sek": 50000}},
    "lov-2a": {"general/object-lov": {"compensation": "465 kr per utförd timme"}},
    "4-18": {},
    "19a-2": {},
    "open": {},
}


def _write_case(tmp_path: Path, route: str, **extra) -> Path:
    data = yaml.safe_load((FIXTURES / "tender-minimal.yaml").read_text(encoding="utf-8"))
    data["route"] = route
    if ROUTE_CLAUSES[route]:
        data["clauses"] = ROUTE_CLAUSES[route]
    for key, value in extra.items():
        section, name = key.split("__")
        data[section][name] = value
    case = tmp_path / f"case-{route}.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return case


def _docx(tmp_path: Path, case: Path, route: str) -> str:
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", route, "--data", str(case), "--out", str(out), "--format", "docx", "--force")
    assert result.returncode == 0, result.stderr
    return docx_text(next(out.glob("*.docx")))


def _record(tmp_path: Path) -> str:
    """The direct award's documentation, written beside the request as an internal record."""
    return docx_text(next((tmp_path / "out" / "intern").glob("dokumentation-direktupphandling-*.docx")))


@pytest.mark.parametrize("route", sorted(ROUTE_CLAUSES))
def test_absent_optional_fields_leave_no_trace(tmp_path: Path, route: str):
    text = _docx(tmp_path, _write_case(tmp_path, route), route)
    flat = squash(text)
    assert "None" not in text
    assert not re.search(r"\(\s*\)", text), "tom parentes"
    for line in text.splitlines():
        # table rows: empty fill-in cells (signature, blank rows) are a form, so check cell by cell
        for cell in line.split(" | ") if " | " in line else [line]:
            assert "  " not in cell.strip(" |"), f"dubbla mellanslag: {line!r}"
        assert not re.search(r"\s[.,;:]", line), f"skiljetecken efter mellanslag: {line!r}"
        assert not re.search(r"\*\*[^*]+\.\*\*\s*$", line), f"rubrik utan text: {line!r}"
    for dangling in ("genomförs av.", "handläggs av.", "handläggs av ,", "föremål i korthet.", "Valfrihetssystemet i korthet.", "Kontaktperson.", "kontaktperson ,"):
        assert dangling not in flat
    if route == "lov-2a":
        assert "ansöka om att bli godkända som utförare i valfrihetssystemet. I ett valfrihetssystem" in flat
    else:
        # The opening sentence ends at the title; the next paragraph follows directly.
        assert ("inbjuder härmed leverantörer att lämna anbud i upphandlingen Lokalvård i Västerby skolor.\n"
                "Upphandlingens föremål och omfattning beskrivs närmare i avsnitt 1.2.") in text
    if route == "19a-2":
        assert "Från: Västerby kommun\n" in text
        assert "Upprättad av | (fylls i)" in _record(tmp_path)  # the internal record of 19 a kap. 11 § LOU


@pytest.mark.parametrize("route", ["open", "lov-2a", "19a-2"])
def test_the_same_fields_when_given_are_printed(tmp_path: Path, route: str):
    case = _write_case(tmp_path, route, authority__unit="Serviceförvaltningen",
                       authority__contact={"name": "Eva Berg", "email": "eva.berg@vasterby.example"},
                       procurement__description="Daglig lokalvård i sju skolor.")
    flat = squash(_docx(tmp_path, case, route))
    if route == "lov-2a":
        assert "i valfrihetssystemet. Valfrihetssystemet handläggs av Serviceförvaltningen." in flat
        assert "Valfrihetssystemet i korthet. Daglig lokalvård i sju skolor." in flat
        assert "Kontaktperson. Valfrihetssystemet handläggs av Eva Berg, eva.berg@vasterby.example." in flat
    else:
        assert "Lokalvård i Västerby skolor. Upphandlingen genomförs av Serviceförvaltningen." in flat
        assert "Upphandlingens föremål i korthet. Daglig lokalvård i sju skolor." in flat
        assert "Kontaktperson. Upphandlingen handläggs av Eva Berg, eva.berg@vasterby.example." in flat
    if route == "19a-2":
        assert "Från: Västerby kommun, Serviceförvaltningen, kontaktperson Eva Berg, eva.berg@vasterby.example" in flat
        assert "Upprättad av | Eva Berg" in squash(_record(tmp_path))


@pytest.mark.parametrize("route", ["25a", "open"])
def test_missing_tender_deadline_names_the_case_key(tmp_path, route):
    """A clause that prints a date the case left out stops with the key to fill in, never a blank."""
    data = yaml.safe_load((FIXTURES / "tender-minimal.yaml").read_text(encoding="utf-8"))
    data["route"] = route
    if ROUTE_CLAUSES[route]:
        data["clauses"] = ROUTE_CLAUSES[route]
    data["procurement"].pop("tender_deadline", None)
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run_docgen("tender", "--route", route, "--data", str(case), "--out", str(out), "--format", "docx")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "datum saknas (procurement.tender_deadline)" in lines[0]
    assert "ange procurement.tender_deadline i ärendefilen" in lines[0]
    assert re.search(r"(procedure-[\w-]+|admin/submission)\.md:\d+:", lines[0])  # the first clause that prints the date
    assert not out.exists()
