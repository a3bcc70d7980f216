"""Curation and access: corrections that survive re-extraction, who may write, backup and restore.

Real DuckDB through `python -m tracker`, real Streamlit through AppTest (the browser half is in
test_dashboard_browser.py)."""
import csv
import io
import json
import subprocess
import sys

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SHARED
from test_dashboard_app import APP, editor_access, sign_in
from test_store import tracker
from tracker.access import MAX_FAILURES, Access, AccessError, Guard, hash_password, load, verify

SEED = "000_1996dbcede2603b1"


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "c.duckdb"
    tracker("ingest", str(ROOT / "seeds" / f"{SEED}.txt"), db=path, check=0)
    return path


def q(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def fid(db, number_text):
    return q(db, "SELECT figure_id FROM figures WHERE number_text = ? AND status <> 'rejected'", [number_text])[0][0]


def export_rows(db, *args):
    return list(csv.DictReader(io.StringIO(tracker("export", *args, db=db, check=0).stdout)))


def test_corrections_are_records_and_survive_reextract(db):
    seven, eleven = fid(db, "seven"), fid(db, "11")
    tracker("review", "correct", "--figure", str(seven), "--set", "value=8", "--reason", "the ministry said eight",
            "--editor", "alice", db=db, check=0)
    tracker("review", "reject", "--figure", str(eleven), "--reason", "double counted", "--editor", "bob", db=db, check=0)
    text = q(db, "SELECT text FROM articles")[0][0]
    start = text.index("67,147")                # pretend the extractor missed "67,147 wounded"
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM figures WHERE number_start = ?", [start])
    con.close()
    tracker("review", "add", "--article", "1", "--start", str(start), "--end", str(start + len("67,147")),
            "--set", "metric=injured", "--set", "period=total", "--reason", "missed", "--editor", "alice", db=db, check=0)

    def state():
        return sorted(q(db, "SELECT number_text, value, status FROM figures WHERE status <> 'extracted'"))

    before = state()
    assert before == [("11", 11, "rejected"), ("67,147", 67147, "added"), ("seven", 8, "corrected")]
    log = q(db, "SELECT action, editor, reason, changes, original FROM corrections ORDER BY correction_id")
    assert [r[:3] for r in log] == [("correct", "alice", "the ministry said eight"), ("reject", "bob", "double counted"),
                                    ("add", "alice", "missed")]
    assert json.loads(log[0][3]) == {"value": 8} and json.loads(log[0][4])["value"] == 7     # the original kept

    tracker("reextract", db=db, check=0)
    assert state() == before                                    # every correction found its figure again
    assert q(db, "SELECT count(*) FROM corrections WHERE state = 'applied'") == [(3,)]
    rows = {r["number_text"]: r for r in export_rows(db)}
    assert rows["seven"]["value"] == "8" and rows["seven"]["status"] == "corrected"
    assert "11" not in rows                                     # rejected: gone from every export
    reported = {r["number_text"]: r for r in export_rows(db, "--level", "reported")}
    assert reported["seven"]["value"] == "8" and reported["seven"]["corrected"] == "True"


def test_a_correction_whose_figure_is_gone_is_kept_and_listed(db):
    seven = fid(db, "seven")
    tracker("review", "correct", "--figure", str(seven), "--set", "value=8", "--reason", "r", "--editor", "alice",
            db=db, check=0)
    con = duckdb.connect(str(db))                   # as if a new extractor read the number's span differently
    con.execute("UPDATE corrections SET number_start = number_start + 1")
    con.close()
    tracker("reextract", db=db, check=0)
    assert q(db, "SELECT state, figure_id FROM corrections") == [("orphaned", None)]
    assert q(db, "SELECT value, status FROM figures WHERE number_text = 'seven'") == [(7, "extracted")]
    out = tracker("review", "list", "--orphaned", db=db, check=0).stdout
    assert "orphaned" in out and '{"value": 8}' in out


@pytest.mark.parametrize("args, message", [
    (["correct", "--figure", "999999", "--set", "value=3"], "no figure 999999"),
    (["correct", "--figure", "{seven}", "--set", "value=-3"], "value cannot be negative"),
    (["correct", "--figure", "{seven}", "--set", "metric=eaten"], "metric must be one of"),
    (["correct", "--figure", "{seven}", "--set", "date=Tuesday"], "date must be a day"),
    (["correct", "--figure", "{seven}", "--set", "colour=red"], "'colour' cannot be corrected"),
    (["reject", "--figure", "{seven}"], "a rejection needs a reason"),
    (["add", "--article", "1", "--start", "0", "--end", "9", "--set", "metric=killed"], "is not a number"),
])
def test_bad_corrections_get_one_line_and_change_nothing(db, args, message):
    seven = fid(db, "seven")
    r = tracker("review", *[a.format(seven=seven) for a in args], "--editor", "alice", db=db)
    assert r.returncode == 1 and "Traceback" not in r.stderr and message in r.stderr
    assert q(db, "SELECT count(*) FROM corrections") == [(0,)]
    assert q(db, "SELECT count(*) FROM figures WHERE status <> 'extracted'") == [(0,)]


def test_corrections_export_in_the_gold_format_the_scorer_reads(db, tmp_path):
    tracker("review", "correct", "--figure", str(fid(db, "seven")), "--set", "value=8", "--reason", "r",
            "--editor", "alice", db=db, check=0)
    tracker("review", "reject", "--figure", str(fid(db, "11")), "--reason", "r", "--editor", "alice", db=db, check=0)
    gold = tmp_path / "gold.jsonl"
    tracker("corrections", "--format", "jsonl", "-o", str(gold), "--texts", str(tmp_path / "case"), db=db, check=0)
    lines = [json.loads(line) for line in gold.read_text().splitlines()]
    fields = {"doc", "metric", "value", "low", "high", "qualifier", "vague", "group", "location", "period", "start",
              "date", "source", "source_text", "quote", "number_text"}
    assert all(set(g) == fields for g in lines)
    assert {g["number_text"]: g["value"] for g in lines}["seven"] == 8 and "11" not in {g["number_text"] for g in lines}
    # the corrections are a test case: the text and manifest beside them, scored by ../shared/eval/score.py
    pred = subprocess.run([sys.executable, "-m", "tracker", "extract", "--manifest", str(tmp_path / "case" / "manifest.jsonl"),
                           "--format", "jsonl"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    (tmp_path / "pred.jsonl").write_text(pred)
    score = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), str(gold), str(tmp_path / "pred.jsonl")],
                           capture_output=True, text=True, check=True).stdout
    assert "strict_f1=" in score and "strict_f1=1.000" not in score      # the extractor's two mistakes count


