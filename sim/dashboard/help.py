"""What each control means, read from the scenario schema: so the page says what
``dxsim params`` says (unit, range, one line of meaning), in English and Japanese.

The schema's ``desc`` is English and its ``ja`` is a Japanese label; the Japanese line of
meaning is the dashboard's translation of ``desc`` (``MEANING_JA``), and a
test checks that every control has both.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..scenario.fields import bounds
from ..scenario.params_town_policy import ProgramSpec, TownPolicy
from ..scenario.schema import MunicipalitySpec
from .text import t

#: Each control: the schema field it sets, the slider's range (in the control's unit) and
#: the factor from the schema's unit to the control's (childcare: yen -> million yen).
CONTROLS: dict[str, tuple[type, str, tuple[float, float] | None, float]] = {
    "disclosure": (TownPolicy, "disclosure", (0.0, 1.0), 1.0),
    "reinvestment": (TownPolicy, "reinvestment_share", (0.0, 1.0), 1.0),
    "childcare": (ProgramSpec, "budget_yen", (0, 400), 1e-6),
    "regime": (MunicipalitySpec, "it_regime", None, 1.0),
}


#: The schema's ``desc`` of each control, in Japanese (the schema carries a Japanese label only).
MEANING_JA = {
    "disclosure": "町がお金の使い道を毎年どこまで公開するか",
    "reinvestment": "毎年度、町の自主財源（税収と、返礼品・経費・基金積立を除いた寄附）が"
    "初年度を上回った分のうち、この割合を施策の予算に上乗せする",
    "childcare": "子育て支援施策への年間の公費支出（再投資による上乗せの前）",
    "regime": "開始時の基幹システムの形態：自治体独自・広域共同・国の標準",
}


@dataclass(frozen=True)
class Help:
    """A control's label, unit, the range its slider offers, the schema's range, and meaning."""

    label: str
    unit: str
    slider: str
    schema: str
    meaning: str

    def line(self, lang: str) -> str:
        """One line for the tooltip: unit, range, meaning."""
        parts = [f"{t('help_unit', lang)}: {self.unit}"]
        if self.slider:
            parts.append(f"{t('help_range', lang)}: {self.slider}")
        if self.schema and self.schema != self.slider:
            parts.append(f"{t('help_schema', lang)}: {self.schema}")
        return " · ".join(parts) + " — " + self.meaning


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def control_help(key: str, lang: str) -> Help:
    """The help of control ``key`` in ``lang``, from the schema field it sets."""
    model, name, slider, factor = CONTROLS[key]
    field = model.model_fields[name]
    extra = field.json_schema_extra or {}
    lo, hi = bounds(field.metadata)
    known = lo is not None and hi is not None
    schema = f"{_number(lo * factor)}–{_number(hi * factor)}" if known else ""
    span = f"{_number(slider[0])}–{_number(slider[1])}" if slider else ""
    if lang == "ja":
        return Help(
            label=str(extra.get("label_ja", "")),
            unit=t(f"unit_{key}", lang),
            slider=span,
            schema=schema,
            meaning=MEANING_JA[key],
        )
    return Help(
        label=name,
        unit=t(f"unit_{key}", lang) if factor != 1.0 else str(extra.get("unit", "")),
        slider=span,
        schema=schema,
        meaning=str(field.description or ""),
    )
