"""Cases of ``tests/golden_cases.py`` (continued): slips of keys and values, command-line
overrides and notes."""

from __future__ import annotations

from tests.golden_cases import (
    IT_TOWN,
    KAMISHIHORO,
    POLICY,
    PROGRAM,
    TOWN,
    C,
    at,
    money,
    program,
)

#: Keys at the wrong level or in the wrong block, Japanese labels as keys, numbers, years,
#: shares and regimes as a Japanese keyboard, calendar or office writes them.
SLIPS = [
    C(
        "japanese-label-as-the-key",
        "municipalities:\n  town:\n    人口: 1000\n",
        first=at(
            3,
            "municipalities.town.人口",
            message="'人口' is the Japanese label of 'population'",
            hint="write population: 1000",
        ),
    ),
    C(
        "japanese-label-of-a-required-key",
        PROGRAM + "          開始年度: 2016\n          budget_yen: 1\n",
    ),
    C("japanese-label-in-another-block", POLICY + "      人口: 5\n"),
    C(
        "japanese-label-of-a-program",
        POLICY + "      programs:\n        子育て支援:\n"
        "          start_fy: 2016\n          budget_yen: 1\n",
    ),
    C(
        "japanese-label-of-a-target",
        POLICY + "      targets:\n        高齢化率: 0.3\n        births: 30\n",
    ),
    C(
        "misspelt-required-key",
        program("start_fy: 2016|budget: 1"),
        first=at(
            8,
            "municipalities.town.policy.programs.childcare_support.budget",
            hint="did you mean 'budget_yen'?",
        ),
    ),
    C(
        "town-key-inside-its-policy",
        POLICY + "      it_regime: standard\n",
        first=at(5, "municipalities.town.policy.it_regime"),
    ),
    C("policy-key-beside-the-policy", TOWN + "    disclosure: 0.6\n"),
    C("top-level-block-inside-a-town", TOWN + "    it:\n      schedule: []\n"),
    C(
        "town-policy-at-the-top-level",
        TOWN + "policy:\n  disclosure: 0.8\n  reinvestment_share: 0.3\n",
        first=at(5, "policy.disclosure"),
    ),
    C("town-figure-in-the-region-block", TOWN + "region:\n  population: 5000\n"),
    C("model-wide-typo", TOWN + "policy:\n  trust_disclosur: 0.8\n"),
    C(
        "targets-out-of-range",
        POLICY + "      targets:\n        population: 900\n"
        "        share_65_plus: 30\n        births: -1\n",
        first=at(
            7,
            "municipalities.town.policy.targets.share_65_plus",
        ),
    ),
    C("target-typed-as-text", POLICY + "      targets:\n        trust: 30%\n"),
    C(
        "none-for-an-optional-value",
        TOWN + "    it_addon_share: none\n",
        first=at(
            4,
            "municipalities.town.it_addon_share",
            given="'none'",
            hint="for no value write null (or leave the key out)",
        ),
    ),
    C("none-in-capitals", TOWN + "    it_addon_share: NONE\n"),
    C(
        "date-for-a-calendar-year",
        TOWN + "run:\n  start_year: 2015-04-01\n",
        first=at(
            5,
            "run.start_year",
            given="2015-04-01",
            reading="a date; write 2015 (the month goes in start_month)",
        ),
    ),
    C("era-for-a-calendar-year", TOWN + "run:\n  start_year: 令和2\n"),
    C("number-with-its-unit", TOWN + "run:\n  years: 10 years\n"),
    C(
        "full-width-digits",
        "municipalities:\n  town:\n    population: ４３６１３\n",
        first=at(
            3,
            "municipalities.town.population",
            given="'４３６１３'",
            reading="written in full-width characters; write 43613",
        ),
    ),
    C("some-full-width-digits", "municipalities:\n  town:\n    population: 43６13\n"),
    C("full-width-digits-and-comma", "municipalities:\n  town:\n    population: ４３，６１３\n"),
    C("full-width-decimal-share", TOWN + "    share_65_plus: ０．３\n"),
    C("share-in-percent", TOWN + "    share_65_plus: 28\n"),
    C("share-in-percent-with-sign", TOWN + "    share_65_plus: 28%\n"),
    C("share-in-percent-quoted", TOWN + "    share_65_plus: '28 %'\n"),
    C("share-above-100-gets-no-percent-hint", TOWN + "    share_65_plus: 280\n"),
    C("disclosure-in-percent", POLICY + "      disclosure: 60\n"),
    C("disclosure-in-full-width-percent", POLICY + "      disclosure: ６０％\n"),
    C(
        "list-item-in-percent",
        TOWN + "migration:\n  move_rate_by_age: [0.1, 0.1, 30, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]\n",
    ),
    C(
        "regime-in-japanese",
        TOWN + "    it_regime: 標準準拠\n",
        first=at(
            4,
            "municipalities.town.it_regime",
            given="'標準準拠'",
            hint="'標準準拠' is standard in Japanese: write standard",
        ),
    ),
    C("regime-joint-in-japanese", TOWN + "    it_regime: 共同利用\n"),
    C("regime-misspelt", TOWN + "    it_regime: standart\n"),
    C("regime-in-capitals", TOWN + "    it_regime: Standard\n"),
    C("regime-unknown", TOWN + "    it_regime: national\n"),
    *[
        C(
            f"fiscal-year-as-{name}",
            program(f"start_fy: {typed}|budget_yen: 1"),
            first=at(7, "municipalities.town.policy.programs.childcare_support.start_fy"),
        )
        for name, typed in [
            ("reiwa", "令和5"),
            ("reiwa-first-year", "令和元年"),
            ("r6", "R6"),
            ("heisei-fiscal", "平成30年度"),
            ("h1", "H1"),
            ("showa", "昭和60年度"),
            ("reiwa-full-width", "令和５"),
            ("fy2023", "FY2023"),
            ("nendo", "2023年度"),
            ("two-digits", "23"),
            ("date-in-april", "2023-04-01"),
            ("date-in-february", "2024-02-01"),
            ("year-and-month", "2023/4"),
            ("full-width", "２０２３"),
        ]
    ],
    *[
        C(
            f"amount-as-{name}",
            program(f"start_fy: 2016|budget_yen: {typed}"),
            first=at(8, "municipalities.town.policy.programs.childcare_support.budget_yen"),
        )
        for name, typed in [
            ("full-width-minus", "－30000000"),
            ("oku", "2億"),
            ("oku-man-en", "1億5000万円"),
            ("commas", "30,000,000"),
            ("man-and-unit", "3000万 yen"),
            ("yen-sign", "30000000円"),
        ]
    ],
    C(
        "year-key-as-an-era",
        program("start_fy: 2016|budget_yen: 1|budget_from_fy:") + "            令和2: 5\n",
    ),
    C(
        "year-key-in-full-width",
        program("start_fy: 2016|budget_yen: 1|budget_from_fy: {２０２４: 5}"),
    ),
]

