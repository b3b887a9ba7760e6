"""One future's controls and the names the page gives a future.

Every control shows its value, and its unit, range and meaning (from the scenario schema,
``help.py``) on hover over its label and its ⓘ; a future's name says the IT regime it runs
when the picker changed it, and the town it follows.
"""

from __future__ import annotations

import dataclasses
import functools

import solara

from .charts import COLORS
from .future import Settings, choices, scenario_name, scenario_of
from .help import control_help
from .text import TEXT, t

REGIMES = ("keep", "legacy", "joint", "standard")


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


def future_name(settings: Settings, lang: str) -> str:
    """A future as the legend and the table name it: its scenario, the IT regime the picker
    chose instead of the scenario's ("Tokachi: own systems → national standard"), its town."""
    name = label(settings.scenario, lang)
    if settings.regime is not None:
        name += f" → {t(settings.regime, lang)}"
    return name + focus_name(settings, lang)


def _label(key: str, value: str, lang: str) -> None:
    """A control's name and value; its unit, range and meaning on hover."""
    help_ = control_help(key, lang)
    with solara.Tooltip(help_.line(lang)):
        solara.Text(f"{t(key, lang)}: {value} ⓘ", classes=["dx-label", f"dx-help-{key}"])


def _share(key: str, value: float, set_value, lang: str) -> None:
    """A 0-1 slider in steps of 0.1, its value printed above it."""
    _label(key, f"{value:.1f}", lang)
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

    with solara.Card(
        style={"border-left": f"6px solid {COLORS[side]}", "padding": "2px 12px"},
        classes=["dx-card"],
    ):
        names = {label(c, lang): c for c in choices()}
        solara.Select(
            f"{t('future', lang)} {'AB'[side]}: {t('scenario', lang)}",
            values=list(names),
            value=label(settings.scenario, lang),
            on_value=lambda v: set_settings(Settings(scenario=names[v])),
            dense=True,
        )
        _share("disclosure", shown.disclosure, lambda v: update(disclosure=v), lang)
        _share("reinvestment", shown.reinvestment, lambda v: update(reinvestment=v), lang)
        _label("childcare", f"{shown.childcare_myen:,}", lang)
        solara.SliderInt(
            "",
            value=shown.childcare_myen,
            min=0,
            max=400,
            step=10,
            on_value=lambda v: update(childcare_myen=int(v)),
        )
        towns = {t("all_towns", lang): None} | town_names(settings.scenario, lang)
        # a region: the sliders and charts can follow one town; its picker and the IT
        # picker share a row, so that both futures' controls fit a 768-pixel screen
        with solara.Row(classes=["dx-pickers"], style={"gap": "8px", "flex-wrap": "nowrap"}):
            if len(towns) > 2:
                with solara.Column(classes=["dx-town"], style={"flex": "1 1 0", "min-width": 0}):
                    solara.Select(
                        t("town", lang),
                        values=list(towns),
                        value=next(n for n, k in towns.items() if k == settings.town),
                        # another town: its own values on the sliders, the IT choice kept
                        on_value=lambda v: set_settings(
                            Settings(
                                scenario=settings.scenario, regime=settings.regime, town=towns[v]
                            )
                        ),
                        dense=True,
                    )
            with solara.Tooltip(control_help("regime", lang).line(lang)):
                with solara.Column(
                    classes=["dx-help-regime"], style={"flex": "1 1 0", "min-width": 0}
                ):
                    solara.Select(
                        t("regime", lang) + " ⓘ",
                        values=[t(r, lang) for r in REGIMES],
                        value=t(settings.regime or "keep", lang),
                        on_value=lambda v: update(
                            regime={t(r, lang): r for r in REGIMES}[v]
                            if v != t("keep", lang)
                            else None
                        ),
                        dense=True,
                    )
