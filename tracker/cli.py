"""`python -m tracker ...`: the command line."""
from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from . import export
from .extract import ExtractionError, extract
from .model import METRICS, PERIODS, QUALIFIERS
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

    from .series import import_config

    try:
        if args.config:
            for done in import_config(_db(args), Path(args.config)):
                print(done.line(), file=sys.stderr)
            return 0
        missing = [o for o in ("file", "source", "metric", "date_column", "value_column") if not getattr(args, o)]
        if missing:
            names = ["FILE" if m == "file" else "--" + m.replace("_", "-") for m in missing]
            print(f"tracker import-series: missing {', '.join(names)} (or give --config FILE.toml)", file=sys.stderr)
            return 2
        spec = Spec(args.source, args.metric, args.date_column, args.value_column, args.period, args.group,
                    args.location, args.name, args.date_format)
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


def _fields(pairs: list[str] | None) -> dict:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise SystemExit(f"tracker review: --set needs FIELD=VALUE, not {pair!r}")
        k, v = pair.split("=", 1)
        out[k.strip()] = v
    return out


def _editor(args) -> str:
    import getpass

    return args.editor or os.environ.get("TRACKER_EDITOR") or getpass.getuser()


def cmd_review(args) -> int:
    import pandas as pd

    from . import review

    db = _db(args)
    try:
        if args.action == "list":
            if args.orphaned or args.corrections:
                df = review.history(db, state="orphaned" if args.orphaned else None, article_id=args.article)
                for r in df.itertuples():
                    print(f"#{r.correction_id:<5} {r.made_at:%Y-%m-%d %H:%M}  {r.editor:<12.12} {r.action:<8} "
                          f"figure {'-' if pd.isna(r.figure_id) else int(r.figure_id):<7} {r.state:<9} "
                          f"{r.changes if r.action != 'add' else ''}  {r.reason or ''}")
                return 0
            df = review.figures_of(db, article_id=args.article, status=args.status, figure_id=args.figure,
                                   limit=args.limit)
            for r in df.itertuples():
                print(f"{r.figure_id:>8}  article {r.article_id:<6} {r.status:<9} {r.metric:<9} {r.number_text:>18.18}  "
                      f"{str(r.date)[:10]}  {r.period:<8} {(r.source or '—'):<28.28}  @{r.number_start}")
            return 0
        editor = _editor(args)
        if args.action == "reject":
            done = review.reject(db, args.figure, args.reason, editor)
        elif args.action == "correct":
            done = review.correct(db, args.figure, _fields(args.set), args.reason, editor)
        elif args.action == "add":
            done = review.add(db, args.article, args.start, args.end, _fields(args.set), args.reason, editor)
        else:
            for r in review.history(db, figure_id=args.figure).itertuples():
                print(f"#{r.correction_id} {r.made_at} {r.editor} {r.action} {r.state}: {r.changes}"
                      f"  (was: {r.original or '-'})  {r.reason or ''}")
            return 0
    except review.ReviewError as e:
        print(f"tracker review: {e}", file=sys.stderr)
        return 1
    print(f"correction #{done.correction_id}: {done.action} figure {done.figure_id}", file=sys.stderr)
    return 0


