"""The dashboard page: two futures side by side, a play button, and where the money goes.

Every browser session builds its own pair of models (``solara.use_memo`` inside the page,
never at module level), so a room of laptops never shares a simulation. Moving a control
restarts both futures from their first month with the new settings, so they stay in step;
Play steps both in a background thread, one frame at a time: it steps a frame, draws its
charts, then shows numbers and charts together, so clicks (Pause, Restart) are never stuck
behind a queue of redraws. Pause waits for the month in progress, never for a drawing (issue
14, defect 7: under a room's load, the drawing made Pause take seconds): a frame stepped but
still being drawn shows its numbers at once, its charts a moment later. Other changes
(Step, language, view) show their numbers at once and their charts when drawn (``Painter``).
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

import solara

from ..outputs.fonts import CSS_FAMILY
from . import charts, views
from .controls import Controls, focus_name, future_name, label, scenario_policy, town_names
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
/* no empty message line under every picker and slider (about 20 pixels each), and less
   padding in the cards: both futures' controls fit a 768-pixel screen at full size, a
   region's town picker included */
.dx-card .v-card-text { padding: 6px 4px 8px; }
.dx-card .v-input__details { display: none; }
.dx-card .v-select + .dx-label { margin-top: 4px; }
.dx-card .dx-pickers { margin: 4px 0 0; }
.dx-card .v-select__selection-text { font-size: 15px; }
/* the town and IT pickers side by side: less padding, so that "Nakasatsunai" and
   "シナリオのまま" fit on one line */
.dx-card .dx-pickers .v-field { padding-inline: 4px 0; }
.dx-card .dx-pickers .v-field__input { padding-inline: 6px 2px; }
.dx-card .dx-pickers .v-field-label { margin-inline-start: 6px; }
.dx-card .v-select .v-label { font-weight: 600; color: #222; max-width: none; overflow: visible; }
/* a scenario's whole name, never cut before the words that tell A from B */
.dx-card .v-select__selection, .dx-card .v-select__selection-text,
.dx-card .v-select__selections {
  white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; max-width: 100% !important; line-height: 1.15; }
.dx-view svg { width: 100%; height: auto; }
/* a 1920-pixel projector: controls and numbers grow with the charts */
@media (min-width: 1700px) { .dx-side, .dx-table, .dx-numbers .dx-note { zoom: 1.3; } }
""".replace("FAMILY", CSS_FAMILY)


@dataclass(frozen=True)
class Pictures:
    """The page's pictures of one moment: the upper view and the money chart, and the key
    (frame, language, futures, view) they were drawn for."""

    key: tuple
    view: str
    upper: views.View
    money: bytes


