"""Do two versions of the model behave alike? The pattern statistics over many seeds.

Usage:
  python benchmarks/compare_versions.py collect CHECKOUT SEEDS OUT.json
  python benchmarks/compare_versions.py compare BEFORE.json AFTER.json [--top N]

`collect` imports the `sim` package of CHECKOUT (a folder with sim/, e.g. a `git worktree` of
an older commit) and, for seeds 1..SEEDS, computes every statistic of the pattern suite
(validation/patterns.yaml; Hokkaido at run.scale 50, Kamishihoro at scale 1) and six
end-of-run KPIs of a 20-year Kamishihoro run. `compare` tests each statistic for a difference
in mean (Welch) and in distribution (Kolmogorov-Smirnov), corrects for the number of
comparisons (Benjamini-Hochberg) and prints a markdown table of the largest differences.
A change of algorithm that changes the random stream should leave about 5% of the raw tests
below 0.05 and none after the correction (docs/performance.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
END_KPIS = ("population", "employed", "firms", "revenue_yen", "donations_yen", "it_cost_yen")


def collect(checkout: Path, seeds: int, out: Path) -> None:
    warnings.simplefilter("ignore")
    sys.path.insert(0, str(checkout.resolve()))
    from sim import load_scenario, run
    from sim.experiments.pattern_stats import STATISTICS, RunData
    from sim.experiments.patterns import load_patterns

    suite = load_patterns(ROOT / "validation" / "patterns.yaml")
    values: dict[str, list[float]] = {}
    runs: dict[tuple, list] = {}
    for name, p in suite.patterns.items():
        key = (p.scenario, p.years)
        if key not in runs:
            scale = 50 if "hokkaido" in p.scenario else 1
            over = [f"run.years={p.years}", f"run.scale={scale}"]
            scenario = load_scenario(checkout / "validation" / p.scenario, overrides=over)
            runs[key] = []
            for seed in range(1, seeds + 1):
                r = run(scenario, seed=seed)
                runs[key].append(RunData(r.kpis, r.migration))
                print(f"{p.scenario} seed {seed}", file=sys.stderr, flush=True)
        for data in runs[key]:
            for label, v in STATISTICS[p.statistic](data, **p.options).items():
                values.setdefault(f"{name}[{label}]" if label else name, []).append(float(v))
    for seed in range(1, seeds + 1):
        k = run(load_scenario(checkout / "scenarios" / "kamishihoro.yaml"), seed=seed).kpis
        end = k[k.step == k.step.max()]
        for col in END_KPIS:
            values.setdefault(f"kamishihoro_20y.{col}", []).append(float(end[col].sum()))
    out.write_text(json.dumps(values, indent=1) + "\n")


def compare(before: Path, after: Path, top: int) -> None:
    from scipy import stats

    a, b = json.loads(before.read_text()), json.loads(after.read_text())
    rows = []
    for key in a.keys() & b.keys():
        x, y = np.array(a[key]), np.array(b[key])
        se = np.sqrt(x.var(ddof=1) / x.size + y.var(ddof=1) / y.size)
        if se == 0:
            same = np.isclose(x.mean(), y.mean())
            p_t = p_ks = 1.0 if same else 0.0
        else:
            p_t = float(stats.ttest_ind(x, y, equal_var=False).pvalue)
            p_ks = float(stats.ks_2samp(x, y).pvalue)
        z = (y.mean() - x.mean()) / se if se > 0 else 0.0
        rows.append((key, x.mean(), y.mean(), z, p_t, p_ks))
    p_t = np.array([r[4] for r in rows])
    p_ks = np.array([r[5] for r in rows])
    q = stats.false_discovery_control(p_t)
    print(
        f"{len(rows)} statistics; Welch p < 0.05: {(p_t < 0.05).sum()} "
        f"({(p_t < 0.05).mean():.0%}); Kolmogorov-Smirnov p < 0.05: {(p_ks < 0.05).sum()} "
        f"({(p_ks < 0.05).mean():.0%}); different after Benjamini-Hochberg at 5%: "
        f"{(q < 0.05).sum()}\n"
    )
    print("| statistic | before (mean) | after (mean) | difference / SE | Welch p | KS p |")
    print("|---|---|---|---|---|---|")
    for key, mx, my, z, pt, pk in sorted(rows, key=lambda r: -abs(r[3]))[:top]:
        print(f"| {key} | {mx:.4g} | {my:.4g} | {z:+.2f} | {pt:.3f} | {pk:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("collect")
    c.add_argument("checkout", type=Path)
    c.add_argument("seeds", type=int)
    c.add_argument("out", type=Path)
    d = sub.add_parser("compare")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    d.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if args.command == "collect":
        collect(args.checkout, args.seeds, args.out)
    else:
        compare(args.before, args.after, args.top)


if __name__ == "__main__":
    main()
