"""What the dashboard shows, as plain queries: no Streamlit here, so each piece is testable alone.

Every function opens the database read-only, asks for what one view needs (aggregated where a
chart needs no more), and closes it; the dashboard caches the answers by filters and `version()`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from .store import Filters, reading

CHART_POINTS = 1500          # points drawn in all charts together; beyond it days become weeks, then months
TABLE_ROWS = 5000            # rows shown in the table (downloads hold every filtered row)


def version(path: Path) -> tuple:
    """Changes whenever a writer commits: the cache key that keeps cached answers honest."""
    out = []
    for p in (path, Path(str(path) + ".wal")):
        try:
            st = os.stat(p)
            out.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


@dataclass(frozen=True)
class Options:
    sources: list[tuple[str, int]]        # name, figures
    metrics: list[tuple[str, int]]
    first: date | None
    last: date | None
    usual_first: date | None             # the 2nd percentile of dates: the default start, past stray old dates
    articles: int
    figures: int


def options(path: Path) -> Options:
    with reading(path) as con:
        sources = con.execute("SELECT source, count(*) n FROM figures WHERE source IS NOT NULL "
                              "GROUP BY source ORDER BY n DESC, source").fetchall()
        metrics = con.execute("SELECT metric, count(*) n FROM figures GROUP BY metric ORDER BY n DESC").fetchall()
        first, last, n, usual = con.execute("SELECT min(date), max(date), count(*), "
                                            "quantile_disc(date, 0.02) FROM figures").fetchall()[0]
        arts = con.execute("SELECT count(*) FROM articles WHERE superseded_by IS NULL").fetchall()[0][0]
    return Options(sources, metrics, first, last, usual, arts, n)


def chart_points(path: Path, filters: Filters) -> pd.DataFrame:
    """Points for the charts, one per source, period and day: the highest figure stated, with its bounds,
    how many mentions gave a figure that day, and one figure to open as evidence. When that would be
    more than CHART_POINTS points, days become weeks, then months (the browser draws every point)."""
    with reading(path) as con:
        where, params = filters.where(con)
        base = f"FROM figures f JOIN articles a USING (article_id) WHERE {where} AND f.date IS NOT NULL"
        bucket = "f.date"
        for candidate in ("f.date", "date_trunc('week', f.date)::DATE", "date_trunc('month', f.date)::DATE"):
            bucket = candidate
            n = con.execute(f"SELECT count(*) FROM (SELECT DISTINCT f.metric, f.source, f.period, {candidate} {base})",
                            params).fetchall()[0][0]
            if n <= CHART_POINTS:
                break
        return con.execute(f"""
            SELECT f.metric, coalesce(f.source, '(no source)') AS source, {bucket} AS date, f.period,
                   max(f.value) AS value, max_by(f.low, f.value) AS low, max(f.high) AS high,
                   max_by(f.qualifier, f.value) AS qualifier, max_by(f.number_text, f.value) AS number_text,
                   max_by(f.figure_id, f.value) AS figure_id, max_by(a.title, f.value) AS title, count(*) AS mentions
            {base} GROUP BY ALL ORDER BY date""", params).df()


def table(path: Path, filters: Filters, limit: int = TABLE_ROWS) -> tuple[pd.DataFrame, int]:
    """The filtered figures with their evidence (first `limit` rows, newest first) and how many there are."""
    with reading(path) as con:
        where, params = filters.where(con)
        total = con.execute(f"SELECT count(*) FROM figures f JOIN articles a USING (article_id) WHERE {where}",
                            params).fetchall()[0][0]
        df = con.execute(f"""
            SELECT f.figure_id, f.date, f.metric, f.value, f.low, f.high, f.qualifier, f.vague, f.number_text,
                   f.source, f.source_text, f."group", f.location, f.period, f.start, f.quote,
                   a.title, a.publisher, a.url, a.published, a.article_id
            FROM figures f JOIN articles a USING (article_id) WHERE {where}
            ORDER BY f.date DESC NULLS LAST, f.figure_id DESC LIMIT {int(limit)}""", params).df()
    return df, total


def evidence(path: Path, figure_id: int) -> dict | None:
    """One figure with its article, and the other sources' figures for the same metric and day."""
    with reading(path) as con:
        rows = con.execute("""
            SELECT f.*, a.title, a.publisher, a.url, a.published, a.doc
            FROM figures f JOIN articles a USING (article_id) WHERE f.figure_id = ?""", [figure_id]).df()
        if rows.empty:
            return None
        fig = rows.iloc[0].to_dict()
        others = con.execute("""
            SELECT f.figure_id, f.source, f.value, f.number_text, f.period, f.quote, a.title
            FROM figures f JOIN articles a USING (article_id)
            WHERE f.metric = ? AND f.date = ? AND f.figure_id <> ? AND a.superseded_by IS NULL
              AND coalesce(f.source, '') <> coalesce(?, '')
            ORDER BY f.value DESC LIMIT 50""", [fig["metric"], fig["date"], figure_id, fig["source"]]).df()
    fig["others"] = others
    return fig


