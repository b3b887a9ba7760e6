"""Scenarios that load as meant: ``extends`` merges and leaves out towns, ``--set`` reads YAML,
switches stay switches, slips in text are kept, notes are said but never refuse a file.

What a planner reads for each mistake is in ``test_scenario_messages.py`` and its golden file.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import jsonschema
import numpy as np
import pytest

import sim
from sim import RegionModel
from sim.scenario import Scenario, ScenarioError, ScenarioNote, load_scenario
from sim.scenario.notes import SMALL_YEN, small_money
from sim.scenario.reference import json_schema
from tests.cli_helpers import SCENARIOS, dxsim
from tests.golden_cases import IT_TOWN, KAMISHIHORO, ROOT, TOWN, TWO, TWO_TOWNS, program, pyramid


def write(folder: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def notes(path: Path, **options) -> list[ScenarioNote]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ScenarioNote)
        load_scenario(path, **options)
    return [w.message for w in caught if isinstance(w.message, ScenarioNote)]


def test_a_valid_file_loads_and_switches_stay_switches(tmp_path: Path) -> None:
    scenario = load_scenario(write(tmp_path, TOWN + "run:\n  check_conservation: no\n"))
    assert isinstance(scenario, Scenario)
    assert scenario.municipalities["town"].population == 1000
    assert scenario.run.check_conservation is False


@pytest.mark.parametrize("written", ["1e6", "1.5e+6", "2E7"])
def test_exponent_numbers_are_numbers(tmp_path: Path, written: str) -> None:
    path = write(tmp_path, TOWN + f"    policy:\n      marketing_yen: {written}\n")
    assert load_scenario(path).municipalities["town"].policy.marketing_yen == float(written)
    town = load_scenario(
        write(tmp_path, TOWN), [f"municipalities.town.policy.marketing_yen={written}"]
    )
    assert town.municipalities["town"].policy.marketing_yen == float(written)


def test_full_width_characters_and_null_in_text_are_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "description: |\n  \u3000上士幌町：人口の推移\n  Target： 4765\n"
        "name: 上士幌\u3000町\n" + TOWN + "    name_ja: 'note： 町'\n    it_addon_share: null\n",
    )
    scenario = load_scenario(path)
    assert scenario.name == "上士幌\u3000町"
    assert scenario.municipalities["town"].it_addon_share is None


def test_a_share_beside_a_pyramid_may_differ_by_half_a_point(tmp_path: Path) -> None:
    # the pyramid's 65+ share is 8/21 = 0.381: 0.385 loads (0.387 is refused: golden file)
    text = TOWN + "    share_65_plus: 0.385\n" + pyramid(["10"] * 21, ["10"] * 21)
    assert load_scenario(write(tmp_path, text)).municipalities["town"].age_pyramid is not None


@pytest.mark.parametrize("key", ["  reference_pyramid", "    age_pyramid"])
def test_a_pyramid_with_one_group_per_age_band_populates_the_town(tmp_path: Path, key: str):
    groups = ["0"] * 21
    groups[2] = groups[12] = groups[20] = "1"
    block = pyramid(groups, groups, key=key)
    text = TOWN + ("demography:\n" + block if key.strip() == "reference_pyramid" else block)
    model = RegionModel(load_scenario(write(tmp_path, text)))
    years = model.residents.age_months[: model.residents.n] // 12
    assert set(np.unique(years // 5)) <= {2, 12, 20, 21}


def test_programs_and_the_fiscal_year_of_the_run(tmp_path: Path) -> None:
    path = write(tmp_path, program("start_fy: 2014|budget_yen: 1"))
    assert load_scenario(path).municipalities["town"].policy.programs  # started before the run
    text = program("start_fy: 2010|end_fy: 2014|budget_yen: 1")
    path = write(tmp_path, text + "run:\n  start_year: 2015\n  start_month: 1\n")
    assert load_scenario(path).run.first_fiscal_year == 2014  # January is in FY2014


def test_places_a_single_town_or_a_parent_gives(tmp_path: Path) -> None:
    assert load_scenario(write(tmp_path, TOWN)).municipalities["town"].lat == 35.68
    write(tmp_path, TWO_TOWNS, "parent.yaml")
    path = write(tmp_path, "extends: parent.yaml\nmunicipalities:\n  town:\n    population: 9\n")
    assert load_scenario(path).municipalities["town"].population == 9


# -- extends -----------------------------------------------------------------------------------
def test_extends_merges_parent_and_child(tmp_path: Path) -> None:
    write(
        tmp_path,
        "name: parent\nrun:\n  years: 5\n  seed: 3\n" + TOWN + "    share_65_plus: 0.4\n"
        "demography:\n  tfr: 1.5\n  max_age: 100\n",
        "parent.yaml",
    )
    child = write(
        tmp_path,
        "extends: parent.yaml\nname: child\nrun:\n  years: 2\n"
        "municipalities:\n  town:\n    population: 2000\n    lat: 43.2\n    lon: 143.3\n"
        "  village:\n    population: 300\n    lat: 43.3\n    lon: 143.1\n"
        "demography:\n  tfr: 1.3\n",
    )
    scenario = load_scenario(child)
    assert (scenario.name, scenario.run.years, scenario.run.seed) == ("child", 2, 3)
    town = scenario.municipalities["town"]
    assert (town.population, town.share_65_plus) == (2000, 0.4)
    assert (scenario.demography.tfr, scenario.demography.max_age) == (1.3, 100)
    assert "extends" not in scenario.model_dump()
    variant = write(tmp_path, f"extends: {KAMISHIHORO}\nname: v\ndemography:\n  tfr: 1.5\n")
    assert load_scenario(variant).municipalities == load_scenario(KAMISHIHORO).municipalities


@pytest.mark.parametrize("null", ["null", "~", ""])
def test_a_town_set_to_null_is_left_out_with_its_mistakes(tmp_path: Path, null: str):
    write(tmp_path, TWO.replace("share_65_plus: 0.3", "share_65_plus: 0.9"), "parent.yaml")
    child = write(tmp_path, f"extends: parent.yaml\nmunicipalities:\n  village: {null}\n", "c.yaml")
    scenario = load_scenario(child)  # the village's share_65_plus 0.9 is not checked
    assert list(scenario.municipalities) == ["town"]
    assert scenario.municipalities["town"].policy.disclosure == 0.9  # the rest is inherited


def test_a_town_left_out_and_another_added(tmp_path: Path):
    base = SCENARIOS / "kamishihoro_baseline.yaml"
    own = write(
        tmp_path,
        f"extends: {base}\nmunicipalities:\n  kamishihoro: null\n  otofuke:\n"
        "    population: 43613\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no note about the left-out town
        scenario = load_scenario(own)
    assert list(scenario.municipalities) == ["otofuke"]
    assert scenario.demography == load_scenario(base).demography


def test_editors_accept_a_town_set_to_null():
    schema = json_schema()
    jsonschema.validate({"municipalities": {"kamishihoro": None}}, schema)
    shipped = json.loads((ROOT / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert shipped == schema


# -- --set and options -------------------------------------------------------------------------
def test_set_overrides_the_file_and_reads_yaml(tmp_path: Path) -> None:
    path = write(tmp_path, TOWN + "demography:\n  tfr: 9\n")
    assert load_scenario(path, overrides=["demography.tfr=1.4"]).demography.tfr == 1.4
    scenario = load_scenario(
        path,
        overrides=[
            "demography.tfr=1.4",
            "run.check_conservation=false",
            "demography.fertility_schedule=[1, 2, 3, 4, 3, 2, 1]",
            "name=with = sign",
        ],
    )
    assert scenario.run.check_conservation is False
    assert scenario.demography.fertility_schedule == (1, 2, 3, 4, 3, 2, 1)
    assert scenario.name == "with = sign"
    changed = load_scenario(KAMISHIHORO, ["municipalities.kamishihoro.population=5000"])
    assert changed.municipalities["kamishihoro"].population == 5000
    assert changed.municipalities["kamishihoro"].code == "01633"  # the rest is kept


@pytest.mark.parametrize("given", ["path", "scenario"])
def test_sim_run_with_a_bad_years_is_a_scenario_error(tmp_path: Path, given: str) -> None:
    path = write(tmp_path, TOWN)
    with pytest.raises(ScenarioError) as info:
        sim.run(path if given == "path" else load_scenario(path), years=0)
    (record,) = info.value.records
    assert (record.file, record.path, record.given) == ("run(years=...)", "run.years", "0")


# -- notes: said, never refused -----------------------------------------------------------------
def test_entries_after_the_run_are_notes_that_a_longer_run_silences(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        program("start_fy: 2050|budget_yen: 1000000")
        + "it:\n  schedule:\n    - {fy: 2040, to: standard}\n",
    )
    assert [(n.record.line, n.record.path) for n in notes(path)] == [
        (7, "municipalities.town.policy.programs.childcare_support.start_fy"),
        (11, "it.schedule entry 1, fy"),
    ]
    assert notes(path, options=[("--years", "run.years", 40)]) == []


def test_the_model_does_restart_a_project_switched_again(tmp_path: Path):
    def on_standard_from(schedule: str) -> int:
        model = RegionModel(load_scenario(write(tmp_path, IT_TOWN + schedule)))
        for step in range(1, 12 * 6):
            model.step()
            if model.it_systems.regime[0] == 2:  # legacy, joint, standard
                return step
        return -1

    once = on_standard_from("    - {fy: 2021, to: standard}\n")
    twice = on_standard_from("    - {fy: 2021, to: standard}\n    - {fy: 2022, to: standard}\n")
    assert twice - once == 12  # as the note says: the project starts over


@pytest.mark.parametrize(
    "schedule", ["    - {fy: 2021, to: standard}\n", "    - {fy: 2021, to: joint, group: g}\n"]
)
def test_an_ordinary_switch_gets_no_note(tmp_path: Path, schedule: str):
    assert notes(write(tmp_path, IT_TOWN + schedule)) == []


def test_money_in_millions_is_noted_not_changed(tmp_path: Path) -> None:
    body = "municipalities:\n  kamishihoro:\n    policy:\n      marketing_yen: 80\n"
    path = write(tmp_path, f"extends: {KAMISHIHORO}\n{body}")
    (note,) = notes(path)
    assert (note.record.line, note.record.path) == (
        5,
        "municipalities.kamishihoro.policy.marketing_yen",
    )
    assert load_scenario(path).municipalities["kamishihoro"].policy.marketing_yen == 80


@pytest.mark.parametrize(("amount", "noted"), [(SMALL_YEN - 1, True), (SMALL_YEN, False)])
def test_the_threshold_of_money_in_millions(amount: int, noted: bool) -> None:
    scenario = load_scenario(
        KAMISHIHORO, overrides=[f"municipalities.kamishihoro.policy.marketing_yen={amount}"]
    )
    assert bool(small_money(scenario)) is noted


def test_shipped_scenarios_have_no_money_note() -> None:
    for name in ("kamishihoro.yaml", "tokachi.yaml", "base.yaml"):
        assert small_money(load_scenario(SCENARIOS / name)) == [], name


# -- dxsim validate ------------------------------------------------------------------------------
def test_validate_prints_notes_and_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    path = write(tmp_path, f"extends: {KAMISHIHORO}\nit:\n  legacy_fixed_yen: 73\n")
    code, out, err = dxsim(capsys, "validate", path)
    assert code == 0 and ": ok: " in out
    assert err.startswith(f"dxsim: note: {path}:3: it.legacy_fixed_yen: ") and err.count("\n") == 1


def test_validate_an_experiment(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    experiment = ROOT / "experiments" / "centralization.yaml"
    code, out, err = dxsim(capsys, "validate", experiment)
    assert (code, out) == (0, f"{experiment}: ok (an experiment of 8 scenarios)\n"), err
    path = write(tmp_path, f"name: e\nscenarios: [{KAMISHIHORO}]\nreplicates: 0\n", "e.yaml")
    code, out, err = dxsim(capsys, "validate", path)
    assert (code, out) == (2, "")
    assert err.startswith(f"{path}:3: replicates: got 0: ") and "unknown key" not in err
    code, out, _ = dxsim(capsys, "validate", "--help")
    text = " ".join(out.split())
    assert "scenario or experiment YAML files" in text
    assert "check with this value overridden" in text


def test_run_options_change_the_validated_run_block_only() -> None:
    from sim.scenario.options import with_run

    base = load_scenario(KAMISHIHORO)
    changed = with_run(base, "run(seed=..., years=...)", seed=5, years=3)
    assert (changed.run.seed, changed.run.years) == (5, 3)
    assert (base.run.seed, base.run.years) != (5, 3)  # the given scenario is left as it was
    assert changed.municipalities is base.municipalities  # not dumped and read back
    assert with_run(base, "run()") is base
    with pytest.raises(ScenarioError) as info:
        with_run(base, "run(seed=..., years=...)", seed=-1, years=500)
    found = sorted((r.path, r.file, r.given) for r in info.value.records)
    assert found == [
        ("run.seed", "run(seed=..., years=...)", "-1"),
        ("run.years", "run(seed=..., years=...)", "500"),
    ]
