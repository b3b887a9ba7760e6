"""Wall time and peak memory of whole runs, each in a fresh process.

Usage: python benchmarks/bench_run.py [--years N] [--population P] [--quick]

Runs kamishihoro.yaml and the generated region (default 300,000 persons) for 20 years, each
in its own process so that peak memory (ru_maxrss) belongs to that run alone, and reports
wall time, peak memory, person-months simulated per second and the ratio between the two
runs, all measured in this one invocation. Results also go to benchmarks/out/bench_run.json.
Timing is never a pass/fail test: this script only measures.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import resource, sys, time
from sim import load_scenario
from sim import run
scenario = load_scenario(sys.argv[1], overrides=sys.argv[2:])
t = time.perf_counter()
results = run(scenario)
wall = time.perf_counter() - t
k = results.kpis
person_months = int(k.loc[k.step > 0, 'population'].sum())
print(wall, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, person_months,
      int(k.loc[k.step == 0, 'population'].sum()))
"""


def measure(scenario: str, overrides: list[str]) -> dict:
    t = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT / scenario), *overrides],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    total = time.perf_counter() - t
    wall, rss_kb, person_months, start_pop = out.stdout.split()
    return {
        "scenario": scenario,
        "overrides": overrides,
        "start_population": int(start_pop),
        "run_seconds": round(float(wall), 2),
        "process_seconds": round(total, 2),
        "peak_memory_mb": round(int(rss_kb) / 1024, 1),
        "person_months_per_second": round(int(person_months) / float(wall)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--population", type=int, default=300_000)
    parser.add_argument("--quick", action="store_true", help="2 years, 30,000 persons")
    args = parser.parse_args()
    years = 2 if args.quick else args.years
    population = 30_000 if args.quick else args.population
    runs = [
        measure("scenarios/kamishihoro.yaml", [f"run.years={years}"]),
        measure(
            "scenarios/generated.yaml", [f"run.years={years}", f"generate.population={population}"]
        ),
    ]
    small, big = runs
    report = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "years": years,
        "runs": runs,
        "ratio_time_big_over_small": round(big["run_seconds"] / small["run_seconds"], 1),
        "ratio_population_big_over_small": round(
            big["start_population"] / small["start_population"], 1
        ),
    }
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_run.json").write_text(json.dumps(report, indent=2) + "\n")
    print(f"{'scenario':34} {'persons':>9} {'run s':>8} {'peak MB':>8} {'person-months/s':>16}")
    for r in runs:
        name = r["scenario"] + ("" if r is small else f" ({population:,})")
        print(
            f"{name:34} {r['start_population']:>9,} {r['run_seconds']:>8.1f} "
            f"{r['peak_memory_mb']:>8.0f} {r['person_months_per_second']:>16,}"
        )
    print(
        f"time ratio {report['ratio_time_big_over_small']} for a population ratio "
        f"{report['ratio_population_big_over_small']} ({years} years each)"
    )


if __name__ == "__main__":
    main()
