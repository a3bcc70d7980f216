"""The DuckDB store: schema and migrations, ingest, re-extraction and the queries everything reads.

DuckDB lets one process hold a file read-write, and while it does no other process can open it,
even read-only. So every writer here holds the file only for one short transaction (a batch of
articles already extracted) and closes it; every reader opens, queries and closes; and both
retry an open that meets the lock. Readers therefore keep answering, with the last committed
data, while an ingest runs in another process.
"""
from __future__ import annotations

import hashlib
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa

from . import sources as S
from .linking import link_unlinked, relink_all
from .model import FIELDS, Article, Figure

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = ROOT / "db" / "tracker.duckdb"
SCHEMA = Path(__file__).with_name("schema.sql")
SCHEMA_VERSION = 4
LOCK_WAIT = 60.0            # seconds an open waits for another process's lock
WAITING = ".writer-waiting"   # beside the database while a writer waits for readers to let go
EXTRACTOR_VERSION = "2026.11.25"

FIGURE_COLUMNS = [c for c in FIELDS if c != "doc"]


class StoreError(Exception):
    """The database cannot be used (locked too long, newer schema, not a DuckDB file)."""


def db_path(given: str | os.PathLike | None = None) -> Path:
    return Path(given or os.environ.get("TRACKER_DB") or DEFAULT_DB)


def _is_lock_error(e: Exception) -> bool:
    msg = str(e)
    return "lock" in msg.lower() and ("Could not set lock" in msg or "Conflicting lock" in msg or "lock on file" in msg)


def _waiting_writer(path: Path) -> bool:
    """A writer has asked for the file: readers hold back so that it is not starved by them."""
    marker = Path(str(path) + WAITING)
    try:
        pid, since = marker.read_text().split()
        os.kill(int(pid), 0)
        return time.time() - float(since) < LOCK_WAIT
    except (OSError, ValueError):
        return False


def connect(path: Path, read_only: bool = False, wait: float = LOCK_WAIT) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting (with short sleeps) while another process holds its lock.

    A writer that meets readers' locks leaves a marker; new readers wait for it to pass first.
    """
    deadline = time.monotonic() + wait
    delay = 0.01
    marker = Path(str(path) + WAITING)
    while read_only and _waiting_writer(path) and time.monotonic() < deadline:
        time.sleep(0.02)
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            if not read_only:
                marker.unlink(missing_ok=True)
            return con
        except duckdb.Error as e:
            if not _is_lock_error(e):
                raise StoreError(f"{path}: cannot open the database ({str(e).splitlines()[0]})") from None
            if time.monotonic() > deadline:
                if not read_only:
                    marker.unlink(missing_ok=True)
                raise StoreError(f"{path}: another process has held the database for over {wait:.0f} s") from None
            if not read_only and path.parent.exists():
                marker.write_text(f"{os.getpid()} {time.time()}")
            time.sleep(delay)
            delay = min(delay * 2, 0.05 if not read_only else 0.2)


@contextmanager
def reading(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read: open read-only, query, close. A missing database reads as an empty one."""
    if not path.exists():
        with writing(path):
            pass
    con = connect(path, read_only=True)
    try:
        _check_version(con, path)
        yield con
    finally:
        con.close()


