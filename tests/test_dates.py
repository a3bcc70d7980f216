"""Relative and partial dates, resolved against the day the article speaks from."""
from datetime import date

import pytest

from tracker.dates import dateline_day, find_dateline, find_dates

WED = date(2024, 2, 7)

CASES = [
    ("on Wednesday", WED, "day", "2024-02-07", None),
    ("on Tuesday night", WED, "day", "2024-02-06", None),
    ("Friday's landslide", date(2024, 5, 27), "day", "2024-05-24", None),
    ("yesterday", WED, "day", "2024-02-06", None),
    ("in the past 24 hours", WED, "window", "2024-02-07", "2024-02-06"),
    ("over the last two days", WED, "window", "2024-02-07", "2024-02-05"),
    ("last week", WED, "window", "2024-02-07", "2024-01-31"),
    ("since October 7", WED, "since", "2023-10-07", "2023-10-07"),
    ("since 7 October", WED, "since", "2023-10-07", "2023-10-07"),
    ("between the afternoons of February 6 and 7", WED, "range", "2024-02-07", "2024-02-06"),
    ("between December 6-8", date(2024, 12, 10), "range", "2024-12-08", "2024-12-06"),
    ("Between 8 March and 9 April 2024", date(2024, 6, 18), "range", "2024-04-09", "2024-03-08"),
    ("between Friday and Saturday", date(2024, 12, 10), "range", "2024-12-07", "2024-12-06"),
    ("in July", date(2024, 8, 9), "month", "2024-07-31", "2024-07-01"),
    ("on Monday Nov. 6, 2023", date(2023, 11, 7), "day", "2023-11-06", None),
    ("on Monday morning (13)", date(2024, 5, 14), "day", "2024-05-13", None),
    ("on Dec. 30", date(2024, 1, 2), "day", "2023-12-30", None),  # the year before, not a future day
    ("as of 16 October at 18:00", date(2023, 10, 17), "day", "2023-10-16", None),
]


@pytest.mark.parametrize("text,anchor,kind,day,first", CASES, ids=[c[0] for c in CASES])
def test_resolved(text, anchor, kind, day, first):
    found = find_dates(text, anchor)
    assert len(found) == 1, found
    d = found[0]
    assert d.kind == kind
    assert str(d.day) == day
    if first:
        assert str(d.first) == first


def test_year_is_vague_and_month_is_a_window():
    assert [d.kind for d in find_dates("in the 2014 war", WED)] == ["vague"]
    (d,) = find_dates("killed in October 2022", WED)
    assert (d.kind, str(d.first), str(d.day)) == ("month", "2022-10-01", "2022-10-31")


def test_datelines():
    assert find_dateline("Guwahati, July 11, 2023: According to a report") == date(2023, 7, 11)
    assert find_dateline("Kathmandu, November 4\n\nIn the aftermath") is None      # no year: not enough alone
    assert dateline_day("MAI MAHIU, April 29\n\nHeavy rains", date(2024, 4, 30)) == date(2024, 4, 29)
    assert dateline_day("KHARTOUM, May 26 (Xinhua) -- The", date(2024, 5, 26)) == date(2024, 5, 26)
    assert dateline_day("Nothing here", date(2024, 5, 26)) is None
