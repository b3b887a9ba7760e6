"""The workshop dashboard: futures from settings, the page without a browser, and in Chromium.

The browser test starts `dxsim dashboard` and drives Debian's chromium with Playwright (never
a downloaded browser); it is skipped where /usr/bin/chromium is missing (CI installs it).
"""

from __future__ import annotations

import re
import threading
import time

import ipyvuetify as v
import pytest
import solara

from sim.dashboard.app import Page
from sim.dashboard.future import CHOICES, SCENARIOS, Future, Pair, Settings
from sim.dashboard.text import LANGUAGES, TEXT
from sim.scenario.loader import ScenarioError
from tests.dashboard_helpers import CHROMIUM, served_page


def test_every_label_has_both_languages():
    for key, labels in TEXT.items():
        assert set(labels) == set(LANGUAGES), key
        assert all(labels.values()), key


def test_every_choice_is_a_shipped_scenario():
    assert all((SCENARIOS / c).is_file() for c in CHOICES)


def test_settings_become_checked_overrides():
    base = Future(Settings())
    moved = Future(Settings(disclosure=0.9, reinvestment=0.6, childcare_myen=200, regime="joint"))
    town = moved.model.municipalities[0].spec
    assert town.policy.disclosure == 0.9 and town.policy.reinvestment_share == 0.6
    assert town.policy.programs["childcare_support"].budget_yen == 200_000_000
    assert moved.model.it_systems.regime_names()[0] == "joint"
    assert base.model.municipalities[0].spec.policy.disclosure == 0.5  # the scenario's own
    with pytest.raises(ScenarioError, match="disclosure"):
        Future(Settings(disclosure=2.0))  # the schema guards the sliders too


def test_a_pair_steps_together_and_says_where_the_money_went():
    """Per resident and against the start, so that a town and a region can be compared."""
    pair = Pair(Settings(), Settings(scenario="kamishihoro_no_programs.yaml"))
    pair.step(13)
    snap = pair.snapshot()
    assert snap.months == [(2016, 10), (2016, 10)]
    series = snap.series[0]
    assert len(series) == 14 and series.population.iloc[0] == 100
    assert series.balance.iloc[:12].isna().all() and series.balance.iloc[12:].notna().all()
    assert series.online.iloc[0] == pytest.approx(series.online.iloc[1], rel=0.1)  # no jump
    money = snap.money[0]
    assert set(money.columns) == {"stayed", "left"} and (money.to_numpy() >= 0).all()
    assert money.loc["procurement"].sum() > 0 and money.loc["staff", "left"] == 0
    # the last 12 months of town-hall spending, per resident, all accounted for
    kpis = pair.futures[0].model.kpis.frame()
    recent = kpis[kpis.step > 1]
    spent = (recent.expenditure_yen.sum() + 0.0) / kpis.population.iloc[-1]
    assert money.to_numpy().sum() >= spent * 0.95  # fund deposits on top of spending
    assert snap.headline[0]["months"] == 12


def test_money_before_the_first_month_is_empty():
    snap = Pair(Settings(), Settings()).snapshot()
    assert snap.money[0].empty and snap.headline[0]["months"] == 0


def _dates(rc) -> list[str]:
    """The months shown in the headline table, A then B."""
    html = " ".join(str(w.unsafe_innerHTML) for w in rc.find(solara.widgets.HTML).widgets)
    return re.findall(r'dx-date">([^<]+)<', html)


def _charts_drawn() -> None:
    """Wait for the pages' chart painters (threads): their pictures arrive after the numbers."""
    for thread in [t for t in threading.enumerate() if t.name == "dx-painter"]:
        thread.join(timeout=60)


def test_two_sessions_keep_their_own_models():
    """Each browser session renders its own Page: stepping one leaves the other alone."""
    _, one = solara.render(Page(), handle_error=False)
    _, two = solara.render(Page(), handle_error=False)
    _charts_drawn()
    one.find(v.Btn, children=["Step 1 month"]).widget.click()
    one.find(v.Btn, children=["Step 1 month"]).widget.click()
    _charts_drawn()
    assert _dates(one) == ["2015-11", "2015-11"]
    assert _dates(two) == ["2015-09", "2015-09"]


def test_language_switch_restart_and_defaults():
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["Step 1 month"]).widget.click()
    rc.find(v.Btn, children=["日本語"]).widget.click()
    rc.find(v.Btn, children=["1か月進める"]).assert_single()
    assert _dates(rc) == ["2015年10月", "2015年10月"]
    rc.find(v.Btn, children=["最初から"]).widget.click()
    assert _dates(rc) == ["2015年9月", "2015年9月"]


def _texts(rc) -> str:
    return " ".join(str(w.children) for w in rc.find(v.Html).widgets)


