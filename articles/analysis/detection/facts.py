"""
Facts: figures that say what they count, compared across reports one by one.

Two reports rarely word a toll alike ("killing at least 296 people", "the
death toll has risen to 632"), so comparing numbers only inside sentences that
look alike misses them. Here every figure is read as a :class:`Fact` of one
*measure* (people killed, injured, missing, evacuated, arrested; money;
distances, speeds, durations, weights; earthquake magnitudes; votes; ages),
with *whom or what it concerns* (its subject: "children", a place, a person)
and how firmly it is stated (exact, at least, at most, about). Facts of the
same measure and subject are compared across reports whatever sentence they
sit in, each on its own.

Adding a kind of fact is one entry in :data:`MEASURES` (what it is called in
titles, the words that announce it) or, for a figure with its own syntax, one
:class:`FactKind` in :data:`FACT_KINDS` with its finder; comparison and titles
follow from :func:`compare` and :func:`title`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
import typing

from articles.analysis.text import fold

from . import variants
from .align import STOPWORDS
from .dates import CALENDAR_WORDS, weekday_written
from .numbers import is_number_word, plural, singular
from .types import NumberMention

# Hedges ---------------------------------------------------------------------------

EXACT, AT_LEAST, AT_MOST, ABOUT = "exact", "at least", "at most", "about"
NEARLY = "nearly"  # a little under: "almost 74" is 67 to 74, not 0 to 74

_HEDGE_BEFORE = [
    (
        AT_LEAST,
        r"at\s+least|more\s+than|over|upwards\s+of|in\s+excess\s+of|well\s+over|just\s+over|no\s+fewer\s+than|no\s+less\s+than|risen\s+to\s+at\s+least",
    ),
    (NEARLY, r"nearly|almost|close\s+to|just\s+under|just\s+shy\s+of"),
    (
        AT_MOST,
        r"up\s+to|fewer\s+than|less\s+than|under|at\s+most|as\s+many\s+as|as\s+much\s+as",
    ),
    (ABOUT, r"about|around|roughly|approximately|approx\.|some|an\s+estimated|estimated|circa|c\."),
]
_HEDGE_RE = [
    (hedge, re.compile(rf"(?<!\w)(?:{pattern})\s+(?:of\s+)?(?:the\s+)?$"))
    for hedge, pattern in _HEDGE_BEFORE
]
_HEDGE_AFTER = re.compile(r"\s+or\s+(?:so|more)(?!\w)|[-\u2011\s](?:odd|plus)(?!\w)|\+")

# Collectives: "dozens of people" is at least 24 and under 100.
_COLLECTIVE_RANGES = {12: (24, 99), 10: (20, 99), 100: (200, 999), 1e3: (2000, 9999)}

# Two hedged figures this close say the same ("more than 210", "at least 212").
ROUNDING = 0.03
# How far "about" reaches either side of a figure, and of a share.
ABOUT_SPREAD, ABOUT_SHARE = 0.15, 0.05


def hedge_before(lower_text: str) -> str:
    for hedge, pattern in _HEDGE_RE:
        if pattern.search(lower_text):
            return hedge
    return EXACT


@dataclasses.dataclass(frozen=True)
class Fact:
    """One figure: ``value`` in the measure's base unit, ``hedge`` how firmly,
    ``subject`` whom or what it concerns (a key: facts compare only with equal
    keys), ``start``/``end`` the words carrying it."""

    measure: str
    subject: str
    value: float | tuple
    hedge: str
    start: int
    end: int
    text: str
    precision: float = 0.0  # half the last written digit, in base units
    low: float | None = None  # explicit bounds (ranges, "dozens")
    high: float | None = None
    display: str = ""  # the figure as written, with its hedge and unit
    detail: str = ""  # a finer qualifier: facts whose details differ do not compare
    # What a clock time times (its clause's event words): two times of
    # different happenings ("took off at 2 a.m.", "crashed at 9 a.m.") do not
    # compare.
    events: frozenset = frozenset()

    def bounds(self) -> tuple[float, float]:
        if self.low is not None:
            return self.low, self.high
        v = self.value
        if self.hedge == AT_LEAST:
            return v, math.inf
        if self.hedge == AT_MOST:
            return 0.0, v
        if self.hedge == NEARLY:
            return v * 0.9, v
        if self.hedge == ABOUT:
            # "About 250 people": give or take a sixth; "about 63.3%": a
            # share is written closer than that.
            if self.measure in ("percent", "percentage point"):
                return v * (1 - ABOUT_SHARE), v * (1 + ABOUT_SHARE)
            # A hedged figure is as round as it is written: "about 250" may be
            # 240 or 260, "about 212" is 212 give or take one.
            spread = min(v * ABOUT_SPREAD, _written_rounding(self.text, v))
            return v - spread, v + spread
        return v - self.precision, v + self.precision

    def shown(self) -> str:
        if self.display:
            return self.display
        if isinstance(self.value, tuple):
            return "–".join(f"{v:g}" for v in self.value)
        if self.low is not None and self.hedge != EXACT:
            return " ".join(self.text.split())
        prefix = "" if self.hedge == EXACT else f"{self.hedge} "
        return prefix + _number_text(self.value, self.measure)


_WRITTEN_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _written_rounding(text: str, value: float) -> float:
    """Half the place of the last digit that is not a zero, in the figure's
    base units: 5 for "about 250", 0.5 for "about 212", 50,000 for "$1.3
    million"; for a figure in words, half its leading place."""
    digits = _WRITTEN_DIGITS.search(text)
    if digits is None or not value:
        return 0.5 * 10 ** math.floor(math.log10(abs(value))) if value else 0.0
    written = float(digits.group().replace(",", ""))
    if not written:
        return 0.0
    decimals = len(digits.group(1) or "")
    whole = digits.group().replace(",", "").partition(".")[0]
    zeros = len(whole) - len(whole.rstrip("0")) if not decimals and whole.strip("0") else 0
    return 0.5 * 10 ** (zeros - decimals) * abs(value / written)


def _number_text(value: float, measure: str) -> str:
    unit = MEASURE_UNITS.get(measure, "")
    if unit == "$":
        return f"${value:,.0f}" if value < 1e6 else f"${value / 1e6:,.4g} million"
    text = (
        f"{value:,.1f}".rstrip("0").rstrip(".")
        if not float(value).is_integer()
        else f"{value:,.0f}"
    )
    return f"{text} {unit}".strip()


# Comparing two facts --------------------------------------------------------------


def compare(a: Fact, b: Fact) -> float | None:
    """How strongly two facts of one measure and subject disagree: None when
    they agree, 0 when they turn out not to be comparable (different
    details), else a weight in (0, 1]: 1 for two different exact figures,
    less when hedges leave room ("at least 212" against "at least 230": 0.6;
    "around 250" against "at least 212": 0.45)."""
    if a.detail and b.detail and a.detail != b.detail:
        return 0.0
    if a.events and b.events and not _same_event(a.events, b.events):
        return 0.0
    if a.measure == "date":
        # A day against a bare weekday compares by weekday.
        same = (
            a.value[1] == b.value[1]
            if a.value[0] == b.value[0] == "day"
            else (a.value[2] == b.value[2])
        )
        return None if same else 1.0
    if isinstance(a.value, tuple) or isinstance(b.value, tuple):
        return None if a.value == b.value else 1.0
    if a.value == b.value and a.hedge == b.hedge:
        return None
    if a.value == b.value and {a.hedge, b.hedge} == {EXACT, NEARLY}:
        return None  # "nearly four months" and "a four-month trial": one length, rounded
    if a.value == b.value and EXACT in (a.hedge, b.hedge) and a.low is None and b.low is None:
        # "At least 67" and "67", "up to 40" and "40": the floor or ceiling
        # holds the figure itself (a count's bounds are one point, and would
        # only meet).
        return None
    la, ha = a.bounds()
    lb, hb = b.bounds()
    if (
        max(la, lb) == min(ha, hb)
        and {a.hedge, b.hedge} & {AT_LEAST}
        and {
            a.hedge,
            b.hedge,
        }
        & {AT_MOST, NEARLY}
    ):
        # "More than 1,000" against "up to 1,000": both hold only at the one
        # figure, and the reports mean different things by it.
        return 0.45
    # Bounds that only meet do not overlap: "about 15 km" (14.5 to 15.5)
    # against "16 km" (15.5 to 16.5) are two distances.
    overlap = la < hb and lb < ha
    if not overlap:
        return 1.0 if a.hedge == b.hedge == EXACT else 0.8
    if _far_above_floor(a, b) or _far_above_floor(b, a):
        return 0.45
    close = abs(a.value - b.value) <= ROUNDING * max(abs(a.value), abs(b.value)) + max(
        a.precision, b.precision
    )
    if close:
        return None
    if EXACT in (a.hedge, b.hedge) and a.low is None and b.low is None:
        # An exact figure inside the other's bounds agrees with it, unless
        # the bound is an open one well short of it: "at least 717" against
        # "769" can both be true, but are two counts of one toll (an early
        # and a later one), a thing to look at, weakly.
        bound, figure = (a, b) if a.hedge != EXACT else (b, a)
        if bound.hedge in (AT_LEAST, AT_MOST) and abs(figure.value - bound.value) > 2 * (
            _written_rounding(bound.text, bound.value)
        ):
            # A round bound is as round as it is written: "more than 200"
            # holds 250, "at least 717" stops well short of 769.
            return OPEN_BOUND_SHORT
        return None
    if a.low is not None or b.low is not None:
        return None  # a range or a collective holding the other figure
    if a.hedge == b.hedge:
        return 0.6
    if {a.hedge, b.hedge} == {ABOUT, AT_LEAST}:
        about, floor = (a, b) if a.hedge == ABOUT else (b, a)
        if about.bounds()[0] <= floor.value <= about.bounds()[1]:
            return None  # "some 100" and "more than 104": the guess holds the floor
    return 0.45


# Event words sharing this many first letters name one happening ("collided",
# "collision").
EVENT_PREFIX = 5


def _same_event(a: frozenset, b: frozenset) -> bool:
    return any(x[:EVENT_PREFIX] == y[:EVENT_PREFIX] for x in a for y in b)


# How strongly an open bound disagrees with an exact figure beyond it by more
# than the place of the bound's last written digit ("at least 717" against
# "769"; "more than 200" against "250" agree).
OPEN_BOUND_SHORT = 0.3

# "At least 5,100" against "11,300": both can be true, but a floor that far
# under the other report's figure is an older or a partial count, a thing for a
# reader to resolve ("at least 200" against "212" is not).
FLOOR_GAP = 1.5


def _far_above_floor(floor: Fact, other: Fact) -> bool:
    return (
        floor.hedge == AT_LEAST
        and floor.low is None
        and other.low is None
        and other.hedge in (EXACT, ABOUT)
        and other.value > FLOOR_GAP * floor.value > 0
    )


# Measures of people and things, announced by words near the figure ----------------


class Measure(typing.NamedTuple):
    title: str
    cues: frozenset[str]
    people: bool = True  # the counted noun ("passengers", "crew") is its subject


