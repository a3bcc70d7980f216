"""The accuracy the dashboard states is the accuracy the extractor has now."""
import json

import pytest

from conftest import ROOT, SHARED


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").exists(), reason="../shared/eval is not beside the project")
def test_accuracy_file_is_current():
    import importlib.util

    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    accuracy = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(accuracy)
    stated = json.loads((ROOT / "docs" / "accuracy.json").read_text())
    now = accuracy.measure()
    for key in ("figure_f1", "strict_f1", "gold", "predicted", "per_metric", "attributes"):
        assert stated[key] == now[key], f"docs/accuracy.json is stale ({key}); run python benchmarks/accuracy.py"