class Painter:
    """Draws a session's pictures in a thread of their own, the newest wanted only: one at a
    time, and a drawing no longer wanted (a newer frame, another language or view) is dropped.
    Nothing that stops or steps the futures ever waits for it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted: tuple = ()

    def paint(self, key: tuple, work: Callable[[], Pictures], publish) -> None:
        self.wanted = key

        def run() -> None:
            with self.lock:
                if self.wanted != key:
                    return
                pictures = work()
                if self.wanted == key:
                    publish(pictures)

        # not a daemon: a drawing in progress ends before the interpreter does (a daemon thread
        # inside matplotlib or numba at exit crashes it)
        threading.Thread(target=run, name="dx-painter", daemon=False).start()


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
    version, set_version = solara.use_state(0)  # frames published: the numbers to show
    playing, set_playing = solara.use_state(False)
    speed, set_speed = solara.use_state(3)
    view, set_view = solara.use_state("lines")  # the upper view: one of views.VIEWS
    pictures, set_pictures = solara.use_state(None)  # the charts: Pictures
    painter = solara.use_memo(Painter, dependencies=[])
    published = solara.use_memo(lambda: [0], dependencies=[])  # the last version set
    # months stepped but not yet on the page (the play thread is drawing their charts)
    pending = solara.use_memo(lambda: [False], dependencies=[pair])
    wanted = solara.use_ref((lang, view))  # what the play thread draws in, now
    wanted.current = (lang, view)
    # Pause must freeze the page at once. The play thread steps a frame holding `frame`, draws
    # its charts without it, then publishes numbers and charts together holding it again; Pause
    # takes `frame` (waiting at most for the month in progress), publishes a frame stepped but
    # not yet shown, and only then says Play: nothing moves afterwards, and it never waits for
    # a drawing (issue 14, defect 7).
    frame = solara.use_memo(threading.Lock, dependencies=[])
    stop = solara.use_memo(threading.Event, dependencies=[])

    def publish(drawn: Pictures | None = None) -> None:
        """The months stepped, on the page (with their charts when drawn already)."""
        pending[0] = False
        published[0] += 1
        if drawn is not None:
            set_pictures(drawn)
        set_version(published[0])

    def draw(key: tuple) -> Pictures:
        """The charts of both futures now, for ``key`` (version, language, futures, view)."""
        _, lang_now, _, view_now = key
        names_now = [future_name(s, lang_now) for s in (settings_a, settings_b)]
        whole = pair.snapshot()  # one moment for every picture
        with charts.fonts():
            upper = views.draw(pair, view_now, names_now, lang_now, whole)
            money = charts.png(charts.money(whole, names_now, lang_now))
        return Pictures(key, view_now, upper, money)

    def step() -> None:
        with frame:  # renders never run in two threads at once (see show_pictures)
            pair.step(1)
            publish()

    def show_pictures(drawn: Pictures) -> None:
        """The painter's charts, on the page: under ``frame`` like every other change of the
        page's state, so a render from the painter's thread never overlaps a click's."""
        with frame:
            set_pictures(drawn)

    def play(cancel: threading.Event) -> None:
        while playing:
            with frame:
                if stop.is_set() or cancel.is_set() or pair.done:
                    break
                pair.step(speed, stop)  # Pause stops it after the month in progress
                pending[0] = True
            # one frame at a time, drawn here: never a queue of redraws
            lang_now, view_now = wanted.current
            drawn = draw((published[0] + 1, lang_now, id(pair), view_now))
            with frame:
                if pending[0] and not cancel.is_set():  # else Pause has shown these months
                    publish(drawn)
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
        with frame:  # waits for the month in progress, or a frame being published
            if pending[0]:  # months stepped, their charts still drawing: shown now
                publish()
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

    # the months and numbers now (cheap: no charts); the charts follow (`paint`)
    snap = solara.use_memo(lambda: pair.snapshot(charts=False), dependencies=[version, pair])

    def paint() -> None:
        """Charts for what the page shows, unless drawn already (a played frame brings its
        own): in the painter's thread, so no click waits for them."""
        key = (version, lang, id(pair), view)
        if pictures is None or pictures.key != key:
            painter.paint(key, lambda: draw(key), show_pictures)

    solara.use_effect(paint, dependencies=[version, lang, pair, view])

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
        with solara.Columns([11, 27]):
            with solara.Column(style={"gap": "6px"}, classes=["dx-side"]):
                Controls(0, settings_a, set_a, lang)
                Controls(1, settings_b, set_b, lang)
                if any(len(scenario_of(s.scenario).municipalities) > 1 for s in futures):
                    solara.Text(t("per_town", lang), classes=["dx-note"])
            with solara.Column(style={"gap": "4px"}):
                with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
                    solara.Button(t("step", lang), on_click=step, disabled=playing or snap.done)
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
                shown = pictures.view if pictures else view
                with solara.Column(classes=["dx-view", f"dx-view-{shown}"], style={"gap": "0"}):
                    if pictures is None:  # the first drawing, a second after the page opens
                        solara.Text("…", style={"height": "300px"})
                    elif pictures.upper.png is not None:
                        solara.Image(pictures.upper.png, width="100%")
                    else:
                        solara.HTML(unsafe_innerHTML=pictures.upper.svg, classes=["dx-svg"])
                    if pictures is not None and pictures.upper.note:
                        solara.Text(pictures.upper.note, classes=["dx-note", "dx-why"])
                with solara.Columns([3, 2]):
                    with solara.Column(style={"gap": "0px"}):
                        if pictures is not None:
                            solara.Image(pictures.money, width="100%")
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
