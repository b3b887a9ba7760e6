"""A batch's tables, stacked run by run into one Parquet file each, a run at a time in memory.

Hundreds of runs of a region of 179 towns do not fit in memory as one pandas frame (a
calibration of 400 Hokkaido runs holds nine million rows of KPIs); they are written one run
after the other with a pyarrow ``ParquetWriter``, in job order, so the file is the same
whatever the order the runs finished in. Runs of scenarios with different columns (e.g.
different outside places) share one schema: a column that some runs lack is a float column
with nulls there, as ``pandas.concat`` would make it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["stack"]


def _schema(tables: list[pa.Schema], front: list[str]) -> pa.Schema:
    """One schema for all: the run-identifying columns first, then every column in the order
    first seen; a column missing from some runs becomes float64 (numbers) or stays as it is."""
    names: dict[str, pa.DataType] = {}
    present: dict[str, int] = {}
    for schema in tables:
        for field in schema:
            names.setdefault(field.name, field.type)
            present[field.name] = present.get(field.name, 0) + 1
    fields = []
    order = [n for n in front if n in names] + [n for n in names if n not in front]
    for name in order:
        kind = names[name]
        if present[name] < len(tables) and (pa.types.is_integer(kind) or pa.types.is_boolean(kind)):
            kind = pa.float64()
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def stack(
    frames: Callable[[], Iterable[pd.DataFrame]],
    path: Path,
    front: list[str],
    schemas: Callable[[], Iterable[pa.Schema]] | None = None,
) -> None:
    """Write the frames that ``frames()`` yields one after another into ``path``; their
    columns come from ``schemas()`` (e.g. the Parquet files' own, read without the data) or,
    without it, from a first pass over ``frames()``."""
    if schemas is None:
        found = [pa.Schema.from_pandas(f, preserve_index=False) for f in frames()]
    else:
        found = list(schemas())
    schema = _schema(found, front)
    writer = None
    try:
        for frame in frames():
            frame = frame.reindex(columns=schema.names)
            frame.attrs = {}  # the runs' notes (kpis.attrs) stay out of the batch's tables
            table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
            if writer is None:  # the first run's pandas metadata describes the columns
                writer = pq.ParquetWriter(path, table.schema)
            writer.write_table(table.cast(writer.schema))
    finally:
        if writer is not None:
            writer.close()
