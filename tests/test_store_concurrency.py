"""Crashes and concurrent readers, with real processes on a real DuckDB file."""
import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import ROOT
from tracker.extract import extract
from tracker.model import Article
from tracker.store import counts, figures_table

N_ARTICLES = 1500


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    """1,500 distinct real articles: the seed sample, each copy made distinct by a trailing line."""
    records = [json.loads(line) for line in (ROOT / "seeds" / "corpus_sample.jsonl").open(encoding="utf-8")]
    path = tmp_path_factory.mktemp("batch") / "big.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(N_ARTICLES):
            r = dict(records[i % len(records)])
            r["id"] = f"{r['id']}-{i}"
            r["text"] = r["text"] + f"\n\n(copy {i})"
            r["url"] = f"{r['url'] or 'https://example.org/a'}#copy-{i}"
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def start_ingest(path, db):
    return subprocess.Popen([sys.executable, "-m", "tracker", "ingest", str(path), "--db", str(db)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def stored_articles(db):
    return counts(db)["articles"] if db.exists() else 0


def test_sigkill_mid_batch_leaves_whole_articles_and_a_resumable_ingest(big_batch, tmp_path):
    db = tmp_path / "t.duckdb"
    proc = start_ingest(big_batch, db)
    deadline = time.monotonic() + 240
    while stored_articles(db) < 200:                       # at least one batch committed, more to come
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)                    # the ingest and its extraction workers
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    con = duckdb.connect(str(db), read_only=True)          # the database opens
    stored = con.execute("SELECT article_id, doc, text, published FROM articles").fetchall()
    per_article = dict(con.execute("SELECT article_id, count(*) FROM figures GROUP BY article_id").fetchall())
    con.close()
    assert 200 <= len(stored) < N_ARTICLES
    for aid, doc, text, published in stored:              # every stored article has all its figures
        assert per_article.get(aid, 0) == len(extract(Article(doc, text, published))), doc

    done = subprocess.run([sys.executable, "-m", "tracker", "ingest", str(big_batch), "--db", str(db)], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    summary = done.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"new {N_ARTICLES - len(stored)}, unchanged {len(stored)},"), summary
    assert stored_articles(db) == N_ARTICLES


def test_readers_keep_answering_while_an_ingest_writes(big_batch, tmp_path):
    db = tmp_path / "t.duckdb"
    subprocess.run([sys.executable, "-m", "tracker", "ingest", str(ROOT / "seeds"), "--db", str(db)], cwd=ROOT,
                   capture_output=True, timeout=300, check=True)
    proc = start_ingest(big_batch, db)
    seen, cli_reads, last_cli = [], 0, 0.0
    while proc.poll() is None:
        t = figures_table(db)                               # in-process read, as the dashboard does
        seen.append(t.num_rows)
        if time.monotonic() - last_cli > 1.0:
            r = subprocess.run([sys.executable, "-m", "tracker", "export", "--format", "jsonl", "--db", str(db)],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert r.returncode == 0, r.stderr              # `export` answers too, with committed data
            assert r.stdout.count("\n") >= seen[-1]
            cli_reads += 1
            last_cli = time.monotonic()
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read()
    assert cli_reads >= 2 and len(seen) >= 3
    assert seen == sorted(seen)                             # never a half-written or rolled-back state
    final = figures_table(db).num_rows
    assert seen[0] > 0 and seen[-1] <= final
    assert any(seen[0] < x < final for x in seen), seen       # some reads saw a batch, not the end
