"""Parameters of the investment loops: donations, grants, programs, trust, culture.

``PolicyParams`` holds the effect sizes shared by every town (one place for every number);
what one municipality decides (``TownPolicy``) lives in ``params_town_policy``.
"""

from __future__ import annotations

from pydantic import model_validator

from .fields import ATTRACTIVENESS, P, Params, problem_at
from .params_town_policy import TARGETS, Program, ProgramSpec, TownPolicy

__all__ = ["Program", "ProgramSpec", "TownPolicy", "PolicyParams", "HOMETOWN_TAX_INDEX", "TARGETS"]

MIC_FURUSATO = (
    "MIC hometown-tax totals (FY2015 165.3, FY2018 512.7, FY2023 1,117.5, FY2024 1,272.8 bn)"
)

#: National hometown-tax totals relative to FY2015 (MIC); linear in between, flat outside.
HOMETOWN_TAX_INDEX = {2015: 1.0, 2018: 512.7 / 165.3, 2023: 1117.5 / 165.3, 2024: 1272.8 / 165.3}


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
        unit="strength (1.5: trust 0.1 above the norm gives about 16% more donations)",
        ja="信頼の寄附効果",
        desc="Donations grow by exp(effect x (trust - trust_norm))",
    )
    donation_appeal_effect: float = P(
        1.0,
        ge=0,
        le=10,
        unit="strength (1: +0.1 attractiveness gives about 10% more donations)",
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
    grant_rate_min: float = P(
        0.5,
        ge=0.5,
        le=0.75,
        unit="share",
        ja="補助率（最低）",
        desc="Share of the eligible programs' cost a winning plan of the lowest quality gets "
        "(the town pays the rest: the local match)",
        source="Cabinet Office via press (1/2 to 3/4)",
    )
    grant_rate_max: float = P(
        0.75,
        ge=0.5,
        le=0.75,
        unit="share",
        ja="補助率（最高）",
        desc="Share a winning plan of the highest quality (vision and governance) gets",
        source="Cabinet Office via press (1/2 to 3/4)",
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
        unit="effect change per participation change (0.5: participation 10% above its "
        "norm, programs 5% stronger)",
        ja="住民協働の効果",
        desc="Programs work better when more residents take part: their effects change by this "
        "share of the relative gap of participation to its norm (better above, worse below)",
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
    trust_base: float = P(
        0.1,
        ge=0,
        le=1,
        unit="0-1",
        ja="信頼の基礎水準",
        desc="Trust a town converges to with no disclosure, governance or results",
    )
    trust_disclosure: float = P(
        0.4,
        ge=0,
        le=1,
        unit="trust (0-1) added at full disclosure",
        ja="情報公開の信頼効果",
        desc="Target trust added by full disclosure",
    )
    trust_governance: float = P(
        0.2,
        ge=0,
        le=1,
        unit="trust (0-1) added at full governance",
        ja="ガバナンスの信頼効果",
        desc="Target trust added by full governance",
    )
    trust_results: float = P(
        0.3,
        ge=0,
        le=1,
        unit="trust (0-1) added at fully visible results",
        ja="成果の信頼効果",
        desc="Target trust added by fully visible results, seen only as far as disclosed "
        "(times disclosure)",
    )
    vision_weight: float = P(
        0.1,
        ge=0,
        le=2,
        unit=ATTRACTIVENESS,
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
    fertility_cost_elasticity: float = P(
        0.2,
        ge=0,
        le=2,
        unit="share of births per share of a child's cost",
        ja="出生の子育て費用弾力性",
        desc="Births rise by this times the support per young child over child_cost_yen "
        "(0.2: support worth a tenth of the cost raises births by 2%)",
        source="Cohen, Dehejia and Romanov (2013), REStat 95(1): elasticity of births to child "
        "allowances 0.192 (Israel), rounded",
    )
    child_cost_yen: int = P(
        1_000_000,
        ge=1,
        le=10**8,
        unit="yen per child per year",
        ja="子育て費用（未就学児）",
        desc="What a household spends a year on a child under 6: the yardstick of childcare "
        "support in the fertility response",
        source="Cabinet Office (2010), survey of child-rearing costs: 0.84 million yen a year "
        "before nursery, 1.21 million at nursery or kindergarten; rounded between them",
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
        desc="Satisfaction gained by residents without a car at full transport",
    )
    driving_age_limit: int = P(
        75,
        ge=50,
        le=100,
        unit="years",
        ja="運転をやめる年齢",
        desc="Residents this old, and those under 18, have no car: on-demand transport serves them",
        source="assumption; licence returns rise steeply from 75 (National Police Agency)",
    )
    infrastructure_remote_boost: float = P(
        2.0,
        ge=0,
        le=20,
        unit="relative increase (2: three times the rate)",
        ja="通信基盤のリモート効果",
        desc="Extra remote-job rate at full broadband and 5G",
    )
    infrastructure_attractiveness: float = P(
        0.05,
        ge=0,
        le=2,
        unit=ATTRACTIVENESS,
        ja="通信基盤の魅力",
        desc="Attractiveness of a town with full broadband and 5G",
    )
    infrastructure_adoption_boost: float = P(
        1.0,
        ge=0,
        le=20,
        unit="relative increase (1: twice the rate)",
        ja="通信基盤の導入効果",
        desc="Extra rate of firms' digital adoption at full broadband and 5G",
    )
    firm_digital_share_start: float = P(
        0.3,
        ge=0,
        le=1,
        unit="share of firms",
        ja="デジタル導入企業の初期割合",
        desc="Firms using digital tools (cloud, e-commerce, cashless) at the start",
    )
    firm_digital_rate: float = P(
        0.004,
        ge=0,
        le=1,
        unit="per firm per month",
        ja="企業のデジタル導入率",
        desc="Chance a firm not yet digital adopts digital tools in a month",
    )
    firm_digital_gain: float = P(
        0.05,
        ge=0,
        le=1,
        unit="share",
        ja="デジタル導入の生産性効果",
        desc="Rise in a firm's productivity when it adopts digital tools (once)",
    )
    startups_per_year: float = P(
        1.0,
        ge=0,
        le=100,
        unit="firms per year",
        ja="実証フィールドの起業",
        desc="Tech startups drawn per year by a fully funded test field",
    )
    connector_peer_boost: float = P(
        1.0,
        ge=0,
        le=20,
        unit="relative increase (1: twice the rate)",
        ja="つなぐ人の学習効果",
        desc="Extra peer learning at a fully funded test field: the key persons it draws "
        "connect people",
    )
    connector_participation: float = P(
        0.05,
        ge=0,
        le=1,
        unit="share of adults",
        ja="つなぐ人の参加効果",
        desc="Civic participation added by the key persons of a fully funded test field",
    )
    division_capacity: float = P(
        0.3,
        ge=0,
        le=5,
        unit="relative increase of capacity (0.3: +30%)",
        ja="デジタル推進課の処理効果",
        desc="Procedure capacity gained by a fully funded digital division in a town hall whose "
        "culture is fully digital (0.3: 30% more procedures handled; 5 would be six times)",
    )
    culture_rate: float = P(
        0.3,
        ge=0,
        le=1,
        unit="per year",
        ja="組織文化の変化速度",
        desc="Yearly culture change with full leadership",
    )
    culture_start: float = P(
        0.2,
        ge=0,
        le=1,
        unit="0-1",
        ja="組織文化の初期値",
        desc="Digital culture of every town hall at the start",
    )
    culture_order_pressure: float = P(
        0.1,
        ge=0,
        le=1,
        unit="0-1",
        ja="指示だけの変化圧力",
        desc="Pressure for change from a digital division ordered without leadership (a plain "
        "order to change does little)",
    )
    culture_capacity: float = P(
        0.15,
        ge=0,
        le=5,
        unit="relative increase of capacity (0.15: +15%)",
        ja="組織文化の処理効果",
        desc="Procedure capacity gained as culture rises from its start to 1 (ways of working; "
        "0.15: 15% more procedures handled)",
    )
    program_reference_yen: int = P(
        50_000_000,
        ge=1,
        le=10**11,
        unit="yen per year",
        ja="施策の満額",
        desc="Yearly spending that makes a program full (except childcare, which is per child)",
    )

    @model_validator(mode="after")
    def _rates(self) -> PolicyParams:
        low, high = self.grant_rate_min, self.grant_rate_max
        if low > high:
            at = "grant_rate_max" if "grant_rate_max" in self.model_fields_set else "grant_rate_min"
            raise problem_at(
                (
                    (at,),
                    f"grant_rate_min {low:g} is above grant_rate_max {high:g}; the minimum "
                    "must not exceed the maximum",
                )
            )
        return self
