"""Numbers typed the way a Japanese keyboard or calendar writes them: each gets one message
saying what to write instead."""

from pathlib import Path

import pytest

from tests.scenario_error_helpers import at, problem, write

PROGRAM = """\
municipalities:
  town:
    population: 1000
    policy:
      programs:
        childcare_support:
          start_fy: {start}
          budget_yen: 1
"""


@pytest.mark.parametrize(
    ("typed", "plain"),
    [("４３６１３", "43613"), ("43６13", "43613"), ("４３，６１３", "43613")],
)
def test_full_width_digits_say_the_half_width_number(tmp_path: Path, typed: str, plain: str):
    path = write(tmp_path, f"municipalities:\n  town:\n    population: {typed}\n")
    assert problem(path) == (
        f"{at(path, 3)}: municipalities.town.population: got '{typed}', written in full-width "
        f"characters; write {plain}; expected a value from 1 to 20,000,000 in persons "
        "(Population at the start)"
    )


def test_a_full_width_decimal_share(tmp_path: Path):
    path = write(
        tmp_path, "municipalities:\n  town:\n    population: 10\n    share_65_plus: ０．３\n"
    )
    assert "got '０．３', written in full-width characters; write 0.3; expected" in problem(path)


@pytest.mark.parametrize(
    ("typed", "year"), [("令和5", 2023), ("令和元年", 2019), ("R6", 2024), ("平成30年度", 2018)]
)
def test_a_japanese_era_year_says_the_western_year(tmp_path: Path, typed: str, year: int):
    path = write(tmp_path, PROGRAM.format(start=typed))
    assert problem(path) == (
        f"{at(path, 7)}: municipalities.town.policy.programs.childcare_support.start_fy: got "
        f"'{typed}', a Japanese era year: {typed} is FY{year}; write {year}; expected a value "
        "from 1950 to 2100 in fiscal year (First fiscal year of the program)"
    )


def test_a_full_width_year_key_gets_a_real_year_as_example(tmp_path: Path):
    path = write(tmp_path, PROGRAM.format(start=2016) + "          budget_from_fy: {２０２４: 5}\n")
    assert problem(path).endswith(
        "the year '２０２４' (a key of budget_from_fy): expected a fiscal year from 1950 to "
        "2100, e.g. 2024"
    )


@pytest.mark.parametrize(("typed", "pct"), [("28", "28"), ("28%", "28"), ("'28 %'", "28")])
def test_a_share_given_in_percent_says_the_fraction(tmp_path: Path, typed: str, pct: str):
    path = write(
        tmp_path, f"municipalities:\n  town:\n    population: 10\n    share_65_plus: {typed}\n"
    )
    assert problem(path).endswith(
        "expected a value from 0 to 0.8 in share (Share aged 65+ at the start (set by "
        f"age_pyramid when the town has one)); for {pct}% write 0.{pct}"
    )


def test_a_share_above_100_gets_no_percent_hint(tmp_path: Path):
    path = write(tmp_path, "municipalities:\n  town:\n    population: 10\n    share_65_plus: 280\n")
    assert "% write" not in problem(path)


BODY = "name: plan\nmunicipalities:\n  town:\n    population: 1000\n    policy:\n"


@pytest.mark.parametrize(
    ("line", "where", "message"),
    [
        (
            "      disclosure 0.6\n      governance: 0.5\n",
            6,
            "'disclosure 0.6' has no colon after the key; write disclosure: 0.6",
        ),
        (
            "      disclosure:0.6\n      governance: 0.5\n",
            6,
            "'disclosure:0.6' needs a space after the colon; write disclosure: 0.6",
        ),
    ],
)
def test_a_colon_slip_is_reported_at_its_own_line(tmp_path: Path, line, where, message):
    path = write(tmp_path, BODY + line)
    assert problem(path) == f"{at(path, where)}: not valid YAML: {message}"


