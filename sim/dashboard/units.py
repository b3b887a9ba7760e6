"""Money in the units a room says (円, 万円, 億円 in Japanese; yen, k yen, M yen in English),
with as many decimals as the ticks of an axis need so that no two ticks read the same.

One unit per axis (chosen by its largest tick), decimals chosen by the step between ticks:
15,000 and 25,000 yen are "1.5万円" and "2.5万円", never "2万円" twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.ticker import Formatter

#: (size of the unit in yen, its name) from the largest, per language.
UNITS = {
    "ja": ((100_000_000, "億円"), (10_000, "万円"), (1, "円")),
    "en": ((1_000_000, " M yen"), (1_000, "k yen"), (1, " yen")),
}


def unit_for(largest: float, lang: str) -> tuple[int, str]:
    """The unit for an axis or a number whose largest absolute value is ``largest``."""
    for size, name in UNITS["ja" if lang == "ja" else "en"]:
        if abs(largest) >= size:
            return size, name
    return UNITS["ja" if lang == "ja" else "en"][-1]


def decimals_for(step: float, size: int) -> int:
    """Decimals that tell apart two numbers ``step`` yen apart, in a unit of ``size`` yen."""
    if step <= 0:
        return 0
    return max(0, min(3, math.ceil(-math.log10(step / size) - 1e-9)))


def yen(value: float, lang: str, *, size: int | None = None, decimals: int | None = None) -> str:
    """One amount in yen as a room reads it: 1.5万円, 2.3億円, 12k yen, 3.4 M yen."""
    if size is None:
        size, _ = unit_for(value, lang)
    name = dict(UNITS["ja" if lang == "ja" else "en"])[size]
    if decimals is None:
        decimals = 0 if size == 1 or abs(value) >= 10 * size else 1
    number = round(value / size, decimals) + 0.0  # + 0.0: never "-0"
    return f"{number:,.{decimals}f}{name}"


def yen_ticks(values: Sequence[float], lang: str) -> list[str]:
    """Labels of an axis's ticks: one unit, the decimals the step needs (distinct labels)."""
    values = [float(v) for v in values]
    if not values:
        return []
    size, _ = unit_for(max(abs(v) for v in values), lang)
    diffs = [abs(b - a) for a, b in zip(values, values[1:], strict=False) if b != a]
    decimals = decimals_for(min(diffs), size) if diffs else 0
    return [yen(v, lang, size=size, decimals=decimals) for v in values]


class YenFormatter(Formatter):
    """A matplotlib tick formatter that labels the ticks with ``yen_ticks``."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_ticks(self, values) -> list[str]:
        self.set_locs(values)
        return yen_ticks(values, self.lang)

    def __call__(self, x: float, pos: int | None = None) -> str:
        locs = list(getattr(self, "locs", []) or [])
        if x in locs:
            return yen_ticks(locs, self.lang)[locs.index(x)]
        return yen(x, self.lang)  # the hover readout, or a lone value


def myen(millions: float, lang: str, months: int | None = None) -> str:
    """Millions of yen for the headline table; a dash before the first month is simulated
    (a sum over no months is not zero donations)."""
    if months == 0:
        return "–"
    return yen(millions * 1e6, lang)