def test_backup_delete_restore(db, tmp_path):
    tracker("review", "correct", "--figure", str(fid(db, "seven")), "--set", "value=8", "--reason", "r",
            "--editor", "alice", db=db, check=0)
    tracker("import-series", str(SHARED / "reference" / "ukraine-ohchr-unhcr-hdx" / "ukraine_civilian_casualties_ohchr_cumulative.csv"),
            "--source", "OHCHR", "--metric", "killed", "--date-column", "date", "--value-column", "civilians_killed_cum",
            db=db, check=0)
    tables = ["articles", "figures", "corrections", "reported", "series_points", "sources", "source_aliases", "meta"]
    before = {t: q(db, f"SELECT * FROM {t} ORDER BY ALL") for t in tables}
    folder = tmp_path / "backup"
    tracker("backup", str(folder), db=db, check=0)
    db.unlink()
    r = tracker("restore", str(folder), db=db, check=0)
    assert "restored" in r.stderr
    assert {t: q(db, f"SELECT * FROM {t} ORDER BY ALL") for t in tables} == before
    again = tracker("restore", str(folder), db=db)
    assert again.returncode == 1 and "already there" in again.stderr
    assert tracker("backup", str(folder), db=db).returncode == 1                 # never over an older backup


def test_passwords_are_slow_hashes_and_failures_lock_an_account():
    h = hash_password("correct horse battery")
    assert h.startswith("scrypt$16384$8$1$") and "correct horse" not in h
    assert verify("correct horse battery", h) and not verify("correct horse batterY", h)
    assert not verify("anything", "plain-text-password")
    now = [0.0]
    guard = Guard(clock=lambda: now[0])
    access = Access(True, {"alice": h})
    assert guard.sign_in(access, "alice", "correct horse battery") == "alice"
    for _ in range(MAX_FAILURES):
        assert guard.sign_in(access, "alice", "guess") is None
    assert guard.sign_in(access, "alice", "correct horse battery") is None        # locked, even with the right one
    now[0] += 16 * 60
    assert guard.sign_in(access, "alice", "correct horse battery") == "alice"
    assert guard.sign_in(access, "mallory", "correct horse battery") is None
    assert guard.sign_in(Access(False, {"alice": h}), "alice", "correct horse battery") is None   # editing off


