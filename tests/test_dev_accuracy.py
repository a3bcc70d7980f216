"""Accuracy on the development set, scored by the project's own scorer (../shared/eval/score.py)."""
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED

EVAL = SHARED / "eval"


@pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval is not beside the project")
def test_dev_set_meets_the_bar(tmp_path):
    pred = tmp_path / "pred.jsonl"
    with pred.open("w") as out:
        r = subprocess.run([sys.executable, "-m", "tracker", "extract", "--manifest", str(EVAL / "dev" / "manifest.jsonl"),
                            "--format", "jsonl"], cwd=ROOT, stdout=out, stderr=subprocess.PIPE, timeout=300)
    assert r.returncode == 0, r.stderr
    s = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev" / "gold.jsonl"), str(pred), "--json"],
                       capture_output=True, text=True, timeout=120)
    scores = json.loads(s.stdout)
    assert scores["strict"]["f"] >= 0.90, scores
    assert scores["figure"]["f"] >= 0.95, scores
