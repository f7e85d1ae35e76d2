"""Every module the tests import is installed by the README's test command (`pip install -e '.[test]'`).

Issue 24: tests/test_pdf_accessible.py imported pikepdf, which the `[test]` extra did not list; the tests
passed only on a machine that happened to have it. This reads every import in tests/ and asks which
installed distribution provides it; that distribution must be a dependency of docgen or in the `[test]` extra.
"""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def _imported_modules() -> dict[str, str]:
    """Top-level module → the first test file importing it (absolute imports only)."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if "fixtures" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "importorskip"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names = [node.args[0].value]
            for name in names:
                found.setdefault(name.split(".")[0], path.name)
    return found


def test_every_module_the_tests_import_comes_with_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    fixtures = ROOT / "tests" / "fixtures"   # the plugin fixtures the tests put on sys.path themselves
    local = ({p.stem for p in (ROOT / "tests").glob("*.py")} | {p.stem for p in fixtures.glob("*.py")}
             | {p.name for p in fixtures.iterdir() if (p / "__init__.py").is_file()} | {"generator", "conftest"})
    providers = packages_distributions()
    missing = []
    for module, where in sorted(_imported_modules().items()):
        if module in sys.stdlib_module_names or module in local:
            continue
        dists = {_name(d) for d in providers.get(module, [])}
        if not dists:
            missing.append(f"{module} ({where}): not installed at all")
        elif not dists & wanted:
            missing.append(f"{module} ({where}): from {', '.join(sorted(dists))}, not in dependencies or [test]")
    assert not missing, "tests import modules the README's set-up does not install:\n" + "\n".join(missing)
    assert {"pikepdf", "pytest", "hypothesis", "playwright"} <= wanted


def test_ci_runs_the_readme_test_command_in_a_venv_it_creates():
    """CI installs into a virtual environment it makes, so nothing already on the machine hides a gap."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r'-m venv "\$tmp/venv"', script)
    assert 'export PATH="$tmp/venv/bin:$PATH"' in script
    assert "python -m pip install -e '.[test]' && python -m pytest -q" in readme
    assert "python -m pip install -q -e '.[test]'" in script and "\npython -m pytest -q" in script
