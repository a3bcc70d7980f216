"""Official series beside the press: import a body's published time series (CSV or JSON) and check
the reported figures credited to that body against it.

A series is one body, metric, period, group and place; importing a file for the same series again
replaces its points (a newer file is a newer state of the series). A reported running total
*matches* when it is within 5% of the official value on one of the four days up to its date: bodies
publish a day's count the next morning, and the press repeats it for days.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa

from . import sources as S
from .linking import group_key, place_key
from .reported import cte
from .store import Filters, reading, writing

MATCH_DAYS = 4               # the official value of the figure's day or of the three days before it
TOLERANCE = 0.05             # within 5% of it
NOT_A_VALUE = {"", "na", "n/a", "null", "none", "-", "--", "nan"}
DAY_FORMATS = ("%m/%d/%Y", "%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")


class SeriesError(Exception):
    """A series file that cannot be imported; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Spec:
    """What a series file holds: whose figures, of what, in which columns."""
    source: str
    metric: str
    date_column: str
    value_column: str
    period: str = "total"              # total: cumulative; interval: new in each period
    group: str | None = None
    location: str | None = None
    name: str | None = None
    date_format: str | None = None     # strptime format when dates are not YYYY-MM-DD


def _records(path: Path) -> list[dict]:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise SeriesError(f"{path}: cannot read ({e.strerror or e})") from None
    if not raw.strip():
        raise SeriesError(f"{path}: the file is empty")
    if b"\x00" in raw[:4096]:
        raise SeriesError(f"{path}: a binary file, not CSV or JSON text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SeriesError(f"{path}: not UTF-8 text (is it a CSV or JSON file?)") from None
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in "[{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise SeriesError(f"{path}: not valid JSON (line {e.lineno}: {e.msg})") from None
        if isinstance(data, dict):
            data = next((v for v in data.values() if isinstance(v, list)), None)
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise SeriesError(f"{path}: JSON must be a list of records (or an object holding one)")
        return [_flat(r) for r in data]
    return list(csv.DictReader(io.StringIO(text)))


def _flat(record: dict, prefix: str = "") -> dict:
    """Nested keys as dotted names: {"verified": {"killed": 1}} -> {"verified.killed": 1}."""
    out = {}
    for k, v in record.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


def _value(v) -> int | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return int(round(v))
    s = str(v).strip().replace(",", "").replace("\u00a0", "")
    if s.lower() in NOT_A_VALUE:
        return None
    try:
        return int(round(float(s)))
    except ValueError:
        return None


def _day_format(values: list[str], given: str | None) -> str | None:
    """None for ISO dates; else the given format, or the first common one that reads every value."""
    if given:
        return given
    if all(_iso(v) for v in values):
        return None
    for fmt in DAY_FORMATS:
        try:
            for v in values:
                datetime.strptime(v, fmt)
            return fmt
        except ValueError:
            continue
    return None


def _iso(v: str) -> date | None:
    try:
        return date.fromisoformat(v[:10])
    except ValueError:
        return None


def read_points(path: Path, spec: Spec) -> tuple[list[tuple[date, int]], int]:
    """(day, value) points of the file, and how many rows had no usable value."""
    rows = _records(path)
    if not rows:
        raise SeriesError(f"{path}: no rows")
    columns = list(dict.fromkeys(k for r in rows[:50] for k in r))
    for col in (spec.date_column, spec.value_column):
        if col not in columns:
            raise SeriesError(f"{path}: no column {col!r} (columns: {', '.join(columns[:30])})")
    days = [str(r.get(spec.date_column) or "").strip() for r in rows]
    fmt = _day_format([d for d in days if d], spec.date_format)
    points: dict[date, int] = {}
    skipped = 0
    for r, d in zip(rows, days):
        value = _value(r.get(spec.value_column))
        try:
            day = _iso(d) if fmt is None else datetime.strptime(d, fmt).date()
        except ValueError:
            day = None
        if day is None:
            if d:
                raise SeriesError(f"{path}: {spec.date_column} {d!r} is not a date"
                                  + ("" if spec.date_format else " (give --date-format)"))
            skipped += 1
            continue
        if value is None:
            skipped += 1
            continue
        points[day] = value
    if not points:
        raise SeriesError(f"{path}: no row has both a date and a number in {spec.value_column!r}")
    return sorted(points.items()), skipped


@dataclass
class Imported:
    series_id: int
    name: str
    points: int
    skipped: int
    replaced: int            # points the series had before (0: a new series)

    def line(self) -> str:
        what = f"replaced {self.replaced} points" if self.replaced else "new series"
        return f"{self.name}: {self.points} points imported ({what}; {self.skipped} rows without a value skipped)"


def import_series(db: Path, path: Path, spec: Spec) -> Imported:
    """Load a file as one official series, replacing that series' points if it was imported before."""
    if spec.period not in ("total", "interval"):
        raise SeriesError(f"{path}: period must be total or interval")
    points, skipped = read_points(path, spec)
    body = S.canonical(spec.source, None)
    source = body.name if body else spec.source.strip()
    gkey, pkey = group_key(spec.group), place_key(spec.location)
    name = spec.name or f"{source}: {spec.metric}{' (' + spec.group + ')' if spec.group else ''}, official"
    with writing(db) as con:
        found = con.execute("""SELECT series_id FROM series WHERE source = ? AND metric = ? AND period = ?
                               AND group_key IS NOT DISTINCT FROM ? AND place_key IS NOT DISTINCT FROM ?""",
                            [source, spec.metric, spec.period, gkey, pkey]).fetchall()
        origin = f"{path.name} [{spec.date_column} -> {spec.value_column}]"
        stamp = datetime.now().replace(microsecond=0)
        if found:
            sid = found[0][0]
            replaced = con.execute("SELECT count(*) FROM series_points WHERE series_id = ?", [sid]).fetchall()[0][0]
            con.execute("DELETE FROM series_points WHERE series_id = ?", [sid])
            con.execute("UPDATE series SET name = ?, \"group\" = ?, location = ?, origin = ?, imported_at = ? "
                        "WHERE series_id = ?", [name, spec.group, spec.location, origin, stamp, sid])
        else:
            replaced = 0
            sid = con.execute("SELECT coalesce(max(series_id), 0) + 1 FROM series").fetchall()[0][0]
            con.execute("INSERT INTO series VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [sid, name, source, spec.metric, spec.period, spec.group, gkey, spec.location, pkey, origin, stamp])
            con.execute("INSERT INTO sources VALUES (?, 'unknown', NULL) ON CONFLICT DO NOTHING", [source])
        new_points = pa.table({"series_id": pa.array([sid] * len(points), pa.int64()),  # noqa: F841 - read by DuckDB
                               "date": pa.array([d for d, _ in points], pa.date32()),
                               "value": pa.array([v for _, v in points], pa.int64())})
        con.execute("INSERT INTO series_points SELECT series_id, date, value FROM new_points")
    return Imported(sid, name, len(points), skipped, replaced)


def import_config(db: Path, config: Path) -> list[Imported]:
    """Every [[series]] of a TOML file (keys: file, source, metric, date_column, value_column and the
    optional period, group, location, name, date_format), files relative to it."""
    import tomllib

    try:
        entries = tomllib.loads(config.read_text(encoding="utf-8")).get("series", [])
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise SeriesError(f"{config}: cannot read ({e})") from None
    done = []
    for i, entry in enumerate(entries, 1):
        entry = dict(entry)
        try:
            file = config.parent / entry.pop("file")
            spec = Spec(**entry)
        except (KeyError, TypeError) as e:
            raise SeriesError(f"{config}: series {i} is incomplete or has an unknown key ({e})") from None
        done.append(import_series(db, file, spec))
    return done


def series_list(db: Path) -> pd.DataFrame:
    with reading(db) as con:
        return con.execute("""SELECT s.series_id, s.name, s.source, s.metric, s.period, s."group", s.location, s.origin,
                                     s.imported_at, count(p.date) AS points, min(p.date) AS first, max(p.date) AS last
                              FROM series s LEFT JOIN series_points p USING (series_id)
                              GROUP BY ALL ORDER BY s.source, s.metric, s.series_id""").df()


def points(db: Path, source: str | None = None, metric: str | None = None) -> pd.DataFrame:
    with reading(db) as con:
        return con.execute("""SELECT s.series_id, s.name, s.source, s.metric, s.period, p.date, p.value
                              FROM series s JOIN series_points p USING (series_id)
                              WHERE (? IS NULL OR s.source = ?) AND (? IS NULL OR s.metric = ?)
                              ORDER BY s.series_id, p.date""", [source, source, metric, metric]).df()


def check(db: Path, filters: Filters = Filters(), level: str = "reported") -> pd.DataFrame:
    """Each reported figure (or each mention, level="mentions") of a body that has an official series
    for its metric, period and group, beside the official values of the days up to its date.

    status: 'matches' (within 5% of one of them), 'differs', or 'no official value' (none those days)."""
    with reading(db) as con:
        where, params = filters.where(con)
        if level == "mentions":
            rows = f"""SELECT f.figure_id AS reported_id, f.figure_id, f.date, f.metric, f.source, f.value, f.number_text,
                              f.period, f.quote, a.title, 1 AS articles, r.group_key, r.place_key
                       FROM figures f JOIN articles a USING (article_id) JOIN reported r USING (reported_id)
                       WHERE {where}"""
            head = ""
        else:
            rows = "SELECT * FROM reported_figures"
            head = f"WITH {cte(where)}"
        return con.execute(f"""
            {head}{',' if head else 'WITH'} m AS ({rows})
            SELECT m.reported_id, m.figure_id, m.date, m.metric, m.source, m.value, m.number_text, m.articles,
                   s.name AS series, s.series_id,
                   arg_min(p.value, abs(p.value - m.value)) AS official, arg_min(p.date, abs(p.value - m.value)) AS official_date,
                   CASE WHEN count(p.value) = 0 THEN 'no official value'
                        WHEN min(abs(p.value - m.value) - {TOLERANCE} * p.value) <= 0 THEN 'matches'
                        ELSE 'differs' END AS status,
                   m.quote, m.title
            FROM m JOIN series s ON s.source = m.source AND s.metric = m.metric
                 AND s.period = m.period AND s.group_key IS NOT DISTINCT FROM m.group_key
                 AND (s.place_key IS NULL OR m.place_key IS NULL OR s.place_key = m.place_key)
            LEFT JOIN series_points p ON p.series_id = s.series_id
                 AND p.date BETWEEN m.date - INTERVAL {MATCH_DAYS - 1} DAY AND m.date
            WHERE m.date IS NOT NULL
            GROUP BY ALL ORDER BY m.date, m.reported_id""", params).df()
