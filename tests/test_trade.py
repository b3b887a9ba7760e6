"""Trade: residents' local, neighbour and online shares, capacity, exports, insurance and
procurement."""

import numpy as np
import pytest

from sim import RegionModel
from sim.model.agents import Employer, Sector
from sim.model.ages import OLD_AGE
from tests.conftest import two_towns
from tests.mechanism_helpers import money, moved, total

TOWNS = ("small", "hub")


def capacity(model: RegionModel) -> np.ndarray:
    f = model.firms
    return f.employees.astype(np.int64) * f.productivity_yen * model.p.run.scale


def net_income(model: RegionModel) -> np.ndarray:
    """Each resident's monthly income after income and resident tax, plus pension (ODD 7.3)."""
    r, t, scale = model.residents, model.p.taxes, model.p.run.scale
    pension = np.where(r.age_months >= OLD_AGE, t.pension_yen * scale, 0)
    return r.wage_yen.astype(np.float64) * (1 - t.income_tax_rate - t.resident_tax_rate) + pension


def spending(model: RegionModel) -> np.ndarray:
    """Each resident's spending this month (ODD 7.3, 1), written out from the ODD as the
    oracle of the compiled spending pass."""
    r, p = model.residents, model.p.trade
    income, savings = net_income(model), np.maximum(r.savings_yen, 0)
    spend = p.consumption_share * income + p.savings_spend_rate * savings
    return np.floor(np.minimum(spend, savings + income)).astype(np.int64)


def ample_capacity(model: RegionModel) -> None:
    model.firms.employees[:] = 10_000


def trade_month(model: RegionModel):
    before = money(model)
    model.trade.step()
    return moved(before, money(model))


@pytest.mark.parametrize("local,neighbour", [(0.5, 0.2), (0.2, 0.6), (0.0, 0.0)])
def test_residents_buy_locally_next_door_and_online_by_their_shares(local, neighbour):
    """Capacity to spare: floor(s x local_share) is bought at home, floor(s x neighbour_share)
    in the neighbour, and the rest leaks to Outside, exactly."""
    model = RegionModel(two_towns(trade={"local_share": local, "neighbour_share": neighbour}))
    ample_capacity(model)
    r = model.residents
    spend = spending(model)
    paid = trade_month(model)
    for i, town in enumerate(TOWNS):
        s = spend[r.municipality == i]
        at_home = total(paid, "consumption", payer_municipality=town, payee_municipality=town)
        other = TOWNS[1 - i]
        nearby = total(paid, "consumption", payer_municipality=town, payee_municipality=other)
        online = total(paid, "online_purchase", payer_municipality=town, payee_type="outside")
        assert at_home == np.floor(s * local).astype(np.int64).sum()
        assert nearby == np.floor(s * neighbour).astype(np.int64).sum()
        assert at_home + nearby + online == s.sum()
        assert online >= (1 - local - neighbour) * s.sum()


def test_residents_buy_only_from_firms_that_sell_to_residents():
    """No exports and no budget yet: residents' money reaches only retail and town
    companies, insurance's only care providers; farms and factories sell nothing."""
    model = RegionModel(two_towns())
    ample_capacity(model)
    f, t = model.firms, model.sectors
    f.export_demand_yen[:] = 0
    paid = trade_month(model)
    retail, care = t.sells_to_residents[f.sector], t.sells_to_insurance[f.sector]
    assert retail.sum() > 50 and (~retail & ~care).sum() > 50
    assert (f.sales_yen[~retail & ~care] == 0).all()
    assert f.sales_yen[retail].sum() == total(paid, "consumption") > 0
    assert f.sales_yen[care].sum() == total(paid, "health_insurance", payee_type="firm") > 0


def test_a_town_without_neighbours_leaks_the_neighbour_share():
    far = {"small": {"population": 3000, "lat": 45.0, "lon": 143.0}}  # 220 km from the hub
    model = RegionModel(two_towns(municipalities=far))
    assert model.neighbours.degree.tolist() == [0, 0]
    ample_capacity(model)
    r, p = model.residents, model.p.trade
    spend = spending(model)
    paid = trade_month(model)
    s = spend[r.municipality == 0]
    assert total(paid, "consumption", payer_municipality="small") == (
        np.floor(s * p.local_share).astype(np.int64).sum()
    )
    assert total(paid, "online_purchase", payer_municipality="small") == s.sum() - total(
        paid, "consumption", payer_municipality="small"
    )


def test_a_town_without_shops_leaks_the_local_share():
    """Close every firm selling to residents in the small town: its residents still buy
    their neighbour share next door, and the local share goes online."""
    model = RegionModel(two_towns())
    f, r = model.firms, model.residents
    shops = (f.municipality == 0) & model.sectors.sells_to_residents[f.sector]
    at_shop = (r.employer_type == Employer.FIRM) & np.isin(r.employer, np.nonzero(shops)[0])
    model.people.end_jobs(np.nonzero(at_shop)[0])
    new_row = f.keep(~shops)
    at_firm = r.employer_type == Employer.FIRM
    r.employer[at_firm] = new_row[r.employer[at_firm]]
    ample_capacity(model)
    p = model.p.trade
    spend = spending(model)
    paid = trade_month(model)
    s = spend[r.municipality == 0]
    nearby = np.floor(s * p.neighbour_share).astype(np.int64).sum()
    assert total(paid, "consumption", payer_municipality="small", payee_municipality="small") == 0
    assert total(paid, "consumption", payer_municipality="small") == nearby
    assert total(paid, "online_purchase", payer_municipality="small") == s.sum() - nearby


