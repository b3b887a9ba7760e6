"""Every label of the dashboard in English and Japanese (one table, so none is missed)."""

from __future__ import annotations

LANGUAGES = ("en", "ja")

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "dxsim: two futures of a region", "ja": "dxsim：地域の二つの未来"},
    "language": {"en": "日本語", "ja": "English"},
    "future": {"en": "Future", "ja": "未来"},
    "scenario": {"en": "Scenario", "ja": "シナリオ"},
    "disclosure": {"en": "Disclosure (0-1)", "ja": "情報公開度（0〜1）"},
    "reinvestment": {"en": "Reinvestment share", "ja": "再投資率"},
    "childcare": {"en": "Childcare budget (M yen/year)", "ja": "子育て支援予算（百万円/年）"},
    "regime": {"en": "IT systems", "ja": "情報システム"},
    "legacy": {"en": "own (legacy)", "ja": "自治体独自"},
    "joint": {"en": "regional joint", "ja": "広域共同"},
    "standard": {"en": "national standard", "ja": "国の標準"},
    "keep": {"en": "as in the scenario", "ja": "シナリオのまま"},
    "step": {"en": "Step 1 month", "ja": "1か月進める"},
    "play": {"en": "Play", "ja": "再生"},
    "pause": {"en": "Pause", "ja": "一時停止"},
    "reset": {"en": "Reset", "ja": "リセット"},
    "month": {"en": "Month", "ja": "年月"},
    "year": {"en": "year", "ja": "年"},
    "months": {"en": "months per frame", "ja": "か月ずつ"},
    "month_one": {"en": "month per frame", "ja": "か月ずつ"},
    "population": {"en": "Population (start = 100)", "ja": "人口（開始時＝100）"},
    "online": {"en": "Procedures done online (%)", "ja": "オンライン手続の割合（％）"},
    "balance": {
        "en": "Fiscal balance, last 12 months (yen per resident)",
        "ja": "財政収支（直近12か月、住民一人当たり円）",
    },
    "money": {
        "en": "Where the town halls' money went, last 12 months (yen per resident)",
        "ja": "役場の支出の行き先（直近12か月、住民一人当たり円）",
    },
    "outside": {"en": "out of the region", "ja": "地域外へ"},
    "firm": {"en": "local firms", "ja": "地元企業へ"},
    "resident": {"en": "households", "ja": "世帯へ"},
    "fund": {"en": "own funds", "ja": "基金へ"},
    "nation": {"en": "national government", "ja": "国へ"},
    "municipality": {"en": "other town halls", "ja": "他の役場へ"},
    "end": {"en": "End of the scenario", "ja": "シナリオの終わり"},
    "compare": {
        "en": "Both futures draw the same random numbers until their settings differ: with one "
        "scenario on both sides, the gap between the lines is the settings' doing. Populations "
        "are shown against their start and money per resident, so a town and a region can be "
        "compared.",
        "ja": "二つの未来は設定が異なるまで同じ乱数を使います。"
        "両側が同じシナリオなら、線の差は設定の違いによるものです。"
        "人口は開始時を100とし、金額は住民一人当たりで示すため、町と地域も比べられます。",
    },
    "kamishihoro.yaml": {"en": "Kamishihoro: donations and programs", "ja": "上士幌町：寄附と施策"},
    "kamishihoro_no_programs.yaml": {
        "en": "Kamishihoro: donations, no programs",
        "ja": "上士幌町：寄附のみ（施策なし）",
    },
    "kamishihoro_baseline.yaml": {
        "en": "Kamishihoro as an ordinary town",
        "ja": "上士幌町：一般的な町",
    },
    "centralization/all_legacy.yaml": {
        "en": "Tokachi: own systems",
        "ja": "十勝：各自治体の独自システム",
    },
    "centralization/regional_joint.yaml": {
        "en": "Tokachi: one regional system",
        "ja": "十勝：広域共同システム",
    },
    "centralization/standard_mandate.yaml": {
        "en": "Tokachi: national standard by FY2025",
        "ja": "十勝：2025年度までに国の標準へ",
    },
    "centralization/standard_late.yaml": {
        "en": "Tokachi: national standard, some late",
        "ja": "十勝：国の標準（一部遅延）",
    },
    "assumption": {
        "en": "Consequences of stated assumptions, not forecasts (docs/ODD.md).",
        "ja": "示した仮定から導かれる結果であり、予測ではありません（docs/ODD.md）。",
    },
}


def t(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (English when a translation is missing)."""
    entry = TEXT[key]
    return entry.get(lang) or entry["en"]
