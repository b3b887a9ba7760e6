"""The workshop dashboard: futures from settings, the page without a browser, and in Chromium.

The browser test starts `dxsim dashboard` and drives Debian's chromium with Playwright (never
a downloaded browser); it is skipped where /usr/bin/chromium is missing (CI installs it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ipyvuetify as v
import pytest
import solara

from sim.dashboard.app import Page
from sim.dashboard.future import CHOICES, SCENARIOS, Future, Settings
from sim.dashboard.text import LANGUAGES, TEXT
from sim.scenario.loader import ScenarioError

CHROMIUM = Path("/usr/bin/chromium")


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


def test_a_future_steps_and_says_where_the_money_went():
    """Per resident and against the start, so that a town and a region can be compared."""
    future = Future(Settings())
    future.step(13)
    assert future.month == "2016-04"
    series = future.series()
    assert len(series) == 14 and series.population.iloc[0] == 100
    money = future.money()
    assert money["outside"] > 0 and money["firm"] > 0 and (money >= 0).all()
    kpis = future.model.kpis.frame()
    spent = kpis.query("step > 1").expenditure_yen.sum() / kpis.population.iloc[-1]
    assert money.sum() == pytest.approx(spent, rel=0.2)  # fund deposits on top of spending


def _month_text(rc) -> str:
    return next(str(w.children) for w in rc.find(v.Html).widgets if "A 20" in str(w.children))


def test_two_sessions_keep_their_own_models():
    """Each browser session renders its own Page: stepping one leaves the other alone."""
    _, one = solara.render(Page(), handle_error=False)
    _, two = solara.render(Page(), handle_error=False)
    one.find(v.Btn, children=["Step 1 month"]).widget.click()
    one.find(v.Btn, children=["Step 1 month"]).widget.click()
    assert "A 2015-05 / B 2015-05" in _month_text(one)
    assert "A 2015-03 / B 2015-03" in _month_text(two)


def test_language_switch_and_reset():
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["Step 1 month"]).widget.click()
    rc.find(v.Btn, children=["日本語"]).widget.click()
    rc.find(v.Btn, children=["1か月進める"]).assert_single()
    assert "年月: A 2015-04" in _month_text(rc)
    rc.find(v.Btn, children=["リセット"]).widget.click()
    assert "A 2015-03" in _month_text(rc)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
def test_in_chromium_a_facilitator_steps_plays_to_the_end_and_switches_to_japanese(tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "dashboard", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False"},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
            browser = p.chromium.launch_persistent_context(
                profile,
                executable_path=str(CHROMIUM),
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            page.get_by_text("Step 1 month").click(timeout=60_000)
            page.get_by_text("Month: A 2015-04 / B 2015-04").wait_for(timeout=30_000)
            page.get_by_role("button", name="12 months per frame").click()
            page.get_by_role("button", name="Play").click()
            # it plays by itself, a year a frame, to the end of the scenario (20 years)
            page.get_by_text("End of the scenario", exact=False).wait_for(timeout=180_000)
            assert "A 2035-03 / B 2035-03" in page.get_by_text("Month:", exact=False).inner_text()
            page.get_by_role("button", name="Play").wait_for(timeout=30_000)  # stopped
            page.get_by_role("button", name="日本語").click()
            page.get_by_text("1か月進める").wait_for(timeout=30_000)
            page.get_by_text("予測ではありません", exact=False).wait_for(timeout=30_000)
            page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)
