"""Calibration (ABC): the statistics on constructed data with a known answer, and a tiny
calibration and pattern suite run through the command line."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.cli.main import main
from sim.experiments.calibration import Calibration, abc, load_calibration
from sim.experiments.patterns import Outcome, Pattern, Tolerance
from sim.scenario.loader import ScenarioError
from tests.conftest import ROOT


def _planted(n: int = 2000, seed: int = 3) -> tuple[pd.DataFrame, list[np.ndarray]]:
    """Two parameters on [0, 1]; two 'patterns' whose deviations are linear in them, zero at
    the planted truth (0.3, 0.7), with noise; a third parameter has no effect."""
    rng = np.random.default_rng(seed)
    theta = pd.DataFrame(rng.random((n, 3)), columns=["a", "b", "inert"])
    dev_a = (theta.a.to_numpy() - 0.3) / 0.05 + rng.normal(0, 0.3, n)
    dev_b = np.column_stack(
        [
            (theta.b.to_numpy() - 0.7) / 0.05 + rng.normal(0, 0.3, n),
            (theta.b.to_numpy() - 0.7) / 0.1 + rng.normal(0, 0.3, n),
        ]
    )
    return theta, [dev_a[:, None], dev_b]


BOUNDS = {"a": (0.0, 1.0), "b": (0.0, 1.0), "inert": (0.0, 1.0)}


def test_rejection_and_regression_recover_a_planted_parameter():
    theta, deviations = _planted()
    distance, chosen, adjusted = abc(theta, deviations, BOUNDS, accept=0.05)
    assert chosen.sum() == 100
    assert adjusted.attrs["regression"]
    assert adjusted.a.median() == pytest.approx(0.3, abs=0.02)
    assert adjusted.b.median() == pytest.approx(0.7, abs=0.02)
    # the adjusted sample is tighter than the accepted one, and stays within the prior
    assert adjusted.a.std() < theta.a[chosen].std()
    assert adjusted.min().min() >= 0 and adjusted[["a", "b", "inert"]].max().max() <= 1
    # a parameter with no effect keeps (about) its prior: spread over most of [0, 1]
    assert adjusted.inert.quantile(0.95) - adjusted.inert.quantile(0.05) > 0.6
    # the accepted points are the closest ones
    assert distance[chosen].max() <= np.sort(distance)[99] + 1e-12


def test_too_few_accepted_points_are_not_regressed():
    theta, deviations = _planted(n=40)
    _, chosen, adjusted = abc(theta, deviations, BOUNDS, accept=0.1)
    assert chosen.sum() == 4 and not adjusted.attrs["regression"]
    assert np.allclose(adjusted.a.to_numpy(), theta.a[chosen].to_numpy())


def test_a_pattern_is_met_within_its_tolerance_at_every_point():
    p = Pattern(
        what="x",
        unit="persons",
        period="p",
        area="a",
        source="s",
        scenario="x.yaml",
        years=1,
        statistic="net_flow",
        tolerance=Tolerance(abs=10, reason="r"),
    )
    obs = {"15-19": 100.0, "20-24": -50.0}
    met = Outcome("n", p, obs, {"15-19": 109.0, "20-24": -41.0}, obs, obs)
    missed = Outcome("n", p, obs, {"15-19": 109.0, "20-24": -39.0}, obs, obs)
    assert met.met and not missed.met and missed.status == "MISSED"
    rel = p.model_copy(update={"tolerance": Tolerance(rel=0.1, reason="r")})
    assert Outcome("n", rel, obs, {"15-19": 109.0, "20-24": -54.0}, obs, obs).met
    mae = p.model_copy(update={"tolerance": Tolerance(mae=5, reason="r"), "known_miss": "why"})
    assert Outcome("n", mae, obs, {"15-19": 104.0, "20-24": -56.0}, obs, obs).met
    late = Outcome("n", mae, obs, {"15-19": 110.0, "20-24": -56.0}, obs, obs)
    assert not late.met and late.status == "known miss"


def test_a_tolerance_is_one_of_three_kinds_with_a_reason():
    with pytest.raises(ValueError):
        Tolerance(abs=1, rel=0.1, reason="r")
    with pytest.raises(ValueError):
        Tolerance(reason="r")


def _tiny(tmp_path) -> tuple:
    """A pattern file of two Kamishihoro patterns (one town, 1 year, scale 4) and a
    calibration of one parameter against one of them."""
    suite = yaml.safe_load((ROOT / "validation" / "patterns.yaml").read_text(encoding="utf-8"))
    keep = ("kamishihoro_moves", "kamishihoro_share_65")
    patterns = {k: suite["patterns"][k] for k in keep}
    for p in patterns.values():
        p["scenario"] = str(ROOT / "scenarios" / "kamishihoro.yaml")
        p["years"] = 2
    patterns["kamishihoro_moves"]["options"]["years"] = [2016]
    patterns["kamishihoro_share_65"]["statistic"] = "age_share"
    (tmp_path / "patterns.yaml").write_text(
        yaml.safe_dump({"scale": 4, "seeds": 2, "patterns": patterns}), encoding="utf-8"
    )
    cal = {
        "patterns": "patterns.yaml",
        "fit": ["kamishihoro_moves"],
        "check": [],
        "samples": 6,
        "accept": 0.5,
        "parameters": {"mobility": {"path": "migration.mobility", "bounds": [0.5, 2.0]}},
    }
    (tmp_path / "cal.yaml").write_text(yaml.safe_dump(cal), encoding="utf-8")
    return tmp_path / "patterns.yaml", tmp_path / "cal.yaml"


def test_patterns_and_calibrate_run_from_the_command_line(tmp_path, capsys):
    patterns, cal = _tiny(tmp_path)
    code = main(["patterns", str(patterns), "--out", str(tmp_path / "pat"), "--only",
                 "kamishihoro_moves"])  # fmt: skip
    out = capsys.readouterr().out
    assert code in (0, 1) and "kamishihoro_moves" in out
    report = (tmp_path / "pat" / "patterns.md").read_text(encoding="utf-8")
    assert "| kamishihoro_moves |" in report and (tmp_path / "pat" / "figures").is_dir()
    assert main(["calibrate", str(cal), "--out", str(tmp_path / "cal")]) == 0
    written = {p.name for p in (tmp_path / "cal").iterdir()}
    assert {"calibration.md", "posterior.csv", "posterior.png", "calibrated.yaml"} <= written
    fragment = yaml.safe_load((tmp_path / "cal" / "calibrated.yaml").read_text())
    assert 0.5 <= fragment["migration"]["mobility"] <= 2.0
    posterior = pd.read_csv(tmp_path / "cal" / "posterior.csv")
    assert posterior.path.tolist() == ["migration.mobility"]


def test_a_calibration_naming_an_unknown_pattern_says_where(tmp_path):
    _, cal = _tiny(tmp_path)
    data = yaml.safe_load(cal.read_text())
    data["fit"] = ["kamishihoro_movs"]
    cal.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError, match="unknown pattern 'kamishihoro_movs'"):
        load_calibration(cal)
    with pytest.raises(ValueError, match="both fitted and held back"):
        Calibration(fit=["x"], check=["x"], parameters={"m": {"path": "a.b", "bounds": [0, 1]}})
