"""Notes (``dxsim: note:``) for scheduled IT switches that do not do what they seem to, checked
against what the model does (``ITSystems.start_projects``): a switch to where a town is does
nothing; one to where it is already moving starts the project over; the later of two in one
year wins. The first notes are in ``test_scenario_errors_keyboard.py``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from sim import RegionModel
from sim.scenario.loader import ScenarioNote, load_scenario
from tests.scenario_error_helpers import at, write

TOWN = """\
run:
  start_year: 2020
  years: 6
  scale: 50
municipalities:
  town:
    population: 2000
it:
  project_months: 18
  schedule:
"""


def print_notes(path: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioNote)
        load_scenario(path)
    return [str(w.message) for w in caught if w.category is ScenarioNote]


def test_a_switch_while_moving_there_restarts_the_project(tmp_path: Path):
    path = write(
        tmp_path, TOWN + "    - {fy: 2021, to: standard}\n    - {fy: 2022, to: standard}\n"
    )
    assert print_notes(path) == [
        f"{at(path, 12)}: it.schedule entry 2 (fy 2022): town is already moving to standard "
        "(entry 1, FY2021; it.project_months 18); this switch starts its project over, paid "
        "again"
    ]


def test_the_model_does_restart_it(tmp_path: Path):
    # the note is true: with the second switch the town reaches the standard a year later
    def on_standard_from(schedule: str) -> int:
        model = RegionModel(load_scenario(write(tmp_path, TOWN + schedule)))
        for step in range(1, 12 * 6):
            model.step()
            if model.it_systems.regime[0] == 2:  # legacy, joint, standard
                return step
        return -1

    once = on_standard_from("    - {fy: 2021, to: standard}\n")
    twice = on_standard_from("    - {fy: 2021, to: standard}\n    - {fy: 2022, to: standard}\n")
    assert twice - once == 12


def test_a_switch_after_the_project_ended_is_already_there(tmp_path: Path):
    path = write(
        tmp_path, TOWN + "    - {fy: 2021, to: standard}\n    - {fy: 2023, to: standard}\n"
    )
    assert print_notes(path) == [
        f"{at(path, 12)}: it.schedule entry 2 (fy 2023): town is already on standard by then; "
        "this switch does nothing for it"
    ]


def test_a_switch_to_the_same_joint_group_does_nothing(tmp_path: Path):
    path = write(
        tmp_path,
        TOWN.replace("population: 2000", "population: 2000\n    it_regime: joint\n    it_group: g")
        + "    - {fy: 2021, to: joint, group: g}\n    - {fy: 2022, to: joint, group: h}\n",
    )
    assert print_notes(path) == [
        f"{at(path, 13)}: it.schedule entry 1 (fy 2021): town is already on joint (group g) by "
        "then; this switch does nothing for it"
    ]


@pytest.mark.parametrize(
    "schedule",
    ["    - {fy: 2021, to: standard}\n", "    - {fy: 2021, to: joint, group: g}\n"],
)
def test_an_ordinary_switch_gets_no_note(tmp_path: Path, schedule: str):
    assert print_notes(write(tmp_path, TOWN + schedule)) == []
