"""Queries at the level of reported figures: what bodies said, how many articles cite it, where they
disagree with each other, and where a running total was revised.

Mentions are linked to reported figures as they are stored (linking.py). Here a reported figure
takes the value of its most precise mention among those the filters keep, so `as_of` shows the
figure as it could be read on that day, and bounds ("at least", ranges) are kept, never averaged.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from .store import Filters, reading

# The most precise mention speaks for a reported figure: exact before "about", before a range,
# before "at least"/"at most", before vague words; then the one with fewer trailing zeros; then the
# first stored. One integer, so that choosing it is a cheap aggregate on a million mentions.
_PRECISION = """((CASE WHEN f.vague THEN 4 WHEN f.low <> f.high THEN 2 WHEN f.qualifier = 'exact' THEN 0
                       WHEN f.qualifier = 'approx' THEN 1 ELSE 3 END) * 1000000000000
                 + (CASE WHEN f.value % 10000 = 0 THEN 4 WHEN f.value % 1000 = 0 THEN 3 WHEN f.value % 100 = 0 THEN 2
                         WHEN f.value % 10 = 0 THEN 1 ELSE 0 END) * 100000000000 + f.figure_id)"""


def cte(where: str, published: bool = True) -> str:
    """`reported_figures`: one row per reported figure with at least one mention passing `where`.
    published=False leaves out when it was first and last published (charts skip that cost)."""
    when = ("min(a.published) AS first_published, max(a.published) AS last_published" if published
            else "NULL::DATE AS first_published, NULL::DATE AS last_published")
    return f"""
    rep AS (
        SELECT f.reported_id, arg_min(f.figure_id, {_PRECISION}) AS figure_id,
               count(*) AS mentions, count(DISTINCT f.article_id) AS articles, {when},
               bool_or(f.status <> 'extracted') AS corrected
        FROM figures f JOIN articles a USING (article_id) WHERE {where} GROUP BY f.reported_id),
    reported_figures AS (
        SELECT rep.reported_id, f.date, f.metric, f.source, f.value, f.low, f.high, f.qualifier, f.vague,
               f.number_text, f."group", f.location, f.period, f.start, rep.articles, rep.mentions,
               rep.first_published, rep.last_published, f.quote, f.source_text, a.title, a.url, a.publisher,
               a.published, rep.figure_id, rep.corrected, r.group_key, r.place_key, r.reach_low, r.reach_high
        FROM rep JOIN figures f ON f.figure_id = rep.figure_id JOIN articles a ON a.article_id = f.article_id
        JOIN reported r ON r.reported_id = rep.reported_id)"""


REPORTED_EXPORT = ("reported_id, date, metric, source, value, low, high, qualifier, vague, number_text, \"group\", "
                   "location, period, start, articles, mentions, corrected, first_published, last_published, quote, title, "
                   "url, publisher, published, figure_id")


def table(path: Path, filters: Filters = Filters()) -> pa.Table:
    """Every reported figure the filters keep, with how many articles cite it and its best quote."""
    with reading(path) as con:
        where, params = filters.where(con)
        return con.sql(f"WITH {cte(where)} SELECT {REPORTED_EXPORT} FROM reported_figures "
                       "ORDER BY date NULLS LAST, metric, source NULLS LAST, reported_id", params=params).to_arrow_table()


def mentions(path: Path, reported_id: int, filters: Filters = Filters()) -> pd.DataFrame:
    """The articles that cite one reported figure, first published first."""
    with reading(path) as con:
        where, params = filters.where(con)
        return con.execute(f"""
            SELECT f.figure_id, a.article_id, a.published, a.title, a.publisher, a.url, f.number_text, f.source_text, f.quote
            FROM figures f JOIN articles a USING (article_id) WHERE f.reported_id = ? AND {where}
            ORDER BY a.published, f.figure_id""", [reported_id, *params]).df()


def disagreements(path: Path, filters: Filters = Filters(), ratio: float = 1.0) -> pd.DataFrame:
    """Running totals for the same metric, day, group and place that cannot be the same report: bodies
    that differ, or articles that credit one body with different figures. `ratio` is the least
    larger/smaller ratio shown (1.0: every difference)."""
    with reading(path) as con:
        where, params = filters.where(con)
        return con.execute(f"""
            WITH {cte(where)},
            t AS (SELECT * FROM reported_figures WHERE period = 'total' AND date IS NOT NULL AND NOT vague AND value > 0)
            SELECT x.metric, x.date, coalesce(x.location, y.location) AS location,
                   CASE WHEN x.source IS NOT DISTINCT FROM y.source THEN 'articles differ' ELSE 'bodies differ' END AS kind,
                   x.source AS source_a, x.number_text AS said_a, x.value AS value_a, x.articles AS articles_a,
                   x.quote AS quote_a, x.figure_id AS figure_a,
                   y.source AS source_b, y.number_text AS said_b, y.value AS value_b, y.articles AS articles_b,
                   y.quote AS quote_b, y.figure_id AS figure_b,
                   round(greatest(x.value, y.value)::DOUBLE / least(x.value, y.value), 2) AS ratio
            FROM t x JOIN t y ON x.metric = y.metric AND x.date = y.date
                 AND x.group_key IS NOT DISTINCT FROM y.group_key
                 AND (x.place_key IS NULL OR y.place_key IS NULL OR x.place_key = y.place_key)
                 AND (coalesce(x.source, '') < coalesce(y.source, '')
                      OR (x.source IS NOT DISTINCT FROM y.source AND x.reported_id < y.reported_id))
            WHERE x.source IS NOT NULL AND y.source IS NOT NULL
              AND (x.reach_high < y.reach_low OR y.reach_high < x.reach_low)
              AND greatest(x.value, y.value)::DOUBLE / least(x.value, y.value) >= ?
            ORDER BY x.date DESC, x.metric, ratio DESC""", params + [ratio]).df()


def revisions(path: Path, filters: Filters = Filters()) -> pd.DataFrame:
    """Running totals of one body that went down from one report to the next, or rose by more than
    the same body's own counts for the days between explain (beyond 10% and 5 people). A fall to less
    than half is not taken for a revision: it is nearly always a count of something else.

    A series is one body, metric and group; its main place (the most common) and no place are one
    series. Each day counts once: the reported total most articles cite."""
    with reading(path) as con:
        where, params = filters.where(con)
        return con.execute(f"""
            WITH {cte(where)},
            totals AS (SELECT *, mode(place_key) OVER (PARTITION BY source, metric, group_key) AS main_place
                       FROM reported_figures WHERE period = 'total' AND source IS NOT NULL AND date IS NOT NULL
                         AND NOT vague),
            daily AS (SELECT * FROM totals WHERE place_key IS NULL OR place_key = main_place
                      QUALIFY row_number() OVER (PARTITION BY source, metric, group_key, date
                                                 ORDER BY articles DESC, reported_id) = 1),
            series AS (SELECT *, lag(date) OVER w AS prev_date, lag(reach_low) OVER w AS prev_low,
                              lag(reach_high) OVER w AS prev_high, lag(number_text) OVER w AS prev_said,
                              lag(quote) OVER w AS prev_quote, lag(figure_id) OVER w AS prev_figure,
                              lag(value) OVER w AS prev_value
                       FROM daily WINDOW w AS (PARTITION BY source, metric, group_key ORDER BY date)),
            checked AS (
                SELECT s.*,
                       (SELECT sum(i.reach_high) FROM reported_figures i WHERE i.period = 'interval'
                          AND i.source = s.source AND i.metric = s.metric AND i.group_key IS NOT DISTINCT FROM s.group_key
                          AND i.date > s.prev_date AND i.date <= s.date) AS counted,
                       (SELECT count(DISTINCT i.date) FROM reported_figures i WHERE i.period = 'interval'
                          AND i.source = s.source AND i.metric = s.metric AND i.group_key IS NOT DISTINCT FROM s.group_key
                          AND i.date > s.prev_date AND i.date <= s.date) AS days_counted
                FROM series s WHERE s.prev_date IS NOT NULL)
            SELECT CASE WHEN reach_high < prev_low THEN 'went down' ELSE 'rose beyond its daily counts' END AS flag,
                   source, metric, "group", prev_date AS date_before, prev_said AS said_before, prev_quote AS quote_before,
                   prev_figure AS figure_before, date AS date_after, number_text AS said_after, quote AS quote_after,
                   figure_id AS figure_after, value - prev_value AS change, counted AS daily_counts
            FROM checked
            WHERE (reach_high < prev_low AND reach_high * 2 >= prev_low)
               OR (days_counted = date - prev_date AND reach_low - prev_high > counted * 1.1 + 5)
            ORDER BY date DESC, source, metric""", params).df()
