"""Bad field values end in a ScenarioError that names file, line, field, given and expected.

Ranges, types, unknown keys, municipality keys and codes, list lengths and cross-field checks:
each case writes a small scenario to a temporary file and checks the single message reported.
YAML syntax, files, ``extends``, ``--set``, several problems at once and valid scenarios are in
``test_scenario_errors_files.py``; the shared helpers in ``scenario_error_helpers.py``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sim import RegionModel, load_scenario
from tests.scenario_error_helpers import TOWN, at, problem, write

SECTORS = (
    "agriculture_food, retail_services, construction, manufacturing, it_vendor, "
    "tech_startup, town_company, health_care"
)


def pyramid(male: list[str], female: list[str], key: str = "    age_pyramid") -> str:
    """An age pyramid block (TOWN's by default): its key, then year, male and female, a line
    each."""
    pad = " " * (len(key) - len(key.lstrip()) + 2)
    return (
        f"{key}:\n{pad}year: 2020\n{pad}male: [{', '.join(male)}]\n"
        f"{pad}female: [{', '.join(female)}]\n"
    )


# -- problems in the values of one file --------------------------------------------------------
# (id, YAML text, line, dotted path, fragments the message must contain after "FILE:LINE: path: ")
CASES = [
    (
        "unknown-top-level-key",
        "name: x\ndemografy:\n  tfr: 1.2\n" + TOWN,
        2,
        "demografy",
        ["unknown key 'demografy'; did you mean 'demography'?"],
    ),
    (
        "unknown-nested-key",
        TOWN + "demography:\n  tfrr: 1.2\n",
        5,
        "demography.tfrr",
        ["unknown key 'tfrr'; did you mean 'tfr'?"],
    ),
    (
        "unknown-key-no-close-match",
        TOWN + "run:\n  zzzz: 1\n",
        5,
        "run.zzzz",
        [
            "unknown key 'zzzz'; known keys here: start_year, start_month, years, seed, "
            "scale, check_conservation."
        ],
    ),
    (
        "unknown-key-in-municipality",
        TOWN + "    populaton_2020: 5\n",
        4,
        "municipalities.town.populaton_2020",
        ["unknown key 'populaton_2020'; did you mean 'population'?"],
    ),
    (
        "above-max",
        TOWN + "demography:\n  tfr: 9\n",
        5,
        "demography.tfr",
        [
            "got 9, expected a value from 0.1 to 4 in children per woman",
            "Total fertility rate",
        ],
    ),
    (
        "below-min",
        "municipalities:\n  town:\n    population: 0\n",
        3,
        "municipalities.town.population",
        [
            "got 0, expected a value from 1 to 20,000,000 in persons (Population at the start)",
        ],
    ),
    (
        "below-min-negative-share",
        TOWN + "trade:\n  local_share: -0.1\n",
        5,
        "trade.local_share",
        ["got -0.1, expected a value from 0 to 1 in share"],
    ),
    (
        "large-bound-written-exactly",
        "generate:\n  seed: 4294967296\n",
        2,
        "generate.seed",
        ["got 4294967296, expected a value from 0 to 4,294,967,295 in integer"],
    ),
    (
        "string-for-integer",
        TOWN + "run:\n  years: twenty\n",
        5,
        "run.years",
        ["got 'twenty', expected a value from 1 to 200 in years (Years to simulate)"],
    ),
    (
        "string-for-float",
        TOWN + "trade:\n  local_share: half\n",
        5,
        "trade.local_share",
        ["got 'half', expected a value from 0 to 1 in share"],
    ),
    (
        "fraction-for-integer",
        "municipalities:\n  town:\n    population: 1000.5\n",
        3,
        "municipalities.town.population",
        ["got 1000.5, expected a whole number from 1 to 20,000,000 in persons"],
    ),
    (
        "not-a-switch",
        TOWN + "run:\n  check_conservation: maybe\n",
        5,
        "run.check_conservation",
        ["got 'maybe', expected a switch (true or false)"],
    ),
    (
        "number-for-block",
        TOWN + "demography: 5\n",
        4,
        "demography",
        ["got 5, expected a block of keys (key: value), e.g. `tfr: "],
    ),
    (
        "municipalities-as-list",
        "municipalities:\n  - town\n",
        1,
        "municipalities",
        ["got a list (- ...), expected a block of keys (key: value)", "leave out the '- '"],
    ),
    (
        "missing-population",
        "municipalities:\n  town:\n    name_ja: 町\n",
        2,
        "municipalities.town.population",
        ["missing; expected a value from 1 to 20,000,000 in persons (Population at the start)"],
    ),
    (
        "upper-case-municipality-key",
        "municipalities:\n  Town:\n    population: 1000\n",
        2,
        "municipalities.Town",
        ["the key 'Town': a municipality key uses lower-case letters, digits and _"],
    ),
    (
        "municipality-key-with-hyphen",
        "municipalities:\n  kami-shihoro:\n    population: 1000\n",
        2,
        "municipalities.kami-shihoro",
        ["the key 'kami-shihoro': a municipality key uses lower-case letters, digits and _"],
    ),
    (
        "code-not-5-digits",
        TOWN + "    code: '1633'\n",
        4,
        "municipalities.town.code",
        ["got '1633': expected a 5-digit local government code such as '01633'"],
    ),
    (
        "code-not-digits",
        TOWN + "    code: 0163A\n",
        4,
        "municipalities.town.code",
        ["got '0163A': expected a 5-digit local government code"],
    ),
    (
        "code-unquoted-read-as-number",
        TOWN + "    code: 01633\n",  # YAML 1.1 reads this as the octal number 923
        4,
        "municipalities.town.code",
        ["YAML read 01633 as a number (923); put it in quotes: '01633'"],
    ),
    (
        "age-shares-add-up-to-1",
        TOWN + "    share_0_14: 0.3\n    share_65_plus: 0.7\n",
        5,
        "municipalities.town.share_65_plus",
        ["share_0_14 0.3 + share_65_plus 0.7 = 1; expected below 1"],
    ),
    (
        "fertility-schedule-wrong-length",
        TOWN + "demography:\n  fertility_schedule: [1, 2, 3]\n",
        5,
        "demography.fertility_schedule",
        ["got [1, 2, 3]: expected 7 non-negative weights for ages 15-19 ... 45-49"],
    ),
    (
        "fertility-schedule-negative",
        TOWN + "demography:\n  fertility_schedule: [1, 1, 1, -1, 1, 1, 1]\n",
        5,
        "demography.fertility_schedule item 4",
        [
            "got -1, expected a value from 0 to 1,000,000,000 in relative weight for each item",
        ],
    ),
    (
        "fertility-schedule-all-zero",
        TOWN + "demography:\n  fertility_schedule: [0, 0, 0, 0, 0, 0, 0]\n",
        5,
        "demography.fertility_schedule",
        [
            "got [0, 0, 0, 0, 0, 0, 0]: expected 7 non-negative weights for ages 15-19 ... "
            "45-49 with a positive sum"
        ],
    ),
    (
        "fertility-schedule-item-not-a-number",
        TOWN + "demography:\n  fertility_schedule:\n    - 1\n    - lots\n",
        7,
        "demography.fertility_schedule item 2",
        [
            "got 'lots', expected a value from 0 to 1,000,000,000 in relative weight for each item",
        ],
    ),
    (
        "age-pyramid-all-zero",
        TOWN + pyramid(["0"] * 21, ["0"] * 21),
        6,
        "municipalities.town.age_pyramid.male",
        ["every group is 0; expected persons by age group"],
    ),
    (
        "age-pyramid-wrong-number-of-groups",
        TOWN + pyramid(["1"] * 14, ["1"] * 21),
        6,
        "municipalities.town.age_pyramid.male",
        [
            "14 age groups; expected 15 to 21 (0-4, 5-9, ..., the last one open-ended, e.g. 21 "
            "groups for 0-4 ... 100+)"
        ],
    ),
    (
        "age-pyramid-male-and-female-of-different-lengths",
        TOWN + pyramid(["1"] * 21, ["1"] * 20),
        7,
        "municipalities.town.age_pyramid.female",
        ["20 groups for female but 21 for male; expected the same groups for both"],
    ),
    (
        "age-pyramid-item-negative",
        TOWN + pyramid(["1"] * 20 + ["-1"], ["1"] * 21),
        6,
        "municipalities.town.age_pyramid.male item 21",
        [
            "got -1, expected a value from 0 to 50,000,000 in persons per 5-year age group for "
            "each item"
        ],
    ),
    (
        "share-beside-an-age-pyramid-disagrees",
        TOWN + "    share_65_plus: 0.5\n" + pyramid(["10"] * 21, ["10"] * 21),
        4,
        "municipalities.town.share_65_plus",
        [
            "share_65_plus 0.5 disagrees with age_pyramid (0.381); leave share_65_plus out: a "
            "town with a pyramid takes its shares from it"
        ],
    ),
    (
        "list-of-weights-all-zero-one-per-line",
        TOWN + "demography:\n  fertility_schedule:\n" + "    - 0\n" * 7,
        5,
        "demography.fertility_schedule",
        [
            "got [0, 0, 0, 0, 0, 0, 0]: expected 7 non-negative weights for ages 15-19 ... "
            "45-49 with a positive sum"
        ],
    ),
    (
        "list-of-shares-item-above-1-one-per-line",
        TOWN + "migration:\n  move_rate_by_age:\n    - 0.5\n    - 1.5\n",
        7,
        "migration.move_rate_by_age item 2",
        ["got 1.5, expected a value from 0 to 1 in per year for each item"],
    ),
    (
        "move-rate-by-age-item-above-1",
        TOWN + "migration:\n  move_rate_by_age: [0.1, 0.1, 0.1, 2, 0.1, 0.1, 0.1, 0.1, 0.1]\n",
        5,
        "migration.move_rate_by_age item 4",
        ["got 2, expected a value from 0 to 1 in per year for each item"],
    ),
    # true/false (YAML also reads yes, no, on, off so) is not taken for 1 or 0
    (
        "switch-for-integer",
        "municipalities:\n  town:\n    population: yes\n",
        3,
        "municipalities.town.population",
        [
            "got True, expected a number from 1 to 20,000,000 in persons (Population at the start)",
            "a switch (true/false) is not a number",
        ],
    ),
    (
        "switch-for-float",
        TOWN + "demography:\n  tfr: on\n",
        5,
        "demography.tfr",
        ["got True, expected a number from 0.1 to 4 in children per woman"],
    ),
    (
        "switch-for-run-years",
        TOWN + "run:\n  years: true\n",
        5,
        "run.years",
        ["got True, expected a number from 1 to 200 in years"],
    ),
    (
        "switch-for-optional-integer",
        TOWN + "    policy:\n      vision_since_fy: false\n",
        5,
        "municipalities.town.policy.vision_since_fy",
        ["got False, expected a number from 1950 to 2100 in fiscal year"],
    ),
    (
        "switch-in-a-list-of-numbers",
        TOWN + "demography:\n  fertility_schedule: [1, 1, no, 1, 1, 1, 1]\n",
        5,
        "demography.fertility_schedule",
        [
            "got [1, 1, False, 1, 1, 1, 1], expected numbers from 0 to 1,000,000,000 in "
            "relative weight",
            "[item 3 is a switch (true/false), not a number]",
        ],
    ),
    (
        "move-rate-by-age-wrong-length",
        TOWN + "migration:\n  move_rate_by_age: [0.1, 0.2]\n",
        5,
        "migration.move_rate_by_age",
        ["got [0.1, 0.2]: expected 9 yearly rates between 0 and 1"],
    ),
    (
        "local-plus-neighbour-share-above-1",
        TOWN + "trade:\n  local_share: 0.8\n  neighbour_share: 0.3\n",
        6,
        "trade.neighbour_share",
        ["local_share 0.8 + neighbour_share 0.3 = 1.1; expected at most 1"],
    ),
    (
        "unknown-sector",
        TOWN + "firms:\n  sectors:\n    fishing:\n      job_share: 0.1\n",
        6,
        "firms.sectors.fishing",
        [f"unknown sector 'fishing'; sectors are {SECTORS}"],
    ),
    (
        "sector-value-out-of-range",
        TOWN + "firms:\n  sectors:\n    construction:\n      wage_yen: -5\n",
        7,
        "firms.sectors.construction.wage_yen",
        ["got -5, expected a value from 0 to 5,000,000 in yen per month"],
    ),
    (
        "unknown-sector-field",
        TOWN + "firms:\n  sectors:\n    construction:\n      wages: 5\n",
        7,
        "firms.sectors.construction.wages",
        ["unknown key 'wages'; did you mean 'wage_yen'?"],
    ),
    (
        "both-municipalities-and-generate",
        TOWN + "generate:\n  population: 1000\n",
        4,
        "generate",
        ["give either 'municipalities' or 'generate', not both"],
    ),
    (
        "neither-municipalities-nor-generate",
        "# no places\nname: x\n",
        2,
        "",
        ["the scenario has no municipalities: list some or set 'generate'"],
    ),
]


@pytest.mark.parametrize(
    "text, line, field, fragments", [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_value_is_reported_at_its_file_line_and_path(
    tmp_path: Path, text: str, line: int, field: str, fragments: list[str]
) -> None:
    path = write(tmp_path, text)
    message = problem(path)
    prefix = f"{at(path, line)}: {field}: " if field else f"{at(path, line)}: "
    assert message.startswith(prefix), message
    assert "(top)" not in message and "Input should" not in message, message
    for fragment in fragments:
        assert fragment in message[len(prefix) :], (fragment, message)


def test_above_max_full_message(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n  tfr: 9\n")
    assert problem(path) == (
        f"{at(path, 5)}: demography.tfr: got 9, expected a value from 0.1 to 4 in children "
        "per woman (Total fertility rate; scales the age schedule of births)"
    )


def test_switch_for_a_number_full_message(tmp_path: Path) -> None:
    path = write(tmp_path, "municipalities:\n  town:\n    population: yes\n")
    assert problem(path) == (
        f"{at(path, 3)}: municipalities.town.population: got True, expected a number from 1 "
        "to 20,000,000 in persons (Population at the start) [a switch (true/false) is not a "
        "number: YAML reads yes, no, on, off, true and false as switches]"
    )


def test_switches_stay_switches(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "run:\n  check_conservation: no\n")
    assert load_scenario(path).run.check_conservation is False


def test_an_all_zero_reference_pyramid_says_what_is_missing(tmp_path: Path) -> None:
    text = TOWN + "demography:\n" + pyramid(["0"] * 21, ["0"] * 21, key="  reference_pyramid")
    path = write(tmp_path, text)
    message = problem(path)
    assert message.startswith(f"{at(path, 7)}: demography.reference_pyramid.male: "), message
    assert "every group is 0" in message, message
    assert "town" not in message, message  # the reference is the region's, not a town's


def test_a_share_beside_an_age_pyramid_may_differ_by_half_a_point(tmp_path: Path) -> None:
    # the pyramid's 65+ share is 8/21 = 0.381: 0.385 is within 0.005, 0.387 is not
    text = TOWN + "    share_65_plus: {}\n" + pyramid(["10"] * 21, ["10"] * 21)
    town = load_scenario(write(tmp_path, text.format(0.385))).municipalities["town"]
    assert town.age_pyramid is not None
    path = write(tmp_path, text.format(0.387))
    assert problem(path) == (
        f"{at(path, 4)}: municipalities.town.share_65_plus: share_65_plus 0.387 disagrees with "
        "age_pyramid (0.381); leave share_65_plus out: a town with a pyramid takes its shares "
        "from it"
    )


@pytest.mark.parametrize("key", ["  reference_pyramid", "    age_pyramid"])
def test_a_pyramid_with_one_group_per_age_band_populates_the_town(tmp_path: Path, key: str):
    # demography.reference_pyramid is used within each town's bands (0-14, 15-64, 65+), a
    # town's own age_pyramid as it is: one group with persons per band is enough either way
    groups = ["0"] * 21
    groups[2] = groups[12] = groups[20] = "1"
    block = pyramid(groups, groups, key=key)
    text = TOWN + ("demography:\n" + block if key.strip() == "reference_pyramid" else block)
    model = RegionModel(load_scenario(write(tmp_path, text)))
    years = model.residents.age_months[: model.residents.n] // 12
    assert set(np.unique(years // 5)) <= {2, 12, 20, 21}
