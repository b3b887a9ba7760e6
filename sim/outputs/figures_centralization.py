"""The centralization comparison's figures and summary (``python -m sim.outputs.figures
centralization``): the legacy cost curve, spending, money leaving the region, online use, hours,
outages, the running cost after the switch against before town by town and by part, migration
progress and the vendors' prices. Analysis only: reads a batch's tables, never runs the model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .figure_tools import FY2017, fy_totals, plot_lines, save_figure, short_name
from .summaries import (
    AFTER_FY,
    BEFORE_FY,
    ORDER,
    centralization_numbers,
    cost_ratios,
    ratio_table,
)

__all__ = ["centralization", "market_sensitivity"]


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
    made.append(save_figure(fig, out / "cost_curve.png"))

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
        plot_lines(ax, fy_totals(region, column, how), scale)
        ax.set_ylabel(label)
        ax.legend(fontsize=8)
        made.append(save_figure(fig, out / name))
    made.append(_outages(kpis, out / "outages.png"))
    ratios = cost_ratios(kpis)
    made += _cost_ratio_figures(ratios, kpis, region, out)
    summary = _summary(region) + "\n" + centralization_numbers(region, kpis)
    summary += "\n" + ratio_table(ratios)
    (out / "summary.md").write_text(summary, encoding="utf-8")
    made.append(out / "summary.md")
    return made


def _cost_ratio_figures(
    ratios: pd.DataFrame, kpis: pd.DataFrame, region: pd.DataFrame, out: Path
) -> list[Path]:
    """Running cost after the switch over before, town by town; its parts; the functions
    moved and the vendors' prices over time."""
    import matplotlib.pyplot as plt

    made = []
    r = ratios.assign(scenario=ratios.scenario.map(short_name))
    names = [n for n in ORDER if n in set(r.scenario)]
    town = r.groupby(["scenario", "municipality"]).agg(
        ratio=("ratio", "mean"), pop=("population", "mean")
    )
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for i, name in enumerate(names):
        t = town.loc[name]
        x = i + np.linspace(-0.25, 0.25, len(t))
        sc = ax.scatter(x, t.ratio, c=np.log10(t["pop"]), cmap="viridis", s=18, vmin=3, vmax=5.3)
    ax.axhline(0.7, color="tab:red", ls="--", lw=1, label="national target (-30%)")
    ax.axhline(1.0, color="grey", lw=0.8)
    ax.set_xticks(range(len(names)), names, rotation=25, ha="right", fontsize=8)
    ax.set_ylabel(f"running IT cost FY{AFTER_FY} / FY{BEFORE_FY}")
    ax.set_title("Running cost after the switch against before, town by town (mean of seeds)")
    fig.colorbar(sc, ax=ax, label="log10 population")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    made.append(save_figure(fig, out / "cost_ratio.png"))
    parts = [
        c
        for c in r.columns
        if c not in ("scenario", "replicate", "municipality", "ratio", "population", "it_vendor")
    ]
    weights = r.assign(w=1.0)
    mean = weights.groupby("scenario")[parts].mean().loc[names]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    bottom = np.zeros(len(names))
    for part in parts:
        ax.bar(range(len(names)), mean[part], bottom=bottom, label=part)
        bottom += mean[part].to_numpy()
    ax.axhline(0.7, color="tab:red", ls="--", lw=1)
    ax.axhline(1.0, color="grey", lw=0.8)
    ax.set_xticks(range(len(names)), names, rotation=25, ha="right", fontsize=8)
    ax.set_ylabel(f"FY{AFTER_FY} running cost / FY{BEFORE_FY} (mean of towns)")
    ax.set_title("What the running cost is made of")
    ax.legend(fontsize=7, ncol=3)
    made.append(save_figure(fig, out / "cost_parts.png"))
    k = kpis[kpis.step > 0]
    moved = k.groupby(["scenario", "replicate", "date"]).it_functions_standard.sum()
    towns = k.municipality.nunique()
    moved = (moved / (20 * towns)).groupby(["scenario", "date"]).mean()
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name in moved.index.get_level_values(0).unique():
        if "standard" not in name and "joint_procurement" not in name:
            continue
        t = moved.loc[name]
        ax.plot(pd.to_datetime(t.index), t.to_numpy(), label=short_name(name))
    ax.set_ylabel("share of the 20 functions on the standard")
    ax.set_title("Migration progress (all towns)")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    made.append(save_figure(fig, out / "functions.png"))
    price = region[region.step > 0].groupby(["scenario", "date"]).vendor_price_index.mean()
    fig, ax = plt.subplots(figsize=(6.5, 4))
    for name in price.index.get_level_values(0).unique():
        t = price.loc[name]
        ax.plot(pd.to_datetime(t.index), t.to_numpy(), label=short_name(name))
    ax.set_ylabel("vendors' price index (1: normal)")
    ax.set_title("Vendors' prices follow how busy they are")
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3)
    made.append(save_figure(fig, out / "vendor_price.png"))
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
    return save_figure(fig, path)


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
    names = sorted(
        per_run.index.get_level_values(0).unique(), key=lambda s: ORDER.index(short_name(s))
    )
    lines = [
        "| | " + " | ".join(short_name(n) for n in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for key, (label, scale, fmt) in cols.items():
        cells = []
        for n in names:
            v = per_run.loc[n, key] / scale
            cells.append(f"{fmt.format(v.mean())} ({fmt.format(v.min())}-{fmt.format(v.max())})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def market_sensitivity(results: str | Path, out: str | Path) -> list[Path]:
    """The mandate's running-cost ratio (FY2027 over FY2022) over a grid of the vendor
    market's assumptions (``experiments/centralization_sensitivity.yaml``): a table of the
    mean over towns and replicates per combination, with the share of towns whose running
    cost rose and the share that met the -30% target, and one figure."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results, out = Path(results), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    kpis = pd.read_parquet(results / "kpis.parquet")
    cols = list(kpis.columns)
    factors = tuple(cols[cols.index("scenario") + 1 : cols.index("replicate")])
    ratios = cost_ratios(kpis, factors=factors)
    by = ratios.groupby(list(factors)).ratio
    table = pd.DataFrame(
        {
            "mean": by.mean(),
            "lowest": by.min(),
            "highest": by.max(),
            "rose": by.apply(lambda r: (r > 1).mean()),
            "target": by.apply(lambda r: (r <= 0.7).mean()),
        }
    ).reset_index()
    lines = [
        "| " + " | ".join(factors) + " | running cost FY2027 / FY2022: mean (lowest-highest "
        "town-run) | towns whose cost rose | towns at or below 0.7 (the target) |",
        "|" + "---|" * (len(factors) + 3),
    ]
    for row in table.itertuples(index=False):
        d = row._asdict()
        cells = [f"{d[f]:g}" for f in factors]
        cells += [f"{d['mean']:.2f} ({d['lowest']:.2f}-{d['highest']:.2f})"]
        cells += [f"{d['rose']:.0%}", f"{d['target']:.0%}"]
        lines.append("| " + " | ".join(cells) + " |")
    summary = out / "sensitivity.md"
    summary.write_text("\n".join(lines) + "\n", encoding="utf-8")

    x, line, panel = factors[-1], factors[0], factors[1] if len(factors) > 2 else None
    panels = sorted(table[panel].unique()) if panel else [None]
    fig, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 3.6), sharey=True)
    for ax, value in zip(np.atleast_1d(axes), panels, strict=True):
        part = table if panel is None else table[table[panel] == value]
        for level, t in part.groupby(line):
            ax.plot(t[x], t["mean"], marker="o", label=f"{line} {level:g}")
        ax.axhline(0.7, color="grey", ls="--", lw=1)
        ax.axhline(1.0, color="grey", lw=1)
        ax.set_xlabel(x)
        ax.set_title(f"{panel} {value:g}" if panel else "")
        ax.grid(alpha=0.3)
    np.atleast_1d(axes)[0].set_ylabel("running cost FY2027 / FY2022 (mean)")
    np.atleast_1d(axes)[0].legend(fontsize=8)
    fig.suptitle("The mandate's running cost against the vendor market's assumptions")
    return [summary, save_figure(fig, out / "sensitivity.png")]
