"""Every data file in generator/data/ is read through one typed loader (generator/datafiles.py): a typo is
one Swedish line with file:line, and `docgen check` reports it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from generator import datafiles
from generator.errors import DocgenError


def test_every_yaml_data_file_has_a_model_and_validates():
    names = sorted(p.name for p in (ROOT / "generator" / "data").glob("*.yaml"))
    assert names == sorted(datafiles.data_names()), "a data file without a model in generator/datafiles.py"
    for name in names:
        datafiles.read(name)


def test_a_typo_in_eforms_names_the_key_and_line(tmp_path: Path):
    text = (ROOT / "generator" / "data" / "eforms.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "eforms.yaml"
    broken.write_text(text.replace("missing_warning:", "missing_warnin:", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1)
                if row.startswith("missing_warnin:"))
    with pytest.raises(DocgenError) as info:
        datafiles.read("eforms.yaml", broken)
    assert "okänd nyckel missing_warnin" in info.value.message
    assert info.value.where == f"{broken}:{line}"


def test_a_wrong_type_in_thresholds_is_refused_at_its_line(tmp_path: Path):
    text = (ROOT / "generator" / "data" / "thresholds.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "thresholds.yaml"
    broken.write_text(text.replace("amount_sek: 700000", "amount_sek: sjuhundratusen", 1), encoding="utf-8")
    with pytest.raises(DocgenError) as info:
        datafiles.read("thresholds.yaml", broken)
    assert "thresholds.0.amount_sek" in info.value.message and info.value.where.startswith(f"{broken}:")


def test_docgen_check_validates_the_data_files(monkeypatch, tmp_path: Path):
    from generator.checks import run_checks

    broken = tmp_path / "sectors.yaml"
    broken.write_text((ROOT / "generator" / "data" / "sectors.yaml").read_text(encoding="utf-8")
                      .replace("welfare:", "welfar:", 1), encoding="utf-8")
    real = datafiles.data_file
    monkeypatch.setattr(datafiles, "data_file", lambda name: broken if name == "sectors.yaml" else real(name))
    problems = run_checks(ROOT / "clauses", ROOT / "templates", None, with_samples=False)
    assert [p.code for p in problems if p.code == "data-invalid"] == ["data-invalid"]
    assert any("welfar" in p.message and p.path == str(broken) for p in problems)
