"""Reported figures on the real corpus: how mentions link, what is flagged, and how the Gaza Ministry of
Health tolls compare with the ministry's own cumulative count.

    python benchmarks/reported.py

Prints: mentions and reported figures; revisions and disagreements flagged; for the ministry's death
tolls (running totals, everyone counted) the share within 5% of its official count on one of the four
days up to their date (mentions and reported figures); linking precision and recall on the labelled
pairs of tests/data/restatements.json; and what linking costs: a full relink, and one more article
stored into the full database (incremental).
"""
from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from tracker import reported, series  # noqa: E402
from tracker.extract import extract  # noqa: E402
from tracker.ingest import ingest  # noqa: E402
from tracker.linking import relink_all  # noqa: E402
from tracker.model import Article  # noqa: E402
from tracker.store import Outcome, reading, write_batch, writing  # noqa: E402

SHARED = ROOT.parent / "shared"
TFP = SHARED / "reference" / "techforpalestine" / "casualties_daily.json"
MOH = "Gaza Ministry of Health"


def main() -> None:
    corpus = SHARED / "corpus" / "articles.jsonl"
    with tempfile.TemporaryDirectory() as d:
        db = Path(d) / "bench.duckdb"
        t = time.perf_counter()
        ingest([str(corpus)], db, progress=False)
        took = time.perf_counter() - t
        with reading(db) as con:
            mentions, linked, rep = con.execute("SELECT count(*), count(reported_id), count(DISTINCT reported_id) "
                                                "FROM figures").fetchall()[0]
            multi = con.execute("SELECT count(*) FROM (SELECT reported_id FROM figures GROUP BY 1 "
                                "HAVING count(DISTINCT article_id) > 1)").fetchall()[0][0]
        print(f"corpus: {mentions} mentions ({linked} linked) -> {rep} reported figures; {multi} cited by more than one "
              f"article (ingest with linking: {took:.1f} s, {2287 / took:.0f} articles/s)")
        revs = reported.revisions(db)
        dis = reported.disagreements(db)
        print(f"revisions flagged: {len(revs)} ({(revs['flag'] == 'went down').sum()} went down, "
              f"{(revs['flag'] != 'went down').sum()} rose beyond daily counts)")
        print(f"disagreements (running totals, same metric/day/group/place): {len(dis)} "
              f"({(dis['kind'] == 'bodies differ').sum()} between bodies, {(dis['kind'] == 'articles differ').sum()} "
              f"between articles crediting one body)")

        done = series.import_series(db, TFP, series.Spec(MOH, "killed", "report_date", "killed_cum",
                                                                location="Gaza"))
        print(f"official series: {done.line()}")
        for level in ("mentions", "reported"):
            df = series.check(db, level=level)
            n = len(df)
            ok = (df["status"] == "matches").sum()
            none = (df["status"] == "no official value").sum()
            print(f"{MOH} killed totals ({level}): {ok}/{n} = {ok / max(1, n):.1%} within 5% of the official count "
                  f"on one of the 4 days up to their date ({none} with no official value those days)")

        t = time.perf_counter()
        with writing(db) as con:
            relink_all(con)
        print(f"full relink of {mentions} mentions: {time.perf_counter() - t:.2f} s")
        art = Article("one-more", "The Hamas-run health ministry says at least 29,878 people have been killed in the "
                                  "territory since then.", date(2024, 2, 27))
        figs = extract(art)
        t = time.perf_counter()
        write_batch(db, [(art, figs)], Outcome())
        print(f"one more article into the full database (incremental linking): {(time.perf_counter() - t) * 1000:.0f} ms")

        from test_linking import PAIRS, score_pairs
        precision, recall, wrong = score_pairs(PAIRS, Path(d))
        print(f"linking on {len(PAIRS)} labelled real pairs ({sum(p['same'] for p in PAIRS)} restatements, "
              f"{sum(not p['same'] for p in PAIRS)} near misses): precision {precision:.2f}, recall {recall:.2f}")
        for p in wrong:
            print(f"  wrong: {p['number_a']!r} / {p['number_b']!r} labelled {'same' if p['same'] else 'different'}")


if __name__ == "__main__":
    main()
