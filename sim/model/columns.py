"""Column containers for residents and firms.

Agents that come in thousands to millions are rows of a table held column-wise: one numpy
array per attribute, declared once with its dtype and default (after LASER's ``LaserFrame`` and
Starsim's ``People``). Columns are written in place only; rebinding one raises, so no mechanism
can silently replace the array that others (the ledger) hold. Rows are dense: ``keep`` compacts
the table in order (and says where each row went), ``drop`` fills the gaps with the last rows
(for tables nothing holds by row); every row carries a stable ``id`` that is never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .kernels import gap_fillers

__all__ = ["Columns", "column"]


@dataclass(frozen=True)
class column:  # noqa: N801  (reads like a declaration, as in dataclasses.field)
    """Declare a column: its dtype and the value new rows get."""

    dtype: Any
    default: Any = 0
    name: str = ""

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "name", name)

    def __get__(self, obj: Columns | None, owner: type) -> Any:
        if obj is None:
            return self
        return obj._data[self.name][: obj.n]


class Columns:
    """A table of agents with declared columns, spare capacity and stable ids."""

    id = column(np.int64, -1)

    def __init__(self, capacity: int = 1024) -> None:
        self._capacity = max(int(capacity), 16)
        self._next_id = 0
        self._data: dict[str, np.ndarray] = {
            c.name: np.full(self._capacity, c.default, dtype=c.dtype) for c in self.columns()
        }
        self._defaults = {c.name: c.default for c in self.columns()}
        self._resize(0)

    def _resize(self, n: int) -> None:
        """Set the number of rows and the columns' views of them: reading a column is then
        a plain attribute lookup (the ``column`` descriptor is only a fallback)."""
        object.__setattr__(self, "n", n)
        for name, arr in self._data.items():
            self.__dict__[name] = arr[:n]

    def __getstate__(self) -> dict[str, Any]:
        """Copies and pickles hold the arrays, not the views (made again on restore)."""
        return {k: v for k, v in self.__dict__.items() if k not in self._data}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._resize(state["n"])

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "n":
            raise AttributeError("rows change only by append, keep and drop")
        if isinstance(getattr(type(self), name, None), column):
            raise AttributeError(f"{name!r} is written in place only (use {name}[...] = ...)")
        object.__setattr__(self, name, value)

    @classmethod
    def columns(cls) -> list[column]:
        """All declared columns, the id first."""
        seen: dict[str, column] = {}
        for klass in reversed(cls.__mro__):
            for value in vars(klass).values():
                if isinstance(value, column):
                    seen[value.name] = value
        return list(seen.values())

    def __len__(self) -> int:
        return self.n

    def _grow(self, needed: int) -> None:
        capacity = self._capacity
        while capacity < needed:
            capacity = int(capacity * 1.5) + 1
        if capacity == self._capacity:
            return
        for name, old in self._data.items():
            new = np.full(capacity, self._column(name).default, dtype=old.dtype)
            new[: self.n] = old[: self.n]
            self._data[name] = new
        self._capacity = capacity

    def _column(self, name: str) -> column:
        return getattr(type(self), name)

    def append(self, count: int, **values: Any) -> np.ndarray:
        """Add ``count`` rows with fresh ids; returns their row indices."""
        count = int(count)
        for name in values:
            if name not in self._data or name == "id":
                raise KeyError(f"{type(self).__name__} has no writable column {name!r}")
        start = self.n
        self._grow(start + count)
        new = slice(start, start + count)
        for name, arr in self._data.items():  # each column its value, or its default
            arr[new] = values[name] if name in values else self._defaults[name]
        self._data["id"][new] = np.arange(self._next_id, self._next_id + count, dtype=np.int64)
        self._next_id += count
        self._resize(start + count)
        return np.arange(start, start + count)

    def reorder(self, order: np.ndarray) -> None:
        """Put the rows in ``order`` (a permutation of the rows): for tables nothing holds by
        row, to keep rows that are read together next to each other."""
        order = np.asarray(order, dtype=np.int64)
        if order.shape != (self.n,):
            raise ValueError(f"order has shape {order.shape}, expected ({self.n},)")
        for arr in self._data.values():
            arr[: self.n] = arr[order]
        self._resize(self.n)

    def keep(self, mask: np.ndarray) -> np.ndarray:
        """Compact the table to the rows where ``mask`` is true, preserving order.

        Returns ``new_row``: for each old row its new row index, or -1 if removed, so that
        references held elsewhere (a resident's employer) can be remapped in one step.
        """
        mask = np.asarray(mask, dtype=bool)
        if mask.shape != (self.n,):
            raise ValueError(f"mask has shape {mask.shape}, expected ({self.n},)")
        index = np.flatnonzero(mask)
        kept = index.size
        new_row = self.new_rows(mask)
        for arr in self._data.values():
            arr[:kept] = arr[index]  # firms' tables: thousands of rows, numpy suffices
        self._resize(kept)
        return new_row

    def new_rows(self, mask: np.ndarray) -> np.ndarray:
        """The rows ``keep(mask)`` would give each row (-1 for those removed), without
        keeping: for references that must still be read at the old rows meanwhile."""
        mask = np.asarray(mask, dtype=bool)
        return np.where(mask, np.cumsum(mask) - 1, -1)

    def drop(self, rows: np.ndarray) -> None:
        """Remove ``rows`` (any order, repeats allowed): the last rows that stay move into the
        gaps below the new end, so a removal costs the rows removed, not the table's size.
        Row order is not kept; for tables whose rows nothing holds by position (residents are
        found by id), while ``keep`` keeps the order and gives the remap."""
        rows = np.asarray(rows, dtype=np.int64).ravel()
        if rows.size and (rows.min() < 0 or rows.max() >= self.n):
            raise IndexError(f"rows outside 0..{self.n - 1} of {type(self).__name__}")
        gaps, fillers, removed = gap_fillers(rows, self.n)
        for arr in self._data.values():
            arr[gaps] = arr[fillers]  # gaps lie below the new end, fillers at or above it
        self._resize(self.n - removed)

    def rows_of(self, ids: np.ndarray) -> np.ndarray:
        """Row index of each id, -1 where not present (a lookup for tests and tools: the model
        itself never looks rows up by id)."""
        ids = np.asarray(ids, dtype=np.int64)
        order = np.argsort(self.id, kind="stable")
        pos = np.searchsorted(self.id[order], ids)
        pos = np.clip(pos, 0, max(self.n - 1, 0))
        if not self.n:
            return np.full(ids.shape, -1, dtype=np.int64)
        return np.where(self.id[order][pos] == ids, order[pos], -1)
