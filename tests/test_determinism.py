"""Same scenario and seed: the same bytes out. A different seed: different results."""

import hashlib

from sim import run
from tests.conftest import two_towns

FILES = ("kpis.parquet", "region.parquet", "flows.parquet", "goods.parquet", "scenario.yaml")


def _digests(folder):
    return {f: hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in FILES}


def test_same_seed_gives_identical_files(tmp_path):
    scenario = two_towns(run={"years": 1, "seed": 11})
    a = run(scenario).write(tmp_path / "a")
    b = run(scenario).write(tmp_path / "b")
    assert _digests(a) == _digests(b)


def test_seed_argument_overrides_and_changes_results(tmp_path):
    scenario = two_towns(run={"years": 1, "seed": 11})
    a = run(scenario, seed=12)
    b = run(scenario, seed=13)
    assert a.seed == 12 and a.scenario.run.seed == 12
    assert not a.kpis.equals(b.kpis)
