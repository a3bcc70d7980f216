"""The dashboard's logic through Streamlit's own AppTest, on real DuckDB databases."""
import json
import re
import subprocess
import sys
from datetime import date

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from tracker.store import prepare

APP = str(ROOT / "dashboard.py")


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("app") / "seeds.duckdb"
    subprocess.run([sys.executable, "-m", "tracker", "ingest", str(ROOT / "seeds"), "--db", str(db)], cwd=ROOT,
                   check=True, capture_output=True, timeout=300)
    return db


def run(monkeypatch, db) -> AppTest:
    monkeypatch.setenv("TRACKER_DB", str(db))
    return AppTest.from_file(APP, default_timeout=120).run()


def count_line(at) -> str:
    return next((m.value for m in at.markdown if "figures** match" in m.value or "mentions** match" in m.value), "")


def test_source_filter_changes_what_is_queried(monkeypatch, seeds_db):
    at = run(monkeypatch, seeds_db)
    assert not at.exception
    at.radio(key="view").set_value("Table").run()
    everything = count_line(at)
    assert everything
    at.multiselect(key="f_source").set_value(["Gaza Ministry of Health"]).run()
    only_moh = count_line(at)
    assert only_moh and only_moh != everything
    assert at.query_params["source"] in ("Gaza Ministry of Health", ["Gaza Ministry of Health"])
    n = int(only_moh.split("**")[1].split()[0].replace(",", ""))
    con = duckdb.connect(str(seeds_db), read_only=True)
    first = at.date_input(key="f_dates").value[0]
    where = ("FROM figures f JOIN articles a USING (article_id) WHERE source = ? "
             "AND date >= ? AND metric IN ('killed', 'injured', 'displaced') AND a.superseded_by IS NULL")
    reported = con.execute(f"SELECT count(DISTINCT reported_id) {where}", ["Gaza Ministry of Health", first]).fetchall()[0][0]
    mentions = con.execute(f"SELECT count(*) {where}", ["Gaza Ministry of Health", first]).fetchall()[0][0]
    con.close()
    assert n == reported < mentions                  # restatements are counted once
    at.radio(key="t_level").set_value("Every mention").run()
    assert int(count_line(at).split("**")[1].split()[0].replace(",", "")) == mentions
    assert at.query_params["rows"] in ("mentions", ["mentions"])


def test_filters_that_match_nothing_say_so(monkeypatch, seeds_db):
    at = run(monkeypatch, seeds_db)
    at.radio(key="view").set_value("Table").run()
    at.text_input(key="f_q").set_value("no sentence says this zqxj").run()
    assert not at.exception
    assert any("No figures match these filters" in i.value for i in at.info)


def test_empty_database_explains_itself(monkeypatch, tmp_path):
    db = tmp_path / "empty.duckdb"
    prepare(db)
    at = run(monkeypatch, db)
    assert not at.exception
    assert any("No figures yet" in i.value for i in at.info)


def editor_access(monkeypatch, tmp_path, name="alice", password="correct horse battery"):
    """Editing turned on by the operator, with one editor account (a real scrypt hash)."""
    from tracker.access import hash_password

    settings = tmp_path / "access.toml"
    settings.write_text(f'[editing]\nenabled = true\n\n[editors]\n{name} = "{hash_password(password)}"\n')
    monkeypatch.setenv("TRACKER_ACCESS", str(settings))
    return name, password


def sign_in(at, name, password):
    at.text_input(key="si_name").set_value(name)
    at.text_input(key="si_password").set_value(password)
    next(b for b in at.button if b.label == "Sign in").click().run()
    return at


def test_paste_review_and_store(monkeypatch, tmp_path):
    db = tmp_path / "paste.duckdb"
    prepare(db)
    name, password = editor_access(monkeypatch, tmp_path)
    at = run(monkeypatch, db)
    assert "Add an article" not in at.radio(key="view").options
    sign_in(at, name, password)
    at.radio(key="view").set_value("Add an article").run()
    find = lambda: next(b for b in at.button if b.label == "Find figures")   # noqa: E731
    find().click().run()                            # with nothing in it
    assert any("Paste a text or choose a file" in w.value for w in at.warning)
    at.text_area[0].set_value("At least 12 people were killed in Rafah on Monday, the health ministry in Gaza said.")
    find().click().run()
    assert not at.exception
    store = next(b for b in at.button if b.label.startswith("Store"))
    store.click().run()
    assert any("new 1," in s.value for s in at.success)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT value, source FROM figures").fetchall() == [(12, "Gaza Ministry of Health")]
    assert con.execute("SELECT added_by FROM articles").fetchall() == [("alice",)]
    con.close()


def test_first_run_builds_the_database_from_seeds(monkeypatch, tmp_path):
    db = tmp_path / "fresh" / "tracker.duckdb"
    at = run(monkeypatch, db)
    assert not at.exception
    assert db.exists()
    con = duckdb.connect(str(db), read_only=True)
    articles, figures = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM figures)").fetchall()[0]
    official = con.execute("SELECT name FROM series ORDER BY name").fetchall()
    con.close()
    assert articles == 301 and figures > 500
    assert official == [("Gaza Ministry of Health: injured, official",), ("Gaza Ministry of Health: killed, official",)]
    assert len(at.get("plotly_chart")) >= 1


def test_official_series_and_as_known_on(monkeypatch, seeds_db, tmp_path):
    """An imported series is drawn beside the ministry's reports, with the reports that differ listed;
    'as known on' narrows everything to what had been published by then."""
    import shutil

    from conftest import SHARED
    from tracker.series import Spec, import_series

    db = tmp_path / "series.duckdb"
    shutil.copy(seeds_db, db)
    import_series(db, SHARED / "reference" / "techforpalestine" / "casualties_daily.json",
                  Spec("Gaza Ministry of Health", "killed", "report_date", "killed_cum"))
    monkeypatch.setenv("TRACKER_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["source"] = "Gaza Ministry of Health"
    at.query_params["metric"] = "killed"
    at.run()
    assert not at.exception
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert any(t.get("name") == "Gaza Ministry of Health: killed, official" and t["line"]["dash"] == "dash"
               for t in chart["data"])
    label = next(e.label for e in at.expander if "differ from the official series" in e.label)
    differ, total = [int(x) for x in re.findall(r"\d+", label)[:2]]
    assert 0 < total and differ < total / 2
    at.radio(key="view").set_value("Table").run()
    everything = int(count_line(at).split("**")[1].split()[0].replace(",", ""))
    at.date_input(key="f_asof").set_value(date(2023, 12, 31)).run()
    then = int(count_line(at).split("**")[1].split()[0].replace(",", ""))
    assert at.query_params["asof"] in ("2023-12-31", ["2023-12-31"])
    con = duckdb.connect(str(db), read_only=True)
    want = con.execute("""SELECT count(DISTINCT reported_id) FROM figures f JOIN articles a USING (article_id)
                          WHERE source = 'Gaza Ministry of Health' AND metric = 'killed' AND a.published <= '2023-12-31'
                          AND f.date >= ?""", [at.date_input(key="f_dates").value[0]]).fetchall()[0][0]
    con.close()
    assert then == want < everything


def test_evidence_lists_every_article_citing_the_reported_figure(seeds_db):
    from tracker import views

    con = duckdb.connect(str(seeds_db), read_only=True)
    rid, n, fid = con.execute("""SELECT reported_id, count(DISTINCT article_id) n, min(figure_id) FROM figures
                                 GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1""").fetchall()[0]
    con.close()
    ev = views.evidence(seeds_db, fid)
    assert n > 1 and ev["cited_by"]["article_id"].nunique() == n
