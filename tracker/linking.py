"""One figure, many reports: which stored mentions restate the same reported figure.

A *reported figure* is what one body said about one metric, group, place and day. Every article
that quotes it - exactly, rounded ("over 27,000" for 27,708) or as a range that holds it - is a
mention of it. The rules, all here:

1. Same key: the same credited body (or none), metric, kind of period (a count over a window,
   or one standing for the day: a running total or an incident's toll), day, and group once generic words ("people", "Palestinians") are set aside. A mention without a
   day is never linked to another.
2. Compatible place: the same place once spelling is set aside ("the Gaza Strip" = "Gaza"), a
   place and a part of it ("southern Israel", "Israel"), or either mention names none.
3. Compatible value: each mention stands for the values it could be a report of (its *reach*):
   an exact figure for itself; a round figure for the numbers that round to it; "over N" for N up
   to the next rounding step; "about N" for a step either side; a range for its bounds. The step is
   the figure's last significant digit, never more than 5% of it ("over 100" reaches 105, not 200),
   and "over N" stops just short of the next step, so "over 1,300" never meets "about 1,400".
   Vague words ("dozens") only restate the same vague words.
   A mention joins the reported figure whose reach overlaps its own, and the reported figure's reach
   narrows to the overlap, so "over 27,000" then "27,708" then "about 28,000" all stay one figure,
   while "27,708" and "27,840" on one day from one body are two (a disagreement between articles).

Linking is incremental: a new mention is compared only with reported figures of its own key.
"""
from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
import regex

# Words for "whoever was counted": a figure about "people" restates one about "Palestinians".
GENERIC_GROUPS = frozenset("""
    people persons individuals residents civilians deaths dead fatalities casualties victims bodies
    killed injured wounded palestinians israelis ukrainians russians sudanese lebanese syrians
    yemenis israeli palestinian gazans
""".split())
_WORD = regex.compile(r"\p{L}[\p{L}'-]*")
_PLACE_NOISE = regex.compile(r"""(?ix) ^the\s+ | (?:'s|’s)\b.*$ | \s+(?:strip|region|oblast|governorate)\b.*$""")


def group_key(group: str | None) -> str | None:
    """None for a generic group; else its words, lower case, without generic ones."""
    if not group:
        return None
    words = [w for w in _WORD.findall(group.lower()) if w not in GENERIC_GROUPS and w not in ("the", "mainly", "mostly")]
    return " ".join(words) or None


def place_key(location: str | None) -> str | None:
    if not location:
        return None
    key = _PLACE_NOISE.sub("", location.strip()).strip().lower()
    return key if key and key not in ("strip",) else None


def step(value: int) -> float:
    """How far a round figure may be from what it rounds: its last significant digit, at most 5%."""
    if value < 100 or value % 10:
        return 0.0
    unit = 1
    while value % (unit * 10) == 0:
        unit *= 10
    return min(float(unit), 0.05 * value)


def reach(value: int, low: int, high: int, qualifier: str, vague: bool) -> tuple[float, float]:
    """The values a mention could be a report of (rule 3)."""
    if low != high:
        return float(low), float(high)
    if vague:
        return float(value), float(value)
    s = step(value)
    if qualifier == "at_least":
        return float(value), value + max(0.0, s - 0.5)
    if qualifier == "at_most":
        return value - max(0.0, s - 0.5), float(value)
    return value - s / 2, value + s / 2          # exact or "about": the numbers that round to it


def period_key(period: str) -> str:
    """A count over a window is never a day's total or an incident's toll; those two may restate each other."""
    return "interval" if period == "interval" else "day"


def places_agree(a: str | None, b: str | None) -> bool:
    if a is None or b is None or a == b:
        return True
    wa, wb = a.split(), b.split()
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return long_[-len(short):] == short           # "israel" is part of "southern israel"


@dataclass
class Reported:
    reported_id: int
    source_key: str
    metric: str
    period: str
    date: object
    group_key: str | None
    place_key: str | None
    reach_low: float
    reach_high: float
    vague: bool
    changed: bool = False
    new: bool = False

    def takes(self, place: str | None, low: float, high: float, vague: bool) -> bool:
        return (vague == self.vague and places_agree(place, self.place_key)
                and low <= self.reach_high and high >= self.reach_low)

    def add(self, place: str | None, low: float, high: float) -> None:
        if self.place_key is None and place is not None:
            self.place_key = place
            self.changed = True
        if low > self.reach_low or high < self.reach_high:
            self.reach_low, self.reach_high = max(low, self.reach_low), min(high, self.reach_high)
            self.changed = True


