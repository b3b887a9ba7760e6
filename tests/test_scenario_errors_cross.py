"""Checks across fields and dates outside the run.

A check that involves more than one field points at the line of the entry that is wrong (not
at its block or at line 1), shows the values that conflict and suggests near-miss names; the
whole file is "the file", never "(top)". Entries whose years lie wholly before the run are
errors; entries after the run's end are notes (a longer run may reach them). Plain words for
types and blocks are in ``test_scenario_errors_words.py``. Shared helpers:
``scenario_error_helpers.py``.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from sim.scenario import load_scenario
from sim.scenario.loader import ScenarioNote
from tests.cli_helpers import dxsim
from tests.scenario_error_helpers import ROOT, TOWN, at, problem, problems, write

TOKACHI = ROOT / "scenarios" / "tokachi.yaml"
EXPERIMENT = ROOT / "experiments" / "centralization.yaml"

#: Two towns with places: a valid body (lines 1-9) that cases append to from line 10 on.
TWO_TOWNS = """\
municipalities:
  town:
    population: 1000
    lat: 43.2
    lon: 143.3
  village:
    population: 300
    lat: 43.3
    lon: 143.1
"""


def _program(lines: str) -> str:
    """TOWN with one childcare program whose fields start on line 7."""
    return TOWN + "    policy:\n      programs:\n        childcare_support:\n" + lines


# -- checks across fields: the line of the entry, the values, did-you-mean -----------------------
def test_end_before_start_points_at_end_fy_and_shows_both(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _program("          start_fy: 2020\n          end_fy: 2018\n          budget_yen: 1\n"),
    )
    assert problem(path) == (
        f"{at(path, 8)}: municipalities.town.policy.programs.childcare_support.end_fy: "
        "end_fy 2018 is before start_fy 2020"
    )


def test_schedule_unknown_municipality_points_at_the_name_with_a_suggestion(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        f"""\
        extends: {TOKACHI}
        it:
          schedule:
            - fy: 2021
              to: joint
              group: tokachi
              municipalities: [obihiro, otofuke, kamishihoro, shimzu]
            - fy: 2022
              to: standard
              municipalities:
                - obihro
        """,
    )
    assert problems(path) == [
        f"{at(path, 7)}: it.schedule entry 1 (fy 2021), municipalities item 4: unknown "
        "municipality 'shimzu'; did you mean 'shimizu'?",
        f"{at(path, 11)}: it.schedule entry 2 (fy 2022), municipalities item 1: unknown "
        "municipality 'obihro'; did you mean 'obihiro'?",
    ]


def test_schedule_unknown_municipality_without_a_near_name_lists_the_towns(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        TWO_TOWNS + "it:\n  schedule:\n    - {fy: 2016, to: standard, municipalities: [zz]}\n",
    )
    assert problem(path) == (
        f"{at(path, 12)}: it.schedule entry 1 (fy 2016), municipalities item 1: unknown "
        "municipality 'zz'; the scenario lists town, village"
    )


def test_age_shares_show_the_sum(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "    share_0_14: 0.5\n    share_65_plus: 0.8\n")
    assert problem(path) == (
        f"{at(path, 5)}: municipalities.town.share_65_plus: share_0_14 0.5 + share_65_plus "
        "0.8 = 1.3; expected below 1 (someone must be aged 15-64)"
    )


def test_mandate_order_shows_the_three_years(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TOWN + "it:\n  mandate:\n    enabled: true\n    start_fy: 2027\n    deadline_fy: 2025\n"
        "    late_deadline_fy: 2024\n",
    )
    assert problem(path) == (
        f"{at(path, 8)}: it.mandate.deadline_fy: start_fy 2027, deadline_fy 2025 and "
        "late_deadline_fy 2024 must come in this order (each the same or later)"
    )


def test_joint_switch_without_group_points_at_the_entry(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "it:\n  schedule:\n    - fy: 2016\n      to: joint\n")
    assert problem(path) == (
        f"{at(path, 6)}: it.schedule entry 1 (fy 2016): the switch to joint in FY2016 needs a "
        "group: the name of the shared system, e.g. group: tokachi"
    )


def test_a_group_on_a_switch_to_legacy_is_refused_at_its_line(tmp_path: Path) -> None:
    """A group names a shared system (joint) or a joint procurement (standard): a switch back
    to a town's own system shares nothing."""
    path = write(
        tmp_path,
        TOWN + "it:\n  schedule:\n    - fy: 2016\n      to: legacy\n      group: tokachi\n",
    )
    assert problem(path) == (
        f"{at(path, 8)}: it.schedule entry 1 (fy 2016), group: group 'tokachi' is for a switch "
        "to joint (a shared system) or standard (bought together); the switch to legacy in "
        "FY2016 shares nothing: remove group"
    )


