"""Compile the model's numba kernels once: ``python -m sim.model.warm`` (``make warm``).

Numba compiles a kernel for each combination of argument types on its first call and caches
the machine code beside ``sim/model/kernels.py``. Two months of a small region call every kernel
with the types the model uses, so later runs, tests and batch workers load them instead of
compiling them each at once.
"""

from __future__ import annotations

import time
import warnings


def main() -> None:
    from ..scenario import load_scenario
    from .model import RegionModel

    start = time.perf_counter()
    data = {
        "name": "warm",
        "run": {"years": 1, "seed": 1},
        "municipalities": {
            "a": {"population": 3000, "lat": 43.0, "lon": 143.0, "prefecture": "北海道"},
            "b": {"population": 6000, "lat": 43.18, "lon": 143.0, "prefecture": "北海道"},
        },
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = RegionModel(load_scenario(data=data))
        for _ in range(13):  # into a second fiscal year: every mechanism has run
            model.step()
    print(f"numba kernels ready ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
