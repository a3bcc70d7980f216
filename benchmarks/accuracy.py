"""Score the extractor on the development set with ../shared/eval/score.py and write docs/accuracy.json.

    python benchmarks/accuracy.py

The dashboard's Methodology page shows this file; tests/test_accuracy_file.py fails when it is stale.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
OUT = ROOT / "docs" / "accuracy.json"


def measure() -> dict:
    with tempfile.TemporaryDirectory() as d:
        pred = Path(d) / "pred.jsonl"
        with pred.open("w") as out:
            subprocess.run([sys.executable, "-m", "tracker", "extract", "--manifest", str(EVAL / "dev" / "manifest.jsonl"),
                            "--format", "jsonl"], cwd=ROOT, stdout=out, check=True)
        scored = subprocess.run([sys.executable, str(EVAL / "score.py"), str(EVAL / "dev" / "gold.jsonl"), str(pred),
                                 "--json"], capture_output=True, text=True, check=True)
    s = json.loads(scored.stdout)
    return {"figure_f1": round(s["figure"]["f"], 3), "strict_f1": round(s["strict"]["f"], 3),
            "figure_precision": round(s["figure"]["p"], 3), "figure_recall": round(s["figure"]["r"], 3),
            "gold": s["gold"], "docs": s["docs"], "predicted": s["predicted"],
            "attributes": {k: round(v, 3) for k, v in s["attributes"].items()},
            "per_metric": {m: {k: round(v, 3) for k, v in prf.items()} for m, prf in s["per_metric"].items()}}


def main() -> None:
    result = measure()
    result["measured"] = date.today().isoformat()
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"strict_f1={result['strict_f1']:.3f} figure_f1={result['figure_f1']:.3f} -> {OUT}")


if __name__ == "__main__":
    main()
