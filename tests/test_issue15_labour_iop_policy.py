"""Issue 15, labour-law appendix, IOP and policy texts: what a lawyer checks in the rendered documents
and in the warnings.

- example pay levels in bilaga 1 are marked and warned about on every run (item 9);
- IOP värdegrund follows Kalmar's guidelines (item 13);
- the IOP memo and agreement name the same signatory, and an open SOU 2019:56 criterion is said in the
  memo's proposal and warned about (item 14);
- Dala: "sysselsatta", and no court name the source does not give (item 15);
- registerkontroll applies only where 2 kap. 31 § skollagen does (item 16).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import ROOT, docx_text, run_docgen, squash


def _write(tmp_path: Path, data: dict, name: str = "case") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _sample(name: str) -> dict:
    return yaml.safe_load((ROOT / "samples" / name).read_text(encoding="utf-8"))


# -- item 9: example pay levels ---------------------------------------------------------------------

def _example_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "är en exempelnivå" in line]


def test_example_pay_levels_warn_on_every_run_and_are_marked_in_bilaga_1(tmp_path):
    case = ROOT / "samples" / "tender-open-cleaning.yaml"
    out = tmp_path / "out"
    for run in (1, 2):
        result = run_docgen("tender", "--route", "open", "--data", str(case), "--out", str(out), "--format", "docx")
        assert result.returncode == 0, result.stderr
        warnings = _example_warnings(result.stderr)
        assert len(warnings) == 2, (run, result.stderr)
        assert "clauses.labour_law.levels[0] (Lokalvårdare)" in warnings[0]
        assert "clauses.labour_law.levels[1] (Fönsterputsare)" in warnings[1]
        assert all("17 kap. 3 § LOU" in w and "tender-open-cleaning.yaml:" in w for w in warnings)
    appendix = squash(docx_text(next(out.glob("arbetsrattsliga-villkor-*-villkor*.docx"))))
    assert "Lokalvårdare (EXEMPEL) | 25 000 kr per månad – exempel, inte kollektivavtalets nivå" in appendix
    assert "rader markerade EXEMPEL innehåller påhittade belopp och är inte hämtade ur Serviceentreprenadavtalet" \
        in appendix


def test_a_note_that_calls_the_amount_an_example_counts_too_and_real_levels_do_not_warn(tmp_path):
    data = _sample("tender-open-cleaning.yaml")
    levels = data["clauses"]["labour_law"]["levels"]
    del levels[0]["example"]          # note still says "Exempelbelopp – …"
    del levels[1]["example"]
    levels[1]["note"] = "Avtalsperiod 2025–2027, § 5 (till exempel OB enligt bilaga C)"
    result = run_docgen("tender", "--route", "open", "--data", str(_write(tmp_path, data)), "--out",
                        str(tmp_path / "out"), "--format", "md")
    assert result.returncode == 0, result.stderr
    warnings = _example_warnings(result.stderr)
    assert len(warnings) == 1 and "(Lokalvårdare)" in warnings[0]
    appendix = next((tmp_path / "out").glob("arbetsrattsliga-villkor-*-villkor*.md")).read_text(encoding="utf-8")
    assert "Lokalvårdare (EXEMPEL)" in appendix and "Fönsterputsare (EXEMPEL)" not in appendix
