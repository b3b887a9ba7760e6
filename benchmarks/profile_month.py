"""Time per mechanism of a month: where a step's time goes.

Usage: python benchmarks/profile_month.py [SCENARIO] [--months N] [--set PATH=VALUE ...]

Builds the model, runs N months (24 by default) with a timer around each mechanism of the
month (process time, so that other processes on the machine count less) and prints the
milliseconds per month of each, largest first, and the resident-steps per second.
"""

from __future__ import annotations

import argparse
import collections
import time

from sim import load_scenario
from sim.model.model import MONTH, RegionModel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="scenarios/tokachi.yaml")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    args = parser.parse_args()
    model = RegionModel(load_scenario(args.scenario, overrides=args.set))
    spent: collections.Counter[str] = collections.Counter()

    def timed(owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def call(*a, **k):
            t = time.process_time()
            try:
                return inner(*a, **k)
            finally:
                spent[label] += time.process_time() - t

        setattr(owner, name, call)

    for name in MONTH:
        timed(getattr(model, name), "step", name)
    timed(model, "fiscal_year", "fiscal_year")
    timed(model, "check", "check")
    timed(model.kpis, "record", "kpis")
    start, agent_months = time.process_time(), 0
    for _ in range(args.months):
        model.step()
        agent_months += model.residents.n
    total = time.process_time() - start
    print(
        f"{args.scenario}: {args.months} months, {total / args.months * 1000:.1f} ms a month, "
        f"{agent_months / total / 1e6:.2f} million resident-steps/s (process time)"
    )
    for label, seconds in spent.most_common():
        print(f"  {label:15s} {seconds / args.months * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