def cmd_corrections(args) -> int:
    import json

    from . import review

    db = _db(args)
    if args.format == "jsonl":
        gold, manifest = review.reviewed_gold(db)
        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
        try:
            for g in gold:
                out.write(json.dumps(g, ensure_ascii=False) + "\n")
        finally:
            if args.output:
                out.close()
        if args.texts:
            folder = Path(args.texts)
            (folder / "docs").mkdir(parents=True, exist_ok=True)
            with open(folder / "manifest.jsonl", "w", encoding="utf-8") as m:
                for art in manifest:
                    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in art["id"])[:120]
                    (folder / "docs" / f"{name}.txt").write_text(art.pop("text"), encoding="utf-8")
                    m.write(json.dumps({"id": art["id"], "path": f"docs/{name}.txt", **art}, ensure_ascii=False) + "\n")
        print(f"{len(gold)} reviewed figures from {len(manifest)} articles", file=sys.stderr)
        return 0
    import pyarrow as pa

    df = review.history(db)
    table = pa.Table.from_pandas(df, preserve_index=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            export.export_table(table, "csv", out)
    else:
        export.export_table(table, "csv", sys.stdout)
    return 0


def cmd_backup(args) -> int:
    from .store import backup

    n = backup(_db(args), Path(args.folder))
    print(f"database written to {args.folder} ({n} tables; restore with `tracker restore {args.folder}`)", file=sys.stderr)
    return 0


def cmd_restore(args) -> int:
    from .store import restore

    restore(Path(args.folder), _db(args))
    print(f"restored {args.folder} into {_db(args)}", file=sys.stderr)
    return 0


def cmd_editor(args) -> int:
    import getpass

    from .access import AccessError, hash_password

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if password != getpass.getpass("again: "):
            print("tracker editor: the passwords differ", file=sys.stderr)
            return 1
    try:
        line = f'{args.name} = "{hash_password(password)}"'
    except AccessError as e:
        print(f"tracker editor: {e}", file=sys.stderr)
        return 1
    print("# add under [editors] in $TRACKER_ACCESS or .streamlit/secrets.toml", file=sys.stderr)
    print(line)
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
    out.add_argument("--metric", action="append", choices=METRICS)
    out.add_argument("--period", action="append", choices=PERIODS)
    out.add_argument("--qualifier", action="append", choices=QUALIFIERS)
    out.add_argument("--location", help="place name contains")
    out.add_argument("--search", help="quote contains")
    out.add_argument("--all-versions", action="store_true", help="include versions an article's newer text replaced")
    out.add_argument("--hxl", action="store_true", help="add the Humanitarian Exchange Language hashtag row")
    out.add_argument("--level", choices=export.LEVELS, default="mentions",
                     help="mentions (one row per figure in an article, default), reported (one per reported figure, "
                          "with how many articles cite it), revisions, disagreements, official (reported figures "
                          "beside the imported official series)")
    out.add_argument("--as-of", type=_date, help="only what had been published by this day (what was known then)")
    out.set_defaults(func=cmd_export)

    imp = with_db(sub.add_parser("import-series", help="load an official time series (CSV or JSON) for one body and metric"))
    imp.add_argument("file", nargs="?", help=".csv or .json (a list of records; nested keys as a.b)")
    imp.add_argument("--config", help="a TOML file of [[series]] (as official/series.toml) instead of one FILE")
    imp.add_argument("--source", help="the body whose series it is (canonical name or alias)")
    imp.add_argument("--metric", choices=METRICS)
    imp.add_argument("--date-column")
    imp.add_argument("--value-column")
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

    rv = with_db(sub.add_parser("review", help="list, reject, correct or add figures (corrections survive reextract)"))
    rv.add_argument("action", choices=("list", "reject", "correct", "add", "history"))
    rv.add_argument("--figure", type=int, help="figure id (reject, correct, history; list: one figure)")
    rv.add_argument("--article", type=int, help="article id (add; list: its figures)")
    rv.add_argument("--start", type=int, help="add: offset of the number's first character in the article text")
    rv.add_argument("--end", type=int, help="add: offset just after the number")
    rv.add_argument("--set", action="append", metavar="FIELD=VALUE",
                    help="correct/add: value, low, high, qualifier, vague, metric, source, date, start, period, "
                         "location, group; repeatable")
    rv.add_argument("--reason", help="why (needed to reject)")
    rv.add_argument("--editor", help="who (default: $TRACKER_EDITOR or the login name)")
    rv.add_argument("--status", choices=("extracted", "corrected", "rejected", "added"), help="list: only these")
    rv.add_argument("--corrections", action="store_true", help="list: the corrections, newest first")
    rv.add_argument("--orphaned", action="store_true", help="list: corrections whose figure a re-extraction lost")
    rv.add_argument("--limit", type=int, default=500)
    rv.set_defaults(func=cmd_review)

    co = with_db(sub.add_parser("corrections", help="corrections out: as gold figures (jsonl) or as a log (csv)"))
    co.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                    help="jsonl: every reviewed article's figures in the gold format of GUIDELINES.md; csv: the log")
    co.add_argument("-o", "--output")
    co.add_argument("--texts", help="jsonl: also write the reviewed articles' texts and a manifest into this folder")
    co.set_defaults(func=cmd_corrections)

    bk = with_db(sub.add_parser("backup", help="write the whole database to a folder (DuckDB EXPORT DATABASE)"))
    bk.add_argument("folder")
    bk.set_defaults(func=cmd_backup)
    rs = with_db(sub.add_parser("restore", help="a new database from a backup folder (refuses to overwrite one)"))
    rs.add_argument("folder")
    rs.set_defaults(func=cmd_restore)

    ed = sub.add_parser("editor", help="print an editor account line (scrypt hash) for the access settings")
    ed.add_argument("name")
    ed.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    ed.set_defaults(func=cmd_editor)

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
