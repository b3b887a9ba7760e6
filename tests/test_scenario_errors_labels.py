"""Japanese labels typed as names, and targets reported at their own lines.

``docs/parameters.md`` shows each parameter's, program's and target's Japanese label; a planner
who types the label where the name belongs is told the name, in one message.
"""

from __future__ import annotations

from pathlib import Path

from tests.scenario_error_helpers import TOWN, at, problem, problems, write

POLICY = TOWN + "    policy:\n"
WHERE = "municipalities.town.policy"


def test_a_programs_japanese_label_names_the_program(tmp_path: Path):
    path = write(
        tmp_path,
        POLICY + "      programs:\n        子育て支援:\n          start_fy: 2016\n"
        "          budget_yen: 1\n",
    )
    assert problem(path) == (
        f"{at(path, 6)}: {WHERE}.programs.子育て支援: '子育て支援' is the Japanese label of the "
        "program 'childcare_support'; write childcare_support:"
    )


def test_a_japanese_label_of_a_required_key_is_one_message(tmp_path: Path):
    path = write(
        tmp_path,
        POLICY + "      programs:\n        childcare_support:\n          開始年度: 2016\n"
        "          budget_yen: 1\n",
    )
    assert problem(path) == (
        f"{at(path, 7)}: {WHERE}.programs.childcare_support.開始年度: '開始年度' is the Japanese "
        "label of 'start_fy'; write start_fy: 2016"
    )


def test_a_targets_japanese_label_names_the_target(tmp_path: Path):
    path = write(tmp_path, POLICY + "      targets:\n        高齢化率: 0.3\n        births: 30\n")
    assert problem(path) == (
        f"{at(path, 6)}: {WHERE}.targets.高齢化率: '高齢化率' is the Japanese label of the target "
        "'share_65_plus'; write share_65_plus: 0.3"
    )


def test_targets_out_of_range_are_reported_each_at_its_own_line(tmp_path: Path):
    path = write(
        tmp_path,
        POLICY + "      targets:\n        population: 900\n        share_65_plus: 30\n"
        "        births: -1\n",
    )
    assert problems(path) == [
        f"{at(path, 7)}: {WHERE}.targets.share_65_plus: got 30, expected a value from 0 to 1 in "
        "share of residents (Share of residents aged 65+ at the end of the year; met at or "
        "below the target); for 30% write 0.3",
        f"{at(path, 8)}: {WHERE}.targets.births: got -1, expected a value from 0 to 10,000,000 "
        "in persons per year (Births in the year)",
    ]


def test_a_target_typed_as_text_gets_its_own_unit(tmp_path: Path):
    path = write(tmp_path, POLICY + "      targets:\n        trust: 30%\n")
    assert problem(path) == (
        f"{at(path, 6)}: {WHERE}.targets.trust: got '30%', expected a value from 0 to 1 in "
        "score 0-1 (Residents' trust in the town hall); for 30% write 0.3"
    )


def test_a_japanese_label_in_another_block_names_where_it_goes(tmp_path: Path):
    path = write(tmp_path, POLICY + "      人口: 5\n")
    assert problem(path) == (
        f"{at(path, 5)}: {WHERE}.人口: '人口' is the Japanese label of "
        "municipalities.<key>.population or municipalities.<key>.policy.targets.population, "
        "not a key of this block"
    )


def test_dxsim_params_finds_a_part_of_a_japanese_label():
    from sim.scenario.reference import reference

    assert reference("公開度").startswith("municipalities.<key>.policy.disclosure = 0.3 [0-1]")
    assert reference("情報公開度") == reference("公開度")


def test_a_towns_key_inside_its_policy_says_where_it_goes(tmp_path: Path):
    path = write(tmp_path, POLICY + "      it_regime: standard\n")
    assert problem(path) == (
        f"{at(path, 5)}: {WHERE}.it_regime: it_regime is set for the town, not in its policy: "
        "municipalities.town.it_regime (beside policy:)"
    )


def test_a_policy_key_beside_the_policy_says_where_it_goes(tmp_path: Path):
    path = write(tmp_path, TOWN + "    disclosure: 0.6\n")
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.disclosure: disclosure is part of the town's "
        "policy: municipalities.town.policy.disclosure (under policy:)"
    )


def test_a_top_level_block_inside_a_town(tmp_path: Path):
    path = write(tmp_path, TOWN + "    it:\n      schedule: []\n")
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.it: 'it' is a block of its own: write `it:` at the "
        "left margin, not in a town"
    )


def test_a_key_in_capitals_gets_its_name(tmp_path: Path):
    path = write(tmp_path, TOWN + "IT:\n  project_months: 12\n")
    assert problem(path) == f"{at(path, 4)}: IT: unknown key 'IT'; did you mean 'it'?"
