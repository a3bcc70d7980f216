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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tracker", description="Casualty figures out of news text.")
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="print the figures in articles")
    ex.add_argument("files", nargs="*", help="plain-text files, or - for standard input")
    ex.add_argument("--manifest", help="JSON Lines manifest (id, path, published ...), paths relative to it")
    ex.add_argument("--published", type=_date, help="publication date for files without one (YYYY-MM-DD)")
    ex.add_argument("--format", choices=("table", "jsonl", "csv"), help="default: table on a terminal, else jsonl")
    ex.set_defaults(func=cmd_extract)
    args = ap.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
