"""Corrections: an editor rejects a figure, corrects its fields, or adds one the extractor missed.

The figures table always holds the figure as it should be shown (so charts, tables, exports and
reported figures need no special case), and `corrections` holds every change as its own record:
who, when, what, why, and the fields before. A correction finds its figure again after a
re-extraction by article, number span and metric; one whose span no longer yields that figure is
kept, marked orphaned, and listed - never dropped.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from . import sources as S
from .linking import link_unlinked
from .model import FIELDS, METRICS, PERIODS, QUALIFIERS
from .numbers import read_number
from .sentences import split
from .store import FIGURE_COLUMNS, reading, writing

EDITABLE = ("value", "low", "high", "qualifier", "vague", "metric", "source", "date", "start", "period",
            "location", "group")
_INTS = ("value", "low", "high")
_DAYS = ("date", "start")


class ReviewError(Exception):
    """A correction that cannot be made; the message says why in one line."""


@dataclass(frozen=True)
class Done:
    correction_id: int
    figure_id: int | None
    action: str


def clean(changes: dict) -> dict:
    """Typed, checked field values; raises ReviewError naming the field that is wrong."""
    out = {}
    for key, raw in changes.items():
        if key not in EDITABLE:
            raise ReviewError(f"{key!r} cannot be corrected (fields: {', '.join(EDITABLE)})")
        value = raw.strip() if isinstance(raw, str) else raw
        if value in ("", None) and key in ("source", "location", "group", "start", "date"):
            out[key] = None
        elif key in _INTS:
            try:
                out[key] = int(str(value).replace(",", ""))
            except ValueError:
                raise ReviewError(f"{key} must be a whole number, not {raw!r}") from None
            if out[key] < 0:
                raise ReviewError(f"{key} cannot be negative")
        elif key in _DAYS:
            try:
                out[key] = (value if isinstance(value, date) else date.fromisoformat(str(value))).isoformat()
            except ValueError:
                raise ReviewError(f"{key} must be a day (YYYY-MM-DD), not {raw!r}") from None
        elif key == "vague":
            out[key] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
        elif key == "metric" and value not in METRICS:
            raise ReviewError(f"metric must be one of {', '.join(METRICS)}")
        elif key == "qualifier" and value not in QUALIFIERS:
            raise ReviewError(f"qualifier must be one of {', '.join(QUALIFIERS)}")
        elif key == "period" and value not in PERIODS:
            raise ReviewError(f"period must be one of {', '.join(PERIODS)}")
        elif key == "source":
            body = S.canonical(str(value), None)
            out[key] = body.name if body else str(value)
        else:
            out[key] = str(value)
    return out


def _merged(current: dict, changes: dict) -> dict:
    new = {**current, **changes}
    if "value" in changes and "low" not in changes and "high" not in changes:
        new["low"] = new["high"] = new["value"]
    if new["low"] > new["high"]:
        raise ReviewError(f"low ({new['low']}) is above high ({new['high']})")
    if not new["low"] <= new["value"] <= new["high"]:
        raise ReviewError(f"value {new['value']} is outside low..high ({new['low']}..{new['high']})")
    return new


def _figure(con, figure_id: int) -> dict:
    cols = ["figure_id", "article_id", "status", *FIGURE_COLUMNS]
    quoted = ", ".join(f'"{c}"' for c in cols)
    rows = con.execute(f"SELECT {quoted} FROM figures "
                       "WHERE figure_id = ?", [figure_id]).fetchall()
    if not rows:
        raise ReviewError(f"no figure {figure_id}")
    fig = dict(zip(cols, rows[0]))
    for k in _DAYS:
        fig[k] = fig[k].isoformat() if fig[k] else None
    return fig


def _json(d: dict) -> str:
    return json.dumps(d, ensure_ascii=False, sort_keys=True, default=str)


def _record(con, figure_id, article_id, start, end, metric, action, changes, original, reason, editor) -> int:
    cid = con.execute("SELECT coalesce(max(correction_id), 0) + 1 FROM corrections").fetchall()[0][0]
    con.execute("INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'applied')",
                [cid, figure_id, article_id, start, end, metric, action, _json(changes),
                 _json(original) if original is not None else None, reason, editor, datetime.now().replace(microsecond=0)])
    return cid


def _write_fields(con, figure_id: int, fields: dict, status: str) -> None:
    sets = ", ".join(f'"{k}" = ?' for k in fields)
    con.execute(f"UPDATE figures SET {sets}{', ' if sets else ''}status = ? WHERE figure_id = ?",
                [*fields.values(), status, figure_id])
    _known_source(con, fields.get("source"))


def _known_source(con, name: str | None) -> None:
    """A body an editor credits is listed with the others (`tracker sources`), as one the text names is."""
    if name:
        con.execute("INSERT INTO sources VALUES (?, 'unknown', NULL) ON CONFLICT DO NOTHING", [name])


def _relink(con, figure_ids: list[int]) -> None:
    """The reported figures these mentions belonged to are linked again, with the corrected values."""
    con.execute("""CREATE OR REPLACE TEMP TABLE relink AS SELECT DISTINCT reported_id FROM figures
                   WHERE figure_id IN (SELECT unnest(?::BIGINT[])) AND reported_id IS NOT NULL""", [figure_ids])
    con.execute("UPDATE figures SET reported_id = NULL WHERE reported_id IN (SELECT reported_id FROM relink) "
                "OR figure_id IN (SELECT unnest(?::BIGINT[]))", [figure_ids])
    con.execute("DELETE FROM reported WHERE reported_id IN (SELECT reported_id FROM relink)")
    con.execute("DROP TABLE relink")
    link_unlinked(con)


def _need(reason: str | None, editor: str | None) -> None:
    if not editor or not editor.strip():
        raise ReviewError("every correction names its editor")
    if reason is not None and len(reason) > 2000:
        raise ReviewError("the reason is longer than 2,000 characters")


def reject(db: Path, figure_id: int, reason: str, editor: str) -> Done:
    _need(reason, editor)
    if not reason or not reason.strip():
        raise ReviewError("a rejection needs a reason")
    with writing(db) as con:
        fig = _figure(con, figure_id)
        if fig["status"] == "rejected":
            raise ReviewError(f"figure {figure_id} is already rejected")
        cid = _record(con, figure_id, fig["article_id"], fig["number_start"], fig["number_end"], fig["metric"],
                      "reject", {}, {k: fig[k] for k in EDITABLE}, reason, editor)
        _write_fields(con, figure_id, {}, "rejected")
        _relink(con, [figure_id])
    return Done(cid, figure_id, "reject")


def correct(db: Path, figure_id: int, changes: dict, reason: str | None, editor: str) -> Done:
    _need(reason, editor)
    changes = clean(changes)
    with writing(db) as con:
        fig = _figure(con, figure_id)
        if fig["status"] == "rejected":
            raise ReviewError(f"figure {figure_id} is rejected; it cannot be corrected")
        changes = {k: v for k, v in changes.items() if fig[k] != v}
        if not changes:
            raise ReviewError("nothing changes")
        new = _merged({k: fig[k] for k in EDITABLE}, changes)
        cid = _record(con, figure_id, fig["article_id"], fig["number_start"], fig["number_end"], fig["metric"],
                      "correct", changes, {k: fig[k] for k in EDITABLE}, reason, editor)
        _write_fields(con, figure_id, {k: new[k] for k in EDITABLE}, "added" if fig["status"] == "added" else "corrected")
        _relink(con, [figure_id])
    return Done(cid, figure_id, "correct")


def sentence_at(text: str, start: int, end: int) -> tuple[int, int]:
    for s in split(text):
        if s.start <= start and end <= s.end:
            return s.start, s.end
    return start, end


def add(db: Path, article_id: int, start: int, end: int, fields: dict, reason: str | None, editor: str) -> Done:
    """A figure the extractor missed, at the span [start, end) of the article's text."""
    _need(reason, editor)
    fields = clean(fields)
    if "metric" not in fields:
        raise ReviewError("an added figure needs its metric")
    with writing(db) as con:
        found = con.execute("SELECT text, published FROM articles WHERE article_id = ?", [article_id]).fetchall()
        if not found:
            raise ReviewError(f"no article {article_id}")
        text, published = found[0]
        if not (0 <= start < end <= len(text)) or end - start > 60:
            raise ReviewError(f"the span {start}..{end} is not a number's words in article {article_id}")
        taken = con.execute("SELECT figure_id FROM figures WHERE article_id = ? AND number_start = ? AND number_end = ? "
                            "AND metric = ? AND status <> 'rejected'", [article_id, start, end, fields["metric"]]).fetchall()
        if taken:
            raise ReviewError(f"figure {taken[0][0]} is already there; correct it instead")
        fig = _new_figure(text, published, start, end, fields)
        fid = con.execute("SELECT coalesce(max(figure_id), 0) + 1 FROM figures").fetchall()[0][0]
        _insert(con, fid, article_id, fig, "added")
        cid = _record(con, fid, article_id, start, end, fig["metric"], "add", fig, None, reason, editor)
        link_unlinked(con)
    return Done(cid, fid, "add")


