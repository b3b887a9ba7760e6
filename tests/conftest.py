"""Shared fixtures: small scenarios that run in a second or two."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import load_scenario
from sim.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"


def two_towns(**blocks) -> Scenario:
    """A town of 3,000 and a neighbour of 6,000 persons 20 km apart."""
    data = {
        "name": "two_towns",
        "run": {"years": 1, "seed": 3},
        "municipalities": {
            "small": {"population": 3000, "share_65_plus": 0.36, "lat": 43.0, "lon": 143.0},
            "hub": {"population": 6000, "share_65_plus": 0.30, "lat": 43.18, "lon": 143.0},
        },
    }
    for key, value in blocks.items():
        data[key] = {**data.get(key, {}), **value}
    return load_scenario(data=data)


@pytest.fixture
def small_scenario() -> Scenario:
    return two_towns()


@pytest.fixture(scope="session")
def kamishihoro() -> Scenario:
    return load_scenario(SCENARIOS / "kamishihoro.yaml")
