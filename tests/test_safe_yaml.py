"""Every YAML input is read with limits: an alias bomb, a self-containing alias or an oversized
file is refused with the file, the line and the limit, before anything is expanded; files with
a few anchors and aliases load as before."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from sim.experiments.experiment import load_experiment
from sim.experiments.patterns import load_patterns
from sim.scenario import ScenarioError, load_scenario, safe_yaml
from sim.scenario.loader import parse_set
from sim.scenario.safe_yaml import MAX_ALIASES, MAX_FILE_BYTES, MAX_VALUES
from tests.cli_helpers import dxsim
from tests.scenario_error_helpers import KAMISHIHORO, at, problem

SCENARIOS = Path(__file__).parents[1] / "scenarios"


def bomb(levels: int = 7) -> str:
    """A 'billion laughs' file: each level is nine aliases of the level before (9**levels)."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def no_expansion(monkeypatch):
    """Fail the test if any document is built into Python objects (the expansion)."""

    def refuse(self, node):
        raise AssertionError("the document was constructed before the limit was checked")

    monkeypatch.setattr(safe_yaml.Loader, "construct_document", refuse)


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path, no_expansion):
    path = tmp_path / "bomb.yaml"
    path.write_text(f"extends: {KAMISHIHORO}\n" + bomb(), encoding="utf-8")
    assert path.stat().st_size < 600
    start = time.monotonic()
    message = problem(path)
    assert time.monotonic() - start < 5  # generous: it takes milliseconds
    # a5 (line 7) is the first value that stands for more than the limit (9**6 values)
    assert message == (
        f"{at(path, 7)}: the aliases (*a4) in this value stand for more than "
        f"{MAX_VALUES:,} values once expanded: the limit for one file, against files that "
        "blow up in memory; write the values out, or use fewer nested aliases"
    )


def test_the_bomb_is_refused_in_experiments_patterns_and_set(tmp_path, no_expansion):
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb(), encoding="utf-8")
    for reader in (load_experiment, load_patterns):
        with pytest.raises(ScenarioError) as info:
            reader(path)
        assert info.value.problems[0].endswith(
            ":6: the aliases (*a4) in this value stand for more than "
            f"{MAX_VALUES:,} values once expanded: the limit for one file, against files that "
            "blow up in memory; write the values out, or use fewer nested aliases"
        ), info.value.problems
    with pytest.raises(ScenarioError, match=r"^--set x: the aliases \(\*a4\)"):
        parse_set(["x=" + bomb().replace("\n", ", ").join("{}")])


def test_dxsim_validate_and_the_dashboard_refuse_the_bomb(tmp_path, capsys, no_expansion):
    from sim.dashboard.future import check_files

    path = tmp_path / "bomb.yaml"
    path.write_text(bomb(), encoding="utf-8")
    code, out, err = dxsim(capsys, "validate", path)
    assert code == 2
    assert f"bomb.yaml:6: the aliases (*a4) in this value stand for more than {MAX_VALUES:,}" in (
        out + err
    )
    with pytest.raises(ScenarioError, match=r"bomb\.yaml:6: the aliases \(\*a4\)"):
        check_files([str(path)])


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    path = tmp_path / "self.yaml"
    path.write_text("name: x\nlist: &x\n  - 1\n  - *x\n", encoding="utf-8")
    assert problem(path) == (
        f"{at(path, 4)}: the alias *x is inside the value it names (&x); "
        "a value cannot contain itself"
    )


def test_too_many_aliases_are_refused(tmp_path):
    path = tmp_path / "many.yaml"
    uses = "\n".join("  - *one" for _ in range(MAX_ALIASES + 1))
    path.write_text(f"one: &one 1\nlist:\n{uses}\n", encoding="utf-8")
    assert problem(path) == (
        f"{at(path, MAX_ALIASES + 3)}: more than {MAX_ALIASES:,} aliases (*name): the limit "
        "for one file, against files that blow up in memory; write the values out instead"
    )


def test_an_oversized_file_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    def unparsed(*args, **kwargs):
        raise AssertionError("an oversized file was parsed")

    monkeypatch.setattr(safe_yaml, "compose", unparsed)
    path = tmp_path / "huge.yaml"
    path.write_text("# padding\n" * (MAX_FILE_BYTES // 10 + 1), encoding="utf-8")
    assert path.stat().st_size > MAX_FILE_BYTES
    assert problem(path) == (
        f"{path.resolve()}: the file is 4.0 MB, more than the limit of 4 MB for a dxsim input "
        "file (the largest shipped scenario, all of Japan, is 0.3 MB); is it the right file?"
    )


def test_a_file_with_a_few_anchors_and_aliases_loads(tmp_path):
    path = tmp_path / "anchors.yaml"
    path.write_text(
        f"extends: {KAMISHIHORO}\n"
        "name: anchored\n"
        "municipalities:\n"
        "  kamishihoro:\n"
        "    policy:\n"
        "      programs:\n"
        "        experiment_field: &program\n"
        "          start_fy: 2017\n"
        "          budget_yen: 25000000\n"
        "        on_demand_transport:\n"
        "          <<: *program\n"
        "          start_fy: 2018\n"
        "        town_company: *program\n",
        encoding="utf-8",
    )
    programs = load_scenario(path).municipalities["kamishihoro"].policy.programs
    budgets = {k.value: (v.start_fy, v.budget_yen) for k, v in programs.items()}
    assert budgets["experiment_field"] == (2017, 25_000_000)
    assert budgets["on_demand_transport"] == (2018, 25_000_000)
    assert budgets["town_company"] == (2017, 25_000_000)


def test_the_largest_shipped_scenario_is_well_within_the_limits():
    """The limits' comment says so: japan.yaml is far below each of them."""
    path = SCENARIOS / "japan.yaml"
    raw = path.read_bytes()
    assert len(raw) * 10 < MAX_FILE_BYTES
    node = yaml.compose(raw.decode("utf-8"), Loader=yaml.SafeLoader)
    count, stack = 0, [node]
    while stack:
        n = stack.pop()
        count += 1
        if isinstance(n, yaml.MappingNode):
            stack += [x for pair in n.value for x in pair]
        elif isinstance(n, yaml.SequenceNode):
            stack += n.value
    assert count * 10 < MAX_VALUES


def test_a_key_beside_a_merge_overrides_it_but_a_key_written_twice_is_an_error(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(
        "name: x\nbase: &m\n  years: 2\nrun:\n  <<: *m\n  years: 3\n  years: 4\n",
        encoding="utf-8",
    )
    assert problem(path) == f"{at(path, 7)}: run.years: key given twice"