def latest_totals(path: Path, filters: Filters) -> pd.DataFrame:
    """For each metric, the latest running total of each source, with its date and quote."""
    with reading(path) as con:
        where, params = filters.where(con)
        return con.execute(f"""
            SELECT f.metric, f.source, arg_max(f.value, (f.date, f.value)) AS value,
                   arg_max(f.number_text, (f.date, f.value)) AS number_text, max(f.date) AS date,
                   arg_max(f.quote, (f.date, f.value)) AS quote, arg_max(a.title, (f.date, f.value)) AS title,
                   arg_max(f.figure_id, (f.date, f.value)) AS figure_id
            FROM figures f JOIN articles a USING (article_id)
            WHERE {where} AND f.period = 'total' AND f.source IS NOT NULL AND f.date IS NOT NULL
            GROUP BY f.metric, f.source ORDER BY f.metric, value DESC""", params).df()


def disagreements(path: Path, filters: Filters, ratio: float) -> pd.DataFrame:
    """Pairs of bodies whose running totals for the same metric and day differ by more than `ratio`."""
    with reading(path) as con:
        where, params = filters.where(con)
        return con.execute(f"""
            WITH t AS (
                SELECT f.metric, f.date, f.source, max(f.value) AS value, arg_max(f.quote, f.value) AS quote,
                       arg_max(f.number_text, f.value) AS number_text
                FROM figures f JOIN articles a USING (article_id)
                WHERE {where} AND f.period = 'total' AND f.source IS NOT NULL AND f.date IS NOT NULL
                GROUP BY f.metric, f.date, f.source)
            SELECT x.metric, x.date, x.source AS source_a, x.number_text AS said_a, x.quote AS quote_a,
                   y.source AS source_b, y.number_text AS said_b, y.quote AS quote_b,
                   round(x.value::DOUBLE / y.value, 2) AS ratio
            FROM t x JOIN t y ON x.metric = y.metric AND x.date = y.date AND x.source < y.source
            WHERE y.value > 0 AND x.value > 0 AND greatest(x.value, y.value)::DOUBLE / least(x.value, y.value) > ?
            ORDER BY x.date DESC LIMIT 200""", params + [ratio]).df()


def articles(path: Path, search: str | None = None, limit: int = 500) -> pd.DataFrame:
    with reading(path) as con:
        clause, params = "a.superseded_by IS NULL", []
        if search:
            clause += " AND (a.title ILIKE ? OR a.text ILIKE ?)"
            params += [f"%{search}%", f"%{search}%"]
        return con.execute(f"""
            SELECT a.article_id, a.published, a.title, a.publisher, a.url,
                   (SELECT count(*) FROM figures f WHERE f.article_id = a.article_id) AS figures
            FROM articles a WHERE {clause} ORDER BY a.published DESC, a.article_id DESC LIMIT {int(limit)}""",
                           params).df()


def article(path: Path, article_id: int) -> tuple[dict, pd.DataFrame] | None:
    with reading(path) as con:
        a = con.execute("SELECT * FROM articles WHERE article_id = ?", [article_id]).df()
        if a.empty:
            return None
        figs = con.execute("SELECT figure_id, metric, value, number_text, number_start, number_end, source, date "
                           "FROM figures WHERE article_id = ? ORDER BY number_start", [article_id]).df()
    return a.iloc[0].to_dict(), figs
