"""Who a sentence credits with its figures, and the one name we keep for each body.

The bodies and their aliases are data (`sources.toml`). Names are compared as sets of
normalised words, so "Gaza's Ministry of Health", "the Ministry of Health in Gaza" and
"Gaza Health Ministry" are one body.
"""
from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex

from .patterns import NUMBER_WORD, TIMEOUT, alt, compile, rx

TABLE = Path(__file__).with_name("sources.toml")
STOP = {"the", "of", "in", "for", "and", "on", "a", "an", "its", "s", "to", "at", "by"}
DEMONYMS = {
    "gazan": "gaza", "gazas": "gaza", "israeli": "israel", "palestinian": "palestine", "iraqi": "iraq",
    "ukrainian": "ukraine", "russian": "russia", "sudanese": "sudan", "syrian": "syria", "yemeni": "yemen",
    "lebanese": "lebanon", "american": "us", "haitian": "haiti", "afghan": "afghanistan",
    "congolese": "congo", "burmese": "myanmar", "unocha": "ocha", "defence": "defense",
    "organisation": "organization", "centre": "center", "armenian": "armenia",
}


@dataclass(frozen=True)
class Body:
    name: str
    kind: str
    country: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Credit:
    """A stretch of a sentence that credits someone: 'according to X', 'X said', 'It said'."""
    start: int
    end: int
    text: str                 # the words naming the body, as in the text
    name: str | None          # canonical name (None for a pronoun not yet resolved)
    kind: str                 # a Body kind, "pronoun" or "unknown"
    cue: str                  # according | verb | inverted | estimate | pronoun


@lru_cache(maxsize=65536)
def tokens(name: str) -> frozenset[str]:
    name = name.lower().replace("’", "'").replace("‘", "'")
    name = SPACED_DOTS.sub(r"\1.", name)
    name = DOTTED.sub(lambda m: m.group(0).replace(".", ""), name)
    name = UNITED_NATIONS.sub("un", name)
    name = POSSESSIVE_S.sub("", name)
    words = WORD.findall(name)
    return frozenset(DEMONYMS.get(w, w) for w in words if w not in STOP)


@lru_cache(maxsize=1)
def load() -> tuple[dict[frozenset, Body], dict[str, dict[str, str]], dict[str, tuple[str, ...]]]:
    data = tomllib.loads(TABLE.read_text(encoding="utf-8"))
    index: dict[frozenset, Body] = {}
    for b in data["body"]:
        body = Body(b["name"], b["kind"], b.get("country"), tuple(b.get("aliases", ())))
        for alias in (body.name, *body.aliases):
            index.setdefault(tokens(alias), body)
    generic = {" ".join(sorted(tokens(k))): v for k, v in data.get("generic", {}).items()}
    return index, generic, {k: tuple(v) for k, v in data.get("countries", {}).items()}


def bodies() -> list[Body]:
    return sorted({b.name: b for b in load()[0].values()}.values(), key=lambda b: b.name)


def body_named(name: str | None) -> Body | None:
    return load()[0].get(tokens(name)) if name else None


@lru_cache(maxsize=1)
def _place_words() -> tuple["regex.Pattern", dict[str, str]]:
    country_of_word = {w.lower(): c for c, words in load()[2].items() for w in words}
    return compile(r"\b" + alt(country_of_word) + r"\b"), country_of_word


def country_of(text: str) -> str | None:
    """The country an article is mostly about, by the place names it uses."""
    pattern, country_of_word = _place_words()
    counts: Counter[str] = Counter(country_of_word.get(" ".join(w.lower().split()))
                                   for w in pattern.findall(text, timeout=TIMEOUT * 10))
    counts.pop(None, None)
    if not counts:
        return None
    if counts["Palestine"] and counts["Palestine"] >= counts["Israel"] // 2:
        return "Palestine"
    return counts.most_common(1)[0][0]


@lru_cache(maxsize=65536)
def canonical(name: str, country: str | None) -> Body | None:
    """The body a name stands for, trying the whole name, then its known parts."""
    index, generic, _ = load()
    toks = tokens(name)
    if not toks:
        return None
    if toks in index:
        return index[toks]
    key = " ".join(sorted(toks))
    if key in generic and country in generic[key]:
        return index.get(tokens(generic[key][country]))
    # a known body named inside a longer phrase: "Philippe Lazzarini, head of ... UNRWA"
    words = NAME_WORD.findall(name)
    best = None
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            sub = tokens(" ".join(words[i:j]))
            if sub in index and (len(sub) >= 2 or words[i:j][0].isupper() or len(words[i:j]) == 1 and words[i].isupper()):
                if best is None or len(sub) > len(best[0]):
                    best = (sub, index[sub])
                break
    return best[1] if best else None


