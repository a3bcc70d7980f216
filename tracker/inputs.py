"""What `ingest` reads: text, HTML, feeds, article records, folders and URLs, each to Articles.

Each input gives Articles or one InputError naming it; a bad input never stops the others.
HTML goes through trafilatura, feeds through feedparser, URLs through httpx (timeouts, a size
cap, a user agent, content-type checks). Text is normalised character for character (NBSP,
curly quotes) so that offsets into the stored text stay exact.
"""
from __future__ import annotations

import json
import os
import unicodedata
import warnings
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Iterator

from .dates import find_dateline
from .model import Article
from .read import MAX_BYTES, InputError, decode

USER_AGENT = "casualty-figures-tracker/0.1 (+https://github.com/; research use)"
HTTP_TIMEOUT = 15.0
MAX_DOWNLOAD = 20 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".feed"}
RECORD_SUFFIXES = {".jsonl", ".json", ".ndjson"}
SIDECAR = ".meta.json"          # report.txt + report.meta.json: {"published": ..., "title": ..., "url": ...}

# One character for one character, so that no offset moves.
_SAME_LENGTH = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})


def normalise(text: str) -> str:
    """NFC, then spaces and quotes made plain one character for one; the result is what is stored."""
    return unicodedata.normalize("NFC", text).translate(_SAME_LENGTH)


def expand(names: list[str]) -> Iterator[str]:
    """Inputs as given, with folders walked recursively (in name order, hidden files and sidecars skipped)."""
    for name in names:
        if name.startswith(("http://", "https://")):
            yield name
            continue
        p = Path(name)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if f.startswith(".") or f.endswith(SIDECAR) or f.lower() in ("provenance.md", "readme.md"):
                        continue
                    yield str(Path(root) / f)
        else:
            yield name


def _date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _article(doc: str, text: str, published: date | None, name: str, *, title=None, url=None, publisher=None) -> Article:
    text = normalise(text)
    if not text.strip():
        raise InputError(f"{name}: no article text found")
    published = published or find_dateline(text)
    if published is None:
        raise InputError(f"{name}: no publication date (give --published YYYY-MM-DD, a dateline, or a {SIDECAR} sidecar)")
    return Article(doc, text, published, title, url, publisher, origin=name)


