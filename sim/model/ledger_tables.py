"""The ledger's records as tidy tables: flows.parquet and goods.parquet."""

from __future__ import annotations

import numpy as np

from .agents import SECTORS
from .ledger_kinds import Account, Flow

__all__ = ["flow_table", "goods_table"]


def flow_table(records: list, names: list[str], after_step: int = -1):
    """Money per step and kind, in the tidy shape of ``flows.parquet`` (only the steps
    after ``after_step``: a dashboard reads the last months without the whole history)."""
    import pandas as pd

    cols = {"step": [], "kind": [], "payer_type": [], "payer_m": [], "payee_type": []}
    cols |= {"payee_m": [], "amount_yen": []}
    first = len(records)  # records are kept in step order: find the first to show
    while first > 0 and records[first - 1][0] > after_step:
        first -= 1
    for step, kind, payer, payee, pm, qm, sums in records[first:]:
        n = sums.size
        cols["step"].append(np.full(n, step, dtype=np.int64))
        cols["kind"].append(np.full(n, kind, dtype=np.int64))
        cols["payer_type"].append(np.full(n, payer, dtype=np.int64))
        cols["payee_type"].append(np.full(n, payee, dtype=np.int64))
        cols["payer_m"].append(pm)
        cols["payee_m"].append(qm)
        cols["amount_yen"].append(sums)
    df = pd.DataFrame(
        {k: np.concatenate(v) if v else np.zeros(0, np.int64) for k, v in cols.items()}
    )
    keys = ["step", "kind", "payer_type", "payer_m", "payee_type", "payee_m"]
    df = df.groupby(keys, sort=True, as_index=False)["amount_yen"].sum()
    df = df[df["amount_yen"] != 0]
    label = np.array(["", *names], dtype=object)
    return pd.DataFrame(
        {
            "step": df["step"].to_numpy(),
            "kind": [Flow(k).name.lower() for k in df["kind"]],
            "payer_type": [Account(a).name.lower() for a in df["payer_type"]],
            "payer_municipality": label[df["payer_m"].to_numpy() + 1],
            "payee_type": [Account(a).name.lower() for a in df["payee_type"]],
            "payee_municipality": label[df["payee_m"].to_numpy() + 1],
            "amount_yen": df["amount_yen"].to_numpy(dtype=np.int64),
        }
    )


def goods_table(goods: list):
    """Goods sold per step, kind of buyer and sector (value in yen)."""
    import pandas as pd

    if not goods:
        return pd.DataFrame(columns=["step", "kind", "buyer_type", "sector", "value_yen"])
    n = len(SECTORS)
    parts = [
        pd.DataFrame(
            {"step": s, "kind": k, "buyer_type": b, "sector": np.arange(n), "value_yen": v}
        )
        for s, k, b, v in goods
    ]
    df = pd.concat(parts).groupby(["step", "kind", "buyer_type", "sector"], as_index=False)
    df = df["value_yen"].sum()
    df = df[df["value_yen"] != 0].reset_index(drop=True)
    df["kind"] = [Flow(k).name.lower() for k in df["kind"]]
    df["buyer_type"] = [Account(a).name.lower() for a in df["buyer_type"]]
    df["sector"] = [SECTORS[s] for s in df["sector"]]
    return df
