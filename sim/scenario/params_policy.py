"""Parameters of the investment loops: donations, grants, programs, trust, culture.

``PolicyParams`` holds the effect sizes shared by every town (one place for every number);
``TownPolicy`` is what one municipality decides: which programs from when, with what budget,
how much it reinvests, co-invests, discloses and markets, and its leadership.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from .fields import P, Params

__all__ = ["Program", "ProgramSpec", "TownPolicy", "PolicyParams", "HOMETOWN_TAX_INDEX"]

MIC_FURUSATO = (
    "MIC hometown-tax totals (FY2015 165.3, FY2018 512.7, FY2023 1,117.5, FY2024 1,272.8 bn)"
)

#: KPIs a town can set yearly targets for (reported in its disclosure).
TARGETS = (
    "population",
    "births",
    "deaths",
    "moves_in_20_49",
    "moves_out_20_49",
    "share_65_plus",
    "online_procedure_share",
    "satisfaction",
    "trust",
)

#: National hometown-tax totals relative to FY2015 (MIC); linear in between, flat outside.
HOMETOWN_TAX_INDEX = {2015: 1.0, 2018: 512.7 / 165.3, 2023: 1117.5 / 165.3, 2024: 1272.8 / 165.3}


class Program(StrEnum):
    """The programs a town can run (each a YAML switch with its cost)."""

    CHILDCARE = "childcare_support"  # free fees, child allowances
    ELDERLY_DIGITAL = "elderly_digital"  # tablets and classes for the elderly
    TRANSPORT = "on_demand_transport"  # on-demand and autonomous buses
    INFRASTRUCTURE = "digital_infrastructure"  # broadband and 5G
    EXPERIMENT_FIELD = "experiment_field"  # a test field offered to firms
    DIGITAL_DIVISION = "digital_division"  # a digital promotion division
    TOWN_COMPANY = "town_company"  # a town-owned company with private partners


class ProgramSpec(Params):
    """One program of one town: when and at what yearly budget."""

    start_fy: int = P(
        ...,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="開始年度",
        source="setting",
        desc="First fiscal year of the program",
    )
    end_fy: int | None = P(
        None,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="終了年度",
        source="setting",
        desc="Last fiscal year (none: runs to the end)",
    )
    budget_yen: int = P(
        ...,
        ge=0,
        le=10**11,
        unit="yen per year",
        ja="年間予算",
        desc="Yearly public spending on the program (before reinvestment)",
    )


class TownPolicy(Params):
    """What one municipality does with its money and how it governs."""

    programs: dict[Program, ProgramSpec] = Field(default_factory=dict, description="Programs")
    reinvestment_share: float = P(
        0.0,
        ge=0,
        le=1,
        unit="share of revenue growth",
        ja="再投資率",
        desc="Share of own-revenue growth over the first year put back into the programs",
    )
    coinvestment_ratio: float = P(
        0.0,
        ge=0,
        le=10,
        unit="private yen per public yen",
        ja="官民共同投資比率",
        desc="Private money matched to public program spending, at full trust",
    )
    disclosure: float = P(
        0.3,
        ge=0,
        le=1,
        unit="0-1",
        ja="情報公開度",
        desc="How fully the town discloses each year what it did with the money",
    )
    governance: float = P(
        0.5,
        ge=0,
        le=1,
        unit="0-1",
        ja="ガバナンス",
        desc="Clarity of governance (plans, evaluation, accountability)",
    )
    vision_since_fy: int | None = P(
        None,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="ビジョン策定年度",
        source="setting",
        desc="Fiscal year since which the town commits to a plan",
    )
    leadership: float = P(
        0.3,
        ge=0,
        le=1,
        unit="0-1",
        ja="リーダーシップ",
        desc="Top-down leadership of change in the town hall",
    )
    marketing_yen: int = P(
        0,
        ge=0,
        le=10**10,
        unit="yen per year",
        ja="ふるさと納税の広報費",
        desc="Yearly spending on promoting hometown-tax donations",
    )
    donations_yen: dict[int, int] = P(
        {},
        unit="yen per fiscal year",
        ja="寄附額の実績",
        source="setting",
        desc="Observed donations by fiscal year: the base the model varies around "
        "(linear in between, flat after the last year)",
    )
    return_gift_share: float = P(
        0.3,
        ge=0,
        le=0.3,
        unit="share of donations",
        ja="返礼品の割合",
        desc="Return gifts bought from local firms (at most 30%)",
        source="MIC 2019 rules",
    )
    donation_cost_share: float = P(
        0.2,
        ge=0,
        le=0.5,
        unit="share of donations",
        ja="返礼品以外の経費",
        desc="Portal fees, shipping, administration (all costs with gifts at most 50%)",
        source="MIC 2019 rules",
    )
    donation_fund_share: float = P(
        0.5,
        ge=0,
        le=1,
        unit="share of net donations",
        ja="基金積立割合",
        desc="Share of donations after costs earmarked into funds",
    )

    targets: dict[str, float] = P(
        {},
        unit="KPI value",
        ja="目標値",
        source="setting",
        desc="Yearly targets reported in the disclosure: population, births, deaths, "
        "moves_in_20_49, moves_out_20_49, share_65_plus, online_procedure_share, "
        "satisfaction, trust",
    )

    @model_validator(mode="after")
    def _caps(self) -> TownPolicy:
        if self.return_gift_share + self.donation_cost_share > 0.5:
            raise ValueError(
                "return_gift_share + donation_cost_share must be at most 0.5 (MIC 2019 rules: "
                "all costs of hometown-tax donations at most 50%)"
            )
        unknown = sorted(set(self.targets) - set(TARGETS))
        if unknown:
            raise ValueError(f"unknown target {unknown[0]!r}; targets are {', '.join(TARGETS)}")
        for name, spec in self.programs.items():
            if spec.end_fy is not None and spec.end_fy < spec.start_fy:
                raise ValueError(f"programs.{name.value}: end_fy is before start_fy")
        return self


class PolicyParams(Params):
    """Effect sizes of donations, grants, programs, trust and culture, shared by all towns."""

    donations_per_capita_yen: int = P(
        1_300,
        ge=0,
        le=10**7,
        unit="yen per resident per year",
        ja="一人当たり寄附（全国平均）",
        desc="Donations a town of average appeal receives in FY2015 "
        "per resident (grows with the national total)",
        source="MIC (165.3 bn yen / 127 M, FY2015)",
    )
    donation_trust_effect: float = P(
        1.5,
        ge=0,
        le=10,
        unit="per unit of trust",
        ja="信頼の寄附効果",
        desc="Donations grow by exp(effect x (trust - trust_norm))",
    )
    donation_appeal_effect: float = P(
        1.0,
        ge=0,
        le=10,
        unit="per unit of attractiveness",
        ja="魅力の寄附効果",
        desc="Donations grow by exp(effect x attractiveness change) (towns without an "
        "observed series)",
    )
    marketing_effect: float = P(
        0.1,
        ge=0,
        le=2,
        unit="per doubling",
        ja="広報の寄附効果",
        desc="Donations grow by effect x log2(1 + marketing / 10 M yen) (towns without an "
        "observed series)",
    )
    grant_cap_per_capita_yen: int = P(
        15_000,
        ge=0,
        le=10**6,
        unit="yen per resident per year",
        ja="交付金の上限（人口当たり）",
        desc="Most a winning town receives a year per resident (national average 580: "
        "73.5 bn yen / 126 M, concentrated on winners)",
        source="assumption; national total from Cabinet Office, digital-garden grants FY2023",
    )
    grant_budget_yen: int = P(
        2_000_000_000,
        ge=0,
        le=10**13,
        unit="yen per year",
        ja="交付金の予算（地域分）",
        desc="What a yearly grant round can award to the region's towns in all (shared pro "
        "rata when the winners ask for more)",
    )
    grant_rate: float = P(
        0.5,
        ge=0.5,
        le=0.75,
        unit="share",
        ja="補助率",
        desc="Share of a winning program's cost the grant pays (1/2 to 3/4)",
        source="Cabinet Office via press",
    )
    grant_base_chance: float = P(
        0.3,
        ge=0,
        le=1,
        unit="chance per year",
        ja="採択率（基準）",
        desc="Chance a plan wins a grant round with no vision or governance",
    )
    grant_quality_effect: float = P(
        0.5,
        ge=0,
        le=1,
        unit="chance",
        ja="計画の質の効果",
        desc="Extra chance from vision and governance (each 0-1, mean)",
    )
    participation_norm: float = P(
        0.2,
        ge=0,
        le=1,
        unit="share of adults",
        ja="住民参加率（全国水準）",
        desc="Civic participation at the national trust norm; it moves in proportion to trust",
    )
    coproduction_effect: float = P(
        0.5,
        ge=0,
        le=5,
        unit="per relative participation",
        ja="住民協働の効果",
        desc="Programs work better by this much per unit of participation above its norm "
        "(relative), worse below it",
    )
    trust_norm: float = P(
        0.5,
        ge=0,
        le=1,
        unit="0-1",
        ja="信頼の全国水準",
        desc="Trust every town starts from; donations are relative to it",
    )
    trust_rate: float = P(
        0.2,
        ge=0,
        le=1,
        unit="per year",
        ja="信頼の調整速度",
        desc="Yearly share of the gap to target trust closed",
    )
    results_reference_yen: int = P(
        30_000,
        ge=1,
        le=10**7,
        unit="yen per resident per year",
        ja="成果が見える支出水準",
        desc="Program spending per resident at which results are fully visible",
    )
    vision_weight: float = P(
        0.1,
        ge=0,
        le=2,
        unit="attractiveness",
        ja="ビジョンの魅力",
        desc="Attractiveness of a plan committed to for vision_years",
    )
    vision_years: int = P(
        5,
        ge=1,
        le=50,
        unit="years",
        ja="ビジョン定着年数",
        desc="Years of commitment until a vision is fully credible",
    )
    childcare_attractiveness: float = P(
        0.25,
        ge=0,
        le=5,
        unit="attractiveness",
        ja="子育て支援の魅力",
        desc="Attractiveness to households aged 20-49 at full childcare support",
    )
    childcare_fertility: float = P(
        0.15,
        ge=0,
        le=2,
        unit="share",
        ja="子育て支援の出生効果",
        desc="Rise of fertility at full childcare support",
    )
    childcare_reference_yen: int = P(
        600_000,
        ge=1,
        le=10**8,
        unit="yen per child 0-5 per year",
        ja="子育て支援の満額",
        desc="Spending per young child that counts as full support",
    )
    elderly_learning_rate: float = P(
        0.02,
        ge=0,
        le=1,
        unit="per month",
        ja="高齢者の習得率",
        desc="Monthly literacy gain of people 65+ at full program",
    )
    transport_satisfaction: float = P(
        0.1,
        ge=0,
        le=1,
        unit="0-1",
        ja="移動支援の満足度",
        desc="Satisfaction gained by residents 75+ at full transport",
    )
    infrastructure_remote_boost: float = P(
        2.0,
        ge=0,
        le=20,
        unit="multiplier - 1",
        ja="通信基盤のリモート効果",
        desc="Extra remote-job rate at full broadband and 5G",
    )
    startups_per_year: float = P(
        1.0,
        ge=0,
        le=100,
        unit="firms per year",
        ja="実証フィールドの起業",
        desc="Tech startups drawn per year by a fully funded test field",
    )
    division_capacity: float = P(
        0.3,
        ge=0,
        le=5,
        unit="share",
        ja="デジタル推進課の処理効果",
        desc="Procedure capacity gained at full digital talent and culture",
    )
    culture_rate: float = P(
        0.3,
        ge=0,
        le=1,
        unit="per year",
        ja="組織文化の変化速度",
        desc="Yearly culture change with full leadership (an order alone: a tenth of it)",
    )
    program_reference_yen: int = P(
        50_000_000,
        ge=1,
        le=10**11,
        unit="yen per year",
        ja="施策の満額",
        desc="Yearly spending that makes a program full (except childcare, which is per child)",
    )
