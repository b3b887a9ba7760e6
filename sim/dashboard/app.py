"""The dashboard page: two futures side by side, a play button, and where the money goes.

Every browser session builds its own pair of models (``solara.use_memo`` inside the page,
never at module level), so a room of laptops never shares a simulation. Moving a control
restarts both futures from their first month with the new settings, so they stay in step;
Play steps both in a background thread, one frame at a time: after each frame it waits until
the page has drawn it, so clicks (Pause, Restart) are never stuck behind a queue of redraws.
"""

from __future__ import annotations

import dataclasses
import os
import threading

import solara

from . import charts, views
from .controls import Controls, focus_name, future_name, label, scenario_policy, town_names
from .fonts import CSS_FAMILY
from .future import (
    Pair,
    Settings,
    Snapshot,
    choices,
    dashboard_scale,
    extra_choices,
    problems,
    scenario_of,
)
from .serve import LANG_ENV
from .text import t
from .units import myen

__all__ = ["Page", "first_scenarios", "focus_name", "label", "scenario_policy", "town_names"]

#: Seconds between frames while playing: slow enough for a room to watch.
PLAY_PAUSE_S = 0.2
#: Longest wait for the page to draw a frame before the next is computed anyway (seconds).
DRAW_WAIT_S = 10.0
#: Months per frame while playing.
SPEEDS = (1, 3, 12)
#: The page's language when it opens (``dxsim dashboard --lang ja|en`` sets it).
CSS = """
.dx-page, .dx-page .v-application { font-family: FAMILY; }
.dx-table td { padding: 2px 8px; font-size: 0.95em; }
.v-select__content { max-height: 480px !important; }
.dx-table td.n { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600;
  white-space: nowrap; }
.dx-note { font-size: 0.9em; color: #555; margin: 2px 0; }
.dx-label { font-size: 0.9em; color: #333; margin-top: 2px; display: block; line-height: 1.2;
  cursor: help; }
.dx-card .v-input__slot { margin-bottom: 0; }
.dx-card .v-messages { display: none; }
.dx-card .v-input { margin-top: 0; padding-top: 0; }
.dx-card .v-input--is-label-active, .dx-card .v-input__control { min-height: 0; }
.dx-card .v-slider--horizontal { min-height: 26px; }
.dx-card .v-input--selects .v-input__slot { min-height: 40px !important; }
.dx-card .v-select .v-label { font-weight: 600; color: #222; max-width: none; overflow: visible; }
/* a scenario's whole name, never cut before the words that tell A from B */
.dx-card .v-select__selection, .dx-card .v-select__selection-text,
.dx-card .v-select__selections {
  white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; max-width: 100% !important; line-height: 1.15; }
.dx-view svg { width: 100%; height: auto; }
/* a 1920-pixel projector: controls and numbers grow with the charts */
@media (min-width: 1700px) { .dx-side, .dx-table, .dx-numbers .dx-note { zoom: 1.3; } }
/* a projector of 768 pixels: the two futures' controls a little smaller, so that B's IT
   picker stays on the screen (they end about 800 pixels down at full size) */
@media (max-height: 800px) and (max-width: 1699px) { .dx-side { zoom: 0.93; } }
""".replace("FAMILY", CSS_FAMILY)


def first_scenarios() -> tuple[str, str]:
    """Futures A and B on opening: the facilitator's first two files (one file: on both
    sides, to compare settings), else Kamishihoro with and without its programs."""
    readable = choices()
    extra = [c for c in extra_choices() if c in readable]  # the ones this server could read
    if extra:
        return extra[0], extra[min(1, len(extra) - 1)]
    return "kamishihoro.yaml", "kamishihoro_no_programs.yaml"


def first_language() -> str:
    """The language the page opens in: ``--lang`` of ``dxsim dashboard``, else English."""
    return "ja" if os.environ.get(LANG_ENV, "en") == "ja" else "en"


def _signed(percent: float) -> str:
    """+1.2% or -0.3%, and 0.0% (not -0.0%) for a change that rounds to nothing."""
    return "0.0%" if round(percent, 1) == 0 else f"{percent:+.1f}%"


