"""Parameters of the market for municipal systems: vendors, migration work, costs by part.

Costs of the national standard are not set to a target: each part of a town's running cost is
what the same part of its own system cost, times the ratio the Digital Agency's verification of
early migrations measured (5-year running costs of the verified groups, before (A) and after
(B) the move to the government cloud; a Digital Agency table reproduced in a study deck,
docs/scenarios/centralization.md), with cloud fees in dollars at the year's exchange rate, the
vendor's price at the time its contract is signed, and add-ons where the standard lacks a
town's own services.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from .fields import P, Params, Share

__all__ = ["VendorSpec", "MarketParams", "FX_FED", "VERIFICATION"]

VERIFICATION = (
    "Digital Agency, verification of early migrations (ガバメントクラウド早期移行団体検証事業): "
    "5-year running costs before (A, 4,787 M yen) and after (B, 4,589 M yen), via 中島 "
    "(2024) study deck"
)
#: Yearly average yen per dollar (Federal Reserve G.5A; 2024: the April-June monthly mean of
#: the G.5 release, the annual figure was not found): the cloud fees' exchange-rate path.
FX_FED = {
    2017: 112.10,
    2018: 110.40,
    2019: 109.02,
    2020: 106.78,
    2021: 109.84,
    2022: 131.46,
    2023: 140.50,
    2024: 155.87,
}


class VendorSpec(Params):
    """A vendor of municipal core systems serving the region."""

    name: str = P("", unit="text", ja="ベンダー名", source="setting", desc="Name shown")
    share: float = P(
        1.0,
        ge=0,
        le=1000,
        unit="relative weight",
        ja="地域内シェア",
        source="setting",
        desc="How many of the region's municipalities it serves, relative to the other vendors "
        "(each town's vendor is drawn at the start in proportion; a town's it_vendor names it "
        "instead)",
    )
    capacity: float | None = P(
        None,
        ge=0,
        le=10,
        unit="engineers per engineer needed",
        ja="技術者の充足率（ベンダー別）",
        source="setting",
        desc="This vendor's engineers against its customers' needs; leave out for "
        "it.market.capacity",
    )


class MarketParams(Params):
    """Vendors, the migration work and its price, and what running the standard costs."""

    vendors: dict[str, VendorSpec] = Field(
        default_factory=lambda: {
            "national": VendorSpec(name="national vendor", share=0.6),
            "regional": VendorSpec(name="regional vendor", share=0.4),
        },
        description="The vendors serving the region's municipalities, by key (default two, "
        "an assumption: no recent market shares were found)",
    )
    capacity: float = P(
        0.903,
        ge=0,
        le=10,
        unit="engineers per engineer needed",
        ja="技術者の充足率",
        desc="Engineers a vendor can put on its customers' migrations, against those that would "
        "finish all of them by the deadline if the work were spread evenly from the mandate's "
        "start (1: just enough); a vendor's own capacity replaces it",
        source="calibrated: 3,345 of 34,592 systems (9.7%) were late for want of vendor "
        "resources in July 2025 (ASCII.jp 4352538), so 90.3% of the work was reached",
    )
    engineer_month_yen: int = P(
        1_200_000,
        ge=1,
        le=10**8,
        unit="yen per engineer-month",
        ja="技術者月額単価",
        desc="What a month of an engineer's migration work costs at the normal price (the "
        "unit of work; the cost of a migration is set by project_years)",
    )
    project_years: float = P(
        1.7,
        ge=0,
        le=20,
        unit="years of the town's own-system cost",
        ja="移行作業量（単独システム年額比）",
        desc="The work of moving a town's 20 functions to the standard, as years of what its "
        "own system costs (the national migration subsidy over the national IT spending)",
        source="774.1 bn yen of migration subsidy FY2020-25 (MIC, MOF) over 456.5 bn yen a "
        "year of own-system cost of the 1,741 municipalities (MIC FY2017 curve): 1.70",
    )
    price_response: float = P(
        0.5,
        ge=0,
        le=10,
        unit="price rise per unit of over-utilization",
        ja="繁忙による価格上昇",
        desc="A vendor's price index rises by this times the share by which the engineers its "
        "projects ask for exceed those it has (0.5: asked for twice its engineers, its price "
        "rises by half)",
    )
    price_rate: Share = P(
        0.2,
        unit="per month",
        ja="価格調整の速さ",
        desc="Share of the gap to its target price a vendor's index closes in a month",
    )
    contract_years: int = P(
        5,
        ge=1,
        le=20,
        unit="years",
        ja="運用契約期間",
        desc="Years an operation contract keeps the price index of the month it was signed "
        "(when a town's last function moves)",
        source="the verification's 5-year running-cost horizon",
    )
    vendor_share: Share = P(
        0.73204,
        unit="share of the own system's cost",
        ja="ベンダー作業・ソフト費の割合",
        desc="Operations, outsourcing, software lease and maintenance in an own system's cost",
        source=VERIFICATION + ": (A) 3,504.5 of 4,787.3 M yen (operations, other outsourcing, "
        "software lease and maintenance)",
    )
    hardware_share: Share = P(
        0.25051,
        unit="share of the own system's cost",
        ja="ハードウェア・データセンター費の割合",
        desc="Hardware lease and maintenance, data centre (and clouds used before) in an own "
        "system's cost",
        source=VERIFICATION + ": (A) 1,199.3 of 4,787.3 M yen (hardware work, lease and "
        "maintenance, data centre, cloud)",
    )
    network_share: Share = P(
        0.017451,
        unit="share of the own system's cost",
        ja="通信回線費の割合",
        desc="Network lines in an own system's cost",
        source=VERIFICATION + ": (A) 83.5 of 4,787.3 M yen",
    )
    vendor_ratio: float = P(
        0.87952,
        ge=0,
        le=10,
        unit="after / before",
        ja="移行後のベンダー費比",
        desc="The vendor's part on the standard over that of an own system, at a price index of 1",
        source=VERIFICATION + ": (B) 3,082.3 / (A) 3,504.5 M yen",
    )
    hardware_ratio: float = P(
        0.15855,
        ge=0,
        le=10,
        unit="after / before",
        ja="移行後のハード費比",
        desc="Hardware and data centre on the standard over those of an own system",
        source=VERIFICATION + ": (B) 190.1 / (A) 1,199.3 M yen",
    )
    network_ratio: float = P(
        3.5203,
        ge=0,
        le=20,
        unit="after / before",
        ja="移行後の回線費比",
        desc="Network lines (to the government cloud) over those of an own system",
        source=VERIFICATION + ": (B) 294.1 / (A) 83.5 M yen",
    )
    cloud_share: float = P(
        0.21359,
        ge=0,
        le=10,
        unit="share of the own system's cost, at cloud_fx_base",
        ja="クラウド利用料（単独システム費比）",
        desc="Cloud fees on the standard as a share of what the own system cost, at the "
        "exchange rate cloud_fx_base; priced in dollars",
        source=VERIFICATION + ": cloud fees (B) 1,022.5 / 4,787.3 M yen",
    )
    cloud_fx_base: float = P(
        139.0,
        gt=0,
        le=1000,
        unit="yen per dollar",
        ja="クラウド料金の基準為替",
        desc="The exchange rate at which cloud_share was measured",
        source="the verification's rate (出納管理事務規定, 26 Dec 2023)",
    )
    fx_yen_per_usd: dict[int, float] = Field(
        default_factory=lambda: dict(FX_FED),
        description="Yen per dollar by calendar year (linear in between, flat outside): the "
        "cloud fees' exchange-rate path; Federal Reserve G.5A yearly averages 2017-2023, "
        "April-June 2024 mean for 2024",
    )
    addon_share: Share = P(
        0.1,
        unit="share of the vendor's part",
        ja="独自機能アドオンの割合",
        desc="What a town spends on add-ons for services the standard lacks, as a share of "
        "its vendor's part on the standard (restores the fit of its systems to local "
        "practice); a town's it_addon_share replaces it",
    )
    addon_full_fit_share: float = P(
        0.2,
        gt=0,
        le=10,
        unit="share of the vendor's part",
        ja="完全適合のアドオン割合",
        desc="The add-on share that restores the full local fit (it.customization_loss)",
    )
    late_premium: float = P(
        0.2,
        ge=0,
        le=10,
        unit="share of the function's own-system cost",
        ja="移行困難システムの割増",
        desc="Extra a function still on the own system after the deadline costs (a vendor "
        "keeping a system it is leaving)",
    )
    subsidy_cap_years: float = P(
        2.0,
        ge=0,
        le=20,
        unit="years of the town's own-system cost",
        ja="補助上限（単独システム年額比）",
        desc="Most the national migration subsidy pays a town, as years of its own system's "
        "cost (the cap by population was not found: an assumption above the mean cost, "
        "project_years, so that the cap binds when vendors' prices rise)",
    )
    subsidy_end_fy: int = P(
        2025,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="補助の終了年度",
        desc="Migration work after this fiscal year is not subsidized",
        source="the fund's original end, FY2025 (三木 2025; MOF 2025 extends it with the "
        "target year)",
    )

    @field_validator("fx_yen_per_usd")
    @classmethod
    def _some_years(cls, v: dict[int, float]) -> dict[int, float]:
        if not v or any(not 0 < x < 10_000 for x in v.values()):
            raise ValueError("expected at least one year with a rate above 0 (yen per dollar)")
        return v
