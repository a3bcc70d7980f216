"""Inputs in, stored once: read, skip what is already stored, extract on every core, write in batches."""
from __future__ import annotations

import multiprocessing as mp
import sys
from datetime import date
from pathlib import Path
from typing import Iterator

from tqdm import tqdm

from . import inputs
from .extract import ExtractionError, extract
from .model import Article, Figure
from .read import InputError
from .store import Outcome, content_hash, known_hashes, replace_figures, stored_articles, write_batch

BATCH = 200                  # articles per write transaction: the lock is held only this long


def _extract_one(article: Article) -> list[Figure] | str:
    try:
        return extract(article)
    except ExtractionError as e:
        return f"{article.origin or article.id}: {e}"


def _articles(names: list[str], published: date | None, outcome: Outcome, err) -> Iterator[Article]:
    client = None
    if any(n.startswith(("http://", "https://")) for n in names):
        client = inputs.http_client()
    try:
        for name in inputs.expand(names):
            for item in inputs.read(name, published, client):
                if isinstance(item, InputError):
                    outcome.failed += 1
                    outcome.errors.append(str(item))
                    print(f"tracker: {item}", file=err)
                else:
                    yield item
    finally:
        if client is not None:
            client.close()


def ingest(names: list[str], db: Path, published: date | None = None, workers: int | None = None,
           progress: bool | None = None, err=sys.stderr) -> Outcome:
    """Store every article of the inputs with its figures; one line on `err` for each that fails.

    Reading and writing happen here while worker processes extract: the pipeline never waits on a
    whole batch, and the database is locked only while a batch of finished articles is written.
    """
    outcome = Outcome()
    known = known_hashes(db)
    workers = workers or max(1, min(2, mp.cpu_count()))
    bar = tqdm(desc="ingest", unit=" articles", disable=None if progress is None else not progress, file=err,
               dynamic_ncols=True)

    def fresh() -> Iterator[Article]:
        for art in _articles(names, published, outcome, err):
            h = content_hash(art.text)
            if h in known:
                outcome.unchanged += 1
                bar.update(1)
                continue
            known.add(h)
            yield art

    pool = mp.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        stream = fresh()
        results = pool.imap(_paired, stream, chunksize=4) if pool else map(_paired, stream)
        batch: list[tuple[Article, list[Figure]]] = []
        for art, res in results:
            if isinstance(res, str):
                outcome.failed += 1
                outcome.errors.append(res)
                bar.write(f"tracker: {res}", file=err)
            else:
                batch.append((art, res))
            bar.update(1)
            if len(batch) >= BATCH:
                write_batch(db, batch, outcome)
                batch = []
                bar.set_postfix(new=outcome.new, failed=outcome.failed, refresh=False)
        write_batch(db, batch, outcome)
    finally:
        bar.close()
        if pool is not None:
            pool.terminate()
            pool.join()
    return outcome


def _paired(article: Article) -> tuple[Article, list[Figure] | str]:
    return article, _extract_one(article)


def reextract(db: Path, workers: int | None = None, progress: bool | None = None, err=sys.stderr) -> tuple[int, int, list[str]]:
    """Rebuild every stored article's figures from its stored text; written in one transaction."""
    stored = stored_articles(db)
    workers = workers or max(1, min(2, mp.cpu_count()))
    arts = [a for _, a in stored]
    if workers > 1 and len(arts) >= 8:
        with mp.get_context("fork").Pool(workers) as pool:
            results = list(tqdm(pool.imap(_extract_one, arts, chunksize=8), total=len(arts), desc="reextract",
                                disable=None if progress is None else not progress, file=err))
    else:
        results = [_extract_one(a) for a in arts]
    rebuilt, errors = [], []
    for (aid, _), res in zip(stored, results):
        if isinstance(res, str):
            errors.append(res)
        else:
            rebuilt.append((aid, res))
    n = replace_figures(db, rebuilt)
    return len(rebuilt), n, errors
