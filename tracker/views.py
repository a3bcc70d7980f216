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

from . import reported
from .store import Filters, reading

CHART_POINTS = 1500          # points drawn in all charts together; beyond it days become weeks, then months
TABLE_ROWS = 5000            # rows shown in the table (downloads hold every filtered row)


def days(df: pd.DataFrame) -> pd.DataFrame:
    """Columns of whole days as dates (pandas reads DuckDB's DATE as midnight timestamps)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            values = out[col].dropna()
            if values.empty or (values == values.dt.normalize()).all():
                out[col] = out[col].dt.date
    return out


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
    """Points for the charts, one per source, period and day: the reported figure most articles cite
    (with its bounds), how many articles cite it, how many reported figures the source has that day,
    and the figure to open as evidence. When that would be more than CHART_POINTS points, days
    become weeks, then months (the browser draws every point)."""
    with reading(path) as con:
        where, params = filters.where(con)
        best = "(articles, value, reported_id)"
        return con.execute(f"""
            WITH {reported.cte(where, published=False)},
            base AS MATERIALIZED (
                SELECT *, date_trunc('week', date)::DATE AS week, date_trunc('month', date)::DATE AS month
                FROM reported_figures WHERE date IS NOT NULL),
            grain AS (SELECT CASE WHEN count(DISTINCT (metric, source, period, date)) <= {CHART_POINTS} THEN 0
                                  WHEN count(DISTINCT (metric, source, period, week)) <= {CHART_POINTS} THEN 1
                                  ELSE 2 END AS level FROM base)
            SELECT metric, coalesce(source, '(no source)') AS source,
                   CASE level WHEN 0 THEN date WHEN 1 THEN week ELSE month END AS date, period,
                   arg_max(value, {best}) AS value, arg_max(low, {best}) AS low, arg_max(high, {best}) AS high,
                   arg_max(qualifier, {best}) AS qualifier, arg_max(number_text, {best}) AS number_text,
                   arg_max(figure_id, {best}) AS figure_id, arg_max(title, {best}) AS title,
                   arg_max(articles, {best}) AS articles, bool_or(corrected) AS corrected, count(*) AS reported
            FROM base, grain GROUP BY ALL ORDER BY date""", params).df()


def table(path: Path, filters: Filters, limit: int = TABLE_ROWS, level: str = "reported") -> tuple[pd.DataFrame, int]:
    """The filtered reported figures (or mentions) with their evidence, newest first, and how many there are."""
    with reading(path) as con:
        where, params = filters.where(con)
        if level == "reported":
            total = con.execute(f"SELECT count(DISTINCT f.reported_id) FROM figures f JOIN articles a USING (article_id) "
                                f"WHERE {where}", params).fetchall()[0][0]
            df = con.execute(f"""
                WITH {reported.cte(where)}
                SELECT figure_id, date, metric, value, low, high, qualifier, vague, number_text, articles, corrected, source,
                       "group", location, period, start, quote, title, publisher, url, published, first_published,
                       reported_id
                FROM reported_figures ORDER BY date DESC NULLS LAST, articles DESC, reported_id DESC
                LIMIT {int(limit)}""", params).df()
            return df, total
        total = con.execute(f"SELECT count(*) FROM figures f JOIN articles a USING (article_id) WHERE {where}",
                            params).fetchall()[0][0]
        df = con.execute(f"""
            SELECT f.figure_id, f.date, f.metric, f.value, f.low, f.high, f.qualifier, f.vague, f.number_text,
                   f.source, f.source_text, f."group", f.location, f.period, f.start, f.quote,
                   f.status, a.title, a.publisher, a.url, a.published, f.reported_id
            FROM figures f JOIN articles a USING (article_id) WHERE {where}
            ORDER BY f.date DESC NULLS LAST, f.figure_id DESC LIMIT {int(limit)}""", params).df()
    return df, total


def evidence(path: Path, figure_id: int, filters: Filters = Filters()) -> dict | None:
    """One figure with its article, every article citing the same reported figure, and the other
    sources' figures for the same metric and day."""
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
    fig["cited_by"] = reported.mentions(path, int(fig["reported_id"]), filters) if pd.notna(fig["reported_id"]) else pd.DataFrame()
    return fig


def latest_totals(path: Path, filters: Filters) -> pd.DataFrame:
    """For each metric, the latest reported running total of each source, with its date, quote and citations."""
    with reading(path) as con:
        where, params = filters.where(con)
        key = "(date, articles, value)"
        return con.execute(f"""
            WITH {reported.cte(where, published=False)}
            SELECT metric, source, arg_max(value, {key}) AS value, arg_max(number_text, {key}) AS number_text,
                   max(date) AS date, arg_max(articles, {key}) AS articles, arg_max(quote, {key}) AS quote,
                   arg_max(title, {key}) AS title, arg_max(figure_id, {key}) AS figure_id
            FROM reported_figures WHERE period = 'total' AND source IS NOT NULL AND date IS NOT NULL
            GROUP BY metric, source ORDER BY metric, value DESC""", params).df()


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
