"""Outcomes: a KPI over a window of each run, on a batch made by hand with known values."""

from __future__ import annotations

import pandas as pd
import pytest
from analysis_helpers import fake_batch

from sim.cli.main import main
from sim.experiments.experiment import Experiment
from sim.experiments.outcomes import Outcome, open_batch, outcome_table, parse_outcome
from sim.scenario.loader import ScenarioError


@pytest.fixture
def batch(tmp_path):
    runs = pd.DataFrame(
        {
            "scenario": ["a", "a", "b"],
            "replicate": [0, 1, 0],
            "seed": [1, 2, 1],
            "level": [100, 200, 100],
            "slope": [2, 0, -1],
        }
    )
    return open_batch(fake_batch(tmp_path / "b", {"name": "t"}, runs))


@pytest.mark.parametrize(
    "spec,expected",
    [
        ("population", [148, 200, 76]),  # at the end, step 24
        ("population:at:2016-03", [112, 200, 94]),  # step 6
        ("population:at:start", [100, 200, 100]),
        ("population:change", [48, 0, -24]),
        ("population:relchange", [0.48, 0.0, -0.24]),
        ("population:change:2016-03..2017-03", [24, 0, -12]),
        ("births:sum:FY2016", [12, 12, 12]),  # April 2016 to March 2017
        ("births:sum:FY2015", [6, 6, 6]),  # October 2015 (step 1) to March 2016
        ("births:sum", [24, 24, 24]),  # every step after the start
        ("population:mean:FY2016", [125, 200, 87.5]),  # steps 7-18, mean step 12.5
        ("population:mean:FY2016-FY2016", [125, 200, 87.5]),
    ],
)
def test_windows_give_the_known_values(batch, spec, expected):
    name, outcome = parse_outcome(spec)
    table = outcome_table(batch, {name: outcome})
    assert table[name].tolist() == pytest.approx(expected)
    assert list(table.columns[:3]) == ["scenario", "replicate", "seed"]


def test_names_towns_and_labels():
    name, o = parse_outcome("loss=population@kamishihoro:relchange:start..2020-03")
    assert name == "loss" and o.municipality == "kamishihoro" and o.how == "relchange"
    assert o.label() == "relative change of population (kamishihoro) start to 2020-03"
    assert parse_outcome("births:sum:FY2016")[0] == "births_sum"


@pytest.mark.parametrize(
    "spec,message",
    [
        ("population:sometimes", "'sometimes' is not one of at, sum"),
        ("births:sum:2016", "expected FY2020 or FY2016-FY2025"),
        ("population:change:2016-03", "expected FROM..TO"),
        ("population:at:March", "expected YYYY-MM, start or end"),
    ],
)
def test_mistakes_in_a_spec_say_what_is_expected(spec, message):
    with pytest.raises(ScenarioError, match=message):
        parse_outcome(spec)


def test_windows_outside_the_batch_and_unknown_kpis_are_refused(batch):
    with pytest.raises(ScenarioError, match="covers FY2015-FY2017"):
        outcome_table(batch, dict([parse_outcome("births:sum:FY2030")]))
    with pytest.raises(ScenarioError, match="date 2030-01: not in the batch"):
        outcome_table(batch, dict([parse_outcome("population:at:2030-01")]))
    with pytest.raises(ScenarioError, match="populaton: not a column .*did you mean population"):
        outcome_table(batch, dict([parse_outcome("populaton")]))


def test_experiments_name_their_outcomes_and_bad_ones_are_refused():
    exp = Experiment.model_validate(
        {"scenarios": ["x.yaml"], "outcomes": {"loss": {"kpi": "population", "how": "relchange"}}}
    )
    assert exp.outcomes["loss"] == Outcome(kpi="population", how="relchange")
    assert "outcomes" not in exp.design_dump()  # outcomes read the runs, they do not make them
    with pytest.raises(ValueError, match="expected FY2020"):
        Experiment.model_validate(
            {
                "scenarios": ["x.yaml"],
                "outcomes": {"b": {"kpi": "births", "how": "sum", "when": "x"}},
            }
        )


def test_the_batch_folder_is_checked(tmp_path, capsys):
    assert main(["compare", str(tmp_path), "--baseline", "a"]) == 2
    assert "no manifest.json" in capsys.readouterr().err
