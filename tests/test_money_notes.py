"""A yearly amount of a town, group or region written as if in millions or thousands of yen
(``budget_yen: 80`` for 80 M yen) gets a note naming the field, its value and what it would be;
it is never refused, and amounts per person or per month, zero, and real budgets get none."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from sim.scenario.loader import ScenarioNote, load_scenario
from sim.scenario.notes import SMALL_YEN, small_money
from tests.cli_helpers import SCENARIOS, dxsim
from tests.scenario_error_helpers import KAMISHIHORO, at


def print_notes(path: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioNote)
        load_scenario(path)
    return [str(w.message) for w in caught if w.category is ScenarioNote]


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "money.yaml"
    path.write_text(f"extends: {KAMISHIHORO}\nname: money\nrun:\n  years: 20\n{body}")
    return path


def test_a_program_budget_in_millions_gets_a_note(tmp_path):
    path = _file(
        tmp_path,
        "municipalities:\n"
        "  kamishihoro:\n"
        "    policy:\n"
        "      programs:\n"
        "        experiment_field:\n"
        "          budget_yen: 80\n",
    )
    assert print_notes(path) == [
        f"{at(path, 10)}: municipalities.kamishihoro.policy.programs.experiment_field."
        "budget_yen: 80 yen per year is very little for this amount; if it was meant in "
        "millions of yen, write 80000000 (80 million yen); in thousands, 80000"
    ]
    budget = load_scenario(path).municipalities["kamishihoro"].policy.programs
    assert budget["experiment_field"].budget_yen == 80  # said, not refused or changed


def test_amounts_by_fiscal_year_grants_and_fees_are_checked(tmp_path):
    path = _file(
        tmp_path,
        "municipalities:\n"
        "  kamishihoro:\n"
        "    policy:\n"
        "      marketing_yen: 0\n"  # zero: no spending, not a slip
        "      donations_yen:\n"
        "        2015: 1500\n"
        "      programs:\n"
        "        childcare_support:\n"
        "          budget_from_fy:\n"
        "            2022: 35\n"
        "policy:\n"
        "  grant_budget_yen: 2000\n"
        "it:\n"
        "  joint_member_yen: 25\n"
        "taxes:\n"
        "  pension_yen: 150\n",  # per person per month: out of the rule
    )
    notes = print_notes(path)
    assert [n.split(": ")[1] for n in notes] == [
        "municipalities.kamishihoro.policy.programs.childcare_support.budget_from_fy.2022",
        "municipalities.kamishihoro.policy.donations_yen.2015",
        "it.joint_member_yen",
        "policy.grant_budget_yen",
    ]
    assert notes[0].startswith(f"{at(path, 14)}: ")
    assert notes[1] == (
        f"{at(path, 10)}: municipalities.kamishihoro.policy.donations_yen.2015: 1,500 yen per "
        "fiscal year is very little for this amount; if it was meant in millions of yen, "
        "write 1500000000 (1,500 million yen); in thousands, 1500000"
    )
    assert "25 yen per member per year is very little" in notes[2]


@pytest.mark.parametrize(("amount", "noted"), [(SMALL_YEN - 1, True), (SMALL_YEN, False)])
def test_the_threshold(amount, noted):
    scenario = load_scenario(
        KAMISHIHORO, overrides=[f"municipalities.kamishihoro.policy.marketing_yen={amount}"]
    )
    assert bool(small_money(scenario)) is noted


def test_shipped_scenarios_have_no_such_note():
    for name in ("kamishihoro.yaml", "tokachi.yaml", "base.yaml"):
        assert small_money(load_scenario(SCENARIOS / name)) == [], name


def test_dxsim_validate_prints_it_and_succeeds(tmp_path, capsys):
    path = _file(tmp_path, "it:\n  legacy_fixed_yen: 73\n")
    code, out, err = dxsim(capsys, "validate", path)
    assert code == 0 and ": ok: " in out
    assert err == (
        f"dxsim: note: {at(path, 6)}: it.legacy_fixed_yen: 73 yen per year is very little "
        "for this amount; if it was meant in millions of yen, write 73000000 (73 million "
        "yen); in thousands, 73000\n"
    )