REPORTED_COLUMNS = ["reported_id", "source_key", "metric", "period", "date", "group_key", "place_key",
                    "reach_low", "reach_high", "vague"]
_TYPES = [pa.int64(), pa.string(), pa.string(), pa.string(), pa.date32(), pa.string(), pa.string(),
          pa.float64(), pa.float64(), pa.bool_()]


def link_unlinked(con) -> int:
    """Give every figure without a reported figure one, in figure order. Returns mentions linked.

    Runs inside the writer's transaction, so a batch is stored with its links or not at all.
    A rejected figure (tracker/review.py) restates nothing and is left unlinked.
    """
    rows = con.execute("""
        SELECT figure_id, coalesce(source, '') AS source_key, metric, period, date, "group", location,
               value, low, high, qualifier, vague
        FROM figures WHERE reported_id IS NULL AND status <> 'rejected' ORDER BY figure_id""").fetchall()
    if not rows:
        return 0
    mentions = []
    for fid, skey, metric, period, day, group, location, value, low, high, qualifier, vague in rows:
        lo, hi = reach(value, low, high, qualifier, vague)
        mentions.append((fid, (skey, metric, period_key(period), day, group_key(group)), place_key(location), lo, hi, vague))
    keys = {m[1] for m in mentions if m[1][3] is not None}
    known: dict[tuple, list[Reported]] = {}
    if keys:
        wanted = pa.table({"source_key": [k[0] for k in keys], "metric": [k[1] for k in keys],  # noqa: F841
                           "period": [k[2] for k in keys], "date": pa.array([k[3] for k in keys], pa.date32()),
                           "group_key": [k[4] for k in keys]})
        for r in con.execute(f"""
                SELECT {', '.join('r.' + c for c in REPORTED_COLUMNS)} FROM reported r JOIN wanted w
                ON r.source_key = w.source_key AND r.metric = w.metric AND r.period = w.period AND r.date = w.date
                   AND r.group_key IS NOT DISTINCT FROM w.group_key
                ORDER BY r.reported_id""").fetchall():
            rep = Reported(*r)
            known.setdefault((rep.source_key, rep.metric, rep.period, rep.date, rep.group_key), []).append(rep)
    next_id = con.execute("SELECT coalesce(max(reported_id), 0) + 1 FROM reported").fetchall()[0][0]
    links, created = [], []
    for fid, key, place, lo, hi, vague in mentions:
        target = None
        if key[3] is not None:
            target = next((r for r in known.get(key, ()) if r.takes(place, lo, hi, vague)), None)
        if target is None:
            target = Reported(next_id, *key, place, lo, hi, vague, new=True)
            next_id += 1
            created.append(target)
            if key[3] is not None:
                known.setdefault(key, []).append(target)
        else:
            target.add(place, lo, hi)
        links.append((fid, target.reported_id))
    _write(con, created, [r for rs in known.values() for r in rs if r.changed and not r.new], links)
    return len(links)


def _table(reps: list[Reported]) -> pa.Table:
    return pa.Table.from_arrays([pa.array([getattr(r, c) for r in reps], type=t) for c, t in zip(REPORTED_COLUMNS, _TYPES)],
                                names=REPORTED_COLUMNS)


def _write(con, created: list[Reported], changed: list[Reported], links: list[tuple[int, int]]) -> None:
    if created:
        new_reported = _table(created)  # noqa: F841 - read by DuckDB
        con.execute(f"INSERT INTO reported ({', '.join(REPORTED_COLUMNS)}) SELECT * FROM new_reported")
    if changed:
        changed_reported = _table(changed)  # noqa: F841
        con.execute("""UPDATE reported SET place_key = c.place_key, reach_low = c.reach_low, reach_high = c.reach_high
                       FROM changed_reported c WHERE reported.reported_id = c.reported_id""")
    new_links = pa.table({"figure_id": pa.array([f for f, _ in links], pa.int64()),  # noqa: F841
                          "reported_id": pa.array([r for _, r in links], pa.int64())})
    con.execute("UPDATE figures SET reported_id = l.reported_id FROM new_links l WHERE figures.figure_id = l.figure_id")


def relink_all(con) -> int:
    """Forget every link and link again (after a re-extraction replaced figures)."""
    con.execute("UPDATE figures SET reported_id = NULL")
    con.execute("DELETE FROM reported")
    return link_unlinked(con)