def _cues(words: str) -> frozenset[str]:
    return frozenset(words.split())


MEASURES = {
    "killed": Measure(
        "Death toll",
        _cues(
            "killed kill killing kills dead death deaths toll fatalities fatality lives died "
            "perished bodies corpses dying fatal casualties"
        ),
    ),
    "injured": Measure(
        "Injured",
        _cues("injured injuring injure injuries injury wounded wounding hurt"),
    ),
    # Those kept in hospital are some of the injured: a count of their own.
    "hospitalised": Measure(
        "In hospital",
        _cues("hospitalised hospitalized hospitalisation hospitalization hospital hospitals"),
    ),
    # Those in critical condition are some of the injured: a count of their own.
    "critical": Measure("In critical condition", _cues("critical critically")),
    "missing": Measure("Missing", _cues("missing unaccounted")),
    "evacuated": Measure(
        "Evacuated", _cues("evacuated evacuate evacuation evacuations evacuees displaced")
    ),
    "arrested": Measure("Arrests", _cues("arrested arrest arrests detained detaining custody")),
    "rescued": Measure(
        "Rescued", _cues("rescued rescue rescuing saved pulled plucked freed extricated")
    ),
    "voted": Measure(
        "Votes cast", _cues("voted voters voter votes ballots turnout electorate polls")
    ),
    "aboard": Measure("On board", _cues("aboard board onboard carrying carried")),
    "survived": Measure("Survivors", _cues("survived survivors survivor alive")),
    "capacity": Measure(
        "Capacity",
        _cues("capacity hold holds holding accommodate accommodates accommodating"),
        # What a place can hold is one figure, whoever it is said to hold.
        people=False,
    ),
    "attended": Measure(
        "Attendance",
        _cues(
            "attended attending attendance present gathered congregated crowd footfall came come "
            "visitors"
        ),
        # A crowd is one crowd, whether its reporters count devotees, fans or people.
        people=False,
    ),
}
MEASURE_UNITS = {"money": "$"}
# Counted nouns that say nothing about whom a count concerns.
_GENERIC_SUBJECTS = frozenset(
    """person people individual life soul victim resident one dead death fatality injured
    wounded missing casualty toll body""".split()
)
# Words that end the search for a measure's cue: a figure's clause.
_CLAUSE_END = re.compile(r"[;:()\[\]—–]|,\s|\.\s|\.$|\s-\s|\bwhile\b|\bwhereas\b|\bbut\b")
_WORDS = re.compile(r"[a-z]+(?:['’-][a-z]+)*")
CUE_WORDS_BEFORE, CUE_WORDS_AFTER = 6, 6
# "in Hatay province", "across Al Haouz": a place narrowing a count.
_PLACE = re.compile(
    r"\b(?:in|across|from|near|at)\s+(?:the\s+)?"
    r"(?P<place>[A-Z][\w'’\-]+(?:\s+(?:and\s+)?[A-Z][\w'’\-]+)*)"
)


# Words between a figure and the rest of its clause that the clause reads past:
# the same figure in another unit ("212 miles (340 km) east of"), and a part
# of it set off by commas ("30 people, including 27 children, died").
_CONVERSION_SKIP = re.compile(r"(?:\s*[a-z./]{1,12})?\s*\([^()]{1,40}\)")
_APPOSITIVE_SKIP = re.compile(
    r"(?:\s+[a-z]+){0,2},\s*(?:including|among\s+them|most\s+of\s+them|many\s+of\s+them"
    r"|mostly|mainly)\b[^,;:()]{1,80},"
    # "Five climbers — four Germans and their guide — died": who they were.
    r"|(?:\s+[a-z]+){0,2}\s+[—–]\s[^—–;:()]{1,80}\s[—–]"
)


def _clause(body: str, lower: str, start: int, end: int, sentence_start: int, sentence_end: int):
    """The text of the figure's clause before and after it."""
    before = lower[sentence_start:start]
    cut = None
    for match in _CLAUSE_END.finditer(before):
        cut = match.end()
    if cut is not None:
        before = before[cut:]
    skip = _CONVERSION_SKIP.match(lower, end, sentence_end) or _APPOSITIVE_SKIP.match(
        lower, end, sentence_end
    )
    if skip:
        # The unit written before the brackets stays: it may be the topic.
        unit = re.match(r"\s*[a-z./]*", lower[end : skip.end()])
        after = unit.group() + " " + lower[skip.end() : sentence_end]
    else:
        after = lower[end:sentence_end]
    match = _CLAUSE_END.search(after)
    if match:
        after = after[: match.start()]
    return before, after


_BOUNDARY = re.compile(r"\d|\b(?:and|or|but|that|while|including|among|with|as)\b")
# "The death toll in the coastal city of Vessa has risen to 1,300", "brings
# the number of victims across both provinces to 40": a figure that a verb of
# change gives to the clause's subject, however far before it the subject is.
_RISEN_TO = re.compile(
    r"\b(?:ris(?:e|es|en|ing)|rose|climb(?:s|ed|ing)?|soar(?:s|ed|ing)?|jump(?:s|ed|ing)?"
    r"|surg(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|gr(?:ow|ows|ew|own|owing)"
    r"|jump(?:s|ed)?|reach(?:es|ed|ing)?|hit(?:s|ting)?|t(?:op|ops|opped)|pass(?:es|ed)"
    r"|(?:stands?|stood|standing)\s+at|bring(?:s|ing)?\b.*?\bto|brought\b.*?\bto)"
    r"\s+(?:to\s+)?$"
)
# Nor do the words of a hedged passive: "30 people were reported to have been injured".
_HEDGED_PASSIVE = re.compile(
    r"\b(?:(?:were|was|are|is)\s+)?(?:reported|said|believed|thought|feared|understood)"
    r"\s+to\s+(?:have\s+been|be|have)\b"
)
# Hedges take no place in the cue window: "killed at least some 40".
_HEDGE_TOKENS = frozenset("least more than over nearly almost about around some up".split())
_TRAILING_HEDGE = re.compile(
    r"(?:\s+(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to))+\s*$"
)


# "At present 40 are missing": now, not who was there.
_AT_PRESENT = re.compile(r"\b(?:at|for\s+the)\s+present\b")


def measure_of(before: str, after: str, numbers_between=()) -> str | None:
    """The measure a figure counts, from the nearest cue word in its clause,
    not reaching past another figure or a conjunction ("killed 5 and injured
    12": 12 counts the injured)."""
    before, after = _AT_PRESENT.sub(" ", before), _AT_PRESENT.sub(" ", after)
    unhedged = _TRAILING_HEDGE.sub(" ", before)
    if _RISEN_TO.search(unhedged) and not re.search(r"\d", unhedged):
        subject_words = _WORDS.findall(unhedged)
        for word in subject_words:  # the clause's subject comes first
            for name, measure in MEASURES.items():
                if word in measure.cues:
                    return name
    boundaries = list(_BOUNDARY.finditer(before))
    if boundaries:
        before = before[boundaries[-1].end() :]
    stop = _BOUNDARY.search(after)
    if stop is not None:
        after = after[: stop.start()]
    words_before = [w for w in _WORDS.findall(before) if w not in _HEDGE_TOKENS]
    words_before = words_before[-CUE_WORDS_BEFORE:]
    words_after = _WORDS.findall(_HEDGED_PASSIVE.sub(" ", after))[:CUE_WORDS_AFTER]
    best = None
    for distance, word in enumerate(words_after):
        for name, measure in MEASURES.items():
            if word in measure.cues:
                best = (distance, name)
                break
        if best:
            break
    for distance, word in enumerate(reversed(words_before)):
        # At the same distance the word before wins: "killing two aboard" counts the dead.
        if best and distance > best[0]:
            break
        for name, measure in MEASURES.items():
            if word in measure.cues:
                return name
    return best[1] if best else None


def place_of(text: str) -> str:
    """The place a figure's words narrow it to; a day or a month is no place
    ("died in Thursday's stampede")."""
    for match in _PLACE.finditer(text):
        place = re.sub(r"['’]s\b", "", fold(match["place"]))
        if place.split()[0] not in CALENDAR_WORDS:
            return place
    return ""


# Units converted with pint -------------------------------------------------------

# Written units and the pint unit they name. Dimensions come from pint itself.
_UNIT_NAMES = {
    "km": "kilometer",
    "kms": "kilometer",
    "kilometre": "kilometer",
    "kilometer": "kilometer",
    "mile": "mile",
    "mi": "mile",
    "m": "meter",
    "metre": "meter",
    "meter": "meter",
    "ft": "foot",
    "foot": "foot",
    "feet": "foot",
    "yard": "yard",
    "cm": "centimeter",
    "mm": "millimeter",
    "inch": "inch",
    "kg": "kilogram",
    "kilogram": "kilogram",
    "tonne": "metric_ton",
    "ton": "metric_ton",
    "lb": "pound",
    "pound": "pound",
    "mph": "mile/hour",
    "km/h": "kilometer/hour",
    "kph": "kilometer/hour",
    "knot": "knot",
    "second": "second",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "hectare": "hectare",
    "acre": "acre",
}


@functools.cache
def _registry():
    """pint's registry takes a fifth of a second to build: once per process."""
    import pint

    return pint.UnitRegistry()


@functools.cache
def unit_info(unit: str) -> tuple[str, float] | None:
    """(dimension, factor to the dimension's base unit) for a written unit."""
    name = _UNIT_NAMES.get(unit)
    if name is None:
        return None
    registry = _registry()
    quantity = registry.Quantity(1, name).to_base_units()
    return str(quantity.dimensionality), float(quantity.magnitude)


_DIMENSION_NAMES = {
    "[length]": "Distance",
    "[length] / [time]": "Speed",
    "[time]": "Duration",
    "[mass]": "Weight",
    "[length] ** 2": "Area",
}


# Finding facts in one report ------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Context:
    """What a finder needs of a report."""

    body: str
    lower: str
    sentences: list  # Sentence
    numbers_by_sentence: dict
    people_by_sentence: dict
    dates_by_sentence: dict = dataclasses.field(default_factory=dict)


def _precision(text: str, factor: float = 1.0) -> float:
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", text)
    if digits is None:
        return 0.0
    decimals = len(digits.group(1) or "")
    if re.search(r"(?i)billion|bn\b", text):
        factor *= 1e9
    elif re.search(r"(?i)million|mn\b|\$\d[\d.]*m\b", text):
        factor *= 1e6
    return 0.5 * 10 ** (-decimals) * factor


_HEDGE_WORDS = re.compile(
    r"(?i)(?:(?:at\s+least|more\s+than|over|up\s+to|nearly|almost|about|around|roughly|approximately|some|fewer\s+than|less\s+than|an\s+estimated|as\s+many\s+as)\s+)$"
)
_UNIT_AFTER = re.compile(r"[\s\-\u2011]?(?:[a-z]+/h|[a-zA-Z]+)")


