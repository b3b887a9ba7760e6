"""What the analysis commands do: compare, plot, discover, robustness and report batch.

Each reads a finished batch folder (sim.experiments.outcomes.open_batch), prints a table with a line
saying what was analysed above it and one saying what its columns mean below it, and writes
the table as CSV and its figures as PNG and SVG beside the batch (or to --out).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

__all__ = ["compare", "discover", "plot", "report_batch", "robustness", "sensitivity"]


def _safe(text: str) -> str:
    """A name fit for a file: letters, digits, '.', '-' and '_' only."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(text)).strip("_")


def _csv(stem: Path) -> Path:
    """``stem.csv``, also for a stem with dots in its name (compare_disclosure_0.1)."""
    return stem.parent / f"{stem.name}.csv"


def _out(args: argparse.Namespace) -> Path:
    from ..outputs.results import check_out

    out = Path(args.out) if args.out else Path(args.batch_dir)
    check_out(out, (), f"--out {out}" if args.out else str(out))
    out.mkdir(parents=True, exist_ok=True)
    return out


def _print(table: pd.DataFrame, path: Path | None = None) -> None:
    if table.attrs.get("header"):
        print(table.attrs["header"])
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if table.attrs.get("footer"):
        print(table.attrs["footer"])
    if path is not None:
        table.to_csv(path, index=False)
        print(f"written to {path}")


def sensitivity(args: argparse.Namespace) -> int:
    """``dxsim sensitivity``: the indices, with the seed's share of the variance."""
    from ..experiments.sensitivity import analyze

    table = analyze(
        args.batch_dir,
        args.kpi,
        step=args.step,
        municipality=args.municipality,
        outcome=args.outcome,
    )
    if args.outcome:
        from ..experiments.outcomes import open_batch, resolve

        name = f"sensitivity_{_safe(resolve(open_batch(args.batch_dir), args.outcome)[0])}"
    else:
        name = f"sensitivity_{args.kpi}" + (f"_{args.municipality}" if args.municipality else "")
        name += f"_step{args.step}" if args.step is not None else ""
    path = Path(args.batch_dir) / f"{name}.csv"
    table.to_csv(path, index=False)
    print(table.attrs["header"])  # what was analysed: KPI, unit, step, date, points, method
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    print(table.attrs["footer"])  # what the columns mean, and what the seeds leave unclear
    print(f"written to {path}")
    return 0


def _outcomes(batch, given: list[str], kpis: list[str]):
    from ..experiments.outcomes import Outcome, chosen_outcomes

    outcomes = chosen_outcomes(batch, given)
    if not outcomes:  # neither --outcome nor outcomes: in the experiment: each KPI at the end
        outcomes = {f"{k}_end": Outcome(kpi=k) for k in kpis}
    return outcomes


def compare(args: argparse.Namespace) -> int:
    """``dxsim compare``: paired differences from the baseline, per outcome and over time."""
    from ..experiments import compare as paired
    from ..experiments.outcomes import open_batch, outcome_table

    batch = open_batch(args.batch_dir)
    kpis = args.kpi or ["population"]
    table = outcome_table(batch, _outcomes(batch, args.outcome, kpis))
    baseline = paired.baseline_of(batch, args.baseline, table)
    out = _out(args)
    stem = out / f"compare_{_safe(str(baseline))}"
    summary = paired.summary(batch, table, baseline, table.attrs["labels"])
    _print(summary, _csv(stem))
    for kpi in kpis:
        diff = paired.over_time(batch, kpi, baseline, args.municipality)
        diff.to_csv(stem.with_name(f"{stem.name}_{kpi}.csv"), index=False)
        for path in paired.figures(diff, summary, baseline, kpi, stem, args.lang):
            print(f"written to {path}")
        summary = summary.iloc[0:0]  # the outcomes' figure once
    return 0


