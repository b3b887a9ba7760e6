"""Figures and tables for the scenario docs, made from a batch's output folder.

Usage: python -m sim.figures centralization RESULTS_DIR [OUT_DIR]
       python -m sim.figures investment_loops PAIR_DIR LOOPS_DIR [OUT_DIR]

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

from .scenario.params_it import FY2017_COST_POINTS
from .summaries import ORDER, centralization_numbers, fiscal_years, programs_summary

__all__ = ["centralization", "investment_loops", "fiscal_years"]

#: MIC FY2017 cost per resident, each at the size standing for its class (a representative
#: small town of 8,000 persons; 150,000), the points the legacy costs are fitted to.
FY2017 = FY2017_COST_POINTS


def _short(name: str) -> str:
    return name.removeprefix("centralization_")


def _yearly(region: pd.DataFrame, column: str, how: str = "sum") -> pd.DataFrame:
    r = region[region.step > 0].assign(fy=lambda d: fiscal_years(d.date))
    per_run = r.groupby(["scenario", "replicate", "fy"])[column].agg(how).reset_index()
    return per_run.groupby(["scenario", "fy"])[column].agg(["mean", "min", "max"]).reset_index()


def _lines(ax, table: pd.DataFrame, scale: float = 1.0) -> None:
    from matplotlib.ticker import MaxNLocator

    for name in sorted(table.scenario.unique(), key=lambda s: ORDER.index(_short(s))):
        t = table[table.scenario == name]
        ax.plot(t.fy, t["mean"] / scale, label=_short(name))
        ax.fill_between(t.fy, t["min"] / scale, t["max"] / scale, alpha=0.15)
    ax.set_xlabel("fiscal year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)


def centralization(results: str | Path, out: str | Path) -> list[Path]:
    """The centralization comparison: cost curve, spending, leakage, online, outages."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results, out = Path(results), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    region = pd.read_parquet(results / "region.parquet")
    kpis = pd.read_parquet(results / "kpis.parquet")
    made = []

    # 1. the legacy cost curve, first simulated year, against the FY2017 figures
    legacy = kpis[(kpis.scenario.str.endswith("all_legacy")) & (kpis.step.between(1, 12))]
    per_town = legacy.groupby(["replicate", "municipality"]).agg(
        pop=("population", "mean"), cost=("it_cost_yen", "sum")
    )
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(
        per_town["pop"], per_town.cost / per_town["pop"], s=12, label="Tokachi towns (model)"
    )
    for pop, yen, label in FY2017:
        ax.scatter([pop], [yen], marker="x", s=60, color="black")
        ax.annotate(f"FY2017 {label}", (pop, yen), textcoords="offset points", xytext=(5, 5))
    ax.set_xscale("log")
    ax.set_xlabel("population (persons)")
    ax.set_ylabel("IT cost per resident (yen per year)")
    ax.set_title("Legacy systems: cost per resident falls with size")
    ax.grid(alpha=0.3)
    ax.legend()
    made.append(_save(fig, out / "cost_curve.png"))

    panels = (
        ("it_cost_yen", "sum", 1e6, "IT spending, region (M yen / year)", "it_spending.png"),
        (
            "it_leaving_region_yen",
            "sum",
            1e6,
            "IT money leaving the region (M yen / year)",
            "it_leaving.png",
        ),
        ("online_procedure_share", "mean", 0.01, "procedures done online (%)", "online.png"),
        (
            "resident_hours",
            "sum",
            1e3,
            "residents' hours on procedures (thousand / year)",
            "resident_hours.png",
        ),
        ("outage_days", "sum", 1.0, "outage days (population-weighted, per year)", "outages.png"),
    )
    for column, how, scale, label, name in panels:
        fig, ax = plt.subplots(figsize=(6.5, 4))
        _lines(ax, _yearly(region, column, how), scale)
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
        made.append(_save(fig, out / name))
    made.append(_outages(kpis, out / "outages.png"))
    summary = _summary(region) + "\n" + centralization_numbers(region, kpis)
    (out / "summary.md").write_text(summary, encoding="utf-8")
    made.append(out / "summary.md")
    return made


