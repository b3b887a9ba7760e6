"""Speed and memory at scale, each figure measured in this one invocation (issue 11).

Usage: python benchmarks/bench_scale.py [--only NAME ...] [--japan-steps N] [--batch-years N]

Parts (all by default, each in its own fresh process so that peak memory belongs to it):
  boltzmann   Mesa's own Boltzmann wealth example (5,000 agents, 50 x 50 grid, 100 steps):
              agent-steps per second, the yardstick the ratios below are taken against
  kamishihoro kamishihoro.yaml, 20 years: seconds of simulation (start-up and imports apart)
  tokachi     tokachi.yaml at scale 1, 20 years: seconds, resident-steps per second, peak MB
  japan       japan.yaml at scale 100, 20 years: seconds, resident-steps per second, peak MB
  japan10     japan.yaml at scale 10 for --japan-steps months (12 by default): seconds per
              month and peak MB (a whole 20 years at scale 10 is a long run: the figure is
              per month, and says so)
  batch       20 Tokachi runs of --batch-years years (20 by default: tokachi.yaml as shipped)
              with 1 and with 2 workers: runs per minute and their ratio (shorter runs give a
              lower ratio: the batch's fixed costs and each worker's start weigh more)

Results go to benchmarks/out/bench_scale.json. Timing is never a pass/fail test: this
script only measures, and prints ratios measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Run in a child process: build the model, time the months alone, count resident-steps.
RUN = """
import resource, sys, time, warnings
warnings.simplefilter("ignore")
t0 = time.perf_counter()
from sim import load_scenario
from sim.model.model import RegionModel
scenario = load_scenario(sys.argv[1], overrides=sys.argv[3:])
model = RegionModel(scenario)
t1 = time.perf_counter()
steps, agent_steps = int(sys.argv[2]), 0
for _ in range(steps):
    model.step()
    agent_steps += model.residents.n
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, agent_steps, model.residents.n,
      resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

BOLTZMANN = """
import sys, time
from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario, BoltzmannWealth
n, steps = int(sys.argv[1]), int(sys.argv[2])
model = BoltzmannWealth(BoltzmannScenario(n=n, width=50, height=50, rng=1))
t = time.perf_counter()
for _ in range(steps):
    model.step()
print(time.perf_counter() - t, n * steps)
"""


def _child(code: str, *args: str, one_core: bool = True) -> list[str]:
    """Run ``code`` in a fresh Python, pinned to one core when asked (taskset)."""
    cmd = [sys.executable, "-c", code, *args]
    if one_core and _has_taskset():
        cmd = ["taskset", "-c", "0", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
    return out.stdout.split()


def _has_taskset() -> bool:
    return subprocess.run(["which", "taskset"], capture_output=True).returncode == 0


def boltzmann() -> dict:
    seconds, agent_steps = _child(BOLTZMANN, "5000", "100")
    return {"agent_steps_per_second": round(int(agent_steps) / float(seconds))}


def run(scenario: str, steps: int, *overrides: str) -> dict:
    build, seconds, agent_steps, final, rss = _child(RUN, scenario, str(steps), *overrides)
    return {
        "scenario": scenario,
        "overrides": list(overrides),
        "months": steps,
        "build_seconds": round(float(build), 2),
        "simulation_seconds": round(float(seconds), 2),
        "seconds_per_month": round(float(seconds) / steps, 3),
        "resident_steps_per_second": round(int(agent_steps) / float(seconds)),
        "final_residents": int(final),
        "peak_memory_mb": round(int(rss) / 1024),
    }


def batch(years: int) -> dict:
    """Runs per minute of 20 Tokachi runs with 1 and with 2 workers (dxsim batch)."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        experiment = Path(tmp) / "tokachi20.yaml"
        experiment.write_text(
            "name: tokachi20\n"
            f"scenarios: [{ROOT / 'scenarios/tokachi.yaml'}]\n"
            f"replicates: 20\nset: [run.years={years}]\n"
        )
        for workers in (1, 2):
            t = time.perf_counter()
            subprocess.run(
                [
                    str(Path(sys.executable).with_name("dxsim")),
                    "batch",
                    str(experiment),
                    "--workers",
                    str(workers),
                    "--out",
                    str(Path(tmp) / f"w{workers}"),
                ],
                check=True,
                capture_output=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONWARNINGS": "ignore"},
            )
            minutes = (time.perf_counter() - t) / 60
            out[f"runs_per_minute_{workers}_workers"] = round(20 / minutes, 2)
    out["ratio_2_over_1"] = round(
        out["runs_per_minute_2_workers"] / out["runs_per_minute_1_workers"], 2
    )
    out["years"] = years
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parts = ["boltzmann", "kamishihoro", "tokachi", "japan", "japan10", "batch"]
    parser.add_argument("--only", nargs="+", choices=parts, default=parts)
    parser.add_argument("--japan-steps", type=int, default=12)
    parser.add_argument(
        "--batch-years", type=int, default=20, help="years of each batch run (20: as shipped)"
    )
    args = parser.parse_args()
    report: dict = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "pinned_to_one_core": _has_taskset(),
        }
    }
    months = 20 * 12
    jobs = {
        "boltzmann": boltzmann,
        "kamishihoro": lambda: run("scenarios/kamishihoro.yaml", months),
        "tokachi": lambda: run("scenarios/tokachi.yaml", months, "run.scale=1"),
        "japan": lambda: run("scenarios/japan.yaml", months, "run.scale=100"),
        "japan10": lambda: run("scenarios/japan.yaml", args.japan_steps, "run.scale=10"),
        "batch": lambda: batch(args.batch_years),
    }
    for name in args.only:
        print(f"measuring {name} ...", flush=True)
        report[name] = jobs[name]()
        print(f"  {report[name]}", flush=True)
    if "boltzmann" in report:
        base = report["boltzmann"]["agent_steps_per_second"]
        for name in ("tokachi", "japan"):
            if name in report:
                ratio = report[name]["resident_steps_per_second"] / base
                report[name]["times_boltzmann"] = round(ratio, 1)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench_scale.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
