"""Parameters of municipal IT systems: regimes, costs, the national mandate, effects."""

from __future__ import annotations

from enum import StrEnum

from pydantic import ConfigDict, Field, model_validator

from .fields import P, Params, problem_at
from .params_market import MarketParams

__all__ = ["Regime", "ITChange", "MandateParams", "ITParams", "FY2017_COST_POINTS"]

MIC_IT = (
    "MIC FY2017 budgets via ZDNet Japan 35116979 "
    "(fitted: towns <20k 11,724, cities 100-200k 3,096 yen)"
)
#: The MIC FY2017 IT spending per resident the legacy costs are fitted to, each at the size
#: taken to stand for its size class (persons, yen per resident per year, class). The sizes
#: (a representative small town, the middle of 100k-200k) are our assumption; the tests and
#: the docs' cost-curve figure use these points.
FY2017_COST_POINTS = ((8_000, 11_724, "towns < 20k"), (150_000, 3_096, "cities 100-200k"))
ASCII = "ASCII.jp 4352538 (3,770 of 34,592 systems, in 36% of governments, Jul 2025)"


class Regime(StrEnum):
    """How a municipality runs its core administrative systems."""

    LEGACY = "legacy"  # its own custom system
    JOINT = "joint"  # a regional system shared by a group of neighbours
    STANDARD = "standard"  # the national standard on the government cloud


class ITChange(Params):
    """A scheduled switch: these municipalities start moving to a regime in a fiscal year."""

    # for editors: a switch to joint names its group (the model check says so in words)
    model_config = ConfigDict(
        json_schema_extra={
            "if": {"properties": {"to": {"const": "joint"}}, "required": ["to"]},
            "then": {"properties": {"group": {"minLength": 1}}, "required": ["group"]},
        }
    )

    fy: int = P(
        ...,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="移行開始年度（個別）",
        source="setting",
        desc="Fiscal year in which the migration project starts (April)",
    )
    to: Regime = P(
        ...,
        unit="regime",
        ja="移行先",
        source="setting",
        desc="Target regime: legacy, joint or standard",
    )
    municipalities: list[str] | None = P(
        None,
        unit="keys",
        ja="対象自治体",
        source="setting",
        desc="Municipality keys; leave out for all municipalities",
    )
    group: str = P(
        "",
        unit="text",
        ja="移行先の共同利用グループ",
        source="setting",
        desc="For joint: the name of the group that shares the system; for standard: a group "
        "that buys it together (its fixed costs pooled over the members)",
    )


class MandateParams(Params):
    """The national mandate: every municipality on the standard by a deadline."""

    enabled: bool = P(
        False,
        unit="switch",
        ja="国の標準化義務",
        source="setting",
        desc="Whether the mandate applies in this scenario",
    )
    start_fy: int = P(
        2023,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="標準化義務の移行開始年度",
        desc="Fiscal year in which remaining municipalities start migrating",
    )
    deadline_fy: int = P(
        2025,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="移行期限",
        desc="Migration should be complete by the end of this fiscal year; functions still "
        "on a town's own system after it are difficult systems (it.market.late_premium)",
        source="Nikkei xTECH (end of FY2025)",
    )
    late_deadline_fy: int = P(
        2030,
        ge=1950,
        le=2100,
        unit="fiscal year",
        ja="延長後の期限",
        desc="Extended deadline for systems hard to migrate: after deadline_fy, what is left "
        "of a migration aims at the end of this fiscal year",
        source=ASCII + "; MOF 2025 (target year FY2030)",
    )