#: Command-line overrides (--set, --years, --seed, run(years=...)).
OVERRIDES = [
    C(f"set-{name}", TOWN + body, overrides=tuple(sets), first=first)
    for name, body, sets, first in [
        (
            "without-equals",
            "",
            ["run.years"],
            at(None, "", file="--set run.years", message="expected PATH=VALUE, e.g. run.years=10"),
        ),
        ("with-an-empty-path", "", ["=3"], None),
        (
            "with-a-bad-value",
            "run:\n  years: 5\n",
            ["run.years=-3"],
            at(None, "run.years", file="--set", given="-3"),
        ),
        ("with-a-wrong-type", "", ["demography.tfr=high"], None),
        ("unknown-key", "", ["demography.tfrr=1.2"], None),
        ("into-a-value", "name: x\n", ["name.x=1"], None),
        ("into-a-number", "", ["municipalities.town.population.men=1"], None),
        ("into-a-default-that-is-not-a-mapping", "", ["name.x=1"], None),
        (
            "into-a-list",
            "demography:\n  fertility_schedule: [1, 1, 1, 1, 1, 1, 1]\n",
            ["demography.fertility_schedule.0=2"],
            None,
        ),
        ("list-of-wrong-length", "", ["migration.move_rate_by_age=[0.1, 0.2]"], None),
        ("that-creates-a-block", "", ["trade.local_share=0.9"], None),
        (
            "cannot-add-a-municipality",
            "",
            ["municipalities.village.share_0_14=0.2"],
            at(None, "municipalities.village", file="--set"),
        ),
        (
            "switches-for-numbers",
            "",
            ["municipalities.town.population=yes", "demography.tfr=on", "run.years=true"],
            None,
        ),
        ("and-file-problems-together", "demography:\n  tfr: 9\n", ["run.years=0"], None),
    ]
]
OVERRIDES += [
    C(
        "set-misspelt-municipality",
        {},
        load=str(KAMISHIHORO),
        overrides=("municipalities.kamishihor.population=5000",),
    ),
    C(
        "set-municipality-of-a-generated-region",
        "generate:\n  population: 1000\n",
        overrides=("municipalities.town.population=5",),
    ),
    C(
        "options-name-the-option",
        TOWN,
        overrides=("run.scale=0",),
        options=(("--years", "run.years", 0), ("--seed", "run.seed", -1)),
    ),
    C("run-years-argument", TOWN, options=(("run(years=...)", "run.years", 0),)),
]

