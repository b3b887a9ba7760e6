"""The dashboard's money units, control help, flow, map, loop and IT views, and issue 14's
defects: without a browser, then the views and the hover help in Chromium."""

from __future__ import annotations

import pytest
from matplotlib.ticker import MaxNLocator

from sim.dashboard import pictures, reading, views
from sim.dashboard.controls import future_name
from sim.dashboard.future import Pair, Settings
from sim.dashboard.help import CONTROLS, MEANING_JA, control_help
from sim.dashboard.units import YenFormatter, myen, yen, yen_ticks
from sim.outputs import fonts
from tests.dashboard_helpers import CHROMIUM, served_page

TOKACHI = "centralization/all_legacy.yaml"


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize(
    "lo, hi",
    [
        (0, 25_000),  # issue 14: 15,000 and 25,000 yen both read 2万円
        (0, 2_500),
        (-20_000, 20_000),
        (0, 7_000),
        (0, 370_000),
        (0, 3e8),
        (0, 1.5e9),
        (-3e9, 1e9),
        (0, 1),
        (9_000, 11_000),
        (0, 1e12),
    ],
)
def test_no_two_ticks_read_the_same(lo, hi, lang):
    for nbins in (3, 4, 5, 8):
        ticks = MaxNLocator(nbins=nbins).tick_values(lo, hi)
        labels = yen_ticks(ticks, lang)
        assert len(set(labels)) == len(labels), labels
        assert YenFormatter(lang).format_ticks(ticks) == labels
        assert not any(lab.startswith("-0") and set(lab[1:]) <= set("0.,") for lab in labels)


def test_money_reads_as_a_room_says_it():
    assert yen_ticks([0, 5_000, 10_000, 15_000, 20_000, 25_000], "ja") == [
        "0.0万円", "0.5万円", "1.0万円", "1.5万円", "2.0万円", "2.5万円",
    ]  # fmt: skip
    assert yen_ticks([0, 100_000, 200_000], "ja") == ["0万円", "10万円", "20万円"]
    assert yen_ticks([0, 500, 1_000], "ja") == ["0円", "500円", "1,000円"]
    assert yen_ticks([0, 1e8, 2e8], "ja") == ["0億円", "1億円", "2億円"]
    assert yen_ticks([0, 2_000, 4_000], "en") == ["0k yen", "2k yen", "4k yen"]
    assert yen_ticks([0, 500, 1_000, 1_500], "en") == [
        "0.0k yen",
        "0.5k yen",
        "1.0k yen",
        "1.5k yen",
    ]
    assert yen_ticks([0, 5e8, 1e9], "en") == ["0 M yen", "500 M yen", "1,000 M yen"]
    assert yen(1.7e9, "ja") == "17億円" and yen(1.7e9, "en") == "1,700 M yen"
    assert yen(4_160, "ja") == "4,160円" and yen(15_000, "ja") == "1.5万円"
    assert yen(-0.4, "en") == "0 yen"  # never "-0"
    assert yen_ticks([], "ja") == []


def test_month_zero_shows_no_donations_rather_than_zero():
    """Issue 14, defect 4: '0 M yen' at month 0 for a town taking 1,700 M yen a year."""
    assert myen(1_700.0, "en", months=0) == "–" and myen(0.0, "ja", months=0) == "–"
    assert myen(1_700.0, "en", months=12) == "1,700 M yen"
    assert myen(1_700.0, "ja", months=3) == "17億円"


def test_every_control_explains_itself_from_the_schema():
    for key, (model, name, _, _) in CONTROLS.items():
        field = model.model_fields[name]
        en, ja = control_help(key, "en"), control_help(key, "ja")
        assert en.meaning == field.description and en.meaning  # the schema's own words
        assert ja.label == field.json_schema_extra["label_ja"] and MEANING_JA[key]
        for h, lang in ((en, "en"), (ja, "ja")):
            assert h.unit and h.line(lang).endswith(h.meaning)
    assert control_help("disclosure", "en").line("en").startswith("unit: 0-1 · range: 0–1")
    childcare = control_help("childcare", "en")
    assert childcare.slider == "0–400" and childcare.schema == "0–100,000"
    assert "million yen" in childcare.unit


def test_a_future_is_named_by_the_regime_it_runs():
    """Issue 14, defect 3: after the IT picker, the legend said the scenario's old regime."""
    plain = Settings(scenario=TOKACHI, town="otofuke")
    moved = Settings(scenario=TOKACHI, town="otofuke", regime="standard")
    assert future_name(plain, "en") == "Tokachi: own systems / Otofuke"
    assert future_name(moved, "en") == "Tokachi: own systems → national standard / Otofuke"
    assert future_name(moved, "ja").endswith("→ 国の標準 / 音更町")


@pytest.fixture(scope="module")
def played() -> Pair:
    """Tokachi as a region beside one town under the national standard, 14 months in."""
    pair = Pair(
        Settings(scenario=TOKACHI), Settings(scenario=TOKACHI, regime="standard", town="otofuke")
    )
    pair.step(14)
    return pair


def test_the_flow_is_the_ledgers(played):
    """Sources and uses are the ledger's flows into and out of the town halls: donations are
    the KPI frame's, the uses are the spending chart's, split stayed / left the same way."""
    for future in played.futures:
        k = future.focus(future.model.kpis.frame())
        flow = reading.money_flow(future)
        assert flow.months == 12
        recent = k[k.step > k.step.max() - 12]
        assert flow.sources["donations"] == pytest.approx(recent.donations_yen.sum())
        assert flow.sources["own_tax"] > 0 and flow.sources["allocation"] > 0
        spending = future.money()  # per resident; the flow is in yen
        share = spending.stayed.sum() / spending.to_numpy().sum()
        assert flow.stayed_share == pytest.approx(share)
        assert 0.2 < flow.stayed_share < 0.9
    region, town = (reading.money_flow(f) for f in played.futures)
    assert town.sources.sum() < region.sources.sum() / 3  # Otofuke alone


