"""The dashboard in a real headless Chromium (Debian's), against `streamlit run` on a free port.

Screenshots of each view go to screenshots/ (git-ignored) for a person to look at.
"""
import csv
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = "/usr/bin/chromium"
EDITOR, PASSWORD = "alice", "correct horse battery"
SHOTS = ROOT / "screenshots"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("dash") / "seeds.duckdb"
    subprocess.run([sys.executable, "-m", "tracker", "ingest", str(ROOT / "seeds"), "--db", str(db)], cwd=ROOT,
                   check=True, capture_output=True, timeout=300)
    from tracker.access import hash_password

    settings = db.parent / "access.toml"            # editing on, one editor; visitors stay read-only
    settings.write_text(f'[editing]\nenabled = true\n\n[editors]\n{EDITOR} = "{hash_password(PASSWORD)}"\n')
    port = free_port()
    env = dict(os.environ, TRACKER_DB=str(db), TRACKER_ACCESS=str(settings))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             "--server.headless", "true", "--server.address", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).status == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("streamlit did not start")
    yield url, db
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(url)
    page.wait_for_selector("[data-testid='stRadio']", timeout=60_000)
    if "view=" not in url:
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    return page


def show(page, view):
    page.locator("[data-testid='stRadio'] label", has_text=view).first.click()
    settle(page)


def settle(page):
    """Wait for Streamlit to finish a rerun."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
    page.wait_for_timeout(300)


def match_count(page) -> int:
    show(page, "Table")
    settle(page)
    counted = page.locator("[data-testid='stMarkdownContainer']", has_text=re.compile(r"(?:figures|mentions)\s+match")).first
    counted.wait_for(timeout=60_000)
    text = counted.inner_text()
    return int(re.search(r"([\d,]+) (?:reported figures|figures|mentions)", text).group(1).replace(",", ""))


def legend(page) -> set[str]:
    texts = page.locator(".js-plotly-plot").first.locator(".legendtext").all_text_contents()
    return {t.strip() for t in texts if t}


def choose_source(page, name):
    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    box.click()
    page.keyboard.type(name)
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"[?&]source="), timeout=60_000)     # the rerun with the filter is done
    settle(page)


def test_renders_without_an_exception(app, browser):
    url, _ = app
    page = open_page(browser, url)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "over-time.png"), full_page=True)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator(".js-plotly-plot").count() >= 1
    for tab in ("Sources side by side", "Table", "Articles", "Corrections", "Methodology"):
        show(page, tab)
        settle(page)
        page.wait_for_timeout(1500)          # let lazily loaded components draw before the picture
        page.screenshot(path=str(SHOTS / f"{tab.lower().replace(' ', '-')}.png"), full_page=True)
        assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("Measured accuracy").count() == 1
    page.close()


def test_source_filter_changes_chart_and_table_and_survives_reload(app, browser):
    url, _ = app
    page = open_page(browser, url)
    before_legend, before_count = legend(page), match_count(page)
    show(page, "Over time")
    choose_source(page, "Gaza Ministry of Health")
    page.wait_for_function(
        """() => { const t = document.querySelector('.js-plotly-plot');
                   const names = t ? [...t.querySelectorAll('.legendtext')].map(e => e.textContent) : [];
                   return names.length > 0 && names.every(n => n.startsWith('Gaza Ministry of Health')); }""",
        timeout=60_000)
    after_legend = legend(page)
    assert after_legend and all(t.startswith("Gaza Ministry of Health") for t in after_legend)
    assert after_legend != before_legend
    after_count = match_count(page)
    assert 0 < after_count < before_count
    assert "source=Gaza+Ministry+of+Health" in page.url or "source=Gaza%20Ministry%20of%20Health" in page.url
    assert "view=Table" in page.url
    page.reload()
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=60_000)   # the view comes back too
    settle(page)
    assert match_count(page) == after_count
    page.screenshot(path=str(SHOTS / "filtered-table.png"), full_page=True)
    page.close()


def test_csv_download_holds_exactly_the_filtered_rows(app, browser):
    url, _ = app
    page = open_page(browser, url + "/?source=Gaza+Ministry+of+Health&metric=killed")
    n = match_count(page)
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").click()
    path = dl.value.path()
    rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8"))))
    assert len(rows) == n > 0
    assert {r["source"] for r in rows} == {"Gaza Ministry of Health"} and {r["metric"] for r in rows} == {"killed"}
    page.close()


def test_clicking_a_point_shows_its_quote(app, browser):
    url, _ = app
    page = open_page(browser, url + "/?source=Gaza+Ministry+of+Health&metric=killed")
    points = page.locator(".js-plotly-plot .scatterlayer .trace .points path")
    points.first.wait_for(timeout=60_000)
    settle(page)
    for attempt in range(4):                 # a click during a redraw can miss; a person would click again
        points.nth(attempt).click(force=True)
        try:
            page.wait_for_selector("blockquote.quote mark", timeout=15_000)   # the evidence, drawn
            break
        except Exception:
            settle(page)
    settle(page)
    quote = page.locator("blockquote.quote").first
    assert quote.locator("mark").count() == 1
    assert len(quote.inner_text()) > 20
    assert page.get_by_text(re.compile(r"Cited by \d+ article")).count() >= 1   # the reported figure's citations
    page.screenshot(path=str(SHOTS / "evidence.png"), full_page=True)
    page.close()


def sign_in(page):
    page.locator("[data-testid='stSidebar']").get_by_text("Editor sign-in").click()
    page.get_by_role("textbox", name="Name").fill(EDITOR)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {EDITOR}").wait_for(timeout=60_000)
    settle(page)


def chart_values(page) -> list[float]:
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(
        p => (p._fullData || []).flatMap(t => Array.from(t.y || [])))""")


