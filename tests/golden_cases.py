"""Every kind of scenario mistake the tests cover, as data: one small input each.

``tests/golden_messages.py`` loads each case and writes what a planner reads to
``tests/golden/scenario_messages.txt``; ``tests/test_scenario_messages.py`` compares that file
exactly and checks the structured fields (``first``) of each case's first problem. A case is
(name, files, load, overrides, options, first): ``files`` is the text of ``scenario.yaml`` or a
mapping of file names to text (bytes: written as is; None: a folder).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parents[1]
KAMISHIHORO = ROOT / "scenarios" / "kamishihoro.yaml"
TOKACHI = ROOT / "scenarios" / "tokachi.yaml"

#: A valid minimal body (lines 1-3); cases append to it from line 4 on.
TOWN = "municipalities:\n  town:\n    population: 1000\n"
POLICY = TOWN + "    policy:\n"
#: Two towns with places (lines 1-9).
TWO_TOWNS = (
    "municipalities:\n  town:\n    population: 1000\n    lat: 43.2\n    lon: 143.3\n"
    "  village:\n    population: 300\n    lat: 43.3\n    lon: 143.1\n"
)
#: A childcare program whose fields start on line 7.
PROGRAM = POLICY + "      programs:\n        childcare_support:\n"
#: Lines 1-5 of a scenario whose policy block starts on line 6.
BODY = "name: plan\nmunicipalities:\n  town:\n    population: 1000\n    policy:\n"
#: A town with an IT project of 18 months; schedule entries from line 12.
IT_TOWN = (
    "run:\n  start_year: 2020\n  years: 6\n  scale: 50\nmunicipalities:\n  town:\n"
    "    population: 2000\nit:\n  project_months: 18\n  schedule:\n"
)
#: Two towns for extends: null.
TWO = (
    "name: two\nmunicipalities:\n  town:\n    population: 1000\n    lat: 43.0\n    lon: 143.0\n"
    "    policy:\n      disclosure: 0.9\n  village:\n    population: 300\n    lat: 43.1\n"
    "    lon: 143.1\n    share_65_plus: 0.3\ndemography:\n  tfr: 1.5\nit:\n  schedule:\n"
    "    - {fy: 2016, to: standard, municipalities: [town]}\n"
)


class Case(NamedTuple):
    name: str
    files: str | dict[str, Any]
    load: str = "scenario.yaml"
    overrides: tuple[str, ...] = ()
    options: tuple[tuple[str, str, Any], ...] = ()
    first: dict[str, Any] | None = None


def pyramid(male: list[str], female: list[str], key: str = "    age_pyramid") -> str:
    pad = " " * (len(key) - len(key.lstrip()) + 2)
    return (
        f"{key}:\n{pad}year: 2020\n{pad}male: [{', '.join(male)}]\n"
        f"{pad}female: [{', '.join(female)}]\n"
    )


def program(lines: str) -> str:
    return PROGRAM + "".join(f"          {line}\n" for line in lines.split("|"))


def money(body: str) -> dict[str, str]:
    return {"scenario.yaml": f"extends: {KAMISHIHORO}\nname: money\nrun:\n  years: 20\n{body}"}


def at(line: int | None, path: str = "", file: str = "scenario.yaml", **more: Any) -> dict:
    """The structured fields a case's first problem must have."""
    return {"file": file, "line": line, "path": path, **more}


C = Case

