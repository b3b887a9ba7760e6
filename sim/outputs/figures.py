"""Figures and tables for the scenario docs, made from a batch's output folder.

Usage: python -m sim.outputs.figures centralization RESULTS_DIR [OUT_DIR]
       python -m sim.outputs.figures centralization_sensitivity RESULTS_DIR [OUT_DIR]
       python -m sim.outputs.figures investment_loops PAIR_DIR LOOPS_DIR [OUT_DIR]

Reads ``region.parquet`` and ``kpis.parquet`` written by ``dxsim batch`` and writes PNG
figures and ``summary.md`` (a Markdown table of 20-year totals, mean and range over
replicates) to OUT_DIR. Needs matplotlib (``pip install 'dxsim[plots]'``). Analysis only: it
never imports the runner.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

from .figure_tools import plot_mean_band, save_figure
from .figures_centralization import centralization
from .summaries import fiscal_years, programs_summary

__all__ = ["centralization", "investment_loops", "fiscal_years"]

OBSERVED_DONATIONS = {2015: 1536.6, 2016: 2100, 2018: 2085, 2021: 1529, 2022: 1501, 2023: 1472}


def investment_loops(pair: str | Path, loops: str | Path, out: str | Path) -> list[Path]:
    """Kamishihoro with programs, with its donations but no programs, as an ordinary town,
    and the reinvestment x disclosure x co-investment design."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    made = []
    region = pd.read_parquet(Path(pair) / "region.parquet")
    region["year"] = region.step / 12 + 2015 + 3 / 12
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name in ("kamishihoro", "kamishihoro_no_programs", "kamishihoro_baseline"):
        if (region.scenario == name).any():
            plot_mean_band(ax, region[region.scenario == name], "year", "population", name)
    ax.axhline(4768, color="black", lw=0.8, ls=":")
    ax.annotate(
        "observed Jan 2024: 4,768",
        (2024, 4768),
        textcoords="offset points",
        xytext=(0, 5),
        fontsize=8,
    )
    ax.set_ylabel("population (persons)")
    ax.set_xlabel("year")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    made.append(save_figure(fig, out / "population.png"))

    fig, ax = plt.subplots(figsize=(6.5, 4))
    with_programs = region[(region.scenario == "kamishihoro") & (region.step > 0)]
    yearly = (
        with_programs.assign(fy=fiscal_years(with_programs.date))
        .groupby(["replicate", "fy"])
        .donations_yen.sum()
        .reset_index()
    )
    plot_mean_band(ax, yearly, "fy", "donations_yen", "model (kamishihoro.yaml)", 1e6)
    ax.plot(list(OBSERVED_DONATIONS), list(OBSERVED_DONATIONS.values()), "kx", label="observed")
    ax.set_ylabel("hometown-tax donations (M yen / year)")
    ax.set_xlabel("fiscal year")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    made.append(save_figure(fig, out / "donations.png"))

    fig, ax = plt.subplots(figsize=(6.5, 4))
    later = region[region.step > 0]
    sums = later.groupby("scenario")[
        ["moves_in_0_14", "moves_in_20_49", "moves_in", "moves_in_65_plus"]
    ].sum()
    n_rep = later.groupby("scenario").replicate.nunique()
    other = sums.moves_in - sums.moves_in_0_14 - sums.moves_in_20_49 - sums.moves_in_65_plus
    parts = {
        "0-14": sums.moves_in_0_14,
        "20-49": sums.moves_in_20_49,
        "15-19 and 50-64": other,
        "65+": sums.moves_in_65_plus,
    }
    bottom = np.zeros(len(sums))
    for label, values in parts.items():
        v = (values / n_rep / 20).to_numpy()
        ax.bar(sums.index, v, bottom=bottom, label=label)
        bottom += v
    ax.set_ylabel("in-movers per year, by age")
    ax.legend(fontsize=8)
    made.append(save_figure(fig, out / "in_movers.png"))

    loops_region = pd.read_parquet(Path(loops) / "region.parquet")
    last = loops_region.step.max()
    end = loops_region[loops_region.step == last]
    later = loops_region[loops_region.step > 0]
    totals = (
        later.groupby(["reinvestment", "disclosure", "coinvestment", "replicate"])
        .agg(
            donations=("donations_yen", "sum"),
            programs=("program_spending_yen", "sum"),
            coinvested=("coinvestment_yen", "sum"),
        )
        .reset_index()
    )
    end = end.merge(totals, on=["reinvestment", "disclosure", "coinvestment", "replicate"])
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    for ax, col, label in (
        (axes[0], "population", "population after 20 years"),
        (axes[1], "donations", "donations over 20 years (bn yen)"),
    ):
        grid = end[end.coinvestment == end.coinvestment.max()].pivot_table(
            index="reinvestment", columns="disclosure", values=col, aggfunc="mean"
        )
        if col == "donations":
            grid = grid / 1e9
        im = ax.imshow(grid.values, origin="lower", cmap="viridis", aspect="auto")
        ax.set_xticks(range(grid.shape[1]), [f"{v:g}" for v in grid.columns])
        ax.set_yticks(range(grid.shape[0]), [f"{v:g}" for v in grid.index])
        ax.set_xlabel("disclosure")
        ax.set_ylabel("reinvestment share")
        ax.set_title(label, fontsize=9)
        lo, hi = np.nanmin(grid.values), np.nanmax(grid.values)
        for (i, j), v in np.ndenumerate(grid.values):
            light = (v - lo) / max(hi - lo, 1e-9) > 0.6  # dark text on the light cells
            text = f"{v:,.0f}" if col == "population" else f"{v:.1f}"
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="black" if light else "white",
            )
        fig.colorbar(im, ax=ax)
    made.append(save_figure(fig, out / "loops_grid.png"))
    keys = ["reinvestment", "disclosure", "coinvestment"]
    table = (
        end.groupby(keys)
        .agg(
            population=("population", "mean"),
            pop_min=("population", "min"),
            pop_max=("population", "max"),
            trust=("trust", "mean"),
            donations=("donations", "mean"),
            programs=("programs", "mean"),
            coinvested=("coinvested", "mean"),
            funds=("funds_yen", "mean"),
        )
        .reset_index()
    )
    lines = [
        "| reinvestment | disclosure | co-investment | population at the end | trust | "
        "donations, bn yen | program spending, bn yen | co-investment, bn yen | "
        "funds at the end, bn yen |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for _, r in table.iterrows():
        lines.append(
            f"| {r.reinvestment:g} | {r.disclosure:g} | {r.coinvestment:g} | "
            f"{r.population:,.0f} ({r.pop_min:,.0f}-{r.pop_max:,.0f}) | {r.trust:.2f} | "
            f"{r.donations / 1e9:.1f} | {r.programs / 1e9:.2f} | {r.coinvested / 1e9:.2f} | "
            f"{r.funds / 1e9:.1f} |"
        )
    (out / "loops_summary.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    made.append(out / "loops_summary.md")
    (out / "programs_summary.md").write_text(programs_summary(pair), encoding="utf-8")
    made.append(out / "programs_summary.md")
    return made


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "investment_loops":
        target = sys.argv[4] if len(sys.argv) > 4 else "docs/scenarios/figures/investment_loops"
        for path in investment_loops(sys.argv[2], sys.argv[3], target):
            print(path)
        sys.exit(0)
    if len(sys.argv) >= 3 and sys.argv[1] == "centralization_sensitivity":
        from .figures_centralization import market_sensitivity

        target = sys.argv[3] if len(sys.argv) > 3 else "docs/scenarios/figures/centralization"
        for path in market_sensitivity(sys.argv[2], target):
            print(path)
        sys.exit(0)
    if len(sys.argv) < 3 or sys.argv[1] != "centralization":
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    target = sys.argv[3] if len(sys.argv) > 3 else "docs/scenarios/figures/centralization"
    for path in centralization(sys.argv[2], target):
        print(path)
