"""Sampling designs (SALib) in experiments, and the indices of a KPI from a finished batch."""

from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.experiments.batch import Experiment, run_batch
from sim.experiments.sensitivity import Design, analyze
from sim.scenario.loader import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
KAMISHIHORO = str(ROOT / "scenarios" / "kamishihoro.yaml")
PARAMETERS = {
    "disclosure": {"path": "municipalities.kamishihoro.policy.disclosure", "bounds": [0.1, 0.9]},
    "childcare": {"path": "policy.fertility_cost_elasticity", "bounds": [0.0, 0.4]},
}


def experiment(method: str, samples: int) -> Experiment:
    return Experiment.model_validate(
        {
            "name": f"sens_{method}",
            "scenarios": [KAMISHIHORO],
            "replicates": 1,
            "set": ["run.years=1", "run.scale=40"],
            "design": {"method": method, "samples": samples, "parameters": PARAMETERS},
        }
    )


@pytest.mark.parametrize(
    "method,n,size", [("sobol", 64, 64 * 4), ("morris", 4, 4 * 3), ("latin", 8, 8)]
)
def test_design_points_are_reproducible_and_within_bounds(method, n, size):
    design = experiment(method, n).design
    points = design.points()
    assert len(points) == size and [p["sample"] for p in points] == list(range(size))
    assert points == design.points()  # the sampler's seed fixes them
    for name, spec in PARAMETERS.items():
        values = [p[name] for p in points]
        assert min(values) >= spec["bounds"][0] and max(values) <= spec["bounds"][1]
        assert len(set(values)) > 1


def test_integer_parameters_are_rounded():
    design = Design.model_validate(
        {
            "method": "latin",
            "samples": 6,
            "parameters": {"years": {"path": "run.years", "bounds": [1, 4], "integer": True}},
        }
    )
    assert all(isinstance(p["years"], int) and 1 <= p["years"] <= 4 for p in design.points())


@pytest.fixture(scope="module")
def sobol_batch(tmp_path_factory) -> Path:
    exp = experiment("sobol", 64)  # Sobol' estimates need N of 64 or more
    return run_batch(exp, [Path(KAMISHIHORO)], tmp_path_factory.mktemp("sobol"), workers=2)


def test_a_sampled_batch_tags_each_run_with_its_point(sobol_batch):
    region = pd.read_parquet(sobol_batch / "region.parquet")
    assert list(region.columns[:5]) == [
        "scenario",
        "sample",
        "disclosure",
        "childcare",
        "replicate",
    ]
    assert region["sample"].nunique() == 64 * 4
    end = region[region.step == region.step.max()]
    assert end.disclosure.between(0.1, 0.9).all()


def test_sobol_indices_find_the_parameter_that_moves_the_kpi(sobol_batch):
    """Trust follows disclosure, not the fertility response to childcare: ST(disclosure)
    large, ST(childcare) near zero."""
    table = analyze(sobol_batch, "trust").set_index("parameter")
    assert table.loc["disclosure", "ST"] > 0.8 and table.loc["disclosure", "S1"] > 0.8
    assert table.loc["childcare", "ST"] < 0.05
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(table.columns)


