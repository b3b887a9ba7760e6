"""Every label of the dashboard in English and Japanese (one table, so none is missed)."""

from __future__ import annotations

LANGUAGES = ("en", "ja")

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "dxsim: two futures of a region", "ja": "dxsim：地域の二つの未来"},
    "language": {"en": "日本語", "ja": "English"},
    "future": {"en": "Future", "ja": "未来"},
    "scenario": {"en": "Scenario", "ja": "シナリオ"},
    "disclosure": {"en": "Disclosure", "ja": "情報公開度"},
    "reinvestment": {"en": "Reinvestment share", "ja": "再投資率"},
    "childcare": {
        "en": "Childcare budget per town (M yen/year)",
        "ja": "子育て支援予算（自治体ごと、百万円/年）",
    },
    "regime": {"en": "IT systems", "ja": "情報システム"},
    "legacy": {"en": "own (legacy)", "ja": "自治体独自"},
    "joint": {"en": "regional joint", "ja": "広域共同"},
    "standard": {"en": "national standard", "ja": "国の標準"},
    "keep": {"en": "as in the scenario", "ja": "シナリオのまま"},
    "step": {"en": "Step 1 month", "ja": "1か月進める"},
    "play": {"en": "Play", "ja": "再生"},
    "pause": {"en": "Pause", "ja": "一時停止"},
    "restart": {"en": "Restart", "ja": "最初から"},
    "defaults": {"en": "Scenario values", "ja": "シナリオの値に戻す"},
    "speed": {"en": "Months per frame", "ja": "1コマの月数"},
    "end": {"en": "End of the scenario", "ja": "シナリオの終わり"},
    "population": {"en": "Population (start = 100)", "ja": "人口（開始時＝100）"},
    "online": {"en": "Procedures done online (%)", "ja": "オンライン手続の割合（％）"},
    "balance": {
        "en": "Fiscal balance, last 12 months, per resident",
        "ja": "財政収支（直近12か月、住民一人当たり）",
    },
    "after_a_year": {"en": "shown after 12 months", "ja": "12か月後から表示"},
    "money": {
        "en": "What the town halls spent, last 12 months, per resident",
        "ja": "役場の支出（直近12か月、住民一人当たり）",
    },
    "money_first": {
        "en": "What the town halls spent, first {n} month{s}, per resident",
        "ja": "役場の支出（最初の{n}か月、住民一人当たり）",
    },
    "money_key": {
        "en": "solid: stayed in the region / hatched: left it",
        "ja": "濃い色：地域内に残った分／斜線：地域外へ出た分",
    },
    "no_money_yet": {"en": "press Step or Play", "ja": "「1か月進める」か「再生」を押してください"},
    "purpose_procurement": {"en": "goods and works", "ja": "物品・工事"},
    "purpose_staff": {"en": "staff wages", "ja": "職員給与"},
    "purpose_programs": {"en": "programs", "ja": "施策"},
    "purpose_it": {"en": "IT systems", "ja": "情報システム"},
    "purpose_gifts": {"en": "return gifts, donation costs", "ja": "返礼品・寄附の経費"},
    "purpose_debt": {"en": "debt repayment, interest", "ja": "公債費"},
    "purpose_funds": {"en": "saved in funds", "ja": "基金への積立"},
    "purpose_other": {"en": "other", "ja": "その他"},
    "view_money": {"en": "Spending", "ja": "支出"},
    "view_it": {"en": "IT costs", "ja": "情報システム費"},
    "it_parts": {
        "en": "IT systems, last 12 months, per resident, by part",
        "ja": "情報システム費（直近12か月、住民一人当たり、内訳）",
    },
    "it_key": {
        "en": "share set nationally (cloud, vendor, network): {a} / {b}",
        "ja": "国が決める割合（クラウド・ベンダー・回線）：A {a}／B {b}",
    },
    "part_legacy": {"en": "own system", "ja": "自治体独自システム"},
    "part_joint": {"en": "shared system", "ja": "共同利用システム"},
    "part_cloud": {"en": "cloud fees ($)", "ja": "クラウド利用料（ドル建て）"},
    "part_vendor": {"en": "vendor: application, operation", "ja": "ベンダー：アプリ・運用"},
    "part_network": {"en": "network", "ja": "通信回線"},
    "part_addon": {"en": "add-ons", "ja": "独自機能アドオン"},
    "part_parallel": {"en": "parallel running", "ja": "並行稼働"},
    "part_late": {"en": "late systems", "ja": "移行困難システム"},
    "part_project": {"en": "migration project", "ja": "移行事業"},
    "view_lines": {"en": "Over time", "ja": "推移"},
    "view_flow": {"en": "Money flow", "ja": "お金の流れ"},
    "view_map": {"en": "Map", "ja": "地図"},
    "view_loop": {"en": "The loop", "ja": "循環"},
    "src_donations": {"en": "donations", "ja": "ふるさと納税"},
    "src_grants": {"en": "national grants, subsidies", "ja": "国の交付金・補助金"},
    "src_allocation": {"en": "allocation tax", "ja": "地方交付税"},
    "src_own_tax": {"en": "own taxes", "ja": "町の税収"},
    "src_bonds": {"en": "bonds", "ja": "地方債"},
    "src_funds_drawn": {"en": "drawn from funds", "ja": "基金の取崩し"},
    "src_other": {"en": "other", "ja": "その他"},
    "town_hall": {"en": "town hall", "ja": "役場"},
    "flow_head": {
        "en": "{name}\nin {into}, out {out}; {stayed} of it stayed in the region",
        "ja": "{name}\n収入{into}・支出{out}、うち地域内に残った割合{stayed}",
    },
    "flow_key": {
        "en": "Town-hall money, last 12 months (the ledger, as in the disclosure report): "
        "sources left, uses right; solid stayed in the region, hatched left it",
        "ja": "役場のお金（直近12か月、決算開示と同じ台帳）：左が財源、右が使い道。"
        "濃い色は地域内に残り、斜線は地域外へ",
    },
    "flow_first": {"en": "(first {n} months)", "ja": "（最初の{n}か月）"},
    "map_change": {
        "en": "population change since the start (%)",
        "ja": "開始時からの人口増減（％）",
    },
    "map_key": {
        "en": "Towns sized by population, coloured by change since the start; arrows: the "
        "largest moves of the last {n} months (persons)",
        "ja": "円の大きさは人口、色は開始時からの増減。矢印は直近{n}か月の主な転居（人）",
    },
    "loop_donations": {"en": "donations", "ja": "ふるさと納税"},
    "loop_programs": {"en": "programs", "ja": "施策"},
    "loop_results": {"en": "visible results", "ja": "目に見える成果"},
    "loop_trust": {"en": "trust", "ja": "信頼"},
    "loop_families": {"en": "families moving in", "ja": "子育て世帯の転入"},
    "loop_own_tax": {"en": "own taxes", "ja": "町の税収"},
    "loop_moved": {"en": "{n:,} moved in ({c:,} children)", "ja": "転入{n:,}人（子ども{c:,}人）"},
    "loop_key": {
        "en": "The investment loop, last 12 months: donations and own taxes pay for programs, "
        "visible results build trust, trust brings donations and families (M yen, 0-1, persons)",
        "ja": "投資の循環（直近12か月）：寄附と税収が施策を支え、成果が信頼を生み、"
        "信頼が寄附と転入を呼ぶ",
    },
    "it_history": {
        "en": "IT cost per resident and year by part; dashed: the national target (running "
        "cost 30% below the first full year on own or shared systems); red: outage days",
        "ja": "住民一人当たりの情報システム費（年、内訳）。"
        "破線：国の目標（運用経費を独自・共同システムの最初の年から3割減）、赤：障害日数",
    },
    "it_target": {"en": "national target", "ja": "国の目標"},
    "it_outages": {"en": "outage days", "ja": "障害日数"},
    "why_b": {
        "en": "Why B differs from A: IT costs {b} per resident a year against {a} (largest "
        "gap: {part}), {ob:,} outage days against {oa:,}, attractiveness to movers {tb:+.2f} "
        "against {ta:+.2f}; population {pb} against {pa} since the start.",
        "ja": "BがAと異なる理由：住民一人当たりの情報システム費は年{b}（A {a}、差が最大："
        "{part}）、障害日数{ob:,}日（A {oa:,}日）、転居先としての魅力度{tb:+.2f}（A {ta:+.2f}）。"
        "開始時からの人口はB {pb}、A {pa}。",
    },
    "now_running": {"en": "now: {regime}", "ja": "現在：{regime}"},
    "help_unit": {"en": "unit", "ja": "単位"},
    "help_range": {"en": "range", "ja": "範囲"},
    "help_schema": {"en": "the scenario allows", "ja": "シナリオで指定できる範囲"},
    "unit_disclosure": {"en": "0-1", "ja": "0〜1（1で毎年すべて公開）"},
    "unit_reinvestment": {"en": "share of revenue growth", "ja": "収入の伸びに対する割合"},
    "unit_childcare": {"en": "million yen per year and town", "ja": "百万円/年（自治体ごと）"},
    "unit_regime": {"en": "regime", "ja": "形態"},
    "unreadable_top": {
        "en": "A scenario file given with --scenario could not be read, so the page opened on "
        "another scenario:",
        "ja": "--scenario で指定したファイルを読み込めなかったため、別のシナリオで開いています：",
    },
    "headline": {"en": "Now", "ja": "現在"},
    "h_persons": {"en": "Population", "ja": "人口"},
    "h_change": {"en": "change", "ja": "開始時から"},
    "h_old": {"en": "Aged 65+", "ja": "65歳以上"},
    "h_online": {"en": "Procedures online", "ja": "オンライン手続"},
    "h_donations": {"en": "Donations, 12 months", "ja": "ふるさと納税（12か月）"},
    "h_trust": {"en": "Trust (0-1)", "ja": "役場への信頼"},
    "persons": {"en": "{n:,} persons", "ja": "{n:,}人"},
    "myen": {"en": "{x:,.0f} M yen", "ja": "{x:,.0f}百万円"},
    "date": {"en": "{y}-{m:02d}", "ja": "{y}年{m}月"},
    "different_starts": {
        "en": "The two scenarios start in different years ({a} and {b}): read each line "
        "against its own start.",
        "ja": "二つのシナリオは開始年が異なります（{a}年と{b}年）。"
        "各線はそれぞれの開始時と比べてください。",
    },
    "different_lengths": {
        "en": "The two scenarios run for different lengths ({a} and {b} years): the shorter "
        "stops at its last month while the other plays on.",
        "ja": "二つのシナリオは期間が異なります（{a}年と{b}年）。"
        "短い方は最後の月で止まり、もう一方は続きます。",
    },
    "coarse": {
        "en": "{name}: each simulated person stands for {k} persons, so counts move in steps "
        "of {k}.",
        "ja": "{name}：模擬した1人が{k}人を表すため、人数は{k}人単位で動きます。",
    },
    "another": {
        "en": "Another random history (seed {seed} → {next})",
        "ja": "別の乱数で試す（シード{seed}→{next}）",
    },
    "all_towns": {"en": "all towns", "ja": "全自治体"},
    "town": {"en": "Town", "ja": "自治体"},
    "per_town": {
        "en": "In a region the sliders set every town, or only the town chosen under Town, "
        "whose numbers the charts then show (the childcare budget is per town); the IT "
        "systems are the whole region's choice.",
        "ja": "地域のシナリオでは、スライダーの値は全自治体に、または「自治体」で選んだ自治体"
        "だけに適用され、グラフはその自治体を示します（子育て支援予算は自治体ごと）。"
        "情報システムは地域全体の選択です。",
    },
    "compare": {
        "en": "Both futures draw the same random numbers until their settings differ: with one "
        "scenario on both sides, the gap between the lines is the settings' doing. Moving a "
        "control restarts both futures. Populations are shown against their start and money "
        "per resident, so a town and a region can be compared.",
        "ja": "二つの未来は設定が異なるまで同じ乱数を使います。"
        "両側が同じシナリオなら、線の差は設定の違いによるものです。"
        "設定を動かすと両方の未来が最初からやり直します。"
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
    "centralization/standard_scarce_engineers.yaml": {
        "en": "Tokachi: standard, scarce engineers",
        "ja": "十勝：国の標準（技術者不足）",
    },
    "centralization/standard_weak_yen.yaml": {
        "en": "Tokachi: standard, weak yen",
        "ja": "十勝：国の標準（円安）",
    },
    "unreadable": {
        "en": "Not offered: this file could not be read (fix it and start the dashboard again):",
        "ja": "読み込めないため表示していません（修正してダッシュボードを再起動してください）：",
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
