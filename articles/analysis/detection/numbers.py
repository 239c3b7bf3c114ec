"""
Numbers and quantities in English news text, with the noun they count.

A mention covers the quantity itself: currency sign or code, digits or number
words, scale ("million", "bn", "m" after a currency), and a percent sign or
word or a currency word ("$4 million", "12 percent", "4 million dollars",
"two", "hundreds"). The counted noun is not part of the span; it is the
``unit``, folded and singular ("two K‑pop tracks" → "track"); currencies have
their sign as unit ("$", "€", "hk$"), percentages "percent". Approximators
before the number ("about", "more than", "up to", ...) or after it ("or so",
"-odd", "+") and plural collectives ("hundreds of") set ``approximate``.

Not quantities, so skipped: numbers inside dates (found with
:func:`articles.analysis.detection.dates.find_dates`), times, phone numbers, URLs,
handles, hashtags and e-mail addresses, tokens mixing digits and letters
("G7", "COVID-19", "48th", "1990s"), labels ("Article 9", "No. 1"),
fractions and slashed numbers, bare four-digit numbers from 1800 to 2100
(years in all but name, "the 2026 budget"; counts of that size are written
"2,000"), and "one" used as a pronoun ("one of the temples").
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re

from articles.analysis.text import fold

from . import dates
from .types import NumberMention

# For character classes: hyphen-minus, hyphen, non-breaking hyphen.
_HYPHENS = "\\-\u2010\u2011"
_DASHES = _HYPHENS + "\u2012\u2013\u2014"

_UNIT_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEEN_WORDS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "hundred": 100,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    # South Asian scales, as Indian and Pakistani outlets write them.
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "dozen": 12,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "b": 1e9,
    "tn": 1e12,
}
_WORD_VALUES = {**_UNIT_WORDS, **_TEEN_WORDS, **_TENS_WORDS, "a": 1, "half": 0.5}
_COLLECTIVES = {"tens": 10, "dozens": 12, "hundreds": 100, "thousands": 1e3}
_COLLECTIVES.update({"millions": 1e6, "billions": 1e9})


def _words(table) -> str:
    return "|".join(sorted(table, key=len, reverse=True))


# Number words, built as a small grammar so that "two and three" stays two
# numbers while "two hundred and fifty" is one: tens(-units), hundreds, scales.
_SMALL = (
    rf"(?:(?:{_words(_TENS_WORDS)})(?:[{_HYPHENS} ](?:{_words(_UNIT_WORDS)}))?"
    rf"|{_words(_TEEN_WORDS)}|{_words(_UNIT_WORDS)})"
)
_HUNDREDS = rf"(?:(?:{_SMALL}|a)\s+hundred(?:\s+(?:and\s+)?{_SMALL})?|{_SMALL})"
_WORD_NUMBER = (
    rf"(?:half\s+a\s+dozen|(?:{_SMALL}|a)\s+dozen"
    rf"|(?:{_HUNDREDS}|a)\s+(?:thousand|million|billion|trillion)(?:\s+(?:and\s+)?{_HUNDREDS})?"
    rf"|{_HUNDREDS})"
)
# Digits not glued to a word, handle, path, phone prefix or decimal point on
# the left; the lookbehinds follow the first digit so that the engine can scan
# for digits quickly.
# A colon before the digits makes them minutes or a ratio ("3:05", "3:1"),
# unless a word stands before it ("Liberal Democrats:70 seats", a list).
_FIRST_DIGIT = rf"\d(?<![\w@#/.,'’+]\d)(?<![\d\W]:\d)(?<![^\W\d_][{_HYPHENS}]\d)"
_DIGIT_NUMBER = re.compile(
    _FIRST_DIGIT
    + r"(?:\d{0,2}(?:,\d{3})+|\d{0,2}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d,]|\.\d)|\d*)"
    + r"(?:\.\d+)?"
)
_UNSPACED_NUMBER = re.compile(_FIRST_DIGIT + r"(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?")
# Thousands set off by spaces ("42 000 people", as much of the world writes
# them), but not a day of the month and a count ("March 15 200 people").
_MONTH_BEFORE = re.compile(
    r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$"
)
# Number words and plural collectives ("hundreds of"), on the lower-case
# text; the leading lookahead is a cheap first-letter filter.
_WORD_NUMBER_RE = re.compile(
    rf"(?=[zotfsenhadmb])(?<![\w{_HYPHENS}])"
    rf"(?:(?P<collective>(?:{_words(_COLLECTIVES)})(?:\s+of\s+(?:thousands|millions|billions))?)"
    rf"(?=\s+of\b)|(?:{_WORD_NUMBER})(?!\w|[{_HYPHENS}]\d)"
    # "more than a mile underground", "half an hour after": one of a unit.
    r"|(?P<single>(?:half\s+)?an?)(?=\s+(?P<single_unit>mile|kilometre|kilometer|km|metre|meter"
    r"|foot|yard|hour)s?(?![\w\-\u2010\u2011])))"
)
# A currency sign or code just before the number (matched on the few
# characters before it, hence anchored at the end).
_CURRENCY_BEFORE = re.compile(
    r"(?:(?<![\w$])(?P<prefix>US|HK|A|C|NZ|S|R|NT)?\$|(?P<sign>[€£¥₩₹₽₺₪])"
    r"|(?<![\w])(?P<code>USD|EUR|GBP|JPY|KRW|CNY|RMB|INR|Rs\.?)\s?)\s?$"
)
_CURRENCY_CODES = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "KRW": "₩",
    "CNY": "cn¥",
    "RMB": "cn¥",
    "INR": "₹",
    "Rs": "₹",  # rupees, as South Asian outlets write them
    "Rs.": "₹",
}
_CURRENCY_SIGNS = frozenset("$€£¥₩₹₽₺₪")
# Scale after a number: spaced words ("4 million"), or letters glued to digits
# ("1.2bn", "300k"; "m" and "b" only after a currency or before a plural:
# "$4m", "1.5m homes", but "the 100m final").
_SCALE_AFTER = re.compile(
    r"\s+(?P<word>(?i:trillion|billion|million|thousand|lakhs?|crores?|bn|mn|mln|tn))(?!\w)"
    r"|(?P<glued>bn|mn|tn|m|k|K|b|B)(?!\w)"
)
_GLUED_ONLY_WITH_CURRENCY = frozenset({"m", "b", "B"})
# Currency named after the quantity: "4 million dollars", "1,000 won".
_CURRENCY_AFTER = re.compile(
    r"\s+(?P<currency>(?:(?i:US|U\.S\.)\s+)?(?i:dollars?)|(?i:euros?|yen|won|yuan|renminbi"
    r"|rupees?|pounds\s+sterling)|USD|EUR|GBP|JPY|KRW|CNY|RMB|INR)(?!\w)"
)
_CURRENCY_WORDS = {
    "dollar": "$",
    "euro": "€",
    "yen": "¥",
    "won": "₩",
    "yuan": "cn¥",
    "renminbi": "cn¥",
    "rupee": "₹",
    "pounds sterling": "£",
}
# "12%", "12 percent", "12 per cent", "3 percentage points".
_PERCENT_AFTER = re.compile(
    r"\s?%|\s+(?P<points>(?i:percentage\s+points?))|\s+(?i:percent|per\s+cent|pct)(?!\w)"
)
# Units written against the digits: "5km", "10kg", "100m" (metres without a currency).
_GLUED_UNIT = re.compile(
    r"(?P<unit>km/h|kWh|MWh|GWh|km|kg|mg|cm|mm|mph|ft|lbs?|GB|MB|TB|kW|MW|GW|pc|m|g)(?!\w)"
)
# Any other letter or digit-joining mark right after the digits makes the token
# an identifier, an ordinal or a decade ("2H8u", "48th", "1990s", "9/11", "3:05").
_GLUED_TOKEN = re.compile(rf"\w|[/:]\d|[{_HYPHENS}][A-Z]")
# "12-member panel", "two-day visit": a hyphenated lower-case word gives the unit.
_HYPHEN_COMPOUND = re.compile(rf"[{_HYPHENS}](?P<word>[a-z]+)(?!\w)")
# Approximators, matched on the lower-case text just before the number.
_APPROX_BEFORE = re.compile(
    r"(?<!\w)(?:about|around|nearly|almost|over|some|roughly|approximately|approx\.|"
    r"an\s+estimated|estimated|close\s+to|more\s+than|less\s+than|fewer\s+than|at\s+least|"
    r"at\s+most|up\s+to|as\s+many\s+as|as\s+much\s+as|upwards\s+of|under|well\s+over|"
    r"just\s+over|just\s+under)\s+$|~\s*$"
)
_AND_A_HALF = re.compile(rf"[{_HYPHENS} ]and[{_HYPHENS} ]a[{_HYPHENS} ]half(?!\w)")
# "300-odd", "500 or so", "300+".
_APPROX_AFTER = re.compile(rf"\s+or\s+(?:so|more)(?!\w)|[{_HYPHENS}](?:odd|plus)(?!\w)|\+")
# Words before a number that make it a label or rank rather than a quantity
# (lower-case text).
_LABEL_BEFORE = re.compile(
    r"(?<!\w)(?:no|nos|number|article|section|chapter|clause|resolution|flight|room|page|"
    r"route|highway|gate|platform|terminal|phase|stage|round|game|episode|season|volume|vol|"
    r"amendment|item|proposition|prop|category|grade|model|version|apollo|boeing|airbus|"
    r"windows|iphone|covid)\.?\s*$"
    # An airline's code between: "Flight 7C 2216", "flight BA 117".
    r"|(?<!\w)flight\s+[a-z0-9]{2,3}\s+$"
)
# "one" after these is a pronoun or "only" ("the one who", "no one", "each one");
# lower-case text.
_ONE_PRONOUN_BEFORE = re.compile(
    r"(?<!\w)(?:the|this|that|no|any|every|each|which|another|someone|such\s+a)\s+$"
)
# Spans that contain digits without being quantities. Numbers glued to letters,
# "@", "#", "/" or ":" are already refused by _DIGIT_NUMBER; these catch the
# rest: query strings of URLs and phone numbers written with spaces or dashes.
_NOT_QUANTITIES = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\+\d[\d\s().-]{6,}\d"  # +82 2 1234 5678
    r"|\(\d{2,4}\)\s?\d{3,4}[-.\s]?\d{4}"  # (02) 1234-5678
    r"|\d(?<![\w.]\d)\d{1,3}[-.]\d{3,4}[-.]\d{4}(?!\w|\.\d)"  # 555-123-4567
    # Unbroken runs of digits no count is written as: 0044207946000, 8005551234.
    r"|(?<![\w.,])(?:0\d{8,}|\d{10,})(?!\d|[,.]\d)"
)
# A clock time after the number: "3 p.m.", "10 am".
_TIME_AFTER = re.compile(r"\s?(?i:a\.m\.|p\.m\.|am|pm)(?!\w)")
# The next word after a number: letters, with inner hyphens or apostrophes.
_NEXT_WORD = re.compile(rf" (?P<word>[^\W\d_]+(?:[{_HYPHENS}'’][^\W\d_]+)*)(?!\w)")
_OF = re.compile(r"\s+of(?!\w)")
# Separators inside a number-word phrase ("twenty‑one", "two hundred").
_WORD_SPLIT = re.compile(rf"[\s{_HYPHENS}]+")
# Between the two ends of a range ("300-400 guests", "between 300 and 400
# guests") and of a score ("7 votes to 2"): the one unit written is shared.
# "20- to 30-metre": the first end's hyphen left hanging for the unit said once.
_RANGE_GAP = re.compile(rf"\s*[{_DASHES}]\s*|(?:[{_HYPHENS}])?\s+(?:to|or|and)\s+")
_SCORE_GAP = re.compile(rf"(?:\s+[^\W\d_][\w{_HYPHENS}'’]*){{1,3}}\s+to\s+")
# Unseparated four-digit numbers that are almost always years in news copy.
_YEAR_LIKE = re.compile(r"1[89]\d\d|20\d\d|2100")
_NOUN_WINDOW = 3  # words examined after a number for the noun it counts
_UNIT_ABBREVIATION = 3  # longest unit written short and without a plural ("km", "mph")
_LOOKBACK = 25  # characters examined before a number
_APPROXIMATE_TOLERANCE = 0.10

_STOPWORDS = frozenset(
    """a an the this that these those his her its their our my your some any each every
    no all both either neither another such of in on at to for from with by about after
    before between during into onto over under per than as since until against among
    across through without within around behind beyond near off out up down upon via
    and or but nor so yet while when where who whom whose which what why how if because
    though although whether is are was were be been being am has have had having do does
    did will would shall should can could may might must said says say told added wrote
    according i you he she it we they me him us them together ago apiece also more less
    most least earlier later again then there here now very too only just already still
    even alone respectively instead each other along away back home""".split()
)
# Irregular past tenses that end a noun phrase ("when the two met").
_PAST_TENSES = frozenset(
    """met made took went came saw gave got held left led ran sat stood spoke won lost
    became began brought built bought chose fell felt fought found flew grew heard kept
    knew meant paid put rose sent set shot sang sold spent struck swore taught thought
    threw wore""".split()
)
_IRREGULAR_PLURALS = {
    "people": "person",
    "persons": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "buses": "bus",
    "viruses": "virus",
    "campuses": "campus",
    "bonuses": "bonus",
    "statuses": "status",
    "crises": "crisis",
    "analyses": "analysis",
}
# Nouns that count in the singular form or never take -s.
_IRREGULAR_SINGULARS = {
    singular: plural for plural, singular in _IRREGULAR_PLURALS.items() if plural != "persons"
}
_INVARIANT = frozenset(
    """news series species means politics economics staff police crew personnel sheep
    fish aircraft cattle livestock deer""".split()
)


@dataclasses.dataclass(frozen=True)
class _Quantity:
    """The parsed quantity expression around one number."""

    start: int
    end: int
    value: float
    unit: str = ""
    approximate: bool = False


def find_numbers(body: str) -> list[NumberMention]:
    """All quantities in ``body``, in text order, with folded singular units.

    Numbers inside dates, times, phone numbers, links, handles and identifiers
    are left out (see the module docstring)."""
    text = _Text(body, dates.lowered(body))
    excluded = _excluded_spans(body)
    quantities = [_digit_quantity(text, match) for match in _digit_matches(body)] + [
        _word_quantity(text, match) for match in _WORD_NUMBER_RE.finditer(text.lower)
    ]
    mentions = [
        NumberMention(
            q.start,
            q.end,
            body[q.start : q.end],
            q.value,
            unit=q.unit,
            approximate=q.approximate,
        )
        for q in sorted(filter(None, quantities), key=lambda q: q.start)
        if not _overlaps(excluded, q.start, q.end)
    ]
    return _share_range_units(body, mentions)


def _digit_matches(body: str):
    for match in _DIGIT_NUMBER.finditer(body):
        start = match.start()
        if not re.search(r"\s", match[0]) or not _MONTH_BEFORE.search(
            body, max(0, start - 12), start
        ):
            yield match
        else:  # "March 15 200 people": a day, then a count
            yield from _UNSPACED_NUMBER.finditer(body, start, match.end())


def numbers_equal(a: NumberMention, b: NumberMention) -> bool | None:
    """Whether two quantities agree: None when their units differ or are
    unknown (nothing to compare), else True/False by value, with a 10%
    tolerance when either is approximate. Currencies compare when their units
    are equal or one is the bare sign of the other ("$" and "hk$")."""
    if not _comparable_units(a.unit, b.unit):
        return None
    if a.approximate or b.approximate:
        tolerance = _APPROXIMATE_TOLERANCE * max(abs(a.value), abs(b.value))
        return abs(a.value - b.value) <= tolerance
    # Rounding is no disagreement: "51.9%" holds 51.89, "62 mph" holds 62.4.
    rounding = max(half_last_digit(a), half_last_digit(b))
    return abs(a.value - b.value) <= rounding or math.isclose(a.value, b.value, rel_tol=1e-9)


_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def half_last_digit(mention: NumberMention) -> float:
    """Half the place of the last digit written, in the mention's value: 0.05
    for "51.9%", 0.5 for "62 mph", 50 million for "$3.1 billion"; 0 for words."""
    digits = _DIGITS.search(mention.text)
    if digits is None:
        return 0.0
    written = float(digits.group().replace(",", ""))
    if not written:
        return 0.0
    return 0.5 * 10 ** -len(digits.group(1) or "") * abs(mention.value / written)


def plural(noun: str) -> str:
    """The plural of a singular noun, irregular ones included ("child" → "children");
    a noun already plural ("workers", a synonym set's key) or that never takes
    -s ("staff") is left as it is."""
    if noun in _IRREGULAR_SINGULARS:
        return _IRREGULAR_SINGULARS[noun]
    if noun in _INVARIANT or noun in _IRREGULAR_PLURALS:
        return noun
    base = singular(noun)
    if base != noun and plural(base) == noun:
        return noun
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def singular(word: str) -> str:
    """The folded singular of an English noun by simple rules: a few irregular
    plurals, -ies → -y, -sses → -ss, -xes/-ches/-shes → drop "es", -s → drop
    (but not -ss, -us, -is)."""
    word = fold(word)
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word in _INVARIANT or len(word) < 4 or word.endswith(("ss", "us", "is", "'s")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


# Parsing one quantity ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Text:
    """The body and its lower-case twin (same offsets)."""

    body: str
    lower: str

    def before(self, index: int) -> str:
        """The lowered characters just before ``index``."""
        return self.lower[max(0, index - _LOOKBACK) : index]


# A fraction after whole digits: "12 1/2 years", "12½ years".
_FRACTION_AFTER = re.compile(
    r"(?:\s+|-)(?P<num>[1-9])/(?P<den>[2-9])(?![\d/])|\s?(?P<glyph>[½¼¾⅓⅔])"
)
_FRACTION_GLYPHS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3}


def _digit_quantity(text: _Text, match: re.Match) -> _Quantity | None:
    body = text.body
    start, end = match.span()
    currency_match = _CURRENCY_BEFORE.search(body, max(0, start - 6), start)
    currency = _currency_unit(currency_match) if currency_match else ""
    if currency_match:
        start = currency_match.start()
    value = float(re.sub(r"[,\s]", "", match[0]))
    fraction = _FRACTION_AFTER.match(body, end)
    if fraction and "." not in match[0]:
        if fraction["glyph"]:
            value += _FRACTION_GLYPHS[fraction["glyph"]]
        else:
            value += int(fraction["num"]) / int(fraction["den"])
        end = fraction.end()
    unit = ""
    scale = _SCALE_AFTER.match(body, end)
    if scale and (
        scale["word"]
        or currency
        or scale["glued"] not in _GLUED_ONLY_WITH_CURRENCY
        or _plural_follows(body, scale.end())  # "1.5m homes", but "the 100m final"
    ):
        value *= _SCALES[(scale["word"] or scale["glued"]).lower()]
        end = scale.end()
    elif glued := _GLUED_UNIT.match(body, end):
        unit, end = fold(glued["unit"]), glued.end()
        unit = "percent" if unit == "pc" else unit  # "68.3pc", as British papers write it
    elif _GLUED_TOKEN.match(body, end) or _TIME_AFTER.match(body, end):
        return None
    if not currency and not scale and _looks_like_year(text, match):
        return None
    if _LABEL_BEFORE.search(text.before(start)):
        return None
    return _finish(text, start, end, value, currency, unit)


def _word_quantity(text: _Text, match: re.Match) -> _Quantity | None:
    start, end = match.span()
    if match["collective"]:
        return _collective_quantity(text, match)
    if match[0] == "one" and not _is_counting_one(text, start, end):
        return None
    if match["single"]:
        value = 0.5 if match[0].startswith("half") else 1.0
        return _finish(text, start, end, value, "", match["single_unit"])
    value = _word_value(match[0])
    scale = _SCALE_AFTER.match(text.body, end)
    if scale and scale["word"]:
        value *= _SCALES[scale["word"].lower()]
        end = scale.end()
    return _finish(text, start, end, value, "", "")


def _collective_quantity(text: _Text, match: re.Match) -> _Quantity:
    """ "hundreds of people", "tens of thousands of": approximate, counted noun after "of"."""
    value = float(math.prod(_COLLECTIVES[w] for w in match[0].split() if w != "of"))
    start, end = match.span()
    unit = _noun_after(text.body, _OF.match(text.body, end).end(), value)
    return _Quantity(start, end, value, unit=unit, approximate=True)


def _finish(text: _Text, start: int, end: int, value: float, currency: str, unit: str) -> _Quantity:
    """Complete a quantity with what follows it (percent, currency word,
    hyphenated unit or counted noun) and with approximators around it."""
    body = text.body
    if half := _AND_A_HALF.match(body, end):  # "two-and-a-half years"
        value, end = value + 0.5, half.end()
    approximate = bool(_APPROX_BEFORE.search(text.before(start)))
    if not currency and (percent := _PERCENT_AFTER.match(body, end)):
        unit = "percentage point" if percent["points"] else "percent"
        end = percent.end()
    elif not currency and (named := _CURRENCY_AFTER.match(body, end)):
        currency, end = _currency_word_unit(named["currency"]), named.end()
    elif (compound := _HYPHEN_COMPOUND.match(body, end)) and not _APPROX_AFTER.match(body, end):
        unit = singular(compound["word"])  # "300-odd" is no unit
    noun_from = end
    if after := _APPROX_AFTER.match(body, end):
        approximate = True
        end = end + 1 if after[0] == "+" else end
        noun_from = after.end()  # "300-odd people" counts people
    if not unit and not currency:
        unit = _noun_after(body, noun_from, value)
    return _Quantity(start, end, value, unit=currency or unit, approximate=approximate)


def _noun_after(body: str, position: int, value: float) -> str:
    """The folded singular head noun of the short phrase after a number: up to
    three words, stopping at a function word or punctuation. A plural ends the
    phrase ("300 guests attended"); a word in -ed is a verb ("the two played")
    unless a plural follows it ("two armed men"). A whole number above one
    counts the last word that is a plural, an invariant noun ("staff") or a
    short unit ("50 km long"); "three remain" counts nothing."""
    words: list[str] = []
    for _ in range(_NOUN_WINDOW):
        match = _NEXT_WORD.match(body, position)
        if match is None or match["word"].lower() in _STOPWORDS:
            break
        word = match["word"]
        if words and _is_plural(words[-1]) and not _is_plural(word):
            break
        if _is_verb_like(word) and not _plural_follows(body, match.end()):
            break
        words.append(word)
        position = match.end()
    if _wants_plural(value):
        words = [w for w in words if _fits_a_plural_count(w)]
    return singular(words[-1]) if words else ""


def _wants_plural(value: float) -> bool:
    return value > 1 and value.is_integer()


def _fits_a_plural_count(word: str) -> bool:
    lower = word.lower()
    return _is_plural(word) or lower in _INVARIANT or len(lower) <= _UNIT_ABBREVIATION


def _plural_follows(body: str, position: int) -> bool:
    match = _NEXT_WORD.match(body, position)
    return match is not None and _is_plural(match["word"])


def _is_counting_one(text: _Text, start: int, end: int) -> bool:
    """Whether "one" counts something: not "one of", "no one", "one-off", nor
    followed by a verb or nothing at all."""
    if _ONE_PRONOUN_BEFORE.search(text.before(start)):
        return False
    if _HYPHEN_COMPOUND.match(text.body, end) or _OF.match(text.body, end):
        return False
    return bool(_noun_after(text.body, end, 1))


def _word_value(words: str) -> float:
    """Value of a lowered number-word phrase matched by the grammar ("two
    hundred and fifty" → 250, "a million" → 1e6, "half a dozen" → 6)."""
    total, current = 0.0, 0.0
    for word in _WORD_SPLIT.split(words):
        if word == "and" or (word == "a" and current):  # "half a dozen"
            continue
        if word in _WORD_VALUES:
            current += _WORD_VALUES[word]
        elif word in ("hundred", "dozen"):
            current = (current or 1) * _SCALES[word]
        else:
            total += (current or 1) * _SCALES[word]
            current = 0.0
    return total + current


def _looks_like_year(text: _Text, match: re.Match) -> bool:
    """A bare four-digit number from 1800 to 2100 with no approximator before
    it nor percent after it: a year in all but name."""
    if not _YEAR_LIKE.fullmatch(match[0]):
        return False
    approximate = _APPROX_BEFORE.search(text.before(match.start()))
    return not approximate and not _PERCENT_AFTER.match(text.body, match.end())


# Units ---------------------------------------------------------------------------


def _currency_unit(match: re.Match) -> str:
    if match["code"]:
        return _CURRENCY_CODES[match["code"]]
    if match["sign"]:
        return match["sign"]
    prefix = match["prefix"]
    return "$" if prefix in (None, "US") else prefix.lower() + "$"


def _currency_word_unit(text: str) -> str:
    if text in _CURRENCY_CODES:
        return _CURRENCY_CODES[text]
    words = text.lower().split()
    if words[-1] in ("dollar", "dollars"):
        return "$"
    key = " ".join(words) if words[0] == "pounds" else singular(words[-1])
    return _CURRENCY_WORDS[key]


def is_number_word(word: str) -> bool:
    """Whether a folded word is a number word ("two", "thirty-nine", "dozen")."""
    parts = _WORD_SPLIT.split(word)
    return all(p in _WORD_VALUES or p in _SCALES or p in _COLLECTIVES for p in parts if p)


def is_currency(unit: str) -> bool:
    """Whether a mention's unit is a currency ("$", "€", "hk$")."""
    return _is_currency(unit)


def _is_currency(unit: str) -> bool:
    return bool(unit) and unit[-1] in _CURRENCY_SIGNS


def _comparable_units(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b:
        return True
    if not (_is_currency(a) and _is_currency(b)):
        return False
    bare, prefixed = sorted((a, b), key=len)
    return len(bare) == 1 and prefixed.endswith(bare)


def _is_plural(word: str) -> bool:
    """Whether a word as written looks like a plural noun ("tracks", "men"; not
    "BTS", "class", "campus")."""
    lower = word.lower()
    if lower in _IRREGULAR_PLURALS:
        return True
    if lower in _INVARIANT or len(word) < 4 or not word.endswith("s"):
        return False
    return not lower.endswith(("ss", "us", "is", "'s", "’s"))


def _is_verb_like(word: str) -> bool:
    lower = word.lower()
    return lower in _PAST_TENSES or (len(lower) > 4 and lower.endswith("ed"))


# Spans and ranges ------------------------------------------------------------------


def _excluded_spans(body: str) -> list[tuple[int, int]]:
    """Merged, sorted spans of dates, links and phone numbers."""
    spans = [(m.start, m.end) for m in dates.find_dates(body, reference=None)]
    spans.extend(m.span() for m in _NOT_QUANTITIES.finditer(body))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_right(spans, (start, math.inf))
    if index and spans[index - 1][1] > start:
        return True
    return index < len(spans) and spans[index][0] < end


def _share_range_units(body: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """Give both ends of a range or score the one unit written ("300-400
    guests" → both "guest"; "7 votes to 2" → both "vote")."""
    shared = list(mentions)
    for i in range(len(shared) - 1):
        a, b = shared[i], shared[i + 1]
        if bool(a.unit) == bool(b.unit):
            continue
        if _RANGE_GAP.fullmatch(body, a.end, b.start):
            unit = a.unit or b.unit
        elif a.unit and _SCORE_GAP.fullmatch(body, a.end, b.start):
            unit = a.unit
        else:
            continue
        shared[i] = dataclasses.replace(a, unit=unit)
        shared[i + 1] = dataclasses.replace(b, unit=unit)
    return shared
