"""The layers of sim/ (docs/architecture.md): imports run only downward, no module reaches
into another's private names, and the architecture page is drawn from the code as it is."""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_imports_run_only_downward():
    """import-linter's layers contract (pyproject.toml), imports inside functions included."""
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert " 0 broken" in out.stdout


def private_imports(folder: Path) -> list[str]:
    """Every ``from <a dxsim module> import _name`` under ``folder``."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").split(".")[0] == "sim"
            ):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"{path.relative_to(folder)}:{node.lineno} {alias.name}")
    return found


def test_the_private_import_check_finds_one(tmp_path):
    (tmp_path / "a.py").write_text("from .b import _hidden\nfrom .c import shown\n")
    assert [line.split()[-1] for line in private_imports(tmp_path)] == ["_hidden"]


def test_no_module_imports_another_modules_private_names():
    assert private_imports(ROOT / "sim") == []


def test_the_architecture_page_is_current():
    """Redraw with ``make architecture`` when a module or an import between layers changes."""
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "docs/import_graph.py")
    graph = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(graph)
    text = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    assert text == graph.current_doc(), "docs/architecture.md is stale: run make architecture"


@pytest.mark.parametrize("layer", ["model", "scenario"])
def test_the_lower_layers_load_without_the_upper_ones(layer):
    """Importing the model (or the scenario schema) pulls in none of the layers above it."""
    code = (
        f"import sys, sim.{layer}.{'model' if layer == 'model' else 'schema'}\n"
        "up = sorted({m.split('.')[1] for m in sys.modules if m.startswith('sim.')})\n"
        "print(' '.join(up))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    below = {"model": {"model", "scenario"}, "scenario": {"scenario"}}[layer]
    assert set(out.stdout.split()) <= below