def _headline(snap: Snapshot, names: list[str], lang: str) -> str:
    """The numbers a room asks for, A beside B, as an HTML table."""
    rows = []
    for key, fmt in (
        ("persons", lambda h: t("persons", lang).format(n=int(h["persons"]))),
        ("change", lambda h: _signed(h["change"])),
        ("old", lambda h: f"{h['old']:.1f}%"),
        ("online", lambda h: f"{h['online']:.1f}%"),
        ("donations", lambda h: myen(h["donations"], lang, months=int(h["months"]))),
        ("trust", lambda h: f"{h['trust']:.2f}"),
    ):
        cells = "".join(f'<td class="n">{fmt(h)}</td>' for h in snap.headline)
        rows.append(f"<tr><td>{t('h_' + key, lang)}</td>{cells}</tr>")
    head = "".join(
        f'<td class="n" style="color:{charts.COLORS[i]}">{"AB"[i]}</td>' for i in range(2)
    )
    dates = "".join(
        f'<td class="n dx-date">{t("date", lang).format(y=y, m=m)}</td>' for y, m in snap.months
    )
    return (
        f'<table class="dx-table"><tr><td><b>{t("headline", lang)}</b></td>{head}</tr>'
        f"<tr><td></td>{dates}</tr>{''.join(rows)}</table>"
        f'<div class="dx-note">A: {names[0]} / B: {names[1]}</div>'
    )


