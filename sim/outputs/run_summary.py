"""The table `dxsim run` prints at the end: start against end, for the region or one town.

Money is a flow, so its start column holds the first 12 simulated months and its end
column the last 12; counts and shares are read at the first and last step.
"""

from __future__ import annotations

from ..scenario.fields import did_you_mean
from ..scenario.loader import ScenarioError
from .results import region_table

__all__ = ["SUMMARY", "check_town", "contents", "summary"]

#: (column of the summary frame, row label, format)
SUMMARY = (
    ("population", "Population", "{:,.0f}"),
    ("share_65_plus", "65+ share", "{:.1%}"),
    ("firms", "Firms", "{:,.0f}"),
    ("revenue_fy_yen", "Revenue over 12 months (M yen) *", "{:,.0f}"),
    ("balance_fy_yen", "Fiscal balance over 12 months (M yen) *", "{:,.0f}"),
)


def check_town(key: str, scenario) -> None:
    """``--municipality KEY`` must name a town of the scenario: said before the run. (A
    generated region names its towns when it is made: checked by ``summary`` instead.)"""
    towns = list(scenario.municipalities)
    if scenario.generate is None and key not in towns:
        raise ScenarioError(
            [
                f"--municipality {key}: not a municipality of this scenario"
                f"{did_you_mean(key, towns)} (it has {', '.join(towns)})"
            ]
        )


def contents(scenario) -> str:
    """What a scenario holds, in one line, so that `dxsim validate` shows a planner what
    ``extends:`` brought in: towns, persons, years, programs, IT switches."""
    run = scenario.run
    years = f"FY{run.first_fiscal_year}-FY{run.last_fiscal_year}"
    if scenario.generate is not None:
        g = scenario.generate
        size = f"{g.municipalities} municipalities, {g.population:,} persons"
        ref = scenario.demography.reference_pyramid.year
        return (
            f"a generated region: {size}, {years}; ages: from the reference pyramid ({ref}) "
            "tilted to each town's shares"
        )
    towns = scenario.municipalities
    names = ", ".join(list(towns)[:6]) + (", ..." if len(towns) > 6 else "")
    persons = sum(t.population for t in towns.values())
    programs = sum(len(t.policy.programs) for t in towns.values())
    switches = len(scenario.it.schedule)
    parts = [
        f"{len(towns)} municipalit{'y' if len(towns) == 1 else 'ies'} ({names})",
        f"{persons:,} persons",
        years,
        f"{programs} program{'' if programs == 1 else 's'}",
        f"{switches} IT switch{'' if switches == 1 else 'es'}",
    ]
    if scenario.it.mandate.enabled:
        parts.append(f"the national mandate from FY{scenario.it.mandate.start_fy}")
    return ", ".join(parts) + "; " + _ages(scenario)


def _ages(scenario) -> str:
    """Where the towns' starting ages come from: their own pyramids (by year), or the
    reference pyramid tilted to their shares (sim/model/pyramids.py)."""
    own: dict[int, int] = {}
    tilted = []
    for key, town in scenario.municipalities.items():
        if town.age_pyramid is not None:
            own[town.age_pyramid.year] = own.get(town.age_pyramid.year, 0) + 1
        else:
            tilted.append(key)
    said = [
        f"{n} from {'its' if n == 1 else 'their'} own pyramid ({year})"
        for year, n in sorted(own.items())
    ]
    if tilted:
        ref = scenario.demography.reference_pyramid
        names = ", ".join(tilted[:3]) + (", ..." if len(tilted) > 3 else "")
        said.append(
            f"{len(tilted)} ({names}) from the reference pyramid ({ref.year}) tilted to "
            f"{'its' if len(tilted) == 1 else 'their'} shares"
        )
    return "ages: " + "; ".join(said)


def summary(results, console, municipality: str | None = None) -> None:
    """Print start against end for the region, or for ``municipality``."""
    from rich.table import Table

    if municipality is None:
        frame, what = results.region, "region"
    else:
        kpis = results.kpis
        if municipality not in set(kpis.municipality):
            towns = list(dict.fromkeys(kpis.municipality))
            shown = ", ".join(towns[:5]) + (", ..." if len(towns) > 5 else "")
            console.print(f"--municipality {municipality}: no such town in this run ({shown})")
            return
        frame, what = region_table(kpis[kpis.municipality == municipality]), municipality
    frame["share_65_plus"] = frame["pop_65_plus"] / frame["population"].clip(lower=1)
    frame["revenue_fy_yen"] = frame["revenue_yen"].rolling(12, min_periods=1).sum() / 1e6
    frame["balance_fy_yen"] = frame["fiscal_balance_yen"].rolling(12, min_periods=1).sum() / 1e6
    first = frame.iloc[min(12, len(frame) - 1)] if len(frame) > 1 else frame.iloc[0]
    start, end = frame.iloc[0], frame.iloc[-1]
    table = Table(title=f"{results.scenario.name}: start vs end ({what}, persons and yen)")
    table.add_column("")
    # step 0 is the state at the end of the month before the first simulated month
    table.add_column(f"start (end of {start['date']})", justify="right")
    table.add_column(f"end ({end['date']})", justify="right")
    for col, label, fmt in SUMMARY:
        # money is a flow: the start column shows the first 12 simulated months
        a = first[col] if col.endswith("fy_yen") else start[col]
        table.add_row(label, fmt.format(a), fmt.format(end[col]))
    console.print(table)
    note = "* money: the first and the last 12 simulated months"
    if len(frame) - 1 < 24:
        note += " (they overlap in a run shorter than two years)"
    console.print(note)