def _new_figure(text: str, published: date, start: int, end: int, fields: dict) -> dict:
    words = text[start:end]
    reading_ = read_number(words)
    if reading_ is None and "value" not in fields:
        raise ReviewError(f"{words!r} is not a number; give its value")
    value = fields.get("value", reading_.value if reading_ else 0)
    qs, qe = sentence_at(text, start, end)
    base = {"value": value, "low": value, "high": value, "qualifier": "exact",
            "vague": bool(reading_ and reading_.vague), "group": None, "location": None, "period": "incident",
            "start": None, "date": published.isoformat(), "source": None}
    fig = _merged(base, fields)
    fig.update(source_text=None, quote=text[qs:qe], number_text=words, number_start=start, number_end=end,
               quote_start=qs, quote_end=qe)
    return fig


def _insert(con, figure_id: int, article_id: int, fig: dict, status: str) -> None:
    cols = ["figure_id", "article_id", *FIGURE_COLUMNS, "status"]
    values = [figure_id, article_id, *[fig.get(c) for c in FIGURE_COLUMNS], status]
    quoted = ", ".join(f'"{c}"' for c in cols)
    con.execute(f"INSERT INTO figures ({quoted}) VALUES ({', '.join('?' for _ in cols)})", values)
    _known_source(con, fig.get("source"))


