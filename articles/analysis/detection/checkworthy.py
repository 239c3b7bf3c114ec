"""
Sentences of one report worth turning into claims, ranked. Plain Python.

A sentence is worth checking when it states something that can be true or
false: a number or a quantity, a date, a direct quotation, a superlative
("the biggest", "never", "a record"), a cause ("because", "led to") or a
comparison ("more dovish than", "compared with"). A named person adds a
little: it says who to ask. Each signal found becomes a short label in
``reasons``; the score grows with the signals and their strength.

What is not a statement is left out: section labels and headlines (no final
full stop), embedded posts and credit lines, and repeats of a sentence already
listed (a caption under two pictures). Questions to readers, photo captions
and source lists rank low. A dateline ("LONDON (Reuters) — ") is not part of
the sentence it opens.

Nothing here knows any particular story: the cues are general English.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import math
import re

from articles.analysis.text import fold

from .dates import find_dates
from .numbers import find_numbers
from .people import PeopleIndex
from .quotes import find_quotes, is_title_quote
from .sentences import split_sentences
from .types import NumberMention, Sentence

# Labels, in the order they are listed.
QUOTE = "quote"
NUMBER = "number"
DATE = "date"
SUPERLATIVE = "superlative"
CAUSAL = "causal claim"
COMPARISON = "comparison"
PERSON = "named person"
REASONS = (QUOTE, NUMBER, DATE, SUPERLATIVE, CAUSAL, COMPARISON, PERSON)

# How much each signal says about a sentence being checkable. A named person
# alone says little: most sentences of a news report name someone.
WEIGHTS = {
    QUOTE: 1.0,
    NUMBER: 1.0,
    DATE: 0.7,
    SUPERLATIVE: 0.9,
    CAUSAL: 0.8,
    COMPARISON: 0.7,
    PERSON: 0.35,
}
# Weaker forms of a signal: a quotation nobody is named for, a number written
# as a word ("two leaders"), a date relative to publication ("on Tuesday").
UNATTRIBUTED_QUOTE = 0.6
WORD_NUMBER = 0.6
RELATIVE_DATE = 0.55
# Penalties: kept in the list, but below the statements.
QUESTION = 0.2
CREDIT = 0.15
SHORT = 0.6  # fewer than SHORT_WORDS words
SHORT_WORDS = 6
# A statement has at least this many words.
MIN_WORDS = 4


@dataclasses.dataclass(frozen=True)
class CheckworthySentence:
    """A sentence worth a claim. ``start``/``end`` are offsets into the body
    (``body[start:end] == text``); ``reasons`` are short labels such as
    "number" or "quote", strongest kind first; ``speakers`` name whoever the
    sentence quotes directly, ``people`` whoever it names."""

    start: int
    end: int
    text: str
    score: float
    reasons: list[str]
    index: int  # the sentence's position in the article, from 0
    speakers: tuple[str, ...] = ()
    people: tuple[str, ...] = ()


# A statement ends like a sentence, maybe inside closing quotes or brackets.
_STATEMENT_END = re.compile(r"[.!][\"'\u201d\u2019)\]]*$")
_QUESTION_END = re.compile(r"\?[\"'\u201d\u2019)\]]*$")
# "NARA, Japan, Jan. 13 (Wire) — ", "LONDON (Reuters) - ": a place in capitals,
# then up to a dash within a short distance.
_DATELINE = re.compile(
    r"[A-Z][A-Z'.\u2019-]+(?:[ ,&/]+[A-Z][A-Z'.\u2019-]+)*"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?(?:\s*\([^()\n]{1,40}\))?\s*[\u2014\u2013-]+\s+"
)
# Lines that credit or point elsewhere: "Sources: ...", "Photo: ...", "Reporting by ...".
_CREDIT_LEAD = re.compile(
    r"(?:sources?|photo(?:graph)?s?|images?|video|pictures?|credits?|(?:additional\s+)?reporting"
    r"|writing|editing|edited\s+by|compiled\s+by|contact|follow|related|read\s+more|see\s+also"
    r"|subscribe|copyright|\u00a9)\b[^.:\n]{0,30}?(?::|\s+by\b)",
    re.IGNORECASE,
)
# "(Photo source: ...)", "(Pool photo)", "(File photo)", "(Courtesy of ...)".
_CREDIT_BRACKET = re.compile(
    r"\((?:[^()]*\b(?:photo|photograph|picture|image|screenshot|credit|courtesy|file|pool)\b"
    r"[^()]*)\)",
    re.IGNORECASE,
)
# Addresses, handles and links belong to credits and embedded posts.
_LINK = re.compile(r"https?://|www\.|\S+@\S+\.\w+|(?<!\w)@\w+|pic\.twitter\.com")
# "Question for readers:", "Tell us:", "What do you think": addressed to readers.
_READER_QUESTION = re.compile(
    r"(?:questions?\s+for\s+(?:readers|you)|tell\s+us|what\s+do\s+you\s+think|have\s+your\s+say)\b",
    re.IGNORECASE,
)

# Words before a number that counts what was already named: "the two leaders".
_BEFORE_ANAPHORIC = re.compile(r"\b(?:the|these|those|both|all|its|their)\s+$", re.IGNORECASE)

# Superlatives and absolutes.
_SUPERLATIVE_WORDS = re.compile(
    r"\b(?:best|worst|most|least|fewest|never|unprecedented|all-time|first-ever|record-breaking"
    r"|record-setting|(?:the|a|an)\s+only|(?:the|its|their|his|her|our)\s+first"
    r"|for\s+the\s+first\s+time|record[- ](?:high|low|number|level|levels|year|turnout|sales))\b",
    re.IGNORECASE,
)
# "a record", "set a new record", "broke the record": a record as an achievement.
_RECORD = re.compile(
    r"\b(?:(?:a|new|all-time)\s+record\b(?!\s+(?:of|label|company|store|player|collection))"
    r"|(?:set|sets|setting|broke|break|breaks|breaking|equal(?:l)?ed|matched)\s+"
    r"(?:a|the|his|her|their|its)\s+(?:\w+\s+)?record)",
    re.IGNORECASE,
)
# "-est" adjectives after a determiner or a possessive: "the biggest", "Japan's oldest".
_EST = re.compile(
    r"(?:\b(?:the|its|their|his|her|our|your|my)|['\u2019]s)\s+(?:\w+[-\u2011])?(?P<word>[a-z]{2,}est)\b"
)
# Words in -est that are not superlatives.
_NOT_SUPERLATIVE = frozenset(
    """
    interest forest honest modest request protest suggest contest earnest harvest invest
    arrest guest west rest test nest chest quest manifest digest conquest behest southwest
    northwest midwest priest attest detest divest infest ingest pest zest lest unrest tempest
    inquest bequest crest vest jest fest wrest congest pretest latest
    """.split()
)
_CAUSAL = re.compile(
    r"\b(?:because|due\s+to|(?:led|lead|leads|leading)\s+to|as\s+a\s+(?:direct\s+)?result"
    r"|result(?:ed|s|ing)?\s+in|caus(?:e|ed|es|ing)|thanks\s+to|owing\s+to|blamed\s+(?:on|for)"
    r"|trigger(?:ed|s|ing)|contribut(?:ed|es|ing)\s+to|driven\s+by|fu(?:el|ell)ed\s+by"
    r"|therefore|consequently)\b",
    re.IGNORECASE,
)
# "more dovish on North Korea than Yoon", "higher than", "fewer ... than".
_THAN = re.compile(
    r"\b(?P<word>more|less|fewer|[a-z]{3,}er)\b(?:\s+[\w'\u2019\u2011-]+){0,4}?\s+than\b",
    re.IGNORECASE,
)
_NOT_COMPARATIVE = frozenset({"rather", "other", "whether", "either", "neither", "never"})
_COMPARISON = re.compile(
    r"\b(?:compared\s+(?:with|to)|in\s+contrast\s+(?:with|to)|unlike"
    r"|(?:twice|half|three\s+times|four\s+times|ten\s+times)\s+(?:as|the)"
    r"|(?:doubled|tripled|halved|quadrupled)"
    r"|(?:rose|fell|increased|decreased|dropped|climbed|grew|declined|jumped|surged|plunged"
    r"|slumped|soared)\s+(?:by|from|to)"
    r"|(?:up|down)\s+(?:from|by)\s+\S*\d)\b",
    re.IGNORECASE,
)
# "as many as", "as high as"; not "as well as", "as soon as".
_AS_AS = re.compile(r"\bas\s+(?P<word>[a-z]+)\s+as\b", re.IGNORECASE)
_NOT_AS_AS = frozenset({"well", "soon", "long", "far", "such", "good", "quickly", "though"})


def checkworthy_sentences(
    body: str, *, reference: datetime.date | None = None
) -> list[CheckworthySentence]:
    """The sentences of ``body`` worth turning into claims, best first.

    ``reference`` is the date relative dates are read against (the report's
    publication date). Only sentences with at least one reason are listed;
    ties keep the order of the text. Sentences that one quotation runs across
    are listed together, as the remark they make.
    """
    sentences = split_sentences(body)
    if not sentences:
        return []
    people = PeopleIndex(body, sentences)
    signals = _Signals(sentences)
    joined = list(range(len(sentences)))  # joined[i]: the first sentence of i's passage
    for quote in find_quotes(body, sentences, people):
        if is_title_quote(quote, body):
            continue
        strength = WEIGHTS[QUOTE] if quote.speaker else UNATTRIBUTED_QUOTE
        first, last = signals.add(quote.start, quote.end, QUOTE, strength, speaker=quote.speaker)
        for index in range(first + 1, last + 1):
            joined[index] = joined[first]
    for number in find_numbers(body):
        strength = _number_strength(body, number)
        if strength:
            signals.add(number.start, number.end, NUMBER, strength)
    for date in find_dates(body, reference=reference):
        strength = RELATIVE_DATE if date.relative else WEIGHTS[DATE]
        signals.add(date.start, date.end, DATE, strength)
    for start, end, person in people.mentions():
        signals.add(start, end, PERSON, WEIGHTS[PERSON], person=person.name)

    # A photo credit makes its whole paragraph a caption.
    captions = {s.paragraph for s in sentences if _CREDIT_BRACKET.search(s.text)}
    passages: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        passages.setdefault(joined[sentence.index], []).append(sentence)
    found = []
    seen = set()
    for first, *rest in passages.values():
        last = rest[-1] if rest else first
        start = _statement_start(body, first)
        text = body[start : last.end]
        words = len(text.split())
        key = fold(text)
        if words < MIN_WORDS or key in seen:
            continue
        seen.add(key)
        question = _is_question(text)
        if not (question or _STATEMENT_END.search(text)):
            continue  # a label, a headline or an embedded post
        strengths, speakers, named = signals.within(first.index, last.index, start, last.end)
        _add_wording_signals(text, strengths)
        if not strengths:
            continue
        total = sum(strengths.values())
        if question:
            total *= QUESTION
        if first.paragraph in captions or _is_credit(text):
            total *= CREDIT
        if words < SHORT_WORDS:
            total *= SHORT
        found.append(
            CheckworthySentence(
                start=start,
                end=last.end,
                text=text,
                score=round(1 - math.exp(-total / 1.5), 3),
                reasons=[reason for reason in REASONS if reason in strengths],
                index=first.index,
                speakers=tuple(dict.fromkeys(speakers)),
                people=tuple(dict.fromkeys(named)),
            )
        )
    found.sort(key=lambda s: (-s.score, s.start))
    return found


class _Signals:
    """Mentions found in the body, filed under the sentences they overlap."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.starts = [s.start for s in sentences]
        self.by_sentence: dict[int, list[tuple[int, int, str, float, str | None, str | None]]] = {}

    def add(self, start, end, reason, strength, *, speaker=None, person=None) -> tuple[int, int]:
        """File a mention; returns the first and last sentence it overlaps."""
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = max(first, bisect.bisect_left(self.starts, end) - 1)
        for index in range(first, last + 1):
            self.by_sentence.setdefault(index, []).append(
                (start, end, reason, strength, speaker, person)
            )
        return first, last

    def within(self, first: int, last: int, start: int, end: int):
        """``({reason: strength}, speakers, people)`` of the mentions of sentences
        ``first`` to ``last`` that overlap ``start``-``end`` (a dateline cut off)."""
        strengths: dict[str, float] = {}
        speakers, people = [], []
        for index in range(first, last + 1):
            for m_start, m_end, reason, strength, speaker, person in self.by_sentence.get(
                index, []
            ):
                if m_end <= start or m_start >= end:
                    continue
                strengths[reason] = max(strengths.get(reason, 0.0), strength)
                if speaker:
                    speakers.append(speaker)
                if person:
                    people.append(person)
        return strengths, speakers, people