def test_an_unclosed_quote_points_at_the_line_that_opened_it(tmp_path: Path):
    path = write(tmp_path, 'name: "plan\nmunicipalities:\n  town:\n    population: 1000\n')
    assert (
        problem(path)
        == f'{at(path, 1)}: not valid YAML: a quote (") opened on this line is never closed; '
        'end the text with it: name: "plan"'
    )


def test_a_list_item_where_keys_belong(tmp_path: Path):
    path = write(tmp_path, BODY + "      disclosure: 0.5\n     - childcare_support: 1\n")
    assert problem(path) == (
        f"{at(path, 7)}: not valid YAML: a list item (- ...) where keys were expected: leave "
        "out the '- ', or indent it under its key"
    )


def test_a_town_set_to_null_leaves_the_extended_scenario(tmp_path: Path):
    """A planner's own town on the base of a shipped one-town scenario, without its town."""
    from sim.scenario.loader import load_scenario

    base = Path(__file__).parents[1] / "scenarios" / "kamishihoro_baseline.yaml"
    own = write(
        tmp_path,
        f"extends: {base}\nname: own\nmunicipalities:\n  kamishihoro: null\n"
        "  otofuke:\n    population: 43613\n",
    )
    scenario = load_scenario(own)
    assert list(scenario.municipalities) == ["otofuke"]
    assert scenario.demography == load_scenario(base).demography  # the rest is inherited


def test_a_japanese_label_typed_as_the_key(tmp_path: Path):
    path = write(tmp_path, "municipalities:\n  town:\n    人口: 1000\n")
    assert problem(path) == (
        f"{at(path, 3)}: municipalities.town.人口: '人口' is the Japanese label of "
        "'population'; write population: 1000"
    )  # one message: not also "population: missing"


def test_a_misspelt_required_key_is_one_message(tmp_path: Path):
    path = write(tmp_path, PROGRAM.format(start=2016).replace("budget_yen", "budget"))
    assert problem(path) == (
        f"{at(path, 8)}: municipalities.town.policy.programs.childcare_support.budget: "
        "unknown key 'budget'; did you mean 'budget_yen'?"
    )


def test_schedule_entries_get_the_same_plain_messages_as_other_fields(tmp_path: Path):
    path = write(
        tmp_path,
        "municipalities:\n  town:\n    population: 10\nit:\n  schedule:\n    - fy: 2016\n"
        "      to: national\n",
    )
    assert problem(path) == (
        f"{at(path, 7)}: it.schedule entry 1 (fy 2016), to: got 'national', expected a regime: "
        "legacy, joint or standard (Target regime: legacy, joint or standard)"
    )


def test_settings_that_do_nothing_get_notes_not_errors(tmp_path: Path):
    import warnings

    from sim.scenario.loader import ScenarioNote, load_scenario

    path = write(
        tmp_path,
        "run:\n  start_year: 2020\n  years: 10\nmunicipalities:\n  town:\n    population: 10\n"
        "    lat: 42.9\n    lon: 143.2\n    it_regime: standard\n    policy:\n"
        "      vision_since_fy: 2040\n  other:\n    population: 10\n    lat: 43\n    lon: 143\n"
        "it:\n  schedule:\n    - fy: 2023\n      to: standard\n    - fy: 2023\n      to: joint\n"
        "      group: g\n      municipalities: [other]\n",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioNote)
        load_scenario(path)
    notes = [str(w.message) for w in caught if w.category is ScenarioNote]
    assert notes == [
        f"{at(path, 18)}: it.schedule entry 1 (fy 2023): town is already on standard by then; "
        "this switch does nothing for it",
        f"{at(path, 20)}: it.schedule entry 2 (fy 2023): other is also switched in FY2023 by "
        "entry 1; the later entry wins",
        f"{at(path, 11)}: municipalities.town.policy.vision_since_fy: 2040 is after the end of "
        "the run: the run ends in FY2029 (run.years 10); no plan in this run",
    ]
