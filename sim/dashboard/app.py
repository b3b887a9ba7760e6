"""The dashboard page: two futures side by side, a play button, and where the money goes.

Every browser session builds its own pair of models (``solara.use_memo`` inside the page,
never at module level), so a room of laptops never shares a simulation. Moving a control
restarts both futures from their first month with the new settings, so they stay in step;
Play steps both in a background thread, one frame at a time: after each frame it waits until
the page has drawn it, so clicks (Pause, Restart) are never stuck behind a queue of redraws.
"""

from __future__ import annotations

import dataclasses
import functools
import threading

import solara

from . import charts
from .future import (
    Pair,
    Settings,
    Snapshot,
    choices,
    dashboard_scale,
    extra_choices,
    problems,
    scenario_name,
    scenario_of,
)
from .text import TEXT, t

REGIMES = ("keep", "legacy", "joint", "standard")
#: Seconds between frames while playing: slow enough for a room to watch.
PLAY_PAUSE_S = 0.2
#: Longest wait for the page to draw a frame before the next is computed anyway (seconds).
DRAW_WAIT_S = 10.0
#: Months per frame while playing.
SPEEDS = (1, 3, 12)
CSS = """
.dx-table td { padding: 2px 8px; font-size: 0.95em; }
.v-select__content { max-height: 480px !important; }
.dx-table td.n { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600;
  white-space: nowrap; }
.dx-note { font-size: 0.9em; color: #555; margin: 2px 0; }
.dx-label { font-size: 0.9em; color: #333; margin-top: 2px; display: block; line-height: 1.2; }
.dx-card .v-input__slot { margin-bottom: 0; }
.dx-card .v-messages { display: none; }
.dx-card .v-input { margin-top: 0; padding-top: 0; }
.dx-card .v-input--is-label-active, .dx-card .v-input__control { min-height: 0; }
.dx-card .v-slider--horizontal { min-height: 26px; }
.dx-card .v-input--selects .v-input__slot { min-height: 40px !important; }
.dx-card .v-select .v-label { font-weight: 600; color: #222; }
"""


