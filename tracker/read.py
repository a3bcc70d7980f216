"""Inputs to Articles: plain-text files, standard input and manifests, with a clear error for each bad one."""
from __future__ import annotations

import codecs
import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from .dates import find_dateline
from .model import Article

MAX_BYTES = 50 * 1024 * 1024


class InputError(Exception):
    """One input could not be read; the message names it and says why."""


@dataclass(frozen=True)
class Source:
    """Where an article's text comes from, before it is read."""
    name: str                     # a path, or "-" for standard input
    doc: str
    published: date | None = None
    title: str | None = None
    url: str | None = None
    publisher: str | None = None


def decode(data: bytes, name: str) -> str:
    """Bytes to text: BOMs honoured, UTF-8 first, then cp1252; binary refused."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: {len(data) // (1024 * 1024)} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit for one article")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _clean(data.decode(enc, errors="replace"))
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM shows as every other byte zero
        if data[1:4096:2].count(0) > len(data[1:4096:2]) * 0.9:
            return _clean(data.decode("utf-16-le", errors="replace"))
        raise InputError(f"{name}: binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _guess(data)
    controls = sum(1 for ch in text[:4096] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > 0.05 * min(len(text), 4096):
        raise InputError(f"{name}: binary file, not text")
    return _clean(text)


def _guess(data: bytes) -> str:
    """Not UTF-8: the encoding charset-normalizer finds most likely, cp1252 (a superset of latin-1) failing that."""
    from charset_normalizer import from_bytes

    found = [m.encoding for m in from_bytes(data[:200_000])]
    # Western text fits several 8-bit Latin tables about equally; English news means cp1252.
    if found and "cp1252" not in found[:6] and found[0] not in ("ascii", "utf_8"):
        try:
            return data.decode(found[0])
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace")


def _clean(text: str) -> str:
    """NFC, without changing the length of the text (offsets point into it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nfc = unicodedata.normalize("NFC", text)
    return nfc


def article(src: Source, data: bytes, default_published: date | None) -> Article:
    text = decode(data, src.name)
    published = src.published or default_published or find_dateline(text)
    if published is None:
        raise InputError(f"{src.name}: no publication date (give --published YYYY-MM-DD, or a manifest with 'published')")
    return Article(src.doc, text, published, src.title, src.url, src.publisher)


def from_manifest(path: Path) -> Iterator[Source | InputError]:
    """Sources listed in a JSON Lines manifest; paths are relative to the manifest."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        yield InputError(f"{path}: cannot read manifest ({e.__class__.__name__})")
        return
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            rel = rec["path"]
            doc = rec.get("id") or Path(rel).stem
            pub = date.fromisoformat(rec["published"]) if rec.get("published") else None
        except (ValueError, KeyError, TypeError) as e:
            yield InputError(f"{path}:{n}: not a manifest record ({e.__class__.__name__}: {e})")
            continue
        yield Source(str(path.parent / rel), doc, pub, rec.get("title"), rec.get("url"), rec.get("publisher"))


def read_bytes(src: Source, stdin) -> bytes:
    if src.name == "-":
        return stdin.buffer.read(MAX_BYTES + 1)
    p = Path(src.name)
    try:
        if p.is_dir():
            raise InputError(f"{src.name}: is a folder (give files, or a manifest)")
        if p.stat().st_size > MAX_BYTES:
            raise InputError(f"{src.name}: {p.stat().st_size // (1024 * 1024)} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit for one article")
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{src.name}: no such file") from None
    except PermissionError:
        raise InputError(f"{src.name}: permission denied") from None
    except OSError as e:
        raise InputError(f"{src.name}: cannot read ({e.strerror or e})") from None
