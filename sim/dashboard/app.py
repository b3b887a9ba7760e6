"""The dashboard page: two futures side by side, a play button, and where the money goes.

Every browser session builds its own two models (``solara.use_memo`` inside the page, never
at module level), so a room of laptops never shares a simulation. Moving a control rebuilds
that side's future from its first month; Play steps both futures a month at a time in a
background thread until Pause or the end of the scenario.
"""

from __future__ import annotations

import dataclasses
import functools
import threading

import matplotlib

matplotlib.use("Agg")


def _use_cjk_font() -> None:
    """Japanese chart labels need a CJK font: Debian's fonts-noto-cjk, registered by file
    (matplotlib's cache may predate the font), then DejaVu Sans for the rest."""
    from glob import glob

    from matplotlib import font_manager

    for path in sorted(glob("/usr/share/fonts/**/NotoSansCJK-*.ttc", recursive=True)):
        font_manager.fontManager.addfont(path)
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = ["Noto Sans CJK JP", "DejaVu Sans"]


_use_cjk_font()
import solara  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from ..scenario.loader import load_scenario  # noqa: E402
from .future import CHOICES, SCENARIOS, Future, Settings  # noqa: E402
from .text import t  # noqa: E402

COLORS = ("#1f77b4", "#d62728")
PLACES = ("outside", "firm", "resident", "fund", "nation", "municipality")
REGIMES = ("keep", "legacy", "joint", "standard")
#: Seconds between frames while playing: slow enough for a room to watch.
PLAY_PAUSE_S = 0.15
#: Months per frame while playing (a chart redraw takes about half a second).
SPEEDS = (1, 3, 12)


@functools.lru_cache(maxsize=32)
def scenario_policy(scenario: str) -> tuple[float, float, int]:
    """The first town's disclosure, reinvestment share and childcare budget (M yen) as the
    scenario sets them: where the sliders start."""
    spec = next(iter(load_scenario(SCENARIOS / scenario).municipalities.values()))
    care = spec.policy.programs.get("childcare_support")
    return (
        spec.policy.disclosure,
        spec.policy.reinvestment_share,
        (care.budget_yen // 1_000_000 if care else 0),
    )


@solara.component
def Controls(side: int, settings: Settings, set_settings, lang: str) -> None:
    """One future's controls: scenario, disclosure, reinvestment, childcare, IT systems."""
    disclosure, reinvestment, childcare = scenario_policy(settings.scenario)

    def update(**changes) -> None:
        set_settings(dataclasses.replace(settings, **changes))

    with solara.Card(
        f"{t('future', lang)} {'AB'[side]}", style={"border-top": f"4px solid {COLORS[side]}"}
    ):
        names = {t(c, lang): c for c in CHOICES}
        solara.Select(
            t("scenario", lang),
            values=list(names),
            value=t(settings.scenario, lang),
            on_value=lambda v: set_settings(Settings(scenario=names[v])),
        )
        solara.SliderFloat(
            t("disclosure", lang),
            value=settings.disclosure if settings.disclosure is not None else disclosure,
            min=0.0,
            max=1.0,
            step=0.1,
            on_value=lambda v: update(disclosure=round(v, 2)),
        )
        solara.SliderFloat(
            t("reinvestment", lang),
            value=settings.reinvestment if settings.reinvestment is not None else reinvestment,
            min=0.0,
            max=1.0,
            step=0.1,
            on_value=lambda v: update(reinvestment=round(v, 2)),
        )
        solara.SliderInt(
            t("childcare", lang),
            value=settings.childcare_myen if settings.childcare_myen is not None else childcare,
            min=0,
            max=400,
            step=10,
            on_value=lambda v: update(childcare_myen=int(v)),
        )
        solara.Select(
            t("regime", lang),
            values=[t(r, lang) for r in REGIMES],
            value=t(settings.regime or "keep", lang),
            on_value=lambda v: update(
                regime={t(r, lang): r for r in REGIMES}[v] if v != t("keep", lang) else None
            ),
        )


def _charts(futures: list[Future], lang: str) -> Figure:
    fig = Figure(figsize=(10, 3.2), layout="constrained")
    axes = fig.subplots(1, 3)
    for side, future in enumerate(futures):
        s = future.series()
        label = f"{'AB'[side]}: {t(future.settings.scenario, lang)}"
        for ax, col in zip(axes, ("population", "online", "balance"), strict=True):
            year = [int(d[:4]) + (int(d[5:]) - 1) / 12 for d in s.date]
            ax.plot(year, s[col], color=COLORS[side], label=label)
    for ax, col in zip(axes, ("population", "online", "balance"), strict=True):
        ax.set_title(t(col, lang), fontsize=9)
        ax.set_xlabel(t("year", lang), fontsize=8)
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=7)
    return fig


