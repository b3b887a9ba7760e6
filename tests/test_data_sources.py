"""The shipped scenarios agree with the shipped data, and say where every value comes from."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from sim import load_scenario
from tests.conftest import ROOT, SCENARIOS

#: Run settings say how to run, not what the world is like: they need no source.
SETTINGS = {"start_year", "start_month", "years", "seed", "scale", "check_conservation"}
SETTINGS |= {"code", "extends"}  # an identifier and a file name, not values of the world
VALUE = re.compile(r"^(\s*)(?:-\s+)?(\w+):\s+([-0-9.][^#]*?|true|false|\[.*?\])\s*(#.*)?$")


def census() -> pd.Series:
    table = pd.read_csv(
        ROOT / "data" / "census2020_municipal_population.csv",
        dtype={"area_code": str},
        encoding="utf-8-sig",
    )
    return table.set_index("area_code").population


def test_tokachi_populations_are_the_2020_census():
    towns = load_scenario(SCENARIOS / "tokachi.yaml").municipalities
    counts = census()
    assert len(towns) == 19
    for key, town in towns.items():
        assert town.population == counts[town.code], key
    assert sum(t.population for t in towns.values()) == 332_918


def unmarked(path, root=ROOT) -> list[str]:
    """Value lines with no comment on them or on any enclosing key's line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    missing = []
    for i, line in enumerate(lines):
        m = VALUE.match(line)
        if not m or m.group(4) or m.group(2) in SETTINGS:
            continue
        indent, marked = len(m.group(1)), False
        for above in reversed(lines[:i]):
            if not above.strip() or above.lstrip().startswith("#"):
                continue
            depth = len(above) - len(above.lstrip())
            if depth < indent:
                marked, indent = marked or "#" in above, depth
            if depth == 0:
                break
        if not marked:
            missing.append(f"{path.relative_to(root)}:{i + 1}: {line.strip()}")
    return missing


SHIPPED = sorted(p for p in SCENARIOS.rglob("*.yaml") if p.name != "base.yaml")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_every_value_says_if_it_is_an_assumption_or_whence_it_comes(path):
    assert unmarked(path) == []


def test_the_check_finds_an_unmarked_value(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("demography:\n  tfr: 1.3\n  x: 2  # source\nit:  # source\n  y: 3\n")
    assert unmarked(path, root=tmp_path) == ["x.yaml:2: tfr: 1.3"]
