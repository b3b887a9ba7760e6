"""Cases of ``tests/golden_cases.py`` (continued): the file itself, YAML syntax, characters,
encodings, duplicate keys, files and ``extends``."""

from __future__ import annotations

from tests.golden_cases import BODY, TOWN, TWO, C, at

#: The file itself: YAML syntax, characters, encodings, duplicate keys, files and extends.
FILES = [
    *[
        C(f"yaml-{name}", text)
        for name, text in [
            ("missing-colon-first-key", BODY + "      disclosure 0.6\n      governance: 0.5\n"),
            (
                "missing-colon-later-key",
                BODY + "      governance: 0.5\n      disclosure 0.6\n      leadership: 0.5\n",
            ),
            (
                "missing-colon-last-key",
                BODY + "      governance: 0.5\n      disclosure 0.6\nrun:\n  years: 3\n",
            ),
            ("no-space-after-colon", BODY + "      disclosure:0.6\n      governance: 0.5\n"),
            (
                "key-alone-without-colon",
                BODY + "      governance: 0.5\n      disclosure\n      leadership: 0.5\n",
            ),
            (
                "indented-one-space-too-few",
                BODY + "     disclosure: 0.6\n      governance: 0.6\n      leadership: 0.5\n",
            ),
            (
                "indented-one-space-too-many",
                BODY + "      disclosure: 0.6\n       governance: 0.6\n      leadership: 0.5\n",
            ),
            (
                "indented-less-than-the-keys-above",
                BODY + "      disclosure: 0.6\n     governance: 0.6\n",
            ),
            ("bad-indentation-after-a-block", TOWN + "run:\n  years: 5\n   seed: 1\n"),
            ("text-with-colon-space", "name: plan\ndescription: Plan A: childcare first\n"),
            ("value-with-colon-space", "name: x\nrun:\n  years: 5: 6\n" + TOWN),
            (
                "long-japanese-text-with-colon-space",
                "name: plan\ndescription: 音更町: Otofuke "
                "from the 2020 census with childcare support and digital classes\n",
            ),
            (
                "unclosed-double-quote-mid-file",
                "name: plan\nmunicipalities:\n  town:\n"
                '    code: "01631\n    population: 1000\nrun:\n  years: 3\n',
            ),
            (
                "unclosed-single-quote",
                "name: plan\nmunicipalities:\n  town:\n    code: '01631\n    population: 1000\n",
            ),
            (
                "unclosed-quote-on-the-first-line",
                'name: "plan\nmunicipalities:\n  town:\n    population: 1000\n',
            ),
            (
                "quote-closed-lines-later",
                'municipalities:\n  town:\n    code: "01631\n'
                '    population: 1000\n    name_ja: "町"\n    lat: 43\n',
            ),
            (
                "unclosed-bracket-mid-file",
                "municipalities:\n  town:\n    population: 1000\nit:\n"
                "  schedule:\n    - fy: 2023\n      to: standard\n      municipalities: [town\n"
                "  mandate:\n    enabled: false\n",
            ),
            ("unclosed-bracket-at-the-end", TOWN + "demography:\n  fertility_schedule: [1, 2\n"),
            ("unclosed-brace", "municipalities:\n  town: {population: 1000\nrun:\n  years: 3\n"),
            (
                "brace-never-closed-inside-a-list",
                "municipalities:\n  town: {population: 10}\nrun: [x, {y: 1]\n",
            ),
            ("closing-bracket-too-many", "name: x\nrun: {years: 3}}\n"),
            (
                "list-item-where-keys-belong",
                BODY + "      programs:\n        - childcare_support:\n"
                "            start_fy: 2016\n            budget_yen: 1\n        elderly_digital:\n"
                "          start_fy: 2016\n",
            ),
            ("list-item-after-keys", BODY + "      disclosure: 0.5\n     - childcare_support: 1\n"),
            ("tab-indentation", TOWN + "demography:\n\ttfr: 1.2\n"),
            ("tab-after-colon", BODY + "      disclosure:\t0.6\n"),
            ("value-starting-with-a-reserved-character", "name: plan\ndescription: @home plan\n"),
            ("quoted-key-without-colon", "name: x\nrun:\n  'years' 3\n  seed: 1\n"),
            (
                "double-quoted-key-without-colon",
                'name: x\nrun:\n  seed: 1\n  "years" 3\n  scale: 1\n',
            ),
        ]
    ],
    C(
        "full-width-space-and-colon",
        TOWN + "demography:\n\u3000tfr: 1.2\nrun:\n  years\uff1a 5\n",
        first=at(
            5,
            "",
            message="line 5 has a full-width space (U+3000) in its indentation; use "
            "ordinary spaces",
        ),
    ),
    C(
        "full-width-colon-after-a-text-block",
        "description: |\n  Target： 4765\nname\uff1a x\n" + TOWN,
    ),
    C(
        "full-width-space-after-the-colon",
        BODY + "      disclosure:\u30000.6\n      governance: 0.6\n",
    ),
    C("duplicate-key", "name: a\nname: b\n" + TOWN, first=at(2, "name", message="key given twice")),
    C("duplicate-nested-key", TOWN + "    population: 2000\n"),
    C(
        "key-given-twice-in-a-list-entry",
        "it:\n  schedule:\n    - {fy: 2020, to: standard}\n"
        "    - fy: 2021\n      to: joint\n      to: standard\nmunicipalities:\n  town:\n"
        "    population: 10\n",
    ),
    C("top-level-list", "- name: x\n- population: 1000\n", first=at(1, "")),
    C("top-level-scalar", "just some words\n"),
    C(
        "file-not-found",
        {},
        load="nosuch.yaml",
        first=at(None, "", file="nosuch.yaml", message="file not found"),
    ),
    C("folder-instead-of-a-file", {"base": None}, load="base"),
    C(
        "file-not-utf8",
        {"scenario.yaml": "name: x\ndescription: caf\xe9\n".encode("latin-1")},
        first=at(2, ""),
    ),
    C("shift-jis-file", {"scenario.yaml": "name: x\n# c\nname_ja: 上士幌町\n".encode("shift_jis")}),
    C("extends-missing-file", "# child\nextends: nosuch.yaml\nname: c\n", first=at(2, "extends")),
    C(
        "extends-missing-file-in-a-folder",
        {"sub": None, "sub/orphan.yaml": "extends: nosuch.yaml\n"},
        load="sub/orphan.yaml",
        first=at(1, "extends", file="sub/orphan.yaml"),
    ),
    C(
        "extends-a-folder",
        {"base": None, "scenario.yaml": "# child\nname: c\nextends: base\n" + TOWN},
    ),
    C("extends-dot", "extends: .\n"),
    C("extends-empty", "extends: ''\n" + TOWN),
    C("extends-blank", "extends: ' '\n" + TOWN),
    C("extends-a-list", "name: c\nextends: [base.yaml]\n" + TOWN),
    C("extends-a-number", "name: c\nextends: 3\n" + TOWN),
    C("extends-a-block", "name: c\nextends: {file: base.yaml}\n" + TOWN),
    C(
        "extends-cycle",
        {
            "scenario.yaml": "name: a\nextends: b.yaml\n" + TOWN,
            "b.yaml": "name: b\n\nextends: scenario.yaml\n",
        },
        first=at(3, "extends", file="b.yaml"),
    ),
    C("extends-itself", "name: a\nextends: scenario.yaml\n" + TOWN),
    C(
        "extends-cycle-through-a-folder",
        {"sub": None, "a.yaml": "extends: b.yaml\n", "b.yaml": "extends: sub/../a.yaml\n"},
        load="./a.yaml",
    ),
    C(
        "error-in-the-parent",
        {
            "parent.yaml": TOWN + "demography:\n  max_age: 100\n  tfr: 9\n",
            "scenario.yaml": "# child\nextends: parent.yaml\nname: child\n",
        },
        first=at(6, "demography.tfr", file="parent.yaml"),
    ),
    C(
        "error-in-the-grandparent",
        {
            "grand.yaml": TOWN + "run:\n  years: 0\n",
            "parent.yaml": "extends: grand.yaml\n",
            "sub": None,
            "sub/child.yaml": "extends: ../parent.yaml\nname: child\n",
        },
        load="sub/child.yaml",
        first=at(5, "run.years", file="grand.yaml"),
    ),
    C(
        "value-overridden-by-the-child",
        {
            "parent.yaml": TOWN + "demography:\n  tfr: 1.5\n",
            "scenario.yaml": "extends: parent.yaml\nname: child\ndemography:\n  tfr: 7\n",
        },
    ),
    C(
        "child-replaces-a-block-with-a-scalar",
        {
            "parent.yaml": TOWN + "demography:\n  tfr: 1.5\n",
            "scenario.yaml": "extends: parent.yaml\ndemography: 2\n",
        },
    ),
    C(
        "errors-in-parent-and-child",
        {
            "parent.yaml": TOWN + "run:\n  years: 0\n",
            "scenario.yaml": "extends: parent.yaml\ndemography:\n  tfr: 9\n",
        },
    ),
    C(
        "null-leaves-out-a-town-the-parent-lacks",
        {
            "parent.yaml": TWO,
            "scenario.yaml": "extends: parent.yaml\nname: c\nmunicipalities:\n  vilage: null\n",
        },
        first=at(4, "municipalities.vilage"),
    ),
    C(
        "null-for-a-town-without-extends",
        "municipalities:\n  town: null\n  village:\n    population: 3\n",
        first=at(2, "municipalities.town", given="nothing"),
    ),
    C(
        "null-for-a-block-in-a-child",
        {"parent.yaml": TWO, "scenario.yaml": "extends: parent.yaml\ndemography: null\n"},
    ),
    C(
        "switch-naming-a-left-out-town",
        {
            "parent.yaml": TWO,
            "scenario.yaml": "extends: parent.yaml\nmunicipalities:\n  town: null\n",
        },
        first=at(18, "it.schedule entry 1 (fy 2016), municipalities item 1", file="parent.yaml"),
    ),
]
