"""Helpers for the mechanism unit tests: a chain of three towns, and money moved by a call."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim import RegionModel
from sim.model.agents import Employer
from sim.scenario.schema import Scenario
from tests.conftest import two_towns

FAR = {"population": 3000, "share_65_plus": 0.36, "lat": 43.5, "lon": 143.0}


def chain(**blocks) -> Scenario:
    """small - hub - far: small and far are neighbours of the hub (20 and 36 km), not of each
    other (56 km, beyond the default 40 km commuting range)."""
    towns = {"far": FAR, **blocks.pop("municipalities", {})}
    return two_towns(municipalities=towns, **blocks)


def money(model: RegionModel) -> pd.Series:
    """Every yen moved so far, by kind, payer and payee (type and municipality)."""
    keys = ["kind", "payer_type", "payer_municipality", "payee_type", "payee_municipality"]
    table = model.ledger.flow_table([m.key for m in model.municipalities])
    return table.groupby(keys)["amount_yen"].sum()


def moved(before: pd.Series, after: pd.Series) -> pd.DataFrame:
    """The money moved between two ``money`` snapshots, as a flat table."""
    delta = after.sub(before, fill_value=0).astype(np.int64)
    return delta[delta != 0].rename("amount_yen").reset_index()


def total(table: pd.DataFrame, kind: str, **where: str) -> int:
    """Sum of ``amount_yen`` for one kind of flow, filtered by column values."""
    rows = table[table.kind == kind]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    return int(rows.amount_yen.sum())


def workplace(model: RegionModel, rows: np.ndarray) -> np.ndarray:
    """Municipality of each resident's employer (-1: none or Outside)."""
    r, f = model.residents, model.firms
    et, emp = r.employer_type[rows], r.employer[rows]
    firm_town = f.municipality[np.clip(emp, 0, max(f.n - 1, 0))] if f.n else -1
    return np.select(
        [et == Employer.FIRM, et == Employer.MUNICIPALITY], [firm_town, emp], -1
    ).astype(np.int64)


def binomial_ok(observed: float, n: float, p: float, sigmas: float = 4.0) -> bool:
    """``observed`` successes of ``n`` trials of chance ``p`` are within ``sigmas`` sd."""
    return abs(observed - n * p) <= sigmas * np.sqrt(max(n * p * (1 - p), 1.0))
