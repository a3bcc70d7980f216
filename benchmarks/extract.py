"""Extraction throughput on one core, beside quantulum3 on the same text.

    python benchmarks/extract.py [--limit N] [--quantulum-seconds S]

Reads ../shared/corpus/articles.jsonl (or the development documents, repeated, when the corpus is
absent), prints KB/s and articles/s for the tracker, then quantulum3's throughput on the first
articles of the same list for a fixed time, and the ratio.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

from tracker.extract import ExtractionError, extract  # noqa: E402
from tracker.model import Article  # noqa: E402


def load(limit: int | None) -> tuple[list[Article], str]:
    corpus = SHARED / "corpus" / "articles.jsonl"
    if corpus.exists():
        recs = [json.loads(line) for line in corpus.open(encoding="utf-8")]
        arts = [Article(r["id"], r["text"], date.fromisoformat(r["published"])) for r in recs]
        name = str(corpus)
    else:
        dev = SHARED / "eval" / "dev"
        man = [json.loads(line) for line in (dev / "manifest.jsonl").open()]
        arts = [Article(m["id"], (dev / m["path"]).read_text(encoding="utf-8"), date.fromisoformat(m["published"]))
                for m in man] * 40
        name = "development documents x40"
    return (arts[:limit] if limit else arts), name


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--quantulum-seconds", type=float, default=30.0, help="time given to quantulum3")
    args = ap.parse_args()
    arts, name = load(args.limit)
    size = sum(len(a.text.encode("utf-8")) for a in arts)

    t = time.process_time()
    figures = refused = 0
    for a in arts:
        try:
            figures += len(extract(a))
        except ExtractionError:
            refused += 1
    dt = time.process_time() - t
    ours = size / 1024 / dt
    print(f"corpus: {name}: {len(arts)} articles, {size / 1e6:.2f} MB")
    print(f"tracker:    {ours:8.1f} KB/s  {len(arts) / dt:7.1f} articles/s  {figures} figures  {refused} refused  "
          f"({dt:.1f} s CPU, one core)")

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        print("quantulum3: not installed (pip install -r requirements-bench.txt)")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser.parse("warm up: 3 km")                    # loads its tables once, not counted
        t = time.process_time()
        done = qsize = quantities = 0
        for a in arts:
            quantities += len(parser.parse(a.text))
            done += 1
            qsize += len(a.text.encode("utf-8"))
            if time.process_time() - t > args.quantulum_seconds:
                break
        qdt = time.process_time() - t
    theirs = qsize / 1024 / qdt
    print(f"quantulum3: {theirs:8.1f} KB/s  {done / qdt:7.1f} articles/s  {quantities} quantities "
          f"(first {done} articles, {qdt:.1f} s CPU)")
    print(f"ratio:      {ours / theirs:8.1f}x quantulum3")


if __name__ == "__main__":
    main()
