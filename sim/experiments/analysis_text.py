"""Words of the analysis figures, in English and Japanese (``--lang``).

A KPI without a Japanese name here keeps its column name; units come from docs/outputs.md.
"""

from __future__ import annotations

__all__ = ["kpi_label", "word"]

KPI_JA = {
    "population": "人口",
    "pop_0_14": "年少人口（0-14歳）",
    "pop_15_64": "生産年齢人口（15-64歳）",
    "pop_65_plus": "老年人口（65歳以上）",
    "births": "出生数",
    "deaths": "死亡数",
    "moves_in": "転入者数",
    "moves_out": "転出者数",
    "employed": "就業者数",
    "firms": "事業所数",
    "output_yen": "生産額（円）",
    "revenue_yen": "歳入（円）",
    "expenditure_yen": "歳出（円）",
    "fiscal_balance_yen": "財政収支（円）",
    "funds_yen": "基金残高（円）",
    "debt_yen": "地方債残高（円）",
    "it_cost_yen": "情報システム経費（円）",
    "it_cost_per_resident_yen": "住民一人当たり情報システム経費（円/年）",
    "donations_yen": "ふるさと納税寄附額（円）",
    "trust": "行政への信頼",
    "satisfaction": "住民満足度",
    "online_procedure_share": "オンライン手続の割合",
    "digital_literacy": "デジタルリテラシー",
    "program_spending_yen": "事業費（円）",
}

WORDS = {
    "date": {"en": "date", "ja": "年月"},
    "median": {"en": "median", "ja": "中央値"},
    "band50": {"en": "50% of runs", "ja": "50%区間"},
    "band90": {"en": "90% of runs", "ja": "90%区間"},
    "fan_title": {
        "en": "{kpi}: median and 50%/90% bands over {n} runs",
        "ja": "{kpi}：{n}回の実行の中央値と50%・90%区間",
    },
    "diff_title": {
        "en": "{kpi}: difference from {base}, mean of paired replicates, 95% CI",
        "ja": "{kpi}：{base}との差（同じ乱数の対の平均、95%信頼区間）",
    },
    "difference": {"en": "difference", "ja": "差"},
    "outcome_diff": {
        "en": "difference from {base} (mean, 95% bootstrap CI)",
        "ja": "{base}との差（平均、95%ブートストラップ信頼区間）",
    },
}


def kpi_label(kpi: str, lang: str = "en") -> str:
    """A KPI's name for an axis: its Japanese name with ``lang`` "ja" where known."""
    return KPI_JA.get(kpi, kpi) if lang == "ja" else kpi


def word(key: str, lang: str = "en", **fields: object) -> str:
    """A figure word or sentence in ``lang``, with its fields filled in."""
    return WORDS[key][lang].format(**fields)
