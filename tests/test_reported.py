"""Reported figures as a user meets them through the command line: official series, revisions,
disagreements, `--level` and `--as-of`. Real DuckDB, real sentences, the real reference files."""
import csv
import io
import json

import duckdb
import pytest

from conftest import ROOT, SHARED
from test_store import tracker

TFP = SHARED / "reference" / "techforpalestine" / "casualties_daily.json"
MOH = "Gaza Ministry of Health"

# (published, text): real sentences from the corpus
ARTICLES = [
    ("2024-02-27", "The Hamas-run health ministry in the Gaza Strip says at least 29,878 people have been killed in the "
                   "territory since then."),
    ("2024-03-26", "More than 28,000 Palestinians have been killed, and tens of thousands injured by Israeli strikes since "
                   "the start of the war, according to Gaza's Hamas-run health ministry."),
    ("2024-05-14", "More than 35,090 people have been killed in Gaza since then, according to the territory's Hamas-run "
                   "health ministry."),
    ("2024-05-16", "More than 35,270 people have been killed in Gaza since then, according to the territory's Hamas-run "
                   "health ministry."),
    ("2024-05-16", "More than 35,270 people have been killed by Israel in the war in Gaza since then, according to the "
                   "territory's Hamas-run health ministry."),
    ("2024-05-17", "More than 34,000 people have since been killed by Israel's offensive in Gaza, the territory's Hamas-run "
                   "health ministry says."),
    ("2023-11-14", "Over 1.6 million people are internally displaced (74% of the population), according to OCHA."),
    ("2023-11-14", "More than 1.5m people are also displaced, according to the United Nations' agency for Palestinian "
                   "refugees (Unrwa)."),
]


@pytest.fixture
def db(tmp_path):
    src = tmp_path / "articles.jsonl"
    src.write_text("".join(json.dumps({"id": f"a{i}", "text": t, "published": p}) + "\n"
                           for i, (p, t) in enumerate(ARTICLES)), encoding="utf-8")
    path = tmp_path / "t.duckdb"
    tracker("ingest", str(src), db=path, check=0)
    return path


def rows(db, *args) -> list[dict]:
    return list(csv.DictReader(io.StringIO(tracker("export", *args, db=db, check=0).stdout)))


def official_values(column="killed_cum") -> dict[str, int]:
    return {r["report_date"]: r[column] for r in json.loads(TFP.read_text()) if r.get(column) is not None}


def test_import_series_from_json_and_csv_and_a_newer_file_replaces_it(db, tmp_path):
    want = official_values()
    r = tracker("import-series", str(TFP), "--source", "Gaza's health ministry", "--metric", "killed",
                "--date-column", "report_date", "--value-column", "killed_cum", db=db, check=0)
    assert f"{len(want)} points imported (new series" in r.stderr
    older = tmp_path / "older.csv"
    with older.open("w", newline="") as out:
        w = csv.writer(out)
        w.writerow(["day", "deaths"])
        for day in sorted(want)[:100]:
            w.writerow([day[5:7] + "/" + day[8:10] + "/" + day[:4], f"{want[day]:,}"])    # 10/07/2023, "1,234"
    r = tracker("import-series", str(older), "--source", MOH, "--metric", "killed", "--date-column", "day",
                "--value-column", "deaths", db=db, check=0)
    assert f"100 points imported (replaced {len(want)} points" in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    (n, first, last), = con.execute("SELECT count(*), min(date)::VARCHAR, max(date)::VARCHAR FROM series_points").fetchall()
    series, = con.execute("SELECT count(*) FROM series").fetchall()[0]
    con.close()
    assert (n, first, last, series) == (100, sorted(want)[0], sorted(want)[99], 1)
    listed = tracker("series", db=db, check=0).stdout
    assert "Gaza Ministry of Health: killed, official" in listed and "older.csv" in listed


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\x00\x01\x02PK\x03\x04" * 50, "a binary file"),
    ("date,deaths\n2024-01-01,5\n".encode("utf-16"), "a binary file"),
    (b"report_date,killed_cum\n2024-01-01,\xff\xfe5\n", "not UTF-8"),
    (b"report_date,value\n2024-01-01,5\n", "no column 'killed_cum' (columns: report_date, value)"),
    (b"report_date,killed_cum\nyesterday,5\n", "'yesterday' is not a date"),
    (b"report_date,killed_cum\n2024-01-01,n/a\n", "no row has both a date and a number"),
    (b"[{\"report_date\": \"2024-01-01\",", "not valid JSON"),
])
def test_a_bad_series_file_gets_one_line_and_changes_nothing(db, tmp_path, content, message):
    bad = tmp_path / ("bad.json" if content.startswith(b"[") else "bad.csv")
    bad.write_bytes(content)
    r = tracker("import-series", str(bad), "--source", MOH, "--metric", "killed", "--date-column", "report_date",
                "--value-column", "killed_cum", db=db)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.strip().count("\n") == 0 and str(bad) in r.stderr and message in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM series").fetchall() == [(0,)]
    con.close()


