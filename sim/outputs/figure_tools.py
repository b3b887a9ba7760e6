"""Small pieces the figure modules share: yearly means and bands, lines per scenario, saving."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..scenario.params_it import FY2017_COST_POINTS
from .summaries import ORDER, fiscal_years

__all__ = [
    "FY2017",
    "fy_totals",
    "plot_lines",
    "plot_mean_band",
    "pyplot",
    "save_both",
    "save_figure",
    "short_name",
]

#: MIC FY2017 cost per resident, each at the size standing for its class (a representative
#: small town of 8,000 persons; 150,000), the points the legacy costs are fitted to.
FY2017 = FY2017_COST_POINTS


def short_name(name: str) -> str:
    return name.removeprefix("centralization_")


def fy_totals(region: pd.DataFrame, column: str, how: str = "sum") -> pd.DataFrame:
    r = region[region.step > 0].assign(fy=lambda d: fiscal_years(d.date))
    per_run = r.groupby(["scenario", "replicate", "fy"])[column].agg(how).reset_index()
    return per_run.groupby(["scenario", "fy"])[column].agg(["mean", "min", "max"]).reset_index()


def plot_lines(ax, table: pd.DataFrame, scale: float = 1.0) -> None:
    from matplotlib.ticker import MaxNLocator

    for name in sorted(table.scenario.unique(), key=lambda s: ORDER.index(short_name(s))):
        t = table[table.scenario == name]
        ax.plot(t.fy, t["mean"] / scale, label=short_name(name))
        ax.fill_between(t.fy, t["min"] / scale, t["max"] / scale, alpha=0.15)
    ax.set_xlabel("fiscal year")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.3)


def save_figure(fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    import matplotlib.pyplot as plt

    plt.close(fig)
    return path


def plot_mean_band(ax, frame: pd.DataFrame, x: str, y: str, label: str, scale: float = 1.0):
    g = frame.groupby(x)[y]
    mean, lo, hi = g.mean() / scale, g.min() / scale, g.max() / scale
    ax.plot(mean.index, mean.values, label=label)
    ax.fill_between(mean.index, lo.values, hi.values, alpha=0.15)


def pyplot(lang: str = "en"):
    """matplotlib.pyplot without a display, with a Japanese font registered (sim/outputs/
    fonts.py: by file, since matplotlib's cache may predate it). Fonts are process-wide: an
    English figure puts DejaVu Sans first but keeps the Japanese fonts behind it, so that the
    dashboard's Japanese charts drawn in the same process still find their glyphs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .fonts import use_cjk_font

    use_cjk_font()  # a Japanese font first (Linux, macOS, Windows), DejaVu Sans after it
    if lang == "ja":
        plt.rcParams["svg.fonttype"] = "path"  # the SVG shows the glyphs without the font
    else:  # Latin labels in DejaVu Sans; the Japanese fonts stay behind it for any kanji
        rest = [f for f in plt.rcParams["font.sans-serif"] if f != "DejaVu Sans"]
        plt.rcParams["font.sans-serif"] = ["DejaVu Sans", *rest]
    return plt


def save_both(fig, stem: Path) -> list[Path]:
    """The figure as ``stem.png`` and ``stem.svg``; closed afterwards."""
    import matplotlib.pyplot as plt

    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    made = []
    for suffix in (".png", ".svg"):
        path = stem.parent / f"{stem.name}{suffix}"  # a name may hold dots (disclosure_0.1)
        fig.savefig(path, dpi=110, metadata={"Date": None} if suffix == ".svg" else None)
        made.append(path)
    plt.close(fig)
    return made