@solara.component
def Page() -> None:
    lang, set_lang = solara.use_state(first_language())
    first_a, first_b = first_scenarios()
    settings_a, set_a = solara.use_state(Settings(scenario=first_a))
    settings_b, set_b = solara.use_state(Settings(scenario=first_b))
    generation, set_generation = solara.use_state(0)  # Restart: new futures, same settings
    seed, set_seed = solara.use_state(1)  # both futures share it: common random numbers
    pair = solara.use_memo(
        lambda: Pair(
            dataclasses.replace(settings_a, seed=seed), dataclasses.replace(settings_b, seed=seed)
        ),
        dependencies=[settings_a, settings_b, generation, seed],
    )
    version, set_version = solara.use_state(0)  # bumped after every frame: redraw
    playing, set_playing = solara.use_state(False)
    speed, set_speed = solara.use_state(3)
    view, set_view = solara.use_state("lines")  # the upper view: one of views.VIEWS
    drawn = solara.use_memo(threading.Event, dependencies=[])
    solara.use_effect(drawn.set, dependencies=[version, pair])  # runs once a frame is on the page
    # Pause must freeze the page at once: the play thread computes and publishes each frame while
    # holding `frame`, and Pause waits for that lock, so a frame in flight lands before the button
    # says Play again and nothing moves afterwards.
    frame = solara.use_memo(threading.Lock, dependencies=[])
    stop = solara.use_memo(threading.Event, dependencies=[])

    def step(months: int = 1, until: threading.Event | None = None) -> None:
        pair.step(months, until)
        drawn.clear()
        set_version(lambda v: v + 1)

    def play(cancel: threading.Event) -> None:
        while playing:
            with frame:
                if stop.is_set() or cancel.is_set() or pair.done:
                    break
                step(speed, stop)  # Pause stops it after the month in progress
            drawn.wait(DRAW_WAIT_S)  # one frame at a time: never a queue of redraws
            cancel.wait(PLAY_PAUSE_S)
        if playing and pair.done and not (cancel.is_set() or stop.is_set()):
            set_playing(False)

    # never interrupt a month half-way: the thread stops before its next frame when told
    solara.use_thread(play, dependencies=[playing, speed, pair], intrusive_cancel=False)

    def play_or_pause() -> None:
        if not playing:
            stop.clear()
            set_playing(True)
            return
        stop.set()
        with frame:  # waits for a frame being computed (a few months: well under a second)
            set_playing(False)

    def restart() -> None:
        """Both futures back to their first month, keeping the settings."""
        set_playing(False)
        set_generation(lambda g: g + 1)

    def another_history() -> None:
        """Both futures from their first month with the next seed: is a gap luck or policy?"""
        set_playing(False)
        set_seed(lambda n: n + 1)

    def defaults() -> None:
        """Both futures back to their scenario's own values and first month."""
        set_playing(False)
        set_a(Settings(scenario=settings_a.scenario))
        set_b(Settings(scenario=settings_b.scenario))

    futures = (settings_a, settings_b)
    names = [future_name(s, lang) for s in futures]

    def draw() -> tuple[Snapshot, views.View, bytes]:
        with pair.lock:  # one moment for every picture
            snap = pair.snapshot()
            upper = views.draw(pair, view, names, lang, snap)
        return snap, upper, charts.png(charts.money(snap, names, lang))

    snap, upper, money_png = solara.use_memo(draw, dependencies=[version, lang, pair, view])

    solara.Title(t("title", lang))
    solara.Style(CSS)
    with solara.Column(style={"padding": "8px 12px", "gap": "6px"}, classes=["dx-page"]):
        with solara.Row(style={"align-items": "center"}):
            solara.HTML(tag="h2", unsafe_innerHTML=t("title", lang), style="margin: 0")
            solara.Button(
                t("language", lang), on_click=lambda: set_lang("ja" if lang == "en" else "en")
            )
        unreadable = problems()  # a facilitator's file this server could not read: said first
        if unreadable:
            with solara.Column(classes=["dx-unreadable"], style={"gap": "0"}):
                solara.Text(
                    t("unreadable_top", lang), style={"color": "#b00020", "font-weight": "600"}
                )
                for problem in unreadable:
                    solara.Text(problem, classes=["dx-note"], style={"color": "#b00020"})
        with solara.Columns([10, 27]):
            with solara.Column(style={"gap": "6px"}, classes=["dx-side"]):
                Controls(0, settings_a, set_a, lang)
                Controls(1, settings_b, set_b, lang)
                if any(len(scenario_of(s.scenario).municipalities) > 1 for s in futures):
                    solara.Text(t("per_town", lang), classes=["dx-note"])
            with solara.Column(style={"gap": "4px"}):
                with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
                    solara.Button(
                        t("step", lang), on_click=lambda: step(1), disabled=playing or snap.done
                    )
                    solara.Button(
                        t("pause", lang) if playing else t("play", lang),
                        on_click=play_or_pause,
                        color="primary",
                        disabled=snap.done and not playing,
                    )
                    solara.Button(t("restart", lang), on_click=restart)
                    solara.Button(t("defaults", lang), on_click=defaults, text=True)
                    solara.Text(t("speed", lang))
                    solara.ToggleButtonsSingle(
                        value=speed,
                        on_value=set_speed,
                        children=[solara.Button(str(n), value=n) for n in SPEEDS],
                    )
                    if snap.done:
                        solara.Text(t("end", lang), style={"font-weight": "600"})
                    solara.ToggleButtonsSingle(
                        value=view,
                        on_value=set_view,
                        children=[
                            solara.Button(t("view_" + name, lang), value=name, small=True)
                            for name in views.VIEWS
                        ],
                    )
                with solara.Column(classes=["dx-view", f"dx-view-{view}"], style={"gap": "0"}):
                    if upper.png is not None:
                        solara.Image(upper.png, width="100%")
                    else:
                        solara.HTML(unsafe_innerHTML=upper.svg, classes=["dx-svg"])
                    if upper.note:
                        solara.Text(upper.note, classes=["dx-note", "dx-why"])
                with solara.Columns([3, 2]):
                    with solara.Column(style={"gap": "0px"}):
                        solara.Image(money_png, width="100%")
                    with solara.Column(classes=["dx-numbers"]):
                        solara.HTML(unsafe_innerHTML=_headline(snap, names, lang))
                        starts = [int(y[0] + 0.1) for y in snap.years]
                        if starts[0] != starts[1]:
                            solara.Text(
                                t("different_starts", lang).format(a=starts[0], b=starts[1]),
                                classes=["dx-note"],
                            )
                        lengths = [scenario_of(s.scenario).run.years for s in futures]
                        if lengths[0] != lengths[1]:
                            solara.Text(
                                t("different_lengths", lang).format(a=lengths[0], b=lengths[1]),
                                classes=["dx-note"],
                            )
                        for name, s in dict(zip(names, futures, strict=True)).items():
                            k = dashboard_scale(scenario_of(s.scenario))
                            if k > 1:  # said once per scenario shown
                                note = t("coarse", lang).format(name=name, k=k)
                                solara.Text(note, classes=["dx-note"])
                        solara.Text(t("compare", lang), classes=["dx-note"])
                        solara.Button(
                            t("another", lang).format(seed=seed, next=seed + 1),
                            on_click=another_history,
                            text=True,
                            small=True,
                        )
                        solara.Text(t("assumption", lang), classes=["dx-note"])
