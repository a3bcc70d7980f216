"""Reading a number as written ("27,708", "1.7 million", "twenty-three", "dozens") into an integer.

The table of words lives here; the regex that finds them is `patterns.NUMBER`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SUFFIX_SCALES = {"m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "k": 1_000,
                 "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
# Customary lower bounds of vague quantities (GUIDELINES.md, `vague`).
VAGUE = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000,
    "tens of thousands": 20_000, "hundreds of thousands": 200_000, "millions": 2_000_000,
    "tens of millions": 20_000_000, "hundreds of millions": 200_000_000,
}
FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}


@dataclass(frozen=True)
class Reading:
    value: int
    vague: bool = False


def _words_value(words: list[str]) -> int | None:
    """'one hundred and twelve' -> 112; None when the words do not form one number."""
    total, current, seen = 0, 0, False
    for w in words:
        if w in ("and", "a", "an"):
            continue
        if w == "dozen":
            current = (current or 1) * 12
        elif w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


_SPACE = re.compile(r"[\s\u00a0\u202f\u2009]+")


def read_number(text: str) -> Reading | None:
    """The integer a number phrase stands for, or None if it is not one we understand."""
    t = _SPACE.sub(" ", text.strip().lower()).replace("–", "-")
    if not t:
        return None
    if t in VAGUE:
        return Reading(VAGUE[t], vague=True)
    m = re.fullmatch(r"(?P<num>\d[\d,. ]*?)\s*(?P<frac>[½¼¾])?\s*-?\s*(?P<scale>million|billion|thousand|mn|bn|m|k)?", t)
    if m:
        digits = m.group("num").strip()
        scale = SUFFIX_SCALES.get(m.group("scale") or "", 1)
        frac = FRACTIONS.get(m.group("frac") or "", 0.0)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
            number = float(digits.replace(",", ""))
        elif re.fullmatch(r"\d{1,3}(?: \d{3})+", digits):
            number = float(digits.replace(" ", ""))
        elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits) and scale == 1:
            number = float(digits.replace(".", ""))            # 27.708: dot as thousands separator
        elif re.fullmatch(r"\d+\. \d+", digits) and scale > 1:
            number = float(digits.replace(" ", ""))            # "1. 9 million": a scraper's stray space
        elif re.fullmatch(r"\d+(?:\.\d+)?", digits):
            number = float(digits)
        else:
            return None
        return Reading(int(round((number + frac) * scale)))
    words = re.split(r"[\s-]+", t)
    if words[0] in ("a", "an") and len(words) == 1:
        return None
    # "1½ million" handled above; "half a million"
    if words[:2] == ["half", "a"] and len(words) == 3 and words[2] in SCALES:
        return Reading(SCALES[words[2]] // 2)
    value = _words_value(words)
    return Reading(value) if value is not None else None


def words_for(n: int) -> str:
    """English words for n (used by tests to write numbers out)."""
    if n < 20:
        return next(k for k, v in UNITS.items() if v == n)
    if n < 100:
        tens = next(k for k, v in TENS.items() if v == n - n % 10)
        return tens + ("-" + words_for(n % 10) if n % 10 else "")
    if n < 1000:
        rest = n % 100
        return words_for(n // 100) + " hundred" + (" and " + words_for(rest) if rest else "")
    for name, scale in (("billion", 10**9), ("million", 10**6), ("thousand", 10**3)):
        if n >= scale:
            rest = n % scale
            head = words_for(n // scale) + " " + name
            if not rest:
                return head
            return head + (" and " if rest < 100 else " ") + words_for(rest)
    raise ValueError(n)
