"""Text built to hurt: it finishes, or is refused with a clear error; it never hangs."""
import subprocess
import sys
import textwrap

import pytest

from conftest import ROOT

CASES = {
    "digits_and_commas": "'1,2,3,4,5,6,7,8,9,0,' * 100_000",
    "killed_repeated": "'killed ' * 150_000",
    "figure_every_nine_chars": "'killed 1 ' * 120_000",
    "one_5MB_line": "'Seven people were killed and 12 injured in the strike on Gaza ' * 80_000",
    "open_quotes": "'\"' * 100_000 + ' killed 5 ' + '“' * 100_000",
}


@pytest.mark.parametrize("name", CASES)
def test_hostile_text_finishes_or_is_refused(name):
    code = textwrap.dedent(f"""
        from datetime import date
        from tracker.extract import extract_text, ExtractionError
        text = {CASES[name]}
        try:
            print("figures", len(extract_text(text, date(2024, 2, 7))))
        except ExtractionError as e:
            print("refused", e)
    """)
    # a generous wall clock only to catch a hang; speed itself is measured in benchmarks/
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(("figures", "refused")), r.stdout
    if r.stdout.startswith("refused"):
        assert "far more numbers than an article holds" in r.stdout


def test_refusal_through_the_cli_is_one_line(tmp_path):
    f = tmp_path / "hostile.txt"
    f.write_text("killed 1 " * 400_000)
    r = subprocess.run([sys.executable, "-m", "tracker", "extract", str(f), "--published", "2024-02-07"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "hostile.txt" in r.stderr
