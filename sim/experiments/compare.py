"""Paired differences between scenarios under common random numbers, with bootstrap intervals.

Replicate r of every scenario and combination runs with the same seed, so the difference of
two arms is best taken replicate by replicate: the noise shared by both runs cancels. For
each arm against the baseline this module gives, per outcome, the mean paired difference,
its 95% bootstrap interval (scipy's BCa, percentile where BCa is degenerate), the Student t
interval as a check for few pairs, and the spread of paired and unpaired differences (how
much pairing saved); and the same over time for a KPI.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ..scenario.loader import ScenarioError
from .outcomes import Batch

__all__ = ["Baseline", "baseline_of", "bootstrap_ci", "differences", "over_time", "summary"]

#: Resamples of the bootstrap; seeded, so the intervals are the same on every call.
RESAMPLES = 9999
SEED = 12345


class Baseline:
    """What the arms are compared with: a value of the ``scenario`` column, or of a factor
    or lever (``COLUMN=VALUE``); pairs share every other key column and the replicate."""

    def __init__(self, column: str, value: object) -> None:
        self.column, self.value = column, value

    def __str__(self) -> str:
        return str(self.value) if self.column == "scenario" else f"{self.column}={self.value}"


def baseline_of(batch: Batch, text: str, table: pd.DataFrame) -> Baseline:
    """The baseline of ``--baseline`` (a scenario, or COLUMN=VALUE), checked against the runs."""
    column, value = ("scenario", text)
    if "=" in text:
        column, value = text.split("=", 1)
        if column not in batch.arms or column == "scenario":
            can = ", ".join(c for c in batch.arms if c not in ("scenario", "sample", "future"))
            raise ScenarioError([f"--baseline {text}: {column!r} is not a factor or lever ({can})"])
    values = table[column].drop_duplicates().tolist()
    match = [v for v in values if str(v) == str(value) or _same(v, value)]
    if not match:
        shown = ", ".join(str(v) for v in values)
        raise ScenarioError([f"--baseline {text}: not in this batch ({column}: {shown})"])
    if len(values) < 2:
        raise ScenarioError([f"--baseline {text}: the batch has nothing else to compare it with"])
    return Baseline(column, match[0])


def _same(a: object, b: object) -> bool:
    try:
        return float(a) == float(b)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _pair_keys(batch: Batch, baseline: Baseline) -> list[str]:
    return [k for k in batch.keys if k not in (baseline.column, "seed")]


def _groups(batch: Batch, baseline: Baseline) -> list[str]:
    """What a summary is given per, besides the arm: the other scenarios, factors and levers.
    Sample points and futures are pooled (each pair still within one point or future)."""
    from .fan_charts import default_by

    return [k for k in default_by(batch) if k != baseline.column]


def differences(
    batch: Batch, table: pd.DataFrame, baseline: Baseline, values: list[str]
) -> pd.DataFrame:
    """Each run's ``values`` minus its baseline twin's (same other keys and replicate); one
    row per pair, with the arm in ``baseline.column``."""
    keys = _pair_keys(batch, baseline)
    base = table[table[baseline.column] == baseline.value].set_index(keys)[values]
    others = table[table[baseline.column] != baseline.value]
    rows = others.set_index(keys)
    twins = base.reindex(rows.index)
    missing = twins.isna().all(axis=1) & rows[values].notna().any(axis=1)
    if missing.any():
        raise ScenarioError([f"{batch.folder}: {int(missing.sum())} runs have no baseline twin"])
    out = rows[values] - twins.to_numpy()
    out.insert(0, baseline.column, rows[baseline.column].to_numpy())
    return out.reset_index()


def bootstrap_ci(data: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Bootstrap interval of the mean along axis 0 (columns are separate series): BCa, and
    the percentile interval where BCa has no answer (all values equal, or too few)."""
    from scipy.stats import bootstrap

    data = np.asarray(data, dtype=float)
    flat = data.ndim == 1
    data = data[:, None] if flat else data
    low = np.full(data.shape[1], np.nan)
    high = low.copy()
    if data.shape[0] >= 2:
        for method in ("BCa", "percentile"):
            todo = np.isnan(low)
            if not todo.any():
                break
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = bootstrap(
                    (data[:, todo],),
                    np.mean,
                    axis=0,
                    vectorized=True,
                    n_resamples=RESAMPLES,
                    confidence_level=level,
                    method=method,
                    rng=np.random.default_rng(SEED),
                )
            low[todo], high[todo] = res.confidence_interval
        same = np.ptp(data, axis=0) == 0  # no spread: the interval is the value
        low[same] = high[same] = data[0, same]
    return (low[0], high[0]) if flat else (low, high)


