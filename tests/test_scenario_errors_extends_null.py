"""``extends:`` with a town set to null: the town is left out of what the file extends.

A planner builds their own town on a shipped one-town scenario; without a way to drop the
shipped town, ``extends:`` (which merges key by key) would make a region of two towns.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import jsonschema
import pytest

from sim.scenario import load_scenario
from sim.scenario.reference import json_schema
from tests.scenario_error_helpers import ROOT, at, problem, write

TWO = """\
name: two
municipalities:
  town:
    population: 1000
    lat: 43.0
    lon: 143.0
    policy:
      disclosure: 0.9
  village:
    population: 300
    lat: 43.1
    lon: 143.1
    share_65_plus: 0.9
demography:
  tfr: 1.5
it:
  schedule:
    - {fy: 2016, to: standard, municipalities: [town]}
"""


@pytest.mark.parametrize("null", ["null", "~", ""])
def test_a_town_set_to_null_is_left_out(tmp_path: Path, null: str):
    write(tmp_path, TWO.replace("share_65_plus: 0.9", "share_65_plus: 0.3"), "parent.yaml")
    child = write(
        tmp_path, f"extends: parent.yaml\nmunicipalities:\n  village: {null}\n", "child.yaml"
    )
    scenario = load_scenario(child)
    assert list(scenario.municipalities) == ["town"]
    assert scenario.municipalities["town"].policy.disclosure == 0.9  # the rest is inherited
    assert scenario.demography.tfr == 1.5


def test_a_left_out_town_takes_its_mistakes_with_it(tmp_path: Path):
    # the parent's village has share_65_plus 0.9 + the default share_0_14 > 1: not checked
    write(tmp_path, TWO, "parent.yaml")
    child = write(tmp_path, "extends: parent.yaml\nmunicipalities:\n  village: null\n", "c.yaml")
    assert list(load_scenario(child).municipalities) == ["town"]


def test_a_town_left_out_and_another_added(tmp_path: Path):
    base = ROOT / "scenarios" / "kamishihoro_baseline.yaml"
    own = write(
        tmp_path,
        f"extends: {base}\nmunicipalities:\n  kamishihoro: null\n  otofuke:\n"
        "    population: 43613\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no note about the left-out town
        scenario = load_scenario(own)
    assert list(scenario.municipalities) == ["otofuke"]


def test_leaving_out_a_town_the_parent_does_not_have(tmp_path: Path):
    parent = write(tmp_path, TWO, "parent.yaml")
    child = write(
        tmp_path, "extends: parent.yaml\nname: c\nmunicipalities:\n  vilage: null\n", "c.yaml"
    )
    assert problem(child) == (
        f"{at(child, 4)}: municipalities.vilage: null leaves out a town of the scenario this "
        f"file extends, but {parent.resolve()} (with what it extends) has no town 'vilage'; did "
        "you mean 'village'?"
    )


def test_null_for_a_town_without_extends(tmp_path: Path):
    path = write(tmp_path, "municipalities:\n  town: null\n  village:\n    population: 3\n")
    assert problem(path) == (
        f"{at(path, 2)}: municipalities.town: got nothing, expected the town's block of keys "
        "(key: value), e.g. `population: 4765`, indented below it; null leaves out a town only "
        "in a file that extends another (extends:)"
    )


def test_null_elsewhere_keeps_its_meaning(tmp_path: Path):
    # outside municipalities null replaces the value, as before: a block set to null is empty
    write(tmp_path, TWO.replace("share_65_plus: 0.9", "share_65_plus: 0.3"), "parent.yaml")
    child = write(tmp_path, "extends: parent.yaml\ndemography: null\n", "c.yaml")
    assert problem(child).startswith(f"{at(child, 2)}: demography: got nothing, expected a block")


def test_a_switch_naming_a_left_out_town_is_an_error(tmp_path: Path):
    parent = write(tmp_path, TWO.replace("share_65_plus: 0.9", "share_65_plus: 0.3"), "p.yaml")
    child = write(tmp_path, "extends: p.yaml\nmunicipalities:\n  town: null\n", "c.yaml")
    assert problem(child) == (
        f"{at(parent, 18)}: it.schedule entry 1 (fy 2016), municipalities item 1: unknown "
        "municipality 'town'; the scenario lists village"
    )


def test_editors_accept_a_town_set_to_null():
    schema = json_schema()
    jsonschema.validate({"municipalities": {"kamishihoro": None}}, schema)
    shipped = json.loads((ROOT / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert shipped == schema