def test_all_unknown_targets_at_once_at_their_lines_with_suggestions(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TOWN + "    policy:\n      targets:\n        populaton: 4765\n        birth_rate: 7.0\n"
        "        zzz: 1\n",
    )
    where = "municipalities.town.policy.targets"
    assert problems(path) == [
        f"{at(path, 6)}: {where}.populaton: unknown target 'populaton'; did you mean 'population'?",
        f"{at(path, 7)}: {where}.birth_rate: unknown target 'birth_rate'; did you mean 'births'?",
        f"{at(path, 8)}: {where}.zzz: unknown target 'zzz'; targets are population, births, "
        "deaths, moves_in_20_49, moves_out_20_49, share_65_plus, online_procedure_share, "
        "satisfaction, trust",
    ]


def test_unknown_sector_points_at_its_key_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "firms:\n  sectors:\n    agricultre_food:\n      wage_yen: 1\n")
    assert problem(path) == (
        f"{at(path, 6)}: firms.sectors.agricultre_food: unknown sector 'agricultre_food'; "
        "did you mean 'agriculture_food'?"
    )


def test_unknown_program_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TOWN + "    policy:\n      programs:\n        childcare_suport:\n"
        "          start_fy: 2016\n          budget_yen: 1\n",
    )
    assert problem(path) == (
        f"{at(path, 6)}: municipalities.town.policy.programs.childcare_suport: unknown program "
        "'childcare_suport'; did you mean 'childcare_support'?"
    )


def test_generate_and_municipalities_points_at_generate(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "generate:\n  population: 1000\n")
    message = problem(path)
    assert message == (
        f"{at(path, 4)}: generate: give either 'municipalities' or 'generate', not both"
    )


def test_grant_rates_show_both(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "policy:\n  grant_rate_min: 0.75\n  grant_rate_max: 0.5\n")
    assert problem(path) == (
        f"{at(path, 6)}: policy.grant_rate_max: grant_rate_min 0.75 is above grant_rate_max "
        "0.5; the minimum must not exceed the maximum"
    )


def test_gift_and_cost_shares_show_the_sum(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "    policy:\n      donation_cost_share: 0.3\n")
    assert problem(path) == (
        f"{at(path, 5)}: municipalities.town.policy.donation_cost_share: return_gift_share 0.3 "
        "+ donation_cost_share 0.3 = 0.6; expected at most 0.5 (MIC 2019 rules: all costs of "
        "hometown-tax donations at most 50%)"
    )


def test_no_message_says_top(tmp_path: Path) -> None:
    path = write(tmp_path, "# nothing here\nname: x\n")
    message = problem(path)
    assert message == (
        f"{at(path, 2)}: the scenario has no municipalities: list some or set 'generate'"
    )


# -- dates outside the run ----------------------------------------------------------------------
def test_program_wholly_before_the_run_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _program("          start_fy: 1990\n          end_fy: 1995\n          budget_yen: 1\n"),
    )
    assert problem(path) == (
        f"{at(path, 8)}: municipalities.town.policy.programs.childcare_support.end_fy: the "
        "program ends in FY1995, before the run starts (FY2015): it would never run"
    )


def test_program_that_started_before_the_run_and_goes_on_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, _program("          start_fy: 2014\n          budget_yen: 1\n"))
    assert load_scenario(path).municipalities["town"].policy.programs