def summary(
    batch: Batch, table: pd.DataFrame, baseline: Baseline, labels: dict[str, str]
) -> pd.DataFrame:
    """Per arm and outcome: pairs, baseline and arm means, the mean paired difference with
    its 95% bootstrap and t intervals, and the spread of paired and unpaired differences."""
    from scipy.stats import t as student

    names = list(labels)
    diffs = differences(batch, table, baseline, names)
    keys = _groups(batch, baseline)
    group_keys = [baseline.column, *keys]
    base = table[table[baseline.column] == baseline.value]
    rows = []
    for arm, group in diffs.groupby(group_keys, sort=False, dropna=False):
        arm = arm if isinstance(arm, tuple) else (arm,)
        where = dict(zip(group_keys, arm, strict=True))
        mine = table.loc[(table[list(where)] == pd.Series(where)).all(axis=1)]
        twin = (
            base.loc[(base[keys] == pd.Series({k: where[k] for k in keys})).all(axis=1)]
            if keys
            else base
        )  # sd_unpaired below is of runs of the same groups (pooled futures included)
        for name in names:
            d = group[name].dropna().to_numpy(float)
            n = len(d)
            low, high = bootstrap_ci(d) if n else (np.nan, np.nan)
            sd = float(np.std(d, ddof=1)) if n > 1 else np.nan
            unpaired = float(np.sqrt(mine[name].var() + twin[name].var())) if n > 1 else np.nan
            half = float(student.ppf(0.975, n - 1) * sd / np.sqrt(n)) if n > 1 else np.nan
            rows.append(
                {
                    **where,
                    "outcome": name,
                    "pairs": n,
                    "baseline_mean": float(twin[name].mean()),
                    "mean": float(mine[name].mean()),
                    "difference": float(d.mean()) if n else np.nan,
                    "ci_low": float(low),
                    "ci_high": float(high),
                    "t_half_width": half,
                    "sd_paired": sd,
                    "sd_unpaired": unpaired,
                }
            )
    out = pd.DataFrame(rows)
    out.attrs["header"] = (
        f"paired differences from {baseline} (same replicate, same seed: common random "
        f"numbers); outcomes: " + "; ".join(f"{k} = {v}" for k, v in labels.items())
    )
    few = int(out.pairs.min()) if len(out) else 0
    out.attrs["footer"] = (
        "difference: mean over pairs of (arm - baseline); ci_low, ci_high: 95% bootstrap "
        "interval of that mean (BCa); t_half_width: the Student t interval's half-width; "
        "sd_paired, sd_unpaired: spread of the paired differences and of a difference of "
        "unpaired runs (paired smaller: common random numbers removed shared noise)."
        + (
            f" Only {few} pairs: bootstrap intervals of so few are too narrow; trust the t "
            "interval, or add replicates."
            if few < 10
            else ""
        )
    )
    return out


def over_time(batch: Batch, kpi: str, baseline: Baseline, municipality: str | None) -> pd.DataFrame:
    """The paired difference of a KPI at every step: per arm, mean and 95% bootstrap interval."""
    data = batch.series(kpi, municipality)
    wide = data.pivot_table(index=batch.keys, columns="step", values="value")
    steps = list(wide.columns)
    wide = wide.reset_index()
    diffs = differences(batch, wide, baseline, steps)
    keys = [baseline.column, *_groups(batch, baseline)]
    dates = data[["step", "date"]].drop_duplicates().set_index("step")["date"]
    frames = []
    for arm, group in diffs.groupby(keys, sort=False, dropna=False):
        values = group[steps].to_numpy(float)
        low, high = bootstrap_ci(values)
        arm = arm if isinstance(arm, tuple) else (arm,)
        frame = pd.DataFrame(
            {
                "step": steps,
                "date": dates.reindex(steps).to_numpy(),
                "difference": values.mean(axis=0),
                "ci_low": low,
                "ci_high": high,
                "pairs": len(values),
            }
        )
        for k, v in zip(keys, arm, strict=True):
            frame.insert(0, k, v)
        frames.append(frame[[*keys, *frame.columns.difference(keys, sort=False)]])
    return pd.concat(frames, ignore_index=True)


def figures(
    diff: pd.DataFrame,
    table: pd.DataFrame,
    baseline: Baseline,
    kpi: str,
    stem: Path,
    lang: str = "en",
) -> list[Path]:
    """The difference over time (one panel) and the outcomes' differences (one dot per arm
    and outcome with its interval), as PNG and SVG."""
    from ..outputs.figure_tools import pyplot, save_both
    from .analysis_text import kpi_label, word

    plt = pyplot(lang)
    made = []
    arm_cols = [
        c
        for c in diff.columns
        if c not in ("step", "date", "difference", "ci_low", "ci_high", "pairs")
    ]
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    for arm, g in diff.groupby(arm_cols, sort=False, dropna=False):
        arm = arm if isinstance(arm, tuple) else (arm,)
        label = ", ".join(str(a) for a in arm)
        x = pd.to_datetime(g.date)
        ax.plot(x, g.difference, label=label, lw=1.2)
        ax.fill_between(x, g.ci_low, g.ci_high, alpha=0.2)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel(f"{word('difference', lang)}: {kpi_label(kpi, lang)}")
    ax.set_xlabel(word("date", lang))
    ax.set_title(word("diff_title", lang, kpi=kpi_label(kpi, lang), base=baseline), fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)
    made += save_both(fig, stem.with_name(f"{stem.name}_{kpi}"))
    if len(table):
        outcomes = list(dict.fromkeys(table.outcome))
        fig, axes = plt.subplots(
            1,
            len(outcomes),
            figsize=(3.6 * len(outcomes), 0.5 + 0.35 * len(table) / len(outcomes) + 1.2),
            squeeze=False,
        )
        for ax, name in zip(axes[0], outcomes, strict=True):
            t = table[table.outcome == name].reset_index(drop=True)
            labels = [", ".join(str(t.loc[i, c]) for c in arm_cols if c in t) for i in t.index]
            y = np.arange(len(t))
            ax.errorbar(
                t.difference,
                y,
                xerr=[t.difference - t.ci_low, t.ci_high - t.difference],
                fmt="o",
                capsize=3,
            )
            ax.axvline(0, color="black", lw=0.8)
            ax.set_yticks(y, labels, fontsize=7)
            ax.set_title(name, fontsize=9)
            ax.grid(alpha=0.3)
        fig.suptitle(word("outcome_diff", lang, base=baseline), fontsize=9)
        made += save_both(fig, stem.with_name(f"{stem.name}_outcomes"))
    return made
