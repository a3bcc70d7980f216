"""Reported figures: which mentions restate the same figure (tracker/linking.py), end to end through
extraction and the DuckDB store, on real sentences from the corpus."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tracker.linking import group_key, place_key, reach, step
from tracker.model import Article
from tracker.extract import extract
from tracker.store import Outcome, write_batch

PAIRS = json.loads((Path(__file__).parent / "data" / "restatements.json").read_text(encoding="utf-8"))


def linked(pair: dict, db: Path) -> bool:
    """Store the pair's article(s) in a fresh database; do the two numbers share a reported figure?"""
    docs = [("a", pair["text_a"], pair["published_a"])]
    if pair["text_b"] != pair["text_a"]:
        docs.append(("b", pair["text_b"], pair["published_b"]))
    batch = []
    for doc, text, published in docs:
        art = Article(doc, text, date.fromisoformat(published))
        batch.append((art, extract(art)))
    write_batch(db, batch, Outcome())
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT a.doc, f.number_text, f.reported_id FROM figures f JOIN articles a USING (article_id)").fetchall()
    finally:
        con.close()
    doc_b = "b" if len(docs) == 2 else "a"
    ra = [r for d, n, r in rows if d == "a" and n == pair["number_a"]]
    rb = [r for d, n, r in rows if d == doc_b and n == pair["number_b"]]
    assert ra and rb, f"the extractor no longer finds {pair['number_a']!r} / {pair['number_b']!r}"
    return ra[0] == rb[0]


def score_pairs(pairs: list[dict], folder: Path) -> tuple[float, float, list[dict]]:
    """Precision and recall of linking on labelled pairs, and the pairs it gets wrong."""
    tp = fp = fn = 0
    wrong = []
    for i, pair in enumerate(pairs):
        got = linked(pair, folder / f"pair{i}.duckdb")
        tp += got and pair["same"]
        fp += got and not pair["same"]
        fn += (not got) and pair["same"]
        if got != pair["same"]:
            wrong.append(pair)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), wrong


def test_linking_precision_and_recall_on_real_restatements(tmp_path):
    precision, recall, wrong = score_pairs(PAIRS, tmp_path)
    print(f"\nlinking on {len(PAIRS)} labelled pairs: precision {precision:.2f} recall {recall:.2f}")
    assert precision >= 0.95, wrong
    assert recall >= 0.75, wrong


@pytest.mark.parametrize("pair", [p for p in PAIRS if not p["same"]][:4], ids=lambda p: p["number_a"] + " / " + p["number_b"])
def test_a_stale_or_other_figure_is_not_a_restatement(pair, tmp_path):
    assert not linked(pair, tmp_path / "db.duckdb")


@pytest.mark.parametrize("value, qualifier, expected", [
    (27708, "exact", (27708, 27708)),             # a precise figure stands for itself
    (27000, "exact", (26500, 27500)),             # a round one for what rounds to it
    (27000, "at_least", (27000, 27999.5)),        # "over 27,000": up to the next thousand, not including it
    (27000, "approx", (26500, 27500)),
    (100, "at_least", (100, 104.5)),              # never more than 5%: "over 100" is not "190"
    (45, "at_least", (45, 45)),
])
def test_reach(value, qualifier, expected):
    assert reach(value, value, value, qualifier, False) == expected


def test_rules_for_groups_and_places():
    assert group_key("Palestinians") is None and group_key("people") is None
    assert group_key("children") == "children"
    assert place_key("the Gaza Strip") == place_key("Gaza") == "gaza"
    assert place_key("Gaza's Hamas-run") == "gaza"
    assert step(1300) == 65 and step(1234) == 0


def test_rounding_chain_does_not_merge_two_figures(tmp_path):
    """"over 1,300" and "about 1,400" are two tolls (the Oct 7 toll was revised), not one."""
    db = tmp_path / "db.duckdb"
    batch = []
    for doc, text in [("a", "Israeli officials said more than 1,300 people were killed in the attack."),
                      ("b", "Israeli officials said about 1,400 people were killed in the attack."),
                      ("c", "Israeli officials said 1,400 people were killed in the attack.")]:
        art = Article(doc, text, date(2023, 10, 12))
        batch.append((art, extract(art)))
    write_batch(db, batch, Outcome())
    con = duckdb.connect(str(db), read_only=True)
    ids = dict(con.execute("SELECT a.doc, f.reported_id FROM figures f JOIN articles a USING (article_id)").fetchall())
    con.close()
    assert ids["b"] == ids["c"] != ids["a"]


def test_linking_is_incremental(tmp_path):
    """A new article joins the reported figure already stored; nothing stored before is relinked."""
    db = tmp_path / "db.duckdb"
    pair = PAIRS[0]
    for doc, text in (("a", pair["text_a"]), ("b", pair["text_b"])):
        art = Article(doc, text, date.fromisoformat(pair["published_a"]))
        write_batch(db, [(art, extract(art))], Outcome())
        if doc == "a":
            con = duckdb.connect(str(db), read_only=True)
            before = con.execute("SELECT figure_id, reported_id FROM figures").fetchall()
            con.close()
    con = duckdb.connect(str(db), read_only=True)
    after = dict(con.execute("SELECT figure_id, reported_id FROM figures").fetchall())
    count = con.execute("SELECT count(DISTINCT reported_id) FROM figures WHERE metric = 'killed'").fetchall()[0][0]
    con.close()
    assert all(after[f] == r for f, r in before)
    assert count == 1
