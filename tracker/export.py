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


# --- stored figures out: the same table for every format ------------------------------------------
HXL = {
    "figure_id": "#meta+id", "doc": "#meta+doc", "metric": "#indicator+name", "value": "#affected+num",
    "low": "#affected+num+min", "high": "#affected+num+max", "qualifier": "#indicator+qualifier",
    "vague": "#indicator+vague", "group": "#affected+type", "location": "#loc+name", "period": "#date+period",
    "start": "#date+start", "date": "#date", "source": "#meta+source", "source_text": "#meta+source+text",
    "quote": "#description+quote", "number_text": "#description+number", "number_start": "#meta+offset+start",
    "number_end": "#meta+offset+end", "quote_start": "#meta+quote+start", "quote_end": "#meta+quote+end",
    "status": "#status", "title": "#meta+title", "url": "#meta+url", "publisher": "#org+publisher", "published": "#date+published",
}
FORMATS = ("csv", "xlsx", "parquet", "jsonl")
LEVELS = ("mentions", "reported", "revisions", "disagreements", "official")   # what tables.level_table writes


def _rows(table):
    names = table.column_names
    for row in table.to_pylist():
        yield [row[n] for n in names]


def _text(v):
    if v is None:
        return ""
    return v.isoformat() if hasattr(v, "isoformat") else v


def export_table(table, fmt: str, out, hxl: bool = False) -> int:
    """Write an Arrow table of figures; `out` is a path or a binary/text stream. Returns rows written."""
    names = table.column_names
    if hxl and fmt not in ("csv", "xlsx"):
        raise ValueError("--hxl applies to csv and xlsx")
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(names)
        if hxl:
            w.writerow([HXL.get(n, "") for n in names])
        for row in _rows(table):
            w.writerow([safe_cell(_text(v)) for v in row])
    elif fmt == "jsonl":
        for row in table.to_pylist():
            out.write(json.dumps({k: _text(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        pq.write_table(table, out)
    elif fmt == "xlsx":
        import xlsxwriter

        wb = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False, "in_memory": True})
        ws = wb.add_worksheet("figures")
        bold = wb.add_format({"bold": True})
        ws.write_row(0, 0, names, bold)
        r = 1
        if hxl:
            ws.write_row(1, 0, [HXL.get(n, "") for n in names])
            r = 2
        for row in _rows(table):
            ws.write_row(r, 0, [safe_cell(_text(v)) for v in row])
            r += 1
        ws.freeze_panes(1 + hxl, 0)
        wb.close()
    else:
        raise ValueError(f"unknown format {fmt}")
    return table.num_rows