def test_sales_are_capped_by_capacity_and_the_rest_leaks():
    """One worker per firm: sales never exceed employees x productivity x scale, firms with
    more orders sell their whole capacity, and residents spend every yen somewhere."""
    model = RegionModel(two_towns(run={"scale": 2}))
    f = model.firms
    f.employees[:] = 1
    cap = capacity(model)
    spend = spending(model)
    paid = trade_month(model)
    assert (f.sales_yen <= cap).all()
    binding = f.demand_yen > cap
    assert binding.sum() > 0.5 * f.n
    assert (f.sales_yen[binding] >= cap[binding] - 10_000).all()  # floors, one yen a buyer
    resident_paid = total(paid, "consumption") + total(paid, "online_purchase")
    assert resident_paid == spend.sum()
    ample = RegionModel(two_towns(run={"scale": 2}))
    ample_capacity(ample)
    assert total(trade_month(ample), "online_purchase") < 0.5 * total(paid, "online_purchase")


def test_exports_are_capped_by_what_is_left_to_make():
    """Firms that only export sell min(export demand, capacity) to Outside; the unmet rest
    lapses but counts as demand."""
    model = RegionModel(two_towns())
    f, t = model.firms, model.sectors
    exporters = ~(t.sells_to_residents | t.sells_to_municipality | t.sells_to_insurance)[f.sector]
    assert exporters.sum() > 50
    cap = capacity(model)
    f.export_demand_yen[:] = np.where(np.arange(f.n) % 2 == 0, 2 * cap, cap // 2)
    f.demand_yen[:] = 0
    demand = f.export_demand_yen.copy()
    paid = trade_month(model)
    expected = np.minimum(demand, cap)
    assert (f.sales_yen[exporters] == expected[exporters]).all()
    assert (f.demand_yen[exporters] == demand[exporters]).all()
    exports = total(paid, "export", payer_type="outside")
    assert expected[exporters].sum() <= exports <= expected.sum()
    assert (f.sales_yen <= cap).all()


@pytest.mark.parametrize("share", [0.7, 0.2])
def test_health_insurance_buys_a_local_share_from_care_providers(share):
    """Of the Nation's health spending H_m for a town, floor(H_m x health_local_share) goes to
    its care providers (split by market weight), the rest to Outside hospitals."""
    model = RegionModel(two_towns(trade={"health_local_share": share}))
    ample_capacity(model)
    r, n = model.residents, model.p.nation
    per_person = np.where(r.age_months >= 65 * 12, n.health_65_plus_yen, n.health_under_65_yen)
    health = np.bincount(r.municipality, weights=per_person * model.p.run.scale).astype(np.int64)
    providers = np.bincount(model.firms.municipality[model.firms.sector == Sector.HEALTH_CARE])
    paid = trade_month(model)
    for i, town in enumerate(TOWNS):
        local = int(np.floor(health[i] * share))
        got = total(paid, "health_insurance", payer_type="nation", payee_municipality=town)
        assert local - providers[i] <= got <= local
    to_outside = total(paid, "health_insurance", payer_type="nation", payee_type="outside")
    assert to_outside + total(paid, "health_insurance", payee_type="firm") == health.sum()


@pytest.mark.parametrize("share", [0.5, 0.9])
def test_procurement_buys_a_local_share_from_town_firms(share):
    """A month of services and investment P_m: floor(P_m x share) from the town's firms that
    sell to it, the rest from Outside vendors."""
    model = RegionModel(two_towns(fiscal={"procurement_local_share": share}))
    model.step()  # the first budget
    ample_capacity(model)
    monthly = [(m.budget.services + m.budget.investment) // 12 for m in model.municipalities]
    f = model.firms
    sellers = np.bincount(f.municipality[model.sectors.sells_to_municipality[f.sector]])
    paid = trade_month(model)
    for i, town in enumerate(TOWNS):
        assert monthly[i] > 10_000_000
        local = int(np.floor(monthly[i] * share))
        to_firms = total(paid, "procurement", payer_municipality=town, payee_type="firm")
        to_outside = total(paid, "procurement", payer_municipality=town, payee_type="outside")
        assert local - sellers[i] <= to_firms <= local
        assert to_firms + to_outside == monthly[i]


@pytest.mark.parametrize("capped", [False, True])
def test_shoppers_choose_firms_by_market_weight(capped):
    """Retail firms expecting three times the sales draw three times the orders, unless
    they cannot make more than the others expect: the weight is capped by capacity."""
    model = RegionModel(two_towns())
    f, t = model.firms, model.sectors
    f.export_demand_yen[:] = 0
    retail = np.nonzero(t.sells_to_residents[f.sector])[0]
    heavy, light = retail[::2], retail[1::2]
    base = 2_000_000.0
    f.expected_demand_yen[:] = base
    f.expected_demand_yen[heavy] = 3 * base
    f.demand_yen[:] = f.expected_demand_yen.astype(np.int64)  # expectations stay put
    per_worker = f.productivity_yen * model.p.run.scale
    f.employees[:] = 10_000
    if capped:
        f.employees[heavy] = np.ceil(base / per_worker[heavy]).astype(np.int32)
    weight = np.minimum(f.expected_demand_yen, f.employees * per_worker)
    model.trade.step()
    ratio = f.demand_yen[heavy].mean() / f.demand_yen[light].mean()
    expected = weight[heavy].mean() / weight[light].mean()
    assert expected == pytest.approx(1.0 if capped else 3.0, rel=0.15)
    assert ratio == pytest.approx(expected, rel=0.15)