def test_the_map_is_the_migration_tables(played):
    region, town = played.futures
    k = region.model.kpis.frame()
    m = reading.town_map(region, k)
    assert len(m.towns) == 19 and m.towns.now.sum() == k[k.step == 14].population.sum()
    into_towns = m.moves[m.moves.destination.isin(m.towns.index)].persons.sum()
    assert into_towns == k[k.step > 2].moves_in.sum()  # every move into a town, last 12 months
    assert set(m.moves.origin) & set(m.outside.index)  # and from outside places
    focus = reading.town_map(town, town.model.kpis.frame())
    assert ((focus.moves.origin == "otofuke") | (focus.moves.destination == "otofuke")).all()
    svg = pictures.svg(pictures.town_map([m, focus], ["A", "B"], "en"))
    assert "Otofuke" in svg and "tokyo area" in svg and "<svg" in svg[:10]


def test_the_loop_carries_this_years_values(played):
    region = played.futures[0]
    k = region.model.kpis.frame()
    values = reading.loop_values(region, k)
    snap = played.snapshot()
    assert values["donations"] == pytest.approx(snap.headline[0]["donations"])
    assert values["trust"] == pytest.approx(snap.headline[0]["trust"])
    assert values["moved_in"] == k[k.step > 2].moves_in.sum() > values["children_in"] > 0
    flows = reading.money_flow(region)
    assert values["own_tax"] == pytest.approx(flows.sources["own_tax"] / 1e6)
    svg = views.draw(played, "loop", ["A", "B"], "en").svg
    assert pictures.loop_label("donations", values, "en") in svg
    assert pictures.loop_label("moved_in", values, "en").replace(",", ",") in svg


def test_pause_waits_for_one_month_not_a_frame():
    """Issue 14, defect 7: a 12-month frame stops at the month in progress when paused."""
    import threading

    pair = Pair(Settings(), Settings())
    stop = threading.Event()
    stop.set()
    pair.step(12, stop)
    assert pair.snapshot().months == [(2015, 9), (2015, 9)]
    pair.step(2)
    assert pair.snapshot().months == [(2015, 11), (2015, 11)]


def test_without_a_japanese_font_one_warning_says_what_to_do(monkeypatch, capsys):
    monkeypatch.setattr(fonts, "FAMILIES", ("No Such Font JP",))
    monkeypatch.setattr(fonts, "font_files", lambda: [])
    assert fonts.warn_without_font() is False
    err = capsys.readouterr().err
    assert err.count("warning") == 1 and "fonts-noto-cjk" in err and "--lang en" in err
    monkeypatch.undo()
    assert fonts.use_cjk_font() is not None or not fonts.font_files()
    patterns = " ".join(fonts.FILES + fonts.FOLDERS)
    for system_font in ("Hiragino", "YuGoth", "meiryo", "/System/Library/Fonts", "Fonts"):
        assert system_font in patterns  # macOS and Windows are searched too


def test_the_page_opens_in_the_language_asked_for(monkeypatch):
    import ipyvuetify as v
    import solara

    from sim.dashboard.app import Page

    monkeypatch.setenv("DXSIM_DASHBOARD_LANG", "ja")
    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Btn, children=["1か月進める"]).assert_single()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (.ci/run installs it)")
def test_in_chromium_the_views_and_the_help(tmp_path):
    """Tokachi in Japanese (--lang ja): hover help, whole names, the flow, the loop, the map."""
    tokachi = f"scenarios/{TOKACHI}"
    with served_page("--scenario", tokachi, "--lang", "ja") as page:
        page.set_viewport_size({"width": 1366, "height": 768})
        page.get_by_text("1か月進める").click(timeout=60_000)
        page.get_by_text("2020年").first.wait_for(timeout=30_000)
        # the whole scenario name is shown, not cut before the words that tell A from B
        names = page.locator(".dx-card .v-select__selection-text")
        assert names.first.inner_text() == "十勝：各自治体の独自システム"
        cut = "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).length"
        assert names.evaluate_all(cut) == 0  # no name ends in an ellipsis
        # hover help: unit, range and meaning from the schema
        page.locator(".dx-help-disclosure").first.hover()
        page.get_by_text("町がお金の使い道を毎年どこまで公開するか", exact=False).first.wait_for(
            timeout=10_000
        )
        for view, expect in (
            ("お金の流れ", "地域内に残った割合"),
            ("循環", "目に見える成果"),
            ("地図", "東京圏"),
        ):
            page.get_by_role("button", name=view, exact=True).click()
            page.locator(".dx-view svg text", has_text=expect).first.wait_for(timeout=30_000)
        page.get_by_role("button", name="循環", exact=True).click()
        page.locator(".dx-view svg text", has_text="ふるさと納税").first.wait_for(timeout=30_000)
        texts = page.locator(".dx-view svg").first.text_content()
        assert "億円" in texts and "転入" in texts and "信頼" in texts  # values on the arrows
        page.screenshot(path=str(tmp_path / "views.png"))


def test_fonts_are_registered_once_however_often_asked():
    """Every analysis figure asks for the Japanese font: matplotlib's list must not grow."""
    from matplotlib import font_manager

    fonts.use_cjk_font()
    known = len(font_manager.fontManager.ttflist)
    fonts.use_cjk_font()
    assert len(font_manager.fontManager.ttflist) == known