def _money(futures: list[Future], lang: str) -> Figure:
    fig = Figure(figsize=(10, 2.6), layout="constrained")
    ax = fig.subplots()
    width = 0.38
    for side, future in enumerate(futures):
        money = future.money()
        values = [float(money.get(p, 0.0)) for p in PLACES]
        xs = [i + (side - 0.5) * width for i in range(len(PLACES))]
        ax.bar(xs, values, width, color=COLORS[side], label="AB"[side])
    ax.set_xticks(range(len(PLACES)), [t(p, lang) for p in PLACES], fontsize=8)
    ax.set_title(t("money", lang), fontsize=9)
    ax.legend(fontsize=7)
    ax.grid(alpha=0.3, axis="y")
    return fig


@solara.component
def Page() -> None:
    lang, set_lang = solara.use_state("en")
    settings_a, set_a = solara.use_state(Settings(scenario="kamishihoro.yaml"))
    settings_b, set_b = solara.use_state(Settings(scenario="kamishihoro_no_programs.yaml"))
    generation, set_generation = solara.use_state(0)  # Reset: new futures, same settings
    future_a = solara.use_memo(lambda: Future(settings_a), dependencies=[settings_a, generation])
    future_b = solara.use_memo(lambda: Future(settings_b), dependencies=[settings_b, generation])
    futures = [future_a, future_b]
    version, set_version = solara.use_state(0)  # bumped after every step: redraw
    playing, set_playing = solara.use_state(False)
    lock = solara.use_memo(threading.Lock, dependencies=[])

    speed, set_speed = solara.use_state(3)

    def step(months: int = 1) -> None:
        with lock:
            for future in futures:
                future.step(months)
        set_version(lambda v: v + 1)

    def play(cancel: threading.Event) -> None:
        while playing and not cancel.is_set() and not all(f.done for f in futures):
            step(speed)
            cancel.wait(PLAY_PAUSE_S)
        if all(f.done for f in futures):
            set_playing(False)

    # never interrupt a month half-way: the thread stops at the next frame when told
    solara.use_thread(
        play, dependencies=[playing, speed, future_a, future_b], intrusive_cancel=False
    )

    def reset() -> None:
        """Both futures back to their scenario's own values and first month."""
        set_playing(False)
        set_a(Settings(scenario=settings_a.scenario))
        set_b(Settings(scenario=settings_b.scenario))
        set_generation(lambda g: g + 1)

    solara.Title(t("title", lang))
    with solara.Column(style={"padding": "12px"}):
        with solara.Row(style={"align-items": "center"}):
            solara.Markdown(f"## {t('title', lang)}")
            solara.Button(
                t("language", lang), on_click=lambda: set_lang("ja" if lang == "en" else "en")
            )
        with solara.Columns([1, 1]):
            Controls(0, settings_a, set_a, lang)
            Controls(1, settings_b, set_b, lang)
        with solara.Row(style={"align-items": "center"}):
            solara.Button(t("step", lang), on_click=lambda: step(1), disabled=playing)
            solara.Button(
                t("pause", lang) if playing else t("play", lang),
                on_click=lambda: set_playing(not playing),
                color="primary",
            )
            solara.Button(t("reset", lang), on_click=reset)
            solara.ToggleButtonsSingle(
                value=speed,
                on_value=set_speed,
                children=[
                    solara.Button(
                        f"{n} {t('months', lang)}" if n > 1 else f"1 {t('month_one', lang)}",
                        value=n,
                    )
                    for n in SPEEDS
                ],
            )
            ended = " · " + t("end", lang) if all(f.done for f in futures) else ""
            months = f"A {future_a.month} / B {future_b.month}"
            solara.Text(f"{t('month', lang)}: {months}{ended}")
        solara.FigureMatplotlib(_charts(futures, lang), dependencies=[version, lang, *futures])
        solara.FigureMatplotlib(_money(futures, lang), dependencies=[version, lang, *futures])
        solara.Text(t("compare", lang), style={"font-size": "0.85em", "color": "#555"})
        solara.Text(t("assumption", lang), style={"font-size": "0.85em", "color": "#555"})
