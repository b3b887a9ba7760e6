"""Calibration by approximate Bayesian computation (ABC) against the pattern suite.

A calibration file names the parameters to calibrate (uniform priors: bounds), the patterns to
fit and the patterns held back as a check. The prior is sampled with a Latin hypercube (SALib)
and every sample point runs the scenarios those patterns need, as batches (resumable, local
workers or dask, common random numbers). Each run is scored by how far it is from the fitted
patterns, in units of their tolerances; the closest share is accepted (rejection ABC) and the
accepted parameters are corrected by a weighted local-linear regression on the pattern
deviations (Beaumont, Zhang and Balding 2002), on a logit scale so that they stay within the
prior's bounds. A one-shot design, rather than sequential ABC (pyabc), because each run takes
minutes: the whole sample is one resumable batch, the same on one machine or a cluster, and
every run is kept for the held-back check.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from ..scenario.fields import P, Params
from ..scenario.loader import ScenarioError
from ..scenario.messages import where_in_file
from .pattern_stats import STATISTICS
from .patterns import (
    Outcome,
    Pattern,
    PatternFile,
    load_patterns,
    read_runs,
    read_validated,
    run_folder,
    run_key,
    run_unless_done,
    runs_needed,
)
from .sensitivity import Design, Sampled

__all__ = ["Calibration", "load_calibration", "run_calibration", "Posterior", "abc"]

#: Quantiles reported for each parameter's posterior.
QUANTILES = (0.05, 0.5, 0.95)


class Calibration(Params):
    """A calibration: which parameters, against which patterns, with how many runs."""

    patterns: str = P(
        "patterns.yaml", unit="path", ja="パターン", source="setting", desc="The pattern file"
    )
    fit: list[str] = Field(..., min_length=1, description="Patterns the calibration fits")
    check: list[str] = Field(default_factory=list, description="Patterns held back")
    samples: int = P(
        200, ge=4, le=100_000, unit="points", ja="標本数", source="setting", desc="Prior samples"
    )
    replicates: int = P(
        1, ge=1, le=100, unit="runs", ja="反復数", source="setting", desc="Runs per sample"
    )
    seed: int = P(1, ge=0, le=2**31, unit="integer", ja="乱数シード", source="setting", desc="Seed")
    scale: int | None = P(
        None,
        ge=1,
        le=10_000,
        unit="persons per agent",
        ja="縮尺",
        source="setting",
        desc="run.scale of the runs (default: the pattern file's)",
    )
    accept: float = P(
        0.1,
        gt=0,
        le=1,
        unit="share of samples",
        ja="採択率",
        source="setting",
        desc="Share of the sample points closest to the patterns that are accepted",
    )
    point: Literal["median", "closest"] = Field(
        "median",
        description="The point the scenario fragment (calibrated.yaml) holds: the adjusted "
        "posterior medians, or the accepted run closest to the fitted patterns (a coherent "
        "joint point when the regression extrapolates: few accepted runs for many parameters)",
    )
    parameters: dict[str, Sampled] = Field(..., min_length=1, description="Uniform priors")

    @model_validator(mode="after")
    def _disjoint(self) -> Calibration:
        both = set(self.fit) & set(self.check)
        if both:
            raise ValueError(f"patterns both fitted and held back: {', '.join(sorted(both))}")
        return self


def load_calibration(path: str | Path) -> tuple[Calibration, PatternFile]:
    """Read a calibration file and its pattern file; unknown pattern names are errors."""
    path = Path(path)
    cal, origins = read_validated(Calibration, path)
    suite = load_patterns(path.parent / cal.patterns)
    for block in ("fit", "check"):
        for i, name in enumerate(getattr(cal, block)):
            if name not in suite.patterns:
                where = where_in_file((block, str(i)), origins, str(path))
                raise ScenarioError([f"{where}: {block}.{i}: unknown pattern {name!r}"])
    return cal, suite


def _scale(p: Pattern, outcome_mean: dict[str, float], observed: dict[str, float]) -> np.ndarray:
    """The deviations of one run from a pattern, in units of its tolerance (one per point, or
    one for a pattern judged by its mean absolute error)."""
    t = p.tolerance
    labels = list(observed)
    model = np.array([outcome_mean.get(k, np.nan) for k in labels], dtype=float)
    obs = np.array([observed[k] for k in labels], dtype=float)
    if t.mae is not None:
        return np.array([np.nanmean(np.abs(model - obs)) / t.mae])
    limit = t.abs if t.abs is not None else t.rel * np.abs(obs)
    return (model - obs) / np.maximum(limit, 1e-12)


@dataclass
class Posterior:
    """What a calibration found: the sample, its scores, and the accepted parameters."""

    samples: pd.DataFrame  # one row per sample point: parameters, distance, accepted
    adjusted: pd.DataFrame  # the accepted points' parameters after regression adjustment
    summary: pd.DataFrame  # per parameter: prior bounds, quantiles (accepted, adjusted)
    held_back: list[Outcome]  # the held-back patterns over the accepted runs


def _logit(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    u = np.clip((x - lo) / (hi - lo), 1e-6, 1 - 1e-6)
    return np.log(u / (1 - u))


def _expit(z: np.ndarray, lo: float, hi: float) -> np.ndarray:
    return lo + (hi - lo) / (1 + np.exp(-z))


def abc(
    theta: pd.DataFrame,
    deviations: list[np.ndarray],
    bounds: dict[str, tuple[float, float]],
    accept: float,
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Rejection with local-linear regression adjustment (Beaumont et al. 2002).

    ``theta``: parameters per sample point; ``deviations``: one array per fitted pattern, of
    shape (sample points, the pattern's points), each point's deviation from the observation
    in tolerance units (0 is a perfect fit). The distance of a sample point is the root mean
    square over the patterns of each pattern's root mean square deviation (every pattern
    weighs the same, whatever its number of points); the regression is on each pattern's
    mean signed deviation. Returns the distances, the accepted rows (a boolean mask) and
    their adjusted parameters (with the kernel weights; not adjusted when there are too few
    accepted points for the regression)."""
    from sklearn.linear_model import LinearRegression

    per_pattern = np.column_stack([np.sqrt(np.mean(d**2, axis=1)) for d in deviations])
    summaries = np.column_stack([np.mean(d, axis=1) for d in deviations])
    ok = np.all(np.isfinite(per_pattern), axis=1) & np.all(np.isfinite(summaries), axis=1)
    distance = np.full(len(theta), np.inf)
    distance[ok] = np.sqrt(np.mean(per_pattern[ok] ** 2, axis=1))
    k = max(int(round(accept * ok.sum())), 2)
    cut = np.sort(distance[ok])[k - 1]
    chosen = ok & (distance <= cut)
    weight = np.maximum(1 - (distance[chosen] / max(cut, 1e-12)) ** 2, 1e-3)  # Epanechnikov
    s = summaries[chosen]
    regress = chosen.sum() >= 2 * (s.shape[1] + 1)
    adjusted = {}
    for name, (lo, hi) in bounds.items():
        z = _logit(theta.loc[chosen, name].to_numpy(dtype=float), lo, hi)
        if regress:
            fit = LinearRegression().fit(s, z, sample_weight=weight)
            z = z - s @ fit.coef_
        adjusted[name] = _expit(z, lo, hi)
    frame = pd.DataFrame(adjusted, index=theta.index[chosen]).assign(weight=weight)
    frame.attrs["regression"] = bool(regress)
    return distance, chosen, frame


