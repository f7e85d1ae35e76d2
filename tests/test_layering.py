"""The layers of generator/ (ARCHITECTURE.md) have no back-edges: no module imports a module of a higher
layer, at module level or inside a function. The import graph is read from the source with ``ast``, so an
import hidden in a function counts like any other. The fixture package tests/fixtures/layering/backedge
shows that the test fails on a back-edge."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "layering" / "backedge"

# Highest first. A module belongs to the first layer with a prefix matching its dotted name.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry", ("generator.__main__", "generator.cli")),
    ("commands", ("generator.commands",)),
    ("faces", ("generator.serve", "generator.preview")),
    ("kinds/build", ("generator.kinds", "generator.build", "generator.checks", "generator.checklist", "generator.audit")),
    ("rules/assemble", ("generator.rules", "generator.routing", "generator.advice", "generator.assemble", "generator.plan",
                        "generator.criteria", "generator.values", "generator.labour.facts", "generator.labour.package", "generator.notice", "generator.annexes",
                        "generator.scoring",
                        "generator.provenance")),
    ("models", ("generator.case", "generator.modelbase", "generator.decisions", "generator.tenderfacts", "generator.iop", "generator.policy", "generator.labour")),
    ("render/tree/writers", ("generator.render", "generator.tree", "generator.writers", "generator.output",
                             "generator.redline", "generator.redline_docx", "generator.redline_html")),
    ("base", ("generator",)),
]


def module_names(package_dir: Path) -> dict[str, Path]:
    """Dotted module name → file, for every module of the package at ``package_dir``."""
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


def imports(package_dir: Path) -> list[tuple[str, str, int, bool]]:
    """(importer, imported module, line, inside a function?) for every import of a module of the package."""
    modules = module_names(package_dir)
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(node) for node in tree.body}
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    prefix = ".".join(base + ([node.module] if node.module else []))
                else:
                    prefix = node.module or ""
                targets = [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in modules else prefix
                           for alias in node.names]
            else:
                continue
            for target in targets:
                while target not in modules and "." in target:
                    target = target.rpartition(".")[0]
                if target in modules and target != name:
                    found.append((name, target, node.lineno, id(node) not in top))
    return list(dict.fromkeys(found))


def layer_of(module: str, layers) -> int:
    for index, (_label, prefixes) in enumerate(layers):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"module {module} is in no layer: add it to LAYERS (and ARCHITECTURE.md)")


def back_edges(package_dir: Path, layers) -> list[str]:
    """Every import from a lower layer (higher index) to a higher one."""
    edges = []
    for importer, imported, line, in_function in imports(package_dir):
        if layer_of(importer, layers) > layer_of(imported, layers):
            where = " (inside a function)" if in_function else ""
            edges.append(f"{importer}:{line} imports {imported}{where}: "
                         f"{layers[layer_of(importer, layers)][0]} → {layers[layer_of(imported, layers)][0]}")
    return edges


def test_generator_has_no_back_edges():
    assert back_edges(ROOT / "generator", LAYERS) == []


def test_every_module_has_a_layer():
    for module in module_names(ROOT / "generator"):
        layer_of(module, LAYERS)


def test_serve_calls_the_rules_not_the_commands():
    assert not [(a, b) for a, b, _l, _f in imports(ROOT / "generator")
                if a.startswith("generator.serve") and b.startswith(("generator.commands", "generator.cli"))]


def test_the_layering_test_fails_on_a_back_edge_inside_a_function():
    layers = [("high", ("backedge.high",)), ("low", ("backedge.low",)), ("package", ("backedge",))]
    edges = back_edges(FIXTURE, layers)
    assert edges == ["backedge.low.base:5 imports backedge.high.face (inside a function): low → high"]