def _display(ctx: Context, number: NumberMention) -> str:
    """The figure as the report writes it: hedge, number, unit or noun."""
    start, end = number.start, number.end
    hedge = _HEDGE_WORDS.search(ctx.body, max(0, start - 25), start)
    if hedge:
        start = hedge.start()
    if trailing := _HEDGE_AFTER.match(ctx.body, end):
        end = trailing.end()  # "$9 billion-plus", "300 or so"
    elif number.unit and number.unit not in fold(number.text):
        unit = _UNIT_AFTER.match(ctx.body, end)
        written = fold(unit.group().strip(" -\u2011")) if unit else ""
        if unit and (
            written.startswith(number.unit[:3])
            or _UNIT_NAMES.get(written, "") == _UNIT_NAMES.get(number.unit) is not None
        ):
            end = unit.end()
    return " ".join(ctx.body[start:end].split())


_RANGE_TO = re.compile(r"(?:-?\s+)?(?:-|–|to|and)\s*$|\s*(?:-|–)\s*$")


def _range_end(ctx: Context, number: NumberMention, index: int) -> NumberMention | None:
    """The upper end when ``number`` opens a range ("300-400", "300 to 400",
    "between 300 and 400")."""
    numbers = ctx.numbers_by_sentence.get(index, [])
    following = next((n for n in numbers if n.start >= number.end), None)
    if following is None or following.value <= number.value or following.unit != number.unit:
        return None  # "66.4 per cent – 1,429,981 votes" is no range
    gap = ctx.lower[number.end : following.start]
    if not _RANGE_TO.fullmatch(gap) and not re.fullmatch(r"-?\s*(?:-|–|to)\s*", gap):
        return None
    if gap.strip() == "and" and not ctx.lower[max(0, number.start - 9) : number.start].endswith(
        "between "
    ):
        return None  # "5 and 12": two figures, not a range
    return following


