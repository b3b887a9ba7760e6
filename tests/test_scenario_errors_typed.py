"""Numbers and years as a Japanese office writes them, and plain messages without pydantic's
bracketed repeat: each case checks the exact message (what was given, why it is not read,
what to write, what is expected). Full-width digits and era years are also in
``test_scenario_errors_keyboard.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario_error_helpers import TOWN, at, problem, write

FY = "expected a value from 1950 to 2100 in fiscal year (First fiscal year of the program)"
PROGRAM = TOWN + (
    "    policy:\n      programs:\n        childcare_support:\n          start_fy: {start}\n"
    "          budget_yen: {budget}\n"
)
START = "municipalities.town.policy.programs.childcare_support.start_fy"
BUDGET = "municipalities.town.policy.programs.childcare_support.budget_yen"
YEN = (
    "expected a value from 0 to 100,000,000,000 in yen per year (Yearly public spending on "
    "the program (before reinvestment))"
)


@pytest.mark.parametrize(
    ("typed", "shown", "hint"),
    [
        ("令和5", "'令和5'", "a Japanese era year: 令和5 is FY2023; write 2023"),
        ("H1", "'H1'", "a Japanese era year: H1 is FY1989; write 1989"),
        ("昭和60年度", "'昭和60年度'", "a Japanese era year: 昭和60年度 is FY1985; write 1985"),
        ("令和５", "'令和５'", "a Japanese era year: 令和５ is FY2023; write 2023"),
        ("FY2023", "'FY2023'", "a year is written as its number alone; write 2023"),
        ("2023年度", "'2023年度'", "a year is written as its number alone; write 2023"),
        ("23", "23", "a year is written with 4 digits; write 2023"),
        ("2023-04-01", "2023-04-01", "a date, in FY2023 (April to March); write 2023"),
        ("2024-02-01", "2024-02-01", "a date, in FY2023 (April to March); write 2023"),
        ("2023/4", "'2023/4'", "a date, in FY2023 (April to March); write 2023"),
        ("２０２３", "'２０２３'", "written in full-width characters; write 2023"),
    ],
)
def test_a_fiscal_year_written_another_way(tmp_path: Path, typed: str, shown: str, hint: str):
    path = write(tmp_path, PROGRAM.format(start=typed, budget=1))
    assert problem(path) == f"{at(path, 7)}: {START}: got {shown}, {hint}; {FY}"


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("－30000000", "written in full-width characters; write -30000000"),
        ("2億", "which is 200,000,000; write 200000000"),
        ("1億5000万円", "which is 150,000,000; write 150000000"),
        ("30,000,000", "a number is written without commas; write 30000000"),
        ("3000万 yen", "which is 30,000,000; write 30000000"),
        ("30000000円", "a number is written alone, without its unit; write 30000000"),
    ],
)
def test_an_amount_written_another_way(tmp_path: Path, typed: str, hint: str | None):
    path = write(tmp_path, PROGRAM.format(start=2016, budget=typed))
    shown = f"'{typed}'"
    expected = f"got {shown}, {hint}; {YEN}" if hint else f"got {shown}, {YEN}"
    assert problem(path) == f"{at(path, 8)}: {BUDGET}: {expected}"


def test_a_year_key_written_as_an_era_gets_its_year_as_the_example(tmp_path: Path):
    path = write(
        tmp_path,
        PROGRAM.format(start=2016, budget=1) + "          budget_from_fy:\n            令和2: 5\n",
    )
    assert problem(path) == (
        f"{at(path, 10)}: municipalities.town.policy.programs.childcare_support.budget_from_fy."
        "令和2: the year '令和2' (a key of budget_from_fy): expected a fiscal year from 1950 to "
        "2100, e.g. 2020"
    )


@pytest.mark.parametrize(("typed", "pct"), [("60", "60"), ("'60%'", "60"), ("６０％", "60")])
def test_every_share_in_percent_gets_the_fraction(tmp_path: Path, typed: str, pct: str):
    path = write(tmp_path, TOWN + f"    policy:\n      disclosure: {typed}\n")
    shown = typed if typed == "60" else f"'{typed.strip(chr(39))}'"
    assert problem(path) == (
        f"{at(path, 5)}: municipalities.town.policy.disclosure: got {shown}, expected a value "
        "from 0 to 1 in 0-1 (How fully the town discloses each year what it did with the "
        f"money); for {pct}% write 0.6"
    )


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("標準準拠", "; '標準準拠' is standard in Japanese: write standard"),
        ("共同利用", "; '共同利用' is joint in Japanese: write joint"),
        ("standart", "; did you mean 'standard'?"),
        ("Standard", "; did you mean 'standard'?"),
        ("national", ""),
    ],
)
def test_a_regime_written_another_way(tmp_path: Path, typed: str, hint: str):
    path = write(tmp_path, TOWN + f"    it_regime: {typed}\n")
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.it_regime: got '{typed}', expected a regime: "
        f"legacy, joint or standard (IT regime at the start: legacy, joint or standard){hint}"
    )


def test_a_number_with_its_unit(tmp_path: Path):
    path = write(tmp_path, TOWN + "run:\n  years: 10 years\n")
    assert problem(path) == (
        f"{at(path, 5)}: run.years: got '10 years', a number is written alone, without its "
        "unit; write 10; expected a value from 1 to 200 in years (Years to simulate)"
    )


def test_out_of_range_without_the_bracketed_repeat(tmp_path: Path):
    path = write(tmp_path, TOWN + "    lat: 143.2\n")
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.lat: got 143.2, expected a value from 20 to 46 in "
        "degrees (Latitude of the town hall)"
    )


def test_a_text_field_given_a_number_says_to_quote_it(tmp_path: Path):
    path = write(tmp_path, "name: 2024\n" + TOWN)
    assert problem(path) == (
        f"{at(path, 1)}: name: got 2024, expected text (Short name of the scenario); YAML read "
        "it as a number: put it in quotes"
    )


def test_a_text_that_is_not_a_number_keeps_its_own_message(tmp_path: Path):
    # the municipality code's own check, not a number slip: no 'write 0163'
    path = write(tmp_path, TOWN + "    code: 0163A\n")
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.code: got '0163A': expected a 5-digit local "
        "government code such as '01633'"
    )


def test_an_item_of_a_list_of_shares_in_percent(tmp_path: Path):
    path = write(
        tmp_path,
        TOWN + "migration:\n  move_rate_by_age: [0.1, 0.1, 30, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\n",
    )
    message = problem(path)
    assert message.startswith(
        f"{at(path, 5)}: migration.move_rate_by_age item 3: got 30, expected a value from 0 to 1 "
        "in per year for each item ("
    ), message
    assert message.endswith("); for 30% write 0.3"), message


def test_a_calendar_year_as_an_era_is_a_year_not_a_fiscal_year(tmp_path: Path):
    path = write(tmp_path, TOWN + "run:\n  start_year: 令和2\n")
    assert problem(path) == (
        f"{at(path, 5)}: run.start_year: got '令和2', a Japanese era year: 令和2 is 2020; write "
        "2020; expected a value from 1950 to 2100 in year (Calendar year in which the run starts)"
    )
