"""Figures out as tables: JSON Lines, spreadsheet-safe CSV, and a readable terminal table."""
from __future__ import annotations

import csv
import json
from typing import Iterable, TextIO

from .model import FIELDS, Figure

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell a spreadsheet will show, not run: text starting with = + - @ tab or CR gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_jsonl(figures: Iterable[Figure], out: TextIO) -> int:
    n = 0
    for f in figures:
        out.write(json.dumps(f.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(figures: Iterable[Figure], out: TextIO, header: bool = True) -> int:
    w = csv.writer(out)
    if header:
        w.writerow(FIELDS)
    n = 0
    for f in figures:
        w.writerow([safe_cell("" if v is None else v) for v in f.to_dict().values()])
        n += 1
    return n


def write_table(figures: Iterable[Figure], out: TextIO) -> int:
    """One figure a line: what, how many, when, who says so, and where in the text."""
    n = 0
    for f in figures:
        value = f"{f.low:,}" if f.low == f.high else f"{f.low:,}-{f.high:,}"
        qual = {"exact": "", "at_least": "≥", "at_most": "≤", "approx": "~"}[f.qualifier]
        period = {"total": "total", "interval": f"{f.start}..", "incident": "incident"}[f.period]
        out.write(f"{f.doc:<20.20} {f.metric:<9} {qual + value:>12} {'(vague) ' if f.vague else ''}"
                  f"{f.group or '':<18.18} {f.date or '?':<10} {period:<12} {(f.source or '—'):<30.30} "
                  f"@{f.number_start}  “{f.number_text}”\n")
        n += 1
    return n