def run_calibration(
    cal: Calibration,
    suite: PatternFile,
    base: Path,
    out: Path,
    workers: int = 1,
    scheduler: str | None = None,
    fresh: bool = False,
    progress=None,
) -> Posterior:
    """Run the prior sample (as batches) and compute the posterior."""
    from .experiment import Experiment

    names = [*cal.fit, *cal.check]
    chosen = {n: suite.patterns[n] for n in names}
    design = Design(method="latin", samples=cal.samples, seed=cal.seed, parameters=cal.parameters)
    folders = {}
    for i, (key, _) in enumerate(sorted(runs_needed(chosen, base).items(), key=str)):
        scenario, years, own = key
        experiment = Experiment(
            name=f"calibration-{i}",
            scenarios=[scenario],
            replicates=cal.replicates,
            seed=cal.seed,
            set=[
                *suite.set,
                f"run.years={years}",
                f"run.scale={own or cal.scale or suite.scale}",
            ],
            design=design,
        )
        folder = run_folder(out, key)
        run_unless_done(
            experiment, scenario, folder, fresh,
            workers=workers, scheduler=scheduler, progress=progress,
        )  # fmt: skip
        folders[key] = folder
    return posterior(cal, suite, base, folders)


def _statistics(
    cal: Calibration, suite: PatternFile, base: Path, folders: dict
) -> tuple[pd.DataFrame, dict[str, list[dict[str, float]]], dict[str, dict[str, float]]]:
    """Per sample point (mean over replicates): each pattern's statistic, and the observed."""
    theta = None
    values: dict[str, list[dict[str, float]]] = {}
    observed = {}
    cache = {}
    for name in [*cal.fit, *cal.check]:
        p = suite.patterns[name]
        folder = folders[run_key(p, base)]
        if folder not in cache:
            kpis = pd.read_parquet(
                folder / "kpis.parquet", columns=["sample", "replicate", *cal.parameters]
            )
            runs = read_runs(folder)
            keys = kpis.drop_duplicates(["sample", "replicate"])[
                ["sample", "replicate", *cal.parameters]
            ].sort_values(["sample", "replicate"])
            cache[folder] = (runs, keys.reset_index(drop=True))
        runs, keys = cache[folder]
        if theta is None:
            theta = keys.drop_duplicates("sample").set_index("sample")[list(cal.parameters)]
        stat = STATISTICS[p.statistic]
        observed[name] = p.observed if p.observed is not None else stat(None, **p.options)
        per_run = [stat(run, **p.options) for run in runs]
        by_sample: dict[int, list[dict[str, float]]] = {}
        for (sample, _), value in zip(
            keys[["sample", "replicate"]].itertuples(index=False), per_run, strict=True
        ):
            by_sample.setdefault(int(sample), []).append(value)
        values[name] = [
            {k: float(np.mean([v[k] for v in by_sample[s]])) for k in observed[name]}
            for s in theta.index
        ]
    return theta, values, observed