class ITParams(Params):
    """Costs and effects of each IT regime; schedule and mandate."""

    legacy_fixed_yen: int = P(
        73_000_000,
        ge=0,
        le=10**11,
        unit="yen per year",
        ja="単独システム固定費",
        desc="Fixed yearly cost of a municipality's own system",
        source=MIC_IT,
    )
    legacy_per_resident_yen: int = P(
        2_610,
        ge=0,
        le=100_000,
        unit="yen per resident per year",
        ja="単独システム人口比例費",
        desc="Per-resident yearly cost of an own system",
        source=MIC_IT,
    )
    joint_fixed_yen: int = P(
        110_000_000,
        ge=0,
        le=10**11,
        unit="yen per group per year",
        ja="共同利用固定費",
        desc="Fixed yearly cost of a shared regional system, split among members by population",
    )
    joint_member_yen: int = P(
        25_000_000,
        ge=0,
        le=10**10,
        unit="yen per member per year",
        ja="共同利用の団体別費用",
        desc="What each member of a shared system pays for its own part (its data, settings, "
        "support), on top of its share of joint_fixed_yen",
        source="calibrated: a group of five towns of 5,000 persons saves 30% against their own "
        "systems (MIC FY2017 via ZDNet Japan 35116979: 9 of 18 shared-cloud groups saved 30% "
        "or more on core systems)",
    )
    joint_per_resident_yen: int = P(
        2_610,
        ge=0,
        le=100_000,
        unit="yen per resident per year",
        ja="共同利用人口比例費",
        desc="Per-resident yearly cost on a joint system",
    )
    cloud_fee_elasticity: float = P(
        0.0,
        ge=-1,
        le=1,
        unit="power of the adopter ratio (-0.1: twice the adopters, about 7% lower fees)",
        ja="利用団体数に対する料金弾力性",
        desc="Fees scale with (adopters / reference) to this power: below 0 "
        "they fall as more join, above 0 they rise",
    )
    cloud_reference_adopters: int = P(
        1,
        ge=1,
        le=1741,
        unit="municipalities",
        ja="料金の基準団体数",
        desc="Number of adopters at which the fees above apply",
    )
    cloud_fee_growth: float = P(
        0.0,
        ge=-0.5,
        le=1,
        unit="per year",
        ja="クラウド料金の上昇率",
        desc="Yearly change of cloud fees set by the national government",
    )
    project_months: int = P(
        18,
        ge=1,
        le=120,
        unit="months",
        ja="移行期間",
        desc="Planned length of a scheduled migration project (the mandate's projects aim at "
        "its deadline instead); capacity is disrupted while it runs",
    )
    disruption: float = P(
        0.15,
        ge=0,
        le=1,
        unit="share of capacity",
        ja="移行中の処理能力低下",
        desc="Share of procedure capacity lost while a project runs",
    )
    subsidy_share: float = P(
        1.0,
        ge=0,
        le=1,
        unit="share",
        ja="国庫補助率",
        desc="Share of a move to the standard that the Nation pays, up to its cap "
        "(it.market.subsidy_cap_years) and until it.market.subsidy_end_fy",
        source="the minister: 「移行費用は全額負担する」 (ITmedia NEWS, 14 Dec 2023)",
    )
    local_vendor_share: float = P(
        0.2,
        ge=0,
        le=1,
        unit="share",
        ja="地元ベンダー比率",
        desc="Share of what towns pay their vendor (own and joint systems, the standard's "
        "application and operation work, add-ons, projects) that goes to the town's own IT "
        "firms (the rest leaves the region; cloud fees and network all leave)",
    )
    online_share_legacy: float = P(
        0.1,
        ge=0,
        le=1,
        unit="share",
        ja="単独のオンライン化率",
        desc="Share of procedures online on an own system",
    )
    online_share_joint: float = P(
        0.25,
        ge=0,
        le=1,
        unit="share",
        ja="共同利用のオンライン化率",
        desc="Share of procedures online on a joint system",
    )
    online_share_standard: float = P(
        0.6,
        ge=0,
        le=1,
        unit="share",
        ja="標準準拠のオンライン化率",
        desc="Share of procedures online with one-stop services on the standard",
    )
    online_adjust_rate: float = P(
        0.05,
        ge=0,
        le=1,
        unit="per month",
        ja="オンライン化の進展速度",
        desc="Monthly share of the gap to the regime's online share closed",
    )
    customization_loss: float = P(
        0.1,
        ge=0,
        le=1,
        unit="share",
        ja="カスタマイズ喪失",
        desc="Loss of service fit on the standard (no local customization)",
    )
    knowhow_loss: float = P(
        0.15,
        ge=0,
        le=1,
        unit="share per year",
        ja="システム知見の喪失率",
        desc="Share of a town's own IT know-how (its staff's grasp of its systems) lost each "
        "year its functions run on the standard, in proportion to the functions moved: the "
        "vendor operates them and staff move to other work",
    )
    knowhow_regain: float = P(
        0.1,
        ge=0,
        le=1,
        unit="share of the gap per year",
        ja="システム知見の回復率",
        desc="Share of the gap to full know-how closed each year on an own or joint system, "
        "which the town's staff specify and maintain",
    )
    knowhow_division: float = P(
        0.3,
        ge=0,
        le=1,
        unit="share of the gap per year at the full program",
        ja="デジタル推進室による知見の回復",
        desc="Share of the gap to full know-how a digital division at its reference "
        "spending closes each year, whatever the regime: digital talent the town hires",
    )
    linkage_adoption_rate: float = P(
        0.01,
        ge=0,
        le=1,
        unit="per month",
        ja="データ連携の導入率",
        desc="Chance a firm in a standard municipality starts using "
        "linked public-private data in a month",
    )
    linkage_productivity_gain: float = P(
        0.03,
        ge=0,
        le=1,
        unit="share",
        ja="データ連携の生産性効果",
        desc="Productivity gain of a firm that uses linked data",
    )
    outage_rate_legacy: float = P(
        0.01,
        ge=0,
        le=1,
        unit="per month",
        ja="単独システム障害率",
        desc="Chance of an outage of one municipality's own system, or of one joint "
        "group's shared system (which hits all its members)",
    )
    outage_rate_cloud: float = P(
        0.004,
        ge=0,
        le=1,
        unit="per month",
        ja="クラウド障害率",
        desc="Chance of one incident on the government cloud, which hits "
        "every standard municipality in the same month",
    )
    outage_days: float = P(
        1.5, ge=0, le=30, unit="days", ja="障害日数", desc="Days of service lost to one outage"
    )
    schedule: list[ITChange] = Field(default_factory=list, description="Scheduled regime switches")
    mandate: MandateParams = Field(default_factory=MandateParams, description="National mandate")
    market: MarketParams = Field(
        default_factory=MarketParams, description="Vendors, migration work, costs by part"
    )

    @model_validator(mode="after")
    def _deadlines(self) -> ITParams:
        found: list[tuple[tuple[str, ...], str]] = []
        m = self.mandate
        if m.enabled and not (m.start_fy <= m.deadline_fy <= m.late_deadline_fy):
            at = "deadline_fy" if m.start_fy > m.deadline_fy else "late_deadline_fy"
            at = at if at in m.model_fields_set else next(iter(m.model_fields_set), at)
            found.append(
                (
                    ("mandate", at),
                    f"start_fy {m.start_fy}, deadline_fy {m.deadline_fy} and late_deadline_fy "
                    f"{m.late_deadline_fy} must come in this order (each the same or later)",
                )
            )
        for i, change in enumerate(self.schedule):
            if change.to == Regime.JOINT and not change.group:
                found.append(
                    (
                        ("schedule", str(i)),
                        f"the switch to joint in FY{change.fy} needs a group: the name of the "
                        "shared system, e.g. group: tokachi",
                    )
                )
            elif change.to == Regime.LEGACY and change.group:
                found.append(
                    (
                        ("schedule", str(i), "group"),
                        f"group {change.group!r} is for a switch to joint (a shared system) or "
                        f"standard (bought together); the switch to legacy in FY{change.fy} "
                        "shares nothing: remove group",
                    )
                )
        if found:
            raise problem_at(*found)
        return self