def read(name: str, published: date | None = None, client=None) -> Iterator[Article | InputError]:
    """The articles of one input, or an InputError for it (never an exception)."""
    try:
        if name.startswith(("http://", "https://")):
            yield from _read_url(name, published, client)
            return
        p = Path(name)
        if not p.exists():
            raise InputError(f"{name}: no such file")
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{name}: {size // (1024 * 1024)} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit for one input")
        data = p.read_bytes()
        yield from _read_bytes(name, p.suffix.lower(), data, published, p.stem, _sidecar(p), client)
    except InputError as e:
        yield e
    except OSError as e:
        yield InputError(f"{name}: cannot read ({e.strerror or e})")


def _sidecar(p: Path) -> dict:
    side = p.with_name(p.stem + SIDECAR)
    if not side.exists():
        return {}
    try:
        meta = json.loads(side.read_text(encoding="utf-8"))
        return meta if isinstance(meta, dict) else {}
    except (ValueError, OSError) as e:
        raise InputError(f"{side}: sidecar is not a JSON object ({e.__class__.__name__})") from None


def _read_bytes(name: str, suffix: str, data: bytes, published, doc: str, meta: dict, client) -> Iterator[Article]:
    if not data.strip():
        raise InputError(f"{name}: empty file")
    kind = _kind(suffix, data)
    if kind == "records":
        yield from _read_records(name, data)
    elif kind == "feed":
        yield from _read_feed(name, data, published, client)
    elif kind == "html":
        yield _read_html(name, data, published, doc, meta)
    else:
        text = decode(data, name)
        yield _article(meta.get("id") or doc, text, published or _date(meta.get("published")), name,
                       title=meta.get("title"), url=meta.get("url"), publisher=meta.get("publisher"))


def _kind(suffix: str, data: bytes) -> str:
    if suffix in RECORD_SUFFIXES:
        return "records"
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "text"
    head = data[:1024].lstrip().lower()
    if head.startswith(b"<?xml") and (b"<rss" in data[:4096].lower() or b"<feed" in data[:4096].lower()):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def _read_html(name: str, data: bytes, published, doc: str, meta: dict) -> Article:
    import trafilatura

    html = decode(data, name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            found = trafilatura.bare_extraction(html, with_metadata=True)
        except Exception as e:  # trafilatura raises many kinds on broken markup
            raise InputError(f"{name}: broken HTML ({e.__class__.__name__})") from None
    if not found:
        raise InputError(f"{name}: broken HTML or no article text found")
    d = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    if not (d.get("text") or "").strip():
        raise InputError(f"{name}: no article text found in the HTML")
    return _article(meta.get("id") or doc, d["text"], published or _date(meta.get("published")) or _date(d.get("date")), name,
                    title=meta.get("title") or d.get("title"), url=meta.get("url") or d.get("url"),
                    publisher=meta.get("publisher") or d.get("sitename") or d.get("hostname"))


def _read_records(name: str, data: bytes) -> Iterator[Article | InputError]:
    """Article records (id, title, published, url, publisher, text): JSON Lines, or a JSON list/object."""
    text = decode(data, name)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            records = json.loads(text)
        except ValueError as e:
            raise InputError(f"{name}: not JSON ({e})") from None
        rows = [(i + 1, r) for i, r in enumerate(records)]
    elif stripped.startswith("{") and "\n{" not in stripped.strip():
        try:
            rows = [(1, json.loads(text))]
        except ValueError as e:
            raise InputError(f"{name}: not JSON ({e})") from None
    else:
        rows = []
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    rows.append((n, json.loads(line)))
                except ValueError as e:
                    yield InputError(f"{name}:{n}: not JSON ({e.msg})")
    for n, r in rows:
        where = f"{name}:{n}"
        if not isinstance(r, dict) or not isinstance(r.get("text"), str):
            yield InputError(f"{where}: not an article record (needs at least 'text' and 'published')")
            continue
        try:
            yield _article(str(r.get("id") or f"{Path(name).stem}-{n}"), r["text"], _date(r.get("published")), where,
                           title=r.get("title"), url=r.get("url"), publisher=r.get("publisher"))
        except InputError as e:
            yield e


def _read_feed(name: str, data: bytes, published, client) -> Iterator[Article | InputError]:
    import feedparser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        feed = feedparser.parse(data)
    if not feed.entries:
        why = f"not a feed ({type(feed.bozo_exception).__name__})" if feed.bozo else "a feed with no entries"
        raise InputError(f"{name}: {why}")
    publisher = feed.feed.get("title")
    for i, e in enumerate(feed.entries, 1):
        where = f"{name}#{i}"
        try:
            when = published or _entry_date(e)
            url = e.get("link")
            doc = e.get("id") or url or where
            content = e.get("content") or []
            if content and content[0].get("value"):
                body = content[0]["value"]
                art = _read_html(where, f"<html><body>{body}</body></html>".encode("utf-8"), when, doc, {}) \
                    if "<" in body else _article(doc, body, when, where)
                yield replace(art, title=e.get("title") or art.title, url=url or art.url, publisher=publisher or art.publisher)
            elif url:
                try:
                    for art in _read_url(url, when, client):
                        if isinstance(art, InputError):
                            yield InputError(f"{where}: {art}")
                        else:
                            yield replace(art, id=str(doc), title=e.get("title") or art.title, publisher=publisher or art.publisher)
                except InputError as err:
                    if not e.get("summary"):
                        raise InputError(f"{where}: {err}") from None
                    # the linked page is out of reach: the entry's own summary is what the feed gives
                    art = _read_html(where, f"<html><body>{e['summary']}</body></html>".encode("utf-8"), when, doc, {})
                    yield replace(art, title=e.get("title") or art.title, url=url, publisher=publisher or art.publisher)
            else:
                raise InputError(f"{where}: entry has neither content nor a link")
        except InputError as err:
            yield err


def _entry_date(e) -> date | None:
    for key in ("published_parsed", "updated_parsed"):
        t = e.get(key)
        if t:
            return date(t.tm_year, t.tm_mon, t.tm_mday)
    return None


def http_client():
    import httpx

    return httpx.Client(timeout=HTTP_TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT})


def _read_url(url: str, published, client) -> Iterator[Article | InputError]:
    import httpx

    own = client is None
    client = client or http_client()
    try:
        with client.stream("GET", url) as r:
            if r.status_code >= 400:
                raise InputError(f"{url}: HTTP {r.status_code}")
            declared = int(r.headers.get("content-length") or 0)
            if declared > MAX_DOWNLOAD:
                raise InputError(f"{url}: {declared // (1024 * 1024)} MB is over the {MAX_DOWNLOAD // (1024 * 1024)} MB download limit")
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > MAX_DOWNLOAD:
                    raise InputError(f"{url}: over the {MAX_DOWNLOAD // (1024 * 1024)} MB download limit")
                chunks.append(chunk)
            ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        data = b"".join(chunks)
    except httpx.TimeoutException:
        raise InputError(f"{url}: timed out after {HTTP_TIMEOUT:.0f} s") from None
    except httpx.HTTPError as e:
        raise InputError(f"{url}: unreachable ({e.__class__.__name__})") from None
    finally:
        if own:
            client.close()
    suffix = {"text/html": ".html", "application/xhtml+xml": ".html", "application/rss+xml": ".rss",
              "application/atom+xml": ".atom", "application/xml": "", "text/xml": "", "text/plain": ".txt",
              "application/json": ".json", "application/x-ndjson": ".jsonl"}.get(ctype)
    if suffix is None:
        raise InputError(f"{url}: content type {ctype or 'missing'} is not a page, feed, text or JSON")
    doc = url.rstrip("/").rsplit("/", 1)[-1] or url
    for art in _read_bytes(url, suffix, data, published, doc, {}, client):
        yield art if isinstance(art, InputError) or art.url else replace(art, url=url)


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