# --- finding credits in a sentence -------------------------------------------------------------------------
CREDIT_VERBS = ("said", "says", "say", "told", "tells", "reported", "reports", "announced", "announces",
                "stated", "states", "estimated", "estimates", "estimate", "confirmed", "confirms", "added",
                "adds", "wrote", "writes", "noted", "notes", "claimed that", "claims that", "warned", "warns",
                "indicated", "indicates", "recorded", "records", "observed", "documented", "counted",
                "gave", "gives", "revealed", "reveals", "acknowledged", "tweeted", "posted", "explained",
                "clarified", "declared", "described", "stating", "saying", "reporting", "announcing",
                "confirming", "estimating", "tallied", "registered", "verified", "listed", "updated",
                "put", "puts", "cited", "has said", "have said", "had said", "told reporters",
                "informed", "mentioned", "pointed out", "disclosed", "publishes", "published",
                "issued", "has reported", "have reported", "had reported", "also said", "later said")
VERB = compile(rf"""(?<!\b(?:an|a|the|its|their|initial|preliminary|are|is|were|was|be|been|being|field|news|media|press|unconfirmed|unverified|other|early|these|those|such)\s)
    \b(?P<verb>{alt(CREDIT_VERBS)})\b(?!\s+(?:of|lives|the\s+lives)\b)""")
# plural nouns that double as verbs: credit only with "that" or at the end of a sentence
VERB_OBJECT = compile(rf"""\s+(?:(?:that|there|at\s+least|more\s+than|over|up\s+to|about|around|nearly|some|{NUMBER_WORD})\b|\d)|\s*[.,;:]?\s*$""")
NOUNLIKE = {"reports", "records", "notes", "states", "estimates", "claims", "figures", "data", "report", "estimate", "records"}
ACCORDING = compile(r"""\baccording\s+to\s+(?P<who>[^,;:()“”"\n]+?)(?=\s*(?:[,;:.()“”"]|\s--|\s–|$))""")
ESTIMATE = compile(r"""(?P<who>\b(?-i:[A-Z])[\w.’'\-]*(?:\s+(?-i:[A-Z])[\w.’'\-]*){0,4})(?:['’]s)?\s+(?:own\s+)?(?:estimate|estimates|figures?|tally|tallies|count|data|death\s+toll|toll)\s+(?:of|shows?|showed|puts?|put)\b""")
BY_WHOM = compile(r"""\b(?:calculations|estimates|figures|data|count|tally|tallies|statistics|records|report|statement|assessment)\s+(?:by|from|of)\s+(?P<who>[^,;:()“”"\n]+?)(?=\s*(?:[,;:.()“”"]|\s+(?:that|which|who|on)\b|$))""")
APPOSITIVE_NAME = compile(r"""\s*,\s*(?P<name>(?-i:[A-Z])[\w.’'\-]*(?:\s+(?-i:[A-Z])[\w.’'\-]*){0,4})\s*,""")
PRONOUN = {"it", "he", "she", "they", "we", "i", "this", "its", "their", "his", "her"}
REFERENT = compile(r"""^(?:the|this|that|its|their|his|her)\s+(?P<head>[\w\s'’-]{0,40}?\b(?:ministry|agency|office|spokesman|spokeswoman|spokesperson|official|officials|statement|report|document|post|group|committee|organisation|organization|president|governor|mayor|military|army|authorities|government|network|bulletin|update|unit|mission|department|minister|source|sources|update|administration|monitors|watchdog))$""", )
ROLE = compile(r"^(?:a|an)\s+(?:spokesman|spokeswoman|spokesperson|statement|spokesman\s+for\s+the\s+\w+)$")
HEADS = ("ministry", "officials", "official", "authorities", "authority", "government", "police", "army",
         "military", "forces", "residents", "resident", "sources", "source", "spokesman", "spokeswoman",
         "spokesperson", "witnesses", "committee", "network", "agency", "office", "group", "doctors",
         "medics", "rescuers", "minister", "governor", "mayor", "administration", "department",
         "watchdogs", "monitors", "observatory", "organisation", "organization", "council", "service",
         "services", "command", "intelligence", "community", "director", "chief", "head", "correspondent",
         "official", "tallies", "prefect", "commissioner", "envoy", "coordinator", "defense", "defence",
         "owner", "hospital", "hospitals", "outlets", "media", "paramedics", "crescent", "station",
         "channel", "television", "tv", "radio", "newspaper", "outlet", "broadcaster", "survey", "unit",
         "team", "mission", "authorities")