# Ordinals that count: "a third suspect was arrested" means three at least.
_ORDINALS = {
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
_ORDINAL = re.compile(
    r"(?i)\b(?:a|the)\s+(?P<word>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|(?P<digits>\d{1,3})(?:st|nd|rd|th))\s+(?P<noun>[a-z]+)"
)


def _ordinals(ctx: Context, index: int) -> list[Fact]:
    """'The third suspect held', 'a 5th victim died': at least that many."""
    sentence = ctx.sentences[index]
    facts = []
    for match in _ORDINAL.finditer(ctx.body, sentence.start, sentence.end):
        value = int(match["digits"]) if match["digits"] else _ORDINALS[match["word"].lower()]
        before, after = _clause(
            ctx.body, ctx.lower, match.start(), match.end(), sentence.start, sentence.end
        )
        measure = measure_of(before, match["noun"].lower() + " " + after)
        if measure is None:
            continue
        noun = singular(match["noun"])
        cues = MEASURES[measure].cues
        generic = noun in _GENERIC_SUBJECTS or noun in cues or noun + "s" in cues
        facts.append(
            Fact(
                measure,
                "" if generic else noun,
                float(value),
                AT_LEAST,
                match.start("word"),
                match.end("word"),
                match["word"],
                display=f"a {match['word']} {match['noun']}",
            )
        )
    return facts


# A change written "from X to Y": X is what the figure was, not the fact.
_FROM_BEFORE = re.compile(
    r"\bfrom\s+(?:(?:about|around|nearly|almost|just|over|more\s+than|some|at\s+least)\s+)?"
    r"[$€£¥₩₹]?$"
)
_TO_AFTER = re.compile(r"[^.;,]{0,40}?\bto\s+(?:[a-z]+\s+){0,2}?[$€£¥₩₹]?\d")


def _people_and_measures(ctx: Context, index: int) -> list[Fact]:
    sentence = ctx.sentences[index]
    facts = []
    for number in ctx.numbers_by_sentence.get(index, []):
        if _FROM_BEFORE.search(ctx.lower, max(0, number.start - 30), number.start) and (
            _TO_AFTER.match(ctx.lower, number.end)
        ):
            continue  # "from more than 40 percent in 2019 to below 25": what it was
        before, after = _clause(
            ctx.body, ctx.lower, number.start, number.end, sentence.start, sentence.end
        )
        hedge = hedge_before(ctx.lower[max(0, number.start - 30) : number.start])
        if after_hedge := _HEDGE_AFTER.match(ctx.body, number.end):
            # "300-plus", "300+", "300 or more" are floors; "300-odd", "300 or so" guesses.
            hedge = AT_LEAST if re.search(r"more|plus|\+", after_hedge.group()) else ABOUT
            written = ctx.lower[number.end : after_hedge.end()]
            if after.startswith(written):
                after = after[len(written) :]  # "300 or so people died": what they count
        elif number.text.endswith("+"):
            hedge = AT_LEAST
        low = high = None
        collective = re.match(r"(?i)(dozens|tens|hundreds|thousands)\b", number.text)
        if collective:
            low, high = _COLLECTIVE_RANGES.get(number.value, (number.value * 2, number.value * 10))
            hedge = ABOUT
        upper = _range_end(ctx, number, index)
        if upper is not None:  # "300-400 guests", "between 300 and 400": the range
            low, high, hedge = number.value, upper.value, ABOUT
            # What the range counts is said after its upper end.
            _, after = _clause(
                ctx.body, ctx.lower, upper.start, upper.end, sentence.start, sentence.end
            )
            number = dataclasses.replace(number, unit=number.unit or upper.unit)
        unit = number.unit
        if not unit and (predicate := _PREDICATE_NOUN.match(ctx.lower, number.end)):
            noun = singular(predicate["noun"])
            if noun != predicate["noun"]:
                unit = noun  # "of the passengers, 324 were students": a count of students
        display = _display(ctx, number)
        if unit and unit[-1] in "$€£¥₩₹₽₺₪":
            converted = _converted_from(ctx, facts, number)
            if converted is not None:
                # "€1.2 billion ($1.3 billion)": the same amount in another
                # currency, for the same thing.
                # Conversions of different amounts do not compare.
                subject = converted.subject.partition("|")[2]
                currency = converted.subject.partition("|")[0]
                topic = f"{converted.detail}|of {currency}{converted.value:g}"
            else:
                if conversion := _CONVERSION_AFTER.match(ctx.lower, number.end):
                    # The words after "€1.2 billion ($1.3 billion) fine".
                    _, after = _clause(
                        ctx.body,
                        ctx.lower,
                        conversion.end(),
                        conversion.end(),
                        sentence.start,
                        sentence.end,
                    )
                subject, topic = _money_subject(
                    before, after, ctx.lower[number.end : number.end + 40]
                )
            if subject:
                facts.append(
                    Fact(
                        "money",
                        f"{unit}|{subject}",
                        number.value,
                        hedge,
                        number.start,
                        number.end,
                        number.text,
                        _precision(number.text),
                        display=display,
                        detail=topic,
                    )
                )
            continue
        if re.match(
            r"[\-\u2011\s]year[\-\u2011\s]old", ctx.lower[number.end : number.end + 12]
        ) or re.search(r"\baged\s+$", ctx.lower[max(0, number.start - 8) : number.start]):
            continue  # an age, read by the age finder
        if unit in _FRACTION_NOUNS:
            continue  # "two-thirds of the electorate": a share, not a count
        if unit == "degree" or (not unit and _DEGREE_SIGN.match(ctx.body, number.end)):
            if upper is None and _IN_RANGE_BEFORE.search(
                ctx.lower, max(0, number.start - 24), number.start
            ):
                continue  # the upper end of "46 to 48 degrees"
            if upper is not None:  # "around 46 to 48 degrees"
                display += ctx.body[number.end : upper.start] + _display(ctx, upper)
            if (temperature := _temperature(ctx, number, hedge, low, high, display)) is not None:
                facts.append(temperature)
            continue
        if period := _PERIOD_BEFORE_NOUN.match(ctx.lower, number.end):
            unit = period["unit"]  # "a two-and-a-half year contract" lasts years
        if unit in ("km", "kilometre", "kilometer", "mile") and _PER_HOUR.match(
            ctx.lower, number.end, number.end + 30
        ):
            unit = "km/h" if unit != "mile" else "mph"  # "205 kilometres per hour"
        info = unit_info(unit) if unit else None
        if info is not None and _OTHER_AFTER.match(ctx.lower, number.end):
            continue  # "10 additional years": an increment, not the whole measure
        if info is not None:
            dimension, factor = info
            topic = _measure_topic(before, after, unit)
            if dimension == "[time]" and (not topic or topic == "sentence"):
                topic = _sentence_kind(ctx, sentence, number) or topic
            if not topic and dimension == "[length] / [time]":
                topic = "speed"  # a speed says what it measures: how fast something went
            if not topic and (noun := _ATTRIBUTIVE.match(ctx.body, number.end)):
                # "a 200-metre section", "the 6,325-ton ferry": the noun's measure.
                if noun["noun"] not in STOPWORDS:
                    topic = _THING_KEYS.get(noun["noun"]) or variants.event_key(noun["noun"])
            if not topic:
                continue  # "six months", "23 km" alone: nothing says what they measure
            facts.append(
                Fact(
                    dimension,
                    topic,
                    number.value * factor,
                    hedge,
                    number.start,
                    number.end,
                    number.text,
                    _precision(number.text, factor),
                    display=display,
                )
            )
            continue
        if unit in ("percent", "percentage point"):
            topic = _percent_topic(before, after) or _vote_share(ctx, index, number, before, after)
            if topic:
                facts.append(
                    Fact(
                        unit,
                        topic,
                        number.value,
                        hedge,
                        number.start,
                        number.end,
                        number.text,
                        _precision(number.text),
                        display=display,
                    )
                )
            continue
        margin = _MARGIN_BEFORE.search(ctx.lower, max(0, number.start - 30), number.start)
        if (
            margin
            or _BY_VOTES.match(ctx.lower, number.end)
            and _BY_BEFORE.search(ctx.lower, max(0, number.start - 20), number.start)
        ):
            # "a majority of 230", "defeated by 230 votes": the margin, a fact
            # of its own (not the votes cast).
            facts.append(
                Fact(
                    "margin",
                    "",
                    number.value,
                    hedge,
                    number.start,
                    number.end,
                    number.text,
                    display=display,
                )
            )
            continue
        subgroup = _subgroup_of_part(after)
        if subgroup:
            measure = subgroup
        elif (
            _PARTITIVE.match(ctx.lower, number.end)
            or upper is None
            and _IN_RANGE_BEFORE.search(ctx.lower, max(0, number.start - 24), number.start)
            or _PART_BEFORE.search(ctx.lower, max(0, number.start - 30), number.start)
            and not (
                _BESIDES_BEFORE.search(ctx.lower, max(0, number.start - 30), number.start)
                and _more_of_another_measure(facts, before, after)
            )
            or _OTHER_AFTER.match(ctx.lower, number.end)
            and not _more_of_another_measure(facts, before, after)
        ):
            # "39 of the 40 seats", "the other 39", "a majority of 700,000",
            # "the first two carriages": a part or a difference, not the
            # count; "10 to 20": a range.
            continue
        if unit == "member" and (group := _MEMBERS_OF.match(ctx.lower, number.end)):
            unit = singular(group["group"])  # "six crew members" are crew
        if unit in _NATIONALS and (demonym := _DEMONYM.match(ctx.body, number.end)):
            unit = singular(demonym["people"])  # "eight Chinese nationals" count Chinese
        if _WHOLE_BEFORE.search(before):
            # "one survivor out of 242 people on board": the cue before counts
            # the part, the words after say what the whole is.
            before = ""
        measure = subgroup or (
            measure_of(before, after)
            or measure_of(before, _past_second_figure(after))
            or _restated_measure(ctx, number, sentence, before)
        )
        if measure is None and unit and _countable(unit, number):
            measure = _listed_measure(ctx, facts, number)
        if unit in _PLACE_NOUNS or unit == "hospital":
            # "across the two provinces": places, not people; "six hospitals":
            # the hospitals, not those in them.
            measure = None
        if measure is None:
            seats_of_party = not unit and _SEATS_BEFORE_HOLDER.search(
                ctx.lower, sentence.start, number.start
            )
            if collective:
                continue  # "thousands of passengers", "dozens of cars": a crowd, not a count
            if _countable(unit, number) or seats_of_party:
                # "379 passengers and crew" counts more than passengers.
                joined = _joined_noun(ctx, number)
                noun = _count_noun(unit or "seat")  # "bogies" and "coaches" are one count
                subject = noun + joined
                if noun == "seat" and (holder := _seat_holder(ctx, index, number, before)):
                    subject = f"seat|{holder}"  # each party's seats are their own count
                elif seats_of_party:
                    continue
                facts.append(
                    Fact(
                        "count",
                        subject,
                        number.value,
                        hedge,
                        number.start,
                        number.end,
                        number.text,
                        0.0,
                        low,
                        high,
                        display=display,
                    )
                )
            continue
        cues = MEASURES[measure].cues
        generic = (
            not MEASURES[measure].people
            or not unit
            or unit in _GENERIC_SUBJECTS
            or unit in cues
            or unit + "s" in cues
        )
        subject = "" if generic else unit
        if measure == "voted" and (side := _VOTE_SIDE.match(ctx.lower, number.end)):
            # "723,632 voted against": one side's votes, not the votes cast.
            subject = (
                "no"
                if side["side"] in ("no", "against")
                else "present"  # neither side: "five members voted present"
                if "present" in side["side"]
                else "yes"
            )
        if subject:
            subject += _joined_noun(ctx, number)  # "379 passengers and crew"
        place = place_of(
            ctx.body[sentence.start : sentence.end][
                max(0, number.start - sentence.start - 60) : number.end - sentence.start + 60
            ]
        )
        # A place narrowing the count ("in Hatay province") is a detail: two
        # counts for different places do not compare, a count for a place
        # and one without may (the report without may mean the same place).
        facts.append(
            Fact(
                measure,
                subject,
                number.value,
                hedge,
                number.start,
                number.end,
                number.text,
                0.0,
                low,
                high,
                display=display,
                detail=place,
            )
        )
        if (
            measure == "killed"
            and _ALL_BEFORE.search(ctx.lower, max(0, number.start - 12), number.start)
            and any(word in MEASURES["aboard"].cues for word in _WORDS.findall(after)[:3])
        ):
            # "killing all 295 people aboard": as many were aboard as died.
            facts.append(dataclasses.replace(facts[-1], measure="aboard", detail=""))
    return facts


_ALL_BEFORE = re.compile(r"\ball\s+(?:the\s+)?$")
# The unit (plural or not) and "per hour" after a figure: a speed.
_ATTRIBUTIVE = re.compile(r"[\-\u2011][a-z]+\s+(?P<noun>[a-z]{3,})\b(?![\-\u2011])")
_PER_HOUR = re.compile(r"(?:[\s\-\u2011]?[a-z]+)?\s?(?:/\s?h|per\s+hour)\b")
_PREDICATE_NOUN = re.compile(r"\s+(?:were|are)\s+(?P<noun>[a-z]{3,})\b(?!\s+(?:of|who|that)\b)")
_PLACE_NOUNS = frozenset(
    """province region district state country city town village border county
    municipality area island neighbourhood neighborhood""".split()
)
# Nouns a figure counts that say nothing on their own (times, shares, ranks).
_UNCOUNTED = frozenset(
    """time year month week day hour minute second percent point per cent times other
    person people member part way side thing lot number total kind sort type""".split()
)


_PARTITIVE = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+|[a-z]+['’]s\s+)?\d|\s+of\s+(?:the|them|those|these)\b"
)
_WHOLE_BEFORE = re.compile(r"\bout\s+of\s+(?:(?:the|all|some|about|nearly|almost)\s+)*$")
_MEMBERS_OF = re.compile(r"\s+(?:[a-z]+\s+)?(?P<group>[a-z]{3,})\s+members?\b")
# "eight Chinese nationals", "seven Portuguese citizens": counts of one
# nationality each, not of nationals.
_NATIONALS = frozenset({"national", "citizen"})
_DEMONYM = re.compile(r"\s+(?P<people>[A-Z][a-z]+)\s+(?:nationals?|citizens?)\b")
_PERIOD_BEFORE_NOUN = re.compile(
    r"[\s\-\u2011](?P<unit>year|month|week|day|hour|minute)s?[\s\-\u2011](?=[a-z])"
)
_MARGIN_BEFORE = re.compile(
    r"\b(?:majority|margin|lead)\s+of\s+(?:(?:more\s+than|about|some|nearly|almost|just|"
    r"over|at\s+least)\s+)?$"
)
_BY_BEFORE = re.compile(r"\bby\s+(?:(?:more\s+than|about|some|nearly|almost|just|over)\s+)?$")
_BY_VOTES = re.compile(r"\s+votes?\b(?!\s+to\b)")
_PART_BEFORE = re.compile(
    r"\b(?:other|another|remaining|further|additional|extra|majority\s+of|margin\s+of|"
    r"(?:the|its|their)\s+(?:first|last|front|rear)|"
    r"lead\s+of|(?:more|fewer|less)\s+than\s+the)\s+(?:(?:than|of|about|some|nearly|almost|"
    r"at\s+least|more\s+than|over)\s+)*$"
)
# "four died and another 30 were injured": besides the dead, the injured.
_BESIDES_BEFORE = re.compile(
    r"\b(?:another|other|further|additional|extra)\s+(?:(?:about|some|nearly|almost|"
    r"at\s+least|more\s+than|over)\s+)*$"
)
_OTHER_AFTER = re.compile(r"\s+(?:of\s+)?(?:more|additional|further|extra)\b|\s+of\s+other\b")
_IN_RANGE_BEFORE = re.compile(r"\d\s*(?:-|–|to)\s*$|between\s+$|between\s+[\d,.]+\s+and\s+$")
_JOINED_NOUN = re.compile(r"\s+(?:and|or|&)\s+(?P<noun>[a-z]+)")


_VOTE_SIDE = re.compile(
    r"[^.;]{0,40}?\b(?:voted|votes?|ballots?)\s+(?:were\s+cast\s+)?"
    r"(?P<side>yes|no|against|for|in\s+favou?r"
    r"|(?:to\s+)?[\"'“‘]?present\b(?!\s+(?:a|an|the|his|her|its|their)\b))"
)


_AND_A_FIGURE = re.compile(
    r"^\s*[a-z]+\s+and\s+(?:(?:at\s+least|more\s+than|about|some|nearly)\s+)?"
    r"(?P<figure>\d[\d,]*|[a-z]+(?:-[a-z]+)?)\s+[a-z]+"
)


def _more_of_another_measure(facts: list, before: str, after: str) -> bool:
    """Whether "more" after a figure means besides the figures of another
    measure before it ("a toll of 96 and 1,000 more people missing": 1,000
    missing), not more of the same ("12 killed and 10 more bodies found")."""
    measure = measure_of(before, re.sub(r"^\s+(?:of\s+)?more\b", "", after))
    earlier = [f.measure for f in facts if f.measure in MEASURES]
    return measure is not None and bool(earlier) and measure not in earlier


# Measures of a group within another ("in critical condition" among the
# injured): "32 of the injured were in critical condition" counts them, though
# it is a part of the injured.
SUBGROUP_MEASURES = ("critical", "hospitalised")
_OF_WHOM = re.compile(r"^\s+(?:of\s+(?:the|them|those|these|whom)\b|who\b)")
SUBGROUP_WORDS = 8


def _subgroup_of_part(after: str) -> str:
    """The subgroup measure a part of a group is counted by, "" if none."""
    if not _OF_WHOM.match(after):
        return ""
    words = _WORDS.findall(after)[:SUBGROUP_WORDS]
    for name in SUBGROUP_MEASURES:  # "those in hospital were critically injured": critical
        if any(word in MEASURES[name].cues for word in words):
            return name
    return ""


_FRACTION_NOUNS = frozenset("half third quarter fifth sixth seventh eighth ninth tenth".split())
_TOTAL_OF = re.compile(r"^\s*(?:a\s+total\s+of|in\s+all|altogether)\s+(?:[a-z]+\s+){0,2}$")


def _restated_measure(ctx: Context, number, sentence, before: str) -> str | None:
    """The measure of the clause before a dash or a comma that "a total of"
    sums up ("two-thirds of voters cast ballots - a total of 3.1 million")."""
    if not _TOTAL_OF.match(before):
        return None
    whole = ctx.lower[sentence.start : number.start - len(before)]
    return measure_of(whole, "")


# "carrying two pilots, ten crew members, and 230 passengers": one list.
LIST_REACH = 120  # characters from one listed count to the next
_LIST_SEPARATOR = r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)"
_LIST_GAP = re.compile(
    rf"(?:\s+[a-z]+){{0,3}}(?:{_LIST_SEPARATOR}(?:\d[\d,]*|[a-z]+)(?:\s+[a-z]+){{0,3}})*"
    + _LIST_SEPARATOR
)


def _listed_measure(ctx: Context, facts: list, number) -> str | None:
    """The measure of the count listed just before a count of other people,
    which its own clause leaves unsaid: "carrying 230 passengers, 10 crew
    members": ten aboard too."""
    last = facts[-1] if facts else None
    if last is None or last.measure not in MEASURES or not last.subject:
        return None
    if number.start - last.end > LIST_REACH:
        return None
    gap = _LIST_GAP.fullmatch(ctx.lower, last.end, number.start)
    return last.measure if gap else None


def _past_second_figure(after: str) -> str:
    """The clause after a second figure joined to the first ("21 pupils and
    four teachers died": both died), or "" when no figure follows."""
    match = _AND_A_FIGURE.match(after)
    if match is None or not (match["figure"][0].isdigit() or is_number_word(match["figure"])):
        return ""
    return after[match.end() :]


def _joined_noun(ctx: Context, number: NumberMention) -> str:
    """What the counted noun is joined to: " and crew" in "379 passengers and
    crew" (a count of both); "" when another figure follows ("21 pupils and
    four teachers", "243 passengers and a dozen crew": each its own count)."""
    joined = _JOINED_NOUN.match(ctx.lower, _display_end(ctx, number))
    if (
        joined is None
        or joined["noun"] in ("a", "an", "the")
        or is_number_word(joined["noun"])
        or joined["noun"].endswith("ed")  # "killed 6 workers and injured 31": a verb
        or any(joined["noun"] in measure.cues for measure in MEASURES.values())
    ):
        return ""
    return f" and {joined['noun']}"


