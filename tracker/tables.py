"""Every level of the data as one Arrow table: what `tracker export` and the dashboard's downloads write."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from . import reported, series
from .store import Filters, figures_table

LEVELS = ("mentions", "reported", "revisions", "disagreements", "official")


def level_table(db: Path, level: str, filters: Filters = Filters()) -> pa.Table:
    if level == "mentions":
        return figures_table(db, filters)
    if level == "reported":
        return reported.table(db, filters)
    if level == "revisions":
        df = reported.revisions(db, filters)
    elif level == "disagreements":
        df = reported.disagreements(db, filters)
    elif level == "official":
        df = series.check(db, filters)
    else:
        raise ValueError(f"unknown level {level!r}")
    table = pa.Table.from_pandas(df, preserve_index=False)
    for i, f in enumerate(table.schema):          # pandas turned DATE columns into timestamps: days again
        if pa.types.is_timestamp(f.type):
            table = table.set_column(i, f.name, table.column(i).cast(pa.date32(), safe=False))
    return table