#: Values of one file: ranges, types, keys, blocks and lists, checks across fields.
VALUES = [
    C(
        "unknown-top-level-key",
        "name: x\ndemografy:\n  tfr: 1.2\n" + TOWN,
        first=at(
            2, "demografy", message="unknown key 'demografy'", hint="did you mean 'demography'?"
        ),
    ),
    C("unknown-nested-key", TOWN + "demography:\n  tfrr: 1.2\n", first=at(5, "demography.tfrr")),
    C("unknown-key-no-close-match", TOWN + "run:\n  zzzz: 1\n", first=at(5, "run.zzzz")),
    C(
        "unknown-key-in-municipality",
        TOWN + "    populaton_2020: 5\n",
        first=at(4, "municipalities.town.populaton_2020"),
    ),
    C("key-in-capitals", TOWN + "IT:\n  project_months: 12\n", first=at(4, "IT")),
    C(
        "above-max",
        TOWN + "demography:\n  tfr: 9\n",
        first=at(
            5,
            "demography.tfr",
            given="9",
            expected="a value from 0.1 to 4 in children per "
            "woman (Total fertility rate; scales the age schedule of births)",
        ),
    ),
    C(
        "below-min",
        "municipalities:\n  town:\n    population: 0\n",
        first=at(3, "municipalities.town.population", given="0"),
    ),
    C(
        "below-min-negative-share",
        TOWN + "trade:\n  local_share: -0.1\n",
        first=at(5, "trade.local_share", given="-0.1"),
    ),
    C(
        "large-bound-written-exactly",
        "generate:\n  seed: 4294967296\n",
        first=at(2, "generate.seed"),
    ),
    C("out-of-range-lat", TOWN + "    lat: 143.2\n", first=at(4, "municipalities.town.lat")),
    C(
        "string-for-integer",
        TOWN + "run:\n  years: twenty\n",
        first=at(5, "run.years", given="'twenty'"),
    ),
    C("string-for-float", TOWN + "trade:\n  local_share: half\n", first=at(5, "trade.local_share")),
    C(
        "fraction-for-integer",
        "municipalities:\n  town:\n    population: 1000.5\n",
        first=at(3, "municipalities.town.population", given="1000.5"),
    ),
    C(
        "exponent-with-a-fraction-for-an-integer",
        POLICY + "      marketing_yen: 1.0000005e6\n",
        first=at(5, "municipalities.town.policy.marketing_yen", given="1.0000005e6"),
    ),
    C(
        "not-a-switch",
        TOWN + "run:\n  check_conservation: maybe\n",
        first=at(5, "run.check_conservation", given="'maybe'"),
    ),
    C(
        "text-field-given-a-number",
        "name: 2024\n" + TOWN,
        first=at(1, "name", given="2024", hint="YAML read it as a number: put it in quotes"),
    ),
    C("number-for-block", TOWN + "demography: 5\n", first=at(4, "demography", given="5")),
    C("scalar-for-block", TOWN + "demography: 1.3\n", first=at(4, "demography")),
    C(
        "missing-colon-in-a-block-value",
        TOWN + "demography:\n  tfr 1.3\n",
        first=at(4, "demography", given="'tfr 1.3'"),
    ),
    C(
        "empty-block-says-indent",
        TOWN + "    policy:\n    reinvestment_share: 0.3\n",
        first=at(4, "municipalities.town.policy", given="nothing"),
    ),
    C(
        "municipalities-as-list",
        "municipalities:\n  - town\n",
        first=at(1, "municipalities", given="a list (- ...)", hint="leave out the '- '"),
    ),
    C(
        "list-for-a-block",
        POLICY + "      programs:\n        - childcare_support: {start_fy: 2016}\n",
        first=at(5, "municipalities.town.policy.programs"),
    ),
    C(
        "block-for-a-list",
        TOWN + "it:\n  schedule:\n    fy: 2021\n    to: standard\n",
        first=at(5, "it.schedule", given="a block of keys"),
    ),
    C("block-set-to-null", TOWN + "demography: null\n", first=at(4, "demography")),
    C(
        "missing-population",
        "municipalities:\n  town:\n    name_ja: 町\n",
        first=at(2, "municipalities.town.population", message="missing"),
    ),
    C(
        "upper-case-municipality-key",
        "municipalities:\n  Town:\n    population: 1000\n",
        first=at(2, "municipalities.Town"),
    ),
    C("municipality-key-with-hyphen", "municipalities:\n  kami-shihoro:\n    population: 1000\n"),
    C(
        "code-not-5-digits",
        TOWN + "    code: '1633'\n",
        first=at(4, "municipalities.town.code", given="'1633'"),
    ),
    C("code-not-digits", TOWN + "    code: 0163A\n"),
    C(
        "code-unquoted-read-as-number",
        TOWN + "    code: 01633\n",
        first=at(4, "municipalities.town.code", given=None),
    ),
    C(
        "age-shares-add-up-to-1",
        TOWN + "    share_0_14: 0.5\n    share_65_plus: 0.8\n",
        first=at(5, "municipalities.town.share_65_plus"),
    ),
    C("fertility-schedule-wrong-length", TOWN + "demography:\n  fertility_schedule: [1, 2, 3]\n"),
    C(
        "fertility-schedule-negative",
        TOWN + "demography:\n  fertility_schedule: [1, 1, 1, -1, 1, 1, 1]\n",
        first=at(5, "demography.fertility_schedule item 4", given="-1"),
    ),
    C(
        "fertility-schedule-all-zero",
        TOWN + "demography:\n  fertility_schedule:\n" + "    - 0\n" * 7,
    ),
    C(
        "fertility-schedule-item-not-a-number",
        TOWN + "demography:\n  fertility_schedule:\n    - 1\n    - lots\n",
        first=at(7, "demography.fertility_schedule item 2"),
    ),
    C(
        "age-pyramid-all-zero",
        TOWN + pyramid(["0"] * 21, ["0"] * 21),
        first=at(6, "municipalities.town.age_pyramid.male"),
    ),
    C(
        "reference-pyramid-all-zero",
        TOWN + "demography:\n" + pyramid(["0"] * 21, ["0"] * 21, key="  reference_pyramid"),
    ),
    C("age-pyramid-wrong-number-of-groups", TOWN + pyramid(["1"] * 14, ["1"] * 21)),
    C(
        "age-pyramid-male-and-female-differ",
        TOWN + pyramid(["1"] * 21, ["1"] * 20),
        first=at(7, "municipalities.town.age_pyramid.female"),
    ),
    C("age-pyramid-item-negative", TOWN + pyramid(["1"] * 20 + ["-1"], ["1"] * 21)),
    C(
        "share-beside-an-age-pyramid-disagrees",
        TOWN + "    share_65_plus: 0.387\n" + pyramid(["10"] * 21, ["10"] * 21),
        first=at(4, "municipalities.town.share_65_plus"),
    ),
    C(
        "list-of-shares-item-above-1",
        TOWN + "migration:\n  move_rate_by_age:\n    - 0.5\n    - 1.5\n",
    ),
    C("move-rate-by-age-wrong-length", TOWN + "migration:\n  move_rate_by_age: [0.1, 0.2]\n"),
    C(
        "switch-for-integer",
        "municipalities:\n  town:\n    population: yes\n",
        first=at(3, "municipalities.town.population", given="True"),
    ),
    C("switch-for-float", TOWN + "demography:\n  tfr: on\n"),
    C("switch-for-optional-integer", POLICY + "      vision_since_fy: false\n"),
    C(
        "switch-in-a-list-of-numbers",
        TOWN + "demography:\n  fertility_schedule: [1, 1, no, 1, 1, 1, 1]\n",
        first=at(
            5,
            "demography.fertility_schedule",
            detail="item 3 is a switch (true/false), not a number",
        ),
    ),
    C(
        "local-plus-neighbour-share-above-1",
        TOWN + "trade:\n  local_share: 0.8\n  neighbour_share: 0.3\n",
        first=at(6, "trade.neighbour_share"),
    ),
    C(
        "unknown-sector-listed",
        TOWN + "firms:\n  sectors:\n    fishing:\n      job_share: 0.1\n",
        first=at(6, "firms.sectors.fishing", given=None),
    ),
    C(
        "unknown-sector-near-miss",
        TOWN + "firms:\n  sectors:\n    agricultre_food:\n      wage_yen: 1\n",
        first=at(6, "firms.sectors.agricultre_food"),
    ),
    C(
        "sector-value-out-of-range",
        TOWN + "firms:\n  sectors:\n    construction:\n      wage_yen: -5\n",
    ),
    C("unknown-sector-field", TOWN + "firms:\n  sectors:\n    construction:\n      wages: 5\n"),
    C(
        "both-municipalities-and-generate",
        TOWN + "generate:\n  population: 1000\n",
        first=at(4, "generate"),
    ),
    C("neither-municipalities-nor-generate", "# no places\nname: x\n", first=at(2, "")),
    C("empty-file", ""),
    C("only-a-comment", "# only a comment\n"),
    C("only-a-document-marker", "---\n"),
    C(
        "generated-region-needs-a-person-per-town",
        "name: g\ngenerate:\n  population: 5\n  municipalities: 20\n",
    ),
    C(
        "end-before-start",
        program("start_fy: 2020|end_fy: 2018|budget_yen: 1"),
        first=at(8, "municipalities.town.policy.programs.childcare_support.end_fy"),
    ),
    C(
        "mandate-order",
        TOWN + "it:\n  mandate:\n    enabled: true\n    start_fy: 2027\n"
        "    deadline_fy: 2025\n    late_deadline_fy: 2024\n",
        first=at(8, "it.mandate.deadline_fy"),
    ),
    C(
        "joint-switch-without-group",
        TOWN + "it:\n  schedule:\n    - fy: 2016\n      to: joint\n",
        first=at(6, "it.schedule entry 1 (fy 2016)"),
    ),
    C(
        "group-on-a-switch-to-legacy",
        TOWN + "it:\n  schedule:\n    - fy: 2016\n      to: legacy\n      group: tokachi\n",
    ),
    C(
        "schedule-to-unknown-regime",
        TOWN + "it:\n  schedule:\n    - fy: 2016\n      to: national\n",
        first=at(7, "it.schedule entry 1 (fy 2016), to", given="'national'"),
    ),
    C(
        "schedule-unknown-municipality-near-miss",
        f"extends: {TOKACHI}\nit:\n  schedule:\n"
        "    - fy: 2021\n      to: joint\n      group: tokachi\n"
        "      municipalities: [obihiro, otofuke, kamishihoro, shimzu]\n"
        "    - fy: 2022\n      to: standard\n      municipalities:\n        - obihro\n",
        first=at(7, "it.schedule entry 1 (fy 2021), municipalities item 4"),
    ),
    C(
        "schedule-unknown-municipality-listed",
        TWO_TOWNS + "it:\n  schedule:\n    - {fy: 2016, to: standard, municipalities: [zz]}\n",
    ),
    C(
        "all-unknown-targets",
        POLICY + "      targets:\n        populaton: 4765\n"
        "        birth_rate: 7.0\n        zzz: 1\n",
    ),
    C(
        "unknown-program",
        POLICY + "      programs:\n        childcare_suport:\n"
        "          start_fy: 2016\n          budget_yen: 1\n",
        first=at(
            6,
            "municipalities.town.policy.programs.childcare_suport",
            message="unknown program 'childcare_suport'",
        ),
    ),
    C("grant-rates", TOWN + "policy:\n  grant_rate_min: 0.75\n  grant_rate_max: 0.5\n"),
    C("gift-and-cost-shares", POLICY + "      donation_cost_share: 0.3\n"),
    C("program-wholly-before-the-run", program("start_fy: 1990|end_fy: 1995|budget_yen: 1")),
    C(
        "program-before-a-run-starting-in-april",
        program("start_fy: 2010|end_fy: 2014|budget_yen: 1")
        + "run:\n  start_year: 2015\n  start_month: 4\n",
    ),
    C(
        "budget-years-outside-the-programs-years",
        program(
            "start_fy: 2018|end_fy: 2020|budget_yen: 1|"
            "budget_from_fy: {2016: 150000000, 2019: 5, 2025: 10000000}"
        ),
    ),
    C(
        "budget-year-before-a-start-moved-by-set",
        {},
        load=str(KAMISHIHORO),
        overrides=("municipalities.kamishihoro.policy.programs.childcare_support.start_fy=2030",),
    ),
    C(
        "schedule-before-the-run",
        f"extends: {TOKACHI}\nit:\n  schedule:\n    - fy: 2010\n      to: standard\n",
        first=at(4, "it.schedule entry 1, fy"),
    ),
    C(
        "bad-year-key-fy",
        POLICY + "      donations_yen:\n        FY2016: 2000000000\n",
        first=at(6, "municipalities.town.policy.donations_yen.FY2016"),
    ),
    C("bad-year-key-number", POLICY + "      donations_yen:\n        1016: 2000000000\n"),
    C(
        "bad-year-key-of-budget-from-fy",
        program("start_fy: 2016|budget_yen: 1|budget_from_fy:") + "            FY2018: 5\n",
    ),
    C(
        "towns-without-places",
        TWO_TOWNS + "  newtown:\n    population: 3000\n  othertown:\n"
        "    population: 3000\n    lat: 43.0\n",
        first=at(10, "municipalities.newtown"),
    ),
    C(
        "several-problems-at-once",
        "name: several\nmunicipalities:\n  town:\n    populaton: 1000\n"
        "demography:\n  tfr: 9\nrun:\n  years: many\ntrade:\n  local_share: 2\n",
    ),
]