def _display_end(ctx: Context, number: NumberMention) -> int:
    """Where the counted noun after a number ends."""
    match = re.match(r"\s+[a-z][\w\-]*", ctx.lower[number.end : number.end + 30])
    return number.end + match.end() if match else number.end


def _count_noun(unit: str) -> str:
    """One key for the nouns of one synonym set, in the singular whichever
    number the set names it by: "14 employees" and "19 staff" count workers."""
    for form in (unit, plural(unit)):
        key = variants.noun_key(form)
        if key != form:
            return singular(key)
    return unit


def _countable(unit: str, number: NumberMention) -> bool:
    """Whether a figure counts things of a kind specific enough to compare
    across reports by the noun alone ("60 ambulances", "three executives")."""
    return (
        len(unit) > 2
        and unit.isalpha()
        and unit not in _UNCOUNTED
        and unit not in _GENERIC_SUBJECTS
        and number.value >= 2
        and number.value.is_integer()
    )


_MONEY_TOPICS = {
    "cost": "cost",
    "costs": "cost",
    "price": "cost",
    "bill": "cost",
    "budget": "cost",
    "fine": "fine",
    "fined": "fine",
    "penalty": "fine",
    "bail": "bail",
    "damages": "damages",
    "compensation": "damages",
    "aid": "aid",
    "funding": "aid",
    "fund": "aid",
    "grant": "aid",
    "reward": "reward",
    "ransom": "ransom",
    "salary": "salary",
    "wage": "salary",
    "wages": "salary",
    "loss": "loss",
    "losses": "loss",
    "damage": "loss",
    "deal": "deal",
    "contract": "deal",
    "revenue": "revenue",
    "profit": "profit",
    "settlement": "settlement",
    "restitution": "damages",
    "forfeit": "forfeiture",
    "forfeiture": "forfeiture",
    "forfeited": "forfeiture",
    "stole": "loss",
    "stolen": "loss",
    "defrauded": "loss",
    "swindled": "loss",
    "siphoned": "loss",
    "siphoning": "loss",
    "embezzled": "loss",
    "embezzling": "loss",
    "misappropriated": "loss",
    "shortfall": "loss",
    "hole": "loss",
    "fraud": "loss",
    "scam": "loss",
    "raised": "funding",
    "invested": "funding",
    "investment": "funding",
    "valuation": "valuation",
    "worth": "valuation",
    "valued": "valuation",
    "fee": "fee",
    "transfer": "fee",
    "bond": "bail",
}
_MEASURE_TOPICS = {
    "wide": "width",
    "width": "width",
    "long": "length",
    "length": "length",
    "deep": "depth",
    "depth": "depth",
    "high": "height",
    "tall": "height",
    "height": "height",
    "sentence": "sentence",
    "sentenced": "sentence",
    "sentencing": "sentence",
    "trial": "trial",
    "voting": "voting",
    "ballots": "voting",
    "talks": "negotiations",
    "negotiations": "negotiations",
    "negotiation": "negotiations",
    "negotiated": "negotiations",
    "strike": "strike",
    "siege": "siege",
    "search": "search",
    "prison": "sentence",
    "jail": "sentence",
    "jailed": "sentence",
    "wind": "wind",
    "winds": "wind",
    "gust": "gust",  # a gust is not the sustained wind
    "gusts": "gust",
    "gusting": "gust",
    "deal": "contract",
    "contract": "contract",
    "ban": "ban",
    "banned": "ban",
    "suspended": "ban",
    "suspension": "ban",
    "term": "term",
}
# Words that say what a measure of one dimension measures, and only of it:
# "weighed roughly 10 tons" (a weight), "plummeted 45m" (a fall; "fell to a
# four-year low" is no length).
_DIMENSION_TOPICS = {
    "[mass]": {
        "weighed": "weight",
        "weighing": "weight",
        "weighting": "weight",
        "weighs": "weight",
        "weight": "weight",
    },
    "[length]": {
        "fell": "fall",
        "fall": "fall",
        "plunged": "fall",
        "plummeted": "fall",
        "plunging": "fall",
        "plummeting": "fall",
    },
}


_RATE = re.compile(
    r"^[\s\-\u2011)]*(?:\([^)]*\)\s*)?(?:a|an|per|each|every)[\s\-\u2011]+(year|week|month|day|season)\b|^\s*(annually|weekly|monthly)"
)


# "an annual salary of", "a weekly wage of about": the period before the amount.
_PERIODS = {
    "annual": "year",
    "annually": "year",
    "yearly": "year",
    "weekly": "week",
    "monthly": "month",
    "daily": "day",
}
_RATE_BEFORE = re.compile(
    r"\b(annual|yearly|weekly|monthly|daily)\s+(?:[a-z]+\s+){0,2}?(?:of\s+)?"
    r"(?:(?:about|around|some|nearly|almost|over|more\s+than|up\s+to)\s+)?$"
)

_PERCENT_TOPICS = {
    "turnout": "turnout",
    "yes": "yes",
    "no": "no",
    "favour": "yes",
    "favor": "yes",
    "against": "no",
    "support": "support",
    "approval": "approval",
    "inflation": "inflation",
    "unemployment": "unemployment",
    "growth": "growth",
    "stake": "stake",
    "share": "share",
    "counted": "counted",
    "opened": "counted",
    "tallied": "counted",
}


# "Lind won 52.1% of the vote", "Moss received 47.9 per cent": a candidate's share.
_SHARE_VERB = re.compile(
    r"\b(?:won|wins|winning|secured|securing|received|receiving|got|took|polled|garnered|"
    r"scored|with|at)\s+(?:(?:about|around|nearly|almost|just|over|more\s+than)\s+)?$"
)
_CANDIDATE_BEFORE = re.compile(r"([A-Z][\w'’\-]+)\s+(?:[a-z]+\s+){0,2}?$")


def _vote_share(ctx, index: int, number, before: str, after: str) -> str:
    """Whose share of the vote a percentage is, by the candidate's surname
    (so "Erdogan" and "Recep Tayyip Erdogan" meet), if the clause says so."""
    if not (_SHARE_VERB.search(before) or re.match(r"\s*of\s+(?:the\s+)?votes?\b", after)):
        return ""
    people = [
        person
        for start, end, person in ctx.people_by_sentence.get(index, [])
        if end <= number.start
    ]
    if people:
        return "votes|" + fold(people[-1].name.split()[-1])
    name = _CANDIDATE_BEFORE.search(ctx.body, number.start - len(before), number.start)
    if name and name.group(1).lower() not in STOPWORDS:
        return "votes|" + fold(name.group(1))
    return ""


# A run of capitalised words: a party ("the Liberal Democrats", "Reform UK").
_NAME_RUN = re.compile(r"[A-Z][\w\-]*(?:['’]s?)?(?:\s+[A-Z][\w\-]*(?:['’]s?)?)*")
_CAPITALISED = re.compile(r"[A-Z][\w\-]*(?:['’]s?)?")
_SEAT_HOLDER_REACH = 90


# "410 seats compared to the Conservatives' 144": a party's seats, the noun
# said once for both.
_SEATS_BEFORE_HOLDER = re.compile(r"\bseats\b[^.;]{0,60}\b[a-z]+['’]s?\s+$")
_SEATS_OF_ALL = re.compile(r"\bof\s+(?:the\s+|all\s+)?$")
_SEATS_CHANGED = re.compile(
    r"\b(?:lost|losing|loses|lose|shed|sheds|shedding|gained|gaining|picked\s+up|flipped)"
    r"\s+(?:(?:about|around|nearly|almost|just|over|more\s+than|some)\s+)?$"
)


def _seat_holder(ctx, index: int, number, before: str) -> str:
    """Who holds the seats a count is of: the last name before the figure in
    its sentence that is not a person's ("Labour", "the Conservative Party"),
    by its first word, so "Conservatives" and "Conservative Party" meet.
    "Of the 650 seats" is the whole house; "lost 250 seats" a change, not
    what a party holds."""
    if _SEATS_OF_ALL.search(before):
        return ""
    holder = _seat_holder_name(ctx, index, number)
    if holder and _SEATS_CHANGED.search(before):
        return f"{holder} change"
    return holder


def _seat_holder_name(ctx, index: int, number) -> str:
    sentence = ctx.sentences[index]
    start = max(sentence.start, number.start - _SEAT_HOLDER_REACH)
    people = [(s, e) for s, e, _ in ctx.people_by_sentence.get(index, [])]
    holder = ""
    for run in _NAME_RUN.finditer(ctx.body, start, number.start):
        for word in _CAPITALISED.finditer(ctx.body, run.start(), run.end()):
            if any(s < word.end() and word.start() < e for s, e in people):
                continue  # "Keir Starmer's Labour": the party, not its leader
            key = re.sub(r"['’]s?$", "", word.group()).lower()
            if key not in STOPWORDS and len(key) > 2:
                holder = key[:-1] if key.endswith("s") and len(key) > 4 else key
                break
    return holder


# Temperatures: "49 degrees", "30 degrees Celsius", "30°C". A scale said
# converts (pint); two figures without one compare as written, a figure with
# a scale and one without do not (the reader cannot tell which is meant).
_DEGREE_SIGN = re.compile(r"\s?°")
_SCALE_AFTER = re.compile(
    r"(?i)[\s\-\u2011]*(?:degrees?)?\s*°?\s*(?P<scale>celsius|centigrade|fahrenheit|c|f)\b"
)
_ANGLE_AFTER = re.compile(r"[\s\-\u2011]*degrees?[\s\-\u2011]+(?:angle|turn|tilt|slope)")


def _temperature(ctx: Context, number, hedge, low, high, display) -> Fact | None:
    if _ANGLE_AFTER.match(ctx.lower, number.end):
        return None  # "a 45-degree angle"
    scale = _SCALE_AFTER.match(ctx.body, number.end)
    letter = scale["scale"][0].lower() if scale else ""
    if scale and low is None:  # "30°C", "86 degrees Fahrenheit": the scale shown
        prefix = display[: display.find(number.text)] if number.text in display else ""
        display = prefix + " ".join(ctx.body[number.start : scale.end()].split())
    value = number.value
    if letter:
        registry = _registry()
        unit = "degree_Celsius" if letter == "c" else "degree_Fahrenheit"
        kelvin = lambda v: float(registry.Quantity(v, unit).to("kelvin").magnitude)  # noqa: E731
        value = kelvin(value)
        low, high = (kelvin(low), kelvin(high)) if low is not None else (None, None)
    return Fact(
        "temperature",
        "scale" if letter else "",
        value,
        hedge,
        number.start,
        number.end,
        number.text,
        0.5 if not letter or letter == "c" else 0.5 * 5 / 9,
        low,
        high,
        display=display,
    )