def test_run_starting_before_april_belongs_to_the_previous_fiscal_year(tmp_path: Path) -> None:
    text = _program("          start_fy: 2010\n          end_fy: 2014\n          budget_yen: 1\n")
    path = write(tmp_path, text + "run:\n  start_year: 2015\n  start_month: 1\n")
    assert load_scenario(path).run.first_fiscal_year == 2014
    path = write(tmp_path, text + "run:\n  start_year: 2015\n  start_month: 4\n")
    assert "before the run starts (FY2015)" in problem(path)


def test_budget_years_outside_the_programs_years(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _program(
            "          start_fy: 2018\n          end_fy: 2020\n          budget_yen: 1\n"
            "          budget_from_fy: {2016: 150000000, 2019: 5, 2025: 10000000}\n"
        ),
    )
    where = "municipalities.town.policy.programs.childcare_support.budget_from_fy"
    assert problems(path) == [
        f"{at(path, 10)}: {where}.2016: the year 2016 is before start_fy 2018; a budget for "
        "the program's first year goes in budget_yen",
        f"{at(path, 10)}: {where}.2025: the year 2025 is after end_fy 2020: the program has "
        "ended by then",
    ]


def test_budget_year_before_a_start_moved_by_set() -> None:
    path = ROOT / "scenarios" / "kamishihoro.yaml"
    start = "municipalities.kamishihoro.policy.programs.childcare_support.start_fy=2030"
    found = problems(path, [start])
    lines = path.read_text(encoding="utf-8").splitlines()
    line = 1 + next(i for i, t in enumerate(lines) if t.strip().startswith("2022:"))
    assert len(found) == 1, found
    assert found[0].endswith(
        f":{line}: municipalities.kamishihoro.policy.programs.childcare_support."
        "budget_from_fy.2022: "
        "the year 2022 is before start_fy 2030; a budget for the program's first year goes in "
        "budget_yen"
    ), found


def test_schedule_before_the_run_is_an_error(tmp_path: Path) -> None:
    path = write(
        tmp_path, f"extends: {TOKACHI}\nit:\n  schedule:\n    - fy: 2010\n      to: standard\n"
    )
    assert problem(path) == (
        f"{at(path, 4)}: it.schedule entry 1, fy: 2010 is before the run starts (FY2020); for a "
        "switch made before the run, set the town's it_regime instead"
    )


def test_entries_after_the_run_are_notes_not_errors(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _program("          start_fy: 2050\n          budget_yen: 1000000\n")
        + "it:\n  schedule:\n    - {fy: 2040, to: standard}\n",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_scenario(path)
    notes = [str(w.message) for w in caught if issubclass(w.category, ScenarioNote)]
    assert notes == [
        f"{at(path, 7)}: municipalities.town.policy.programs.childcare_support.start_fy: 2050 is "
        "after the end of the run: the run ends in FY2034 (run.years 20); this program does "
        "not run",
        f"{at(path, 11)}: it.schedule entry 1, fy: 2040 is after the end of the run: the run "
        "ends in FY2034 (run.years 20); this switch does not happen",
    ]
    with warnings.catch_warnings(record=True) as caught:  # a longer run reaches them
        warnings.simplefilter("always")
        load_scenario(path, options=[("--years", "run.years", 40)])
    assert not [w for w in caught if issubclass(w.category, ScenarioNote)]


def test_validate_prints_notes_and_passes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, _program("          start_fy: 2050\n          budget_yen: 1000000\n"))
    code, out, err = dxsim(capsys, "validate", path)
    assert code == 0
    assert out.startswith(f"{path}: ok: 1 municipality (town)")
    assert err.startswith(f"dxsim: note: {at(path, 7)}: municipalities.town.policy.programs.")
    assert err.count("\n") == 1


# -- numbers as editors read them ---------------------------------------------------------------
@pytest.mark.parametrize(
    "written, value",
    [("1e6", 1_000_000), ("1.5e6", 1_500_000), ("1.5e+6", 1_500_000), ("2E7", 20_000_000)],
)
def test_exponent_numbers_are_numbers(tmp_path: Path, written: str, value: int) -> None:
    path = write(tmp_path, TOWN + f"    policy:\n      marketing_yen: {written}\n")
    assert load_scenario(path).municipalities["town"].policy.marketing_yen == value
    path = write(tmp_path, TOWN)
    town = load_scenario(path, [f"municipalities.town.policy.marketing_yen={written}"])
    assert town.municipalities["town"].policy.marketing_yen == value