def test_moving_a_control_restarts_both_futures_and_shows_its_value():
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["Step 1 month"]).widget.click()
    assert "Disclosure: 0.5 ⓘ" in _texts(rc)
    rc.find(v.Slider).widgets[0].v_model = 0.9
    assert _dates(rc) == ["2015-09", "2015-09"]  # both back to the start, in step
    assert "Disclosure: 0.9 ⓘ" in _texts(rc)
    rc.find(v.Btn, children=["Scenario values"]).widget.click()
    assert "Disclosure: 0.5 ⓘ" in _texts(rc) and "0.9" not in _texts(rc)


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
def test_in_chromium_a_facilitator_steps_plays_pauses_restarts_and_switches_language(tmp_path):
    with served_page() as page:
        months = page.locator("td.dx-date")

        def shown() -> list[str]:
            return [months.nth(i).inner_text() for i in range(2)]

        page.get_by_text("Step 1 month").click(timeout=60_000)
        page.get_by_text("2015-10").first.wait_for(timeout=30_000)
        assert shown() == ["2015-10", "2015-10"]
        # Pause lands at a random point of a frame: try it a few times. A frame being computed
        # when Pause is pressed must be on the page before the button says Play again.
        # A year a frame makes the computing part of a frame long enough to hit.
        page.get_by_role("button", name="12", exact=True).click()
        paused = shown()
        for delay in (0.2, 0.3, 0.4):
            page.get_by_role("button", name="Play").click()
            page.wait_for_function(
                "m => document.querySelector('td.dx-date').innerText !== m", arg=paused[0]
            )
            time.sleep(delay)  # after a frame is drawn the next is computed 0.2 s later
            page.get_by_role("button", name="Pause").click()
            page.get_by_role("button", name="Play").wait_for(timeout=30_000)
            time.sleep(0.3)  # the label and the table are separate messages to the page
            paused = shown()
            assert paused[0] == paused[1]  # both futures stopped at the same month
            time.sleep(1.5)
            assert shown() == paused  # it stays paused
        page.get_by_role("button", name="Play").click()
        # it plays by itself, a year a frame, to the end of the scenario (20 years)
        page.get_by_text("End of the scenario", exact=False).wait_for(timeout=180_000)
        # the label and the table are separate messages: under load the table may follow
        # the label by a moment; both futures must reach the last month
        page.wait_for_function(
            "() => [...document.querySelectorAll('td.dx-date')].slice(0, 2)"
            ".every(td => td.innerText === '2035-09')",
            timeout=30_000,
        )
        assert shown() == ["2035-09", "2035-09"]
        page.get_by_role("button", name="Restart").click()
        page.get_by_text("2015-09").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="日本語").click()
        page.get_by_text("1か月進める").wait_for(timeout=30_000)
        page.get_by_text("予測ではありません", exact=False).wait_for(timeout=30_000)
        assert shown() == ["2015年9月", "2015年9月"]
        page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)


def test_another_random_history_restarts_both_futures_with_the_next_seed():
    """A room asks whether a gap is luck: both futures start again on the next seed."""
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["Step 1 month"]).widget.click()
    rc.find(v.Btn, children=["Another random history (seed 1 → 2)"]).widget.click()
    assert _dates(rc) == ["2015-09", "2015-09"]
    rc.find(v.Btn, children=["Another random history (seed 2 → 3)"]).assert_single()


def test_the_it_view_shows_the_bill_by_part_in_both_languages():
    """The IT view: each future's IT cost per resident and year by part, the national target
    and outages; the chart names every part in the room's language, and a sentence says
    how B differs, with the numbers of the chart."""
    from sim.dashboard import pictures, reading, views

    pair = Pair(Settings(regime="standard"), Settings(regime="legacy"))
    pair.step(3)
    frames = [f.model.kpis.frame() for f in pair.futures]
    standard, own = (reading.it_history(f, k) for f, k in zip(pair.futures, frames, strict=True))
    assert standard.cloud.iloc[-1] > 0 and standard.vendor.iloc[-1] > 0
    assert standard.legacy.sum() == 0 and own.legacy.iloc[-1] > 0 and own.cloud.sum() == 0
    # per resident and year: the KPI frame's per-resident figure (a yearly rate) agrees
    k = frames[1][frames[1].step > 0]
    assert own.legacy.iloc[-1] == pytest.approx(k.it_per_resident_legacy_yen.mean(), rel=0.02)
    for lang in ("en", "ja"):
        fig = pictures.it_history([standard, own], ["A", "B"], lang)
        legends = [x.get_text() for ax in fig.axes if ax.get_legend()
                   for x in ax.get_legend().get_texts()]  # fmt: skip
        assert TEXT["part_cloud"][lang] in legends and TEXT["part_legacy"][lang] in legends
        note = views.draw(pair, "it", ["A", "B"], lang).note
        assert TEXT["part_legacy"][lang] in note  # the largest gap: own system against cloud


def test_the_page_switches_between_its_views():
    _, rc = solara.render(Page(), handle_error=False)
    for name in ("Over time", "Money flow", "Map", "The loop"):
        rc.find(v.Btn, children=[name]).assert_single()
    rc.find(v.Btn, children=["Step 1 month"]).widget.click()
    assert "Why B differs from A" not in _texts(rc)
    toggle = next(w for w in rc.find(v.BtnToggle).widgets if len(w.children) == 5)
    toggle.v_model = 2  # IT costs
    # the charts are drawn in a thread of their own, after the numbers
    deadline = time.monotonic() + 60
    while "Why B differs from A: IT costs" not in _texts(rc) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "Why B differs from A: IT costs" in _texts(rc)
