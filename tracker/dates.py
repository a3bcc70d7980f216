"""Dates in a sentence, resolved against the day an article speaks from.

Each mention says what it is (a day, a window, a month, the start of a total) so that the
extractor can decide which one a figure refers to. Relative words ("Wednesday", "yesterday",
"in the past 24 hours") are resolved against the anchor day, with the year inferred when the
text gives none: the latest such day not more than a week after the anchor.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .patterns import TIMEOUT, alt, compile

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS.update({"sept": 9})
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "twenty-four": 24, "forty-eight": 48,
                "several": 3, "few": 3}

MONTH = rf"(?P<{{}}>{alt(sorted(MONTHS, key=len, reverse=True))})(?![a-z])\.?"
WEEKDAY = alt(WEEKDAYS)
DAYNUM = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d\d"


def _m(name: str) -> str:
    return MONTH.format(name)


# One pattern for every date form; named groups tell them apart. Order matters: longer forms first.
DATE = compile(rf"""
  (?P<since>\bsince\s+(?:the\s+)?)?
  (?:
    # ranges: "between May 3 and July 4", "February 6 and 7", "December 6-8", "10 and 11 May"
    (?P<range>
        (?:between\s+(?:the\s+\w+\s+of\s+)?|from\s+)?
        (?: {_m('rm1')}\s+(?P<rd1>{DAYNUM})(?:,?\s+(?P<ry1>{YEAR}))?
              (?:\s*(?:-|–|and|to|until|through)\s*)
              (?:{_m('rm2')}\s+)?(?P<rd2>{DAYNUM})(?!\s*(?:%|,\d))(?:,?\s+(?P<ry2>{YEAR}))?
          | (?P<rd3>{DAYNUM})\s+(?:{_m('rm3')}\s+)?(?:-|–|and|to|until|through)\s+(?P<rd4>{DAYNUM})\s+{_m('rm4')}(?:,?\s+(?P<ry4>{YEAR}))?
        )
      | between\s+(?P<rw1>{WEEKDAY})\s+and\s+(?P<rw2>{WEEKDAY})
      | from\s+(?P<rw3>{WEEKDAY})\s+(?:to|until)\s+(?P<rw4>{WEEKDAY})
    )
  | # a day: "Feb. 6, 2024", "6 February 2024", "Monday Nov. 6", "Tuesday (14)", "Wednesday"
    (?P<day>
        (?:(?P<wd0>{WEEKDAY}),?\s+)?
        (?: {_m('m1')}\s+(?P<d1>{DAYNUM})\b(?!\s*(?:-|–)\s*\d)(?:,?\s+(?P<y1>{YEAR}))?
          | (?P<d2>{DAYNUM})\s+(?:of\s+)?{_m('m2')}\b(?:,?\s+(?P<y2>{YEAR}))?
          | (?P<wd1>{WEEKDAY})(?:['’]s)?(?:\s+(?:morning|afternoon|evening|night))?\s+\((?P<d3>{DAYNUM})\)
          | (?P<iso>(?P<iy>{YEAR})-(?P<im>[01]\d)-(?P<id>[0-3]\d))
          | (?P<wd2>{WEEKDAY})(?:['’]s)?
          | (?P<rel>yesterday|today|tonight|this\s+morning|this\s+afternoon|this\s+evening|last\s+night|overnight|earlier\s+today)
        )
    )
  | # a window ending at the anchor: "in the past 24 hours", "over the last two days", "last week"
    (?P<window>
        (?:\b(?:in|over|during|within|for)\s+)?(?:\bthe\s+)?\b(?:past|last|previous|preceding)\s+
        (?:(?:(?P<wn>\d+|{alt(NUMBER_WORDS)})\s+)?(?P<wu>hours?|days?|weeks?|months?|day|week|month)|(?P<wn3>\d+|{alt(NUMBER_WORDS)})\s+(?P<wu4>years?))
      | (?:last|this)\s+(?P<wu2>week|weekend|month)
      | in\s+(?:the\s+)?past\s+day
      | \bin\s+(?:just\s+)?(?:over|under|less\s+than|more\s+than)\s+(?P<wn2>\d+|{alt(NUMBER_WORDS)})\s+(?P<wu3>days|weeks|months)
    )
  | # a month: "in July", "in February 2024", "during March"
    (?P<month>(?:in|during|throughout|for|of)\s+(?:early\s+|mid-?|late\s+)?{_m('mm')}(?!\s+\d{{1,2}}\b)(?:\s+(?P<my>{YEAR}))?)
  | (?P<monthyear>{_m('my2')}\s+(?P<myy>{YEAR}))
  | (?P<year>(?<![\d,.])(?:in|since|of|during|the|until|by|from)\s+{YEAR}\b)
  )
""")


@dataclass(frozen=True)
class DateMention:
    kind: str               # day | range | window | month | since | vague
    start: int              # span in the sentence
    end: int
    day: date | None        # the day the mention points to (last day of a range or window)
    first: date | None = None   # first day of a range or window


def infer_year(month: int, day: int, anchor: date) -> date | None:
    """The latest date with this month and day that is not more than a week after the anchor."""
    for year in (anchor.year, anchor.year - 1):
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if d <= anchor + timedelta(days=7):
            return d
    return None


def _day(month: str | None, day: str | None, year: str | None, anchor: date) -> date | None:
    if not month or not day:
        return None
    m, d = MONTHS[month.lower().rstrip(".")], int(day.rstrip("stndrh"))
    if year:
        try:
            return date(int(year), m, d)
        except ValueError:
            return None
    return infer_year(m, d, anchor)


def _day_near(day: int, anchor: date) -> date | None:
    """The day of this or last month with that day number, no more than a week after the anchor."""
    for months_back in (0, 1):
        y, m = anchor.year, anchor.month - months_back
        if m == 0:
            y, m = y - 1, 12
        try:
            d = date(y, m, day)
        except ValueError:
            continue
        if d <= anchor + timedelta(days=7):
            return d
    return None


def weekday_before(name: str, anchor: date) -> date:
    """The latest given weekday on or before the anchor ("Wednesday" in a Wednesday paper is that day)."""
    back = (anchor.weekday() - WEEKDAYS[name.lower()]) % 7
    return anchor - timedelta(days=back)


def _window_days(n: str | None, unit: str) -> int:
    count = int(n) if n and n.isdigit() else NUMBER_WORDS.get((n or "").lower(), 1)
    unit = unit.lower().rstrip("s")
    return {"hour": max(1, round(count / 24)), "day": count, "week": 7 * count,
            "month": 30 * count, "year": 365 * count}.get(unit, count)


def find_dates(sentence: str, anchor: date) -> list[DateMention]:
    """Every date expression in a sentence, resolved against the anchor day."""
    out = []
    for m in _date_matches(sentence):
        if not m.group("since") and SINCE_BEFORE.search(sentence[max(0, m.start() - SINCE_LOOKBACK):m.start()], timeout=TIMEOUT):
            mention = _mention(m, sentence, anchor)
            if mention:
                out.append(DateMention("since", mention.start, mention.end, mention.day, mention.first or mention.day))
            continue
        mention = _mention(m, sentence, anchor)
        if mention:
            out.append(mention)
    return out


# Every date form holds one of these words; DATE is tried only just before them (the full
# pattern is slow to scan along a whole sentence, and most sentences hold no date).
ANCHOR = compile(rf"""\b(?:{alt(sorted(MONTHS, key=len, reverse=True))}|{WEEKDAY}|yesterday|today|tonight|overnight
    |past|last|previous|preceding|this|days|weeks|months|(?:19|20)\d\d)(?![a-z])""")
# Words a date phrase may begin with before its anchor word ("between the afternoons of February 6").
PREFIX_START = compile(r"\b(?:between|from|since|in|over|during|within|for|the|throughout|of|early|late|mid|on)\b|(?<![\d,.])\d")
REACH = 50


def _date_matches(sentence: str):
    """DATE matches, found by trying it only at word starts shortly before an anchor word."""
    done = 0
    for a in ANCHOR.finditer(sentence, timeout=TIMEOUT):
        if a.start() < done:
            continue
        lo = max(done, a.start() - REACH)
        starts = [w.start() for w in PREFIX_START.finditer(sentence, lo, a.start(), timeout=TIMEOUT)] + [a.start()]
        for start in starts:
            m = DATE.match(sentence, start, timeout=TIMEOUT)
            if m and m.end() > a.start():
                yield m
                done = m.end()
                break


SINCE_BEFORE = compile(r"\bsince\b[^,.;:]*$")
SINCE_LOOKBACK = 90


def _mention(m, sentence: str, anchor: date) -> DateMention | None:
    out: list[DateMention] = []
    g = m.groupdict()
    s, e = m.span()
    if g["range"]:
        if g["rw1"] or g["rw3"]:
            a = weekday_before(g["rw1"] or g["rw3"], anchor)
            b = weekday_before(g["rw2"] or g["rw4"], anchor)
            first, last = (a, b) if a <= b else (a - timedelta(days=7), b)
        elif g["rm1"]:
            last = _day(g["rm2"] or g["rm1"], g["rd2"], g["ry2"] or g["ry1"], anchor)
            first = _day(g["rm1"], g["rd1"], g["ry1"] or g["ry2"] or (str(last.year) if last else None), anchor)
        else:
            last = _day(g["rm4"], g["rd4"], g["ry4"], anchor)
            first = _day(g["rm3"] or g["rm4"], g["rd3"], g["ry4"] or (str(last.year) if last else None), anchor)
        if first and last and first > last:
            first = None
        out.append(DateMention("since" if g["since"] else "range", s, e, last, first))
    elif g["day"]:
        if g["iso"]:
            try:
                d = date(int(g["iy"]), int(g["im"]), int(g["id"]))
            except ValueError:
                return None
        elif g["m1"] or g["m2"]:
            d = _day(g["m1"] or g["m2"], g["d1"] or g["d2"], g["y1"] or g["y2"], anchor)
        elif g["d3"]:
            d = weekday_before(g["wd1"], anchor)
            day = int(g["d3"].rstrip("stndrh"))
            if d.day != day:          # "Thursday (16)" ahead of the anchor: trust the day number
                d = _day_near(day, anchor) or d
        elif g["wd2"]:
            d = weekday_before(g["wd2"], anchor)
        else:
            rel = " ".join(g["rel"].lower().split())
            d = anchor - timedelta(days=1) if rel in ("yesterday", "last night") else anchor
        if d is None:
            return None
        out.append(DateMention("since" if g["since"] else "day", s, e, d, d if g["since"] else None))
    elif g["window"]:
        days = _window_days(g["wn"] or g["wn2"] or g["wn3"], g["wu"] or g["wu2"] or g["wu3"] or g["wu4"] or "day")
        out.append(DateMention("window", s, e, anchor, anchor - timedelta(days=days)))
    elif g["month"]:
        mon = MONTHS[g["mm"].lower().rstrip(".")]
        year = int(g["my"]) if g["my"] else (anchor.year if mon <= anchor.month else anchor.year - 1)
        first = date(year, mon, 1)
        last = date(year, mon, calendar.monthrange(year, mon)[1])
        if not g["my"] and last > anchor:           # the month we are in: up to the anchor
            last = anchor
        out.append(DateMention("since" if g["since"] else "month", s, e, last, first))
    else:                                           # a year or month-year: a date, never a figure
        out.append(DateMention("since" if g["since"] else "vague", s, e, None))
    return out[0] if out else None


DATELINE = compile(rf"""
    \A\s*(?:[^\n]{{0,120}}\n\s*)?                 # at most one line (a headline) before it
    (?:[A-Z][\w.'’\- ]{{1,40}},\s*){{0,2}}           # PLACE, COUNTRY,
    (?:{WEEKDAY},?\s+)?
    (?: {_m('m1')}\s+(?P<d1>{DAYNUM}),?\s+(?P<y1>{YEAR})
      | (?P<d2>{DAYNUM})\s+{_m('m2')},?\s+(?P<y2>{YEAR}) )
""")


def find_dateline(text: str) -> date | None:
    """A full date (with its year) at the head of an article, e.g. 'Guwahati, July 11, 2023:'."""
    m = DATELINE.search(text[:400], timeout=TIMEOUT)
    if not m:
        return None
    return _day(m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2"),
                m.group("y1") or m.group("y2"), date.today())


SHORT_DATELINE = compile(rf"""
    \A\s*(?:[^\n]{{0,160}}\n\s*)?
    (?:[A-Z][\w.'’\- ]{{1,40}},\s*){{1,2}}
    (?: {_m('m1')}\s+(?P<d1>{DAYNUM}) | (?P<d2>{DAYNUM})\s+{_m('m2')} )
    (?:,?\s+(?P<y>{YEAR}))?
    \b(?!\s*\d)
""")


def dateline_day(text: str, published: date) -> date | None:
    """The dateline's day ('MAI MAHIU, April 29') with its year from the publication date."""
    m = SHORT_DATELINE.search(text[:400], timeout=TIMEOUT)
    if not m:
        return None
    d = _day(m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2"), m.group("y"), published)
    if d and timedelta(0) <= published - d <= timedelta(days=3):
        return d
    return None


def dateline_span(text: str) -> int:
    """Where a dateline at the head of the text ends (0 when there is none)."""
    m = SHORT_DATELINE.search(text[:400], timeout=TIMEOUT) or DATELINE.search(text[:400], timeout=TIMEOUT)
    return m.end() if m else 0