def plot(args: argparse.Namespace) -> int:
    """``dxsim plot``: fan charts of a KPI per arm."""
    from ..experiments.fan_charts import fan_figure, fan_table
    from ..experiments.outcomes import open_batch

    batch = open_batch(args.batch_dir)
    table = fan_table(batch, args.kpi, args.municipality, args.by, args.where)
    out = _out(args)
    stem = out / ("fan_" + _safe(args.kpi + (f"_{args.municipality}" if args.municipality else "")))
    table.to_csv(_csv(stem), index=False)
    for path in [
        _csv(stem),
        *fan_figure(table, args.kpi, stem, args.lang, ", ".join(args.where)),
    ]:
        print(f"written to {path}")
    return 0


def discover(args: argparse.Namespace) -> int:
    """``dxsim discover``: PRIM boxes and feature scores for the runs past a threshold."""
    from ..experiments.discover import discover as prim
    from ..experiments.discover import feature_scores, inputs_of, trajectory_figure
    from ..experiments.outcomes import open_batch, outcome_table, resolve

    batch = open_batch(args.batch_dir)
    name, spec = resolve(batch, args.outcome[0])
    table = outcome_table(batch, {name: spec}).dropna(subset=[name])
    x = inputs_of(batch, table)
    values = table[name].to_numpy(float)
    interest = values < args.threshold if args.below else values > args.threshold
    found = prim(x, interest, density=args.density)
    side = "below" if args.below else "above"
    what = (
        f"{name} ({spec.label()}) {side} {args.threshold:g}: {found.cases} of {found.runs} runs "
        f"(each replicate a run); inputs {', '.join(x.columns)}"
    )
    out = _out(args)
    stem = out / f"discover_{_safe(name)}"
    found.trajectory.attrs["header"] = f"PRIM peeling trajectory: {what}"
    found.trajectory.attrs["footer"] = (
        "coverage: share of the runs of interest inside the box; density: share of the box's "
        "runs that are of interest; mass: share of all runs inside; res_dim: inputs restricted; "
        f"chosen: the widest box with density >= {args.density:g} (else the densest)."
    )
    _print(found.trajectory, stem.with_name(f"{stem.name}_trajectory.csv"))
    found.limits.attrs["header"] = f"box {found.chosen}: its restricted inputs"
    found.limits.attrs["footer"] = (
        "low, high: the box's limits (values: the categories kept); of: the whole range; qp: "
        "quasi-p value of the restriction (Bryant and Lempert 2010; small: not by chance)."
    )
    _print(found.limits, stem.with_name(f"{stem.name}_box.csv"))
    scores = feature_scores(x, interest, values)
    scores.attrs["header"] = "extra-trees feature scores (ema-workbench, scikit-learn)"
    scores.attrs["footer"] = (
        "interest: for telling the runs of interest apart; outcome: for the outcome itself; "
        "each column sums to 1 over the inputs (an input with no effect still gets some)."
    )
    _print(scores, stem.with_name(f"{stem.name}_features.csv"))
    for path in trajectory_figure(found, stem.with_name(f"{stem.name}_trajectory"), what):
        print(f"written to {path}")
    return 0


def robustness(args: argparse.Namespace) -> int:
    """``dxsim robustness``: regret and satisficing of each lever set."""
    from ..experiments.outcomes import open_batch, outcome_table, resolve
    from ..experiments.robustness import robustness as robust

    batch = open_batch(args.batch_dir)
    name, spec = resolve(batch, args.outcome[0])
    table = outcome_table(batch, {name: spec})
    result = robust(batch, table, name, maximize=not args.minimize, threshold=args.threshold)
    result.attrs["header"] += f"; {name} = {spec.label()}"
    _print(result, _out(args) / f"robustness_{_safe(name)}.csv")
    return 0


def report_batch(args: argparse.Namespace) -> int:
    """``dxsim report batch``: one HTML file with every analysis the batch allows."""
    from ..experiments.batch_report import report
    from ..experiments.outcomes import open_batch

    batch = open_batch(args.batch_dir)
    path = Path(args.out) if args.out else Path(args.batch_dir) / "report.html"
    from ..outputs.results import check_out

    check_out(path.parent, (path.name,), f"--out {path}" if args.out else str(path))
    html = report(
        batch,
        baseline=args.baseline,
        outcomes=args.outcome,
        kpis=args.kpi or ["population"],
        threshold=args.threshold,
        below=args.below,
        minimize=args.minimize,
        lang=args.lang,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    print(path)
    return 0