def posterior(cal: Calibration, suite: PatternFile, base: Path, folders: dict) -> Posterior:
    """Score the sample against the fitted patterns, accept, adjust, and check the rest."""
    theta, values, observed = _statistics(cal, suite, base, folders)
    deviations = [
        np.vstack([_scale(suite.patterns[n], v, observed[n]) for v in values[n]]) for n in cal.fit
    ]
    bounds = {n: tuple(s.bounds) for n, s in cal.parameters.items()}
    distance, chosen, adjusted = abc(theta, deviations, bounds, cal.accept)
    samples = theta.assign(distance=distance, accepted=chosen)
    for name, d in zip(cal.fit, deviations, strict=True):
        samples[f"deviation_{name}"] = np.sqrt(np.mean(d**2, axis=1))
    rows = []
    for name, (lo, hi) in bounds.items():
        row = {"parameter": name, "path": cal.parameters[name].path, "prior_low": lo}
        row["prior_high"] = hi
        for q in QUANTILES:
            row[f"accepted_q{int(q * 100)}"] = float(theta.loc[chosen, name].quantile(q))
        row["closest"] = float(theta.loc[samples.distance.idxmin(), name])
        w = adjusted.weight.to_numpy()
        for q in QUANTILES:
            row[f"q{int(q * 100)}"] = _weighted_quantile(adjusted[name].to_numpy(), w, q)
        rows.append(row)
    held = []
    for name in cal.check:
        p = suite.patterns[name]
        per = [values[name][i] for i in np.nonzero(chosen)[0]]
        labels = list(observed[name])
        m = np.array([[x[k] for k in labels] for x in per], dtype=float)
        held.append(
            Outcome(
                name,
                p,
                observed[name],
                dict(zip(labels, m.mean(0), strict=True)),
                dict(zip(labels, np.percentile(m, 5, axis=0), strict=True)),
                dict(zip(labels, np.percentile(m, 95, axis=0), strict=True)),
                per,
            )
        )
    return Posterior(samples, adjusted, pd.DataFrame(rows), held)


def _weighted_quantile(x: np.ndarray, w: np.ndarray, q: float) -> float:
    order = np.argsort(x)
    cum = np.cumsum(w[order])
    return float(np.interp(q * cum[-1], cum, x[order]))
