"""The DuckDB store, as a user meets it through `python -m tracker ingest/export/sources/reextract`.

Everything runs against a real DuckDB file and, for URLs and feeds, a real HTTP server on 127.0.0.1.
"""
import csv
import http.server
import io
import json
import socket
import subprocess
import sys
import threading
import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from conftest import ROOT

SEED_TEXT = (ROOT / "seeds" / "000_1996dbcede2603b1.txt").read_text(encoding="utf-8")
STORY = ("KHARTOUM, May 26 (Xinhua) -- At least 123 people have been killed in the fighting in El Fasher, "
         "the MSF said on Sunday.\n\nSome 8.8 million people have been displaced, according to OCHA.")
HTML = f"""<!doctype html><html><head><title>Strike kills seven</title>
<meta property="og:site_name" content="Example News"><meta name="date" content="2024-02-07">
<link rel="canonical" href="https://example.org/strike"></head><body><nav>Home | World | Sport</nav>
<article><h1>Strike kills seven</h1><p>According to Gazan officials, two Israeli airstrikes destroyed houses in
the city, killing seven people and injuring 11.</p><p>The health ministry said the death toll had reached 27,708.</p>
</article><footer>© Example</footer></body></html>"""


def tracker(*args, db, check=None, timeout=300):
    r = subprocess.run([sys.executable, "-m", "tracker", *args, "--db", str(db)], cwd=ROOT,
                       capture_output=True, text=True, timeout=timeout)
    if check is not None:
        assert r.returncode == check, r.stderr
    return r


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


