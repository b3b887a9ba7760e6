"""Reports of the pattern suite and of a calibration: tables, figures, a scenario fragment.

Analysis only: reads outcomes (``sim.experiments.patterns``) and posteriors
(``sim.experiments.calibration``), never runs the model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .patterns import BAND, Outcome

__all__ = ["table", "write_patterns", "write_calibration", "console_rows"]

#: Above this many points a pattern is drawn as observed against model, one dot a point.
MANY = 8


def _fmt(x: float, unit: str) -> str:
    if not np.isfinite(x):
        return "n/a"
    if "share" in unit and abs(x) < 5:
        return f"{x:+.1%}" if "change" in unit or "difference" in unit else f"{x:.1%}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}"


def _points(o: Outcome) -> list[tuple[str, str, str]]:
    """(label, observed, model mean with its band) per point, or one summary row."""
    unit = o.pattern.unit
    if len(o.observed) > MANY or o.pattern.tolerance.mae is not None:
        return [("", f"{len(o.observed)} points", f"mean abs. error {_fmt(o.error, unit)}")]
    return [
        (
            label,
            _fmt(obs, unit),
            f"{_fmt(o.mean[label], unit)} ({_fmt(o.low[label], unit)} to "
            f"{_fmt(o.high[label], unit)})",
        )
        for label, obs in o.observed.items()
    ]


def _tolerance(o: Outcome) -> str:
    t = o.pattern.tolerance
    if t.mae is not None:
        return f"mean abs. error <= {_fmt(t.mae, o.pattern.unit)}"
    if t.abs is not None:
        return f"+-{_fmt(t.abs, o.pattern.unit).lstrip('+')}"
    return f"+-{t.rel:.0%}"


def console_rows(outcomes: list[Outcome]) -> list[tuple[str, str, str, str]]:
    """Rows for the terminal: pattern (and point), observed, model, status."""
    rows = []
    for o in outcomes:
        for i, (label, obs, model) in enumerate(_points(o)):
            name = o.name + (f" {label}" if label else "")
            rows.append((name, obs, model, o.status if i == 0 else ""))
    return rows


def table(outcomes: list[Outcome]) -> str:
    """The pattern table in Markdown: observed, model mean and 90% range, tolerance, status."""
    lines = [
        f"| pattern | point | observed | model: mean ({BAND[0]}th to {BAND[1]}th percentile "
        "over seeds) | tolerance | result |",
        "|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        for i, (label, obs, model) in enumerate(_points(o)):
            first = i == 0
            lines.append(
                f"| {o.name if first else ''} | {label} | {obs} | {model} | "
                f"{_tolerance(o) if first else ''} | {o.status if first else ''} |"
            )
    return "\n".join(lines)


def _figure(o: Outcome, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = list(o.observed)
    obs = np.array([o.observed[k] for k in labels])
    mean = np.array([o.mean[k] for k in labels])
    low = np.array([o.low[k] for k in labels])
    high = np.array([o.high[k] for k in labels])
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    if len(labels) > MANY:
        ax.errorbar(obs, mean, yerr=[mean - low, high - mean], fmt="o", ms=3, alpha=0.6,
                    label="model: mean and 90% range over seeds")  # fmt: skip
        lo, hi = np.nanmin([obs.min(), low.min()]), np.nanmax([obs.max(), high.max()])
        ax.plot([lo, hi], [lo, hi], "k--", lw=1, label="model = observed")
        ax.set_xlabel(f"observed ({o.pattern.unit})")
        ax.set_ylabel(f"model ({o.pattern.unit})")
    else:
        x = np.arange(len(labels))
        ax.bar(x, mean, color="#9ecae1", label="model: mean over seeds")
        ax.errorbar(x, mean, yerr=[mean - low, high - mean], fmt="none", ecolor="#3182bd",
                    capsize=4, label="model: 90% range")  # fmt: skip
        ax.plot(x, obs, "ko", label="observed")
        ax.set_xticks(x, [k or o.name for k in labels], rotation=20 if len(x) > 4 else 0)
        ax.set_ylabel(o.pattern.unit)
        ax.axhline(0, color="grey", lw=0.5)
    ax.set_title(f"{o.name}: {o.status}", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_patterns(outcomes: list[Outcome], out: Path, command: str) -> Path:
    """``patterns.md`` with the table, then each pattern's figure and what stands behind it."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "figures").mkdir(exist_ok=True)
    met = sum(o.met for o in outcomes)
    lines = [
        "# Observed patterns: model against observation",
        "",
        f"Made by `{command}`. {met} of {len(outcomes)} patterns met. A pattern is met when "
        "the model's mean over seeds is within tolerance at every point (or, for patterns of "
        "many points, on average). Known misses are reported as misses.",
        "",
        table(outcomes),
        "",
    ]
    for o in outcomes:
        p = o.pattern
        figure = _figure(o, out / "figures" / f"{o.name}.png")
        lines += [
            f"## {o.name}: {o.status}",
            "",
            f"{p.what} ({p.unit}; {p.period}; {p.area}). Source: {p.source}"
            + (f" (data/observed/{', data/observed/'.join(p.data)})" if p.data else "")
            + ".",
            "",
            f"Run: `{p.scenario}` for {p.years} years; statistic `{p.statistic}` "
            f"{p.options}. Tolerance {_tolerance(o)}: {p.tolerance.reason}.",
            "",
        ]
        if p.mechanisms:
            lines += [f"What makes it in the model: {p.mechanisms}.", ""]
        if p.known_miss:
            lines += [f"Known miss: {p.known_miss}", ""]
        lines += [f"![{o.name}](figures/{figure.name})", ""]
    path = out / "patterns.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def write_calibration(posterior, cal, out: Path, command: str, source: str) -> list[Path]:
    """The posterior table and figure, the samples, the held-back check and a scenario
    fragment (posterior medians) that ``extends:`` can use."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out.mkdir(parents=True, exist_ok=True)
    posterior.samples.to_parquet(out / "samples.parquet")
    posterior.summary.to_csv(out / "posterior.csv", index=False)
    names = list(cal.parameters)
    cols = 3
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.4 * rows), squeeze=False)
    accepted = posterior.samples[posterior.samples.accepted]
    for ax, name in zip(axes.ravel(), names, strict=False):
        lo, hi = cal.parameters[name].bounds
        bins = np.linspace(lo, hi, 16)
        ax.hist(posterior.samples[name], bins=bins, color="#ddd", label="prior sample")
        ax.hist(accepted[name], bins=bins, color="#9ecae1", label="accepted")
        ax.hist(posterior.adjusted[name], bins=bins, weights=posterior.adjusted.weight,
                histtype="step", color="#08519c", lw=2, label="adjusted")  # fmt: skip
        ax.set_title(name, fontsize=9)
    for ax in axes.ravel()[len(names) :]:
        ax.axis("off")
    axes[0, 0].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out / "posterior.png", dpi=100)
    plt.close(fig)
    closest = cal.point == "closest"
    what = "the accepted run closest to the fitted patterns" if closest else "the posterior medians"
    fragment = [
        f"# Calibrated by `{command}` ({source}): {what} of an ABC",
        f"# calibration against the patterns {', '.join(cal.fit)}",
        f"# ({len(posterior.samples)} prior samples, {int(posterior.samples.accepted.sum())} "
        "accepted, regression-adjusted); held back as a check: "
        f"{', '.join(cal.check) or 'none'}. 90% ranges in posterior.csv.",
    ]
    tree: dict = {}
    for row in posterior.summary.itertuples():
        node = tree
        *parents, leaf = row.path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = (
            (row.closest, row.accepted_q5, row.accepted_q95)
            if closest
            else (row.q50, row.q5, row.q95)
        )
    fragment += _yaml(tree, 0)
    (out / "calibrated.yaml").write_text("\n".join(fragment) + "\n", encoding="utf-8")
    lines = [
        "# Calibration",
        "",
        f"Made by `{command}` from `{source}`: {len(posterior.samples)} prior samples (Latin "
        f"hypercube), {int(posterior.samples.accepted.sum())} accepted (the closest "
        f"{cal.accept:.0%} to the fitted patterns), "
        + (
            "adjusted by local-linear regression."
            if posterior.adjusted.attrs.get("regression")
            else "not adjusted: too few accepted points for the regression (the adjusted "
            "columns repeat the accepted ones)."
        ),
        "",
        f"The scenario fragment `calibrated.yaml` holds {what} (`point: {cal.point}`).",
        "",
        "| parameter | prior | accepted: 5% / 50% / 95% | adjusted: 5% / 50% / 95% | closest "
        "accepted run |",
        "|---|---|---|---|---|",
    ]
    for r in posterior.summary.itertuples():
        lines.append(
            f"| `{r.path}` | {r.prior_low:g} to {r.prior_high:g} | {r.accepted_q5:.3g} / "
            f"{r.accepted_q50:.3g} / {r.accepted_q95:.3g} | {r.q5:.3g} / {r.q50:.3g} / "
            f"{r.q95:.3g} | {r.closest:.3g} |"
        )
    lines += ["", "![posterior](posterior.png)", ""]
    if posterior.held_back:
        lines += [
            "Held-back patterns over the accepted runs (not used in the fit):",
            "",
            table(posterior.held_back),
            "",
        ]
    (out / "calibration.md").write_text("\n".join(lines), encoding="utf-8")
    return [
        out / n for n in ("calibration.md", "posterior.csv", "posterior.png", "calibrated.yaml")
    ]


def _yaml(tree: dict, depth: int) -> list[str]:
    lines = []
    for key, value in tree.items():
        pad = "  " * depth
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines += _yaml(value, depth + 1)
        else:
            median, low, high = value
            lines.append(f"{pad}{key}: {median:.3g}  # calibrated (90%: {low:.3g} to {high:.3g})")
    return lines


def frame(outcomes: list[Outcome]) -> pd.DataFrame:
    """The outcomes as a tidy table (one row per pattern point)."""
    return pd.DataFrame(
        [
            {
                "pattern": o.name,
                "point": k,
                "observed": v,
                "mean": o.mean[k],
                "low": o.low[k],
                "high": o.high[k],
                "met": o.met,
                "status": o.status,
            }
            for o in outcomes
            for k, v in o.observed.items()
        ]
    )