def test_exponent_number_with_a_fraction_for_an_integer(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "    policy:\n      marketing_yen: 1.0000005e6\n")
    message = problem(path)
    assert message.startswith(
        f"{at(path, 5)}: municipalities.town.policy.marketing_yen: got 1.0000005e6, expected"
    ), message
    assert message.endswith(
        ", expected a whole number from 0 to 10,000,000,000 in yen per year "
        "(Yearly spending on promoting hometown-tax donations)"
    ), message


# -- year keys ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "key, shown, example", [("FY2016", "'FY2016'", "2016"), ("1016", "1016", "2016")]
)
def test_bad_year_key_of_donations(tmp_path: Path, key: str, shown: str, example: str) -> None:
    path = write(tmp_path, TOWN + f"    policy:\n      donations_yen:\n        {key}: 2000000000\n")
    assert problem(path) == (
        f"{at(path, 6)}: municipalities.town.policy.donations_yen.{key}: the year {shown} (a key "
        f"of donations_yen): expected a fiscal year from 1950 to 2100, e.g. {example}"
    )


def test_bad_year_key_of_budget_from_fy(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        _program(
            "          start_fy: 2016\n          budget_yen: 1\n"
            "          budget_from_fy:\n            FY2018: 5\n"
        ),
    )
    assert problem(path) == (
        f"{at(path, 10)}: municipalities.town.policy.programs.childcare_support.budget_from_fy."
        "FY2018: the year 'FY2018' (a key of budget_from_fy): expected a fiscal year from 1950 "
        "to 2100, e.g. 2018"
    )


# -- places of towns ------------------------------------------------------------------------------
def test_towns_without_places_in_a_region(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TWO_TOWNS + "  newtown:\n    population: 3000\n  othertown:\n    population: 3000\n"
        "    lat: 43.0\n",
    )
    assert problems(path) == [
        f"{at(path, 10)}: municipalities.newtown: newtown has no lat and lon: with more than one "
        "municipality, give each town hall's lat and lon (distances decide neighbours, "
        "commuting and moves)",
        f"{at(path, 12)}: municipalities.othertown: othertown has no lon: with more than one "
        "municipality, give each town hall's lat and lon (distances decide neighbours, "
        "commuting and moves)",
    ]


def test_a_single_town_needs_no_place(tmp_path: Path) -> None:
    assert load_scenario(write(tmp_path, TOWN)).municipalities["town"].lat == 35.68


def test_a_place_given_in_the_parent_counts(tmp_path: Path) -> None:
    write(tmp_path, TWO_TOWNS, "parent.yaml")
    path = write(tmp_path, "extends: parent.yaml\nmunicipalities:\n  town:\n    population: 9\n")
    assert load_scenario(path).municipalities["town"].population == 9


# -- dxsim validate on experiment files ---------------------------------------------------------
def test_validate_an_experiment(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = dxsim(capsys, "validate", EXPERIMENT)
    assert code == 0, err
    assert out == f"{EXPERIMENT}: ok (an experiment of 8 scenarios)\n"


def test_validate_an_experiment_with_a_mistake(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        f"name: e\nscenarios: [{ROOT / 'scenarios' / 'kamishihoro.yaml'}]\nreplicates: 0\n",
        "experiment.yaml",
    )
    code, out, err = dxsim(capsys, "validate", path)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{path}:3: replicates: got 0: "), err
    assert "unknown key 'scenarios'" not in err


def test_validate_help_describes_file_and_set(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "validate", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "scenario or experiment YAML files" in text
    assert "check with this value overridden" in text


def test_generated_region_needs_a_person_per_town(tmp_path: Path) -> None:
    path = write(tmp_path, "name: g\ngenerate:\n  population: 5\n  municipalities: 20\n")
    assert problem(path) == (
        f"{at(path, 3)}: generate.population: population 5 is smaller than municipalities 20: "
        "every municipality needs at least one person"
    )
