"""From an experiment with levers and uncertainties to a report, on a tiny real batch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sim.cli.main import main
from sim.experiments.batch import load_experiment, run_batch
from sim.scenario.loader import ScenarioError

ROOT = Path(__file__).resolve().parents[1]
KAMISHIHORO = ROOT / "scenarios" / "kamishihoro.yaml"
EXPERIMENT = f"""name: tiny_xlrm
scenarios: [{KAMISHIHORO}]
replicates: 2
set: [run.years=1, run.scale=50]
levers:
  disclosure: {{path: municipalities.kamishihoro.policy.disclosure, values: [0.1, 0.9]}}
uncertainties:
  samples: 3
  parameters:
    trust_effect: {{path: policy.donation_trust_effect, bounds: [0.5, 2.5]}}
outcomes:
  donations: {{kpi: donations_yen, how: sum}}
  trust: {{kpi: trust, how: at, when: end}}
"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("xlrm")
    file = folder / "tiny.yaml"
    file.write_text(EXPERIMENT, encoding="utf-8")
    experiment, files = load_experiment(file)
    return run_batch(experiment, files, folder / "out")


def test_levers_and_futures_are_columns_of_the_tables(batch):
    region = pd.read_parquet(batch / "region.parquet")
    assert list(region.columns[:6]) == [
        "scenario",
        "disclosure",
        "future",
        "trust_effect",
        "replicate",
        "seed",
    ]
    runs = region[["disclosure", "future", "trust_effect", "replicate"]].drop_duplicates()
    assert len(runs) == 2 * 3 * 2
    per_future = runs.groupby("future").trust_effect.nunique()
    assert (per_future == 1).all()  # each future is the same for both lever values


def test_robustness_compare_and_report(batch, tmp_path, capsys):
    assert main(["robustness", str(batch), "--outcome", "donations", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "robustness of 2 lever sets over 3 futures (donations, higher is better" in out
    table = pd.read_csv(tmp_path / "robustness_donations.csv")
    assert table.disclosure.tolist() == [0.9, 0.1]  # disclosure brings donations: no regret
    assert table.max_regret.iloc[0] == 0 and table.max_regret.iloc[1] > 0
    assert (
        main(["compare", str(batch), "--baseline", "disclosure=0.1", "--out", str(tmp_path)]) == 0
    )
    summary = pd.read_csv(tmp_path / "compare_disclosure_0.1.csv").set_index("outcome")
    assert summary.loc["trust", "pairs"] == 6 and summary.loc["trust", "difference"] > 0
    report = tmp_path / "r.html"
    region = pd.read_parquet(batch / "region.parquet")
    middle = region[region.step == region.step.max()].trust.median()  # half the runs above
    args = ["--outcome", "trust", "--outcome", "donations", "--threshold", str(middle)]
    assert main(["report", "batch", str(batch), "--out", str(report), *args]) == 0
    text = report.read_text(encoding="utf-8")
    for section in (
        "<h2>Design</h2>",
        "<h2>Outcomes</h2>",
        "Paired differences from disclosure=0.1",
        "<h2>Fan charts</h2>",
        "Scenario discovery",
        "Robustness of the lever sets",
    ):
        assert section in text
    assert text.count("data:image/png;base64,") == 4 and 'src="http' not in text
    assert "trust (trust (region) at end) above" in text


def test_report_disclosure_still_refuses_a_batch(batch, capsys):
    code = main(
        ["report", "disclosure", str(batch), "--municipality", "kamishihoro", "--year", "2015"]
    )
    assert code == 2 and "this is a batch folder" in capsys.readouterr().err


def test_mistakes_in_levers_name_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXPERIMENT.replace("values: [0.1, 0.9]", "values: [0.1, 1.9]"), encoding="utf-8")
    with pytest.raises(
        ScenarioError, match=r"bad.yaml:5: disclosure=1.9: .*expected a value from 0 to 1"
    ):
        load_experiment(bad)
    seeded = tmp_path / "seed.yaml"
    seeded.write_text(
        EXPERIMENT.replace("municipalities.kamishihoro.policy.disclosure", "run.seed"),
        encoding="utf-8",
    )
    with pytest.raises(
        ScenarioError, match=r"seed.yaml:6: levers.disclosure.path: run.seed: run.seed is set"
    ):
        load_experiment(seeded)
