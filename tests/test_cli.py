"""`python -m tracker extract` as a user runs it: files, stdin, manifests, formats, bad input."""
import csv
import io
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED

SEED = SHARED / "seeds" / "000_1996dbcede2603b1.txt"
needs_shared = pytest.mark.skipif(not SEED.exists(), reason="../shared is not beside the project")


def run(*args, stdin: bytes | None = None):
    return subprocess.run([sys.executable, "-m", "tracker", "extract", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120)


@needs_shared
def test_file_jsonl_fields_and_offsets():
    r = run(str(SEED), "--published", "2024-02-07", "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    figs = [json.loads(line) for line in r.stdout.decode().splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert len(figs) >= 10
    toll = next(f for f in figs if f["value"] == 27708)
    assert (toll["metric"], toll["source"], toll["date"], toll["period"]) == ("killed", "Gaza Ministry of Health", "2024-02-07", "total")
    for f in figs:
        assert text[f["number_start"]:f["number_end"]] == f["number_text"]
        assert text[f["quote_start"]:f["quote_end"]] == f["quote"]
        assert f["doc"] == "000_1996dbcede2603b1"


def test_stdin_csv_is_spreadsheet_safe():
    text = "=HYPERLINK(\"x\") -- At least 12 people were killed in Rafah on Monday, the health ministry said."
    r = run("-", "--published", "2024-02-07", "--format", "csv", stdin=text.encode())
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout.decode())))
    assert len(rows) == 1 and rows[0]["value"] == "12" and rows[0]["date"] == "2024-02-05"
    assert rows[0]["quote"].startswith("'=")       # a formula in the text is not run by a spreadsheet


def test_table_format_is_one_line_per_figure():
    text = b"Two airstrikes killed seven people and injured 11, officials said."
    r = run("-", "--published", "2024-02-07", "--format", "table", stdin=text)
    lines = r.stdout.decode().splitlines()
    assert len(lines) == 3 and "killed" in lines[1] and "officials" in lines[1]


@needs_shared
def test_manifest_and_scorer():
    manifest = SHARED / "eval" / "dev" / "manifest.jsonl"
    r = run("--manifest", str(manifest), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    docs = {json.loads(line)["doc"] for line in r.stdout.decode().splitlines()}
    assert len(docs) >= 25


def test_dateline_gives_the_date(tmp_path):
    f = tmp_path / "dated.txt"
    f.write_text("Guwahati, July 11, 2023: A total of 142 deaths were recorded as a result of the violence.")
    r = run(str(f), "--format", "jsonl")
    assert r.returncode == 0, r.stderr
    (fig,) = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert fig["date"] == "2023-07-11"


@pytest.mark.parametrize("content,why", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
    (b"Seven people were killed on Monday.", "no publication date"),
])
def test_bad_input_one_line_error_and_exit_1(tmp_path, content, why):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Seven people were killed on Monday.", encoding="utf-8")
    args = [str(bad)] + ([str(good), "--published", "2024-02-07"] if why != "no publication date" else [])
    r = run(*args, "--format", "jsonl")
    err = r.stderr.decode()
    assert r.returncode == 1
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and str(bad) in err and why in err
    if why != "no publication date":        # the good file in the same run is still read
        assert json.loads(r.stdout.decode().splitlines()[0])["value"] == 7


def test_missing_file_and_encodings(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Médecins Sans Frontières said 12 people were killed.".encode("cp1252"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("Médecins Sans Frontières said 13 people were killed.".encode("utf-16"))
    r = run(str(latin), str(utf16), str(tmp_path / "nope.txt"), "--published", "2024-02-07", "--format", "jsonl")
    assert r.returncode == 1
    figs = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [(f["value"], f["source"]) for f in figs] == [(12, "MSF"), (13, "MSF")]
    assert "nope.txt: no such file" in r.stderr.decode()