def test_access_settings(tmp_path):
    assert load(None, env={}).editing is False                                     # read-only by default
    plain = tmp_path / "plain.toml"
    plain.write_text('[editing]\nenabled = true\n[editors]\nalice = "hunter2"\n')
    with pytest.raises(AccessError, match="no scrypt hash"):
        load(None, env={"TRACKER_ACCESS": str(plain)})
    ok = tmp_path / "ok.toml"
    ok.write_text(f'[editing]\nenabled = true\n[editors]\nalice = "{hash_password("pw")}"\n')
    assert load(None, env={"TRACKER_ACCESS": str(ok)}).editing is True


# --- the dashboard (AppTest) ---------------------------------------------------------------------------------
def app(monkeypatch, db, **params) -> AppTest:
    monkeypatch.setenv("TRACKER_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


def test_anonymous_visitors_cannot_edit_even_by_url(monkeypatch, db, tmp_path):
    seven = fid(db, "seven")
    at = app(monkeypatch, db, figure=str(seven), view="Add an article")
    assert not at.exception
    assert at.radio(key="view").value == "Over time"                 # the URL does not open the form
    assert "Add an article" not in at.radio(key="view").options
    assert any("seven" in m.value for m in at.markdown)             # the evidence is open to everyone ...
    assert not any(e.label.startswith("Correct or reject") for e in at.expander)   # ... its edit controls are not
    assert not [t for t in at.text_input if t.key == "si_name"]     # and editing is off: no sign-in at all
    editor_access(monkeypatch, tmp_path)                             # editing on, but nobody signed in
    at = app(monkeypatch, db, figure=str(seven))
    assert [t for t in at.text_input if t.key == "si_name"]
    assert not any(e.label.startswith("Correct or reject") for e in at.expander)


def test_an_editor_corrects_a_value_and_every_view_shows_it(monkeypatch, db, tmp_path):
    name, password = editor_access(monkeypatch, tmp_path)
    seven = fid(db, "seven")
    at = app(monkeypatch, db, figure=str(seven))
    sign_in(at, name, "wrong password")
    assert any("Wrong name or password" in e.value for e in at.error)
    sign_in(at, name, password)
    assert not at.exception
    assert any(e.label.startswith("Correct or reject") for e in at.expander)
    at.number_input[0].set_value(8)                                   # Value
    next(t for t in at.text_input if t.key == f"why_{seven}").set_value("the ministry said eight")
    next(b for b in at.button if b.label == "Save correction").click().run()
    assert not at.exception
    assert any("Corrected: correction #1" in s.value for s in at.success)
    assert q(db, "SELECT value, status FROM figures WHERE figure_id = ?", [seven]) == [(8, "corrected")]
    assert q(db, "SELECT editor, reason FROM corrections") == [("alice", "the ministry said eight")]
    assert any(e.label.startswith("History (1 correction") for e in at.expander)
    assert any("“seven” · value 8 (exact)" in m.value for m in at.markdown)     # as written, and as corrected
    at.radio(key="view").set_value("Corrections").run()
    assert any("1 corrections" in m.value for m in at.markdown)


def test_an_editor_adds_a_missed_figure_by_its_span(monkeypatch, db, tmp_path):
    name, password = editor_access(monkeypatch, tmp_path)
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM figures WHERE number_text = '67,147'")          # as if the extractor had missed it
    con.close()
    at = app(monkeypatch, db, view="Articles", article="1")
    assert not any(e.label.startswith("Add a figure") for e in at.expander)   # visitors read the article only
    sign_in(at, name, password)
    next(t for t in at.text_input if t.key == "add_words").set_value("67,147").run()
    spot = at.selectbox(key="add_spot")
    assert "[67,147]" in spot.format_func(spot.value)                        # the span, shown in its context
    next(s for s in at.selectbox if s.label == "Metric").set_value("injured")
    next(b for b in at.button if b.label == "Add figure").click().run()
    assert not at.exception
    assert any("Added: correction #1" in s.value for s in at.success)
    text = q(db, "SELECT text FROM articles WHERE article_id = 1")[0][0]
    start = text.index("67,147")
    assert q(db, "SELECT metric, value, status, number_start FROM figures WHERE number_text = '67,147'") == \
        [("injured", 67147, "added", start)]
    assert q(db, "SELECT action, editor FROM corrections") == [("add", "alice")]


def test_a_body_an_editor_credits_is_listed_among_sources(db):
    tracker("review", "correct", "--figure", str(fid(db, "seven")), "--set", "source=Rafah municipality",
            "--reason", "r", "--editor", "alice", db=db, check=0)
    out = tracker("sources", db=db, check=0).stdout
    assert any(line.split()[0] == "1" and "Rafah municipality" in line for line in out.splitlines())
