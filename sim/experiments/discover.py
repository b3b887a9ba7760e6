"""Scenario discovery: which combinations of inputs lead to an outcome of interest (PRIM).

A run is "of interest" when its outcome passes a threshold (a town losing a third of its
people, IT costs above the legacy level). PRIM (Friedman and Fisher 1999), as implemented in
ema-workbench's analysis module, peels the input space into a box holding many of those runs
(coverage) and few others (density); every box along the peeling trajectory is reported, and
the one chosen is the widest (highest coverage) whose density reaches the asked level. Extra
trees (ema-workbench's ``get_ex_feature_scores``, scikit-learn underneath) score how much each
input tells about the outcome, as a check that does not depend on boxes.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..scenario.loader import ScenarioError
from .outcomes import Batch

__all__ = ["Discovery", "discover", "feature_scores", "inputs_of"]


def _ema():
    """ema-workbench's analysis modules, without its notice about optional parallel tools."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import feature_scoring, prim
    logging.getLogger("EMA").setLevel(logging.WARNING)
    return prim, feature_scoring


@dataclass
class Discovery:
    """What PRIM found: the peeling trajectory, the chosen box and its limits."""

    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per box; ``chosen`` marks one
    limits: pd.DataFrame  # input, low, high (or values), quasi-p value, of restricted inputs
    chosen: int
    cases: int  # runs of interest
    runs: int


def inputs_of(batch: Batch, table: pd.DataFrame) -> pd.DataFrame:
    """The inputs that vary between runs: factors, sampled parameters, levers,
    uncertainties, and the scenario when the batch has several (as a category)."""
    names = [c for c in batch.inputs if table[c].nunique() > 1]
    if table["scenario"].nunique() > 1:
        names = ["scenario", *names]
    if not names:
        raise ScenarioError(
            [f"{batch.folder}: nothing varies between its runs but the seed: no input to discover"]
        )
    x = table[names].copy()
    for c in names:
        if not pd.api.types.is_numeric_dtype(x[c]) or pd.api.types.is_bool_dtype(x[c]):
            x[c] = x[c].astype(str).astype("category")
        elif pd.api.types.is_integer_dtype(x[c]):
            x[c] = x[c].astype("int64")
        else:
            x[c] = x[c].astype("float64")
    return x.reset_index(drop=True)


def discover(
    x: pd.DataFrame,
    interest: np.ndarray,
    density: float = 0.8,
    peel_alpha: float = 0.05,
    mass_min: float = 0.05,
) -> Discovery:
    """PRIM on ``x`` for the runs where ``interest`` is true; the box chosen is the one of
    highest coverage with at least ``density`` (else the densest)."""
    prim, _ = _ema()
    y = np.asarray(interest, dtype=bool)
    if not y.any():
        raise ScenarioError(["no run passes the threshold: nothing to discover (move it)"])
    if y.all():
        raise ScenarioError(["every run passes the threshold: nothing to tell apart (move it)"])
    with warnings.catch_warnings():  # ema-workbench's pandas idioms, deprecated in pandas 3
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        finder = prim.Prim(  # ema-workbench drops a column named scenario: renamed
            x.rename(columns={"scenario": "scenario_"}), y, peel_alpha=peel_alpha, mass_min=mass_min
        )
        box = finder.find_box()
    trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim", "n", "k"]].copy()
    dense = trajectory[trajectory.density >= density - 1e-12]
    chosen = int(dense.coverage.idxmax() if len(dense) else trajectory.density.idxmax())
    trajectory.insert(0, "box", trajectory.index)
    trajectory["chosen"] = trajectory.index == chosen
    lims, start = box.box_lims[chosen], box.box_lims[0]
    quasi_p = box.p_values[chosen]  # Bryant and Lempert's one-sided binomial test, -1: none
    rows = []
    for column in lims.columns:
        low, high = lims.loc[0, column], lims.loc[1, column]
        name = "scenario" if column == "scenario_" else column
        if isinstance(low, set | frozenset):
            if set(low) == set(start.loc[0, column]):
                continue
            rows.append(
                {
                    "input": name,
                    "low": None,
                    "high": None,
                    "values": ", ".join(sorted(map(str, low))),
                    "of": ", ".join(sorted(map(str, start.loc[0, column]))),
                }
            )
        else:
            if low == start.loc[0, column] and high == start.loc[1, column]:
                continue
            rows.append(
                {
                    "input": name,
                    "low": float(low),
                    "high": float(high),
                    "values": "",
                    "of": f"{float(start.loc[0, column]):g} to {float(start.loc[1, column]):g}",
                }
            )
        qp = [v for v in quasi_p.get(column, []) if v is not None and v >= 0]
        rows[-1]["qp"] = max(qp) if qp else np.nan
    limits = pd.DataFrame(rows, columns=["input", "low", "high", "values", "of", "qp"])
    return Discovery(trajectory.reset_index(drop=True), limits, chosen, int(y.sum()), len(y))


def feature_scores(
    x: pd.DataFrame, interest: np.ndarray, values: np.ndarray, seed: int = 1
) -> pd.DataFrame:
    """Extra-trees feature scores of each input: for the runs of interest (classification)
    and for the outcome itself (regression); they sum to 1 over the inputs."""
    _, scoring = _ema()
    x = x.copy()
    for c in x.columns:
        if isinstance(x[c].dtype, pd.CategoricalDtype):
            x[c] = x[c].cat.codes  # ema-workbench's own preparation does the same
    out = {}
    for label, y, mode in (
        ("interest", np.asarray(interest, dtype=int), scoring.RuleInductionType.CLASSIFICATION),
        ("outcome", np.asarray(values, dtype=float), scoring.RuleInductionType.REGRESSION),
    ):
        scores, _ = scoring.get_ex_feature_scores(x, y, mode=mode, random_state=seed)
        out[label] = scores.iloc[:, 0]
    table = pd.DataFrame(out).sort_values("interest", ascending=False)
    return table.rename_axis("input").reset_index()


def trajectory_figure(found: Discovery, stem: Path, title: str) -> list[Path]:
    """Coverage against density of every box of the trajectory; the chosen one marked."""
    from ..outputs.figure_tools import pyplot, save_both

    plt = pyplot()
    t = found.trajectory
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    points = ax.scatter(t.coverage, t.density, c=t.res_dim, cmap="viridis", s=18)
    c = t[t.chosen].iloc[0]
    ax.scatter([c.coverage], [c.density], s=120, facecolors="none", edgecolors="red", lw=1.5)
    ax.annotate(
        f"box {int(c.box)}",
        (c.coverage, c.density),
        xytext=(-44, -14),
        textcoords="offset points",
        fontsize=8,
        color="red",
    )
    from textwrap import fill

    bar = fig.colorbar(points, ax=ax, label="restricted inputs")
    bar.ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(min(0.0, t.coverage.min()) - 0.02, 1.02)
    ax.set_xlabel("coverage: runs of interest inside the box")
    ax.set_ylabel("density: box's runs that are of interest")
    ax.set_title(fill(title, 80), fontsize=8)
    ax.grid(alpha=0.3)
    return save_both(fig, stem)
