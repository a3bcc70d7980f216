"""The two records everything else passes around: an article in, figures out."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

METRICS = ("killed", "injured", "missing", "displaced", "attacks", "damaged")
QUALIFIERS = ("exact", "at_least", "at_most", "approx")
PERIODS = ("total", "interval", "incident")


@dataclass(frozen=True)
class Article:
    """A text with what we know of where and when it came from."""
    id: str
    text: str
    published: date
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    origin: str | None = None          # the file or URL it was read from


@dataclass(frozen=True)
class Figure:
    """One mention of one count, with its evidence (GUIDELINES.md, 'Fields of a figure')."""
    doc: str
    metric: str
    value: int
    low: int
    high: int
    qualifier: str
    vague: bool
    group: str | None
    location: str | None
    period: str
    start: str | None
    date: str | None
    source: str | None
    source_text: str | None
    quote: str
    number_text: str
    number_start: int          # offsets of number_text in the article text
    number_end: int
    quote_start: int           # offsets of quote in the article text
    quote_end: int

    def to_dict(self) -> dict:
        return asdict(self)


FIELDS = tuple(Figure.__dataclass_fields__)
