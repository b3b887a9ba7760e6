"""A facilitator's own scenario files in the dashboard (`dxsim dashboard --scenario FILE`):
checked before the server starts, offered first in the picker, opened as futures A and B."""

from __future__ import annotations

import os
import re
from pathlib import Path

import ipyvuetify as v
import pytest
import solara

from sim.cli.main import main
from sim.dashboard.app import Page, first_scenarios
from sim.dashboard.future import (
    CHOICES,
    EXTRA_ENV,
    Future,
    Settings,
    choices,
    dashboard_scale,
)
from sim.scenario.loader import load_scenario
from tests.dashboard_helpers import CHROMIUM, served_page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def town(tmp_path) -> Path:
    """A planner's scenario: Kamishihoro as an ordinary town, under a name of its own."""
    path = tmp_path / "our_town.yaml"
    base = ROOT / "scenarios" / "kamishihoro_baseline.yaml"
    path.write_text(f"extends: {base}\nname: our_town_plan\n", encoding="utf-8")
    return path


def test_without_files_the_shipped_scenarios_open(monkeypatch):
    monkeypatch.delenv(EXTRA_ENV, raising=False)
    assert choices() == CHOICES
    assert first_scenarios() == ("kamishihoro.yaml", "kamishihoro_no_programs.yaml")


def test_one_file_opens_on_both_sides_and_comes_first(monkeypatch, town, tmp_path):
    monkeypatch.setenv(EXTRA_ENV, str(town))
    assert choices() == (str(town), *CHOICES)
    assert first_scenarios() == (str(town), str(town))
    other = tmp_path / "other.yaml"
    other.write_text(town.read_text().replace("our_town_plan", "other_plan"))
    monkeypatch.setenv(EXTRA_ENV, os.pathsep.join([str(town), str(other), str(town)]))
    assert choices()[:2] == (str(town), str(other)) and len(choices()) == len(CHOICES) + 2
    assert first_scenarios() == (str(town), str(other))


def test_the_page_names_the_file_and_steps_it(monkeypatch, town):
    monkeypatch.setenv(EXTRA_ENV, str(town))
    _, rc = solara.render(Page(), handle_error=False)
    html = " ".join(str(w.unsafe_innerHTML) for w in rc.find(solara.widgets.HTML).widgets)
    assert "A: our_town_plan (our_town.yaml) / B: our_town_plan (our_town.yaml)" in html
    picker = rc.find(v.Select).widgets[0]
    assert picker.items[0] == "our_town_plan (our_town.yaml)"
    rc.find(v.Btn, children=["Step 1 month"]).widget.click()
    html = " ".join(str(w.unsafe_innerHTML) for w in rc.find(solara.widgets.HTML).widgets)
    assert re.findall(r'dx-date">([^<]+)<', html) == ["2015-10", "2015-10"]


def _html(rc) -> str:
    return " ".join(str(w.unsafe_innerHTML) for w in rc.find(solara.widgets.HTML).widgets)


def test_a_file_edited_during_the_workshop_changes_nothing_until_a_restart(monkeypatch, town):
    """The server keeps the scenario it first read: a typo saved mid-workshop never reaches
    the room (neither Restart nor a new page reads the file again)."""
    monkeypatch.setenv(EXTRA_ENV, str(town))
    _, rc = solara.render(Page(), handle_error=False)
    town.write_text(town.read_text() + "policy:\n  disclosre: 0.9\n", encoding="utf-8")
    rc.find(v.Btn, children=["Step 1 month"]).widget.click()
    rc.find(v.Btn, children=["Restart"]).widget.click()
    _, fresh = solara.render(Page(), handle_error=False)
    for page in (rc, fresh):
        assert "A: our_town_plan (our_town.yaml)" in _html(page)
        assert "could not be read" not in _texts(page)


def _texts(rc) -> str:
    return " ".join(str(w.children) for w in rc.find(v.Html).widgets)


def test_a_file_broken_before_the_first_page_is_not_offered_and_the_page_says_why(
    monkeypatch, tmp_path
):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: broken\nmunicipalities:\n  town:\n    populaton: 10\n")
    monkeypatch.setenv(EXTRA_ENV, str(broken))
    assert choices() == CHOICES  # not offered
    assert first_scenarios() == ("kamishihoro.yaml", "kamishihoro_no_programs.yaml")
    _, rc = solara.render(Page(), handle_error=False)
    assert "could not be read, so the page opened on another scenario" in _texts(rc)
    assert "did you mean 'population'" in _texts(rc)


