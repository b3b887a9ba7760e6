"""YAML slips are reported at the line of the mistake, in plain words with what to write.

The parser often stops a line after the mistake (a key without its colon, a line indented one
space off) or at the end of the file (an unclosed quote or bracket); each case here checks the
exact message and that it names the line the planner must change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario_error_helpers import at, problem, write

#: Lines 1-5 of a scenario whose policy block starts on line 6 (keys indented 6 spaces).
BODY = "name: plan\nmunicipalities:\n  town:\n    population: 1000\n    policy:\n"

CASES = [
    (
        "missing-colon-first-key",
        BODY + "      disclosure 0.6\n      governance: 0.5\n",
        6,
        "'disclosure 0.6' has no colon after the key; write disclosure: 0.6",
    ),
    (
        "missing-colon-later-key",  # the parser's own complaint differs here
        BODY + "      governance: 0.5\n      disclosure 0.6\n      leadership: 0.5\n",
        7,
        "'disclosure 0.6' has no colon after the key; write disclosure: 0.6",
    ),
    (
        "missing-colon-last-key",
        BODY + "      governance: 0.5\n      disclosure 0.6\nrun:\n  years: 3\n",
        7,
        "'disclosure 0.6' has no colon after the key; write disclosure: 0.6",
    ),
    (
        "no-space-after-colon",
        BODY + "      governance: 0.5\n      disclosure:0.6\n      leadership: 0.5\n",
        7,
        "'disclosure:0.6' needs a space after the colon; write disclosure: 0.6",
    ),
    (
        "key-alone-without-colon",
        BODY + "      governance: 0.5\n      disclosure\n      leadership: 0.5\n",
        7,
        "'disclosure' has no colon; a key is written with a colon and its value: disclosure: ...",
    ),
    (
        "indented-one-space-too-few",  # the parser stops at the next line (7), the slip is 6
        BODY + "     disclosure: 0.6\n      governance: 0.6\n      leadership: 0.5\n",
        6,
        "line 6 is indented 5 spaces and line 7 below it 6, so YAML reads line 7 as more of "
        "line 6's value; keys of one block start in the same column (count the spaces)",
    ),
    (
        "indented-one-space-too-many",
        BODY + "      disclosure: 0.6\n       governance: 0.6\n      leadership: 0.5\n",
        7,
        "line 6 is indented 6 spaces and line 7 below it 7, so YAML reads line 7 as more of "
        "line 6's value; keys of one block start in the same column (count the spaces)",
    ),
    (
        "indented-less-than-the-keys-above",
        BODY + "      disclosure: 0.6\n     governance: 0.6\n",
        7,
        "line 7 is indented 5 spaces but the keys of line 6 above it start after 6: keys of "
        "one block start in the same column (count the spaces)",
    ),
    (
        "text-with-colon-space",
        "name: plan\ndescription: Plan A: childcare first\n",
        2,
        "the text after 'description:' contains ': ' (after 'Plan A'), which YAML reads as "
        'another key; put the whole text in quotes: description: "Plan A: childcare first"',
    ),
    (
        "long-japanese-text-with-colon-space",
        "name: plan\ndescription: 音更町: Otofuke from the 2020 census with childcare support "
        "and digital classes\n",
        2,
        "the text after 'description:' contains ': ' (after '音更町'), which YAML reads as "
        'another key; put the whole text in quotes: description: "音更町: Otofuke from the '
        '2020 census ... classes"',
    ),
    (
        "unclosed-double-quote-mid-file",  # the parser stops at the end of the file
        'name: plan\nmunicipalities:\n  town:\n    code: "01631\n    population: 1000\n'
        "run:\n  years: 3\n",
        4,
        'a quote (") opened on this line is never closed; end the text with it: code: "01631"',
    ),
    (
        "unclosed-single-quote",
        "name: plan\nmunicipalities:\n  town:\n    code: '01631\n    population: 1000\n",
        4,
        "a quote (') opened on this line is never closed; end the text with it: code: '01631'",
    ),
    (
        "quote-closed-lines-later-by-the-next-quote",
        'municipalities:\n  town:\n    code: "01631\n    population: 1000\n    name_ja: "町"\n'
        "    lat: 43\n",
        3,
        'the quote (") opened on this line closes only on line 5; end the text with " on this line',
    ),
    (
        "unclosed-bracket-mid-file",
        "municipalities:\n  town:\n    population: 1000\nit:\n  schedule:\n    - fy: 2023\n"
        "      to: standard\n      municipalities: [town\n  mandate:\n    enabled: false\n",
        8,
        "a '[' opened on this line is never closed; end it with ']': municipalities: [town]",
    ),
    (
        "unclosed-brace",
        "municipalities:\n  town: {population: 1000\nrun:\n  years: 3\n",
        2,
        "a '{' opened on this line is never closed; end it with '}': town: {population: 1000}",
    ),
    (
        "list-item-where-keys-belong",  # the parser stops at the next key (line 10)
        BODY + "      programs:\n        - childcare_support:\n            start_fy: 2016\n"
        "            budget_yen: 1\n        elderly_digital:\n          start_fy: 2016\n",
        7,
        "line 7 starts a list item ('- childcare_support:') but line 10 below it, at the same "
        "indentation, is a key ('elderly_digital:'): a block holds either keys or '- ' items, "
        "not both; leave out the '- ' (or start every entry with '- ')",
    ),
    (
        "tab-after-colon",
        BODY + "      disclosure:\t0.6\n",
        6,
        "a tab after 'disclosure:'; use a space (YAML takes no tabs)",
    ),
    (
        "value-starting-with-a-reserved-character",
        "name: plan\ndescription: @home plan\n",
        2,
        "a text that starts with '@' must be in quotes: description: \"@home plan\"",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_yaml_slip_is_named_at_its_line(tmp_path: Path, text: str, line: int, message: str):
    path = write(tmp_path, text)
    assert problem(path) == f"{at(path, line)}: not valid YAML: {message}"


def test_a_full_width_space_after_the_colon(tmp_path: Path):
    path = write(tmp_path, BODY + "      disclosure:\u30000.6\n      governance: 0.6\n")
    assert problem(path) == (
        f"{at(path, 6)}: line 6 has a full-width space (U+3000) after 'disclosure:'; use an "
        "ordinary space"
    )


def test_a_full_width_space_inside_a_text_is_kept(tmp_path: Path):
    from sim.scenario import load_scenario

    path = write(tmp_path, "description: 音更町\u3000子育て\n" + BODY + "      disclosure: 0.6\n")
    assert load_scenario(path).description == "音更町\u3000子育て"


def test_a_key_given_twice_in_a_list_entry_counts_the_entry_from_1(tmp_path: Path):
    path = write(
        tmp_path,
        "it:\n  schedule:\n    - {fy: 2020, to: standard}\n    - fy: 2021\n      to: joint\n"
        "      to: standard\nmunicipalities:\n  town:\n    population: 10\n",
    )
    assert problem(path) == f"{at(path, 6)}: it.schedule entry 2 (fy 2021), to: key given twice"


MORE = [
    (
        "brace-never-closed-inside-a-list",
        "municipalities:\n  town: {population: 10}\nrun: [x, {y: 1]\n",
        3,
        "a '{' opened on this line is never closed; end it with '}'",
    ),
    (
        "closing-bracket-too-many",
        "name: x\nrun: {years: 3}}\n",
        2,
        "a '}' without its '{' on this line: remove it",
    ),
    (
        "quoted-key-without-colon",
        "name: x\nrun:\n  'years' 3\n  seed: 1\n",
        3,
        "`'years' 3` has no ': ' after its key; write key: value",
    ),
    (
        "double-quoted-key-without-colon",
        'name: x\nrun:\n  seed: 1\n  "years" 3\n  scale: 1\n',
        4,
        "'\"years\" 3' has no ': ' after its key; write key: value",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [c[1:] for c in MORE], ids=[c[0] for c in MORE]
)
def test_more_yaml_slips(tmp_path: Path, text: str, line: int, message: str):
    path = write(tmp_path, text)
    assert problem(path) == f"{at(path, line)}: not valid YAML: {message}"
