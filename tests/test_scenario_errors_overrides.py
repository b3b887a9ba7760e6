"""Command-line overrides (``--set``, ``--years``, ``--seed``) and scenarios that load.

Problems with the file itself and ``extends`` are in ``test_scenario_errors_files.py``; field
values in ``test_scenario_errors_values.py``; the shared helpers in
``scenario_error_helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sim
from sim.scenario import Scenario, ScenarioError, load_scenario
from tests.scenario_error_helpers import KAMISHIHORO, TOWN, at, problem, problems, write


# -- --set ------------------------------------------------------------------------------------
def test_set_without_equals(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    assert problem(path, ["run.years"]) == "--set run.years: expected PATH=VALUE, e.g. run.years=10"


def test_set_with_empty_path(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    assert problem(path, ["=3"]) == "--set =3: the path before '=' is empty"


def test_set_with_bad_value(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "run:\n  years: 5\n")
    assert problem(path, ["run.years=-3"]) == (
        "--set: run.years: got -3, expected a value from 1 to 200 in years (Years to simulate)"
    )


def test_set_with_wrong_type(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    message = problem(path, ["demography.tfr=high"])
    assert message.startswith("--set: demography.tfr: got 'high', expected a value from 0.1 to 4")


def test_set_unknown_key(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    assert problem(path, ["demography.tfrr=1.2"]) == (
        "--set: demography.tfrr: unknown key 'tfrr'; did you mean 'tfr'?"
    )


def test_set_into_a_non_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "name: x\n" + TOWN)
    assert problem(path, ["name.x=1"]) == "--set name.x: name is not a mapping"
    assert problem(path, ["municipalities.town.population.men=1"]) == (
        "--set municipalities.town.population.men: municipalities.town.population is not a mapping"
    )


def test_set_into_a_default_that_is_not_a_mapping(tmp_path: Path) -> None:
    # name is not in the file: --set makes it a mapping, which the schema then refuses
    path = write(tmp_path, TOWN)
    message = problem(path, ["name.x=1"])
    assert message == "--set: name: got {'x': 1}, expected text (Short name of the scenario)"


def test_set_into_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n  fertility_schedule: [1, 1, 1, 1, 1, 1, 1]\n")
    message = problem(path, ["demography.fertility_schedule.0=2"])
    assert message == (
        "--set demography.fertility_schedule.0: demography.fertility_schedule is not a mapping"
    )


def test_set_list_of_wrong_length(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    assert problem(path, ["migration.move_rate_by_age=[0.1, 0.2]"]) == (
        "--set: migration.move_rate_by_age: got [0.1, 0.2]: expected 9 yearly rates between 0 and 1"
    )


def test_set_that_creates_a_block_is_blamed_on_set(tmp_path: Path) -> None:
    # the file has no trade block: the cross-field check fails because of --set alone
    path = write(tmp_path, TOWN)
    assert problem(path, ["trade.local_share=0.9"]) == (
        "--set: trade.local_share: local_share 0.9 + neighbour_share 0.2 = 1.1; expected at most 1"
    )


def test_set_cannot_add_a_municipality(tmp_path: Path) -> None:
    # a new key would be a new town (here without a population): towns come from files
    path = write(tmp_path, TOWN)
    assert problem(path, ["municipalities.village.share_0_14=0.2"]) == (
        "--set: municipalities.village: unknown municipality 'village'; the scenario lists "
        "town. (--set changes only the municipalities a scenario lists: add new ones in a "
        "scenario file)"
    )


def test_set_with_a_misspelt_municipality_suggests_the_right_one() -> None:
    message = problem(KAMISHIHORO, ["municipalities.kamishihor.population=5000"])
    assert message == (
        "--set: municipalities.kamishihor: unknown municipality 'kamishihor'; did you mean "
        "'kamishihoro'? (--set changes only the municipalities a scenario lists: add new ones "
        "in a scenario file)"
    )


def test_set_municipality_of_a_generated_region(tmp_path: Path) -> None:
    path = write(tmp_path, "generate:\n  population: 1000\n")
    message = problem(path, ["municipalities.town.population=5"])
    assert message.startswith(
        "--set: municipalities.town: unknown municipality 'town'; the scenario lists no "
        "municipalities."
    ), message


def test_set_a_switch_for_a_number(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    found = problems(
        path,
        ["municipalities.town.population=yes", "demography.tfr=on", "run.years=true"],
    )
    assert sorted(found) == [
        "--set: demography.tfr: got True, expected a number from 0.1 to 4 in children per "
        "woman (Total fertility rate; scales the age schedule of births) [a switch "
        "(true/false) is not a number: YAML reads yes, no, on, off, true and false as "
        "switches]",
        "--set: municipalities.town.population: got True, expected a number from 1 to "
        "20,000,000 in persons (Population at the start) [a switch (true/false) is not a "
        "number: YAML reads yes, no, on, off, true and false as switches]",
        "--set: run.years: got True, expected a number from 1 to 200 in years (Years to "
        "simulate) [a switch (true/false) is not a number: YAML reads yes, no, on, off, true "
        "and false as switches]",
    ]


# -- options: overrides named after their command-line option or argument -----------------------
def test_option_errors_name_the_option(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    found = problems(
        path, ["run.scale=0"], options=[("--years", "run.years", 0), ("--seed", "run.seed", -1)]
    )
    assert len(found) == 3, found
    for start in (
        "--set: run.scale: got 0, expected a value from 1",
        "--years: run.years: got 0, expected a value from 1 to 200",
        "--seed: run.seed: got -1, expected a value from 0",
    ):
        assert any(p.startswith(start) for p in found), (start, found)


@pytest.mark.parametrize("given", ["path", "scenario"])
def test_sim_run_with_a_bad_years_is_a_scenario_error(tmp_path: Path, given: str) -> None:
    path = write(tmp_path, TOWN)
    scenario = path if given == "path" else load_scenario(path)
    with pytest.raises(ScenarioError) as info:
        sim.run(scenario, years=0)
    assert info.value.problems == [
        "run(years=...): run.years: got 0, expected a value from 1 to 200 in years (Years to "
        "simulate)"
    ]


def test_set_overrides_a_bad_file_value(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n  tfr: 9\n")
    assert load_scenario(path, overrides=["demography.tfr=1.4"]).demography.tfr == 1.4


def test_set_and_file_problems_are_reported_together(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n  tfr: 9\n")
    found = problems(path, ["run.years=0"])
    assert len(found) == 2, found
    assert any(p.startswith("--set: run.years: got 0") for p in found), found
    assert any(p.startswith(f"{at(path, 5)}: demography.tfr: got 9") for p in found), found


def test_set_changes_the_population_of_kamishihoro() -> None:
    base = load_scenario(KAMISHIHORO)
    changed = load_scenario(
        KAMISHIHORO, overrides=["municipalities.kamishihoro.population=5000", "run.years=3"]
    )
    assert base.municipalities["kamishihoro"].population == 4765
    assert changed.municipalities["kamishihoro"].population == 5000
    assert changed.run.years == 3
    assert changed.municipalities["kamishihoro"].code == "01633"  # the rest is kept
    assert changed.digest() != base.digest()


def test_set_values_are_read_as_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN)
    scenario = load_scenario(
        path,
        overrides=[
            "run.check_conservation=false",
            "demography.fertility_schedule=[1, 2, 3, 4, 3, 2, 1]",
            "name=with = sign",
        ],
    )
    assert scenario.run.check_conservation is False
    assert scenario.demography.fertility_schedule == (1, 2, 3, 4, 3, 2, 1)
    assert scenario.name == "with = sign"


def test_valid_file_loads(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, TOWN))
    assert isinstance(scenario, Scenario)
    assert scenario.municipalities["town"].population == 1000
