"""A Japanese font for the charts and the page, found on Linux, macOS and Windows, or one
clear warning when there is none (Japanese labels would otherwise be empty boxes).
"""

from __future__ import annotations

import os
import sys
from glob import glob
from pathlib import Path

import matplotlib
from matplotlib import font_manager

#: Families that draw Japanese, best first: Noto/Source Han (Linux), Hiragino (macOS),
#: Yu Gothic and Meiryo (Windows), IPA, Takao and VL (older Linux).
FAMILIES = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Source Han Sans JP",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "MS Gothic",
    "IPAexGothic",
    "IPAGothic",
    "TakaoGothic",
    "VL Gothic",
)
#: File names of those fonts (a font installed after matplotlib built its cache is found by
#: file), and where each system keeps its fonts.
FILES = (
    "NotoSansCJK*",
    "NotoSansJP*",
    "SourceHanSans*",
    "ヒラギノ角ゴシック*",
    "Hiragino*",
    "YuGoth*",
    "meiryo*",
    "msgothic*",
    "ipaexg*",
    "ipag*",
    "TakaoGothic*",
    "VL-Gothic*",
)
FOLDERS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "~/Library/Fonts",
    os.path.join(os.environ.get("WINDIR", r"C:\Windows"), "Fonts"),
    os.path.join(os.environ.get("LOCALAPPDATA", ""), "Microsoft", "Windows", "Fonts"),
)
#: What the page asks the browser for (the same families, then the system's sans-serif).
CSS_FAMILY = ", ".join(f'"{f}"' for f in ("Roboto", *FAMILIES)) + ", sans-serif"
WARNING = (
    "dxsim dashboard: warning: no Japanese font found (looked for {families}); Japanese "
    "labels will show as empty boxes in the charts and possibly in the browser. Install one "
    "(Debian/Ubuntu: apt-get install fonts-noto-cjk; macOS and Windows have one built in) or "
    "use --lang en."
)


#: Font files already given to matplotlib in this process.
_REGISTERED: set[str] = set()


def font_files() -> list[str]:
    """Japanese font files on this machine, in the order of ``FILES``."""
    found = []
    for pattern in FILES:
        for folder in FOLDERS:
            base = Path(folder).expanduser()
            if folder and base.is_dir():
                found += sorted(glob(str(base / "**" / f"{pattern}.tt[cf]"), recursive=True))
                found += sorted(glob(str(base / "**" / f"{pattern}.otf"), recursive=True))
    return list(dict.fromkeys(found))


def use_cjk_font() -> str | None:
    """Register the Japanese fonts found and put them first for matplotlib; the family used,
    or None when there is none (DejaVu Sans then draws the Latin labels)."""
    for path in font_files():
        if path in _REGISTERED:  # once per process: addfont appends again on every call
            continue
        _REGISTERED.add(path)
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):  # a broken file is not our problem
            continue
    known = {f.name for f in font_manager.fontManager.ttflist}
    usable = [f for f in FAMILIES if f in known]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = [*usable, "DejaVu Sans"]
    return usable[0] if usable else None


def warn_without_font() -> bool:
    """Print one warning to stderr when no Japanese font is found; True if one is."""
    if use_cjk_font() is None:
        print(WARNING.format(families=", ".join(FAMILIES[:7]) + ", ..."), file=sys.stderr)
        return False
    return True