#: Entries that do nothing or look like a slip: notes (``dxsim: note:``), not errors.
NOTES = [
    C(
        "note-entries-after-the-run",
        program("start_fy: 2050|budget_yen: 1000000")
        + "it:\n  schedule:\n    - {fy: 2040, to: standard}\n",
        first=at(7, "municipalities.town.policy.programs.childcare_support.start_fy"),
    ),
    C(
        "note-switches-that-change-nothing",
        "run:\n  start_year: 2020\n  years: 10\n"
        "municipalities:\n  town:\n    population: 10\n    lat: 42.9\n    lon: 143.2\n"
        "    it_regime: standard\n    policy:\n      vision_since_fy: 2040\n  other:\n"
        "    population: 10\n    lat: 43\n    lon: 143\nit:\n  schedule:\n    - fy: 2023\n"
        "      to: standard\n    - fy: 2023\n      to: joint\n      group: g\n"
        "      municipalities: [other]\n",
    ),
    C(
        "note-switch-while-moving-there",
        IT_TOWN + "    - {fy: 2021, to: standard}\n    - {fy: 2022, to: standard}\n",
    ),
    C(
        "note-switch-after-the-project-ended",
        IT_TOWN + "    - {fy: 2021, to: standard}\n    - {fy: 2023, to: standard}\n",
    ),
    C(
        "note-switch-to-the-same-joint-group",
        IT_TOWN.replace(
            "population: 2000", "population: 2000\n    it_regime: joint\n    it_group: g"
        )
        + "    - {fy: 2021, to: joint, group: g}\n    - {fy: 2022, to: joint, group: h}\n",
    ),
    C(
        "note-money-in-millions",
        money(
            "municipalities:\n  kamishihoro:\n    policy:\n"
            "      programs:\n        experiment_field:\n          budget_yen: 80\n"
        ),
        first=at(
            10,
            "municipalities.kamishihoro.policy.programs.experiment_field.budget_yen",
            message="80 yen per year is very little for this amount",
        ),
    ),
    C(
        "note-money-by-year-grants-and-fees",
        money(
            "municipalities:\n  kamishihoro:\n    policy:\n      marketing_yen: 0\n"
            "      donations_yen:\n        2015: 1500\n      programs:\n"
            "        childcare_support:\n"
            "          budget_from_fy:\n            2022: 35\npolicy:\n  grant_budget_yen: 2000\n"
            "it:\n  joint_member_yen: 25\ntaxes:\n  pension_yen: 150\n"
        ),
    ),
    C("note-money-fixed-fee", money("it:\n  legacy_fixed_yen: 73\n")),
]
