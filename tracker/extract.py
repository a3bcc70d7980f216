"""Text and publication date in, figures out.

Numbers are found first (cheap), then each is read in its sentence: what it counts (the words
right after it, the verb right before it, a "death toll rose to" before it), its qualifier, the
day it refers to and who is credited with it. Sentences with no number cost one regex search.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from datetime import date


from . import patterns as P
from .dates import DateMention, dateline_day, dateline_span, find_dates
from .model import Article, Figure
from .numbers import read_number
from .sentences import Sentence, lines, split_line
from .sources import CREDIT_VERBS, PRONOUN as PRONOUNS, Credit, canonical, country_of, find_credits, fits, referent_name

compile = P.compile
T = P.TIMEOUT


class ExtractionError(Exception):
    """The text could not be read in the time allowed (hostile or pathological input)."""


# --- composed patterns ---------------------------------------------------------------------------
HAS_NUMBER = compile(rf"\d|\b(?:{P.NUMBER_WORD}|dozens|scores|hundreds|thousands|millions)\b")
HAS_CREDIT = compile(rf"""\b(?:according|estimate|estimates|figures?|data|tally|tallies|toll|count|calculations|statistics|its|their|{P.alt(CREDIT_VERBS)})\b""")
# A sentence can hold a figure only if it has one of these word beginnings (taken from the vocabulary).
_HINT_WORDS = [w for ws in (P.KILL_PRED, P.INJURE_PRED, P.MISSING_PRED, P.DISPLACE_PRED, P.DAMAGE_PRED,
                            P.ATTACK_NOUNS, *P.HARM_NOUNS.values(), *P.LEFT_VERB.values(), ("toll", "times", "number of"))
               for w in ws]
_FILLER = {"the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "their", "his", "her",
           "its", "no", "not", "been", "have", "has", "had", "were", "was", "is", "are", "be", "they", "all"}
METRIC_HINT = compile(r"\b" + P.alt({next((x for x in w.split() if x not in _FILLER), w)[:5] for w in _HINT_WORDS}))
HAS_DATE = compile(r"\d|\b(?:yesterday|today|tonight|overnight|last|past|previous|this|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")

NOUNS_ALL = {**{w: "people" for w in P.PEOPLE_NOUNS}}
for _metric, _words in P.HARM_NOUNS.items():
    NOUNS_ALL.update({w: _metric for w in _words})
NOUNS_ALL.update({w: "structure" for w in P.STRUCTURE_NOUNS})
NOUNS_ALL.update({w: "attack" for w in P.ATTACK_NOUNS})
NOUNS_ALL.update({w: "nonhuman" for w in P.NON_HUMAN})
NOUNS_ALL.update({"dead": "killed", "others": "people", "more": "people"})
NOUN_AFTER = P.rx(rf"^\s+(?:{P.alt(NOUNS_ALL)})\b")
FROM_BEFORE = P.rx(r"\bfrom\s+(?:\w+\s+)?$")
TIME_AFTER = P.rx(r"^(?:[:.]\d\d|\s*[ap]\.?m\b|\s*gmt)")
TIME_BEFORE = P.rx(r"\d[:.]$")
YEAR = P.rx(r"(?:19|20)\d\d")
# "Deborah Matias, 50, and her husband": an age after a name
AGE_NAME_BEFORE = P.rx(r"(?-i:[A-Z][\w'’-]+)\s*,\s*$")
AGE_AFTER_NAME = P.rx(r"^\s*(?:[,)]|and\b|who\b|was\b|is\b|from\b|of\b)")
AGE_AFTER = P.rx(r"^(?:-|\s)?(?:year|month|week|day)s?-old")
RATIO_AFTER = P.rx(r"^\s*(?:(?:of|in)\s+(?:every|each|all)\b|/\s*\d)")
OF_AFTER = P.rx(r"^\s+of\s")
INJURY_WORD = P.rx(r"injur|wound")
LIVES_VERB = P.rx(r"\b(?:claim\w*|took|tak\w+|cost\w*|lost)\s+(?:\w+\s+){0,3}$")
SUBCOUNT_LEAD = P.rx(r"\s*,?\s*(?:including|among\s+them|among\s+whom|of\s+whom|mostly|mainly|mainly)\s*")
COORD_GAP = P.rx(r"\s*(?:,\s*|and\s+|or\s+|,\s*and\s+)(?:(?:a|the)\s+)?")
SUBCOUNT_GAP = P.rx(r"[^,]*,\s*(?:including|among\s+them)[^,]*,\s*")
RELATIVE = P.rx(r",?\s*(?:who|which|that)\b")
OTHER_VERB = P.rx(r"\b(?:taking|took|arrested|detained|rescued|treated|released|deployed|sent|received)\b")
RESPECTIVELY = P.rx(r"respectively")

GROUP = compile(rf"""
    ^\s*(?:more\s+|other\s+|additional\s+|further\s+|new\s+)?
    (?P<group>(?:(?!(?:and|or|were|was|are|is|have|has|had|in|on|at|from)\b)[\w'’\-]+\s+){{0,3}}?
              (?P<noun>{P.alt(NOUNS_ALL)}))\b
""")
OF_GROUP = compile(rf"""^\s*of\s+(?:the\s+|these\s+|those\s+)?(?P<group>(?:[\w'’\-]+\s+){{0,2}}?(?P<noun>{P.alt(NOUNS_ALL)}))\b""")
RIGHT_CUE = compile(rf"""
    \b(?:(?P<killed>{P.alt(P.KILL_PRED)})
       |(?P<injured>{P.alt(P.INJURE_PRED)})
       |(?P<missing>{P.alt(P.MISSING_PRED)})
       |(?P<displaced>{P.alt(P.DISPLACE_PRED)}|(?:to|they)\s+flee\b)
       |(?P<damaged>{P.alt(P.DAMAGE_PRED)})
       |(?P<other>{P.alt(P.OTHER_PRED)})
    )\b""")
LEFT_VERB = compile(rf"""
    \b(?:(?P<killed>{P.alt(P.LEFT_VERB['killed'])})
       |(?P<injured>{P.alt(P.LEFT_VERB['injured'])})
       |(?P<displaced>{P.alt(P.LEFT_VERB['displaced'])})
       |(?P<damaged>{P.alt(P.LEFT_VERB['damaged'])})
       |(?P<attacks>{P.alt(P.LEFT_VERB['attacks'])})
    )\s+["“‘']?\s*(?:(?:a|an|the|its|their|over|some|another|only|nearly|more\s+than|at\s+least|up\s+to|an\s+estimated|about|around|almost|roughly|approximately)\s+)*$""")
CAMPS = r"(?:residing|living|staying|housed|accommodated|sheltering|sheltered)\s+in\s+(?:[\d,]+\s+)?(?:\w+\s+)?(?:relief|displacement|idp|evacuation|temporary|collective)?\s*(?:camps|shelters|centres|centers|sites)"
IMMEDIATE = compile(rf"""^\s*,?\s*{P.AUX}(?:(?P<camps>{CAMPS})|{RIGHT_CUE.pattern.strip()[2:]})""")
TOLL = compile(rf"""
    \b(?:(?P<kind>death|fatality|casualty|civilian\s+death|injury)\s+)?toll
    (?:[^.;:!?]{{0,110}}?)\s(?:{P.TOLL_LINK})\s*(?:{P.QUALIFIER}\s+)?$
  | \bnumber\s+of\s+(?P<numof>(?:[\w'’\-]+\s+){{0,3}}?(?:dead|deaths|killed|fatalities|victims|injured|wounded|injuries|missing|displaced|idps|refugees|people\s+killed|people\s+injured|people\s+displaced|those\s+killed|those\s+injured|those\s+wounded|casualties))
    (?:[^.;:!?]{{0,60}}?)\s(?:{P.TOLL_LINK})\s*(?:{P.QUALIFIER}\s+)?$
""")
NUMBER_OF_AT = compile(r"""\bnumber\s+of\s+(?P<numof>(?:[\w'’\-]+\s+){0,2}?(?:killed|dead|deaths|injured|wounded))\b[^.;]{0,60}\b(?:at|of)\s+(?:the\s+)?(?:\w+\s+){0,3}(?:of\s+the\s+)?[“"]?\s*$""")
TIMES_AFTER = compile(r"^\s*times\b")
ATTACK_TIMES = compile(rf"\b{P.ATTACK_TIMES_VERB}\b(?:\s+[\w'’\-]+){{0,6}}\s*$")
AUX_AFTER = compile(r"^\s*(?:[\w'’\-]+\s+){0,3}?(?:have|has|had|were|was|are|is)\b")
SPREAD_GAP = compile(r"^[^;:()]*?(?:,|\band\b|\bor\b)\s*(?:,\s*)?$")
SPREAD_BLOCK = compile(r"\b(?:with|along\s+with|including|among\s+them|among\s+whom|in\s+addition\s+to|as\s+have|as\s+has|while|whereas|but|compared|than|of\s+whom|plus)\b")
HEDGE = compile(r"\b(?:estimat\w*|likely|believed|approximately|about|around|roughly|some|up\s+to|could|may|might)\b")
BLOCK_SPAN = compile(r"[;:]|\s[–—-]\s|\s--\s")
POP_BEFORE = compile(r"\b(?:of\s+(?:the|its|their|all|some)|out\s+of|population\s+of|a\s+population\s+of|home\s+to|of)\s+(?:(?:approximately|about|around|some|nearly|estimated|an\s+estimated)\s+)?$")
PLACE = compile(r"""\b(?:in|at|near|from|of|across|throughout|outside|inside)\s+(?:the\s+)?(?:(?:city|town|village|camp|district|province|region|state|area|neighbo(?:u)?rhood|governorate)\s+of\s+)?
    (?P<loc>(?-i:[A-Z])[\w'’\-]+(?:\s+(?:(?-i:[A-Z])[\w'’\-]+|al-[\w'’]+|el-[\w'’]+|(?:de|do|du|of)\s+(?-i:[A-Z])[\w'’\-]+
        |(?:refugee\s+camp|camp|city|town|village|district|province|region|state|strip|neighbourhood|neighborhood|hospital)\b)){0,4})""")
NOT_PLACE = compile(r"""^(?:Palestinians|Israelis|Gazans|Ukrainians|Russians|Syrians|Lebanese|Sudanese|Yemenis|Afghans
    |Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|The|A|An|UN|U\.N|United\s+Nations|Telegram|X|Facebook|Reuters|AFP|AP|Al\s+Jazeera|His|Her|Their|Its|Israeli|Russian|Ukrainian|Palestinian|Hamas|Hezbollah|Health|Ministry|Office|Round|Update)\b""")
POP_SKIP = compile(rf"""^\s*(?:of|out\s+of)\s+(?:the|its|their|all)?\s*(?:(?:approximately|about|around|some|nearly|estimated|an\s+estimated)\s+)?{P.NUMBER}[^,;]*?(?=\b(?:have|has|had|were|was|are|is)\b)""")
PARENS_BARE = compile(r"\(\s*$")


@dataclass
class Mention:
    """A number in a sentence, with what the first pass learned about it."""
    start: int                      # offsets in the sentence
    end: int
    num_start: int
    num_end: int
    text: str
    value: int
    low: int
    high: int
    vague: bool
    qual: str | None                # qualifier written before it, if any
    excluded: bool = False          # a date, a measure, money ...
    metric: str | None = None
    group: str | None = None
    noun_kind: str | None = None
    group_end: int = 0
    other: bool = False             # a verb said they met another fate
    qualifier: str = "exact"


@dataclass
class SentenceInfo:
    sentence: Sentence
    dates: list[DateMention] = field(default_factory=list)
    _flags: dict[str, bool] | None = None
    _places: list | None = None
    _boundaries: list | None = None

    def flags(self) -> dict[str, bool]:
        """Words that tell a running total from an incident, read once per sentence."""
        if self._flags is None:
            text = self.sentence.text
            self._flags = {name: bool(pattern.search(text, timeout=T)) for name, pattern in (
                ("total", P.TOTAL_WORDS), ("sum", P.SUM_WORDS), ("war", P.WAR_WORDS), ("stock", P.STOCK), ("event", P.EVENT), ("perfect", P.PERFECT),
                ("toll", P.TOLL_WORDS))}
        return self._flags

    def boundaries(self) -> list[tuple[int, int]]:
        if self._boundaries is None:
            self._boundaries = [b.span() for b in P.BOUNDARY.finditer(self.sentence.text, timeout=T)]
        return self._boundaries

    def places(self) -> list[tuple[int, int, str]]:
        if self._places is None:
            self._places = _places(self.sentence.text)
        return self._places


# --- numbers in a sentence ------------------------------------------------------------------------
def _mentions(text: str, dates: list[DateMention]) -> list[Mention]:
    out = []
    date_spans = [(d.start, d.end) for d in dates]
    last_end = 0
    for m in P.NUMBER_RX.finditer(text, timeout=T):
        num_start, num_end = m.span()
        if num_start < last_end:              # the second end of a range already read
            continue
        r1 = read_number(m.group())
        if r1 is None:
            continue
        q = P.QUALIFIER_BEFORE.search(text, max(0, num_start - 40), num_start, timeout=T)
        start = q.start() if q else num_start
        between = bool(q and (q.group("between") or q.group("between2")))
        qual = (q.group("qual") or "").lower() or None if q else None
        low = high = r1.value
        r = P.RANGE_AFTER.match(text, num_end, timeout=T)
        if r and (between or not r.group().lstrip().lower().startswith("and")):
            r2 = read_number(r.group("num2"))
            # "20-30", "100 to 300", "between 20 and 30"; not "from 20 to 30" (a change)
            if r2 is not None and r2.value > r1.value and not r2.vague \
                    and not (FROM_BEFORE.search(text, max(0, start - 20), start, timeout=T) and not between):
                high = r2.value
                num_end = r.end()
        last_end = num_end
        mention = Mention(start, num_end, num_start, num_end, text[start:num_end], r1.value, low, high,
                          r1.vague, qual)
        # excluded: inside a date, a measure, money, an age, a time, a year, an ordinal
        after, before = text[num_end:num_end + 80], text[max(0, num_start - 60):num_start]
        if any(s < num_end and num_start < e for s, e in date_spans):
            mention.excluded = True
        elif P.UNIT_AFTER.match(after, timeout=T) or P.UNIT_BEFORE.search(before[-20:], timeout=T):
            mention.excluded = True
        elif TIME_AFTER.match(after, timeout=T) or TIME_BEFORE.search(before[-3:], timeout=T):
            mention.excluded = True
        elif YEAR.fullmatch(m.group()) and not NOUN_AFTER.match(after, timeout=T) or AGE_AFTER.match(after, timeout=T):
            mention.excluded = True
        elif RATIO_AFTER.match(after, timeout=T) or (r1.value == 1 and OF_AFTER.match(after, timeout=T)) \
                or (AGE_NAME_BEFORE.search(before[-40:], timeout=T) and AGE_AFTER_NAME.match(after, timeout=T)):
            mention.excluded = True
        if mention.value == 0 and not mention.excluded:
            mention.excluded = True
        out.append(mention)
    return out


def _read_mentions(text: str, dates: list[DateMention]) -> list[Mention]:
    """The numbers of a sentence, each classified (metric, group) in the light of the others."""
    ms = _mentions(text, dates)
    for m in ms:
        _group(m, text)
    for k, m in enumerate(ms):
        _classify(m, text, ms, k)
    for k, m in enumerate(ms):
        _inherit(m, text, ms, k)
    return ms


def _group(m: Mention, text: str) -> None:
    right = text[m.num_end:]
    g = (OF_GROUP.match(right, timeout=T) if (m.vague or m.text.lower().endswith("dozen")) else None) \
        or GROUP.match(right, timeout=T)
    if g:
        noun = " ".join(g.group("noun").lower().split())
        m.group = " ".join(g.group("group").lower().split())
        m.noun_kind = NOUNS_ALL.get(noun)
        m.group_end = m.num_end + g.end()
    else:
        m.group_end = m.num_end


def _classify(m: Mention, text: str, mentions: list[Mention], idx: int) -> None:
    """What the number counts, from the words around it."""
    left_q = text[:m.num_start]
    kind = m.noun_kind
    if m.excluded:
        return
    # 1. "shelled the region 119 times"
    if TIMES_AFTER.match(text[m.num_end:]) and ATTACK_TIMES.search(left_q[-80:], timeout=T):
        m.metric, m.group = "attacks", "attacks"
        return
    if kind == "nonhuman":
        return
    # 2. an active verb right before: "killing seven", "injured more than 9,000", "destroyed 1,329 houses"
    v = LEFT_VERB.search(left_q[-60:], timeout=T)
    if v:
        metric = v.lastgroup
        if metric in ("killed", "injured", "displaced") and kind in (None, "people", "killed", "injured", "displaced", "missing"):
            # "killed 7" but not "killed 7 houses"; a harm noun after it wins ("displacing 40 bodies")
            m.metric = (kind if kind in ("killed", "injured", "missing") and kind != metric else metric)
            if m.metric == "killed" and kind == "injured":
                m.metric = "injured"
            return
        if metric == "damaged" and kind == "structure":
            m.metric = "damaged"
            return
        if metric == "attacks" and kind == "attack":
            m.metric = "attacks"
            return
    # 3. "the death toll rose to 27,708", "the number of injured has reached 74,518"
    t = TOLL.search(left_q[-170:], timeout=T)
    if t and kind in (None, "people", "killed", "injured", "displaced", "missing"):
        numof = (t.group("numof") or "").lower()
        if t.group("numof"):
            m.metric = next((k for k, ws in (("injured", ("injur", "wound")), ("missing", ("missing",)),
                                             ("displaced", ("displac", "idp", "refugee")),
                                             ("killed", ("dead", "death", "kill", "fatal", "victim", "casualt")))
                             if any(w in numof for w in ws)), None)
        else:
            m.metric = "injured" if (t.group("kind") or "").lower() == "injury" else "killed"
        if kind in ("injured", "missing", "displaced") and m.metric == "killed" and not t.group("numof"):
            m.metric = kind
        if m.metric:
            return
    if NUMBER_OF_AT.search(left_q[-120:], timeout=T):
        m.metric = "injured" if INJURY_WORD.search(left_q[-120:], timeout=T) else "killed"
        return
    # 4. the predicate right after the number and its noun: "123 Palestinians were killed"
    imm = IMMEDIATE.match(text[m.group_end:], timeout=T)
    cue = ("displaced" if imm.group("camps") else imm.lastgroup) if imm else None
    if cue in ("other", "damaged") and kind in ("killed", "injured", "missing", "displaced"):
        cue = None                          # "200 dead had been brought to hospitals": still dead
    if cue is None and kind in ("killed", "injured", "missing", "displaced", "attack"):
        cue = "noun"
    if cue is None:
        cue = _right_cue(m, text, mentions, idx)
    if cue == "noun":
        cue = None
    if cue:
        metric = cue
        if metric == "other":
            m.other = True
            return
        if metric == "damaged":
            if kind == "structure" or (kind is None and STRUCTURE_IN.search(text, timeout=T)):
                m.metric = "damaged"
            elif kind == "attack":
                m.metric = "attacks"   # "two airstrikes destroyed houses"
            return
        if kind in ("structure", "attack"):
            # "two airstrikes destroyed houses, killing seven": the noun decides
            if kind == "attack":
                m.metric = "attacks"
            return
        m.metric = metric
        return
    # 5. the noun alone: "40 bodies", "290 attacks", "4,000 IDPs", "68 confirmed deaths"
    if kind in ("killed", "injured", "missing", "displaced"):
        if m.group and m.group.endswith("lives") and not LIVES_VERB.search(left_q[-50:], timeout=T):
            return
        m.metric = kind
    elif kind == "attack":
        m.metric = "attacks"


STRUCTURE_IN = compile(rf"\b{P.alt(P.STRUCTURE_NOUNS)}\b")


def _right_cue(m: Mention, text: str, mentions: list[Mention], idx: int) -> str | None:
    """The first harm (or other-fate) word after the number, within its clause."""
    pos = m.group_end
    limit = min(len(text), pos + 140)
    # the clause ends at the next number unless that number is coordinated with this one
    for nxt in mentions[idx + 1:]:
        if nxt.start < pos:
            continue
        gap = text[pos:nxt.start]
        if COORD_GAP.fullmatch(gap, timeout=T) or SUBCOUNT_LEAD.fullmatch(gap, timeout=T) or nxt.excluded and not gap.strip(" ,") \
                or POP_BEFORE.search(text[:nxt.num_start], timeout=T):
            continue
        limit = min(limit, nxt.start)
        break
    region = text[pos:limit]
    pop = POP_SKIP.match(region, timeout=T)
    if pop:
        region = region[pop.end():]
    b = BLOCK_SPAN.search(region, timeout=T)
    if b:
        region = region[:b.start()]
    start = 0
    while True:
        c = RIGHT_CUE.search(region, start, timeout=T)
        if not c:
            return None
        metric = c.lastgroup
        if metric == "damaged" and m.noun_kind in ("people", "killed", "injured", "missing", "displaced"):
            start = c.end()                    # "people were hit" is not damage; read on
            continue
        if metric == "other" and m.noun_kind == "structure":
            start = c.end()
            continue
        # a clause word between the noun and the cue ends the search ("300 homes, which killed")
        between = region[:c.start()]
        if P.BOUNDARY.search(between, timeout=T) and not SUBCOUNT_GAP.fullmatch(between, timeout=T):
            cut = P.BOUNDARY.search(between, timeout=T)
            if not RELATIVE.match(between, cut.start(), timeout=T) or metric == "other":
                return None
        return metric


def _inherit(m: Mention, text: str, mentions: list[Mention], idx: int) -> None:
    """Sub-counts and ellipses borrow the metric of the figure before them:
    'killing 34, including two children', 'as have 22 civil defence workers', 'and 10 from X'."""
    if m.excluded or m.metric or m.other or m.vague or m.noun_kind in ("nonhuman",):
        return
    left = text[:m.start]
    prev = next((p for p in reversed(mentions[:idx]) if p.metric), None)
    if prev and P.INHERIT_LEFT.search(left[-40:], timeout=T):
        if m.noun_kind in (None, "people") or (m.noun_kind == "structure" and prev.metric == "damaged"):
            gap = text[prev.end:m.start]
            if not OTHER_VERB.search(gap, timeout=T):
                m.metric = prev.metric
                return
    # "(4)" after a place, "with 21 and 18 respectively": the sentence's metric noun
    if m.noun_kind is None and (PARENS_BARE.search(left[-3:]) or RESPECTIVELY.search(text, m.end, m.end + 40, timeout=T)):
        cue = SENTENCE_METRIC.findall(left, timeout=T)
        if cue:
            word = cue[-1].lower()
            m.metric = next((k for k, ws in P.HARM_NOUNS.items() if word in ws), None) or \
                ("killed" if word.startswith(("death", "dead", "fatal", "kill")) else None)


SENTENCE_METRIC = compile(r"\b(?:deaths|dead|fatalities|killed|injuries|injured|wounded|missing|displaced|idps)\b")


def _qualifiers(mentions: list[Mention], text: str) -> None:
    """A qualifier spreads over coordinated numbers with no verb of their own."""
    carry = None
    prev_end = 0
    hedged = None
    for m in mentions:
        own = P.QUALIFIER_OF.get(" ".join((m.qual or "").split()))
        if m.vague:
            own = "at_least"
        elif m.low != m.high:
            if hedged is None:
                hedged = bool(HEDGE.search(text, timeout=T))
            own = "approx" if (own == "approx" or hedged) else (own or "exact")
        gap = text[prev_end:m.start]
        if own:
            m.qualifier = own
        elif carry and carry != "exact" and SPREAD_GAP.match(gap, timeout=T) and not SPREAD_BLOCK.search(gap, timeout=T) \
                and not AUX_AFTER.match(text[m.group_end:], timeout=T):
            m.qualifier = carry
        else:
            m.qualifier = "exact"
        if not m.excluded or own:
            carry = m.qualifier if not m.vague else None
        prev_end = m.end


# --- the document -----------------------------------------------------------------------------------
QUOTE_MARK = P.rx(r'[“”"]')


def _quote_state(text: str, inside: bool) -> tuple[bool, int]:
    """Whether a quotation is open after this sentence, and where the last one closed (-1: none)."""
    closed_at = -1
    for q in QUOTE_MARK.finditer(text, timeout=T):
        ch = q.group()
        if ch == "“" or (ch == '"' and not inside):
            inside = True
        else:
            if inside:
                closed_at = q.start()
            inside = False
    return inside, closed_at


def _places(text: str) -> list[tuple[int, int, str]]:
    out = []
    for p in PLACE.finditer(text, timeout=T):
        loc = p.group("loc")
        if loc.endswith(("'s", "’s")):          # "Israel's retaliatory strikes": whose, not where
            continue
        if not (NOT_PLACE.match(loc) or canonical(loc, None)):
            out.append((p.start(), p.end(), loc.strip()))
    return out


def _location(places: list[tuple[int, int, str]], m: Mention) -> str | None:
    """The place named nearest the number, preferring one after it ("killed 7 in Rafah")."""
    best = None
    for start, end, loc in places:
        dist = start - m.end if start >= m.end else m.start - end + 40
        if best is None or dist < best[0]:
            best = (dist, loc)
    return best[1] if best else None


def _same_clause(info: SentenceInfo, d: DateMention, m: Mention, credit: Credit | None) -> bool:
    """A date speaks for a number when no clause boundary stands between them, or it dates the credit."""
    if credit is not None and d.start <= credit.end + 30 and d.end >= credit.start:
        return True
    lo, hi = (d.end, m.start) if d.end <= m.start else (m.end, d.start)
    return not any(lo <= bs and be <= hi for bs, be in info.boundaries())


def _recent_since(info: SentenceInfo, m: Mention, published: date) -> tuple[bool, date | None]:
    """'killed since Saturday', 'since the fighting resumed': a count over a recent window (and its start)."""
    for d in info.dates:
        if d.kind == "since" and d.first and 0 <= (published - d.first).days <= P.RECENT_DAYS \
                and d.start > m.start - 200 and _same_clause(info, d, m, None):
            return True, d.first
    hit = P.RECENT_SINCE.search(info.sentence.text, max(0, m.start - 40), m.end + 160, timeout=T)
    return (hit is not None), None


def _period_and_dates(info: SentenceInfo, m: Mention, metric: str, credit: Credit | None, published: date):
    windows = [d for d in info.dates if d.kind in ("window", "range", "month") and d.day and _same_clause(info, d, m, credit)]
    days = [d for d in info.dates if d.kind == "day" and _same_clause(info, d, m, credit)]
    since = [d for d in info.dates if d.kind == "since"]

    def near(ds):
        return min(ds, key=lambda d: abs(d.start - m.start) if d.start >= m.end else abs(m.start - d.end) + 5)

    if windows:
        w = near(windows)
        return "interval", w.first, w.day
    recent, recent_start = _recent_since(info, m, published)
    if recent:
        return "interval", recent_start, None
    start = since[0].first if since and since[0].first else None
    event_day = [d for d in days if not (credit and d.start <= credit.end + 30 and d.end >= credit.start)]
    f = info.flags()
    if since or f["total"] or (metric == "displaced" and f["stock"]) or (f["sum"] and not f["event"]):
        period = "total"
    elif f["event"] and (event_day or not (f["perfect"] or f["war"]) or (m.high < INCIDENT_SIZE and not f["toll"])):
        period = "incident"         # "have been killed in an air strike": an incident, said in the perfect
    elif f["toll"] or f["perfect"] or f["war"] or f["sum"]:
        period = "total"
    elif metric in ("displaced", "damaged"):
        period = "total"
    else:
        period = "incident"
    if days:
        d = near(days)
        if period == "total" and _names_event(info.sentence.text, d):
            return period, start or d.day, None        # the total counts since that event, not on its day
        return period, start, d.day
    return period, start, None


def _names_event(text: str, d: DateMention) -> bool:
    return bool(P.EVENT_DATE_AFTER.search(text[d.end:d.end + 40], timeout=T)
                or P.EVENT_DATE_BEFORE.search(text[max(0, d.start - 45):d.start], timeout=T))


INCIDENT_SIZE = 1000        # below it, a count tied to strikes or raids is a toll of them, not a war's total
DOCUMENT_WORD = P.rx(r"\b(?:report|statement|document|post|bulletin|update|release|figures|data)\W*$")
COUNTRY_READ = 6000                     # an article names its place early; reading on costs time
HINT_REACH = 90                         # characters either side of a number searched for a harm word
Key = tuple[int, int]                  # (paragraph, sentence within it)


class _Document:
    """One article, split and read only where a figure needs it: most paragraphs hold none."""

    def __init__(self, article: Article):
        self.article = article
        self.text = article.text
        self.anchor = dateline_day(article.text, article.published) or article.published
        self.lines = lines(article.text)
        self._country: str | None | bool = False
        self._sents: dict[int, list[Sentence]] = {}
        self._dates: dict[Key, list[DateMention]] = {}
        self._credits: dict[Key, list[Credit]] = {}
        self._quote: dict[Key, Credit] = {}
        self._quoted: set[int] = set()
        self._last_named: dict[Key, Credit | None] = {}
        self._para_day: dict[Key, tuple[date, str | None] | None] = {}
        self._event_day: date | None | bool = False

    def country(self) -> str | None:
        """Read only when a credit names a kind of body ("the health ministry")."""
        if self._country is False:
            self._country = country_of(self.text[:COUNTRY_READ])
        return self._country

    def sentences(self, p: int) -> list[Sentence]:
        if p not in self._sents:
            a, b = self.lines[p]
            self._sents[p] = split_line(self.text[a:b], a, p)
        return self._sents[p]

    def sentence(self, key: Key) -> Sentence:
        return self.sentences(key[0])[key[1]]

    def dates(self, key: Key) -> list[DateMention]:
        if key not in self._dates:
            text = self.sentence(key).text
            self._dates[key] = find_dates(text, self.anchor) if HAS_DATE.search(text, timeout=T) else []
        return self._dates[key]

    def credits(self, key: Key) -> list[Credit]:
        if key not in self._credits:
            text = self.sentence(key).text
            self._credits[key] = find_credits(text, self.country) if HAS_CREDIT.search(text, timeout=T) else []
        return self._credits[key]

    def _before(self, key: Key):
        """The sentences before this one, nearest first; paragraphs with no credit cue are skipped whole."""
        p, k = key
        for j in range(k - 1, -1, -1):
            yield (p, j)
        for q in range(p - 1, -1, -1):
            a, b = self.lines[q]
            if q not in self._sents and not (HAS_CREDIT.search(self.text, a, b, timeout=T)
                                             or QUOTE_MARK.search(self.text, a, b, timeout=T)):
                continue
            for j in range(len(self.sentences(q)) - 1, -1, -1):
                yield (q, j)

    def last_named(self, key: Key) -> Credit | None:
        """The body credited last before this sentence ("It said" refers to it); outlets only if nothing else."""
        if key in self._last_named:
            return self._last_named[key]
        media, found = None, None
        for j in self._before(key):
            named = [c for c in self.credits(j) if c.kind not in ("pronoun", "media")]
            if named:
                found = named[-1]
                break
            qc = self._quote_named(j)
            if qc is not None:
                found = qc
                break
            if j in self._last_named:
                found = self._last_named[j]
                break
            if media is None:
                media = next((c for c in reversed(self.credits(j)) if c.kind == "media"), None)
        result = found or media
        self._last_named[key] = result
        return result

    def _quote_named(self, key: Key) -> Credit | None:
        qc = self._raw_quote(key)
        return qc if qc is not None and qc.kind != "pronoun" else None

    def resolved(self, key: Key) -> list[Credit]:
        out = []
        for c in self.credits(key):
            if c.kind == "pronoun":
                out += [r for r in [self._resolve(c, key)] if r is not None]
            else:
                out.append(c)
        return out

    def _resolve(self, c: Credit, key: Key) -> Credit | None:
        """'It said' is the body named last; 'the regional governor' only if a governor was."""
        prior = self.last_named(key)
        if prior is not None and fits(c.text, prior.kind, prior.name or ""):
            return replace(c, name=prior.name, kind=prior.kind)
        if c.text.lower() not in PRONOUNS and not DOCUMENT_WORD.search(c.text):
            return replace(c, name=referent_name(c.text), kind="unknown")
        return None

    def _raw_quote(self, key: Key) -> Credit | None:
        if key[0] not in self._quoted:
            self._quoted.add(key[0])
            self._read_quotes(key[0])
        return self._quote.get(key)

    def quote_credit(self, key: Key) -> Credit | None:
        """For a sentence inside a quotation: the credit given after the quotation closes."""
        qc = self._raw_quote(key)
        if qc is not None and qc.kind == "pronoun":
            return self._resolve(qc, key)
        return qc

    def _read_quotes(self, p: int) -> None:
        a, b = self.lines[p]
        if not QUOTE_MARK.search(self.text, a, b, timeout=T):
            return
        pending: list[Key] = []
        inside = False
        for j, s in enumerate(self.sentences(p)):
            was_inside = inside
            inside, closed_at = _quote_state(s.text, inside)
            if (was_inside or pending) and closed_at >= 0:
                tail = s.text[closed_at + 1:]
                credits = find_credits(tail, self.country) if tail.strip(" ,.") else []
                named = [c for c in credits if c.kind != "pronoun"] or credits
                if named:
                    for key in pending:
                        self._quote[key] = named[0]
                pending = []
            if inside:
                pending.append((p, j))

    def sentence_source(self, key: Key) -> str | None:
        qc = self.quote_credit(key)
        if qc is not None:
            return qc.name
        resolved = self.resolved(key)
        named = [c for c in resolved if c.kind != "media"] or resolved
        return named[-1].name if named else None

    def paragraph_day(self, key: Key) -> tuple[date, str | None] | None:
        """The last day stated earlier in the paragraph, with who was credited when it was stated."""
        p, k = key
        walked = []
        result = None
        for j in range(k - 1, -1, -1):
            if (p, j) in self._para_day:
                result = self._para_day[(p, j)]
                break
            walked.append((p, j))
            days = [d for d in self.dates((p, j)) if d.kind in ("day", "range")]
            if days:
                result = (days[-1].day, self.sentence_source((p, j)))
                break
        # remember the answer for the sentences after each one walked over
        for w in walked:
            self._para_day[(w[0], w[1] + 1)] = result
        self._para_day[key] = result
        return result

    def event_day(self) -> date | None:
        """The day of the event an article is about: the first event word with a day right by it."""
        if self._event_day is False:
            self._event_day = None
            dateline_end = dateline_span(self.text)
            for p, (a, b) in enumerate(self.lines):
                if not (P.EVENT.search(self.text, a, b, timeout=T) and HAS_DATE.search(self.text, a, b, timeout=T)):
                    continue
                for k, s in enumerate(self.sentences(p)):
                    for d in self.dates((p, k)):
                        if d.kind != "day" or s.start + d.end <= dateline_end:
                            continue
                        if P.STATEMENT_BEFORE.search(s.text[max(0, d.start - 30):d.start], timeout=T):
                            continue
                        if any(abs(e.start() - d.start) < 60 for e in P.EVENT.finditer(s.text, timeout=T)):
                            self._event_day = d.day
                            return d.day
        return self._event_day


def extract(article: Article) -> list[Figure]:
    """Every figure in an article (GUIDELINES.md), in text order."""
    try:
        return _extract(article)
    except TimeoutError as e:
        raise ExtractionError(f"text too hard to read in time ({e})") from None


def extract_text(text: str, published: date, doc: str = "doc") -> list[Figure]:
    return extract(Article(doc, text, published))


# Time allowed for one article: news text reads at about 0.5 MB/s, so this refuses only text
# several times denser in numbers than any article (a table of digits, hostile input).
BUDGET_FIXED = 2.0            # seconds
BUDGET_PER_MB = 4.0           # seconds per megabyte


def _extract(article: Article) -> list[Figure]:
    doc = _Document(article)
    figures: list[Figure] = []
    text = article.text
    budget = BUDGET_FIXED + BUDGET_PER_MB * len(text) / 1e6
    deadline = time.monotonic() + budget
    for p, (a, b) in enumerate(doc.lines):
        if not (HAS_NUMBER.search(text, a, b, timeout=T) and METRIC_HINT.search(text, a, b, timeout=T)):
            continue                       # most paragraphs: one or two cheap searches
        for k, s in enumerate(doc.sentences(p)):
            figures += _sentence_figures(doc, (p, k), s)
            if time.monotonic() > deadline:
                raise ExtractionError(f"gave up after {budget:.0f} s at character {s.end:,} of {len(text):,}: "
                                      f"far more numbers than an article holds ({len(figures):,} figures so far)")
    return figures


def _sentence_figures(doc: _Document, key: Key, s: Sentence) -> list[Figure]:
    text_s = s.text
    # most sentences hold no number with a harm word a few words away: two cheap searches
    if not any(METRIC_HINT.search(text_s, max(0, n.start() - HINT_REACH), n.end() + HINT_REACH, timeout=T)
               for n in HAS_NUMBER.finditer(text_s, timeout=T)):
        return []
    info = SentenceInfo(s, doc.dates(key))
    ms = _read_mentions(text_s, info.dates)
    if not any(m.metric for m in ms):
        return []
    _qualifiers(ms, text_s)
    resolved = doc.resolved(key)
    qc = doc.quote_credit(key)
    figures: list[Figure] = []
    for m in ms:
        if not m.metric:
            continue
        credit = _credit_for(m, resolved, qc)
        if credit and _background(ms, m, text_s):
            credit = None
        source = credit.name if credit else None
        period, start, day = _period_and_dates(info, m, m.metric, credit, doc.article.published)
        if day is None:
            carried = doc.paragraph_day(key)
            if carried and carried[1] == source:
                day = carried[0]
            elif period == "incident" and doc.event_day():
                day = doc.event_day()
            else:
                day = doc.anchor
        group = m.group or ("people" if m.metric in ("killed", "injured", "missing", "displaced") else None)
        figures.append(Figure(
            doc=doc.article.id, metric=m.metric, value=m.low, low=m.low, high=m.high,
            qualifier=m.qualifier, vague=m.vague, group=group, location=_location(info.places(), m),
            period=period, start=start.isoformat() if start else None,
            date=day.isoformat() if day else None, source=source,
            source_text=credit.text if credit else None, quote=text_s,
            number_text=text_s[m.start:m.num_end], number_start=s.start + m.start,
            number_end=s.start + m.num_end, quote_start=s.start, quote_end=s.end))
    return figures


def _background(ms: list[Mention], m: Mention, text: str) -> bool:
    """A credit that reports one figure does not reach into a clause telling another event's toll
    ("the ministry says 15,200 have died in the war, sparked by the attack that killed 1,200")."""
    def told_as_background(x: Mention) -> bool:
        return bool(P.EVENT_CLAUSE_BEFORE.search(text[max(0, x.start - 120):x.start], timeout=T))

    # another count of the same kind in the sentence is its main figure, the one the credit is for
    return told_as_background(m) and any(o is not m and o.metric == m.metric and not told_as_background(o) for o in ms)


def _credit_for(m: Mention, credits: list[Credit], quote_credit: Credit | None) -> Credit | None:
    """The credit nearest the number; a named body beats a news outlet or a document."""
    if not credits:
        return quote_credit

    def cost(c: Credit) -> float:
        if c.end <= m.start:
            d = m.start - c.end
        elif c.start >= m.end:
            d = c.start - m.end
        else:
            d = 0
        if c.kind == "media":
            d += 400
        if c.cue == "according" and c.kind == "unknown" and c.text == c.text.lower():
            d += 100
        return d

    return min(credits, key=cost)
