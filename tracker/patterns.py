"""Named sub-patterns, defined once and composed. Every pattern is verbose and case-insensitive.

Word lists are kept as Python tuples so that tests and other modules can read them; `alt()`
turns a list into a regex alternation, longest first so that "shelling attacks" beats "shelling".
"""
from __future__ import annotations

import regex

FLAGS = regex.IGNORECASE | regex.VERBOSE | regex.VERSION0
TIMEOUT = 1.0          # seconds any one regex call may take on article text


def alt(words) -> str:
    """An alternation of phrases, as a trie so that the engine reads each letter once.

    Spaces inside a phrase match any run of whitespace; a longer phrase wins over its prefix.
    """
    trie: dict = {}
    for w in set(words):
        node = trie
        for unit in regex.findall(r"\s+|.", w.lower(), flags=regex.S):
            node = node.setdefault(" " if unit.isspace() else unit, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    end = "" in node
    branches = []
    for unit in sorted(k for k in node if k):
        head = r"\s+" if unit == " " else regex.escape(unit)
        branches.append(head + _trie_pattern(node[unit]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if end:
        return "(?:" + body + ")?"
    return body if len(branches) == 1 and len(body) <= 2 else "(?:" + body + ")"


def compile(pattern: str) -> regex.Pattern:  # noqa: A001 - a thin, named wrapper
    return regex.compile(pattern, FLAGS)


def rx(pattern: str, ignore_case: bool = True) -> regex.Pattern:
    """A small pattern written on one line (not verbose: spaces are literal)."""
    return regex.compile(pattern, (regex.IGNORECASE if ignore_case else 0) | regex.VERSION0)


# --- numbers -----------------------------------------------------------------------------
UNIT_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
              "fifteen sixteen seventeen eighteen nineteen").split()
TENS_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
NUMBER_WORD = alt(UNIT_WORDS + TENS_WORDS + ["hundred", "thousand", "million", "billion", "dozen"])
VAGUE_WORDS = ("dozens", "scores", "hundreds", "thousands", "millions", "tens of thousands",
               "hundreds of thousands", "tens of millions", "hundreds of millions")

NUMBER = rf"""
(?:
    (?<![\w.,])                                   # not inside a longer token
    (?: \d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?              # 27,708   1,018.5
      | \d{{1,3}}(?:[\u00a0\u202f\u2009\ ]\d{{3}})+(?!\d|[,.]\d|\s*(?:%|per\s*cent|percent))  # 15 000
      | \d{{1,3}}(?:\.\d{{3}})+(?![\d,]|\s*(?:million|billion|m\b|bn\b))   # 27.708 (dot-grouped)
      | \d+\.\ \d+(?=\s*(?:million|billion))         # "1. 9 million" (scraper artefact)
      | \d+(?:\.\d+)?                              # 123  1.7
    )
    (?:\s?[½¼¾])?
    (?:\s*-?\s*(?:million|billion|thousand)\b | (?:m|mn|bn|k)\b)?
  | (?<![\w-])
    (?:(?:a|an|one|half\s+a)\s+)?                  # a dozen, a million, half a million
    {NUMBER_WORD}(?:(?:\s+and\s+|[\s-]+){NUMBER_WORD})*
    (?![\w-])
  | (?<![\w-]){alt(VAGUE_WORDS)}(?=\s+of\b|\s+(?:more|others|dead|killed|injured|wounded|missing|displaced|people|civilians
                                                |have|has|had|were|was|are|is|fled|remain|still)\b)
)
"""

# --- qualifiers ----------------------------------------------------------------------------
QUALIFIER_WORDS = {
    "at_least": ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than",
                 "no less than", "a minimum of", "just over", "well over", "tops", "topped",
                 "surpassed", "surpassing", "exceeded", "exceeding", "passed", "beyond", "above",
                 "at least another", "more than another"),
    "at_most": ("up to", "fewer than", "less than", "under", "at most", "no more than",
                "as many as", "just under", "a maximum of", "below"),
    "approx": ("about", "around", "nearly", "almost", "near", "some", "roughly", "approximately",
               "an estimated", "estimated", "close to", "approx.", "at around", "an approximate",
               "around some", "likely", "possibly", "perhaps", "reportedly"),
    "exact": ("a further", "another", "only", "a total of", "the", "a reported", "all"),
}
QUALIFIER_OF = {w.lower(): q for q, ws in QUALIFIER_WORDS.items() for w in ws}
QUALIFIER = alt([w for ws in QUALIFIER_WORDS.values() for w in ws])

RANGE_JOIN = r"(?:\s*(?:-|–|—)\s*|\s+to\s+|-to-)"

# A number as it stands in a sentence: the number, then (read around it) its qualifier and the
# second end of a range. Scanning for NUMBER alone is several times faster than for the whole.
NUMBER_RX = compile(NUMBER)
QUALIFIER_BEFORE = compile(rf"""\b(?P<qual>{QUALIFIER})\s+(?P<between>between\s+)?$|(?P<between2>\bbetween\s+)$""")
RANGE_AFTER = compile(rf"""(?:\s+and\s+|{RANGE_JOIN})(?P<num2>{NUMBER})""")

# --- what a number must not be ----------------------------------------------------------------
# Units after a number make it a measure, not a count of people or things harmed.
UNIT_AFTER = compile(r"""
    ^\s*(?:-|\s)?\s*(?:
        %|per\s*cent|percent|pc\b
      | (?:square\s+|sq\.?\s*|cubic\s+)?(?:km|kilomet(?:er|re)s?|met(?:er|re)s?|m2|miles?|feet|ft|cm|mm|inch(?:es)?|yards?)\b
      | (?:tons?|tonnes?|kg|kilograms?|pounds|lbs?|litres?|liters?|gallons?|barrels?|acres?|hectares?|ha\b|calories)\b
      | (?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?|decades?|centuries|century)\b(?!\s+(?:of\s+)?(?:people|civilians))
      | (?:year|month|week|day|hour)s?[-\s]old | -year | -month | -week | -day | -hour | -minute | -storey | -story | -mile | -metre | -meter
      | (?:dollars|euros|pounds\s+sterling|shekels|usd|eur|gbp|rupees|yuan|naira|shillings?|francs|rubles|roubles|hryvnias?)\b
      | (?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|utc\b|hrs\b|local\s+time|o['’]clock)
      | (?:°|º|degrees?)
      | magnitude\b | on\s+the\s+richter | (?:st|nd|rd|th)\b | times\s+(?:more|less|higher|lower|as)\b
      | (?:calibre|caliber|mm\b) | (?:votes?|seats?|points?|goals?|runs?)\b
    )""")
UNIT_BEFORE = compile(r"""
    (?:[$€£¥₹]|\bus\$|\busd|\beur|\bgbp|\bnis|\brs\.?|\bno\.|\bnumber|\bround|\bresolution|\barticle|\bphase|\bsection
      |\bchapter|\bbrigade|\broute|\bhighway|\bflight|\bunit|\bpage|\bversion|\bupdate|\breport|\bbulletin|\bstage|\blevel
      |\boperation|\bcategory|\bgrade|\bsize|\bgeneration|\bpart|\bvolume|\bissue|\bbuilding|\bblock|\bgate|\bsector|\bzone
      |\bkm|\bkilometre|\bkilometer|\bmile|\bage[ds]?|\bat\s+age|\baged\s+between|\bplatform|\bseason|\bepisode|\bsurah|\bverse
      |[#№])\s*$""")

# --- what people are counted as ------------------------------------------------------------------
PEOPLE_NOUNS = (
    "people", "persons", "person", "civilians", "palestinians", "israelis",
    "ukrainians", "sudanese", "syrians", "yemenis", "lebanese", "afghans",
    "haitians", "children", "child", "kids", "minors", "babies", "infants", "women", "woman", "men", "man",
    "girls", "boys", "girl", "boy", "adults", "elderly", "residents", "villagers", "inhabitants",
    "individuals", "others", "more", "victims", "patients", "staff", "staffers", "workers", "employees",
    "members", "journalists", "reporters", "medics", "paramedics", "doctors", "nurses", "rescuers",
    "soldiers", "troops", "servicemen", "officers", "policemen", "police officers", "fighters",
    "militants", "combatants", "gunmen", "insurgents", "rebels", "militiamen", "attackers",
    "hostages", "captives", "detainees", "prisoners", "refugees", "migrants", "idps", "students",
    "pupils", "teachers", "worshippers", "pilgrims", "protesters", "demonstrators", "passengers",
    "farmers", "fishermen", "shepherds", "miners", "families", "family", "households", "relatives",
    "family members", "colleagues", "volunteers", "firefighters", "settlers", "bystanders",
    "shoppers", "tourists", "citizens", "nationals", "foreigners", "americans", "britons",
    "survivors", "casualties", "martyrs", "dead", "bodies", "corpses", "displaced",
)
HARM_NOUNS = {
    "killed": ("deaths", "death", "dead", "fatalities", "fatality", "bodies", "body", "corpses",
               "martyrs", "lives", "killings", "dead bodies", "remains", "killed"),
    "injured": ("injuries", "injured", "wounded", "injured people", "wounded people"),
    "missing": ("missing", "missing people", "missing persons"),
    "displaced": ("idps", "displaced", "displaced people", "displaced persons", "refugees",
                  "internally displaced", "internally displaced people", "internally displaced persons",
                  "evacuees", "asylum seekers", "homeless", "displaced individuals", "displaced families"),
}
ATTACK_NOUNS = (
    "attacks", "attack", "airstrikes", "airstrike", "air strikes", "air strike", "air raids", "air raid",
    "strikes", "strike", "raids", "raid", "shelling attacks", "shelling", "shellings", "bombardments",
    "bombings", "bombing", "assaults", "assault", "incursions", "missile strikes", "missile attacks",
    "drone strikes", "drone attacks", "artillery strikes", "rocket attacks", "shelling incidents",
    "attacks on", "incidents of violence", "violent incidents", "security incidents", "explosions",
    "ambushes", "ambush", "shootings", "massacres", "arson attacks",
)
STRUCTURE_NOUNS = (
    "homes", "home", "houses", "house", "housing units", "housing unit", "residential units", "units",
    "buildings", "building", "residential buildings", "apartments", "apartment buildings", "flats",
    "dwellings", "shelters", "tents", "schools", "school", "hospitals", "hospital", "health centres",
    "health centers", "health facilities", "healthcare facilities", "medical facilities", "clinics",
    "mosques", "churches", "places of worship", "facilities", "structures", "premises", "bridges",
    "roads", "dams", "electricity dams", "wells", "water wells", "shops", "stores", "markets",
    "factories", "warehouses", "offices", "government buildings", "universities", "kindergartens",
    "bakeries", "power plants", "power stations", "substations", "infrastructure facilities",
    "villages", "towns", "headquarters", "hotels", "farms", "greenhouses", "ambulances",
    "cultural sites", "heritage sites", "educational facilities", "health centre", "health center",
    "classrooms", "homes and buildings", "properties", "commercial buildings", "religious sites",
)
NON_HUMAN = ("livestock", "cattle", "animals", "sheep", "goats", "cows", "camels", "donkeys", "horses",
             "birds", "poultry", "chickens", "dogs", "cats", "fish", "trees", "acres", "hectares",
             "trucks", "lorries", "vehicles", "cars", "tanks", "aircraft", "planes", "drones",
             "missiles", "rockets", "shells", "projectiles", "bombs", "munitions", "votes", "seats",
             "districts", "provinces", "countries", "cities", "communities", "municipalities",
             "organisations", "organizations", "groups", "agencies", "states", "nations", "teams",
             "dollars", "tons", "tonnes", "items", "kits", "meals", "doses", "packages", "parcels",
             "cases", "arrests", "firs", "jats", "camps", "sites", "locations", "percent", "times")

# --- harm predicates: what happened to those counted --------------------------------------------
AUX = r"(?:(?:have|has|had|were|was|are|is|be|been|being|got|get|reportedly|reported|confirmed|believed|feared|thought|said|estimated|known|now|also|already|all|so\s+far|since|likely|probably|to|have\s+been|had\s+been|were\s+later|later|then|either|both|not|just|mostly|mainly|each|among\s+the|among|of\s+them|of\s+whom|been\s+confirmed|officially|directly|severely|seriously|critically|slightly|lightly|badly|fatally|completely|partially|partly|totally|fully)\s+)*"
KILL_PRED = ("killed", "dead", "died", "die", "dying", "perished", "massacred", "murdered", "slain",
             "executed", "shot dead", "lost their lives", "lost his life", "lost her life",
             "lost lives", "martyred", "burned to death", "crushed to death", "drowned",
             "confirmed dead", "found dead", "buried alive", "gunned down", "beheaded")
INJURE_PRED = ("injured", "wounded", "hurt", "maimed", "hospitalised", "hospitalized",
               "in critical condition", "in serious condition", "in intensive care",
               "in a critical condition", "in a serious condition", "suffered injuries",
               "sustained injuries", "treated for injuries", "severely injured", "seriously injured",
               "seriously wounded", "lightly injured")
MISSING_PRED = ("missing", "unaccounted for", "trapped under the rubble", "trapped under rubble",
                "buried under the rubble", "buried under rubble", "trapped beneath the rubble",
                "buried beneath the rubble", "under the rubble", "under rubble", "disappeared",
                "not been found", "still missing", "remain missing", "remains missing")
DISPLACE_PRED = ("displaced", "internally displaced", "fled", "fleeing", "flee", "forced to flee",
                 "sheltering", "sheltered", "taking shelter", "taken shelter", "taking refuge",
                 "sought refuge", "seeking refuge", "seeking shelter", "homeless", "made homeless",
                 "left homeless", "without homes", "without a home", "evacuated", "uprooted",
                 "forced from their homes", "forced out of their homes", "driven from their homes",
                 "left their homes", "have left their homes", "crossed into", "crossed the border",
                 "became refugees", "registered as refugees", "in displacement camps",
                 "in relief camps", "residing in relief camps", "in shelters", "living in shelters",
                 "staying in shelters", "relocated", "forced to leave", "accommodated in camps",
                 "accommodated in relief camps", "sought safety", "seeking safety")
DAMAGE_PRED = ("destroyed", "damaged", "burned", "burnt", "razed", "demolished", "flattened",
               "levelled", "leveled", "collapsed", "out of service", "out of operation",
               "non-functional", "nonfunctional", "not functioning", "not functional",
               "ceased functioning", "ceased to function", "stopped functioning", "hit", "struck",
               "shelled", "bombed", "targeted", "buried", "washed away", "swept away", "flooded",
               "torched", "set ablaze", "set on fire", "looted", "reduced to rubble",
               "wrecked", "gutted", "partially destroyed", "completely destroyed", "totally destroyed",
               "attacked", "raided", "ruined", "cracked", "burned down")
# Verbs that say the people counted met some other fate: the number is then not a figure.
OTHER_PRED = ("rescued", "arrested", "detained", "released", "freed", "abducted", "kidnapped",
              "taken hostage", "held hostage", "captured", "treated", "vaccinated", "fed", "deployed",
              "affected", "in need", "need", "needs", "live", "living", "lives in", "reside",
              "residing", "inhabit", "employed", "registered to vote", "voted", "attended",
              "could have been inside", "were inside", "was inside", "were in the building",
              "in the building", "sentenced", "convicted", "charged", "deported", "returned",
              "recovered from", "survived", "sheltered by", "enrolled", "received aid",
              "in contact", "evacuated from", "transported", "airlifted", "brought to", "referred",
              "at risk", "facing", "face", "suffering from", "malnourished", "starving")

# Left of the number: an active verb whose object is the number ("killing seven", "injured 11").
LEFT_VERB = {
    "killed": ("killing", "killed", "kills", "kill", "killing at least",
               "claimed the lives of", "claiming the lives of", "took the lives of", "taking the lives of",
               "the killing of", "the deaths of", "the death of", "death of", "massacred",
               "massacring", "murdered", "murdering", "executed", "executing", "the remains of",
               "remains of", "the bodies of", "bodies of", "recovered the bodies of",
               "shot dead", "slaughtered"),
    "injured": ("injuring", "injured", "injures", "injure", "wounding", "wounded", "wounds", "wound",
                "maiming", "maimed", "hurting"),
    "displaced": ("displacing", "displaced", "displaces", "displace", "uprooting", "uprooted",
                  "the displacement of", "displacement of",
                  "evacuated", "evacuating", "the evacuation of", "a flow of", "an influx of", "the flight of",
                  "the exodus of", "an exodus of"),
    "damaged": ("destroying", "destroyed", "damaging", "damaged", "burned", "burnt", "burning",
                "razing", "razed", "demolishing", "demolished", "flattening", "flattened", "levelled",
                "leveling", "hitting", "hit", "struck", "striking", "targeting", "targeted",
                "the destruction of", "destruction of", "damage to"),
    "attacks": ("carried out", "carrying out", "launched", "launching", "conducted", "conducting",
                "recorded", "documented", "verified", "registered", "committed", "staged", "mounted",
                "reported"),
}
TOLL_LINK = alt(("rose to", "risen to", "rises to", "rising to", "reached", "reaches", "reaching",
                 "stands at", "stood at", "stand at", "stands", "at", "to", "of", "is", "was", "hit",
                 "hits", "tops", "topped", "topping", "climbed to", "climbs to", "climbing to",
                 "jumped to", "jumps to", "increased to", "increases to", "increased", "surpassed",
                 "surpasses", "passed", "passes", "exceeded", "exceeds", "near", "now", "has reached",
                 "had reached", "have reached", "rose", "grew to", "risen", "soared to", "went up to",
                 "mounted to", "crossed", "is now", "now stands at", "had risen to", "has risen to",
                 "has climbed to", "has increased to", "has surpassed", "has passed", "has exceeded",
                 "was raised to", "was revised to", "revised to", "revised down to", "reduced to",
                 "fell to", "dropped to", "lowered to", "is at least", "is over", "to at least",
                 "to more than", "to over", "at least", "as"))
ATTACK_TIMES_VERB = alt(("shell", "shelled", "shells", "shelling", "fired", "fire", "fires", "firing",
                         "struck", "strike", "strikes", "striking", "attacked", "attack", "attacks",
                         "attacking", "hit", "hits", "bombed", "bomb", "bombs", "bombing", "targeted",
                         "targeting", "shot at", "opened fire", "violated the ceasefire",
                         "launched attacks"))

# --- clause boundaries inside a sentence ----------------------------------------------------------
BOUNDARY = compile(r"""
    [;:()\[\]—–] | \s-\s | \s--\s | ,\s+as\b
  | ,?\s\b(?:while|whereas|but|although|though|after|before|when|because|since|as\s+well\s+as
           |which|who|whom|whose|where|making|bringing|leaving|raising|taking|adding|saying
           |according\s+to|amid|despite|unlike|compared\s+with|compared\s+to|(?<!more\s|less\s|fewer\s)than|if|unless)\b
""")
# Words after which a bare number borrows the metric of the figure before it.
INHERIT_LEFT = compile(r"""
    (?:\b(?:including|includes|include|included|among\s+them|among\s+whom|of\s+whom|of\s+them
          |of\s+which|amounting\s+to|totalling|totaling|as\s+have|as\s+has|as\s+had|as\s+were|as\s+was
          |as\s+well\s+as|plus|and|or|with|along\s+with|respectively|while|whereas|and\s+another|another)
       |,|\()\s*(?:{QUALIFIER}\s+)?$""".replace("{QUALIFIER}", QUALIFIER))

EVENT_WORDS = ("strike", "strikes", "airstrike", "airstrikes", "air strike", "air strikes", "attack", "attacks",
               "raid", "raids", "blast", "explosion", "earthquake", "earthquakes", "quake", "quakes", "tremor",
               "tremors", "landslide", "landslides", "flood", "floods", "flooding", "floodwaters", "flash floods",
               "fire", "bombing", "bombings", "shelling", "shooting", "storm", "cyclone", "hurricane",
               "typhoon", "crash", "collapse", "ambush", "bombardment", "bombed", "struck", "hit", "shelled",
               "attacked", "raided", "stampede", "mudslide", "avalanche", "eruption", "heavy rains", "rains",
               "massacre", "explosions", "blasts", "mass aerial attack", "missile attack", "drone attack")
EVENT = compile(rf"\b{alt(EVENT_WORDS)}\b")
TOTAL_WORDS = compile(r"""\b(?:so\s+far|to\s+date|cumulative|until\s+now|up\s+until\s+now|as\s+of|currently|bringing
    |since|thus\s+far)\b""")
# words that add up ("a total of 21 ... in a strike"): a running total only when no strike or raid is named
SUM_WORDS = compile(r"\b(?:in\s+total|a\s+total\s+of|overall|altogether|in\s+all)\b")
# a war named in the sentence hints at its running total, but less than a strike or a raid hints at an incident
WAR_WORDS = compile(r"\b(?:war|conflict|fighting|escalation|hostilities)\b")
# "since" a recent happening counts a window, not the running total since a war began
RECENT_SINCE = compile(r"""\bsince\s+(?:
      (?:the\s+)?(?:fighting|bombing|bombardment|hostilities|strikes|war)\s+(?:resumed|restarted)
    | the\s+(?:end|collapse|breakdown|expiry)\s+of\s+the\s+(?:\w+\s+)?(?:truce|pause|ceasefire|cease-fire)
    | the\s+(?:\w+\s+)?(?:truce|pause|ceasefire|cease-fire)\s+(?:ended|collapsed|broke\s+down|expired)
    | the\s+(?:\w+\s+){0,2}(?:operation|incursion|raid|siege)\s+(?:began|started|was\s+launched)
    | (?:last\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|night|week|weekend)
    | (?:this|yesterday)\s+(?:morning|afternoon|evening)|dawn|midnight|yesterday)\b""")
RECENT_DAYS = 14
# "the 7 October attack", "Hamas's attack on Israel on 7 October": a date that names an event
EVENT_NOUNS = r"(?:attack|attacks|assault|massacre|raid|raids|incursion|invasion|offensive|rampage|onslaught)"
EVENT_DATE_AFTER = compile(rf"^\W{{0,3}}(?:\w+(?:'s|’s)?\s+){{0,2}}{EVENT_NOUNS}\b")
# "... since Hamas's attack on 7 October that killed 1,200", "... since 7 October, when Hamas killed 1,200":
# a count told as background to an event
EVENT_CLAUSE_BEFORE = compile(rf"""(?:\b{EVENT_NOUNS}\b[^.;]{{0,60}}?(?<!\b(?:and|or|but|said|says|say|added)\s)\b(?:that|which|in\s+which)
      | \b(?:when|since)\s+(?:(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+)?|the\s+group|militants|gunmen
          |(?:a|the)\s+(?:(?-i:[A-Z])[\w'’-]+\s+)?{EVENT_NOUNS})\b[^.;]{{0,80}}?
        \b(?:killed|killing|left))\s+(?:[\w-]+\s+){{0,3}}$""")
EVENT_DATE_BEFORE = compile(rf"\b{EVENT_NOUNS}\b[^,.;:\d]{{0,30}}$")             # a "since" day this close to publication starts a window
TOLL_WORDS = compile(r"\b(?:toll|tolls|tally|now)\b")
PERFECT = compile(r"""\b(?:has|have|had|'ve|’ve)\s+(?:now\s+|so\s+far\s+|reportedly\s+|also\s+)?(?:been\s+(?:\w+\s+)?)?
    (?:killed|died|injured|wounded|displaced|destroyed|damaged|fled|perished|lost|claimed|missing|left|forced|uprooted|carried\s+out|launched|conducted|recorded|documented)\b""")
STOCK = compile(r"\b(?:are|is|remain|remains|currently|now)\s+(?:\w+\s+)?(?:sheltering|displaced|homeless|living|staying|hosted|residing)\b|\bsheltering\b")
STATEMENT_BEFORE = compile(r"""\b(?:statement|said|says|told|released|seen|published|announced|report|reported|issued|posted|update)\b[^.;]{0,25}$""")