def test_reports_checked_against_the_official_series(db):
    tracker("import-series", str(TFP), "--source", MOH, "--metric", "killed", "--date-column", "report_date",
            "--value-column", "killed_cum", db=db, check=0)
    checked = {r["number_text"]: r for r in rows(db, "--level", "official")}
    assert checked["at least 29,878"]["status"] == "matches"
    assert checked["at least 29,878"]["official"] == "29878"
    stale = checked["More than 28,000"]                  # 26 March 2024: the ministry was at 32,414
    assert stale["status"] == "differs" and int(stale["official"]) > 32000
    out = tracker("series", "--check", "--differs", db=db, check=0).stdout
    assert "More than 28,000" in out and "29,878" not in out


def test_a_total_that_went_down_is_flagged_with_both_quotes(db):
    flagged = rows(db, "--level", "revisions")
    down = {(r["said_before"], r["said_after"]): r for r in flagged if r["flag"] == "went down"}
    # a stale figure restated weeks later, and one restated the next day: both shown, with their quotes
    assert set(down) == {("More than 35,270", "More than 34,000"), ("at least 29,878", "More than 28,000")}
    r = down[("More than 35,270", "More than 34,000")]
    assert "35,270" in r["quote_before"] and "34,000" in r["quote_after"]
    assert (r["date_before"], r["date_after"]) == ("2024-05-16", "2024-05-17")


def test_reported_level_counts_each_figure_once_with_its_articles(db):
    reported = rows(db, "--level", "reported", "--source", MOH)
    said = {r["number_text"]: r for r in reported}
    assert said["More than 35,270"]["articles"] == "2"           # two articles, one reported figure
    assert len(reported) == len(rows(db, "--source", MOH)) - 1


def test_bodies_that_disagree_are_side_by_side(db):
    pairs = rows(db, "--level", "disagreements", "--metric", "displaced")
    assert len(pairs) == 1
    p = pairs[0]
    assert {p["source_a"], p["source_b"]} == {"OCHA", "UNRWA"} and p["kind"] == "bodies differ"
    assert float(p["ratio"]) == pytest.approx(1.07, abs=0.01)


def test_as_of_shows_only_what_was_published_by_then(db):
    then = rows(db, "--level", "reported", "--source", MOH, "--metric", "killed", "--as-of", "2024-05-15")
    assert {r["number_text"] for r in then} == {"at least 29,878", "More than 28,000", "More than 35,090"}
    assert rows(db, "--as-of", "2020-01-01") == []


def test_the_official_series_shipped_with_the_seeds(tmp_path):
    """official/series.toml is what the dashboard's first run loads: both series, with their points."""
    db = tmp_path / "o.duckdb"
    r = tracker("import-series", "--config", str(ROOT / "official" / "series.toml"), db=db, check=0)
    assert "killed, official" in r.stderr and "injured, official" in r.stderr
    con = duckdb.connect(str(db), read_only=True)
    got = dict(con.execute("SELECT s.metric, count(*) FROM series s JOIN series_points USING (series_id) "
                           "GROUP BY 1").fetchall())
    con.close()
    assert got == {"killed": len(official_values("killed_cum")), "injured": len(official_values("injured_cum"))}
    bad = tmp_path / "bad.toml"
    bad.write_text('[[series]]\nfile = "x.csv"\nsource = "OCHA"\n')
    r = tracker("import-series", "--config", str(bad), db=db)
    assert r.returncode == 1 and "series 1 is incomplete" in r.stderr and "Traceback" not in r.stderr
