"""Values typed the way a Japanese keyboard, calendar or office writes them, and what to write
instead: full-width digits (４３６１３), era years (令和5), FY2023, a date for a year, 2億,
43,613, a share in percent (28 or '28%'), a regime in Japanese (標準準拠).

Each function returns the words of a hint (``None`` when the value is not such a slip); the
rules of ``slips.SLIPS`` put them in the record of the problem.
"""

from __future__ import annotations

import datetime
import enum
import re
import unicodedata
from typing import Any

from .fields import bounds, did_you_mean

__all__ = ["percent_meant", "typed_hint", "year_meant", "enum_hint"]

#: Japanese eras and the Gregorian year before their first year (元年): Reiwa 1 is 2019.
ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
#: Japanese units of large numbers: 2億 is 200,000,000.
UNITS = {"億": 10**8, "万": 10**4, "千": 10**3}
#: Regimes in the words of Japanese documents (IT systems), by regime.
REGIMES_JA = {
    "standard": ("標準準拠", "標準準拠システム", "標準化", "標準", "ガバメントクラウド"),
    "joint": ("共同利用", "共同化", "共同", "自治体クラウド"),
    "legacy": ("単独", "単独利用", "独自", "独自システム", "従来"),
}


def _plain(text: str) -> str:
    """``text`` in half-width characters: NFKC, and a minus typed as − or ー made '-'."""
    plain = unicodedata.normalize("NFKC", text).strip().replace("−", "-")
    return "-" + plain[1:] if plain.startswith("ー") else plain


def _fiscal_year(date: datetime.date) -> int:
    """The fiscal year (April to March) of a date: 2024-02-01 is in FY2023."""
    return date.year if date.month >= 4 else date.year - 1


def year_meant(given: Any, fiscal: bool) -> tuple[int, str] | None:
    """The year a planner meant by an era year, FY2023, a date or a two-digit year, and why
    it is not written so (``fiscal``: the field is a fiscal year)."""
    fy = "FY" if fiscal else ""
    if isinstance(given, datetime.date):
        year = _fiscal_year(given) if fiscal else given.year
        return year, (f"a date, in FY{year} (April to March)" if fiscal else "a date")
    if isinstance(given, int) and not isinstance(given, bool) and 0 <= given < 100:
        return (2000 + given if given < 50 else 1900 + given), "a year is written with 4 digits"
    if not isinstance(given, str):
        return None
    text = _plain(given)
    era = re.fullmatch(r"(令和|平成|昭和|R|H|S)\s*([0-9]+|元)\s*(年度|年)?", text, re.IGNORECASE)
    if era:
        first = ERAS[era.group(1).upper() if len(era.group(1)) == 1 else era.group(1)]
        year = first + (1 if era.group(2) == "元" else int(era.group(2)))
        return year, f"a Japanese era year: {given} is {fy}{year}"
    named = re.fullmatch(r"(?:FY\s*([0-9]{4})|([0-9]{4})\s*(?:FY|年度|年))", text, re.IGNORECASE)
    if named:
        year = int(named.group(1) or named.group(2))
        return year, "a year is written as its number alone"
    day = re.fullmatch(
        r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*(?:[-/.月]\s*([0-9]{1,2})\s*日?)?", text
    )
    if day and 1 <= int(day.group(2)) <= 12:
        month = int(day.group(2))
        year = int(day.group(1))
        if fiscal:
            year = _fiscal_year(datetime.date(year, month, 1))
            return year, f"a date, in FY{year} (April to March)"
        return year, "a date"
    return None


def _japanese_number(text: str) -> int | float | None:
    """2億 -> 200000000, 4.36万 -> 43600, 1億5000万 -> 150000000 (None if not such)."""
    if not any(u in text for u in UNITS):
        return None
    total: float = 0
    rest = text
    for unit, size in UNITS.items():
        if unit in rest:
            head, rest = rest.split(unit, 1)
            if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", head):
                return None
            total += float(head) * size
    if rest and not re.fullmatch(r"[0-9]+", rest):
        return None
    total += float(rest or 0)
    return int(total) if float(total).is_integer() else total


def typed_hint(given: Any, info: Any, loc: tuple[str, ...]) -> str | None:
    """What to write instead of a number typed with full-width digits, commas, 億 or 万, with
    its unit, or a year typed as an era, FY2023, a date or two digits."""
    unit = (info.json_schema_extra or {}).get("unit") if info is not None else None
    if unit in ("fiscal year", "year"):
        found = year_meant(given, fiscal=unit == "fiscal year")
        if found:
            year, why = found
            month = (
                " (the month goes in start_month)"
                if why == "a date" and loc[-1:] == ("start_year",)
                else ""
            )
            return f"{why}; write {year}{month}"
    if not isinstance(given, str):
        return None
    text = _plain(given)
    number = r"[-+]?[0-9][0-9,]*(\.[0-9]+)?"
    if text != given.strip() and re.fullmatch(number, text):
        return f"written in full-width characters; write {text.replace(',', '')}"
    if re.fullmatch(r"[-+]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", text):
        return f"a number is written without commas; write {text.replace(',', '')}"
    bare = re.sub(r"\s*(円|人|yen|persons?|people)$", "", text.replace(",", ""), flags=re.I)
    value = _japanese_number(bare)
    if value is not None:
        return f"which is {value:,}; write {value}"
    alone = re.fullmatch(r"([-+]?[0-9]+(?:\.[0-9]+)?)\s*([^\s0-9.,%億万千].*)", text)
    if alone:
        return f"a number is written alone, without its unit; write {alone.group(1)}"
    return None


def percent_meant(given: Any, info: Any, lo: Any = None, hi: Any = None) -> float | None:
    """The percentage meant, when a share (0 to at most 1: ``info``'s range, or ``lo`` to
    ``hi``) was given as 28 or '28%'."""
    if lo is None and hi is None and info is not None:
        lo, hi = bounds(info.metadata)
    if lo is None or hi is None or lo < 0 or hi > 1:
        return None
    if isinstance(given, str):
        m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*", unicodedata.normalize("NFKC", given))
        return float(m.group(1)) if m else None
    if isinstance(given, int | float) and not isinstance(given, bool) and 1 < given <= 100:
        return float(given)
    return None


def enum_hint(given: Any, info: Any) -> str:
    """'; did you mean ...?' for a near miss of a choice, or the choice a Japanese word
    names ('標準準拠' is standard); '' if neither."""
    choices = getattr(info, "annotation", None) if info is not None else None
    if not (isinstance(choices, type) and issubclass(choices, enum.Enum)):
        return ""
    names = [str(m.value) for m in choices]
    if isinstance(given, str):
        word = _plain(given)
        for name, words in REGIMES_JA.items():
            if name in names and word in words:
                return f"; '{given}' is {name} in Japanese: write {name}"
        return did_you_mean(word.lower(), names)
    return ""
