"""Paragraphs and sentences with their offsets in the original text.

A line is a paragraph (news text, live blogs and bulleted reports all break paragraphs with
newlines). A sentence ends at . ! ? (and any closing quotes or brackets) followed by space and a
capital, a digit or an opening quote, unless the word before the stop is an abbreviation
("Maj.", "Feb.") or an initial ("J.", "U.S.").
"""
from __future__ import annotations

from dataclasses import dataclass

from .patterns import TIMEOUT, rx

ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "prof", "gen", "maj", "lt", "col", "sgt", "capt", "cpl", "pte", "adm",
    "gov", "sen", "rep", "rev", "st", "mt", "ft", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd",
    "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "approx", "est", "dept",
    "univ", "assn", "bros", "pres", "sec", "cmdr", "brig", "lieut", "messrs", "op", "vol", "fig", "al",
))
# A stop that may end a sentence: the next word starts with a capital, a digit or a quote.
STOP = rx(r"""(?:[.!?]+|…)[”"’')\]]*(?=\s+[“"‘'(\[]?[A-Z0-9•\-–])""", ignore_case=False)
# "... in the U.S. The next day": a dotted abbreviation does end a sentence before these words.
STARTERS = frozenset("The It He She They In On A An But And This That We I".split())
LINE = rx(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def _ends_sentence(body: str, stop_start: int, stop_end: int) -> bool:
    if body[stop_start] != ".":
        return True
    word = body[body.rfind(" ", 0, stop_start) + 1:stop_start].lstrip("“\"‘'([")
    if not word:
        return True
    bare = word.lower().rsplit(".", 1)[-1] if "." in word else word.lower()
    if bare in ABBREVIATIONS or word.lower() in ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():                       # an initial: "J. Smith"
        return False
    if "." in word and all(len(p) <= 1 for p in word.split(".")):  # "U.S", "U.N", "a.m"
        nxt = body[stop_end:].lstrip().split(" ", 1)[0].strip("“\"‘'(")
        return nxt in STARTERS
    return True


MAX_SENTENCE = 1500        # longer "sentences" (lists, scraper debris, hostile input) are cut at a space


def _bounded(cuts: list[int], body: str) -> list[int]:
    """Cut points such that no piece is longer than MAX_SENTENCE: keeps every later step linear."""
    out, begin = [], 0
    for cut in cuts + [len(body)]:
        while cut - begin > MAX_SENTENCE:
            space = body.rfind(" ", begin + MAX_SENTENCE // 2, begin + MAX_SENTENCE)
            step = space if space > begin else begin + MAX_SENTENCE
            out.append(step)
            begin = step
        out.append(cut)
        begin = cut
    return out[:-1]


def split_line(body: str, base: int, paragraph: int) -> list[Sentence]:
    out: list[Sentence] = []
    begin = 0
    cuts = [m.end() for m in STOP.finditer(body, timeout=TIMEOUT * 10) if _ends_sentence(body, m.start(), m.end())]
    cuts = _bounded(cuts, body)
    for cut in cuts + [len(body)]:
        piece = body[begin:cut]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            s = base + begin + lead
            out.append(Sentence(s, s + len(stripped), stripped, paragraph))
        begin = cut
    return out


def lines(text: str) -> list[tuple[int, int]]:
    """The spans of the text's non-empty lines: its paragraphs."""
    return [m.span() for m in LINE.finditer(text, timeout=TIMEOUT * 10)]


def split(text: str) -> list[Sentence]:
    """Sentences of a text, each with its span and the number of its paragraph."""
    out: list[Sentence] = []
    for p, (a, b) in enumerate(lines(text)):
        out += split_line(text[a:b], a, p)
    return out