def _percent_topic(before: str, after: str) -> str:
    """What a percentage is of: the nearest topic word in its clause."""
    words_before = _WORDS.findall(before)[-6:]
    words_after = _WORDS.findall(after)[:5]
    for word in [*reversed(words_before), *words_after]:
        if word in _PERCENT_TOPICS:
            return _PERCENT_TOPICS[word]
    return ""


_PAY = frozenset({"salary", "deal", "fee"})
_CONVERSION_AFTER = re.compile(r"\s*\([^)]{1,40}\)")
_CONVERSION_BEFORE = re.compile(
    r"\s*\(\s*(?:(?:about|around|close\s+to|nearly|roughly|some|approximately|or|equal\s+to)\s+)?$"
)


def _converted_from(ctx: Context, facts: list, number) -> Fact | None:
    """The amount a bracketed amount converts ("€1.2 billion ($1.3 billion)")."""
    last = facts[-1] if facts else None
    if last is None or last.measure != "money":
        return None
    if not _CONVERSION_BEFORE.fullmatch(ctx.lower, last.end, number.start):
        return None
    return last


def _money_subject(before: str, after: str, following: str) -> tuple[str, str]:
    """Per what an amount is paid ("a year": the grouping key) and what for
    ("cost", "fine", "salary": amounts for different things do not compare).
    Amounts with neither are not compared: a story has too many of them."""
    rate = _RATE.search(following)
    period = (rate.group(1) or _PERIODS[rate.group(2)]) if rate else ""
    if not period and (rate := _RATE_BEFORE.search(before)):
        period = _PERIODS[rate.group(1)]  # "an annual salary of €30m"
    words = _WORDS.findall(before)[-8:] + _WORDS.findall(after)[:6]
    found = next((n for n, w in enumerate(words) if w in _MONEY_TOPICS), None)
    # Of two topic nouns in a row the last is the head: "an investment fraud" is
    # a fraud ("a transfer fee worth": "worth" is no noun).
    while (
        found is not None
        and found + 1 < len(words)
        and words[found + 1] in _MONEY_TOPICS
        and not words[found + 1].endswith(("ed", "ing"))
        and words[found + 1] not in ("worth", "stole")
    ):
        found += 1
    topic = _MONEY_TOPICS[words[found]] if found is not None else ""
    if period:
        # A salary, a contract or a deal paid by the year: one pay.
        return "per " + period, "pay" if topic in _PAY else topic
    return topic, ""


# A prison term asked for or risked is not the one handed down: "prosecutors
# sought 50 years", "his lawyers asked for 6 1/2 years", "he faced up to 40".
_TERM_CLAUSE = re.compile(r"[;]|\bwhile\b|\bwhereas\b|\bbut\b|\bthough\b")
_TERM_SOUGHT = re.compile(
    r"\b(?:sought|seek(?:s|ing)?|ask(?:ed|s|ing)\s+for|request(?:ed|s|ing)?"
    r"|argu(?:ed|es|ing)\s+for|demand(?:ed|s|ing)?|call(?:ed|s|ing)\s+for"
    r"|push(?:ed|es|ing)\s+for|recommend(?:ed|s|ing)?|propos(?:ed|es|ing))\b"
)
_TERM_RISKED = re.compile(
    r"\b(?:fac(?:ed|es|ing)|risk(?:ed|s|ing)?|potential|maximum|carr(?:y|ies|ied)\s+up)\b"
)
_PROSECUTION = re.compile(r"\b(?:prosecut\w*|government|state)\b")
_DEFENCE = re.compile(r"\b(?:lawyers?|attorneys?|defen[cs]e|counsel)\b")
_TERM_WORDS = re.compile(r"\b(?:sentenc\w*|prison\w*|jail\w*|term|years?\s+behind\s+bars)\b")


def _sentence_kind(ctx: Context, sentence, number) -> str:
    """Which prison term a duration is, when its clause says it was asked for
    (by whom) or risked; "" for any other duration."""
    text = ctx.lower[max(sentence.start, number.start - 100) : number.start]
    cuts = list(_TERM_CLAUSE.finditer(text))
    if cuts:
        text = text[cuts[-1].end() :]
    about_a_term = _TERM_WORDS.search(ctx.lower, sentence.start, sentence.end)
    if _TERM_SOUGHT.search(text):
        side = (
            "prosecution"
            if _PROSECUTION.search(text)
            else "defence"
            if _DEFENCE.search(text)
            else ""
        )
        if side:  # "his lawyers asked for 6 1/2 years": a term, said or not
            return f"sentence sought|{side}"
        return "sentence sought" if about_a_term else ""
    if about_a_term and _TERM_RISKED.search(text):
        return "sentence risked"
    return ""


# What a duration or a distance measures, from words that say so only for
# that dimension: "trapped for 69 days" (how long), "700 metres underground"
# (how deep), "16 km from Tynda" (how far from a place).
_TIME_TOPICS = {
    "trapped": "trapped",
    "stranded": "trapped",
    "entombed": "trapped",
    "underground": "trapped",
    "missing": "trapped",
    "captivity": "trapped",
    "buried": "trapped",
}
_ABOVE_AFTER = re.compile(
    r"^(?:\s*[a-z./]+)?\s+(?:above|into\s+the\s+(?:air|sky)|in\s+the\s+air|skyward)\b"
)
_BELOW_AFTER = re.compile(r"^(?:\s*[a-z./]+)?\s+(?:underground|below|beneath|under)\b")
_FROM_AFTER = re.compile(
    r"^(?:\s*[a-z./]+)?\s+(?:away\s+)?from\s+(?:the\s+)?(?P<place>[a-z][a-z\-]+)(?:['’]s)?"
)


def _measure_topic(before: str, after: str, unit: str) -> str:
    words = _WORDS.findall(before)[-6:] + _WORDS.findall(after)[:6]
    for word in words:
        if word in _MEASURE_TOPICS:
            return _MEASURE_TOPICS[word]
    dimension = unit_info(unit)[0] if unit_info(unit) else ""
    if dimension == "[time]":
        for word in words:
            if word in _TIME_TOPICS:
                return _TIME_TOPICS[word]
    topics = _DIMENSION_TOPICS.get(dimension, {})
    for word in words:
        if word in topics:
            return topics[word]
    if dimension == "[length]" and _BELOW_AFTER.match(after):
        return "depth"
    if dimension == "[length]" and _ABOVE_AFTER.match(after):
        return "height"
    # Compass bearings and "of" + a place: a distance from somewhere.
    place = re.search(r"(?:north|south|east|west)\w*\s+of\s+([a-z'’\-]+)", after)
    if place:
        return "from " + place.group(1)
    if dimension == "[length]" and (place := _FROM_AFTER.match(after)):
        if place["place"] not in STOPWORDS:
            return "from " + _THING_KEYS.get(place["place"], place["place"])
    # "2,750 tonnes of ammonium nitrate": a quantity of a substance.
    of = _QUANTITY_OF.match(after)
    if of:
        words = []
        for word in of.group(1).split()[:5]:
            if word in STOPWORDS or word.endswith(("ed", "ing")):
                break
            words.append(word)
        if words:  # the phrase's last noun: "(agricultural fertilizer) ammonium nitrate"
            return "of " + variants.event_key(words[-1])
    return ""


# Nouns a measured thing or a place of departure is named by that name one
# thing: "the 6,325-ton ferry" is "the 6,825-ton vessel"; "a kilometre from the
# port" and "200 metres from the shore" say how far out at sea.
_THING_KEYS = {
    "ferry": "ship",
    "liner": "ship",
    "ship": "ship",
    "vessel": "ship",
    "boat": "ship",
    "shore": "shore",
    "coast": "shore",
    "port": "shore",
    "harbour": "shore",
    "harbor": "shore",
    "beach": "shore",
    "coastline": "shore",
}

_QUANTITY_OF = re.compile(r"^\s*[a-z]*\.?\s+of\s+(?:the\s+|an?\s+)?([a-z]{3,}(?:\s+[a-z]+)*)")


# Magnitudes: "magnitude-7.2", "7.2-magnitude", "a magnitude of 7.2", "measuring 7.2".
_MAGNITUDE = re.compile(
    r"(?i)(?:magnitude[\s\-\u2011]+(?:of\s+)?(?P<a>\d+(?:\.\d+)?)"
    r"|(?P<b>\d+(?:\.\d+)?)[\s\-\u2011]+magnitude"
    r"|(?:measur(?:ed|ing)|registering|registered)\s+(?:a\s+)?(?P<c>\d\.\d)"
    r"|(?P<d>\d\.\d)\s+on\s+the\s+richter)"
)


# A word every magnitude above holds: most sentences have none, and skip it.
_MAGNITUDE_CUE = re.compile(r"(?i)magnitude|measur|register|richter")


def _magnitudes(ctx: Context, index: int) -> list[Fact]:
    sentence = ctx.sentences[index]
    if not _MAGNITUDE_CUE.search(ctx.body, sentence.start, sentence.end):
        return []
    facts = []
    for match in _MAGNITUDE.finditer(ctx.body, sentence.start, sentence.end):
        group = next(g for g in "abcd" if match[g])
        value = float(match[group])
        if not 1 <= value <= 10:
            continue
        window = ctx.lower[
            max(sentence.start, match.start() - 40) : min(sentence.end, match.end() + 40)
        ]
        subject = "aftershock" if "aftershock" in window else ""
        hedge = hedge_before(ctx.lower[max(0, match.start() - 20) : match.start()])
        facts.append(
            Fact(
                "magnitude",
                subject,
                value,
                hedge,
                match.start(),
                match.end(),
                match[0],
                # Magnitudes are given to a tenth: "magnitude 6" is 6.0, not 6.2.
                min(_precision(match[group]), MAGNITUDE_PRECISION),
            )
        )
    return facts


MAGNITUDE_PRECISION = 0.05

# Votes: "432 votes to 202", "by 432 to 202", "432-202", "passed 60-40".
_VOTE = re.compile(
    r"(?i)(?P<a>\d{1,4})\s*(?:votes?\s+)?(?:to|[-\u2013\u2011])\s*(?P<b>\d{1,4})(?!\d|\s*(?:p\.?m|a\.?m))"
)
_VOTE_CUES = re.compile(
    r"(?i)\bvot(?:e|es|ed|ing)\b|\bballot|\bmajority\b|\bpassed\b|\brejected\b|\bdefeated\b"
)


def _votes(ctx: Context, index: int) -> list[Fact]:
    sentence = ctx.sentences[index]
    if not _VOTE_CUES.search(ctx.body, sentence.start, sentence.end):
        return []
    facts = []
    for match in _VOTE.finditer(ctx.body, sentence.start, sentence.end):
        a, b = int(match["a"]), int(match["b"])
        if a == b or max(a, b) > 5000:
            continue
        facts.append(
            Fact("votes", "", (max(a, b), min(a, b)), EXACT, match.start(), match.end(), match[0])
        )
    return facts