@contextmanager
def writing(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """One write transaction: committed whole when the block ends, rolled back on any error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = connect(path)
    try:
        _migrate(con, path)
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()


# --- schema ---------------------------------------------------------------------------------------
def _version(con) -> int:
    has_meta = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchall()[0][0]
    if not has_meta:
        return 0
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(row[0][0]) if row else 0


def _check_version(con, path: Path) -> None:
    v = _version(con)
    if v > SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {v} is newer than this tracker's ({SCHEMA_VERSION}); upgrade the tracker")
    if v < SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {v} needs migrating; run any write command (e.g. `tracker ingest`)")


def _to_v1(con) -> None:
    con.execute(SCHEMA.read_text(encoding="utf-8"))


def _to_v2(con) -> None:
    """v2: the alias table of sources.toml is loaded into sources/source_aliases."""
    _load_source_table(con)


def _to_v3(con) -> None:
    """v3: reported figures and official series; every stored mention linked once."""
    from .linking import relink_all

    con.execute("ALTER TABLE figures ADD COLUMN IF NOT EXISTS reported_id BIGINT")
    con.execute("ALTER TABLE figures ADD COLUMN IF NOT EXISTS status VARCHAR DEFAULT 'extracted'")   # linking reads it
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    relink_all(con)


def _to_v4(con) -> None:
    """v4: corrections; every stored figure starts as 'extracted'."""
    con.execute("ALTER TABLE figures ADD COLUMN IF NOT EXISTS status VARCHAR DEFAULT 'extracted'")
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS added_by VARCHAR")
    con.execute(SCHEMA.read_text(encoding="utf-8"))


MIGRATIONS = {1: _to_v1, 2: _to_v2, 3: _to_v3, 4: _to_v4}


def _migrate(con, path: Path) -> None:
    v = _version(con)
    if v > SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {v} is newer than this tracker's ({SCHEMA_VERSION}); upgrade the tracker")
    if v == SCHEMA_VERSION:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for target in range(v + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[target](con)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _load_source_table(con) -> None:
    for body in S.bodies():
        con.execute("INSERT INTO sources VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind, "
                    "country = excluded.country", [body.name, body.kind, body.country])
        for alias in {body.name, *body.aliases}:
            con.execute("INSERT INTO source_aliases VALUES (?, ?) ON CONFLICT DO NOTHING", [alias, body.name])


# --- ingest ---------------------------------------------------------------------------------------
def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Outcome:
    new: int = 0
    unchanged: int = 0
    versions: int = 0
    failed: int = 0
    figures: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"new {self.new}, unchanged {self.unchanged}, new versions {self.versions}, "
                f"failed {self.failed}, figures stored {self.figures}")


def prepare(path: Path) -> None:
    """Create or migrate the database (a writer does this before anything else)."""
    with writing(path):
        pass


def known_hashes(path: Path) -> set[str]:
    prepare(path)
    with reading(path) as con:
        return {h for (h,) in con.execute("SELECT content_hash FROM articles").fetchall()}


def write_batch(path: Path, batch: list[tuple[Article, list[Figure]]], outcome: Outcome,
                added_by: str | None = None) -> None:
    """Store articles with their figures in one transaction: each whole or not at all.
    `added_by`: the signed-in editor who added them in the dashboard."""
    if not batch:
        return
    with writing(path) as con:
        hashes = [content_hash(a.text) for a, _ in batch]
        present = {h for (h,) in con.execute("SELECT content_hash FROM articles WHERE content_hash IN "
                                             "(SELECT unnest(?::VARCHAR[]))", [hashes]).fetchall()}
        next_article = con.execute("SELECT coalesce(max(article_id), 0) + 1 FROM articles").fetchall()[0][0]
        next_figure = con.execute("SELECT coalesce(max(figure_id), 0) + 1 FROM figures").fetchall()[0][0]
        art_rows, fig_rows, supersede = [], [], []
        stamp = datetime.now().replace(microsecond=0)
        # a new version: the same URL and the same input id (a live blog's posts share a URL, not an id)
        urls = sorted({a.url for a, _ in batch if a.url})
        current = {(u, d): i for u, d, i in con.execute(
            "SELECT url, doc, article_id FROM articles WHERE superseded_by IS NULL AND url IN (SELECT unnest(?::VARCHAR[]))",
            [urls]).fetchall()} if urls else {}
        seen = set()
        for (art, figs), h in zip(batch, hashes):
            if h in present or h in seen:
                outcome.unchanged += 1
                continue
            seen.add(h)
            aid = next_article
            next_article += 1
            if art.url and (art.url, art.id) in current:
                supersede.append((aid, current[(art.url, art.id)]))
                outcome.versions += 1
            else:
                outcome.new += 1
            if art.url:
                current[(art.url, art.id)] = aid
            art_rows.append((aid, art.id, h, art.url, art.title, art.publisher, art.published, art.text,
                             art.origin, stamp, EXTRACTOR_VERSION, None))
            for f in figs:
                fig_rows.append((next_figure, aid, *[getattr(f, c) for c in FIGURE_COLUMNS]))
                next_figure += 1
        _insert_articles(con, art_rows)
        if added_by and art_rows:
            con.execute("UPDATE articles SET added_by = ? WHERE article_id IN (SELECT unnest(?::BIGINT[]))",
                        [added_by, [r[0] for r in art_rows]])
        _insert_figures(con, fig_rows)
        link_unlinked(con)
        if supersede:
            pairs = pa.table({"new_id": [n for n, _ in supersede], "old_id": [o for _, o in supersede]})  # noqa: F841
            con.execute("UPDATE articles SET superseded_by = pairs.new_id FROM pairs WHERE articles.article_id = pairs.old_id")
        outcome.figures += len(fig_rows)


ARTICLE_COLUMNS = ["article_id", "doc", "content_hash", "url", "title", "publisher", "published", "text",
                   "origin", "ingested_at", "extractor_version", "superseded_by"]
FIGURE_TABLE_COLUMNS = ["figure_id", "article_id", *FIGURE_COLUMNS]
_ARTICLE_TYPES = [pa.int64(), pa.string(), pa.string(), pa.string(), pa.string(), pa.string(), pa.date32(),
                  pa.string(), pa.string(), pa.timestamp("s"), pa.string(), pa.int64()]


def _insert_articles(con, rows: list[tuple]) -> None:
    if not rows:
        return
    arrays = [pa.array([r[i] for r in rows], type=t) for i, t in enumerate(_ARTICLE_TYPES)]
    new_articles = pa.Table.from_arrays(arrays, names=ARTICLE_COLUMNS)  # noqa: F841 - read by DuckDB below
    con.execute(f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) SELECT * FROM new_articles")


def _figure_table(rows: list[tuple]) -> pa.Table:
    cols = list(zip(*rows)) if rows else [[] for _ in FIGURE_TABLE_COLUMNS]
    data = {}
    for name, values in zip(FIGURE_TABLE_COLUMNS, cols):
        if name in ("start", "date"):
            data[name] = pa.array([date.fromisoformat(v) if v else None for v in values], type=pa.date32())
        elif name in ("figure_id", "article_id", "value", "low", "high"):
            data[name] = pa.array(values, type=pa.int64())
        elif name in ("number_start", "number_end", "quote_start", "quote_end"):
            data[name] = pa.array(values, type=pa.int32())
        elif name == "vague":
            data[name] = pa.array(values, type=pa.bool_())
        else:
            data[name] = pa.array(values, type=pa.string())
    return pa.table(data)


def _insert_figures(con, rows: list[tuple]) -> None:
    if not rows:
        return
    new_figures = _figure_table(rows)  # noqa: F841 - read by DuckDB below
    cols = ", ".join(f'"{c}"' for c in FIGURE_TABLE_COLUMNS)
    con.execute(f"INSERT INTO figures ({cols}) SELECT {cols} FROM new_figures")
    con.execute("""INSERT INTO sources SELECT DISTINCT source, 'unknown', NULL FROM new_figures
                   WHERE source IS NOT NULL ON CONFLICT DO NOTHING""")
    aliases = {(r[FIGURE_TABLE_COLUMNS.index("source_text")], r[FIGURE_TABLE_COLUMNS.index("source")]) for r in rows}
    kept = sorted((a, n) for a, n in aliases if a and n and S.names_a_body(a))
    if kept:
        new_aliases = pa.table({"alias": [a for a, _ in kept], "name": [n for _, n in kept]})  # noqa: F841
        con.execute("INSERT INTO source_aliases SELECT alias, name FROM new_aliases ON CONFLICT DO NOTHING")


def stored_articles(path: Path) -> list[tuple[int, Article]]:
    prepare(path)
    with reading(path) as con:
        rows = con.execute("SELECT article_id, doc, text, published, title, url, publisher, origin FROM articles "
                           "ORDER BY article_id").fetchall()
    return [(r[0], Article(r[1], r[2], r[3], r[4], r[5], r[6], r[7])) for r in rows]


def replace_figures(path: Path, rebuilt: list[tuple[int, list[Figure]]]) -> int:
    """Re-extraction: every given article's figures replaced in one transaction."""
    rows, n = [], 0
    with writing(path) as con:
        next_figure = con.execute("SELECT coalesce(max(figure_id), 0) + 1 FROM figures").fetchall()[0][0]
        ids = [aid for aid, _ in rebuilt]
        for aid, figs in rebuilt:
            for f in figs:
                rows.append((next_figure, aid, *[getattr(f, c) for c in FIGURE_COLUMNS]))
                next_figure += 1
        con.execute("DELETE FROM figures WHERE article_id IN (SELECT unnest(?::BIGINT[]))", [ids])
        _insert_figures(con, rows)
        from .review import reapply

        reapply(con, ids)                        # corrections find their figures again (or are orphaned)
        relink_all(con)
        con.execute("UPDATE articles SET extractor_version = ? WHERE article_id IN (SELECT unnest(?::BIGINT[]))",
                    [EXTRACTOR_VERSION, ids])
        n = len(rows)
    return n


# --- queries ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Filters:
    """What the dashboard and `export` narrow figures by; every field optional."""
    sources: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    metrics: tuple[str, ...] = ()
    location: str | None = None
    periods: tuple[str, ...] = ()
    search: str | None = None
    qualifiers: tuple[str, ...] = ()
    current_only: bool = True          # leave out versions of an article that a newer one replaced
    as_of: date | None = None          # only what had been published by this day (what was known then)

    def where(self, con) -> tuple[str, list]:
        clauses, params = ["f.status <> 'rejected'"], []
        if self.sources:
            names = resolve_sources(con, self.sources)
            clauses.append("f.source IN (SELECT unnest(?::VARCHAR[]))")
            params.append(names)
        if self.date_from:
            clauses.append("f.date >= ?")
            params.append(self.date_from)
        if self.date_to:
            clauses.append("f.date <= ?")
            params.append(self.date_to)
        if self.metrics:
            clauses.append("f.metric IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.metrics))
        if self.periods:
            clauses.append("f.period IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.periods))
        if self.location:
            clauses.append("f.location ILIKE ?")
            params.append(f"%{self.location}%")
        if self.search:
            clauses.append("f.quote ILIKE ?")
            params.append(f"%{self.search}%")
        if self.qualifiers:
            clauses.append("f.qualifier IN (SELECT unnest(?::VARCHAR[]))")
            params.append(list(self.qualifiers))
        if self.as_of:
            clauses.append("a.published <= ?")
            params.append(self.as_of)
        if self.current_only and self.as_of:
            # the newest version published by then: a later replacement was not known yet
            clauses.append("(a.superseded_by IS NULL OR (SELECT n.published FROM articles n "
                           "WHERE n.article_id = a.superseded_by) > ?)")
            params.append(self.as_of)
        elif self.current_only:
            clauses.append("a.superseded_by IS NULL")
        return " AND ".join(clauses), params


def resolve_sources(con, names: Iterable[str]) -> list[str]:
    """Canonical names for what a user typed: a canonical name, an alias, or a name as a text gave it."""
    out = []
    for name in names:
        body = S.canonical(name, None)
        if body:
            out.append(body.name)
            continue
        rows = con.execute("SELECT name FROM source_aliases WHERE lower(alias) = lower(?) "
                           "UNION SELECT name FROM sources WHERE lower(name) = lower(?)", [name, name]).fetchall()
        out += [r[0] for r in rows] or [name]
    return out


def figures_table(path: Path, filters: Filters = Filters(), limit: int | None = None) -> pa.Table:
    """Every filtered figure with its evidence and its article's title, URL, publisher and date."""
    with reading(path) as con:
        where, params = filters.where(con)
        cols = ", ".join(['f.figure_id', 'a.doc'] + [f'f."{c}"' for c in FIGURE_COLUMNS]
                         + ["f.status", "a.title", "a.url", "a.publisher", "a.published"])
        sql = (f"SELECT {cols} FROM figures f JOIN articles a USING (article_id) WHERE {where} "
               f"ORDER BY f.date NULLS LAST, f.figure_id" + (f" LIMIT {int(limit)}" if limit else ""))
        return con.sql(sql, params=params).to_arrow_table()


def source_summary(path: Path) -> list[tuple]:
    """Each body: kind, country, aliases seen, and how many figures credit it."""
    with reading(path) as con:
        return con.execute("""
            SELECT s.name, s.kind, s.country,
                   (SELECT string_agg(alias, '; ' ORDER BY alias) FROM source_aliases x
                     WHERE x.name = s.name AND x.alias <> s.name) AS aliases,
                   (SELECT count(*) FROM figures f WHERE f.source = s.name) AS figures
            FROM sources s ORDER BY figures DESC, s.name""").fetchall()


def counts(path: Path) -> dict[str, int]:
    with reading(path) as con:
        a, f, cur = con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM figures), "
                                "(SELECT count(*) FROM articles WHERE superseded_by IS NULL)").fetchall()[0]
    return {"articles": a, "figures": f, "current_articles": cur}


# --- backup -------------------------------------------------------------------------------------------
def backup(path: Path, folder: Path) -> int:
    """The whole database as files (schema.sql, load.sql, one Parquet file per table), read-only:
    readers and the dashboard keep working; a writer waits for it like for any reader."""
    if folder.exists() and any(folder.iterdir()):
        raise StoreError(f"{folder}: not empty; back up into a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    with reading(path) as con:
        con.execute(f"EXPORT DATABASE '{_sql_path(folder)}' (FORMAT parquet)")
        return con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'").fetchall()[0][0]


def restore(folder: Path, path: Path) -> None:
    """A database from a backup folder; never over an existing database (move or delete it first)."""
    if not (folder / "schema.sql").exists():
        raise StoreError(f"{folder}: not a backup (no schema.sql)")
    if path.exists():
        raise StoreError(f"{path}: a database is already there; move it away to restore over it")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".restoring")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"IMPORT DATABASE '{_sql_path(folder)}'")
    finally:
        con.close()
    tmp.rename(path)                      # whole or not at all
    with reading(path):
        pass


def _sql_path(p: Path) -> str:
    return str(p.resolve()).replace("'", "''")
