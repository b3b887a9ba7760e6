"""What a town's core systems cost a year, by part, on its own system and on the standard.

An own system costs ``legacy_fixed_yen + legacy_per_resident_yen x N`` a year (MIC FY2017,
``own_cost``). Its parts, and what each becomes on the national standard, are those the
Digital Agency measured in its verification of early migrations (5-year running costs of the
verified groups before and after the move; ``it.market``): the vendor's application and
operation work (``vendor_share``, times ``vendor_ratio`` on the standard and the vendor's price
index), hardware and data centre (``hardware_share`` x ``hardware_ratio``), network lines
(``network_share`` x ``network_ratio``) and cloud fees, priced in dollars (``cloud_share`` at
``cloud_fx_base`` yen per dollar, times the year's rate). The parts are shares of the own
system's cost because that is how the verification reports them: a town's size sets what it
pays through the fixed part of that cost, shared by a group that buys together.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PARTS", "own_cost", "standard_year", "fx_rate", "REPORTED"]

#: What a town's IT spending is made of (the ``it_cost_<part>_yen`` KPIs): its own system,
#: its share of a joint system, the standard's cloud fees, vendor work (application,
#: operation, hardware), network and add-ons, the own system's fixed part kept while some
#: functions have moved (parallel running), the premium of functions left on the own system
#: after the deadline (difficult systems), and migration projects.
PARTS = ("legacy", "joint", "cloud", "vendor", "network", "addon", "parallel", "late", "project")
#: The parts set by national specifications and the government cloud, not by the town.
NATIONAL = ("cloud", "vendor", "network")
REPORTED = PARTS


def own_cost(p, population) -> np.ndarray:
    """Yearly cost of an own system (yen): falls steeply per resident with size."""
    return p.legacy_fixed_yen + p.legacy_per_resident_yen * np.asarray(population, dtype=float)


def fx_rate(market, year: int) -> float:
    """Yen per dollar in a calendar year (linear between the given years, flat outside)."""
    years = sorted(market.fx_yen_per_usd)
    return float(np.interp(year, years, [market.fx_yen_per_usd[y] for y in years]))


def standard_year(
    market, basis: np.ndarray, fx_ratio: float, price: np.ndarray, addon: np.ndarray
) -> dict[str, np.ndarray]:
    """Yearly cost (yen) of towns wholly on the standard, by part: ``basis`` is what the own
    system costs a year at the size the town buys at, ``fx_ratio`` the cloud fees' factor
    (the year's rate over cloud_fx_base, times any fee change), ``price`` the vendor price
    index of each town's contract and ``addon`` its add-on share."""
    m = market
    vendor = basis * (m.vendor_share * m.vendor_ratio * price + m.hardware_share * m.hardware_ratio)
    return {
        "cloud": basis * m.cloud_share * fx_ratio,
        "vendor": vendor,
        "network": basis * m.network_share * m.network_ratio,
        "addon": basis * m.vendor_share * m.vendor_ratio * price * addon,
    }