def _outages(kpis: pd.DataFrame, path: Path) -> Path:
    """Towns hit by an outage each month: scattered (legacy) vs all at once (standard).

    Shows the first replicate of the standard scenario with a cloud incident (every standard
    town hit in one month), and the same replicate of the legacy scenario.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    standard = kpis[kpis.scenario.str.endswith("standard_mandate") & (kpis.step > 0)]
    towns = standard.municipality.nunique()
    hits = standard[standard.outage_days > 0].groupby(["replicate", "step"]).size()
    shared = hits[hits == towns].reset_index().replicate
    replicate = int(shared.min()) if len(shared) else 0
    fig, axes = plt.subplots(2, 1, figsize=(6.5, 4.5), sharex=True)
    for ax, name in zip(axes, ("all_legacy", "standard_mandate"), strict=True):
        k = kpis[kpis.scenario.str.endswith(name) & (kpis.replicate == replicate)]
        k = k[k.step > 0]
        hit = (
            k.assign(hit=k.outage_days > 0)
            .groupby("step")
            .agg(date=("date", "first"), towns=("hit", "sum"))
        )
        ax.bar(pd.to_datetime(hit.date), hit.towns, width=25)
        ax.set_ylabel("towns hit")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # whole towns
        ax.set_title(name, fontsize=9)
        ax.grid(alpha=0.3)
    axes[-1].set_xlabel(f"month (replicate {replicate})")
    return _save(fig, path)


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def _summary(region: pd.DataFrame) -> str:
    """20-year totals per scenario: mean (min-max) over replicates."""
    last = region.step.max()
    later = region[region.step > 0]
    per_run = later.groupby(["scenario", "replicate"]).agg(
        it_cost=("it_cost_yen", "sum"),
        leaving=("it_leaving_region_yen", "sum"),
        subsidy=("it_subsidy_yen", "sum"),
        hours=("resident_hours", "sum"),
    )
    end = region[region.step == last].set_index(["scenario", "replicate"])
    per_run["online"] = end.online_procedure_share * 100
    per_run["linked"] = end.firms_linked_data
    per_run["population"] = end.population
    per_run["satisfaction"] = end.satisfaction
    cols = {
        "it_cost": ("IT spending, bn yen", 1e9, "{:.1f}"),
        "leaving": ("of which left the region, bn yen", 1e9, "{:.1f}"),
        "subsidy": ("national subsidy, bn yen", 1e9, "{:.2f}"),
        "hours": ("residents' hours on procedures, M", 1e6, "{:.1f}"),
        "online": ("online share at the end, %", 1, "{:.0f}"),
        "linked": ("firms using linked data at the end", 1, "{:,.0f}"),
        "population": ("population at the end", 1, "{:,.0f}"),
        "satisfaction": ("satisfaction at the end (0-1)", 1, "{:.3f}"),
    }
    names = sorted(per_run.index.get_level_values(0).unique(), key=lambda s: ORDER.index(_short(s)))
    lines = ["| | " + " | ".join(_short(n) for n in names) + " |", "|---|" + "---|" * len(names)]
    for key, (label, scale, fmt) in cols.items():
        cells = []
        for n in names:
            v = per_run.loc[n, key] / scale
            cells.append(f"{fmt.format(v.mean())} ({fmt.format(v.min())}-{fmt.format(v.max())})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


OBSERVED_DONATIONS = {2015: 1536.6, 2016: 2100, 2018: 2085, 2021: 1529, 2022: 1501, 2023: 1472}


def _mean_band(ax, frame: pd.DataFrame, x: str, y: str, label: str, scale: float = 1.0):
    g = frame.groupby(x)[y]
    mean, lo, hi = g.mean() / scale, g.min() / scale, g.max() / scale
    ax.plot(mean.index, mean.values, label=label)
    ax.fill_between(mean.index, lo.values, hi.values, alpha=0.15)


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
            _mean_band(ax, region[region.scenario == name], "year", "population", name)
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
    made.append(_save(fig, out / "population.png"))

    fig, ax = plt.subplots(figsize=(6.5, 4))
    with_programs = region[(region.scenario == "kamishihoro") & (region.step > 0)]
    yearly = (
        with_programs.assign(fy=fiscal_years(with_programs.date))
        .groupby(["replicate", "fy"])
        .donations_yen.sum()
        .reset_index()
    )
    _mean_band(ax, yearly, "fy", "donations_yen", "model (kamishihoro.yaml)", 1e6)
    ax.plot(list(OBSERVED_DONATIONS), list(OBSERVED_DONATIONS.values()), "kx", label="observed")
    ax.set_ylabel("hometown-tax donations (M yen / year)")
    ax.set_xlabel("fiscal year")
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    made.append(_save(fig, out / "donations.png"))

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
    made.append(_save(fig, out / "in_movers.png"))

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
    made.append(_save(fig, out / "loops_grid.png"))
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
    if len(sys.argv) < 3 or sys.argv[1] != "centralization":
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    target = sys.argv[3] if len(sys.argv) > 3 else "docs/scenarios/figures/centralization"
    for path in centralization(sys.argv[2], target):
        print(path)
