"""`make test` ends with one line naming what was skipped for want of a tool (chromium, a
font, dask) and one for matplotlib's missing-glyph warnings, which are not repeated
(tests/conftest.py's ``pytest_terminal_summary``): checked on a small suite in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

CHROMIUM = "needs Debian's chromium (.ci/run installs it)"
SUITE = {
    "conftest.py": "from tests.conftest import pytest_terminal_summary  # noqa: F401\n",
    "test_a.py": f"""
import warnings
import pytest

@pytest.mark.skipif(True, reason="{CHROMIUM}")
def test_browser():
    pass

def test_skipped_for_another_reason():
    pytest.skip("marked in the doc as not run")

def test_japanese_figure():
    for glyph in (19978, 22763, 24140):
        warnings.warn(f"Glyph {{glyph}} (x) missing from font(s) DejaVu Sans.", UserWarning)

def test_other_warning():
    warnings.warn("something else", UserWarning)
""",
    "test_b.py": f"""
import warnings
import pytest

@pytest.mark.skipif(True, reason="{CHROMIUM}")
def test_browser_too():
    pass

@pytest.mark.skipif(True, reason="needs dask's CLI")
def test_cluster():
    pass

def test_another_japanese_figure():
    warnings.warn("Glyph 19978 (x) missing from font(s) DejaVu Sans.", UserWarning)
""",
}


def _run(folder: Path) -> str:
    for name, text in SUITE.items():
        (folder / name).write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:cacheprovider", "."],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_skips_for_want_of_a_tool_are_one_line_and_glyph_warnings_one(tmp_path):
    out = _run(tmp_path)
    lines = out.splitlines()
    assert (
        "skipped for want of a tool: 3 tests: 2 needs Debian's chromium (.ci/run installs it) "
        "(test_a.py, test_b.py); 1 needs dask's CLI (test_b.py)"
    ) in lines
    assert (
        "missing glyphs: 4 matplotlib warnings in 2 test(s): Japanese text drawn without a "
        "Japanese font (Debian/Ubuntu: apt-get install fonts-noto-cjk)"
    ) in lines
    assert "Glyph" not in out  # not one of them repeated in the warnings summary
    assert "something else" in out  # other warnings are shown as ever
    assert "marked in the doc as not run" not in " ".join(
        line for line in lines if line.startswith("skipped for want")
    )