def figure_id(db, number_text) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT min(figure_id) FROM figures WHERE number_text = ? AND source = 'Gaza Ministry of Health'",
                           [number_text]).fetchall()[0][0]
    finally:
        con.close()


def test_an_anonymous_visitor_sees_no_edit_controls_even_by_url(app, browser):
    url, db = app
    fid = figure_id(db, "27,708")
    page = open_page(browser, f"{url}/?view=Add+an+article&figure={fid}")
    page.wait_for_selector("blockquote.quote mark", timeout=60_000)            # the evidence is public ...
    settle(page)
    assert page.get_by_text("Correct or reject this figure").count() == 0      # ... editing it is not
    assert page.get_by_text("Reject this figure").count() == 0
    assert page.locator("[data-testid='stRadio'] label", has_text="Add an article").count() == 0
    assert page.locator("input[type='file']").count() == 0
    assert page.get_by_text("Editor sign-in").count() == 1
    page.screenshot(path=str(SHOTS / "anonymous-evidence.png"), full_page=True)
    page.close()


def test_an_editor_corrects_a_value_and_chart_table_csv_and_reextract_keep_it(app, browser):
    url, db = app
    fid = figure_id(db, "27,708")
    page = open_page(browser, f"{url}/?source=Gaza+Ministry+of+Health&metric=killed&figure={fid}")
    assert 27708 in chart_values(page) and 27999 not in chart_values(page)
    sign_in(page)
    page.get_by_text("Correct or reject this figure").click()
    value = page.get_by_role("spinbutton", name="Value", exact=True)
    value.fill("27999")
    page.get_by_role("textbox", name="Why (kept with the correction)").fill("checked against the ministry's bulletin")
    page.get_by_role("button", name="Save correction").click()
    page.get_by_text(re.compile(r"Corrected: correction #\d+")).wait_for(timeout=60_000)
    settle(page)
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot')].some("
                           "p => (p._fullData || []).some(t => Array.from(t.y || []).includes(27999)))", timeout=60_000)
    assert 27708 not in chart_values(page)
    page.screenshot(path=str(SHOTS / "corrected.png"), full_page=True)
    show(page, "Table")
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text(encoding="utf-8"))))
    said = {r["number_text"]: r for r in rows}
    assert said["27,708"]["value"] == "27999" and said["27,708"]["corrected"] == "True"
    subprocess.run([sys.executable, "-m", "tracker", "reextract", "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True, timeout=300)
    page.goto(f"{url}/?source=Gaza+Ministry+of+Health&metric=killed")        # a new visit, signed out
    page.wait_for_selector(".js-plotly-plot", timeout=60_000)
    settle(page)
    values = chart_values(page)
    assert 27999 in values and 27708 not in values
    page.close()


def test_a_bad_upload_gets_a_message_not_a_traceback(app, browser, tmp_path):
    url, _ = app
    page = open_page(browser, url)
    sign_in(page)
    show(page, "Add an article")
    bad = tmp_path / "photo.txt"
    bad.write_bytes(bytes(range(256)) * 64)
    page.locator("input[type='file']").set_input_files(str(bad))
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Find figures").click()
    page.wait_for_selector("text=binary file", timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("photo.txt: binary file, not text").count() == 1
    page.screenshot(path=str(SHOTS / "bad-upload.png"), full_page=True)
    page.close()


def test_keeps_answering_while_an_ingest_writes(app, browser, tmp_path):
    """Last: it adds articles to the shared database."""
    import json

    url, db = app
    records = [json.loads(line) for line in (ROOT / "seeds" / "corpus_sample.jsonl").open(encoding="utf-8")]
    batch = tmp_path / "more.jsonl"
    with batch.open("w", encoding="utf-8") as f:
        for i in range(900):
            r = dict(records[i % len(records)], id=f"more-{i}", url=f"https://example.org/more/{i}")
            r["text"] += f"\n\n(copy {i})"
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    proc = subprocess.Popen([sys.executable, "-m", "tracker", "ingest", str(batch), "--db", str(db)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = open_page(browser, url)
    loads = 0
    while proc.poll() is None or loads < 2:
        page.goto(url)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        settle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        assert match_count(page) > 0
        loads += 1
    assert proc.wait(timeout=300) == 0
    assert loads >= 2
    page.close()