def _statement_start(body: str, sentence: Sentence) -> int:
    """Where the statement starts: after a dateline that opens the sentence."""
    dateline = _DATELINE.match(body, sentence.start, sentence.end)
    return dateline.end() if dateline else sentence.start


def _number_strength(body: str, number: NumberMention) -> float:
    """How much a number says; nothing for "the two leaders", which counts
    people or things the text has already named, nor for a lone "one" ("with
    one heart", "one day"), more often an idiom than a count."""
    if any(c.isdigit() for c in number.text) or number.unit == "percent":
        return WEIGHTS[NUMBER]
    if number.value <= 1 or _BEFORE_ANAPHORIC.search(body, max(0, number.start - 12), number.start):
        return 0.0
    return WORD_NUMBER


def _is_question(text: str) -> bool:
    return bool(_QUESTION_END.search(text)) or bool(_READER_QUESTION.match(text))


def _is_credit(text: str) -> bool:
    return bool(_CREDIT_LEAD.match(text) or _CREDIT_BRACKET.search(text) or _LINK.search(text))


def _add_wording_signals(text: str, strengths: dict[str, float]) -> None:
    """Superlatives, causes and comparisons, read from the words themselves."""
    if _SUPERLATIVE_WORDS.search(text) or _RECORD.search(text) or _superlative_est(text):
        strengths[SUPERLATIVE] = WEIGHTS[SUPERLATIVE]
    if _CAUSAL.search(text):
        strengths[CAUSAL] = WEIGHTS[CAUSAL]
    if _COMPARISON.search(text) or _comparative(text):
        strengths[COMPARISON] = WEIGHTS[COMPARISON]


def _superlative_est(text: str) -> bool:
    return any(m.group("word").lower() not in _NOT_SUPERLATIVE for m in _EST.finditer(text))


def _comparative(text: str) -> bool:
    if any(m.group("word").lower() not in _NOT_COMPARATIVE for m in _THAN.finditer(text)):
        return True
    return any(m.group("word").lower() not in _NOT_AS_AS for m in _AS_AS.finditer(text))