class Site:
    """A local web server with a fixed set of pages: (status, content type, body) by path."""

    def __init__(self, pages):
        self.pages = pages
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                status, ctype, body = site.pages.get(self.path, (404, "text/plain", b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()


@pytest.fixture
def site():
    s = Site({})
    yield s
    s.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss(items):
    body = "".join(items)
    return (f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">"""
            f"""<channel><title>Relief Wire</title>{body}</channel></rss>""").encode()


def test_a_mixed_batch_with_bad_inputs(tmp_path, site):
    db = tmp_path / "t.duckdb"
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "seed.txt").write_text(SEED_TEXT, encoding="utf-8")
    (src / "seed.meta.json").write_text(json.dumps({"published": "2024-02-07", "title": "Seed"}))
    (src / "sub" / "xinhua.txt").write_bytes(STORY.encode("utf-16"))          # dated by its dateline? no year: sidecar
    (src / "sub" / "xinhua.meta.json").write_text(json.dumps({"published": "2024-05-26"}))
    (src / "page.html").write_text(HTML, encoding="utf-8")
    (src / "records.jsonl").write_text(json.dumps({"id": "r1", "title": "t", "published": "2024-03-24", "url": None,
                                                   "publisher": "P", "text": "At least 84 more Palestinians were killed in the Gaza Strip over the last 24 hours, the territory's Health Ministry said."}) + "\n")
    site.pages["/feed.xml"] = (200, "application/rss+xml", rss([
        "<item><title>Full</title><link>https://example.org/full</link><pubDate>Sun, 24 Mar 2024 08:00:00 GMT</pubDate>"
        "<description>teaser</description><content:encoded><![CDATA[<p>An Israeli air strike early Sunday wounded at least three people, a local official said.</p>]]></content:encoded></item>",
        f"<item><title>Linked</title><link>{site.url}/linked</link><pubDate>Sun, 24 Mar 2024 08:00:00 GMT</pubDate></item>"]))
    site.pages["/linked"] = (200, "text/html; charset=utf-8", HTML.replace("seven", "five").encode())
    # the bad ones
    (src / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (src / "empty.txt").write_bytes(b"")
    huge = src / "huge.txt"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)            # a sparse 200 MB file: refused before it is read
    (src / "broken.html").write_text("<html><body><div><p>", encoding="utf-8")
    (src / "notxml.rss").write_text("this is { not a feed", encoding="utf-8")
    unreachable = f"http://127.0.0.1:{free_port()}/gone"

    r = tracker("ingest", str(src), f"{site.url}/feed.xml", unreachable, db=db)
    assert r.returncode == 1
    err = [line for line in r.stderr.splitlines() if line.startswith("tracker:")]
    for name, why in (("binary.txt", "binary"), ("empty.txt", "empty"), ("huge.txt", "MB"), ("broken.html", ""),
                      ("notxml.rss", "feed"), ("/gone", "unreachable")):
        assert any(name in line and why in line for line in err), (name, err)
    assert len(err) == 6 and "Traceback" not in r.stderr
    summary = r.stderr.strip().splitlines()[-1]
    # the linked page shares the page's canonical URL, but it is another input (another id): not a version
    assert summary.startswith("new 6, unchanged 0, new versions 0, failed 6"), summary

    docs = dict(query(db, "SELECT doc, count(f.figure_id) FROM articles a LEFT JOIN figures f USING (article_id) GROUP BY doc"))
    assert docs["seed"] >= 10 and docs["r1"] == 1 and docs["xinhua"] == 2
    page = query(db, "SELECT title, url, publisher, published FROM articles WHERE origin LIKE '%page.html'")[0]
    assert page == ("Strike kills seven", "https://example.org/strike", "Example News", date(2024, 2, 7))
    feed = query(db, "SELECT title, publisher, published FROM articles WHERE title = 'Full'")[0]
    assert feed == ("Full", "Relief Wire", date(2024, 3, 24))
    assert query(db, "SELECT count(*) FROM articles WHERE title = 'Linked'")[0][0] == 1

    # every figure's offsets point into the stored text
    for text, a, b, number in query(db, "SELECT a.text, number_start, number_end, number_text FROM figures JOIN articles a USING (article_id)"):
        assert text[a:b] == number
    # UTF-16 decoded; curly quotes and NBSP normalised one for one
    assert "“" not in query(db, "SELECT text FROM articles WHERE doc = 'seed'")[0][0]

    # the same inputs again change nothing
    before = query(db, "SELECT count(*), (SELECT count(*) FROM figures) FROM articles")
    r2 = tracker("ingest", str(src / "seed.txt"), str(src / "page.html"), str(src / "records.jsonl"), db=db, check=0)
    assert r2.stderr.strip().splitlines()[-1].startswith("new 0, unchanged 3")
    assert query(db, "SELECT count(*), (SELECT count(*) FROM figures) FROM articles") == before


def test_same_url_new_text_is_a_new_version(tmp_path, site):
    db = tmp_path / "t.duckdb"
    site.pages["/update"] = (200, "text/html", HTML.encode())
    tracker("ingest", f"{site.url}/update", db=db, check=0)
    site.pages["/update"] = (200, "text/html", HTML.replace("27,708", "27,840").encode())
    r = tracker("ingest", f"{site.url}/update", db=db, check=0)
    assert "new versions 1" in r.stderr
    rows = query(db, "SELECT article_id, superseded_by FROM articles ORDER BY article_id")
    assert rows == [(1, 2), (2, None)]
    out = tracker("export", "--format", "jsonl", "--metric", "killed", db=db, check=0).stdout
    values = {json.loads(line)["value"] for line in out.splitlines()}
    assert 27840 in values and 27708 not in values              # the current version only by default
    out = tracker("export", "--format", "jsonl", "--metric", "killed", "--all-versions", db=db, check=0).stdout
    assert 27708 in {json.loads(line)["value"] for line in out.splitlines()}


def test_http_checks(tmp_path, site):
    db = tmp_path / "t.duckdb"
    site.pages["/img"] = (200, "image/png", b"\x89PNG....")
    site.pages["/big"] = (200, "text/html", b"<html>" + b"x" * (21 * 1024 * 1024))
    r = tracker("ingest", f"{site.url}/img", f"{site.url}/missing", f"{site.url}/big", db=db)
    assert r.returncode == 1
    assert "content type image/png" in r.stderr and "HTTP 404" in r.stderr and "download limit" in r.stderr


def _export_db(tmp_path):
    db = tmp_path / "t.duckdb"
    rec = {"id": "x1", "title": "=cmd|' /C calc'!A0", "published": "2024-02-07", "url": "https://e.org/x1", "publisher": "E",
           "text": "@SUM(1) -- At least 12 people were killed in Rafah on Monday, the health ministry in Gaza said. "
                   "In Kharkiv, 3 people were injured on Tuesday, the regional governor said."}
    f = tmp_path / "x.jsonl"
    f.write_text(json.dumps(rec) + "\n")
    tracker("ingest", str(f), db=db, check=0)
    return db


def test_export_formats_filters_and_safety(tmp_path):
    db = _export_db(tmp_path)
    out = tracker("export", "--format", "csv", "--hxl", "--source", "Ministry of Health in Gaza", db=db, check=0).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1][rows[0].index("date")] == "#date" and rows[1][rows[0].index("source")] == "#meta+source"
    assert len(rows) == 3                                   # header, hashtags, the one Gaza MoH figure
    row = dict(zip(rows[0], rows[2]))
    assert row["value"] == "12" and row["source"] == "Gaza Ministry of Health" and row["date"] == "2024-02-05"
    assert row["title"].startswith("'=") and row["quote"].startswith("'@")      # neutralised for spreadsheets
    assert row["url"] == "https://e.org/x1" and row["published"] == "2024-02-07"

    assert tracker("export", "--format", "jsonl", "--metric", "injured", db=db, check=0).stdout.count("\n") == 1
    assert tracker("export", "--format", "jsonl", "--from", "2024-02-06", db=db, check=0).stdout.count("\n") == 1
    assert tracker("export", "--format", "jsonl", "--search", "kharkiv", db=db, check=0).stdout.count("\n") == 1
    assert tracker("export", "--format", "jsonl", "--location", "rafah", db=db, check=0).stdout.count("\n") == 1

    tracker("export", "--format", "parquet", "-o", str(tmp_path / "x.parquet"), db=db, check=0)
    t = pq.read_table(tmp_path / "x.parquet")
    assert t.num_rows == 2 and "quote" in t.column_names

    tracker("export", "--format", "xlsx", "--hxl", "-o", str(tmp_path / "x.xlsx"), db=db, check=0)
    with zipfile.ZipFile(tmp_path / "x.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheet                               # no cell is a formula
    assert "'=cmd" in strings and "#affected+num" in strings


def test_sources_and_reextract(tmp_path):
    db = _export_db(tmp_path)
    out = tracker("sources", db=db, check=0).stdout
    line = next(l for l in out.splitlines() if "Gaza Ministry of Health" in l)
    assert line.split()[0] == "1" and "health ministry" in line and "Palestine" in line
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM figures WHERE metric = 'injured'")
    con.execute("UPDATE articles SET extractor_version = 'old'")
    con.close()
    r = tracker("reextract", db=db, check=0)
    assert "re-extracted 1 articles: 2 figures" in r.stderr
    assert query(db, "SELECT count(*), min(extractor_version) FROM figures JOIN articles USING (article_id)")[0][0] == 2


def test_schema_version_is_checked_and_migrated(tmp_path):
    db = _export_db(tmp_path)
    assert query(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [("4",)]
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM source_aliases")
    con.execute("DELETE FROM sources WHERE kind <> 'unknown'")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    r = tracker("export", db=db)
    assert r.returncode == 1 and "needs migrating" in r.stderr and "Traceback" not in r.stderr
    tracker("ingest", str(tmp_path / "x.jsonl"), db=db, check=0)           # any write migrates
    assert query(db, "SELECT value FROM meta WHERE key = 'schema_version'") == [("4",)]
    assert query(db, "SELECT count(*) FROM sources WHERE name = 'UNRWA'") == [(1,)]
    con = duckdb.connect(str(db))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()
    r = tracker("export", db=db)
    assert r.returncode == 1 and "newer than this tracker" in r.stderr


def test_a_version_2_database_gets_reported_figures(tmp_path):
    """Version 2 had no reported figures: the first write adds them and links every stored mention."""
    db = _export_db(tmp_path)
    con = duckdb.connect(str(db))
    stored = con.execute("SELECT count(*) FROM figures").fetchall()[0][0]
    con.execute("ALTER TABLE figures DROP COLUMN reported_id")
    con.execute("DROP TABLE reported")
    con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    con.close()
    tracker("ingest", str(tmp_path / "x.jsonl"), db=db, check=0)
    assert query(db, "SELECT count(*), count(reported_id) FROM figures") == [(stored, stored)]
    assert query(db, "SELECT count(*) FROM reported")[0][0] >= 1


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_text("hello")
    r = tracker("export", db=bad)
    assert r.returncode == 1 and "cannot open the database" in r.stderr and "Traceback" not in r.stderr