def reapply(con, article_ids: list[int]) -> tuple[int, int]:
    """After these articles' figures were extracted again: every correction of theirs, in the order they
    were made, finds its figure by span and metric and is applied again, or is marked orphaned."""
    rows = con.execute("""SELECT correction_id, article_id, number_start, number_end, metric, action, changes
                          FROM corrections WHERE article_id IN (SELECT unnest(?::BIGINT[]))
                          ORDER BY made_at, correction_id""", [article_ids]).fetchall()
    applied = orphaned = 0
    for cid, aid, start, end, metric, action, changes in rows:
        changes = json.loads(changes)
        found = con.execute("SELECT figure_id FROM figures WHERE article_id = ? AND number_start = ? AND number_end = ? "
                            "AND metric = ? AND status <> 'rejected' ORDER BY figure_id LIMIT 1",
                            [aid, start, end, metric]).fetchall()
        fid = found[0][0] if found else None
        if action == "add" and fid is None:
            fid = con.execute("SELECT coalesce(max(figure_id), 0) + 1 FROM figures").fetchall()[0][0]
            _insert(con, fid, aid, changes, "added")
        elif fid is None:
            con.execute("UPDATE corrections SET state = 'orphaned', figure_id = NULL WHERE correction_id = ?", [cid])
            orphaned += 1
            continue
        elif action == "reject":
            _write_fields(con, fid, {}, "rejected")
        else:
            fig = _figure(con, fid)
            fields = {k: v for k, v in changes.items() if k in EDITABLE}
            new = _merged({k: fig[k] for k in EDITABLE}, fields)
            _write_fields(con, fid, {k: new[k] for k in EDITABLE}, "added" if action == "add" else "corrected")
        con.execute("UPDATE corrections SET state = 'applied', figure_id = ? WHERE correction_id = ?", [fid, cid])
        applied += 1
    return applied, orphaned


def history(db: Path, figure_id: int | None = None, state: str | None = None, article_id: int | None = None) -> pd.DataFrame:
    """Corrections, newest first: of one figure, of one article, or all (optionally only orphaned ones)."""
    with reading(db) as con:
        return con.execute("""
            SELECT c.correction_id, c.made_at, c.editor, c.action, c.figure_id, c.article_id, c.number_start,
                   c.number_end, c.metric, c.changes, c.original, c.reason, c.state, a.title
            FROM corrections c JOIN articles a USING (article_id)
            WHERE (? IS NULL OR c.figure_id = ?) AND (? IS NULL OR c.state = ?) AND (? IS NULL OR c.article_id = ?)
            ORDER BY c.made_at DESC, c.correction_id DESC""",
                           [figure_id, figure_id, state, state, article_id, article_id]).df()


def figures_of(db: Path, article_id: int | None = None, status: str | None = None, figure_id: int | None = None,
               limit: int = 500) -> pd.DataFrame:
    with reading(db) as con:
        return con.execute(f"""
            SELECT f.figure_id, f.article_id, f.status, f.metric, f.value, f.number_text, f.qualifier, f.date,
                   f.period, f.source, f.location, f."group", f.number_start, f.number_end, f.quote
            FROM figures f WHERE (? IS NULL OR f.article_id = ?) AND (? IS NULL OR f.status = ?)
              AND (? IS NULL OR f.figure_id = ?)
            ORDER BY f.article_id, f.number_start LIMIT {int(limit)}""",
                           [article_id, article_id, status, status, figure_id, figure_id]).df()


def reviewed_gold(db: Path) -> tuple[list[dict], list[dict]]:
    """Every article with a correction, as a gold file would hold it: its figures as reviewed (rejected
    ones left out) in the fields of GUIDELINES.md, and the manifest lines for those articles."""
    with reading(db) as con:
        arts = con.execute("""SELECT article_id, doc, title, publisher, published, url, text FROM articles
                              WHERE article_id IN (SELECT article_id FROM corrections) ORDER BY article_id""").fetchall()
        gold, manifest = [], []
        for aid, doc, title, publisher, published, url, text in arts:
            manifest.append({"id": doc, "title": title, "publisher": publisher, "published": published.isoformat(),
                             "url": url, "text": text})
            cols = [c for c in FIELDS if c != "doc"]
            quoted = ", ".join(f'"{c}"' for c in cols)
            for row in con.execute(f"SELECT {quoted} FROM figures "
                                   "WHERE article_id = ? AND status <> 'rejected' ORDER BY number_start", [aid]).fetchall():
                fig = dict(zip(cols, row))
                gold.append({"doc": doc, **{k: (v.isoformat() if isinstance(v, date) else v) for k, v in fig.items()
                                            if k in ("metric", "value", "qualifier", "group", "location", "period",
                                                     "date", "source", "source_text", "number_text", "quote", "low",
                                                     "high", "start", "vague")}})
    return gold, manifest