# Results of games: "beat City 3-1", "a 2–2 draw", "lost 0-1 at home".
_SCORE_CUES = re.compile(
    r"(?i)\b(?:won|wins?|winning|beat|beaten|beats|lost|loses?|losing|drew|draws?|drawn|"
    r"defeat(?:ed|s)?|victory|victories|scored?|scoreline|thrash(?:ed)?|routed?|edged)\b"
)
_SCORE = re.compile(
    r"(?<![\d.:/\-\u2013])(?P<a>\d{1,2})\s?[\-\u2013\u2011]\s?(?P<b>\d{1,2})(?![\d.:/\-\u2013])"
    r"(?![\-\u2011\s]*(?:year|month|week|day|hour|minute|percent|per\b|%))"
)


def _scores(ctx: Context, index: int) -> list[Fact]:
    """The result of a game, as its two scores (the winner's first), in a
    sentence that speaks of winning, losing or drawing and not of votes."""
    sentence = ctx.sentences[index]
    if not _SCORE_CUES.search(ctx.body, sentence.start, sentence.end):
        return []
    if re.search(r"(?i)\bvot(?:e|es|ed|ing)\b|\bballot", ctx.body[sentence.start : sentence.end]):
        return []  # a tally of votes, read by the vote finder
    return [
        Fact(
            "score",
            "",
            (max(int(m["a"]), int(m["b"])), min(int(m["a"]), int(m["b"]))),
            EXACT,
            m.start(),
            m.end(),
            m[0],
        )
        for m in _SCORE.finditer(ctx.body, sentence.start, sentence.end)
    ]


# Ages: "a 45-year-old teacher", "Jane Doe, 45,", "aged 45".
_AGE = re.compile(
    r"(?i)(?P<a>\d{1,3})[\-\u2011\s]year[\-\u2011\s]old|\baged\s+(?P<b>\d{1,3})\b|,\s(?P<c>\d{1,3}),"
)


_NOUN_AFTER_AGE = re.compile(r"[\s\-\u2011]+(?P<noun>[a-z]{3,})\b")
_NOUN_BEFORE_AGE = re.compile(r"(?i)\b(?:the|a|an)\s+(?P<noun>[a-z]{3,}),?\s+$")


def _unnamed_person(body: str, match: re.Match, group: str) -> str:
    """The noun of "a 45-year-old man" or "the man, aged 45", singular."""
    if group == "a":
        found = _NOUN_AFTER_AGE.match(body, match.end())
    elif group == "b":
        found = _NOUN_BEFORE_AGE.search(body, max(0, match.start() - 30), match.start())
    else:
        return ""
    if not found or found["noun"].lower() in STOPWORDS:
        return ""
    return singular(found["noun"].lower())


def _ages(ctx: Context, index: int) -> list[Fact]:
    sentence = ctx.sentences[index]
    people = ctx.people_by_sentence.get(index, [])
    facts = []
    for match in _AGE.finditer(ctx.body, sentence.start, sentence.end):
        group = next(g for g in "abc" if match[g])
        nearest = min(
            people,
            key=lambda p: min(abs(p[0] - match.start()), abs(p[1] - match.start())),
            default=None,
        )
        if (
            nearest is None
            or min(abs(nearest[0] - match.start()), abs(nearest[1] - match.start())) > 40
        ):
            # Nobody named: "a 45-year-old man", "the driver, aged 45" is the
            # age of whom the noun says.
            noun = _unnamed_person(ctx.body, match, group)
            if noun:
                facts.append(
                    Fact(
                        "age",
                        noun,
                        float(match[group]),
                        EXACT,
                        match.start(match.lastgroup),
                        match.end(match.lastgroup),
                        match[0].strip(", "),
                    )
                )
            continue
        if group == "c" and nearest[1] != match.start():
            continue  # ", 45," right after the name only
        facts.append(
            Fact(
                "age",
                nearest[2].key,
                float(match[group]),
                EXACT,
                match.start(match.lastgroup),
                match.end(match.lastgroup),
                match[0].strip(", "),
            )
        )
    return facts


# Clock times: "4:30 p.m.", "4.30pm", "16:30", "around 7.20 pm".
_TIME = re.compile(
    r"(?i)(?<![\d.:])(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s?(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b)"
    r"|(?<![\d.:])(?P<h24>[01]\d|2[0-3]):(?P<m24>[0-5]\d)(?![\d:]|\.\d)(?!\s?(?i:a\.m|p\.m|am\b|pm\b))"
)


# A time in brackets after a time of day is that time in another zone.
_CONVERTED_TIME = re.compile(
    r"(?i)(?:\d\s?(?:a\.m\.|p\.m\.|am|pm)|\d:\d\d|\btime|\bmidnight|\bnoon)[^().;]{0,25}\(\s*"
    r"(?:around\s+|about\s+)?$"
)
_STAMP_BEFORE = re.compile(r"(?i)\b(?:updated?|posted|published|modified)\s*(?:at|:)?\s*$")


def clock_minutes(match: re.Match) -> int | None:
    if match["h24"]:
        return int(match["h24"]) * 60 + int(match["m24"])
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if hour > 12:
        return None
    pm = match["ampm"].lower().startswith("p")
    return (hour % 12 + (12 if pm else 0)) * 60 + minute


def _times(ctx: Context, index: int) -> list[Fact]:
    sentence = ctx.sentences[index]
    facts = []
    for match in _TIME.finditer(ctx.body, sentence.start, sentence.end):
        minutes = clock_minutes(match)
        if minutes is None:
            continue
        if _CONVERTED_TIME.search(ctx.body, max(sentence.start, match.start() - 60), match.start()):
            continue  # "at 11 p.m. local time (9 p.m. GMT)": the same time elsewhere
        if _STAMP_BEFORE.search(ctx.body, max(sentence.start, match.start() - 20), match.start()):
            continue  # "UPDATE: 2:50PM": when the page changed, not when anything happened
        hedge = hedge_before(ctx.lower[max(0, match.start() - 20) : match.start()])
        low = high = None
        if hedge != EXACT:
            # "around 7.20 pm": a few minutes either side; "around 5:47 p.m."
            # is precise to the minute whatever the hedge.
            slack = 10 if minutes % 10 == 0 else 5 if minutes % 5 == 0 else 0
            low, high = minutes - slack, minutes + slack
            if hedge == AT_LEAST:
                low, high = minutes, minutes + 60
            elif hedge == AT_MOST:
                low, high = minutes - 60, minutes
        display = ctx.body[match.start() : match.end()]
        prefix = _HEDGE_WORDS.search(ctx.body, max(0, match.start() - 25), match.start())
        facts.append(
            Fact(
                "time",
                "",
                float(minutes),
                hedge,
                match.start(),
                match.end(),
                match[0],
                0.0,
                low,
                high,
                display=(prefix.group() if prefix else "") + display,
                events=frozenset(
                    _event_words(ctx, sentence, match.start(), match.end(), loose=True)
                ),
            )
        )
    return facts


# Words around a date that say nothing of the event it dates.
_EVENT_SKIP = frozenset(
    """said says say told late early night morning evening afternoon midday noon last next
    this that on at in by since until till from the a an of and or was were is are be been
    has have had it its he she they we who which when local time officially reportedly
    near off across outside inside around along toward towards behind beside beyond past
    onto into upon amid amidst almost nearly about shortly just soon""".split()
)
EVENT_WORDS = 4


def _event_words(ctx: Context, sentence, start: int, end: int, loose=False) -> list[str]:
    """The few words before a date (its verb and object, most often) that say
    which event it dates, as lemmas with synonyms folded ("struck"/"hit").
    ``loose``: the main clause's words as well as a subordinate one's (a clock
    time of "the crash came just after touching down at 5.46 pm" is the
    crash's as much as the landing's)."""
    before, _ = _clause(ctx.body, ctx.lower, start, end, sentence.start, sentence.end)
    # "landed on Friday to sign, with the news out on Saturday": the words
    # before an earlier date or time of the sentence are that one's.
    earlier = [m.end for m in ctx.dates_by_sentence.get(sentence.index, []) if m.end <= start]
    earlier += [m.end() for m in _TIME.finditer(ctx.body, sentence.start, start)]
    clause_start = max([start - len(before), *earlier])
    original = ctx.body[clause_start:start]

    def content(text):
        return [
            w.lower()
            for w in re.findall(r"[A-Za-z]+(?:['’-][A-Za-z]+)*", text)
            if w[0].islower() and len(w) > 2 and w not in _EVENT_SKIP and w not in STOPWORDS
        ]

    words = content(original)[-EVENT_WORDS:]
    # "the first crash since it opened on Jan. 1": the date is the opening's.
    subordinate = list(_SUBORDINATE.finditer(original))
    if subordinate and (inner := content(original[subordinate[-1].end() :])):
        words = inner[-EVENT_WORDS:] + (words if loose else [])
    return sorted({variants.event_key(w) for w in words})


_SUBORDINATE = re.compile(r"\b(?:since|when|after|before|until|till|which|who|where|while)\b")


_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:late|early|last)\s+)?$")
_RELATIVE_DAY_WORDS = frozenset({"yesterday", "today", "tonight", "tomorrow", "night"})
_POSSESSIVE_DATE = re.compile(r"['’]s\s+(?:[a-z]+\s+)?(?P<noun>[a-z]{3,})")


def _dates(ctx: Context, index: int) -> list[Fact]:
    """Days, each dating the event its clause names: one fact per event word,
    so that only dates of one event meet."""
    sentence = ctx.sentences[index]
    facts = []
    for mention in ctx.dates_by_sentence.get(index, []):
        if mention.granularity not in ("day", "weekday"):
            continue
        if fold(mention.text).split()[-1] in _RELATIVE_DAY_WORDS:
            continue  # "yesterday" is only as good as the report's date, often unknown
        if mention.value is not None:
            # "Friday, May 22": the weekday as written, whatever the day says.
            weekday = weekday_written(mention.text)
            if weekday is None:
                weekday = mention.value.weekday()
            value = ("day", mention.value.toordinal(), weekday)
        elif mention.weekday is not None:
            value = ("weekday", None, mention.weekday)
        else:
            continue
        possessive = _POSSESSIVE_DATE.match(ctx.body, mention.end)
        if possessive:
            # "Monday's earthquake" dates the noun after it.
            words = [variants.event_key(possessive["noun"].lower())]
        else:
            words = _event_words(ctx, sentence, mention.start, mention.end)
        if _SINCE_BEFORE.search(ctx.lower, max(sentence.start, mention.start - 20), mention.start):
            # "trapped since Sunday": when a state began, not when the event of
            # another report's "found on Monday" happened.
            words = ["since " + word for word in words]
        for word in words:
            facts.append(
                Fact(
                    "date",
                    word,
                    value,
                    EXACT,
                    mention.start,
                    mention.end,
                    mention.text,
                    display=mention.text,
                )
            )
    return facts


# Minutes of a match: "in the 80th minute", "11 minutes into the game",
# "after 23 minutes" (not "12 minutes later", which counts from something else).
_MINUTE = re.compile(
    r"(?i)\b(?P<a>\d{1,3})(?:st|nd|rd|th)[\s\-\u2011]+minute\b"
    r"|\b(?P<b>\d{1,3})[\s\-\u2011]+minutes?\s+into\s+(?:the\s+)?(?:game|match|half|final|contest)\b"
    r"|\bafter\s+(?P<c>\d{1,3})\s+minutes\b(?!\s+(?:of|later|more))"
)
MINUTE_PERSON_REACH = 80  # characters back from the minute to the player named


