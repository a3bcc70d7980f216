"""`python -m tracker ...`: the command line."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from . import export
from .extract import ExtractionError, extract
from .read import InputError, Source, article, from_manifest, read_bytes


def _date(s: str) -> date:
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def _sources(args) -> list[Source | InputError]:
    out: list[Source | InputError] = []
    if args.manifest:
        out += list(from_manifest(Path(args.manifest)))
    for name in args.files:
        doc = "stdin" if name == "-" else Path(name).stem
        out.append(Source(name, doc))
    return out


def cmd_extract(args) -> int:
    if not args.files and not args.manifest:
        print("tracker extract: give files, '-' for standard input, or --manifest FILE", file=sys.stderr)
        return 2
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    failed = 0
    first = True
    for src in _sources(args):
        try:
            if isinstance(src, InputError):
                raise src
            art = article(src, read_bytes(src, sys.stdin), args.published)
            figures = extract(art)
        except InputError as e:
            print(f"tracker: {e}", file=sys.stderr)
            failed += 1
            continue
        except ExtractionError as e:
            print(f"tracker: {src.name}: {e}", file=sys.stderr)
            failed += 1
            continue
        if fmt == "jsonl":
            export.write_jsonl(figures, sys.stdout)
        elif fmt == "csv":
            export.write_csv(figures, sys.stdout, header=first)
        else:
            export.write_table(figures, sys.stdout)
        first = False
    sys.stdout.flush()
    return 1 if failed else 0


def _db(args) -> Path:
    from .store import db_path

    return db_path(args.db)


def cmd_ingest(args) -> int:
    from .ingest import ingest

    outcome = ingest(args.inputs, _db(args), args.published, workers=args.workers)
    print(outcome.line(), file=sys.stderr)
    return 1 if outcome.failed else 0


def cmd_reextract(args) -> int:
    from .ingest import reextract

    articles, figures, errors = reextract(_db(args), workers=args.workers)
    for e in errors:
        print(f"tracker: {e}", file=sys.stderr)
    print(f"re-extracted {articles} articles: {figures} figures stored, {len(errors)} failed", file=sys.stderr)
    return 1 if errors else 0


def cmd_sources(args) -> int:
    from .store import source_summary

    rows = [r for r in source_summary(_db(args)) if args.all or r[4]]
    for name, kind, country, aliases, n in rows:
        print(f"{n:>7}  {name:<45.45} {kind:<16} {country or '':<12} {aliases or ''}")
    return 0


def cmd_export(args) -> int:
    from .store import Filters

    filters = Filters(sources=tuple(args.source or ()), date_from=args.date_from, date_to=args.date_to,
                      metrics=tuple(args.metric or ()), location=args.location, periods=tuple(args.period or ()),
                      search=args.search, qualifiers=tuple(args.qualifier or ()), current_only=not args.all_versions,
                      as_of=args.as_of)
    from .tables import level_table

    table = level_table(_db(args), args.level, filters)
    if args.format in ("xlsx", "parquet") and not args.output:
        print(f"tracker export: --format {args.format} needs -o FILE", file=sys.stderr)
        return 2
    if args.hxl and args.format not in ("csv", "xlsx"):
        print("tracker export: --hxl applies to csv and xlsx", file=sys.stderr)
        return 2
    if args.output:
        if args.format in ("csv", "jsonl"):
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                n = export.export_table(table, args.format, out, hxl=args.hxl)
        else:
            n = export.export_table(table, args.format, args.output, hxl=args.hxl)
        print(f"{n} rows ({args.level}) written to {args.output}", file=sys.stderr)
    else:
        export.export_table(table, args.format, sys.stdout, hxl=args.hxl)
    return 0


def cmd_import_series(args) -> int:
    from .series import SeriesError, Spec, import_series

    spec = Spec(args.source, args.metric, args.date_column, args.value_column, args.period, args.group,
                args.location, args.name, args.date_format)
    try:
        done = import_series(_db(args), Path(args.file), spec)
    except SeriesError as e:
        print(f"tracker: {e}", file=sys.stderr)
        return 1
    print(done.line(), file=sys.stderr)
    return 0


def cmd_series(args) -> int:
    from .series import check, series_list

    if not args.check:
        for r in series_list(_db(args)).itertuples():
            print(f"{r.series_id:>3}  {r.name:<55.55} {r.points:>6} points  {r.first} .. {r.last}  {r.origin}")
        return 0
    df = check(_db(args))
    if args.differs:
        df = df[df["status"] == "differs"]
    for r in df.itertuples():
        official = "" if r.status == "no official value" else f"official {int(r.official):,} on {r.official_date:%Y-%m-%d}"
        print(f"{r.date:%Y-%m-%d}  {r.source:<28.28} {r.metric:<8} {r.number_text:>18.18}  {r.status:<17} {official}"
              f"  ({r.articles} articles)")
    counts = df["status"].value_counts()
    print("  ".join(f"{k}: {v}" for k, v in counts.items()) or "no reported figure has an official series", file=sys.stderr)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tracker", description="Casualty figures out of news text.")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="print the figures in articles")
    ex.add_argument("files", nargs="*", help="plain-text files, or - for standard input")
    ex.add_argument("--manifest", help="JSON Lines manifest (id, path, published ...), paths relative to it")
    ex.add_argument("--published", type=_date, help="publication date for files without one (YYYY-MM-DD)")
    ex.add_argument("--format", choices=("table", "jsonl", "csv"), help="default: table on a terminal, else jsonl")
    ex.set_defaults(func=cmd_extract)

    def with_db(p):
        p.add_argument("--db", help="database file (default: $TRACKER_DB or db/tracker.duckdb)")
        return p

    ing = with_db(sub.add_parser("ingest", help="store articles and their figures (files, folders, feeds, URLs)"))
    ing.add_argument("inputs", nargs="+", help=".txt .html .jsonl/.json feeds, folders, http(s) URLs")
    ing.add_argument("--published", type=_date, help="publication date for inputs without one")
    ing.add_argument("--workers", type=int, help="extraction processes (default: up to 2)")
    ing.set_defaults(func=cmd_ingest)

    rx = with_db(sub.add_parser("reextract", help="rebuild every stored figure with the current extractor"))
    rx.add_argument("--workers", type=int)
    rx.set_defaults(func=cmd_reextract)

    so = with_db(sub.add_parser("sources", help="bodies credited, their kind, aliases and figure counts"))
    so.add_argument("--all", action="store_true", help="also bodies no stored figure credits")
    so.set_defaults(func=cmd_sources)

    out = with_db(sub.add_parser("export", help="stored figures as CSV, XLSX, Parquet or JSON Lines"))
    out.add_argument("--format", choices=export.FORMATS, default="csv")
    out.add_argument("-o", "--output", help="file to write (default: standard output for csv/jsonl)")
    out.add_argument("--source", action="append", help="a body (canonical name or alias); repeatable")
    out.add_argument("--from", dest="date_from", type=_date, help="figures dated on or after")
    out.add_argument("--to", dest="date_to", type=_date, help="figures dated on or before")
    out.add_argument("--metric", action="append", choices=("killed", "injured", "missing", "displaced", "attacks", "damaged"))
    out.add_argument("--period", action="append", choices=("total", "interval", "incident"))
    out.add_argument("--qualifier", action="append", choices=("exact", "at_least", "at_most", "approx"))
    out.add_argument("--location", help="place name contains")
    out.add_argument("--search", help="quote contains")
    out.add_argument("--all-versions", action="store_true", help="include versions an article's newer text replaced")
    out.add_argument("--hxl", action="store_true", help="add the Humanitarian Exchange Language hashtag row")
    out.add_argument("--level", choices=("mentions", "reported", "revisions", "disagreements", "official"), default="mentions",
                     help="mentions (one row per figure in an article, default), reported (one per reported figure, "
                          "with how many articles cite it), revisions, disagreements, official (reported figures "
                          "beside the imported official series)")
    out.add_argument("--as-of", type=_date, help="only what had been published by this day (what was known then)")
    out.set_defaults(func=cmd_export)

    imp = with_db(sub.add_parser("import-series", help="load an official time series (CSV or JSON) for one body and metric"))
    imp.add_argument("file", help=".csv or .json (a list of records; nested keys as a.b)")
    imp.add_argument("--source", required=True, help="the body whose series it is (canonical name or alias)")
    imp.add_argument("--metric", required=True, choices=("killed", "injured", "missing", "displaced", "attacks", "damaged"))
    imp.add_argument("--date-column", required=True)
    imp.add_argument("--value-column", required=True)
    imp.add_argument("--period", choices=("total", "interval"), default="total",
                     help="total: cumulative counts (default); interval: new in each period")
    imp.add_argument("--group", help="who is counted, when not everyone (children, journalists ...)")
    imp.add_argument("--location", help="the place, when the series is about one")
    imp.add_argument("--name", help="a name to show (default: body, metric, group)")
    imp.add_argument("--date-format", help="strptime format when dates are not YYYY-MM-DD (default: guessed)")
    imp.set_defaults(func=cmd_import_series)

    ls = with_db(sub.add_parser("series", help="the official series imported, or (--check) how reports compare"))
    ls.add_argument("--check", action="store_true", help="one line per reported figure compared with its series")
    ls.add_argument("--differs", action="store_true", help="with --check: only the reports that differ")
    ls.set_defaults(func=cmd_series)

    args = ap.parse_args(argv)
    from .store import StoreError

    try:
        return args.func(args)
    except StoreError as e:
        print(f"tracker: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