@functools.lru_cache(maxsize=256)
def scenario_policy(scenario: str, town: str | None = None) -> tuple[float, float, int]:
    """A town's disclosure, reinvestment share and childcare budget (M yen) as the scenario
    sets them (the focus town's, else the first town's): where the sliders start."""
    towns = scenario_of(scenario).municipalities
    spec = towns[town] if town in towns else next(iter(towns.values()))
    care = spec.policy.programs.get("childcare_support")
    return (
        spec.policy.disclosure,
        spec.policy.reinvestment_share,
        (care.budget_yen // 1_000_000 if care else 0),
    )


def label(choice: str, lang: str) -> str:
    """A scenario's name in the picker: translated for the shipped ones, the file's own
    ``name`` for a facilitator's file."""
    return t(choice, lang) if choice in TEXT else scenario_name(choice)


def town_names(scenario: str, lang: str) -> dict[str, str]:
    """The towns of a scenario by their name in ``lang`` (Japanese name, or the key)."""
    towns = scenario_of(scenario).municipalities
    named = {}
    for key, spec in towns.items():
        name = spec.name_ja if lang == "ja" and spec.name_ja else key.replace("_", " ").title()
        named[name if name not in named else f"{name} ({key})"] = key
    return named


def focus_name(settings: Settings, lang: str) -> str:
    """' / Otofuke' when a future follows one town of its region, else ''."""
    if settings.town is None:
        return ""
    names = town_names(settings.scenario, lang)
    return " / " + next(n for n, k in names.items() if k == settings.town)


def first_scenarios() -> tuple[str, str]:
    """Futures A and B on opening: the facilitator's first two files (one file: on both
    sides, to compare settings), else Kamishihoro with and without its programs."""
    readable = choices()
    extra = [c for c in extra_choices() if c in readable]  # the ones this server could read
    if extra:
        return extra[0], extra[min(1, len(extra) - 1)]
    return "kamishihoro.yaml", "kamishihoro_no_programs.yaml"


def _signed(percent: float) -> str:
    """+1.2% or -0.3%, and 0.0% (not -0.0%) for a change that rounds to nothing."""
    return "0.0%" if round(percent, 1) == 0 else f"{percent:+.1f}%"


def _value(name: str, value: str) -> str:
    return f"{name}: {value}"


def _share(name: str, value: float, set_value) -> None:
    """A 0-1 slider in steps of 0.1, its value printed above it."""
    solara.Text(_value(name, f"{value:.1f}"), classes=["dx-label"])
    solara.SliderFloat(
        "", value=value, min=0.0, max=1.0, step=0.1, on_value=lambda v: set_value(round(v, 2))
    )


@solara.component
def Controls(side: int, settings: Settings, set_settings, lang: str) -> None:
    """One future's controls: scenario, disclosure, reinvestment, childcare, IT systems; each
    slider's label shows its value, so the room can read what was chosen."""
    disclosure, reinvestment, childcare = scenario_policy(settings.scenario, settings.town)
    shown = dataclasses.replace(
        settings,
        disclosure=disclosure if settings.disclosure is None else settings.disclosure,
        reinvestment=reinvestment if settings.reinvestment is None else settings.reinvestment,
        childcare_myen=childcare if settings.childcare_myen is None else settings.childcare_myen,
    )

    def update(**changes) -> None:
        set_settings(dataclasses.replace(settings, **changes))

    color = charts.COLORS[side]
    with solara.Card(
        style={"border-left": f"6px solid {color}", "padding": "2px 12px"}, classes=["dx-card"]
    ):
        names = {label(c, lang): c for c in choices()}
        solara.Select(
            f"{t('future', lang)} {'AB'[side]}: {t('scenario', lang)}",
            values=list(names),
            value=label(settings.scenario, lang),
            on_value=lambda v: set_settings(Settings(scenario=names[v])),
            dense=True,
        )
        _share(t("disclosure", lang), shown.disclosure, lambda v: update(disclosure=v))
        _share(t("reinvestment", lang), shown.reinvestment, lambda v: update(reinvestment=v))
        solara.Text(_value(t("childcare", lang), f"{shown.childcare_myen:,}"), classes=["dx-label"])
        solara.SliderInt(
            "",
            value=shown.childcare_myen,
            min=0,
            max=400,
            step=10,
            on_value=lambda v: update(childcare_myen=int(v)),
        )
        towns = {t("all_towns", lang): None} | town_names(settings.scenario, lang)
        with solara.Columns([1, 1] if len(towns) > 2 else [1], gutters_dense=True):
            if len(towns) > 2:  # a region: the sliders and charts can follow one town
                solara.Select(
                    t("town", lang),
                    values=list(towns),
                    value=next(n for n, k in towns.items() if k == settings.town),
                    # another town: its own values on the sliders, the IT choice kept
                    on_value=lambda v: set_settings(
                        Settings(scenario=settings.scenario, regime=settings.regime, town=towns[v])
                    ),
                    dense=True,
                )
            solara.Select(
                t("regime", lang),
                values=[t(r, lang) for r in REGIMES],
                value=t(settings.regime or "keep", lang),
                on_value=lambda v: update(
                    regime={t(r, lang): r for r in REGIMES}[v] if v != t("keep", lang) else None
                ),
                dense=True,
            )


def _myen(x: float, lang: str) -> str:
    """Millions of yen as a room says them: 億円 above 100 M in Japanese."""
    if lang == "ja" and x >= 100:
        return f"{x / 100:,.1f}億円"
    return t("myen", lang).format(x=x)


def _headline(snap: Snapshot, names: list[str], lang: str) -> str:
    """The numbers a room asks for, A beside B, as an HTML table."""
    rows = []
    for key, fmt in (
        ("persons", lambda h: t("persons", lang).format(n=int(h["persons"]))),
        ("change", lambda h: _signed(h["change"])),
        ("old", lambda h: f"{h['old']:.1f}%"),
        ("online", lambda h: f"{h['online']:.1f}%"),
        ("donations", lambda h: _myen(h["donations"], lang)),
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
    lang, set_lang = solara.use_state("en")
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
    view, set_view = solara.use_state("money")  # the lower chart: spending or IT costs
    drawn = solara.use_memo(threading.Event, dependencies=[])
    solara.use_effect(drawn.set, dependencies=[version, pair])  # runs once a frame is on the page
    # Pause must freeze the page at once: the play thread computes and publishes each frame while
    # holding `frame`, and Pause waits for that lock, so a frame in flight lands before the button
    # says Play again and nothing moves afterwards.
    frame = solara.use_memo(threading.Lock, dependencies=[])
    stop = solara.use_memo(threading.Event, dependencies=[])

    def step(months: int = 1) -> None:
        pair.step(months)
        drawn.clear()
        set_version(lambda v: v + 1)

    def play(cancel: threading.Event) -> None:
        while playing:
            with frame:
                if stop.is_set() or cancel.is_set() or pair.done:
                    break
                step(speed)
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
    names = [label(s.scenario, lang) + focus_name(s, lang) for s in futures]

    def draw() -> tuple[Snapshot, bytes, bytes]:
        snap = pair.snapshot()
        lower = charts.it_parts if view == "it" else charts.money
        return (
            snap,
            charts.png(charts.lines(snap, names, lang)),
            charts.png(lower(snap, names, lang)),
        )

    snap, lines_png, money_png = solara.use_memo(draw, dependencies=[version, lang, pair, view])

    solara.Title(t("title", lang))
    solara.Style(CSS)
    with solara.Column(style={"padding": "8px 12px", "gap": "6px"}):
        with solara.Row(style={"align-items": "center"}):
            solara.HTML(tag="h2", unsafe_innerHTML=t("title", lang), style="margin: 0")
            solara.Button(
                t("language", lang), on_click=lambda: set_lang("ja" if lang == "en" else "en")
            )
        with solara.Columns([10, 27]):
            with solara.Column(style={"gap": "6px"}):
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
                solara.Image(lines_png, width="100%")
                with solara.Columns([3, 2]):
                    with solara.Column(style={"gap": "0px"}):
                        solara.ToggleButtonsSingle(
                            value=view,
                            on_value=set_view,
                            children=[
                                solara.Button(t("view_money", lang), value="money", small=True),
                                solara.Button(t("view_it", lang), value="it", small=True),
                            ],
                        )
                        solara.Image(money_png, width="100%")
                    with solara.Column():
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
                        for problem in problems():  # a facilitator's file this server can't read
                            solara.Text(f"{t('unreadable', lang)} {problem}", classes=["dx-note"])