LEAD_JUNK = compile(r"""^(?:(?:and|but|while|whereas|then|however|also|meanwhile|later|earlier|initially|separately|so)\b\s*,?\s*)+""")
TAIL_JUNK = compile(r"""(?:\s+(?:on\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d+(?:,\s*\d{4})?|\w+ly|also|later|earlier|previously|again|then|now|on\s+\w+|late\s+on\s+\w+|early\s+on\s+\w+|in\s+a\s+(?:statement|report|post|letter|press\s+release|briefing|message|video)(?:\s+on\s+\w+)?(?:\s+\w+day)?|(?:late|early|earlier|later)?\s*(?:on\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|has|have|had|will|would))+\s*$""", )
DOC_WORDS = compile(r"""^(?:(?:the|a|an)\s+)?(?:(?:joint|new|latest|interim|preliminary|daily|weekly|monthly|unclassified|final|official|recent|an?\s+)\s*)*(?:excerpts?\s+of\s+(?:a|the)\s+)?(?:report|statement|document|bulletin|letter|post|update|figures|data|assessment|tally|count|estimate|calculations|sitrep|situation\s+report|flash\s+update|press\s+release|release|briefing)\b[^,]*?\b(?:by|from|of)\s+""")
DOC_TAIL = compile(r"""\s+(?:report|statement|bulletin|document|figures|data|update|assessment|post|tally|tallies|count)(?:\s+(?:released|issued|published|seen|submitted|compiled|provided)\b.*)?$""")
SPACED_DOTS = rx(r"\b([a-z])\.\s(?=[a-z]\.)")
DOTTED = rx(r"\b(?:[a-z]\.)+[a-z]\b\.?")
UNITED_NATIONS = rx(r"\bunited\s+nations\b")
POSSESSIVE_S = rx(r"'s\b|s'(?=\s|$)")
WORD = rx(r"[a-z0-9]+")
NAME_WORD = rx(r"[\w'’.-]+")
SUBMITTED_BY = rx(r"^(?:submitted|released|issued|published|compiled|provided|prepared)\s+by\s+")
TO_RECIPIENT = rx(r"\s+to\s+(?:the\s+)?(?-i:[A-Z]).*$")
RELATIVE_TAIL = rx(r"\s+(?:who|which|that|whose)\b.*$")
RELEASED_TAIL = rx(r"\s+(?:released|issued|published|seen|submitted|compiled|provided)\b.*$")
ONLY_DETERMINERS = rx(r"(?:the|this|that|a|an|its|their|new|latest|first|second|last|final|interim|joint|daily|weekly|monthly|\s)+")
CLAUSE_VERB = rx(r"\b(?:said|says|told|was|were|is|are|has|have|had)\b")
ARTICLE = rx(r"^(?:the|a|an)\s+")
AUX_INSIDE = rx(r"\b(?:were|was|are|is|have|has|had|that|would|will)\b")
NOT_A_NAME_START = rx(r"(?:this|that|it|these|those|in|on|at|by|to|from|with|for)\b")
INVERTED = rx(r"""\s+(?P<who>(?:the\s+|a\s+)?[^,.;:“”"\d]{2,120}?)\s*(?:[,.;]|[”"]|$)""")
SUBJECT = rx(r"""^\s*(?:[^,]{0,60}?,\s*)??(?P<who>(?:(?-i:[A-Z])[\w.’'\-]*|the|of|for|and|in)(?:\s+(?:(?-i:[A-Z])[\w.’'\-]*|the|of|for|and|'s|’s|""" + alt(HEADS) + r"""))*)""", ignore_case=False)
NOT_A_NAME = rx(r"^(?:on|in|at|by|for|from|after|before|during|since|later|earlier|meanwhile|but|and|as|update|yesterday|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
ROLE_OF = rx(r"^(?P<body>.+?)['’]s\s+(?:spokes(?:man|woman|person)|head|chief|director|officials?|minister|representative)$")
HAS_HEAD = compile(rf"""\b{alt(HEADS)}\b""")
PROPER = compile(r"""^(?:(?:the|a|an)\s+)?(?-i:[A-Z])[\w.’'\-]*(?:\s+(?:(?:of|for|and|the|de|du|do|al|el|on|in|'s|’s)\s+)*(?-i:[A-Z0-9])[\w.’'\-]*){0,6}$""")


ACRONYM = compile(r"\b(?-i:[A-Z]{2,}[A-Za-z]*)\b")


def name_ok(who: str) -> bool:
    """A credit names a body or a person: a known body, a head noun ('officials'), or a proper name."""
    return bool(HAS_HEAD.search(who) or PROPER.match(who) or ACRONYM.search(who))


POSSESSIVE = compile(r"""\b(?:its|their)\s+(?:own\s+)?(?:\w+\s+)?(?:death\s+toll|toll|figures?|count|tally|estimate|data)\b""")
LEAD_NP = compile(r"""^\s*(?P<who>(?:the\s+)?(?-i:[A-Z])[^,;:]{1,80}?)(?=\s*,|\s+(?:has|have|had|is|was|were|said|says)\b)""")


def _clean(who: str) -> str:
    who = " ".join(who.split())
    who = LEAD_JUNK.sub("", who)
    who = SUBMITTED_BY.sub("", who)
    who = TO_RECIPIENT.sub("", who)
    who = DOC_WORDS.sub("", who)
    who = RELATIVE_TAIL.sub("", who)
    who = RELEASED_TAIL.sub("", who)
    who = TAIL_JUNK.sub("", who)
    stripped = DOC_TAIL.sub("", who)
    if stripped and not ONLY_DETERMINERS.fullmatch(stripped) \
            and name_ok(stripped):
        who = stripped
    return who.strip(" ,.'\"“”‘’")


def _np_before(sentence: str, end: int) -> tuple[int, str]:
    """The noun phrase that ends where a credit verb starts, with where it starts."""
    head = sentence[:end].rstrip(" ,")
    cut = max(head.rfind(c) for c in (",", ":", ";", "“", "”", '"', "(", ")", "—", "–", "\n"))
    for word in (" that ", " quoted ", " quoting ", " citing ", " cited ", " told ", " and ", " while ", " but "):
        k = head.rfind(word)
        if k > cut:
            cut = k + len(word) - 1
    start = cut + 1
    return start, head[start:]


def _appositive(sentence: str, np_start: int) -> str | None:
    """'Volker Türk, the UN high commissioner, said': the name before the role."""
    before = sentence[:np_start].rstrip(", ")
    k = max(before.rfind(c) for c in (",", ":", ";", "“", "”", '"', "("))
    prev = before[k + 1:].strip()
    prev = LEAD_JUNK.sub("", prev)
    if NOT_A_NAME.match(prev):
        return None
    if prev and prev[0].isupper() and len(prev.split()) <= 6 and not CLAUSE_VERB.search(prev, timeout=TIMEOUT):
        return prev
    return None


def _canonical(name: str, country) -> Body | None:
    """canonical(), reading the article's country (a value or a function giving it) only if needed."""
    body = canonical(name, None)
    if body is None and callable(country) and " ".join(sorted(tokens(name))) in load()[1]:
        return canonical(name, country())
    return body if body is not None or callable(country) else canonical(name, country)


def find_credits(sentence: str, country) -> list[Credit]:
    """Every credit in one sentence, in order of position. `country`: a name, or a function giving it."""
    found: list[Credit] = []

    def add(s: int, e: int, who: str, cue: str) -> None:
        who = _clean(who)
        if not who or len(who.split()) > 14:
            return
        low = who.lower()
        if low in ("the", "a", "an", "this", "that", "these", "those"):
            return
        body = _canonical(who, country) if low not in PRONOUN else None
        role = ROLE_OF.match(who) if body is None else None
        if role:                                   # "the ministry's spokesman": the ministry
            inner = _canonical(role.group("body"), country)
            if inner is not None:
                body = inner
            elif REFERENT.match(role.group("body").lower() + " office") or role.group("body").lower() in PRONOUN:
                found.append(Credit(s, e, who, None, "pronoun", cue))
                return
        if body is None and (low in PRONOUN or low.startswith(("its ", "their ")) or ROLE.match(low)
                             or REFERENT.match(low) and who[1:] == who[1:].lower()):
            found.append(Credit(s, e, who, None, "pronoun", cue))
            return
        if body is None and not name_ok(who):
            return
        if body is None and ", " in who:                 # "The Cooperative ..., a local rights group"
            first, rest = who.split(", ", 1)
            body = _canonical(rest, country)
            name = body.name if body else first
        else:
            name = body.name if body else ARTICLE.sub("", who)
        found.append(Credit(s, e, who, name, body.kind if body else "unknown", cue))

    for m in ACCORDING.finditer(sentence, timeout=TIMEOUT):
        who, end = m.group("who"), m.end()
        named = APPOSITIVE_NAME.match(sentence, m.end())
        if who == who.lower() and named:
            who, end = named.group("name"), named.end()
        add(m.start(), end, who, "according")
    for m in BY_WHOM.finditer(sentence, timeout=TIMEOUT):
        add(m.start(), m.end(), m.group("who"), "estimate")
    for m in ESTIMATE.finditer(sentence, timeout=TIMEOUT):
        add(m.start(), m.end(), m.group("who"), "estimate")
    for m in POSSESSIVE.finditer(sentence, timeout=TIMEOUT):
        lead = LEAD_NP.match(sentence)
        if lead:
            add(lead.start("who"), m.end(), lead.group("who"), "estimate")
    for m in VERB.finditer(sentence, timeout=TIMEOUT):
        verb = m.group("verb").lower()
        after = sentence[m.end():]
        before = sentence[:m.start()].rstrip()
        if verb in NOUNLIKE and not (VERB_OBJECT.match(after) or before.endswith(",")):
            continue
        # "..., said the committee." / "said local authorities"
        inverted = INVERTED.match(after, timeout=TIMEOUT)
        if verb in ("said", "says", "reported", "added", "wrote", "noted", "reports", "stated", "announced", "confirmed") and inverted \
                and before.endswith((",", "”", '"')) and not AUX_INSIDE.search(inverted.group("who"), timeout=TIMEOUT):
            who = _clean(inverted.group("who"))
            if who and not NOT_A_NAME_START.match(who) \
                    and (name_ok(who) or REFERENT.match(who.lower())):
                add(m.start(), m.end() + inverted.end("who"), inverted.group("who"), "inverted")
                continue
        if verb in ("saying", "stating", "adding", "reporting", "announcing", "confirming", "estimating") \
                and sentence[:m.start()].rstrip().endswith(","):
            lead = SUBJECT.match(sentence, timeout=TIMEOUT)
            if lead and lead.group("who").strip():
                add(lead.start("who"), m.end(), lead.group("who"), "verb")
            continue
        np_start, np = _np_before(sentence, m.start())
        np = np.strip()
        if np.lower() in ("who", "which"):          # "..., Gegham Stepanyan, who reported 68 deaths"
            name = _appositive(sentence, np_start)
            if name:
                add(np_start, m.end(), name, "verb")
            continue
        if not np:
            continue
        cleaned = _clean(np)
        if cleaned and cleaned == cleaned.lower() and cleaned not in PRONOUN and _canonical(cleaned, country) is None:
            name = _appositive(sentence, np_start)     # "X, a local rights group, said"
            if name:
                np = name + ", " + np
        add(np_start, m.end(), np, "verb")
    found.sort(key=lambda c: c.start)
    return found


def names_a_body(text: str) -> bool:
    """True for words that name someone ("Gaza's Ministry of Health"), not for "It" or "the spokesman"."""
    low = " ".join(text.lower().split())
    if low in PRONOUN or ROLE.match(low) or low.startswith(("its ", "their ")):
        return False
    return not (REFERENT.match(low) and text[1:] == text[1:].lower())


# A referent ("the ministry", "the governor") may only point back to a body of a fitting kind.
_FITS = {
    "ministry": ("health ministry", "government"), "governor": ("government", "person", "unknown"),
    "mayor": ("government", "person", "unknown"), "administration": ("government", "unknown"),
    "prefect": ("government", "person", "unknown"), "military": ("military",), "army": ("military",),
    "agency": ("UN agency", "NGO", "government", "media"), "office": ("UN agency", "government", "NGO", "unknown"),
    "mission": ("UN agency",), "committee": ("NGO", "unknown", "government"), "network": ("NGO", "unknown", "media"),
    "group": ("NGO", "unknown", "military"), "president": ("government", "person", "unknown"),
    "minister": ("government", "health ministry", "person", "unknown"), "police": ("government", "unknown"),
}
_HEAD = rx(r"(\w+)\W*$")


def fits(referent: str, body_kind: str, body_name: str) -> bool:
    """Whether "the governor" can mean the body last named (a governor's office, not a ministry)."""
    m = _HEAD.search(referent.lower())
    head = m.group(1) if m else ""
    kinds = _FITS.get(head)
    if kinds is None:                      # it, he, the spokesman, the report: anyone
        return True
    return body_kind in kinds or head in body_name.lower()


def referent_name(referent: str) -> str:
    """A referent that fits no body named before it keeps its own words: "the regional governor"."""
    return ARTICLE.sub("", referent.strip())