def test_cli_prints_and_writes_the_indices(sobol_batch, capsys):
    assert main(["sensitivity", str(sobol_batch), "--kpi", "trust"]) == 0
    out = capsys.readouterr().out
    assert "disclosure" in out and (sobol_batch / "sensitivity_trust.csv").exists()
    lines = out.splitlines()
    # what was analysed, then the table, then what its columns mean
    assert lines[0] == (
        "trust (0-1) at step 12 (2016-09): region, population-weighted mean of its "
        "municipalities, mean of 1 replicate per point; 256 sample points; sobol (N=64, 2 "
        "parameters)"
    )
    assert lines[1].split() == ["scenario", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert "S1_conf, ST_conf: 95% confidence half-widths" in out
    assert "A small negative S1 is sampling noise" in out
    assert list(pd.read_csv(sobol_batch / "sensitivity_trust.csv").columns[:2]) == [
        "scenario",
        "parameter",
    ]
    assert main(["sensitivity", str(sobol_batch), "--kpi", "donations_yen"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith(
        "donations_yen (yen per month) at step 12 (2016-09): region total (sum "
    )
    assert main(["sensitivity", str(sobol_batch), "--kpi", "trustiness"]) == 2
    assert "--kpi trustiness: not a column" in capsys.readouterr().err


@pytest.mark.parametrize("method,column", [("morris", "mu_star"), ("latin", "spearman")])
def test_morris_and_latin_designs_run_and_rank_disclosure_first(method, column, tmp_path):
    exp = experiment(method, 4 if method == "morris" else 10)
    out = run_batch(exp, [Path(KAMISHIHORO)], tmp_path / method, workers=1)
    table = analyze(out, "trust").set_index("parameter")
    assert abs(table.loc["disclosure", column]) > abs(table.loc["childcare", column])
    assert f"; {method} (N=" in table.attrs["header"]
    if method == "morris":  # elementary effects are in the KPI's unit over the whole range
        assert "the KPI's change in 0-1 over the parameter's whole range" in table.attrs["footer"]
        assert "(N=4, 4 levels, 2 parameters)" in table.attrs["header"]
        assert table.attrs["footer"].count("in 0-1") == 2  # mu, mu_star and sigma
    else:
        assert table.attrs["footer"].startswith("spearman: rank correlation")


def test_factors_and_design_together_are_refused():
    data = experiment("latin", 4).model_dump()
    data["factors"] = {"x": {"path": "run.seed", "values": [1, 2]}}
    with pytest.raises(ValueError, match="factors .* or design .*, not both"):
        Experiment.model_validate(data)


@pytest.mark.parametrize("samples", [16, 100])
def test_sobol_designs_need_a_power_of_two_of_at_least_64(samples):
    with pytest.raises(ValueError, match=f"samples {samples}: Sobol' designs need a power of 2"):
        experiment("sobol", samples)


def test_a_kpi_must_be_a_varying_number(sobol_batch):
    with pytest.raises(
        ScenarioError, match="--kpi populaton: not a column .*did you mean population"
    ):
        analyze(sobol_batch, "populaton")
    with pytest.raises(ScenarioError, match="--kpi date: a column that identifies the runs"):
        analyze(sobol_batch, "date")
    with pytest.raises(ScenarioError, match="--kpi disclosure: a column that identifies the runs"):
        analyze(sobol_batch, "disclosure")
    with pytest.raises(ScenarioError, match="--kpi births: the same value .* at step 0"):
        analyze(sobol_batch, "births", step=0)


def test_analysis_needs_a_sampled_batch(tmp_path):
    with pytest.raises(ScenarioError, match="no manifest.json"):
        analyze(tmp_path, "trust")


def test_design_mistakes_name_the_experiment_file_and_parameter(tmp_path):
    from sim.experiments.batch import load_experiment

    bad = tmp_path / "d.yaml"
    bad.write_text(
        f"name: d\nscenarios: [{KAMISHIHORO}]\n"
        "design:\n  method: latin\n  samples: 8\n  parameters:\n"
        "    disclosure:\n"
        "      {path: municipalities.kamishihoro.policy.disclosure, bounds: [0.1, 1.9]}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as err:
        load_experiment(bad)
    message = str(err.value)
    assert message.startswith(f"{bad}:8: design.parameters.disclosure at 1.9: ")
    assert "expected a value from 0 to 1" in message and "--set" not in message
    both = tmp_path / "both.yaml"
    both.write_text(
        f"scenarios: [{KAMISHIHORO}]\nfactors: {{x: {{path: run.seed, values: [1]}}}}\n"
        "design: {method: latin, samples: 4, parameters: {d: {path: run.seed, bounds: [1, 2]}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match=r"both.yaml:1: give factors .* not both$"):
        load_experiment(both)
