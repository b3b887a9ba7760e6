"""What ``tests/test_safe_yaml.py`` still reads of the old scenario-error helpers: the one
message a file gets, and its ``FILE:LINE`` prefix. The scenario-error tests themselves are
``tests/test_scenario_messages.py`` (records and the golden file) and
``tests/test_scenario_loading.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import ScenarioError, load_scenario
from tests.golden_cases import KAMISHIHORO

__all__ = ["KAMISHIHORO", "at", "problem"]


def problem(path: Path | str) -> str:
    """The single problem ``load_scenario`` reports for ``path``."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (found,) = info.value.problems
    return found


def at(path: Path, line: int) -> str:
    """The ``FILE:LINE`` prefix of a message about ``path``."""
    return f"{path.resolve()}:{line}"
