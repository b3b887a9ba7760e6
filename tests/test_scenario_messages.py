"""What a planner reads for each kind of mistake in a scenario, and the records behind it.

The words are in one golden file, ``tests/golden/scenario_messages.txt``, one block per case
of ``tests/golden_cases*.py``; ``test_the_golden_file_is_current`` compares it exactly. After
a deliberate change of a message, regenerate it and read the diff:

    python tests/golden_messages.py --write

The other tests check the structured fields of the records (file, line, path, given,
expected, hint), not sentences.
"""

from __future__ import annotations

from dataclasses import asdict

import pytest

import sim
from sim.scenario import Problem, ScenarioError
from sim.scenario.problems import render
from tests.golden_messages import CASES, GOLDEN, outcome, render_all

WITH_FIELDS = [case for case in CASES if case.first is not None]


def test_the_golden_file_is_current() -> None:
    """Regenerate with ``python tests/golden_messages.py --write`` after changing a message."""
    assert render_all() == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", WITH_FIELDS, ids=[c.name for c in WITH_FIELDS])
def test_the_first_problem_has_its_fields(case) -> None:
    error, notes = outcome(case)
    records = error.records if error else [n.record for n in notes]
    assert records, f"{case.name}: no problem and no note"
    fields = asdict(records[0])
    assert {k: fields[k] for k in case.first} == case.first


def test_every_case_is_said_where_it_is_in_plain_words() -> None:
    for case in CASES:
        error, notes = outcome(case)
        records = [*(error.records if error else []), *(n.record for n in notes)]
        assert records, f"{case.name}: loads without a problem or a note"
        for record in records:
            assert record.file, (case.name, record)  # every problem says where it is
            text = render(record)
            assert "Input should" not in text and "(top)" not in text, text  # not pydantic's
        if error:
            assert error.problems == [render(r) for r in error.records]
            assert str(error) == "\n".join(error.problems)


def test_a_plain_sentence_is_a_problem_with_only_a_message() -> None:
    # how the command line and the layers above raise it
    err = ScenarioError(["--replicates 0: expected 1 to 1,000 runs", Problem("x", "f.yaml", 3)])
    assert err.records[0] == Problem(message="--replicates 0: expected 1 to 1,000 runs")
    assert err.problems == ["--replicates 0: expected 1 to 1,000 runs", "f.yaml:3: x"]
    assert str(err) == "\n".join(err.problems)
    assert sim.ScenarioError is ScenarioError


def test_several_problems_are_reported_at_once_without_a_missing_for_a_misspelt_key() -> None:
    case = next(c for c in CASES if c.name == "several-problems-at-once")
    error, _ = outcome(case)
    assert error is not None
    where = sorted((r.line, r.path) for r in error.records)
    assert where == [
        (4, "municipalities.town.populaton"),
        (6, "demography.tfr"),
        (8, "run.years"),
        (10, "trade.local_share"),
    ]


def test_problems_in_parent_and_child_name_each_file() -> None:
    case = next(c for c in CASES if c.name == "errors-in-parent-and-child")
    error, _ = outcome(case)
    assert error is not None
    assert sorted((r.file, r.line, r.path) for r in error.records) == [
        ("parent.yaml", 5, "run.years"),
        ("scenario.yaml", 3, "demography.tfr"),
    ]


def test_options_name_the_option_they_came_from() -> None:
    case = next(c for c in CASES if c.name == "options-name-the-option")
    error, _ = outcome(case)
    assert error is not None
    assert sorted((r.file, r.path, r.given) for r in error.records) == [
        ("--seed", "run.seed", "-1"),
        ("--set", "run.scale", "0"),
        ("--years", "run.years", "0"),
    ]
