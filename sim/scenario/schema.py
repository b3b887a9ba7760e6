"""The scenario: one pydantic model for everything a run needs.

A scenario file is YAML validated against :class:`Scenario`. Each block maps to one mechanism's
parameters; ``municipalities`` lists the places with their own figures; ``generate`` makes a
synthetic region of a given size instead (for scale tests).
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from pydantic import Field, field_validator, model_validator

from .fields import ATTRACTIVENESS, P, Params, did_you_mean, problem_at
from .params_firms import FirmParams, TradeParams
from .params_it import ITParams, Regime
from .params_migration import MigrationParams
from .params_people import DemographyParams, HouseholdParams, LabourParams, LearningParams
from .params_policy import PolicyParams, TownPolicy
from .params_public import FiscalParams, NationParams, ServiceParams, TaxParams
from .params_pyramid import AgePyramid
from .params_region import (
    PREFECTURE,
    GeneratedRegion,
    RegionParams,
    RunParams,
    prefecture_problem,
)

__all__ = ["Scenario", "RunParams", "RegionParams", "MunicipalitySpec", "GeneratedRegion"]

#: How far a share written beside a town's age_pyramid may differ from the pyramid's own.
SHARE_AGREEMENT = 0.005


class MunicipalitySpec(Params):
    """One municipality and its own figures; unknown figures fall back to the defaults."""

    name_ja: str = P("", unit="text", ja="名称", source="setting", desc="Japanese name")
    code: str = P(
        "",
        unit="5 digits",
        ja="団体コード",
        source="setting",
        desc="Local government code without check digit ('' if none)",
        schema={"pattern": "^([0-9]{5})?$"},
    )
    prefecture: str = PREFECTURE
    population: int = P(
        ..., ge=1, le=20_000_000, unit="persons", ja="人口", desc="Population at the start"
    )
    share_0_14: float = P(
        0.112,
        ge=0,
        le=0.5,
        unit="share",
        ja="年少人口割合",
        desc="Share aged 0-14 at the start (set by age_pyramid when the town has one)",
        source="Statistics Bureau 2024 (Japan)",
    )
    share_65_plus: float = P(
        0.293,
        ge=0,
        le=0.8,
        unit="share",
        ja="高齢化率",
        desc="Share aged 65+ at the start (set by age_pyramid when the town has one)",
        source="Statistics Bureau 2024 (Japan)",
    )
    tfr: float | None = P(
        None,
        ge=0.1,
        le=4.0,
        unit="children per woman",
        ja="合計特殊出生率（団体別）",
        desc="This town's total fertility rate; leave out for demography.tfr",
    )
    age_pyramid: AgePyramid | None = Field(
        None,
        description="The town's own starting persons by sex and 5-year age group (a census); "
        "without it, the reference pyramid tilted to share_0_14 and share_65_plus",
    )
    lat: float = P(35.68, ge=20, le=46, unit="degrees", ja="緯度", desc="Latitude of the town hall")
    lon: float = P(
        139.76, ge=122, le=154, unit="degrees", ja="経度", desc="Longitude of the town hall"
    )
    area_km2: float = P(100.0, gt=0, le=3000, unit="km2", ja="面積", desc="Land area")
    it_regime: Regime = P(
        Regime.LEGACY,
        unit="regime",
        ja="基幹システムの形態",
        source="setting",
        desc="IT regime at the start: legacy, joint or standard",
    )
    policy: TownPolicy = Field(default_factory=TownPolicy, description="Programs and governance")
    it_group: str = P(
        "",
        unit="text",
        ja="共同利用グループ",
        source="setting",
        desc="Name of the joint-system group this municipality belongs to",
    )
    it_addon_share: float | None = P(
        None,
        ge=0,
        le=1,
        unit="share of the vendor's part",
        ja="独自アドオンの割合（団体別）",
        source="setting",
        desc="This municipality's add-ons on the standard as a share of its vendor's part; "
        "leave out for it.market.addon_share",
    )
    it_vendor: str = P(
        "",
        unit="text",
        ja="ベンダー",
        source="setting",
        desc="Key of the vendor running its systems (it.market.vendors); leave out to draw one "
        "by the vendors' shares",
    )
    amenity: float = P(
        0.0,
        ge=-2,
        le=2,
        unit=ATTRACTIVENESS,
        ja="固有の魅力",
        desc="Attractiveness not explained by jobs, wages, services or housing (nature, "
        "climate, reputation); 0 is the national norm",
    )

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if v and not re.fullmatch(r"\d{5}", v):
            raise ValueError("expected a 5-digit local government code such as '01633'")
        return v

    @model_validator(mode="after")
    def _prefecture(self) -> MunicipalitySpec:
        if problem := prefecture_problem(self.prefecture, self.code):
            raise problem_at((("prefecture",), problem))
        return self

    @model_validator(mode="after")
    def _joint_needs_group(self) -> MunicipalitySpec:
        if self.it_regime == Regime.JOINT and not self.it_group:
            raise problem_at(
                (
                    ("it_regime",),
                    "it_regime 'joint' needs an it_group naming the shared system, "
                    "e.g. it_group: tokachi",
                )
            )
        return self

    @model_validator(mode="before")
    @classmethod
    def _shares_from_pyramid(cls, data: Any) -> Any:
        """A town with a pyramid takes its broad shares from it; shares written beside it
        must agree (to half a point), so that a resolved scenario reads back unchanged."""
        if not isinstance(data, dict) or not isinstance(data.get("age_pyramid"), dict):
            return data
        try:
            pyramid = AgePyramid.model_validate(data["age_pyramid"])
        except ValueError:
            return data  # reported at the pyramid's own fields
        derived = {"share_0_14": pyramid.share(0, 15), "share_65_plus": pyramid.share(65)}
        found = []
        for name, value in derived.items():
            given = data.get(name)
            if isinstance(given, int | float) and not isinstance(given, bool):
                if abs(given - value) > SHARE_AGREEMENT:
                    found.append(
                        (
                            (name,),
                            f"{name} {given:g} disagrees with age_pyramid ({value:.3f}); leave "
                            f"{name} out: a town with a pyramid takes its shares from it",
                        )
                    )
        if found:
            raise problem_at(*found)
        return {**data, **{k: round(v, 6) for k, v in derived.items() if k not in data}}

    @model_validator(mode="after")
    def _ages(self) -> MunicipalitySpec:
        young, old = self.share_0_14, self.share_65_plus
        if young + old >= 1:
            at = "share_65_plus" if "share_65_plus" in self.model_fields_set else "share_0_14"
            raise problem_at(
                (
                    (at,),
                    f"share_0_14 {young:g} + share_65_plus {old:g} = {young + old:g}; "
                    "expected below 1 (someone must be aged 15-64)",
                )
            )
        return self


class Scenario(Params):
    """A whole scenario: every parameter of a run."""

    name: str = P(
        "scenario",
        unit="text",
        ja="シナリオ名",
        source="setting",
        desc="Short name of the scenario",
    )
    description: str = P(
        "", unit="text", ja="説明", source="setting", desc="What the scenario represents"
    )
    run: RunParams = Field(default_factory=RunParams, description="Run length, seed, scale")
    region: RegionParams = Field(default_factory=RegionParams, description="The region")
    municipalities: dict[str, MunicipalitySpec] = Field(
        default_factory=dict,
        description="Municipalities by key: a lower-case letter, then lower-case letters, "
        "digits or _",
        json_schema_extra={"propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"}},
    )
    generate: GeneratedRegion | None = Field(
        None, description="Generate a synthetic region instead of listing municipalities"
    )
    demography: DemographyParams = Field(
        default_factory=DemographyParams, description="Births, deaths"
    )
    households: HouseholdParams = Field(default_factory=HouseholdParams, description="Households")
    labour: LabourParams = Field(default_factory=LabourParams, description="Labour market")
    learning: LearningParams = Field(default_factory=LearningParams, description="Digital literacy")
    migration: MigrationParams = Field(default_factory=MigrationParams, description="Migration")
    firms: FirmParams = Field(default_factory=FirmParams, description="Firms and sectors")
    trade: TradeParams = Field(default_factory=TradeParams, description="Production, consumption")
    taxes: TaxParams = Field(default_factory=TaxParams, description="Taxes and pensions")
    fiscal: FiscalParams = Field(default_factory=FiscalParams, description="Municipal budgets")
    nation: NationParams = Field(default_factory=NationParams, description="National government")
    it: ITParams = Field(default_factory=ITParams, description="Municipal IT systems")
    policy: PolicyParams = Field(default_factory=PolicyParams, description="Investment loops")
    services: ServiceParams = Field(default_factory=ServiceParams, description="Public services")

    @field_validator("municipalities")
    @classmethod
    def _keys(cls, v: dict[str, MunicipalitySpec]) -> dict[str, MunicipalitySpec]:
        bad = [key for key in v if not re.fullmatch(r"[a-z][a-z0-9_]*", key)]
        if bad:
            raise problem_at(
                *(
                    (
                        (key,),
                        f"the key '{key}': a municipality key uses lower-case letters, digits "
                        "and _, starting with a letter (the Japanese name goes in name_ja)",
                    )
                    for key in bad
                )
            )
        return v

    @model_validator(mode="after")
    def _schedule_names_known_towns(self) -> Scenario:
        known = list(self.municipalities)
        found = []
        for i, change in enumerate(self.it.schedule):
            for j, key in enumerate(change.municipalities or []):
                if self.municipalities and key not in known:
                    hint = did_you_mean(key, known) or f"; the scenario lists {', '.join(known)}"
                    at = ("it", "schedule", str(i), "municipalities", str(j))
                    found.append((at, f"unknown municipality '{key}'{hint}"))
        if found:
            raise problem_at(*found)
        return self

    @model_validator(mode="after")
    def _has_region(self) -> Scenario:
        if not self.municipalities and self.generate is None:
            raise problem_at(
                ((), "the scenario has no municipalities: list some or set 'generate'")
            )
        if self.municipalities and self.generate is not None:
            raise problem_at(
                (("generate",), "give either 'municipalities' or 'generate', not both")
            )
        return self

    @model_validator(mode="after")
    def _towns_are_placed(self) -> Scenario:
        """With more than one town, distances decide who is a neighbour: no default place."""
        if len(self.municipalities) < 2:
            return self
        found = []
        for key, town in self.municipalities.items():
            missing = [f for f in ("lat", "lon") if f not in town.model_fields_set]
            if missing:
                found.append(
                    (
                        ("municipalities", key),
                        f"{key} has no {' and '.join(missing)}: with more than one "
                        "municipality, give each town hall's lat and lon (distances decide "
                        "neighbours, commuting and moves)",
                    )
                )
        if found:
            raise problem_at(*found)
        return self

    @model_validator(mode="after")
    def _known_vendors(self) -> Scenario:
        vendors = list(self.it.market.vendors)
        found = [
            (
                ("municipalities", key, "it_vendor"),
                f"unknown vendor '{town.it_vendor}'{did_you_mean(town.it_vendor, vendors)}; "
                f"it.market.vendors has {', '.join(vendors)}",
            )
            for key, town in self.municipalities.items()
            if town.it_vendor and town.it_vendor not in vendors
        ]
        if not vendors:
            found.append((("it", "market", "vendors"), "expected at least one vendor"))
        if found:
            raise problem_at(*found)
        return self

    @model_validator(mode="after")
    def _dates_in_the_run(self) -> Scenario:
        """Entries whose years lie wholly before the run would silently do nothing."""
        first = self.run.first_fiscal_year
        found = []
        for key, town in self.municipalities.items():
            for name, spec in town.policy.programs.items():
                if spec.end_fy is not None and spec.end_fy < first:
                    found.append(
                        (
                            ("municipalities", key, "policy", "programs", name.value, "end_fy"),
                            f"the program ends in FY{spec.end_fy}, before the run starts "
                            f"(FY{first}): it would never run",
                        )
                    )
        for i, change in enumerate(self.it.schedule):
            if change.fy < first:
                found.append(
                    (
                        ("it", "schedule", str(i), "fy"),
                        f"{change.fy} is before the run starts (FY{first}); for a switch made "
                        "before the run, set the town's it_regime instead",
                    )
                )
        if found:
            raise problem_at(*found)
        return self

    def digest(self) -> str:
        """SHA-256 of the resolved scenario: the identity of a run's inputs."""
        text = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()
