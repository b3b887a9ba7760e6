"""Fan charts of any KPI of a batch: median and 50%/90% bands over replicates, per arm.

The spread between replicates is the model's own randomness; a fan shows it over time beside
the median, so that a difference between scenarios can be judged against it. The bands are
quantiles over the runs of an arm: its replicates, and any input not among ``by`` (pooled,
which the title says).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..scenario.loader import ScenarioError
from .outcomes import Batch

__all__ = ["default_by", "fan_table", "fan_figure"]

QUANTILES = {"q05": 0.05, "q25": 0.25, "median": 0.5, "q75": 0.75, "q95": 0.95}


def default_by(batch: Batch) -> list[str]:
    """The arms: scenario and every factor or lever; sampled points and futures are pooled."""
    sampled = set()
    exp = batch.experiment
    for block in (exp.design, exp.uncertainties):
        if block is not None:
            sampled |= {"sample", "future", *block.parameters}
    return [c for c in batch.arms if c not in sampled]


def filter_runs(data: pd.DataFrame, where: list[str]) -> pd.DataFrame:
    """Only the runs with COLUMN=VALUE for each of ``where``."""
    for text in where:
        column, _, value = text.partition("=")
        if column not in data.columns or not value:
            raise ScenarioError([f"--where {text}: expected COLUMN=VALUE with a key column"])
        keep = data[column].astype(str) == value
        if data[column].dtype.kind in "fi":
            try:
                keep |= data[column] == float(value)
            except ValueError:
                pass
        if not keep.any():
            shown = ", ".join(str(v) for v in data[column].drop_duplicates())
            raise ScenarioError([f"--where {text}: no run has it ({column}: {shown})"])
        data = data[keep]
    return data


def fan_table(
    batch: Batch,
    kpi: str,
    municipality: str | None = None,
    by: list[str] | None = None,
    where: list[str] | None = None,
) -> pd.DataFrame:
    """Per arm (the ``by`` columns) and step: runs, median and the 5/25/75/95% quantiles."""
    by = default_by(batch) if not by else by
    unknown = [c for c in by if c not in batch.arms]
    if unknown:
        raise ScenarioError(
            [f"--by {', '.join(unknown)}: not a key column ({', '.join(batch.arms)})"]
        )
    data = filter_runs(batch.series(kpi, municipality), where or [])
    grouped = data.groupby([*by, "step", "date"], sort=False)["value"]
    table = grouped.quantile(list(QUANTILES.values())).unstack()
    table.columns = list(QUANTILES)
    table.insert(0, "runs", grouped.size())
    table = table.reset_index()
    pooled = [c for c in batch.arms if c not in by]
    table.attrs["pooled"] = pooled
    return table


def fan_figure(
    table: pd.DataFrame, kpi: str, stem: Path, lang: str = "en", where: str = ""
) -> list[Path]:
    """One fan per arm (overlaid up to four arms, else one panel each), as PNG and SVG."""
    from ..outputs.figure_tools import pyplot, save_both
    from .analysis_text import kpi_label, word

    plt = pyplot(lang)
    by = [c for c in table.columns if c not in ("step", "date", "runs", *QUANTILES)]
    arms = list(table.groupby(by, sort=False, dropna=False)) if by else [((), table)]
    overlay = len(arms) <= 4
    cols = 1 if overlay else min(3, len(arms))
    rows = 1 if overlay else -(-len(arms) // cols)
    fig, axes = plt.subplots(
        rows,
        cols,
        figsize=(7.5 if overlay else 3.4 * cols, 4.2 if overlay else 2.6 * rows),
        squeeze=False,
        sharex=True,
        sharey=True,
    )
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, (arm, g) in enumerate(arms):
        ax = axes[0][0] if overlay else axes[i // cols][i % cols]
        arm = arm if isinstance(arm, tuple) else (arm,)
        label = ", ".join(
            f"{c}={v}" if c != "scenario" else str(v) for c, v in zip(by, arm, strict=True)
        )
        color = colors[i % len(colors)]
        x = pd.to_datetime(g.date)
        ax.fill_between(x, g.q05, g.q95, color=color, alpha=0.15, lw=0)
        ax.fill_between(x, g.q25, g.q75, color=color, alpha=0.3, lw=0)
        ax.plot(x, g["median"], color=color, lw=1.4, label=label)
        ax.grid(alpha=0.3)
        if not overlay:
            ax.set_title(label, fontsize=8)
    for ax in axes[-1]:
        ax.set_xlabel(word("date", lang))
        ax.tick_params(axis="x", labelsize=7, rotation=30)
    for row in axes:
        row[0].set_ylabel(kpi_label(kpi, lang))
    for i in range(len(arms), rows * cols):  # an empty panel: the one above shows the dates
        axes[i // cols][i % cols].set_visible(False)
        if i >= cols:
            above = axes[i // cols - 1][i % cols]
            above.tick_params(axis="x", labelbottom=True, labelsize=7, rotation=30)
            above.set_xlabel(word("date", lang))
    n = int(table.runs.min())
    title = word("fan_title", lang, kpi=kpi_label(kpi, lang), n=n)
    pooled = table.attrs.get("pooled") or []
    if pooled:
        title += (
            f" (pooled over {', '.join(pooled)})"
            if lang == "en"
            else f"（{', '.join(pooled)}を合算）"
        )
    if where:
        title += f"; {where}"
    fig.suptitle(title, fontsize=9)
    if overlay:
        from matplotlib.patches import Patch

        handles, labels = axes[0][0].get_legend_handles_labels()
        handles += [Patch(color="grey", alpha=0.45), Patch(color="grey", alpha=0.15)]
        labels += [word("band50", lang), word("band90", lang)]
        axes[0][0].legend(handles, labels, fontsize=7)
    return save_both(fig, stem)
