"""The allocator setting (sim/model/allocator.py): applied once on glibc, refused when asked,
and without effect on results."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import hashlib, warnings
warnings.simplefilter("ignore")
from sim import run
from sim.model.allocator import keep_freed_memory
r = run("scenarios/kamishihoro.yaml", years=1)
print(keep_freed_memory(), hashlib.sha256(r.kpis.to_csv().encode()).hexdigest())
"""


def run_with(env_value: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "DXSIM_MALLOC"}
    if env_value is not None:
        env["DXSIM_MALLOC"] = env_value
    out = subprocess.run(
        [sys.executable, "-c", RUN], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a glibc setting")
def test_the_setting_is_applied_or_refused_and_results_stay_the_same():
    tuned, default = run_with(None), run_with("default")
    assert tuned[0] == "True" and default[0] == "False"
    assert tuned[1] == default[1]  # the same KPIs to the byte


def test_it_is_applied_once():
    from sim.model.allocator import keep_freed_memory

    assert keep_freed_memory() == keep_freed_memory()
