"""Plain words in messages: a scalar, list or block where another is expected, a date or a
number where text is expected, tabs and full-width characters a Japanese input method types by
accident, none for null, and per-town choices written at the model-wide level. Moved from
``test_scenario_errors_cross.py``; shared helpers: ``scenario_error_helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.scenario import load_scenario
from tests.scenario_error_helpers import TOWN, at, problem, problems, write


# -- plain words ---------------------------------------------------------------------------------
def test_scalar_for_a_block(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography: 1.3\n")
    assert problem(path) == (
        f"{at(path, 4)}: demography: got 1.3, expected a block of keys (key: value), "
        "e.g. `tfr: 1.06`"
    )


def test_missing_colon(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n  tfr 1.3\n")
    assert problem(path) == (
        f"{at(path, 4)}: demography: got 'tfr 1.3', expected a block of keys (key: value), "
        "e.g. `tfr: 1.06`; each key needs a colon and a space after it: tfr: 1.3"
    )


def test_empty_block_says_indent(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "    policy:\n    reinvestment_share: 0.3\n")
    found = problems(path)
    assert found[0] == (
        f"{at(path, 4)}: municipalities.town.policy: got nothing, expected a block of keys "
        "(key: value), e.g. `reinvestment_share: 0.0`; the keys under it must be indented "
        "below it"
    )


def test_list_for_a_block(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        TOWN + "    policy:\n      programs:\n        - childcare_support: {start_fy: 2016}\n",
    )
    assert problem(path) == (
        f"{at(path, 5)}: municipalities.town.policy.programs: got a list (- ...), expected a "
        "block of keys (key: value), e.g. `childcare_support: {start_fy: 2016, budget_yen: "
        "60000000}`; leave out the '- '"
    )


def test_block_for_a_list(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "it:\n  schedule:\n    fy: 2021\n    to: standard\n")
    assert problem(path) == (
        f"{at(path, 5)}: it.schedule: got a block of keys, expected a list: start each entry "
        "with '- ', e.g. `- fy: 2021`"
    )


def test_date_shown_as_written_and_years_without_commas(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "run:\n  start_year: 2015-04-01\n")
    message = problem(path)
    assert message == (
        f"{at(path, 5)}: run.start_year: got 2015-04-01, a date; write 2015 (the month goes in "
        "start_month); expected a value from 1950 to 2100 in year (Calendar year in which the "
        "run starts)"
    )


def test_text_and_switch_grammar(tmp_path: Path) -> None:
    path = write(tmp_path, "name: 2024\n" + TOWN)
    assert problem(path).startswith(f"{at(path, 1)}: name: got 2024, expected text (")


def test_unquoted_code_read_as_octal(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "    code: 01633\n")
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.code: YAML read 01633 as a number (923); put it "
        "in quotes: '01633'"
    )


def test_tab(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n\ttfr: 1.2\n")
    assert (
        problem(path)
        == f"{at(path, 5)}: not valid YAML: a tab; tabs cannot indent YAML, use spaces"
    )


def test_full_width_space_and_colon_are_named(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n\u3000tfr: 1.2\nrun:\n  years\uff1a 5\n")
    assert problems(path) == [
        f"{at(path, 5)}: line 5 has a full-width space (U+3000) in its indentation; use "
        "ordinary spaces",
        f"{at(path, 7)}: line 7 has a full-width colon '：' after 'years'; use an ordinary "
        "colon ':'",
    ]


def test_full_width_characters_in_text_are_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "description: |\n  \u3000上士幌町：人口の推移\n  Target： 4765\n"
        "name: 上士幌\u3000町\n" + TOWN + "    name_ja: 'note： 町'\n",
    )
    assert load_scenario(path).name == "上士幌\u3000町"
    path = write(tmp_path, "description: |\n  Target： 4765\nname\uff1a x\n" + TOWN)
    assert problem(path) == (
        f"{at(path, 3)}: line 3 has a full-width colon '：' after 'name'; use an ordinary colon ':'"
    )


@pytest.mark.parametrize("written", ["none", "None", "NONE"])
def test_none_for_an_optional_value_says_null(tmp_path: Path, written: str) -> None:
    path = write(tmp_path, TOWN + f"    it_addon_share: {written}\n")
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.it_addon_share: got '{written}'; for no value write "
        "null (or leave the key out)"
    )


def test_null_for_an_optional_value_works(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "    it_addon_share: null\n")
    assert load_scenario(path).municipalities["town"].it_addon_share is None


# -- per-town choices at the model-wide level -----------------------------------------------------
def test_town_policy_at_the_top_level_policy(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "policy:\n  disclosure: 0.8\n  reinvestment_share: 0.3\n")
    assert problems(path) == [
        f"{at(path, 5)}: policy.disclosure: disclosure is set per town: "
        "municipalities.town.policy.disclosure",
        f"{at(path, 6)}: policy.reinvestment_share: reinvestment_share is set per town: "
        "municipalities.town.policy.reinvestment_share",
    ]


def test_town_figure_in_the_region_block(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "region:\n  population: 5000\n")
    assert problem(path) == (
        f"{at(path, 5)}: region.population: population is set per town: "
        "municipalities.town.population"
    )


def test_model_wide_typo_still_suggests(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "policy:\n  trust_disclosur: 0.8\n")
    assert "did you mean 'trust_disclosure'?" in problem(path)
