"""Every level of the data as one Arrow table: what `tracker export` and the dashboard's downloads write."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from . import reported, series
from .store import Filters, figures_table
from .views import days



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
    return pa.Table.from_pandas(days(df), preserve_index=False)
