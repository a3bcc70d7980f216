"""Ingest speed end to end, and the dashboard's typical queries on a million figures.

    python benchmarks/ingest.py [--figures 1000000] [--skip-ingest]

1. Ingests ../shared/corpus/articles.jsonl (else seeds/corpus_sample.jsonl) into a fresh database
   with the real `ingest` (extraction in worker processes, batched Arrow writes) and prints articles/s.
2. Builds a database of N synthetic figures (Arrow inserts) and prints the median time of:
   filter by source + date + metric; a daily series per source; the latest total per source and
   metric -- each as a query on an open connection and as open + query + close (what a reader pays).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.ingest import ingest  # noqa: E402
from tracker import reported, views  # noqa: E402
from tracker.linking import relink_all  # noqa: E402
from tracker.store import (ARTICLE_COLUMNS, FIGURE_TABLE_COLUMNS, Filters, connect, figures_table,  # noqa: E402
                           prepare, writing)

SOURCES = ["Gaza Ministry of Health", "OCHA", "UNRWA", "Israeli military", "WHO", "Gaza Government Media Office",
           "UNICEF", "OHCHR", "IOM", "Kharkiv Regional Military Administration", "United Nations", "MSF"]
METRICS = ["killed", "injured", "missing", "displaced", "attacks", "damaged"]
PERIODS = ["total", "interval", "incident"]


def bench_ingest() -> None:
    corpus = ROOT.parent / "shared" / "corpus" / "articles.jsonl"
    if not corpus.exists():
        corpus = ROOT / "seeds" / "corpus_sample.jsonl"
    n = sum(1 for _ in corpus.open(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "bench.duckdb"
        t = time.perf_counter()
        out = ingest([str(corpus)], db, progress=False)
        dt = time.perf_counter() - t
        t2 = time.perf_counter()
        ingest([str(corpus)], db, progress=False)
        dt2 = time.perf_counter() - t2
    print(f"ingest: {corpus.name}: {n} articles in {dt:.1f} s = {n / dt:.0f} articles/s end to end "
          f"({out.figures} figures, {out.figures / dt:.0f} figures/s; {out.line()})")
    print(f"ingest again (all unchanged): {dt2:.2f} s = {n / dt2:.0f} articles/s")


def synthetic(db: Path, n_figures: int) -> None:
    rng = np.random.default_rng(7)
    n_articles = max(1, n_figures // 20)
    start = date(2023, 10, 7)
    days = rng.integers(0, 300, n_articles)
    prepare(db)
    con = connect(db)
    arts = pa.table({
        "article_id": pa.array(np.arange(1, n_articles + 1), pa.int64()),
        "doc": pa.array([f"a{i}" for i in range(n_articles)]),
        "content_hash": pa.array([f"{i:064x}" for i in range(n_articles)]),
        "url": pa.array([f"https://example.org/{i}" for i in range(n_articles)]),
        "title": pa.array([f"Article {i}" for i in range(n_articles)]),
        "publisher": pa.array(["Example News"] * n_articles),
        "published": pa.array([start + timedelta(days=int(x)) for x in days], pa.date32()),
        "text": pa.array(["At least 12 people were killed, the ministry said."] * n_articles),
        "origin": pa.array(["synthetic"] * n_articles),
        "ingested_at": pa.array([None] * n_articles, pa.timestamp("s")).fill_null(pa.scalar(0, pa.timestamp("s"))),
        "extractor_version": pa.array(["bench"] * n_articles),
        "superseded_by": pa.array([None] * n_articles, pa.int64()),
    }).select(ARTICLE_COLUMNS)
    con.execute(f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) SELECT * FROM arts")
    aid = rng.integers(1, n_articles + 1, n_figures)
    fdays = days[aid - 1] - rng.integers(0, 3, n_figures)
    value = rng.integers(1, 40000, n_figures)
    figs = {
        "figure_id": np.arange(1, n_figures + 1), "article_id": aid,
        "metric": pa.array(np.array(METRICS)[rng.integers(0, len(METRICS), n_figures)]),
        "value": value, "low": value, "high": value,
        "qualifier": pa.array(np.array(["exact", "at_least", "approx"])[rng.integers(0, 3, n_figures)]),
        "vague": np.zeros(n_figures, bool), "group": pa.array(["people"] * n_figures),
        "location": pa.array(np.array(["Gaza", "Rafah", "Khan Younis", "Kharkiv", None])[rng.integers(0, 5, n_figures)]),
        "period": pa.array(np.array(PERIODS)[rng.integers(0, 3, n_figures)]),
        "start": pa.array([None] * n_figures, pa.date32()),
        "date": pa.array((np.datetime64(start) + fdays.astype("timedelta64[D]")), pa.date32()),
        "source": pa.array(np.array(SOURCES + [None])[rng.integers(0, len(SOURCES) + 1, n_figures)]),
        "source_text": pa.array([None] * n_figures, pa.string()),
        "quote": pa.array(["At least 12 people were killed, the ministry said."] * n_figures),
        "number_text": pa.array(["12"] * n_figures), "number_start": np.full(n_figures, 9, np.int32),
        "number_end": np.full(n_figures, 11, np.int32), "quote_start": np.zeros(n_figures, np.int32),
        "quote_end": np.full(n_figures, 50, np.int32),
    }
    new_figures = pa.table(figs).select(FIGURE_TABLE_COLUMNS)  # noqa: F841
    t = time.perf_counter()
    cols = ", ".join(f'"{c}"' for c in FIGURE_TABLE_COLUMNS)
    con.execute(f"INSERT INTO figures ({cols}) SELECT * FROM new_figures")
    dt = time.perf_counter() - t
    con.close()
    print(f"synthetic: {n_articles:,} articles, {n_figures:,} figures inserted through Arrow in {dt:.2f} s "
          f"({n_figures / dt:,.0f} rows/s)")
    t = time.perf_counter()
    with writing(db) as con:
        relink_all(con)
    print(f"synthetic: every figure linked to a reported figure (a full relink) in {time.perf_counter() - t:.1f} s")


QUERIES = {
    "filter source+date+metric": """SELECT f.*, a.title, a.url FROM figures f JOIN articles a USING (article_id)
        WHERE f.source = 'Gaza Ministry of Health' AND f.date BETWEEN DATE '2024-01-01' AND DATE '2024-03-31'
          AND f.metric = 'killed' AND a.superseded_by IS NULL ORDER BY f.date LIMIT 5000""",
    "daily series per source": """SELECT date, source, max(value) AS value, count(*) AS n FROM figures
        WHERE metric = 'killed' AND period = 'total' AND source IS NOT NULL GROUP BY date, source ORDER BY date""",
    "latest total per source+metric": """SELECT source, metric, arg_max(value, date) AS value, max(date) AS date
        FROM figures WHERE period = 'total' AND source IS NOT NULL GROUP BY source, metric""",
}


def timed(fn, repeat=7) -> float:
    fn()                                            # warm
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000


def bench_queries(n_figures: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "million.duckdb"
        synthetic(db, n_figures)
        con = connect(db, read_only=True)
        for name, sql in QUERIES.items():
            ms = timed(lambda: con.execute(sql).fetchall())
            rows = len(con.execute(sql).fetchall())

            def cold(sql=sql):
                c = connect(db, read_only=True)
                c.execute(sql).fetchall()
                c.close()
            print(f"query {name:32} {ms:7.1f} ms on an open connection, {timed(cold):7.1f} ms open+query+close ({rows} rows)")
        con.close()
        filters = Filters(sources=("Gaza Ministry of Health",), date_from=date(2024, 1, 1), date_to=date(2024, 3, 31),
                          metrics=("killed",))
        ms = timed(lambda: figures_table(db, filters, limit=5000))
        print(f"query {'store.figures_table (as export)':32} {ms:7.1f} ms open+query+close, to Arrow")
        everything = Filters(metrics=("killed", "injured", "displaced"))
        for name, fn in (("reported figures, filtered", lambda: reported.table(db, filters)),
                         ("chart points (reported level)", lambda: views.chart_points(db, everything)),
                         ("table, reported level", lambda: views.table(db, everything)),
                         ("disagreements, filtered", lambda: reported.disagreements(db, filters, 1.5)),
                         ("revisions, filtered", lambda: reported.revisions(db, filters))):
            print(f"query {name:32} {timed(fn, repeat=3):7.1f} ms open+query+close")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--figures", type=int, default=1_000_000)
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    if not args.skip_ingest:
        bench_ingest()
    bench_queries(args.figures)


if __name__ == "__main__":
    main()
