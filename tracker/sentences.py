"""Paragraphs and sentences with their offsets in the original text.

A line is a paragraph (news text, live blogs and bulleted reports all break paragraphs with
newlines). A sentence ends at . ! ? (and any closing quotes or brackets) followed by space and a
capital, a digit or an opening quote, unless the word before the stop is an abbreviation.
"""
from __future__ import annotations

from dataclasses import dataclass

from .patterns import TIMEOUT, alt, compile

ABBREVIATIONS = (
    "mr", "mrs", "ms", "dr", "prof", "gen", "maj", "lt", "col", "sgt", "capt", "cpl", "pte", "adm",
    "gov", "sen", "rep", "rev", "st", "mt", "ft", "jr", "sr", "no", "nos", "vs", "etc", "inc", "ltd",
    "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "approx", "est", "dept",
    "univ", "assn", "bros", "pres", "sec", "cmdr", "brig", "lieut", "messrs", "op", "vol", "fig", "al",
)

SENTENCE_END = compile(rf"""
    (?<!\b{alt(ABBREVIATIONS)})                  # not after "Maj." or "Feb."
    (?<!\b[A-Z])                                  # not after an initial ("J. Smith", "U.S.")
    (?<!\b(?:[A-Za-z]\.){{2,}})                   # not after a dotted abbreviation
    (?: [.!?]+ | \.\.\.|… )
    [”"’')\]]*                                    # closing quotes and brackets stay with the sentence
    (?=\s+[“"‘'(\[]?[A-Z0-9•\-–])                 # next sentence starts with a capital or a digit
""")
# "... in the U.S. The next day" : a dotted abbreviation does end a sentence before these words.
AFTER_DOTTED = compile(r"""(?<=\b(?:[A-Z]\.){2,})(?=\s+(?:The|It|He|She|They|In|On|A|An|But|And|This|That|We|I)\b)""")
LINE = compile(r"[^\n]+")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def split(text: str) -> list[Sentence]:
    """Sentences of a text, each with its span and the number of its paragraph."""
    out: list[Sentence] = []
    for p, line in enumerate(LINE.finditer(text, timeout=TIMEOUT * 10)):
        base = line.start()
        body = line.group(0)
        cuts = sorted({m.end() for m in SENTENCE_END.finditer(body, timeout=TIMEOUT * 10)}
                      | {m.end() for m in AFTER_DOTTED.finditer(body, timeout=TIMEOUT * 10)})
        begin = 0
        for cut in cuts + [len(body)]:
            piece = body[begin:cut]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                s = base + begin + lead
                out.append(Sentence(s, s + len(stripped), stripped, p))
            begin = cut
    return out