def test_big_regions_run_coarser_and_small_towns_as_written(town):
    tokachi = load_scenario(ROOT / "scenarios" / "tokachi.yaml")
    assert dashboard_scale(tokachi) == 20  # 332,918 persons: at most 17,000 agents
    assert dashboard_scale(load_scenario(town)) == 1
    model = Future(Settings(scenario=str(town))).model
    assert model.p.run.scale == 1 and model.p.name == "our_town_plan"


def test_a_bad_file_stops_the_command_before_the_server_starts(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("extends: nosuch.yaml\n")
    experiment = ROOT / "experiments" / "centralization.yaml"
    generated = ROOT / "scenarios" / "generated.yaml"
    args = ["dashboard", "--port", "1"]  # never bound: the command stops first
    for f in (bad, experiment, generated):
        args += ["--scenario", str(f)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "nosuch.yaml" in err and "not found" in err
    assert "centralization.yaml: is an experiment file; expected a scenario" in err
    assert "generated.yaml: generates its region" in err
    assert "Traceback" not in err


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
def test_in_chromium_the_facilitators_file_is_on_the_page(town):
    with served_page("--scenario", str(town)) as page:
        note = "A: our_town_plan (our_town.yaml) / B: our_town_plan (our_town.yaml)"
        page.get_by_text(note).wait_for(timeout=60_000)
        page.get_by_text("Step 1 month").click(timeout=30_000)
        page.get_by_text("2015-10").first.wait_for(timeout=30_000)


def test_notes_say_what_differs_between_the_futures(monkeypatch, town, tmp_path):
    """A region beside a town: the per-town note, the coarser scale, the different lengths;
    a town alone needs none of them."""
    region = tmp_path / "region.yaml"
    tokachi = ROOT / "scenarios" / "tokachi.yaml"
    region.write_text(f"extends: {tokachi}\nname: region_plan\nrun:\n  years: 10\n")
    monkeypatch.setenv(EXTRA_ENV, str(town))
    _, alone = solara.render(Page(), handle_error=False)
    assert "In a region" not in _texts(alone) and "stands for" not in _texts(alone)
    monkeypatch.setenv(EXTRA_ENV, os.pathsep.join([str(region), str(town)]))
    _, pair = solara.render(Page(), handle_error=False)
    text = _texts(pair)
    assert "In a region the sliders set every town, or only the town chosen under Town" in text
    assert "region_plan (region.yaml): each simulated person stands for 20 persons" in text
    years = load_scenario(town).run.years
    assert f"run for different lengths (10 and {years} years)" in text


def test_one_town_of_a_region_moves_alone_and_the_charts_follow_it():
    """A planner of Otofuke in Tokachi: the sliders set Otofuke only, start from its values,
    and the series, headline and money are Otofuke's."""
    scenario = "centralization/all_legacy.yaml"
    focus = Future(Settings(scenario=scenario, town="otofuke", disclosure=0.9))
    towns = {m.key: m.spec for m in focus.model.municipalities}
    assert towns["otofuke"].policy.disclosure == 0.9
    assert (
        towns["obihiro"].policy.disclosure
        == load_scenario(ROOT / "scenarios" / scenario).municipalities["obihiro"].policy.disclosure
    )
    focus.step()
    frame = focus.model.kpis.frame()
    persons = focus.series(frame).persons.iloc[0]
    assert abs(persons - 43_613) <= 20  # Otofuke at scale 20, not the region's 332,918
    assert (
        focus.headline(frame)["persons"]
        == frame[(frame.municipality == "otofuke") & (frame.step == 1)].population.sum()
    )
    region = Future(Settings(scenario=scenario))
    region.step()
    assert focus.money().to_numpy().sum() != region.money().to_numpy().sum()


def test_the_town_picker_appears_for_a_region_and_names_the_focus(monkeypatch, tmp_path):
    region = tmp_path / "region.yaml"
    region.write_text(f"extends: {ROOT / 'scenarios' / 'tokachi.yaml'}\nname: region_plan\n")
    monkeypatch.setenv(EXTRA_ENV, str(region))
    _, rc = solara.render(Page(), handle_error=False)
    pickers = [w for w in rc.find(v.Select).widgets if w.label == "Town"]
    assert len(pickers) == 2 and pickers[0].v_model == "all towns"
    assert "Otofuke" in pickers[0].items
    pickers[0].v_model = "Otofuke"
    assert "A: region_plan (region.yaml) / Otofuke / B: region_plan (region.yaml)" in _html(rc)


def test_a_shipped_scenario_given_as_a_file_keeps_its_translated_name(monkeypatch):
    shipped = ROOT / "scenarios" / "centralization" / "all_legacy.yaml"
    monkeypatch.setenv(EXTRA_ENV, str(shipped))
    assert choices()[0] == "centralization/all_legacy.yaml" and len(choices()) == len(CHOICES)
    assert first_scenarios() == ("centralization/all_legacy.yaml",) * 2
