"""Shared fixtures: small scenarios that run in a second or two."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim import load_scenario
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def two_towns(**blocks) -> Scenario:
    """A town of 3,000 and a neighbour of 6,000 persons 20 km apart."""
    data = {
        "name": "two_towns",
        "run": {"years": 1, "seed": 3},
        "municipalities": {
            "small": {"population": 3000, "share_65_plus": 0.36, "lat": 43.0, "lon": 143.0},
            "hub": {"population": 6000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0},
        },
    }
    for key, value in blocks.items():
        data[key] = {**data.get(key, {}), **value}
    return load_scenario(data=data)


@pytest.fixture
def small_scenario() -> Scenario:
    return two_towns()


@pytest.fixture(scope="session")
def kamishihoro() -> Scenario:
    return load_scenario(SCENARIOS / "kamishihoro.yaml")


# -- the end of `make test`: what was skipped for want of a tool, and glyph warnings once -----

#: matplotlib's warning for each character a figure's font lacks (Japanese labels without a
#: Japanese font): hundreds of lines that all say one thing.
GLYPH = re.compile(r"Glyph \d+ .*missing from (current )?font")


def skipped_for_want(reports: list[pytest.TestReport]) -> str | None:
    """One line: the tests skipped because something is not installed (a skip reason with
    'needs', e.g. Debian's chromium), grouped by reason, with their files."""
    groups: dict[str, list[str]] = {}
    for report in reports:
        if not isinstance(report.longrepr, tuple):
            continue
        reason = str(report.longrepr[2]).removeprefix("Skipped: ")
        if re.search(r"\bneeds\b", reason):
            groups.setdefault(reason, []).append(report.nodeid.split("::")[0].split("/")[-1])
    if not groups:
        return None
    parts = [
        f"{len(files)} {reason} ({', '.join(dict.fromkeys(files))})"
        for reason, files in groups.items()
    ]
    total = sum(len(f) for f in groups.values())
    return f"skipped for want of a tool: {total} test{'s' if total > 1 else ''}: " + "; ".join(
        parts
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter):
    """Before pytest's own summary, take out matplotlib's missing-glyph warnings; after it,
    say in one line each what was skipped for want of a tool and how many glyphs were
    missing, so that a machine without chromium or a Japanese font reads as such."""
    stats = terminalreporter.stats
    every = stats.get("warnings", [])
    glyphs = [w for w in every if GLYPH.search(str(w.message))]
    if glyphs:
        stats["warnings"] = [w for w in every if not GLYPH.search(str(w.message))]
    result = yield
    line = skipped_for_want(stats.get("skipped", []))
    if line:
        terminalreporter.write_line(line, yellow=True)
    if glyphs:
        tests = len({w.nodeid for w in glyphs})
        terminalreporter.write_line(
            f"missing glyphs: {len(glyphs)} matplotlib warnings in {tests} test(s): Japanese "
            "text drawn without a Japanese font (Debian/Ubuntu: apt-get install "
            "fonts-noto-cjk)",
            yellow=True,
        )
    return result