def _match_minutes(ctx: Context, index: int) -> list[Fact]:
    """The minute a named player did something: one fact per player (by
    surname), so that only one player's minutes meet."""
    sentence = ctx.sentences[index]
    people = ctx.people_by_sentence.get(index, [])
    facts = []
    for match in _MINUTE.finditer(ctx.body, sentence.start, sentence.end):
        group = next(g for g in "abc" if match[g])
        before = [p for p in people if p[1] <= match.start() <= p[1] + MINUTE_PERSON_REACH]
        # "in the 10th minute when Lena Ruiz scored": the player after it.
        after = [p for p in people if match.end() <= p[0] <= match.end() + MINUTE_PERSON_REACH]
        player = before[-1] if before else after[0] if after else None
        if player is None:
            continue  # whose minute it was is not said
        # "Müller" is written "Mueller" and "Muller": one key.
        surname = fold(player[2].name.split()[-1]).replace("ue", "u")
        facts.append(
            Fact(
                "minute",
                surname,
                float(match[group]),
                EXACT,
                match.start(group),
                match.end(group),
                match[0],
                display=match[0],
            )
        )
    return facts


# Populations: "a population of 200,000", "the town of 12,000", "where about
# 220,000 people live", "home to 50,000 inhabitants". A place's population is
# a fact of its own; a kind of place said in the clause ("the city", "the
# province") is its detail, so a city's and a province's do not compare.
# The hedges a figure may carry (:data:`_HEDGE_BEFORE`), between its words and it.
_HEDGE_WORDS_BEFORE = rf"(?:(?:{'|'.join(pattern for _, pattern in _HEDGE_BEFORE)})\s+)?"
_PLACE_KINDS = (
    r"city|town|village|municipality|island|province|region|district|county|nation|country"
)
_POPULATION_BEFORE = re.compile(
    rf"(?:\bpopulations?\s+(?:of|is|was|stands\s+at|stood\s+at|at|totals|totalling)"
    rf"|\b(?P<kind>{_PLACE_KINDS})\s+of|\bhome\s+to)\s+{_HEDGE_WORDS_BEFORE}$"
)
_PEOPLE_LIVE = re.compile(
    r"\s+(?:people|residents|inhabitants|souls)\s+(?:live|lived|living|reside|resided)\b"
)
_INHABITANTS = re.compile(r"\s+inhabitants\b")
_WHERE_BEFORE = re.compile(rf"\b(?:where|in\s+which)\s+{_HEDGE_WORDS_BEFORE}$")
_PLACE_KIND = re.compile(rf"\b({_PLACE_KINDS})\b")
_POPULATION_UNITS = frozenset({"", "people", "person", "resident", "inhabitant", "soul"})
POPULATION_MIN = 100  # "a village of 40 houses", "the city of 2 halves": not a population


def _populations(ctx: Context, index: int) -> list[Fact]:
    sentence = ctx.sentences[index]
    facts = []
    for number in ctx.numbers_by_sentence.get(index, []):
        if number.value < POPULATION_MIN or not float(number.value).is_integer():
            continue
        window = ctx.lower[max(sentence.start, number.start - 60) : number.start]
        before = _POPULATION_BEFORE.search(window)
        if before is not None and before["kind"] and number.unit not in _POPULATION_UNITS:
            continue  # "a city of 2,000 buildings": not who lives there
        live = _PEOPLE_LIVE.match(ctx.lower, number.end)
        if before is None and not (
            _INHABITANTS.match(ctx.lower, number.end) or live and _WHERE_BEFORE.search(window)
        ):
            continue
        hedge = hedge_before(window)
        if hedge == EXACT and re.search(r"\bestimated\s+population", window):
            hedge = ABOUT  # "an estimated population of 379,800"
        clause, _ = _clause(
            ctx.body, ctx.lower, number.start, number.end, sentence.start, sentence.end
        )
        kinds = _PLACE_KIND.findall(clause)
        facts.append(
            Fact(
                "population",
                "",
                number.value,
                hedge,
                number.start,
                number.end,
                number.text,
                _precision(number.text),
                display=_display(ctx, number),
                detail=kinds[-1] if kinds else "",
            )
        )
    return facts


class FactKind(typing.NamedTuple):
    """One way of finding facts: its finder, run on each sentence."""

    name: str
    find: typing.Callable[[Context, int], list[Fact]]


FACT_KINDS = (
    FactKind("counts and measures", _people_and_measures),
    FactKind("magnitudes", _magnitudes),
    FactKind("votes", _votes),
    FactKind("scores", _scores),
    FactKind("ages", _ages),
    FactKind("times", _times),
    FactKind("dates", _dates),
    FactKind("ordinals", _ordinals),
    FactKind("match minutes", _match_minutes),
    FactKind("populations", _populations),
)


def find_facts(ctx: Context) -> list[tuple[int, Fact]]:
    """Every fact in the report with its sentence index. A figure two finders
    read (a magnitude is also a number) is kept once, the specific reading."""
    found = []
    for index in range(len(ctx.sentences)):
        facts = []
        for kind in reversed(FACT_KINDS):
            taken = list(facts)
            for fact in kind.find(ctx, index):
                if not any(fact.start < other.end and other.start < fact.end for other in taken):
                    facts.append(fact)
        facts = _compounds(ctx, sorted(facts, key=lambda f: f.start))
        sentence = ctx.sentences[index]
        facts = [_among_group(ctx, fact, sentence.end) for fact in facts]
        found.extend((index, fact) for fact in facts + _totals(ctx, facts))
    return found


_AMONG = re.compile(
    r"[^.;:]{0,50}?\bamong\s+(?:the\s+)?(?:(?P<injured>injured|wounded|hurt)"
    r"|(?P<killed>dead|victims|killed|fatalities|deceased))\b"
)


def _among_group(ctx: Context, fact: Fact, sentence_end: int) -> Fact:
    """ "Three Indians are among the victims" and "two Indians were among the
    injured" count two groups: the group is the count's detail."""
    if fact.measure != "count" or fact.detail:
        return fact
    match = _AMONG.match(ctx.body, fact.end, sentence_end)
    if match is None:
        return fact
    return dataclasses.replace(fact, detail="injured" if match["injured"] else "killed")


def _totals(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """Two counts of one measure joined by "and" ("243 passengers and 12 crew
    aboard") are also their total ("passengers and crew"), which another
    report may give alone ("about 207 passengers and crew")."""
    totals = []
    subjects = {f.subject for f in facts}
    gaps = [
        _COMPOUND_GAP.fullmatch(ctx.body, _unit_end(ctx.body, a.end), b.start)
        for a, b in zip(facts, facts[1:], strict=False)
    ]
    for n, (a, b) in enumerate(zip(facts, facts[1:], strict=False)):
        total = f"{a.subject} and {b.subject}"
        if (
            not gaps[n]
            or "and" not in gaps[n].group()
            or (n and gaps[n - 1])
            or (n + 1 < len(gaps) and gaps[n + 1])
        ):
            continue  # two counts joined by "and", not a list of several
        if (
            a.measure != b.measure
            or a.measure not in MEASURES
            or not a.subject
            or not b.subject
            or a.subject == b.subject
            or " and " in a.subject + b.subject
            or total in subjects
            or a.low is not None
            or b.low is not None
            or {a.hedge, b.hedge} - {EXACT, ABOUT}
        ):
            continue
        hedge = ABOUT if ABOUT in (a.hedge, b.hedge) else EXACT
        totals.append(
            dataclasses.replace(
                a,
                subject=total,
                value=a.value + b.value,
                hedge=hedge,
                end=b.end,
                text=ctx.body[a.start : b.end],
                precision=a.precision + b.precision,
                display=" ".join(ctx.body[a.start : _unit_end(ctx.body, b.end)].split()),
            )
        )
    return totals


_COMPOUND_GAP = re.compile(r"\s*,?\s*(?:and\s+)?")
_UNIT_WORD = re.compile(r"[\s\-\u2011]?[A-Za-z]+")


def _unit_end(body: str, end: int) -> int:
    """Past the unit written after a figure ("11 years")."""
    match = _UNIT_WORD.match(body, end)
    return match.end() if match else end


def _compounds(ctx: Context, facts: list[Fact]) -> list[Fact]:
    """One measure written in two units is one fact: "11 years and three
    months" is 135 months, "5 feet 10 inches" one height."""
    merged: list[Fact] = []
    for fact in facts:
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.measure == fact.measure
            and last.measure.startswith("[")
            and last.subject == fact.subject
            and last.value > fact.value
            and _COMPOUND_GAP.fullmatch(ctx.body, _unit_end(ctx.body, last.end), fact.start)
        ):
            merged[-1] = dataclasses.replace(
                last,
                value=last.value + fact.value,
                end=fact.end,
                text=ctx.body[last.start : fact.end],
                precision=fact.precision,
                display=f"{last.display} and {fact.display}" if last.display else "",
            )
            continue
        merged.append(fact)
    return merged


def _plural(noun: str) -> str:
    head, _, rest = noun.partition(" and ")
    head = plural(head)
    return f"{head} and {rest}" if rest else head


def title(measure: str, subject: str) -> str:
    """The detail a fact is about, for a candidate's title."""
    if measure in MEASURES:
        base = MEASURES[measure].title
        return f"{base} ({subject})" if subject else base
    if measure == "money":
        _, _, topic = subject.partition("|")
        return f"Amount ({topic})" if topic else "Amount"
    if measure == "magnitude":
        return "Aftershock magnitude" if subject else "Magnitude"
    if measure == "votes":
        return "Vote"
    if measure == "score":
        return "Score"
    if measure == "margin":
        return "Margin"
    if measure == "temperature":
        return "Temperature"
    if measure == "age":
        return "Age"
    if measure == "time":
        return "Time"
    if measure == "minute":
        return f"Minute ({subject.title()})" if subject else "Minute"
    if measure == "date":
        return "Date"
    if measure == "population":
        return "Population"
    if measure in ("percent", "percentage point"):
        return f"Share ({subject})"
    if measure == "count":
        if subject.startswith("seat|"):
            holder, _, change = subject.removeprefix("seat|").partition(" ")
            return f"Seats {'won or lost' if change else 'held'} ({holder.title()})"
        return f"Number of {_plural(subject)}"
    if subject.startswith(("sentence sought", "sentence risked")):
        kind, _, side = subject.partition("|")
        return f"{kind.capitalize()} ({'the ' + side})" if side else kind.capitalize()
    base = _DIMENSION_NAMES.get(measure, "Figure")
    return f"{base} ({subject})" if subject and subject != base.lower() else base


def mention_facts(numbers: typing.Iterable[NumberMention], facts) -> set[int]:
    """Starts of the number mentions a fact already covers."""
    spans = [(f.start, f.end) for _, f in facts]
    return {n.start for n in numbers if any(s < n.end and n.start < e for s, e in spans)}
