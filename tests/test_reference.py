"""What the parameter reference tells a planner: the names to type, YAML values, plain units,
ranges that say what they exclude, and an editor schema that rejects what dxsim rejects."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest
import yaml

from sim.model.agents import SECTORS
from sim.scenario import ScenarioError, load_scenario
from sim.scenario.params_firms import DEFAULT_SECTORS, SectorParams
from sim.scenario.params_town_policy import PROGRAM_INFO, TARGET_INFO, Program
from sim.scenario.reference import json_schema, parameters
from tests.cli_helpers import ROOT, SCENARIOS, dxsim

TOWN = {"municipalities": {"town": {"population": 1000}}}


# -- the names a planner types: programs, sectors, targets, extends ----------------------------
def test_every_program_has_a_meaning_and_a_japanese_label() -> None:
    assert set(PROGRAM_INFO) == set(Program)
    assert all(meaning and ja for meaning, ja in PROGRAM_INFO.values())


def test_params_programs_lists_the_program_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "programs")
    assert code == 0
    for program, (meaning, _) in PROGRAM_INFO.items():
        assert f"municipalities.<key>.policy.programs.{program.value}  [program name]" in out
        assert meaning in out
    assert "programs.<name>.start_fy" in out
    code, out, _ = dxsim(capsys, "params", "programs", "--lang", "ja")
    assert all(ja in out for _, ja in PROGRAM_INFO.values())


def test_params_sectors_lists_each_sector_with_its_defaults(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = dxsim(capsys, "params", "sectors")
    assert code == 0
    for name in SECTORS:
        assert f"firms.sectors.{name}  [sector name]" in out
    code, out, _ = dxsim(capsys, "params", "firms.sectors.retail_services")
    assert code == 0
    assert "Shops and personal services" in out
    assert "wage_yen 210,000" in out and "sells_to_residents true" in out
    code, out, _ = dxsim(capsys, "params", "firms.sectors.retail_services.wage_yen")
    assert out.startswith("firms.sectors.<sector>.wage_yen = 210,000 [yen per month]"), out


def test_markdown_sector_defaults_match_the_schema_and_base_yaml(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = dxsim(capsys, "params", "--markdown")
    assert code == 0
    table = out.split("## Sector defaults", 1)[1]
    base = yaml.safe_load((SCENARIOS / "base.yaml").read_text(encoding="utf-8"))
    names = list(SectorParams.model_fields)
    for name in SECTORS:
        row = next(line for line in table.splitlines() if line.startswith(f"| `{name}` |"))
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        assert len(cells) == len(names)
        assert base["firms"]["sectors"][name] == DEFAULT_SECTORS[name].model_dump()
        for field, cell in zip(names, cells, strict=True):
            value = getattr(DEFAULT_SECTORS[name], field)
            expected = str(value).lower() if isinstance(value, bool) else None
            assert cell == expected or cell.replace(",", "") == str(value), (name, field, cell)


def test_params_extends(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "extends")
    assert code == 0
    assert out.startswith("extends = null [file path]")
    assert "relative to this file's folder" in out and "merged" in out
    assert "relative to this file" in json_schema()["properties"]["extends"]["description"]


def test_params_targets_give_each_kpi_its_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "targets")
    assert code == 0
    for name, (unit, *_rest) in TARGET_INFO.items():
        assert f"policy.targets.{name} = no target [{unit}]" in out
    assert "targets.share_65_plus = no target [share of residents]  range 0 .. 1" in out


# -- YAML values -------------------------------------------------------------------------------
def test_reference_shows_yaml_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = dxsim(capsys, "params", "municipalities.x.policy.programs.x.end_fy")
    assert out.startswith("municipalities.<key>.policy.programs.<name>.end_fy = null ")
    assert "null or left out: runs to the end" in out
    code, out, _ = dxsim(capsys, "params", "run.check_conservation")
    assert out.startswith("run.check_conservation = true ")
    code, out, _ = dxsim(capsys, "params", "--markdown")
    defaults = [line.split(" | ")[2] for line in out.splitlines() if line.startswith("| `")]
    assert not {"None", "True", "False"} & set(defaults)
    assert "false" in defaults and "null" in defaults
    assert "none:" not in out.lower()


# -- weights and targets -----------------------------------------------------------------------
@pytest.mark.parametrize("path", ["firms.sectors.<sector>.job_share"])
def test_weights_say_they_are_rescaled(path: str) -> None:
    row = next(p for p in parameters() if p["path"] == path)
    assert row["unit"].startswith("relative weight (rescaled so that")


@pytest.mark.parametrize(
    "targets, message",
    [
        ({"share_65_plus": 36}, "share_65_plus: got 36, expected a value from 0 to 1"),
        ({"online_procedure_share": 60}, "for 60% write 0.6"),
        ({"trust": 55}, "trust: got 55, expected a value from 0 to 1"),
        ({"satisfaction": -0.1}, "satisfaction: got -0.1"),
        ({"population": -5}, "population: got -5, expected a value from 0 to 200,000,000"),
        ({"births": -1}, "births: got -1"),
    ],
)
def test_targets_are_checked_in_their_own_units(targets: dict, message: str) -> None:
    data = copy.deepcopy(TOWN)
    data["municipalities"]["town"]["policy"] = {"targets": targets}
    with pytest.raises(ScenarioError) as exc:
        load_scenario(data=data)
    assert message in str(exc.value), str(exc.value)
    assert "policy.targets" in str(exc.value)


def test_targets_in_range_are_accepted() -> None:
    data = copy.deepcopy(TOWN)
    targets = {"share_65_plus": 0.36, "online_procedure_share": 0.6, "trust": 0.55}
    data["municipalities"]["town"]["policy"] = {"targets": {**targets, "population": 4765}}
    scenario = load_scenario(data=data)
    assert scenario.municipalities["town"].policy.targets["population"] == 4765


# -- plain units, no code words, distinct labels, honest ranges --------------------------------
FORMULA_UNITS = (
    "multiplier - 1",
    "0-1 per unit",
    "log-normal sigma",
    "exponent",
    "elasticity",
    "per unit of attractiveness",
    "per relative participation",
    "per year of capital",
    "KPI value",
)
CODE_WORDS = ("Gompertz", "Makeham", "step 0", "agent row", "ledger")


def test_units_and_descriptions_are_plain_words() -> None:
    rows = parameters()
    for p in rows:
        assert p["unit"] not in FORMULA_UNITS, p["path"]
        assert p["unit"] != "attractiveness", p["path"]
        assert not any(w in p["description"] for w in CODE_WORDS), p["path"]
    by_path = {p["path"]: p for p in rows}
    assert by_path["taxes.fixed_asset_tax_rate"]["unit"] == "share of capital per year"
    cap = by_path["it.market.subsidy_cap_years"]
    assert cap["unit"] == "years of the town's own-system cost"
    assert "not found" in cap["description"]
    reinvestment = by_path["municipalities.<key>.policy.reinvestment_share"]["description"]
    assert "above that revenue in the first simulated fiscal year" in reinvestment
    for name in ("division_capacity", "culture_capacity"):
        assert by_path[f"policy.{name}"]["unit"].startswith("relative increase of capacity")
    amenity = by_path["municipalities.<key>.amenity"]["unit"]
    assert "+0.1" in amenity and "10% more arrivals" in amenity


def _field(path: str) -> str:
    """A parameter as a field of its block: an age pyramid's fields are the same whether the
    pyramid is a town's or the region's reference."""
    return path.split("pyramid.")[-1] if "pyramid." in path else path


def test_japanese_labels_are_distinct() -> None:
    labels: dict[str, str] = {}
    for p in parameters():
        if p["kind"] != "parameter" or not p["label_ja"]:
            continue
        seen = labels.get(p["label_ja"])
        assert seen is None or _field(seen) == _field(p["path"]), (p["path"], seen)
        labels[p["label_ja"]] = p["path"]


def test_exclusive_ranges_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    for path in ("municipalities.x.area_km2", "generate.extent_km"):
        code, out, _ = dxsim(capsys, "params", path)
        assert "range more than 0 and at most 3000" in out.splitlines()[0], out
    code, _, err = dxsim(
        capsys,
        "validate",
        SCENARIOS / "kamishihoro.yaml",
        "--set",
        "municipalities.kamishihoro.area_km2=0",
    )
    assert code == 2
    assert "got 0, expected a value more than 0 and at most 3,000 in km2" in err, err


# -- the editor schema rejects what dxsim rejects ----------------------------------------------
def _tokachi() -> dict:
    return json.loads(json.dumps(yaml.safe_load((SCENARIOS / "tokachi.yaml").read_text())))


def _set(data: dict, path: str, value: object) -> dict:
    data = copy.deepcopy(data)
    *head, last = path.split(".")
    node = data
    for key in head:
        node = node.setdefault(key, {})
    node[last] = value
    return data


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schema" / "scenario.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_editor_schema_accepts_a_shipped_scenario_and_a_correct_change() -> None:
    validator = _validator()
    good = _tokachi()
    assert list(validator.iter_errors(good)) == []
    for path, value in [
        ("firms.sectors.agriculture_food", {"wage_yen": 1}),
        ("municipalities.obihiro.policy.targets", {"population": 160000, "trust": 0.5}),
        ("municipalities.obihiro.code", "01207"),
        ("municipalities.obihiro.policy.donations_yen", {"2016": 5}),
        ("municipalities.obihiro_2", {"population": 5}),
        (
            "it.schedule",
            [{"fy": 2021, "to": "joint", "group": "tokachi"}, {"fy": 2022, "to": "standard"}],
        ),
    ]:
        changed = _set(good, path, value)
        assert list(validator.iter_errors(changed)) == [], path


@pytest.mark.parametrize(
    "path, value",
    [
        ("firms.sectors.agricultre_food", {"wage_yen": 1}),
        ("municipalities.obihiro.policy.targets", {"birth_rate": 3}),
        ("municipalities.obihiro.policy.targets", {"share_65_plus": 36}),
        ("municipalities.obihiro.policy.targets", {"population": -5}),
        ("municipalities.obihiro.code", "1207"),
        ("it.schedule", [{"fy": 2021, "to": "joint"}]),
        ("it.schedule", [{"fy": 2021, "to": "joint", "group": ""}]),
        ("municipalities.Obihiro2", {"population": 5}),
        ("municipalities.obihiro.policy.donations_yen", {"FY2016": 5}),
        ("municipalities.obihiro.policy.donations_yen", {"1016": 5}),
        (
            "municipalities.obihiro.policy.programs",
            {"childcare_support": {"start_fy": 2020, "budget_yen": 1, "budget_from_fy": {"R4": 1}}},
        ),
    ],
)
def test_editor_schema_rejects_what_dxsim_rejects(path: str, value: object) -> None:
    data = _set(_tokachi(), path, value)
    assert list(_validator().iter_errors(data)), path
    with pytest.raises(ScenarioError):
        load_scenario(data=yaml.safe_load(yaml.safe_dump(_yaml_keys(data))))


def _yaml_keys(data: object) -> object:
    """Year keys back to numbers, as YAML reads ``2016:`` (JSON keys are always text)."""
    if isinstance(data, dict):
        return {
            (int(k) if isinstance(k, str) and k.isdigit() and len(k) == 4 else k): _yaml_keys(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [_yaml_keys(v) for v in data]
    return data
