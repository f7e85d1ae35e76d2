"""Issue 17 item 14: `python -m pytest -q` (the README's command) ends with the pass/fail count.

pyproject's addopts and the README each gave -q; twice means -qq, which prints no summary line."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT


def test_readme_command_prints_how_many_passed():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python -m pytest -q" in readme
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/test_outputs.py::test_case_without_a_diarienummer_is_named_by_its_file"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.fullmatch(r"1 passed(, \d+ deselected)? in [\d.]+s", result.stdout.strip().splitlines()[-1])
