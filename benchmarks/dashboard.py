"""Dashboard speed in a real browser: time to first chart, and to redraw after a filter change.

    python benchmarks/dashboard.py [--figures 1000000]

Runs `streamlit run dashboard.py` on the seeds database and on a database of N synthetic figures,
and drives Debian's Chromium with Playwright. Prints seconds for: first chart on a cold server,
first chart on a second visit, and a source filter change (until the chart shows that source).
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ingest import synthetic  # noqa: E402  (benchmarks/ingest.py)

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db: Path):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
                             "--server.headless", "true"], cwd=ROOT, env=dict(os.environ, TRACKER_DB=str(db)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("streamlit did not start")


def idle(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000)


def measure(browser, url: str, source: str) -> tuple[float, float, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace .points path", state="attached", timeout=120_000)
    cold = time.perf_counter() - t
    idle(page)
    page.close()

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    t = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-testid='stSidebar'] [data-testid='stMultiSelect']", timeout=120_000)
    shell = time.perf_counter() - t
    page.wait_for_selector(".js-plotly-plot .scatterlayer .trace .points path", state="attached", timeout=120_000)
    warm = time.perf_counter() - t
    idle(page)
    print(f"  (second visit: filters shown after {shell:.2f} s)")

    box = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").first
    box.click()
    page.keyboard.type(source)
    page.wait_for_timeout(200)
    t = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(
        """(src) => { const t = [...document.querySelectorAll('.js-plotly-plot')][0];
                      if (!t) return false;
                      const names = [...t.querySelectorAll('.legendtext')].map(e => e.textContent);
                      return names.length > 0 && names.every(n => n.startsWith(src)); }""", arg=source, timeout=120_000)
    idle(page)
    change = time.perf_counter() - t
    page.close()
    return cold, warm, change


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--figures", type=int, default=1_000_000)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as d:
        seeds = Path(d) / "seeds.duckdb"
        subprocess.run([sys.executable, "-m", "tracker", "ingest", str(ROOT / "seeds"), "--db", str(seeds)], cwd=ROOT,
                       check=True, capture_output=True)
        big = Path(d) / "million.duckdb"
        synthetic(big, args.figures)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                              "--disable-component-update", "--disable-sync", "--no-first-run"])
            for name, db in (("seeds", seeds), (f"{args.figures:,} figures", big)):
                proc, url = serve(db)
                try:
                    cold, warm, change = measure(browser, url, "Gaza Ministry of Health")
                finally:
                    proc.terminate()
                    proc.wait()
                print(f"dashboard {name:>18}: first chart {cold:5.2f} s (cold server), {warm:5.2f} s (second visit); "
                      f"filter change {change:5.2f} s")
            browser.close()


if __name__ == "__main__":
    main()
