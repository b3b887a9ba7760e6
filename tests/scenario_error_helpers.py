"""Shared helpers for the scenario-error tests (not a test module).

Every message has the form ``FILE:LINE: field.path: what was given, what was expected``
(``--set: field.path: ...`` for command-line overrides), so a planner can go straight to the
mistake. The tests write a small scenario to a temporary file with ``write`` and check the
message with ``problem`` (exactly one) or ``problems`` (several). Used by
``tests/test_scenario_errors_values.py`` and ``tests/test_scenario_errors_files.py``.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from sim.scenario import ScenarioError, load_scenario

__all__ = ["KAMISHIHORO", "ROOT", "TOWN", "at", "problem", "problems", "write"]

ROOT = Path(__file__).parents[1]
KAMISHIHORO = ROOT / "scenarios" / "kamishihoro.yaml"

#: A valid minimal scenario body (lines 1-3); cases append to it from line 4 on.
TOWN = """\
municipalities:
  town:
    population: 1000
"""


def write(directory: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = directory / name
    path.write_text(dedent(text), encoding="utf-8")
    return path


def problems(
    path: Path | str, overrides: list[str] | None = None, options: list | None = None
) -> list[str]:
    """The problems ``load_scenario`` reports; fails the test if it loads without error."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, overrides=overrides or [], options=options)
    err = info.value
    assert str(err) == "\n".join(err.problems), (str(err), err.problems)
    assert err.problems, "a ScenarioError must carry at least one problem"
    return err.problems


def problem(path: Path | str, overrides: list[str] | None = None) -> str:
    """The single problem reported for ``path``."""
    found = problems(path, overrides)
    assert len(found) == 1, found
    return found[0]


def at(path: Path, line: int) -> str:
    """The ``FILE:LINE`` prefix of a message about ``path``."""
    return f"{path.resolve()}:{line}"
