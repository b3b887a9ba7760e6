"""Sector parameters as arrays indexed by ``Sector``, for vectorized lookups per firm."""

from __future__ import annotations

import numpy as np

from ..scenario.params_firms import SectorParams
from .agents import SECTORS

__all__ = ["SectorTable"]


class SectorTable:
    """``table.wage_yen[firms.sector]`` gives each firm's wage; absent sectors are zeros."""

    def __init__(self, sectors: dict[str, SectorParams]) -> None:
        n = len(SECTORS)
        for field, info in SectorParams.model_fields.items():
            dtype = bool if info.annotation is bool else np.float64
            if info.annotation is int:
                dtype = np.int64
            arr = np.zeros(n, dtype=dtype)
            for name, sp in sectors.items():
                arr[SECTORS.index(name)] = getattr(sp, field)
            setattr(self, field, arr)
