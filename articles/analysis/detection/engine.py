"""
Candidate discrepancies across the reports of one story, scored and ranked.

Three comparisons feed the candidates:

- facts (:mod:`.facts`): every figure read as a fact of one measure and
  subject is compared with the same fact in every other report, whatever
  sentence it sits in (:func:`_fact_candidates`); a fact the reports agree on
  but credit to different sources is an attribution candidate;
- sentences (:mod:`.align`): sentences that speak of the same thing are
  aligned and their figures without a measure (or of one measure read as of
  different subjects), cited sources and speakers, platforms and descriptive
  words compared (:func:`_compare_sentences`); sentences naming different
  platforms are compared even when not aligned (:func:`_compare_platforms`);
- quotes: each remark compared by speaker across all reports, the same words
  given to different speakers, and quotations nobody is named for
  (:func:`_compare_quotes`).

Links of one kind that share a passage are merged, so three reports
describing the same thing three ways give one candidate with three passages;
no two candidates of a kind cover the same passages. Finally, specific
details (names, figures, quotations) that no other report gives in any words
are listed as single-source details to verify, a few per report.

Scores are in [0, 1]. Conflicts of fact (figures, dates, quote wording,
attribution) score from about 0.6 up; differences of description (a thing
one report denies and another affirms, 0.6 to 0.8; a phrase in place of
another describing the same thing, 0.42 to about 0.7; else the specific words
each of two aligned sentences uses that the other report never does, about
0.41) fill the ranking below them within a per-story budget (see
_few_descriptions());
single-source details score at most 0.4.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import difflib
import gc
import re
import typing
from bisect import bisect_left, bisect_right
from collections import defaultdict

from rapidfuzz import fuzz

from articles.analysis import meaning
from articles.analysis.text import fold, fold_with_offsets, name_key

from . import dates as date_finder
from . import facts as fact_finder
from . import numbers as number_finder
from .align import STOPWORDS, Corpus, Unit, align, align_naive, stem, terms
from .people import PeopleIndex
from .quotes import find_quotes, is_title_quote
from .sentences import split_sentences
from .types import DateMention, NumberMention, Quote, Sentence
from .variants import (
    acronym_of,
    acronym_words,
    adds_to,
    same_description,
    same_name,
    same_phrase,
    same_word,
    same_wording,
    same_words_told,
    spelling_key,
    wording_within,
)

KINDS_BY_WEIGHT = ("quote", "number", "date", "attribution", "description", "single_source")


@dataclasses.dataclass(frozen=True)
class ArticleInput:
    """What the engine needs to know of one report."""

    id: int
    source: str
    body: str
    reference_date: datetime.date | None = None
    label: str = ""  # how explanations name the report

    @property
    def name(self):
        return self.label or self.source


@dataclasses.dataclass(frozen=True)
class PassageRef:
    article: int
    source: str
    start: int
    end: int
    text: str


@dataclasses.dataclass
class Candidate:
    kind: str
    score: float
    title: str
    explanation: str
    passages: list[PassageRef]

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "score": round(self.score, 3),
            "title": self.title,
            "explanation": self.explanation,
            "passages": [dataclasses.asdict(p) for p in self.passages],
        }


# Analysis of one report ---------------------------------------------------------


@dataclasses.dataclass
class Analysed:
    article: ArticleInput
    sentences: list[Sentence]
    quotes: list[Quote]
    dates: list[DateMention]
    numbers: list[NumberMention]
    folded_terms: set[str]
    name_text: str  # the body as one run of folded letters and digits
    people: list = dataclasses.field(default_factory=list)  # (start, end, Person)
    facts: list = dataclasses.field(default_factory=list)  # (sentence index, Fact)
    # Per-sentence work reused by every comparison the sentence takes part in.
    cache: dict = dataclasses.field(default_factory=dict)
    quotes_by_sentence: dict = dataclasses.field(default_factory=dict)
    dates_by_sentence: dict = dataclasses.field(default_factory=dict)
    numbers_by_sentence: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        starts = [s.start for s in self.sentences]

        def by_sentence(mentions):
            grouped = defaultdict(list)
            for mention in mentions:
                grouped[max(0, bisect_right(starts, mention.start) - 1)].append(mention)
            return grouped

        self.people_by_sentence = defaultdict(list)
        for start, end, person in self.people:
            index = max(0, bisect_right(starts, start) - 1)
            self.people_by_sentence[index].append((start, end, person))
        self.quotes_by_sentence = by_sentence(self.quotes)
        self.dates_by_sentence = by_sentence(self.dates)
        self.numbers_by_sentence = by_sentence(self.numbers)
        self.facts = fact_finder.find_facts(
            fact_finder.Context(
                self.article.body,
                date_finder.lowered(self.article.body),
                self.sentences,
                self.numbers_by_sentence,
                self.people_by_sentence,
                self.dates_by_sentence,
            )
        )
        self.facts_by_key = defaultdict(list)
        for index, fact in self.facts:
            self.facts_by_key[(fact.measure, fact.subject)].append((index, fact))
        # Numbers read as facts are compared as facts; the sentence comparison
        # leaves a pair alone only when both are one fact (see _compare_sentences).
        self.fact_starts = fact_finder.mention_facts(self.numbers, self.facts)
        self.fact_at = {}
        for number in self.numbers:
            for _, fact in self.facts:
                if fact.start < number.end and number.start < fact.end:
                    self.fact_at[number.start] = fact
                    break


def analyse(article: ArticleInput) -> Analysed:
    sentences = split_sentences(article.body)
    people = PeopleIndex(article.body, sentences)
    quotes = [
        q
        for q in find_quotes(article.body, sentences, people)
        if not is_title_quote(q, article.body)
    ]
    return Analysed(
        article=article,
        sentences=sentences,
        quotes=quotes,
        dates=date_finder.find_dates(article.body, reference=article.reference_date),
        numbers=number_finder.find_numbers(article.body),
        folded_terms=set(terms(article.body)),
        name_text=name_key(article.body),
        people=people.mentions(),
    )


def without_people(analysed: Analysed, index: int) -> tuple[str, set[str]]:
    """The sentence with each person's name (and title) blanked out, same
    length so offsets still hold, and the keys of the people it names."""
    cached = analysed.cache.get(("blank", index))
    if cached is None:
        cached = analysed.cache[("blank", index)] = _without_people(analysed, index)
    return cached


def sentence_term_spans(analysed: Analysed, index: int) -> list:
    """The content terms of a sentence, names left out, with their spans."""
    cached = analysed.cache.get(("spans", index))
    if cached is None:
        cached = analysed.cache[("spans", index)] = list(
            _term_spans(without_people(analysed, index)[0])
        )
    return cached


def _without_people(analysed: Analysed, index: int) -> tuple[str, set[str]]:
    sentence = analysed.sentences[index]
    text = sentence.text
    people = set()
    for start, end, person in analysed.people_by_sentence.get(index, []):
        start, end = start - sentence.start, end - sentence.start
        before = fold(text[max(0, start - 40) : start])
        for title in sorted(person.titles, key=len, reverse=True):
            if before.rstrip().endswith(fold(title)):
                start -= len(before) - len(before.rstrip()) + len(title)
                break
        start = max(0, start)
        text = text[:start] + " " * (end - start) + text[end:]
        people.add(person.key)
    return text, people


def alignment_terms(analysed: Analysed, index: int) -> frozenset[str]:
    """What a sentence is about, for alignment: its content terms, with each
    person named (and their title) counted once as that person.

    In a story about two people their names and titles are in most sentences;
    left as words they would make every sentence look like every other.
    """
    text, people = without_people(analysed, index)
    return frozenset(terms(text)) | {f"@{key}" for key in people}


# Links between two passages -------------------------------------------------------


class Node(typing.NamedTuple):
    """A passage: a tuple, because union-find hashes millions of them."""

    article: int  # position in the story's list
    start: int
    end: int


@dataclasses.dataclass
class Link:
    """Two passages that differ (or, with score 0, that belong with a passage
    that differs: another report giving the same version)."""

    kind: str
    score: float
    a: Node
    b: Node
    # One line of explanation; a callable when costly, formatted only if shown.
    detail: str | typing.Callable[[], str] = ""
    values: tuple = ()  # the two values that differ, for the title

    def describe(self) -> str:
        return self.detail() if callable(self.detail) else self.detail


def _sentence_node(analysed, position, index):
    sentence = analysed.sentences[index]
    return Node(position, sentence.start, sentence.end)


def _quoted(text, limit=90):
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


# Platforms: "on X", "on the official Instagram account", "on social media",
# recognised only after a word of publishing, so "dovish on North Korea" is not one.
_PUBLISHING = re.compile(
    r"\b(?:post(?:ed|s|ing)?|shar(?:ed|es|ing|e)|wr(?:ote|ites|itten|ite)|tweet(?:ed|s)?|"
    r"publish(?:ed|es)?|upload(?:ed|s)?|stream(?:ed|s)?|announc(?:ed|es|e)|video|clip|"
    r"photos?|photographs?|images?|reel|footage|message|statement)\b",
    re.IGNORECASE,
)
_PLATFORM = re.compile(
    r"\b(?:on|via|through)\s+(?:the\s+|his\s+|her\s+|their\s+|its\s+)?(?:official\s+)?"
    r"(?P<name>social media|[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)?)"
)
_ACCORDING = re.compile(
    r"\b(?:according to|as per|(?:statement|announcement|report) (?:from|by))\s+"
    r"(?:(?:an?|the)\s+(?:\w+\s+)?(?:statement|announcement|report)\s+(?:from|by)\s+)?"
    r"(?P<source>(?:(?!\s(?:said|says|reported|confirmed|announced|stated|showed|that)\b)"
    r"[^,.;:])+)",
    re.IGNORECASE,
)


def _platforms(text: str) -> set[str]:
    found = set()
    for match in _PLATFORM.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        name = match.group("name")
        if not _PUBLISHING.search(before + " " + text[match.end() : match.end() + 12]):
            continue
        if date_finder.find_dates(name, reference=None):
            continue
        name = name.split()[0] if name[0].isupper() else name
        # The full stop ending the sentence is no part of the name ("on Instagram.").
        found.add(fold(name.rstrip(".-")))
    return found


# "The Japanese coast guard said", "NHK reported", "police confirmed": who a
# statement is credited to, when it is an institution or a group (people are
# compared through their quotes).
_SAYER = re.compile(
    r"(?P<source>(?:(?:[Tt]he|[Aa])\s+)?(?:[A-Z][\w'’.-]*\s+|[a-z]+\s+){0,3}?"
    r"(?:[A-Z][A-Za-z'’.-]*[A-Z]\w*|police|officials?|authority|authorities|ministry|agency|"
    r"media|radio|television|broadcaster|newspaper|office|service|department|government|"
    r"council|army|military|hospital|company|airline|club|"
    r"(?:coast|national)\s+guard|spokesperson|spokesman|spokeswoman|prosecutors?|"
    r"[A-Z]\w*\s+(?:[Mm]inistry|[Aa]gency|[Pp]olice|[Ss]ervice|[Cc]ouncil|[Dd]epartment)))"
    r"\s+(?:said|says|reported|reports|confirmed|announced|stated|told)\b"
)
# The verbs _SAYER ends with (at the last space before them), and the most
# words its source can run to ("the", three words, a two-word head).
_SAYER_VERB = re.compile(r"\s(?:said|says|reported|reports|confirmed|announced|stated|told)\b")
_SAYER_WORDS = 6
_RUN_OF_NON_SPACE = re.compile(r"\S+")


def _sayers(text: str):
    """What ``_SAYER.finditer(text)`` finds, tried only a few words before its
    verbs: tried at every position of a sentence it is slow, and most of a
    sentence is too far from a verb to start a match."""
    verbs = [m.start() for m in _SAYER_VERB.finditer(text)]
    if not verbs:
        return
    words = [m.start() for m in _RUN_OF_NON_SPACE.finditer(text)]
    position = 0
    while True:
        k = bisect_left(verbs, position)  # a match from here ends at a verb from here
        if k == len(verbs):
            return
        # A match starts at the earliest inside the sixth word before its verb
        # (one more for safety), and the next verb's words come no earlier.
        earliest = words[max(0, bisect_left(words, verbs[k]) - _SAYER_WORDS - 1)]
        match = _SAYER.search(text, max(position, earliest))
        if match is None:
            return
        yield match
        position = match.end()


_SAYER_SKIP = frozenset({"he", "she", "they", "it", "we", "i", "who", "which", "that"})
# Function words inside names of bodies: "the Ministry of Health", "the
# Centre for Disease Control", "Fire and Rescue Service".
_NAME_WORDS = frozenset({"the", "a", "an", "of", "for", "and"})


def _sources(text: str) -> set[str]:
    found = {fold(m.group("source")).strip().removeprefix("by ") for m in _ACCORDING.finditer(text)}
    for match in _sayers(text):
        source = fold(match.group("source")).strip().removeprefix("by ")
        # Words of the clause before the source ("rescuers dug on in Harrowgate
        # after state media said"): the source starts after the last function
        # word that names join no words with.
        words = source.split()
        cut = max(
            (n + 1 for n, w in enumerate(words[:-1]) if w in STOPWORDS and w not in _NAME_WORDS),
            default=0,
        )
        words = words[cut:]
        source = " ".join(words)
        if words[-1] not in _SAYER_SKIP:
            found.add(source)
    # "A statement by the ministry said": the ministry, once.
    found = {s for s in found if not any(o != s and s.endswith(" " + o) for o in found)}
    # "according to reports", "local media said": nobody in particular, which
    # no named source contradicts.
    return {s for s in found if not _UNNAMED_SOURCE.fullmatch(s)}


_UNNAMED_SOURCE = re.compile(
    r"(?:(?:the|some|several|many|numerous|other|various|earlier|prior|recent|early|initial"
    r"|local|national|international|state|foreign|unconfirmed|media|news|press|us|u\.s\.|uk"
    r"|\w+n|\w+ese|\w+ish)\s+)*"
    r"(?:reports?|media|outlets?|press|sources?|news\s+reports?|accounts?|witnesses)"
)


def _source_key(source: str) -> str:
    """A cited source without articles, possessives, bracketed acronyms and
    nationality endings: "Turkey's disaster agency (AFAD)" and "the Turkish
    disaster agency" meet."""
    source = re.sub(r"\([^)]*\)", " ", source)
    words = [w.removesuffix("'s").removesuffix("’s") for w in source.split()]
    words = [w for w in words if w not in ("the", "a", "an", "of")]
    return " ".join(w[:5] for w in words)


# What kind of body a source is, not which ("the civil defence service" and
# "the Saudi civil defence authority", "public broadcaster ERT" and "state
# broadcaster ERT" are one body named two ways).
_BODY_WORDS = frozenset(
    "service services authority authorities agency ministry department office council "
    "directorate administration bureau body unit force public state".split()
)
_BODY_STEMS = frozenset(w[:5] for w in _BODY_WORDS)  # as _source_key() cuts them


def _source_core(source: str) -> frozenset[str]:
    """The words that tell which body a cited source is: its key's words less
    those saying what kind of body it is."""
    return frozenset(w for w in _source_key(source).split() if w not in _BODY_STEMS)


def _same_source(sources_a: set[str], sources_b: set[str]) -> bool:
    if sources_a & sources_b:
        return True
    # One body named with more words ("Saudi") or another word for its kind.
    for a in sources_a:
        for b in sources_b:
            core_a, core_b = _source_core(a), _source_core(b)
            if core_a and core_b and (core_a <= core_b or core_b <= core_a):
                return True
    return any(
        fuzz.token_set_ratio(_source_key(a), _source_key(b)) >= 85
        for a in sources_a
        for b in sources_b
    )


def _term_spans(text: str):
    """Content terms of ``text`` with their spans in the original text."""
    folded, offsets = fold_with_offsets(text)
    for match in re.finditer(r"[a-z0-9]+(?:[-'][a-z0-9]+)*", folded):
        word = match.group().removesuffix("'s")  # "he's", "Arden's"
        if word in STOPWORDS or len(word) < 2 or _function_contraction(word):
            continue
        yield stem(word), offsets[match.start()], offsets[match.end() - 1] + 1


# Endings of contractions ("we'll", "I'm", "they've", "didn't") and the
# auxiliaries written before "n't" that are no words alone ("won't", "can't").
_CONTRACTED = frozenset({"ll", "m", "re", "ve", "d", "t"})
_BEFORE_NOT = frozenset({"wo", "ca", "ai", "sha"})


def _function_contraction(word: str) -> bool:
    """Whether a word is a function word contracted: a pronoun or an
    auxiliary with its auxiliary or "not" ("we'll", "I'm", "didn't"), which
    describes nothing, as neither of its parts does."""
    head, _, tail = word.partition("'")
    if tail not in _CONTRACTED:
        return False
    if tail == "t":
        head = head.removesuffix("n")
    return head in STOPWORDS or head in _BEFORE_NOT or head == "i"


# Longest run of differing terms taken as one description.
MAX_PHRASE_TERMS = 4


def _substitutions(spans_a, spans_b, original_a: str, original_b: str, is_specific):
    """Descriptive terms one sentence uses where the other uses others.

    Two ways of standing "in the same place": a 'replace' in the word-level
    diff of the two sentences' content terms, between terms they share; or the
    terms right after (or before) a term both sentences use once, when the
    sentences order their clauses differently. Either way neither side's words
    occur anywhere in the other sentence. ``spans_*`` are the sentences'
    content terms with their offsets, names left out (see
    :func:`sentence_term_spans`);
    phrases are cut from ``original_*`` (same offsets).
    """
    words_a, words_b = [w for w, _, _ in spans_a], [w for w, _, _ in spans_b]
    set_a, set_b = set(words_a), set(words_b)
    # Parts of hyphenated words too, so "heavy-metal" meets "heavy metal".
    parts_a = {part for w in words_a for part in w.split("-")}
    parts_b = {part for w in words_b for part in w.split("-")}
    # Either way needs a specific term both sentences share and, on each side,
    # a term the other has in no form (see keep()): most aligned pairs lack
    # one, and need no diff.
    if (
        not any(is_specific(w) for w in set_a & set_b)
        or all(any(part in parts_b for part in w.split("-")) for w in set_a)
        or all(any(part in parts_a for part in w.split("-")) for w in set_b)
    ):
        return []
    found = set()

    def phrase(spans, original, i, j):
        return original[spans[i][1] : spans[j - 1][2]]

    def one_clause(spans, original, i, j):
        return not _CLAUSE_BREAK.search(original[spans[i][1] : spans[j - 1][2]])

    def joined(spans, original, i):
        """Whether term ``i`` and the one before it are in one clause."""
        return not _CLAUSE_BREAK.search(original[spans[i - 1][2] : spans[i][1]])

    def describes_an_anchor(i1, i2, j1, j2):
        # What the phrases describe is a word both sentences share next to
        # them: in one clause with it on both sides, or the two phrases are
        # parts of different statements that only happen to meet in the diff.
        return (joined(spans_a, original_a, i1) and joined(spans_b, original_b, j1)) or (
            joined(spans_a, original_a, i2) and joined(spans_b, original_b, j2)
        )

    def keep(side_a, side_b):
        return (
            1 <= len(side_a) <= MAX_PHRASE_TERMS
            and 1 <= len(side_b) <= MAX_PHRASE_TERMS
            and not any(part in parts_b for w in side_a for part in w.split("-"))
            and not any(part in parts_a for w in side_b for part in w.split("-"))
            and not all(w.isdigit() for w in side_a + side_b)  # numbers compare as numbers
        )

    opcodes = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).get_opcodes()

    def specific_equal(position):
        tag, i1, i2, _, _ = opcodes[position]
        return tag == "equal" and any(is_specific(w) for w in words_a[i1:i2])

    for position, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        # Between shared words, one of them specific: the two phrases fill the
        # same slot of the same statement.
        anchored = (
            0 < position < len(opcodes) - 1
            and opcodes[position - 1][0] == "equal"
            and opcodes[position + 1][0] == "equal"
            and (specific_equal(position - 1) or specific_equal(position + 1))
        )
        if (
            tag == "replace"
            and anchored
            and keep(words_a[i1:i2], words_b[j1:j2])
            and one_clause(spans_a, original_a, i1, i2)
            and one_clause(spans_b, original_b, j1, j2)
            and describes_an_anchor(i1, i2, j1, j2)
        ):
            found.add(
                (
                    phrase(spans_a, original_a, i1, i2),
                    phrase(spans_b, original_b, j1, j2),
                    tuple(words_a[i1:i2]),
                    tuple(words_b[j1:j2]),
                )
            )

    for anchor in set_a & set_b:
        # A common word ("Japanese", "leaders") anchors nothing in particular.
        if words_a.count(anchor) != 1 or words_b.count(anchor) != 1 or not is_specific(anchor):
            continue
        ia, ib = words_a.index(anchor), words_b.index(anchor)
        for step in (1, -1):
            run_a = _run(words_a, spans_a, original_a, ia, step, set_b)
            run_b = _run(words_b, spans_b, original_b, ib, step, set_a)
            if run_a and run_b and keep([words_a[i] for i in run_a], [words_b[i] for i in run_b]):
                found.add(
                    (
                        phrase(spans_a, original_a, min(run_a), max(run_a) + 1),
                        phrase(spans_b, original_b, min(run_b), max(run_b) + 1),
                        tuple(words_a[i] for i in sorted(run_a)),
                        tuple(words_b[i] for i in sorted(run_b)),
                    )
                )
    # A phrase inside a longer one found for the same pair says nothing more.
    # In the order of the sentence, so that ties rank the same on every run.
    return [
        item
        for item in sorted(found, key=lambda item: (original_a.find(item[0]), item))
        if not any(
            (item[0] != other[0] or item[1] != other[1])
            and item[0] in other[0]
            and item[1] in other[1]
            for other in found
        )
    ]


def _run(words, spans, original, start, step, other):
    """Indexes of the terms next to ``words[start]`` (in direction ``step``),
    within its clause, up to a term the other sentence also has, at most
    MAX_PHRASE_TERMS."""
    run = []
    index, previous = start + step, start
    while 0 <= index < len(words) and words[index] not in other and len(run) < MAX_PHRASE_TERMS:
        low, high = sorted((index, previous))
        if _CLAUSE_BREAK.search(original[spans[low][2] : spans[high][1]]):
            break
        run.append(index)
        index, previous = index + step, index
    return run


# Punctuation that ends a clause: a description does not run across it.
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\[\]—–]|\s-\s")


def _number_phrase(body: str, mention: NumberMention) -> str:
    """The number with the noun it counts: “300 guests”, not just “300”."""
    if mention.unit and mention.unit not in fold(mention.text):
        after = body[mention.end : mention.end + 40]
        match = re.search(rf"\b{re.escape(mention.unit[:4])}\w*", after, re.IGNORECASE)
        if match:
            return body[mention.start : mention.end + match.end()]
    return mention.text


# Sentences must be at least this alike before their wording is compared.
DESCRIPTION_MIN_SIMILARITY = 0.2
# ... before figures that are not facts of a known measure are compared ("300
# guests" against "500 guests"): without a measure, only the sentence says
# that two figures count the same thing.
NUMBER_MIN_SIMILARITY = 0.25
# Score (plus up to 0.2) of two figures of one measure read as of different
# subjects that disagree in aligned sentences: below facts compared as one.
SUBJECTS_APART = 0.6
# ... before their dates are taken to date the same event.
DATE_MIN_SIMILARITY = 0.3


_RANGE_AFTER = re.compile(r"\s*(?:-|–|to)\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:-|–|to)\s*$|between\s+$")


def _in_range(body: str, mention: NumberMention) -> bool:
    return bool(
        _RANGE_AFTER.match(body, mention.end)
        or _RANGE_BEFORE.search(body, max(0, mention.start - 12), mention.start)
    )


_RELATIVE_DAYS = frozenset({"yesterday", "today", "tonight", "tomorrow"})
# Parts of the day: when something happened is compared as a date or a time
# ("on Tuesday morning", "at 9 a.m."), not as a description of it.
_TIMES_OF_DAY = frozenset(
    "morning afternoon evening night overnight midnight noon midday dawn dusk".split()
)


def _agrees_with_any(number: NumberMention, others) -> bool:
    """Whether a figure is also among ``others`` (whatever they are said to
    count), as written or rounded ("51.9%" is "51.89 percent")."""
    return any(
        abs(number.value - other.value)
        <= max(number_finder.half_last_digit(number), number_finder.half_last_digit(other))
        for other in others
    )


def _counts_people(fact) -> bool:
    """Whether a figure is read as a count of people killed, injured, aboard...:
    a figure of the other report read as no fact at all counts something else."""
    return fact is not None and fact.measure in fact_finder.MEASURES


def _facts_of(analysed: Analysed, index: int, measure: str) -> int:
    """How many facts of a measure a sentence gives."""
    key = ("facts of", index)
    if key not in analysed.cache:
        counts = analysed.cache[key] = defaultdict(int)
        for i, fact in analysed.facts:
            if i == index:
                counts[fact.measure] += 1
    return analysed.cache[key][measure]


# A statement in other words is credited to someone else only when the
# sentences are this alike (two officials may well say the same thing).
SPEAKER_MIN_SIMILARITY = 0.45
_SPEECH_AFTER = re.compile(
    r"^\s*(?:,[^,]{1,60},\s*)?(?:said|says|told|added|stated|confirmed|announced|wrote|"
    r"insisted|explained|warned)\b"
)
_SPEECH_BEFORE = re.compile(r"(?:\bsaid|\bsays|\baccording to)\s+(?:[a-z]+\s+){0,3}$")


def _statement_speakers(analysed: Analysed, index: int) -> dict[str, str]:
    """The people a sentence credits with what it says, by key: "Mayor Ruth
    Kell said ...", "..., said police chief Tom Ward", "according to Ward"."""
    key = ("speakers", index)
    if key not in analysed.cache:
        body = analysed.article.body
        found = {}
        for start, end, person in analysed.people_by_sentence.get(index, []):
            if _SPEECH_AFTER.match(body[end : end + 80]) or _SPEECH_BEFORE.search(
                body[max(0, start - 40) : start]
            ):
                found[person.key] = " ".join(body[start:end].split())
        analysed.cache[key] = found
    return analysed.cache[key]


def _same_speakers(a: dict[str, str], b: dict[str, str]) -> bool:
    """Whether two sets of speakers share one person, under another spelling
    or with a first name one report leaves out."""
    return any(
        ka == kb
        or (min(len(ka), len(kb)) >= 4 and (ka.endswith(kb) or kb.endswith(ka)))
        or fuzz.ratio(ka, kb) >= 88
        or _first_and_last(a[ka]) == _first_and_last(b[kb]) is not None
        for ka in a
        for kb in b
    )


def _first_and_last(name: str) -> tuple[str, str] | None:
    """A name's first and last words, which a middle name left out does not
    change ("Ana Maria Ruiz", "Ana Ruiz")."""
    words = name.split()
    return (name_key(words[0]), name_key(words[-1])) if len(words) >= 2 else None


def _one_person_credited(sources_a, speakers_a, sources_b, speakers_b) -> bool:
    """Whether two sentences crediting different sources credit one person
    under two titles ("Airline CEO Jo McTan told" against "Chief executive Jo
    McTan told"): a person both credit, or one credits by a name the other's
    source ends with."""
    if speakers_a and speakers_b and _same_speakers(speakers_a, speakers_b):
        return True
    return any(
        len(key) >= 6 and name_key(source).endswith(key)
        for speakers, sources in ((speakers_a, sources_b), (speakers_b, sources_a))
        for key in speakers
        for source in sources
    )


def _cached(analysed: Analysed, what: str, index: int):
    """The platforms or sources a sentence names, found once per sentence."""
    key = (what, index)
    if key not in analysed.cache:
        text = analysed.sentences[index].text
        analysed.cache[key] = _platforms(text) if what == "platforms" else _sources(text)
    return analysed.cache[key]


def _gives_both(A: Analysed, ia: int, y: DateMention, B: Analysed, ib: int, x: DateMention):
    """Whether either sentence also gives the other's date ("between 2003 and
    2008" against "from 2003 to 2008", "last May ... and in June" against "in
    June"): two dates of two things, which both reports tell."""
    return any(
        date_finder.date_equal(y, other) for other in A.dates_by_sentence.get(ia, [])
    ) or any(date_finder.date_equal(x, other) for other in B.dates_by_sentence.get(ib, []))


def _same_event_dates(x: DateMention, y: DateMention, similarity: float) -> bool:
    """Whether two dates may date one event: sentences alike enough, and dates
    of the same kind (a weekday against a day, not against a year)."""
    if similarity < DATE_MIN_SIMILARITY:
        return False
    if {x.granularity, y.granularity} <= {"day", "weekday"}:
        return False  # days are compared as facts, by the event their clause names
    days = {"day", "weekday"}
    return x.granularity == y.granularity or {x.granularity, y.granularity} <= days


# A descriptive term is specific when few sentences of the story use it: at most
# this many, or this share of the story's sentences when that is more.
SPECIFIC_SENTENCES = 3
SPECIFIC_SHARE = 0.02


def _compare_sentences(analysed, corpus, alignment) -> list[Link]:
    pa, pb = alignment.a.article, alignment.b.article
    A, B = analysed[pa], analysed[pb]
    ia, ib = alignment.a.sentence, alignment.b.sentence
    na, nb = _sentence_node(A, pa, ia), _sentence_node(B, pb, ib)
    similarity = alignment.similarity
    links = []

    for x in A.numbers_by_sentence.get(ia, []):
        if x.value == 1:
            continue  # "one X" is no count
        if _in_range(A.article.body, x):
            continue  # one end of "10 to 20 years" says little alone
        fact_x = A.fact_at.get(x.start)
        if similarity < NUMBER_MIN_SIMILARITY and fact_x is None:
            continue
        for y in B.numbers_by_sentence.get(ib, []):
            if y.value == 1 or _in_range(B.article.body, y):
                continue
            fact_y = B.fact_at.get(y.start)
            score = 0.72 + 0.25 * similarity
            if fact_x is not None and fact_y is not None and fact_x.measure == fact_y.measure:
                if fact_x.subject == fact_y.subject:
                    continue  # one fact on both sides: compared as facts
                # One measure, read as concerning different people or things
                # ("212 people" against "230 victims"), in sentences telling
                # the same thing: compared as figures of that measure, weaker.
                if fact_x.subject and fact_y.subject:
                    continue  # two named subjects ("passengers", "passengers and crew") differ
                if _facts_of(A, ia, fact_x.measure) != 1 or _facts_of(B, ib, fact_x.measure) != 1:
                    continue  # several counts of the measure: the subjects are told apart
                if _agrees_with_any(x, B.numbers_by_sentence.get(ib, [])) or _agrees_with_any(
                    y, A.numbers_by_sentence.get(ia, [])
                ):
                    continue  # "9 children" against "40 people, among them 9 children"
                weight = fact_finder.compare(fact_x, fact_y)
                if not weight:
                    continue
                score = SUBJECTS_APART + 0.1 * weight + 0.1 * similarity
            elif similarity < NUMBER_MIN_SIMILARITY:
                continue  # aligned, but not alike enough to say two figures count one thing
            elif _counts_people(fact_x) != _counts_people(fact_y) and None in (fact_x, fact_y):
                continue  # "38 were killed" against "licensed to carry 200": not the dead
            elif number_finder.numbers_equal(x, y) is not False:
                continue
            elif _agrees_with_any(x, B.numbers_by_sentence.get(ib, [])) or _agrees_with_any(
                y, A.numbers_by_sentence.get(ia, [])
            ):
                continue  # both give both figures ("₹10 lakh ... ₹2 lakh"): nothing differs
            links.append(
                Link(
                    "number",
                    score,
                    na,
                    nb,
                    f"{A.article.name} has {_quoted(_number_phrase(A.article.body, x))}, "
                    f"{B.article.name} has {_quoted(_number_phrase(B.article.body, y))}",
                    (_number_phrase(A.article.body, x), _number_phrase(B.article.body, y)),
                )
            )
    for x in A.dates_by_sentence.get(ia, []):
        for y in B.dates_by_sentence.get(ib, []):
            if not _same_event_dates(x, y, similarity):
                continue
            if date_finder.date_equal(x, y) is False and not _gives_both(A, ia, y, B, ib, x):
                links.append(
                    Link(
                        "date",
                        0.72 + 0.25 * similarity,
                        na,
                        nb,
                        f"{A.article.name} says {_quoted(x.text)}, {B.article.name} says "
                        f"{_quoted(y.text)}",
                        (x.text, y.text),
                    )
                )

    platforms_a, platforms_b = _cached(A, "platforms", ia), _cached(B, "platforms", ib)
    # "social media" holds every named platform: no conflict with Instagram.
    general = "social media" in platforms_a or "social media" in platforms_b
    if platforms_a and platforms_b and not platforms_a & platforms_b and not general:
        links.append(
            Link(
                "attribution",
                0.62 + 0.3 * similarity,
                na,
                nb,
                f"{A.article.name}: on {', '.join(sorted(platforms_a))}; "
                f"{B.article.name}: on {', '.join(sorted(platforms_b))}",
                ("on " + ", ".join(sorted(platforms_a)), "on " + ", ".join(sorted(platforms_b))),
            )
        )
    speakers_a, speakers_b = _statement_speakers(A, ia), _statement_speakers(B, ib)
    if (
        speakers_a
        and speakers_b
        and similarity >= SPEAKER_MIN_SIMILARITY
        and not _same_speakers(speakers_a, speakers_b)
    ):
        names_a, names_b = ", ".join(speakers_a.values()), ", ".join(speakers_b.values())
        links.append(
            Link(
                "attribution",
                0.6 + 0.3 * similarity,
                na,
                nb,
                f"{A.article.name} credits {names_a}; {B.article.name} credits {names_b}",
                (names_a, names_b),
            )
        )
    sources_a, sources_b = _cached(A, "sources", ia), _cached(B, "sources", ib)
    if (
        sources_a
        and sources_b
        and not _same_source(sources_a, sources_b)
        # "Airline CEO Jo McTan told" against "Chief executive Jo McTan told":
        # one person under two titles.
        and not _one_person_credited(sources_a, speakers_a, sources_b, speakers_b)
    ):
        links.append(
            Link(
                "attribution",
                0.6 + 0.3 * similarity,
                na,
                nb,
                f"{A.article.name} cites {', '.join(sorted(sources_a))}; "
                f"{B.article.name} cites {', '.join(sorted(sources_b))}",
                (", ".join(sorted(sources_a)), ", ".join(sorted(sources_b))),
            )
        )

    if similarity < DESCRIPTION_MIN_SIMILARITY:
        return links
    limit = max(SPECIFIC_SENTENCES, SPECIFIC_SHARE * len(corpus.units))

    def is_specific(term):
        return corpus.sf.get(term, 0) <= limit

    links.extend(_description_links(A, B, ia, ib, na, nb, similarity, is_specific))
    if not links and similarity >= WORDING_MIN_SIMILARITY:
        # Nothing finer set the sentences apart: their words might.
        links.extend(_wording_links(A, B, ia, ib, na, nb, similarity, is_specific))
    return links


# Aligned sentences at least this alike, that no finer comparison set apart,
# are compared word by word (see _wording_links()).
WORDING_MIN_SIMILARITY = 0.3
# Most differing words shown for each side.
WORDING_SHOWN = 3


# Words of reporting (as stems): how a report tells, not what it tells.
_REPORTING = frozenset({"report", "add", "stat", "announc", "confirm", "accord", "quot"})


def _own_words(A, ia, B, is_specific) -> list[str]:
    """Specific words of A's sentence that B's report uses nowhere (in any
    spelling or inflection), figures and days left out: what A's sentence says
    that B does not."""
    text = A.sentences[ia].text
    words, seen = [], set()
    other = B.cache.get("variant_terms")
    if other is None:
        other = B.cache["variant_terms"] = {stem(spelling_key(t)) for t in B.folded_terms}
    own_name = A.cache.get("own_name")
    if own_name is None:
        own_name = A.cache["own_name"] = set(terms(A.article.name))
    for term, start, end in sentence_term_spans(A, ia):
        if term in seen or not is_specific(term) or any(ch.isdigit() for ch in term):
            continue
        seen.add(term)
        word = fold(text[start:end])
        if word in date_finder.CALENDAR_WORDS or word in _RELATIVE_DAYS:
            continue
        if word in _TIMES_OF_DAY or word in _WHEN_IN_THE_DAY:
            continue  # "last night", "early morning": when, compared as times
        if number_finder.is_number_word(word) or len(word) < 3:
            continue
        if term in B.folded_terms or stem(spelling_key(term)) in other:
            continue
        if term in own_name or term in _REPORTING:
            continue  # the outlet naming itself ("TNI Bureau"), how it reports
        words.append(text[start:end])
    return words


def _without_synonyms(words, B, ib) -> list[str]:
    """``words`` less those the sentence ``ib`` of ``B`` gives in another word of
    one synonym set (:func:`.variants.same_word`) or spelling of one name
    (:func:`.variants.same_name`)."""
    text = B.sentences[ib].text
    theirs = {text[start:end] for _, start, end in sentence_term_spans(B, ib)}
    return [
        w
        for w in words
        if not any(same_word(fold(w), fold(other)) or same_name(w, other) for other in theirs)
    ]


_ACRONYM_LIKE = re.compile(r"\b[A-Z]{2,6}\b")


def _wording_links(A, B, ia, ib, na, nb, similarity, is_specific) -> list[Link]:
    """Two sentences that tell the same thing, each with specific words the
    other report never uses: a second-tier difference, weaker than a phrase
    substituted for another (see _description_links()), worth a look."""
    own_a, own_b = _own_words(A, ia, B, is_specific), _own_words(B, ib, A, is_specific)
    # A word with a synonym in the other sentence ("happened", "occurred"), or
    # a name transliterated otherwise, is the same thing told in another word,
    # not something the other leaves out.
    own_a, own_b = _without_synonyms(own_a, B, ib), _without_synonyms(own_b, A, ia)
    # A name in one, its acronym in the other ("HVA"): one thing named.
    text_a, text_b = A.sentences[ia].text, B.sentences[ib].text
    if _ACRONYM_LIKE.search(text_a) or _ACRONYM_LIKE.search(text_b):
        named_a, named_b = acronym_words(text_a, text_b), acronym_words(text_b, text_a)
        own_a = [w for w in own_a if w not in named_a]
        own_b = [w for w in own_b if w not in named_b]
    if not own_a or not own_b:
        return []
    shown_a = ", ".join(own_a[:WORDING_SHOWN])
    shown_b = ", ".join(own_b[:WORDING_SHOWN])
    return [
        Link(
            "description",
            # Below substituted phrases, above single-source details.
            0.405 + 0.01 * min(1.0, similarity) + 0.01 * _checkable(A, ia, B, ib),
            na,
            nb,
            f"{A.article.name} says what {B.article.name} does not ({shown_a}), and the other "
            f"way round ({shown_b})",
            (shown_a, shown_b),
        )
    ]


CHECKABLE_BONUS = 0.05

# One word against one word ("dragged" against "freed") between shared words
# is a difference of description only in sentences telling one thing; in
# sentences less alike than this (they share a topic, each tells its own
# statement) the lone word is mostly where two statements part. On the dev
# half (92 stories) such pairs in the top conflicts were 2 real of 14; the
# rule put two more real among the top conflicts, recall at 15 unchanged.
LONE_WORD_MIN_SIMILARITY = 0.3


# Two phrases that each name something (a place, a body: "Rome" against
# "Milan") are more checkable than two descriptions in common words.
NAMED_BONUS = 0.03


def _names_something(phrase: str) -> bool:
    """Whether a phrase holds a capitalised word other than its first."""
    words = phrase.split()
    return any(w[:1].isupper() for w in words[1:]) or (len(words) == 1 and words[0][:1].isupper())


def _checkable(A, ia, B, ib) -> bool:
    """Whether both sentences hold something checkable: a figure, a person
    named, a quotation or a cited source."""

    def holds(X, i):
        return bool(
            X.numbers_by_sentence.get(i)
            or X.people_by_sentence.get(i)
            or X.quotes_by_sentence.get(i)
            or _cached(X, "sources", i)
        )

    return holds(A, ia) and holds(B, ib)


# Words that tie a statement to its cause or ground ("given the number of
# districts", "based on the number of"): how a sentence joins its parts, not a
# description of anything.
_CONNECTIVES = frozenset(
    stem(w) for w in "given based due following amid despite owing thanks wake".split()
)


def _time_of_day(words) -> bool:
    """Whether a phrase's terms only say when in the day ("morning", "late
    night")."""
    return all(w in _TIMES_OF_DAY_TERMS for w in words)


_WHEN_IN_THE_DAY = frozenset({"last", "late", "early"})
_TIMES_OF_DAY_TERMS = frozenset(stem(w) for w in _TIMES_OF_DAY | _WHEN_IN_THE_DAY)


def _connective(words) -> bool:
    return all(w in _CONNECTIVES for w in words)


def _is_name(sentence: str, phrase: str) -> bool | None:
    """True for a phrase that is a proper name (every word capitalised), False
    for one in common words only, None for a mix (or a sentence's first word,
    capitalised whatever it is)."""
    at = sentence.find(phrase)
    if at <= 0 or _STATEMENT_END.search(sentence[:at].rstrip()) or not sentence[:at].strip():
        return None
    words = [w for w in re.findall(r"[\w'’\-]+", phrase) if fold(w) not in STOPWORDS]
    capitals = [w[:1].isupper() for w in words]
    if capitals and all(capitals):
        return True
    return False if not any(capitals) else None


def _name_against_words(sa: str, phrase_a: str, sb: str, phrase_b: str) -> bool:
    """Whether one phrase is a name and the other common words ("Athens"
    against "the capital"): either the same thing named and described, or two
    different things; two names ("Rome", "Milan") or two descriptions differ."""
    kinds = {_is_name(sa, phrase_a), _is_name(sb, phrase_b)}
    return kinds == {True, False}


def _says_more(words_a, words_b) -> bool:
    """Whether one phrase is an elaboration where the other gives a word: one
    term against three or more ("area" against "neighbourhood known for its
    bars") is one report telling more, not describing the thing otherwise."""
    short, long = sorted((len(words_a), len(words_b)))
    return long >= 2 * short + 1


# A word denying what follows it ("no", "not", "never", "didn't").
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|none|nor|neither|cannot|\w+n[’']t)\b", re.IGNORECASE
)
# Most words between a negation and the thing it denies ("did not issue a
# distress call"), and most of them content words (a verb: "issue"; two are
# another thing denied: "no jury trials in South Africa").
NEGATION_REACH = 3
NEGATION_CONTENT = 1


def _denies(analysed: Analysed, index: int) -> bool:
    """Whether the sentence holds a negation anywhere (most hold none)."""
    key = ("denies", index)
    found = analysed.cache.get(key)
    if found is None:
        found = analysed.cache[key] = bool(_NEGATION.search(analysed.sentences[index].text))
    return found


def _denials(A, ia, B, ib, is_specific):
    """Where A's sentence denies a thing B's affirms: two terms following each
    other in both sentences, one of them specific ("distress call"), a negation right
    before them in A's (same clause, at most NEGATION_REACH words away, at most
    NEGATION_CONTENT of them content words) and none anywhere in B's.
    Yields (A's phrase, B's phrase)."""
    if not _denies(A, ia) or _denies(B, ib):
        return
    text_a, text_b = A.sentences[ia].text, B.sentences[ib].text
    spans_a, spans_b = sentence_term_spans(A, ia), sentence_term_spans(B, ib)
    words_b = [w for w, _, _ in spans_b]
    pairs_b = {
        (x, y): (spans_b[k][1], spans_b[k + 1][2])
        for k, (x, y) in enumerate(zip(words_b, words_b[1:], strict=False))
    }
    for k in range(len(spans_a) - 1):
        (first, start, _), (second, _, end) = spans_a[k], spans_a[k + 1]
        if (first, second) not in pairs_b or not (is_specific(first) or is_specific(second)):
            continue
        before = text_a[max(0, start - 40) : start]
        negations = list(_NEGATION.finditer(before))
        if not negations:
            continue
        gap = before[negations[-1].end() :]
        if _CLAUSE_BREAK.search(gap) or len(gap.split()) > NEGATION_REACH:
            continue
        if len(list(_term_spans(gap))) > NEGATION_CONTENT:
            continue
        low, high = pairs_b[(first, second)]
        yield text_a[start - len(before) + negations[-1].start() : end], text_b[low:high]
        return


# A deed done to oneself ("killed himself", "shot herself") and the same deed
# done to the person by others ("killed him", "she was shot"): who did it.
_REFLEXIVE = re.compile(r"\b([a-z]+)\s+(?:himself|herself|themselves)\b", re.IGNORECASE)
_DONE_TO = re.compile(
    r"\b([a-z]+)\s+(?:him|her|them)\b(?!\s*self)|\b(?:was|were|been|being)\s+([a-z]+)\b",
    re.IGNORECASE,
)


def _deeds(pattern, text: str) -> dict[str, str]:
    """The verbs (as stems) ``pattern`` finds in ``text``, with the words found."""
    found = {}
    for match in pattern.finditer(text):
        verb = fold(next(g for g in match.groups() if g))
        if verb not in STOPWORDS and len(verb) > 2:
            found.setdefault(stem(verb), match.group())
    return found


def _sentence_deeds(analysed: Analysed, index: int, pattern) -> dict[str, str]:
    """:func:`_deeds` of one sentence, found once per sentence: a sentence
    takes part in many comparisons."""
    key = ("deeds", pattern.pattern, index)
    found = analysed.cache.get(key)
    if found is None:
        found = analysed.cache[key] = _deeds(pattern, analysed.sentences[index].text)
    return found


def _who_did_it(A, ia, B, ib):
    """Where A's sentence tells a deed done to oneself ("killed himself") and
    B's the same deed done to the person ("killed him", "was killed"), and
    neither tells the other. Yields (A's words, B's words)."""
    to_self = _sentence_deeds(A, ia, _REFLEXIVE)
    if not to_self:
        return
    to_them = _sentence_deeds(B, ib, _DONE_TO)
    for verb in to_self.keys() & to_them.keys():
        if verb in _sentence_deeds(A, ia, _DONE_TO) or verb in _sentence_deeds(B, ib, _REFLEXIVE):
            continue
        yield to_self[verb], to_them[verb]
        return


def _description_links(A, B, ia, ib, na, nb, similarity, is_specific) -> list[Link]:
    """A phrase of one sentence standing where the other has another, or a
    thing one sentence denies and the other affirms."""
    sa, sb = A.sentences[ia], B.sentences[ib]
    links = []
    for X, Y, nx, ny in ((A, B, na, nb), (B, A, nb, na)):
        ix, iy = (ia, ib) if X is A else (ib, ia)
        for denied, affirmed in _denials(X, ix, Y, iy, is_specific):
            links.append(
                Link(
                    "description",
                    # A contradiction, not another wording: with conflicts of fact.
                    0.6 + 0.2 * min(1.0, similarity),
                    nx,
                    ny,
                    f"{X.article.name} denies it ({_quoted(denied)}); {Y.article.name} "
                    f"affirms it ({_quoted(affirmed)})",
                    (denied, affirmed),
                )
            )
        for by_self, by_others in _who_did_it(X, ix, Y, iy):
            links.append(
                Link(
                    "description",
                    # Who did it: a contradiction, as a denial is.
                    0.6 + 0.2 * min(1.0, similarity),
                    nx,
                    ny,
                    f"{X.article.name}: {_quoted(by_self)}; {Y.article.name}: {_quoted(by_others)}",
                    (by_self, by_others),
                )
            )

    for phrase_a, phrase_b, words_a, words_b in _substitutions(
        sentence_term_spans(A, ia), sentence_term_spans(B, ib), sa.text, sb.text, is_specific
    ):
        specific_a = [w for w in words_a if is_specific(w)]
        specific_b = [w for w in words_b if is_specific(w)]
        if not specific_a or not specific_b:
            continue  # words used all over the story describe nothing in particular
        if (
            same_phrase(phrase_a, phrase_b)
            or same_description(phrase_a, phrase_b)
            or same_name(phrase_a, phrase_b)
            or acronym_of(phrase_a, phrase_b)
        ):
            continue  # a spelling variant, an inflection, a synonym or a transliteration
        if any(ch.isdigit() for ch in phrase_a + phrase_b):
            continue  # figures are compared as facts
        words = [fold(w).strip(".,;:'’") for w in (phrase_a + " " + phrase_b).split()]
        if any(w in date_finder.CALENDAR_WORDS or w in _RELATIVE_DAYS for w in words):
            continue  # and days as the dates of events
        if _time_of_day(words_a) or _time_of_day(words_b):
            continue  # "last night" against "with a majority": when, not what
        if any(number_finder.is_number_word(w) for w in words):
            continue  # "dozens", "hundreds": figures too
        if _name_against_words(sa.text, phrase_a, sb.text, phrase_b):
            continue  # "Athens" and "the capital": one thing named and described, or two things
        if _connective(words_a) or _connective(words_b):
            continue  # one side only joins the statement to its ground
        if _says_more(words_a, words_b) or adds_to(phrase_a, phrase_b):
            continue  # one report tells more of it, not something else
        if len(words_a) == len(words_b) == 1 and similarity < LONE_WORD_MIN_SIMILARITY:
            continue  # loosely alike sentences: one word each is where they part, not a fact
        specificity = min(len(specific_a) / len(words_a), len(specific_b) / len(words_b))
        links.append(
            Link(
                "description",
                # Below conflicts of fact, above single-source details.
                0.42
                + 0.2 * min(1.0, similarity + 0.3 * specificity)
                + CHECKABLE_BONUS * _checkable(A, ia, B, ib)
                + NAMED_BONUS * (_names_something(phrase_a) and _names_something(phrase_b)),
                na,
                nb,
                f"{A.article.name}: {_quoted(phrase_a)}; {B.article.name}: {_quoted(phrase_b)}",
                (phrase_a, phrase_b),
            )
        )
    return links


# Sentences naming different platforms for a posting are compared when at
# least this alike, whether or not they were aligned (a post is often told in
# few words: "shared a video on Instagram", "posted the clip on X").
PLATFORM_MIN_SIMILARITY = 0.1
# Most other sentences each sentence naming a platform is compared with.
PLATFORM_BUDGET = 40


def _compare_platforms(analysed, corpus, units, alignments) -> list[Link]:
    """Two reports naming different platforms (Instagram, X) for what their
    sentences tell alike: a conflict of where something was posted. "Social
    media" holds any named platform. Aligned pairs were compared already."""
    aligned = {
        frozenset(((a.a.article, a.a.sentence), (a.b.article, a.b.sentence))) for a in alignments
    }
    named = []
    for n, unit in enumerate(units):
        platforms = _cached(analysed[unit.article], "platforms", unit.sentence)
        if platforms and "social media" not in platforms:
            named.append((n, unit, platforms))
    links = []
    for x, (i, unit_a, platforms_a) in enumerate(named):
        compared = 0
        for j, unit_b, platforms_b in named[x + 1 :]:
            if unit_b.article == unit_a.article or platforms_a & platforms_b:
                continue
            compared += 1
            if compared > PLATFORM_BUDGET:
                break
            pair = frozenset(((unit_a.article, unit_a.sentence), (unit_b.article, unit_b.sentence)))
            if pair in aligned:
                continue
            similarity, _ = corpus.similarity(i, j)
            if similarity < PLATFORM_MIN_SIMILARITY:
                continue
            A, B = analysed[unit_a.article], analysed[unit_b.article]
            links.append(
                Link(
                    "attribution",
                    0.62 + 0.3 * similarity,
                    _sentence_node(A, unit_a.article, unit_a.sentence),
                    _sentence_node(B, unit_b.article, unit_b.sentence),
                    f"{A.article.name}: on {', '.join(sorted(platforms_a))}; "
                    f"{B.article.name}: on {', '.join(sorted(platforms_b))}",
                    (
                        "on " + ", ".join(sorted(platforms_a)),
                        "on " + ", ".join(sorted(platforms_b)),
                    ),
                )
            )
    return links


# A compass direction of a named place: "eastern Turkey", "south of Mexico
# City", "north-west of Tembo". The place is its run of capitalised words.
_DIRECTION = re.compile(
    r"\b(?P<direction>(?:north|south)(?:[- ]?(?:east|west))?|east|west)(?:ern)?"
    r"(?:\s+(?P<of>of)(?:\s+the)?)?\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
)
# Sentences giving a place different directions are compared when at least
# this alike (they share the place and something of what happened there), and
# each place's directions at most this many times (a story of one region).
DIRECTION_MIN_SIMILARITY = 0.05
DIRECTION_PAIRS = 6


def _directions(text: str) -> dict[tuple[str, bool], tuple[str, str]]:
    """The places a sentence gives a direction of: (place key, whether outside
    it) to (direction, words as written). "South of Tembo" is outside Tembo,
    "southern Tembo" a part of it: two places, never compared."""
    found = {}
    for match in _DIRECTION.finditer(text):
        name = fold(match.group("place").rstrip(".")).removesuffix("'s").removesuffix("’s")
        if name.split()[0] in STOPWORDS or name in date_finder.CALENDAR_WORDS:
            continue
        place = (name, match.group("of") is not None)
        direction = re.sub(r"[- ]", "", fold(match.group("direction")))
        found.setdefault(place, (direction, " ".join(match.group().rstrip(".").split())))
    return found


def _compare_directions(analysed, corpus, units) -> list[Link]:
    """Two reports placing something in different parts of one named place
    ("struck eastern Turkey", "rocked southeastern Turkey"): a difference of
    description, whether or not their sentences were aligned (they often share
    little else). A report giving both directions anywhere contradicts
    nothing."""
    by_place = defaultdict(list)
    given = defaultdict(set)  # (article, place): the directions it gives
    for n, unit in enumerate(units):
        A = analysed[unit.article]
        text = A.sentences[unit.sentence].text
        if not _DIRECTION.search(text):
            continue
        for place, (direction, words) in _directions(text).items():
            by_place[place].append((n, unit, direction, words))
            given[(unit.article, place)].add(direction)
    links = []
    for place, mentions in by_place.items():
        links += _mention_links(
            analysed,
            corpus,
            mentions,
            "description",
            lambda a, b, place=place: (
                a[2] != b[2]
                and a[2] not in given[(b[1].article, place)]
                and b[2] not in given[(a[1].article, place)]
            ),
            min_similarity=DIRECTION_MIN_SIMILARITY,
            max_pairs=DIRECTION_PAIRS,
            spread=0.2,
        )
    return links


def _mention_links(analysed, corpus, mentions, kind, differ, *, min_similarity, max_pairs, spread):
    """Links between the sentences of ``mentions`` ((unit number, unit,
    value, words as written), one detail found by a pattern in each) from
    different reports that ``differ(a, b)`` and that are at least
    ``min_similarity`` alike, scored 0.6 + ``spread`` x similarity; at most
    ``max_pairs`` links for the detail (a story retelling it in many reports)."""
    links = []
    for x, a in enumerate(mentions):
        i, unit_a, _, words_a = a
        for b in mentions[x + 1 :]:
            j, unit_b, _, words_b = b
            if unit_a.article == unit_b.article or not differ(a, b):
                continue
            similarity, _ = corpus.similarity(i, j)
            if similarity < min_similarity:
                continue
            if len(links) == max_pairs:
                return links
            A, B = analysed[unit_a.article], analysed[unit_b.article]
            links.append(
                Link(
                    kind,
                    0.6 + spread * min(1.0, similarity),
                    _sentence_node(A, unit_a.article, unit_a.sentence),
                    _sentence_node(B, unit_b.article, unit_b.sentence),
                    f"{A.article.name}: {_quoted(words_a)}; {B.article.name}: {_quoted(words_b)}",
                    (words_a, words_b),
                )
            )
    return links


# A deed told in the passive with its doer: "found by two British divers",
# "found alive by navy divers". The doer runs to a clause break or a word that
# starts another part of the sentence; its last word is what did it.
_DONE_BY = re.compile(
    r"\b(?P<verb>[a-z]+ed|found|shot|struck|hit|taken|held|seen|caught|made|led|won|killed)"
    r"(?:\s+[a-z]+ly|\s+alive|\s+dead|\s+safe)?\s+by\s+"
    r"(?P<doer>(?:(?!(?:who|which|that|and|or|in|at|on|from|after|with|for|to|as|during|"
    r"near|inside|while|when)\b)[\w'’-]+\s*){1,5})",
)
# Words of a doer that say which one it was, not how many or which in general.
_DOER_SKIP = frozenset({"a", "an", "the", "his", "her", "their", "its", "some", "several"})
DOER_MIN_SIMILARITY = 0.05
DOER_PAIRS = 6


def _doers(text: str) -> dict[tuple[str, str], tuple[frozenset[str], str]]:
    """Deeds told with their doer: (verb stem, doer's head stem) to (the
    stems of the words saying which doer, the words as written)."""
    found = {}
    for match in _DONE_BY.finditer(text):
        words = match.group("doer").split()
        head = fold(words[-1]).removesuffix("'s").removesuffix("’s")
        if head in STOPWORDS or not head.isalpha():
            continue
        which = frozenset(
            stem(spelling_key(w))
            for w in (fold(w).removesuffix("'s").removesuffix("’s").strip("'’") for w in words[:-1])
            if w not in _DOER_SKIP
            and w not in STOPWORDS
            and not number_finder.is_number_word(w)
            and not w.isdigit()
        )
        if which:
            key = (stem(fold(match.group("verb"))), stem(head))
            found.setdefault(key, (which, " ".join(match.group().split())))
    return found


def _compare_doers(analysed, corpus, units) -> list[Link]:
    """Two reports telling one deed done by different doers of one kind
    ("found by two British divers", "found alive by Thailand's navy divers"):
    who did it, an attribution, whether or not the sentences were aligned."""
    by_deed = defaultdict(list)
    for n, unit in enumerate(units):
        text = analysed[unit.article].sentences[unit.sentence].text
        if " by " not in text:
            continue
        for key, (which, words) in _doers(text).items():
            by_deed[key].append((n, unit, which, words))
    links = []
    for mentions in by_deed.values():
        links += _mention_links(
            analysed,
            corpus,
            mentions,
            "attribution",
            lambda a, b: not a[2] & b[2],
            min_similarity=DOER_MIN_SIMILARITY,
            max_pairs=DOER_PAIRS,
            spread=0.3,
        )
    return links


def quote_key(quote: Quote) -> tuple[str, frozenset[str]]:
    folded = fold(quote.text).strip(" .,;:!?")
    return folded, frozenset(terms(folded))


# Two quotations of one speaker are renderings of one remark from this score of
# same_remark() up: the threshold at which their wording is compared.
SAME_REMARK = 0.25


def remark_groups(quotes: list[Quote]) -> list[list[int]]:
    """The positions of ``quotes`` grouped into renderings of one remark, each
    group in order, groups in the order of their first quotation.

    A union-find over the distinct wordings (a remark repeated word for word by
    many reports is compared once) joins those alike from :data:`SAME_REMARK` up
    and those where one holds the other's words (a report quoting less of the
    remark; a quotation without a content word holds no remark). Remarks chain:
    three renderings form one group even when only neighbours are alike.
    """
    keys = {}  # folded wording: its content terms
    wording_of = []
    for quote in quotes:
        folded, content = quote_key(quote)
        keys[folded] = content
        wording_of.append(folded)
    wordings = list(keys)
    groups = _UnionFind()
    for wording in wordings:
        groups.find(wording)
    for i, folded_a in enumerate(wordings):
        terms_a = keys[folded_a]
        for folded_b in wordings[i + 1 :]:
            terms_b = keys[folded_b]
            contains = bool(terms_a and terms_b) and (folded_a in folded_b or folded_b in folded_a)
            if contains or same_remark(folded_a, terms_a, folded_b, terms_b) >= SAME_REMARK:
                groups.union(folded_a, folded_b)
    positions: dict[str, list[int]] = defaultdict(list)
    for position, wording in enumerate(wording_of):
        positions[groups.find(wording)].append(position)
    return list(positions.values())


# A quotation this much shorter than another, or less, may be a fragment of it.
FRAGMENT = 0.6
# ... and a fragment of it only when at least this share of its content terms
# are the other's: "I loved Kestrel" shares one word of two with "I stand
# before you taking responsibility for Kestrel", another remark. On the dev
# half (92 stories) this put three more discrepancies in the top 15 and took
# eleven pairs of different remarks out of the top conflicts (one real).
FRAGMENT_TERMS = 0.75
# Words of degree say how much, not what: "a little clumsy" is a fragment of
# "it was clumsy, which made it fit", as one of its two terms would not be.
DEGREE_WORDS = frozenset("little bit slightly somewhat fairly pretty really extremely".split())


def same_remark(fa: str, terms_a, fb: str, terms_b) -> float:
    """How likely two quotations render one remark (0 when clearly not)."""
    if not terms_a or not terms_b or not terms_a & terms_b:
        return 0.0
    overlap = len(terms_a & terms_b) / len(terms_a | terms_b)
    shape = fuzz.ratio(fa, fb) / 100
    shape = shape if shape >= 0.7 else 0.0
    short = (terms_a if len(fa) <= len(fb) else terms_b) - DEGREE_WORDS
    if (
        short
        and min(len(fa), len(fb)) <= FRAGMENT * max(len(fa), len(fb))
        and len(short & terms_a & terms_b) / len(short) >= FRAGMENT_TERMS
    ):
        # A report quoting a fragment: the fragment's best match counts from 0.6.
        partial = fuzz.partial_ratio(fa, fb) / 100
        shape = max(shape, partial if partial >= 0.6 else 0.0)
    return max(overlap, shape)


def _versions(quotes):
    """Group ``(position, quote)`` pairs by their folded wording."""
    versions = defaultdict(list)
    for position, quote in quotes:
        versions[fold(quote.text).strip(" .,;:!?")].append((position, quote))
    return versions


def _member_links(kind, version, representative):
    """Tie every other report giving this version to its representative."""
    anchor = Node(representative[0], representative[1].start, representative[1].end)
    return [
        Link(kind, 0.0, anchor, Node(position, quote.start, quote.end))
        for position, quote in version
        if (position, quote) is not representative
    ]


def _compare_quotes(analysed) -> list[Link]:
    """Renderings of the same remark by the same speaker that differ; the same
    words given to different speakers.

    Quotes are grouped by wording first, so a remark repeated word for word by
    a hundred reports is compared once, not a hundred times over.
    """
    canonical = _speaker_keys(analysed)
    by_speaker = defaultdict(list)
    for position, A in enumerate(analysed):
        for quote in A.quotes:
            if quote.speaker_key:
                for piece in _remarks(quote):
                    by_speaker[canonical[quote.speaker_key]].append((position, piece))
    links = []
    for speaker_quotes in by_speaker.values():
        versions = _versions(speaker_quotes)
        keyed = [(text, frozenset(terms(text)), group) for text, group in versions.items()]
        linked = set()
        for x, (fa, terms_a, group_a) in enumerate(keyed):
            for fb, terms_b, group_b in keyed[x + 1 :]:
                if not terms_a & terms_b or _written_alike(fa, fb):
                    continue  # nothing in common, or the same words written otherwise
                same = same_remark(fa, terms_a, fb, terms_b)
                if same < SAME_REMARK:
                    continue
                pair = next(((qa, qb) for qa in group_a for qb in group_b if qa[0] != qb[0]), None)
                if pair is None:
                    continue  # both versions only in one report
                (pa, qa), (pb, qb) = pair
                links.append(
                    Link(
                        "quote",
                        0.6 + 0.35 * same,
                        Node(pa, qa.start, qa.end),
                        Node(pb, qb.start, qb.end),
                        qa.speaker,
                    )
                )
                for text, group, representative in ((fa, group_a, pair[0]), (fb, group_b, pair[1])):
                    if text not in linked:
                        linked.add(text)
                        links.extend(_member_links("quote", group, representative))
    return links + _compare_unattributed(analysed) + _compare_speakers(analysed)


def _written_alike(fa: str, fb: str) -> bool:
    """Whether two folded quotations give the same words, or one fewer of
    them, written otherwise: no difference of quotation."""
    return (
        _quotes_less(fa, fb)  # one report quotes less of the words
        or spelling_key(fa) == spelling_key(fb)  # spelt the British or the American way
        or _without_auxiliaries(fa) == _without_auxiliaries(fb)  # "was"/"has been": a tense
        or same_wording(fa, fb)  # "towards"/"toward", "I've"/"I have"
        or wording_within(fa, fb)  # "It's time" within "It is time for justice"
        or same_words_told(fa, fb)  # in another order, "one"/"1", "[its founder]"
    )


_AUXILIARIES = frozenset(
    "am is are was were be been being has have had will would shall do does did "
    "m s re ve ll d".split()
)


def _without_auxiliaries(folded: str) -> list[str]:
    """A quotation's words without auxiliaries and contractions' endings."""
    words = re.findall(r"\w+", spelling_key(folded))
    return [w for w in words if w not in _AUXILIARIES]


def _quotes_less(fa: str, fb: str) -> bool:
    """Whether one folded quotation is the other's words, or part of them
    ("the bird is free" is not part of "the bird is freed")."""
    wa, wb = (" " + re.sub(r"[^\w\s]", "", t) + " " for t in (fa, fb))
    return wa in wb or wb in wa


# Quotations nobody is named for meet others this alike (see same_remark()),
# found under their rarest few terms, skipping terms in more quotations than this.
UNATTRIBUTED_SAME = 0.5
UNATTRIBUTED_KEYS = 3
UNATTRIBUTED_POSTINGS = 50


def _compare_unattributed(analysed) -> list[Link]:
    """A quotation no speaker is named for, against any quotation of another
    report that renders the same remark differently (a post quoted without
    its author in one report, with it in another). Quotations meet under
    their rarest terms, so only those sharing an uncommon word are compared."""
    pieces = [
        (position, piece)
        for position, A in enumerate(analysed)
        for quote in A.quotes
        for piece in _remarks(quote)
    ]
    versions = [
        (text, frozenset(terms(text)), group)
        for text, group in _versions(pieces).items()
        if len(text) >= 10
    ]
    postings = defaultdict(list)
    for n, (_, quoted, _) in enumerate(versions):
        for term in quoted:
            postings[term].append(n)
    links, seen = [], set()
    for n, (fa, terms_a, group_a) in enumerate(versions):
        if all(q.speaker_key for _, q in group_a):
            continue  # attributed: compared by speaker, and here from the other side
        shared = [t for t in terms_a if len(postings[t]) > 1]  # terms other quotations have
        rare = sorted(shared, key=lambda t: (len(postings[t]), t))[:UNATTRIBUTED_KEYS]
        others = {m for t in rare if len(postings[t]) <= UNATTRIBUTED_POSTINGS for m in postings[t]}
        for m in sorted(others - {n}):
            if (min(n, m), max(n, m)) in seen:
                continue
            seen.add((min(n, m), max(n, m)))
            fb, terms_b, group_b = versions[m]
            if _written_alike(fa, fb):
                continue
            same = same_remark(fa, terms_a, fb, terms_b)
            if same < UNATTRIBUTED_SAME:
                continue
            pair = next(((qa, qb) for qa in group_a for qb in group_b if qa[0] != qb[0]), None)
            if pair is None:
                continue
            (pa, qa), (pb, qb) = pair
            links.append(
                Link(
                    "quote",
                    0.6 + 0.3 * same,
                    Node(pa, qa.start, qa.end),
                    Node(pb, qb.start, qb.end),
                    qa.speaker or qb.speaker or "",
                )
            )
    return links


def _remarks(quote: Quote) -> list[Quote]:
    """A quotation of several sentences as its sentences: one report quotes a
    speaker at length where another quotes one remark, and each remark is
    compared with its own rendering."""
    # Split as reports are ("Ms. Holmes" and "the U.S. team" go on).
    pieces = [(s.start, s.end) for s in split_sentences(quote.text)] or [(0, len(quote.text))]
    if len(pieces) == 1:
        return [quote]
    return [
        dataclasses.replace(quote, start=quote.start + a, end=quote.start + b, text=quote.text[a:b])
        for a, b in pieces
        if len(quote.text[a:b].split()) >= 3
    ] or [quote]


def _speaker_keys(analysed) -> dict[str, str]:
    """Each speaker key mapped to the key of the same person across reports:
    "Taoiseach Leo Varadkar" is "Leo Varadkar" with a title the name finder
    did not know, so a key ending with another (of a full name) is that one."""
    keys = sorted({q.speaker_key for A in analysed for q in A.quotes if q.speaker_key})
    canonical = {}
    for key in keys:
        shorter = [k for k in keys if k != key and len(k) >= 6 and key.endswith(k)]
        canonical[key] = min(shorter, key=len) if shorter else key
    # A middle name one report leaves out ("Ana Maria Ruiz", "Ana Ruiz"): one
    # speaker, when first and last names agree.
    names = defaultdict(set)
    for A in analysed:
        for quote in A.quotes:
            first_last = _first_and_last(quote.speaker or "")
            if quote.speaker_key and first_last:
                names[first_last].add(quote.speaker_key)
    for same in names.values():
        if len(same) > 1:
            target = canonical[min(same, key=len)]
            for key in same:
                canonical[key] = target
    # One name spelt two ways ("Vaishnaw", "Vaishnav"): one speaker.
    for key in keys:
        for other in keys:
            if other < key and len(key) >= 8 and fuzz.ratio(key, other) >= 88:
                canonical[key] = canonical[other]
                break
    return canonical


def _compare_speakers(analysed) -> list[Link]:
    """The same words attributed to different people in different reports."""
    canonical = _speaker_keys(analysed)
    all_quotes = [
        (position, dataclasses.replace(quote, speaker_key=canonical[quote.speaker_key]))
        for position, A in enumerate(analysed)
        for quote in A.quotes
        if quote.speaker_key
    ]
    versions = _versions(all_quotes)
    by_prefix = defaultdict(list)
    for text in versions:
        if len(text) >= 12:
            by_prefix[text[:12]].append(text)
    groups = _UnionFind()
    for texts in by_prefix.values():
        for x, ka in enumerate(texts):
            groups.find(ka)
            for kb in texts[x + 1 :]:
                if fuzz.ratio(ka, kb) >= 85:
                    groups.union(ka, kb)
    clusters = defaultdict(list)
    for text in groups.parent:
        clusters[groups.find(text)].extend(versions[text])
    links = []
    for members in clusters.values():
        by_speaker = {}
        for position, quote in members:
            by_speaker.setdefault(quote.speaker_key, (position, quote))
        if len(by_speaker) < 2:
            continue
        speakers = list(by_speaker.values())
        first = speakers[0]
        for other in speakers[1:]:
            if other[0] == first[0]:
                continue
            (pa, qa), (pb, qb) = first, other
            names = (analysed[pa].article.name, analysed[pb].article.name)
            links.append(
                Link(
                    "attribution",
                    0.9,
                    Node(pa, qa.start, qa.end),
                    Node(pb, qb.start, qb.end),
                    lambda qa=qa, qb=qb, names=names: (
                        f"{names[0]} gives {_quoted(qa.text, 50)} to {qa.speaker}; "
                        f"{names[1]} to {qb.speaker}"
                    ),
                    (qa.speaker, qb.speaker),
                )
            )
        links.extend(_member_links("attribution", members, first))
    return links


# From links to candidates ------------------------------------------------------------


class _UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def _title(kind, links, analysed):
    """The detail and its values: "Quote by Jane Doe: wording differs",
    "Date: Tuesday against Wednesday"."""
    first = links[0]
    values = first.values
    if kind == "quote":
        speaker = next((link.describe() for link in links if link.describe()), "")
        return (
            f"Quote by {speaker}: the wording differs" if speaker else "Quote: the wording differs"
        )
    if kind == "attribution" and values and values[0].startswith("on "):
        return f"Where was it posted: {values[0]} against {values[1]}"
    if kind == "attribution" and values and _DONE_BY.fullmatch(values[0]):
        return f"Who did it: {values[0]} against {values[1]}"
    if kind == "attribution" and values:
        return f"Who said it: {values[0]} against {values[1]}"
    if kind == "attribution":
        return "Source: the reports credit different sources"
    label = _LABELS.get(kind, "Detail")
    if values:
        return f"{label}: {_quoted(values[0], 40)} against {_quoted(values[1], 40)}"
    return label


# How a candidate of sentences compared is titled, by kind ("Figure: “230
# passengers” against “242”"): _figures_shown() knows the figures' by it.
_LABELS = {"number": "Figure", "date": "Date", "description": "Description"}


def _candidates_from_links(links, analysed) -> list[Candidate]:
    candidates = []
    by_kind = defaultdict(list)
    for link in links:
        by_kind[link.kind].append(link)
    for kind, kind_links in by_kind.items():
        groups = _UnionFind()
        for link in kind_links:
            groups.union(link.a, link.b)
        components = defaultdict(list)
        for link in kind_links:
            components[groups.find(link.a)].append(link)
        for component in components.values():
            component.sort(key=lambda link: -link.score)
            best_node = {}
            for link in component:
                for node in (link.a, link.b):
                    best_node.setdefault(node.article, node)
            passages = []
            for position in sorted(best_node):
                node = best_node[position]
                article = analysed[position].article
                passages.append(
                    PassageRef(
                        article.id,
                        article.source,
                        node.start,
                        node.end,
                        article.body[node.start : node.end],
                    )
                )
            if kind == "quote":
                # One rendering per report reads better than one line per pair.
                details = [
                    f"{analysed[position].article.name}: {_quoted(passages[n].text)}"
                    for n, position in enumerate(sorted(best_node))
                ][:5]
            else:
                details = []
                for link in component:
                    if link.score and len(details) < 5:
                        text = link.describe()
                        if text not in details:
                            details.append(text)
            # More reports disagreeing on one point makes it more worth a look.
            score = min(1.0, component[0].score + 0.02 * (len(passages) - 2))
            candidates.append(
                Candidate(
                    kind=kind,
                    score=score,
                    title=_title(kind, component, analysed),
                    explanation="; ".join(details[:4]) + ("; …" if len(details) > 4 else ""),
                    passages=passages,
                )
            )
    return candidates


# Facts compared one by one -----------------------------------------------------------

# Most distinct versions of one fact compared pairwise (a story of hundreds of
# reports repeating a handful of figures has few).
FACT_VERSIONS = 80
# Reports of one version whose sources are compared with its first report's.
CREDIT_CHECKS = 3


def _excerpt(body: str, start: int, end: int, sentence: Sentence, width: int = 28) -> str:
    """The fact's words with a little of their clause on each side."""
    left = max(sentence.start, start - width)
    right = min(sentence.end, end + width)
    text = body[left:right]
    if left > sentence.start:
        text = text.split(" ", 1)[-1] if " " in text[: start - left] else text
    if right < sentence.end and " " in body[end:right]:
        text = text.rsplit(" ", 1)[0]
    return " ".join(text.split())


# Two facts of one measure in reports that give several (a toll per region,
# then the total) are paired only when their sentences share this much.
FACT_CONTEXT = 0.2
# Counts of a plain noun ("60 ambulances") need at least this much.
COUNT_CONTEXT = 0.1
# How much more alike two reports' first figures of a measure count as being
# when the figures are joined into facts.
LEADS_BONUS = 0.25
# How much more alike two sentences count as being when they give another
# figure that agrees exactly ("237 deaths and 637 injured" and "237 deaths and
# 630 injuries": the injured of the same count), and the least such a figure
# must be to say so (small numbers agree by chance).
ANCHOR_BONUS = 0.5
ANCHOR_MIN = 10


def _context(analysed: Analysed, index: int) -> frozenset[str]:
    key = ("context", index)
    if key not in analysed.cache:
        analysed.cache[key] = alignment_terms(analysed, index)
    return analysed.cache[key]


def _anchors(analysed: Analysed, index: int, besides) -> frozenset:
    """The other figures of sentence ``index`` that could anchor it to a
    sentence of another report: (measure, subject, value), large enough not to
    agree by chance; ``besides`` (the figure being paired) left out."""
    if "anchors" not in analysed.cache:  # by sentence, once per report
        by_sentence = defaultdict(list)
        for i, fact in analysed.facts:
            if isinstance(fact.value, float) and fact.value >= ANCHOR_MIN:
                by_sentence[i].append(fact)
        analysed.cache["anchors"] = by_sentence
    # ``besides`` is left out with its measure: the figures depend on that alone.
    key = ("anchors", index, besides.measure)
    found = analysed.cache.get(key)
    if found is None:
        found = analysed.cache[key] = frozenset(
            (fact.measure, fact.subject, fact.value)
            for fact in analysed.cache["anchors"].get(index, ())
            if fact is not besides and fact.measure != besides.measure
        )
    return found


def a_measure_of_things(fact) -> bool:
    """Counts of a noun with no measure behind them ("60 ambulances"): the
    noun alone does not say two counts are of the same things."""
    return fact.measure == "count"


_PEOPLE_NOUN = re.compile(r"[\s\-\u2011]+[A-Z][a-z]")


def _of_a_people(analysed: Analysed, fact) -> bool:
    """Whether a count is of a people, by its noun's capital ("three
    Americans", "158 Chinese nationals"): one count in each of two reports
    of the same people is one fact, whatever their sentences say besides."""
    return bool(_PEOPLE_NOUN.match(analysed.article.body, fact.end))


def _credited_differently(A, fa, B, fb):
    """For two reports agreeing on a fact, the sentences giving it if they
    credit it to different sources ("NHK reported" against "according to
    police"): (i, j, sources of A, sources of B), else None."""
    for i, (index_a, a) in enumerate(fa):
        for j, (index_b, b) in enumerate(fb):
            if fact_finder.compare(a, b) is not None:
                continue
            sources_a, sources_b = _cached(A, "sources", index_a), _cached(B, "sources", index_b)
            if sources_a and sources_b and not _same_source(sources_a, sources_b):
                return i, j, sources_a, sources_b
            # People credited with it: "Prime Minister Lea Holm said" against
            # "President Ivo Marr wrote".
            people_a, people_b = _statement_speakers(A, index_a), _statement_speakers(B, index_b)
            if people_a and people_b and not _same_speakers(people_a, people_b):
                return i, j, set(people_a.values()), set(people_b.values())
    return None


def _credit_candidates(analysed, by_report, measure, subject, credited) -> list[Candidate]:
    candidates = []
    for pa, pb, i, j, sources_a, sources_b in credited:
        passages = []
        for position, n in ((pa, i), (pb, j)):
            A = analysed[position]
            index, _ = by_report[position][n]
            sentence = A.sentences[index]
            passages.append(
                PassageRef(
                    A.article.id, A.article.source, sentence.start, sentence.end, sentence.text
                )
            )
        a, b = ", ".join(sorted(sources_a)), ", ".join(sorted(sources_b))
        name = fact_finder.title(measure, subject).lower()
        candidates.append(
            Candidate(
                kind="attribution",
                score=0.68,
                title=f"Who said it: {a} against {b}",
                explanation=f"The reports agree on the {name} but credit it to different "
                f"sources: {analysed[pa].article.name} to {a}, {analysed[pb].article.name} to {b}.",
                passages=passages,
            )
        )
    return candidates


def _is_total_of_parts(analysed: Analysed, index: int, fact) -> bool:
    """Whether sentence ``index`` gives ``fact``'s figure as a sum of parts
    ("175 passengers and six crew" against "181 passengers"): the same people,
    named loosely."""
    key = ("totals", index)
    if key not in analysed.cache:
        analysed.cache[key] = {
            (f.measure, f.value) for i, f in analysed.facts if i == index and " and " in f.subject
        }
    return (fact.measure, fact.value) in analysed.cache[key] and " and " not in fact.subject


# A figure whose bounds span this factor or more ("thousands": 2,000 to
# 9,999) agrees with too much to say which figure of the other report it is.
VAGUE_SPAN = 2.0


def _vague(fact) -> bool:
    return (
        fact.low is not None
        and isinstance(fact.low, float | int)
        and fact.low > 0
        and fact.high >= VAGUE_SPAN * fact.low
    )


def _fact_pairs(A, fa, B, fb):
    """Which figures of two reports may give the same fact: (i, j, weight,
    likeness), weight None where they agree and a conflict weight where they
    do not, likeness how alike their sentences are.

    Figures that agree are one fact. A figure that agrees with a figure of the
    other report is not in conflict with its others (a report may give an
    early and an updated toll). When a report gives several figures for the
    measure, two figures that disagree are one fact only when their sentences
    are alike, each is the other's closest, or both lead their reports (the
    figure a report leads with is its main one)."""
    weights = {
        (i, j): None
        if _is_total_of_parts(A, ia, b) or _is_total_of_parts(B, ib, a)
        else fact_finder.compare(a, b)
        for i, (ia, a) in enumerate(fa)
        for j, (ib, b) in enumerate(fb)
    }
    alike = {}
    # Looked up once per figure, not once per pair of figures.
    contexts_a = [_context(A, index) for index, _ in fa]
    contexts_b = [_context(B, index) for index, _ in fb]
    anchors_a = [_anchors(A, index, fact) for index, fact in fa]
    anchors_b = [_anchors(B, index, fact) for index, fact in fb]

    def likeness(i, j):
        found = alike.get((i, j))
        if found is None:
            ca, cb = contexts_a[i], contexts_b[j]
            shared = len(ca & cb)
            found = shared / ((len(ca) + len(cb) - shared) or 1)  # shared over all
            if anchors_a[i] & anchors_b[j]:
                found += ANCHOR_BONUS
            alike[(i, j)] = found
        return found

    pairs = []
    for (i, j), w in weights.items():
        things = a_measure_of_things(fa[i][1]) or a_measure_of_things(fb[j][1])
        if w is None and (_vague(fa[i][1]) or _vague(fb[j][1])):
            continue  # "thousands" holds 5,500 and 5,100: it says nothing of which
        if w is None and (not things or likeness(i, j) >= COUNT_CONTEXT):
            pairs.append((i, j, None, likeness(i, j)))
    agree_a = {i for i, *_ in pairs}
    agree_b = {j for _, j, *_ in pairs}
    several = len(fa) > 1 or len(fb) > 1
    free_a = [n for n in range(len(fa)) if n not in agree_a]
    free_b = [n for n in range(len(fb)) if n not in agree_b]
    closest_b, closest_a = {}, {}
    for (i, j), w in weights.items():
        if not w or i in agree_a or j in agree_b:
            continue
        if (
            (a_measure_of_things(fa[i][1]) or a_measure_of_things(fb[j][1]))
            and likeness(i, j) < COUNT_CONTEXT
            and (several or not (_of_a_people(A, fa[i][1]) and _of_a_people(B, fb[j][1])))
        ):
            continue  # "three countries", "two countries": only the sentence says which
        if several:
            # Closest among the figures still free: one that agrees with a
            # figure of the other report is that figure's ("at least 24 on the
            # ground" against "33 on the ground", not the toll of 274).
            if i not in closest_b:
                closest_b[i] = max(free_b, key=lambda n, i=i: likeness(i, n))
            if j not in closest_a:
                closest_a[j] = max(free_a, key=lambda n, j=j: likeness(n, j))
            leads = i == 0 and j == 0
            mutual = closest_b[i] == j and closest_a[j] == i
            if likeness(i, j) < FACT_CONTEXT and not mutual and not leads:
                continue
        # The figures each report leads with are its main ones.
        pairs.append((i, j, w, likeness(i, j) + (LEADS_BONUS if i == j == 0 else 0.0)))
    return pairs


def _fact_candidates(analysed) -> list[Candidate]:
    """One candidate per fact on which reports disagree.

    Figures of one measure and subject are paired across reports
    (:func:`_fact_pairs`) and the pairs joined into facts, strongest first
    (figures that agree, then by how alike their sentences are), never two
    figures of one report in one fact: a story giving a toll per region and a
    total has one fact for each, and each fact on which reports disagree is a
    candidate of its own. Reports giving the same figures are compared once,
    as one version.
    """
    groups = defaultdict(lambda: defaultdict(list))
    for position, A in enumerate(analysed):
        for index, fact in A.facts:
            groups[(fact.measure, fact.subject)][position].append((index, fact))
    _counts_of_measured_people(groups)
    candidates = []
    for (measure, subject), by_report in groups.items():
        if len(by_report) < 2:
            continue
        versions = defaultdict(list)
        for position, facts in by_report.items():
            signature = tuple((f.value, f.hedge, f.low, f.high) for _, f in facts)
            versions[signature].append(position)
        keys = list(versions)[:FACT_VERSIONS]
        facts_of = _UnionFind()
        reports_of = {}  # a fact's root -> the reports giving it
        edges = []  # (order, weight, node a, node b)
        credited = []
        for x, ka in enumerate(keys):
            for kb in keys[x + 1 :]:
                pa, pb = versions[ka][0], versions[kb][0]
                pairs = _fact_pairs(analysed[pa], by_report[pa], analysed[pb], by_report[pb])
                for i, j, w, alike in pairs:
                    edges.append(((w is not None, -alike), w, (pa, i), (pb, j)))
                if not any(w for _, _, w, _ in pairs):
                    credit = _credited_differently(
                        analysed[pa], by_report[pa], analysed[pb], by_report[pb]
                    )
                    if credit is not None:
                        credited.append((pa, pb, *credit))
        # Reports of one version give the same figures: the same facts, which
        # they may still credit to different sources (a few are asked).
        for key in keys:
            first = versions[key][0]
            for position in versions[key][1:]:
                for n in range(len(by_report[position])):
                    edges.append(((False, -1.0), None, (first, n), (position, n)))
            for position in versions[key][1 : 1 + CREDIT_CHECKS]:
                credit = _credited_differently(
                    analysed[first], by_report[first], analysed[position], by_report[position]
                )
                if credit is not None:
                    credited.append((first, position, *credit))
        conflicts = []  # (weight, node a, node b) within one fact
        edges.sort(key=lambda e: e[0])
        for _, w, a, b in edges:
            ra, rb = facts_of.find(a), facts_of.find(b)
            if ra != rb:
                in_a = reports_of.get(ra, {a[0]})
                in_b = reports_of.get(rb, {b[0]})
                if in_a & in_b:
                    continue  # two figures of one report are two facts
                facts_of.union(ra, rb)
                reports_of[facts_of.find(a)] = in_a | in_b
            if w:
                conflicts.append((w, a, b))
        candidates.extend(_credit_candidates(analysed, by_report, measure, subject, credited[:1]))
        by_fact = defaultdict(list)
        for conflict in conflicts:
            by_fact[facts_of.find(conflict[1])].append(conflict)
        version_of = {versions[key][0]: versions[key] for key in keys}
        for found in by_fact.values():
            candidate = _fact_candidate(analysed, by_report, version_of, measure, subject, found)
            if candidate is not None:
                candidates.append(candidate)
    return candidates


def _counts_of_measured_people(groups) -> None:
    """A count of people no measure was read for ("153 Chinese nationals" in
    a list of those aboard) is also a fact of the measure other reports give
    for the same people ("158 Chinese nationals were on board"), in a report
    that gives none of its own: its sentence did not say what it counts, the
    others do."""
    by_subject = defaultdict(list)
    for measure, subject in groups:
        if measure in fact_finder.MEASURES and fact_finder.MEASURES[measure].people and subject:
            by_subject[subject].append(measure)
    for (measure, subject), by_report in list(groups.items()):
        if measure != "count" or subject not in by_subject:
            continue
        for other in by_subject[subject]:
            group = groups[(other, subject)]
            for position, facts in by_report.items():
                # "Three Indians among the injured" are none of the dead.
                facts = [(i, f) for i, f in facts if f.detail in ("", other)]
                if position not in group and facts:
                    group[position] = facts


REPEATED_FIGURES = 2  # further sentences of a report shown with a figure it repeats


def _fact_candidate(
    analysed, by_report, version_of, measure, subject, conflicts
) -> Candidate | None:
    """The candidate for one fact: each report in conflict on it (with every
    report giving the same figures), with the figure of its strongest
    conflict (the earliest, on a tie)."""
    involved = {}  # report position -> (weight, index of the fact that conflicts)
    weight = 0.0
    for w, *nodes in sorted(conflicts, key=lambda c: (-c[0], c[1][1] + c[2][1])):
        weight = max(weight, w)
        for representative, n in nodes:
            for position in version_of[representative]:
                involved.setdefault(position, (w, n))
    passages, shown, details, shown_values = [], [], [], set()
    for position in sorted(involved):
        A = analysed[position]
        index, fact = by_report[position][involved[position][1]]
        sentence = A.sentences[index]
        passages.append(
            PassageRef(A.article.id, A.article.source, sentence.start, sentence.end, sentence.text)
        )
        # The report's other sentences giving the same figure are the same
        # claim: an editor correcting it corrects them too.
        repeats = sorted(
            {
                i
                for i, f in by_report[position]
                if i != index and (f.value, f.hedge) == (fact.value, fact.hedge)
            }
        )
        for i in repeats[:REPEATED_FIGURES]:
            s = A.sentences[i]
            passages.append(PassageRef(A.article.id, A.article.source, s.start, s.end, s.text))
        value = fact.shown()
        if (fact.value, fact.hedge) not in shown_values:
            shown_values.add((fact.value, fact.hedge))
            shown.append(value)
        if len(details) < 4:
            excerpt = _excerpt(A.article.body, fact.start, fact.end, sentence)
            details.append(f"{A.article.name}: {_quoted(excerpt)}")
    if len(shown) < 2:
        return None  # the same figure, differently hedged in ways that agree
    name = fact_finder.title(measure, subject)
    why = (
        "different exact figures"
        if weight >= 1.0
        else "figures that cannot both be right"
        if weight >= 0.8
        else "hedged figures that differ (a closer look: both may be estimates)"
    )
    return Candidate(
        kind="date" if measure in ("date", "time") else "number",
        score=min(1.0, 0.7 + 0.25 * weight + 0.02 * (len(passages) - 2)),
        title=f"{name}: {' against '.join(shown[:3])}",
        explanation=f"The reports give {why} for the same fact ({name.lower()}). "
        + "; ".join(details),
        passages=passages,
    )


_FIGURE = re.compile(r"\d[\d,.]*\d|\d")


def _figures_shown(candidates) -> list[Candidate]:
    """Without the figures compared sentence by sentence (no measure read)
    that a better candidate of figures already shows: its sentences are
    already shown, or one of them is and the better one gives both figures.
    One candidate per detail ("On board: 230 against 242", not then "Figure:
    “230 passengers” against “242”")."""
    sentence_figures = f"{_LABELS['number']}: “"
    kept, shown, every_sentence = [], [], set()
    for candidate in candidates:
        if candidate.kind != "number":
            kept.append(candidate)
            continue
        sentences = {(p.article, p.start) for p in candidate.passages}
        figures = set(_FIGURE.findall(candidate.title))
        if candidate.title.startswith(sentence_figures) and (
            sentences <= every_sentence or any(sentences & s and figures <= f for s, f in shown)
        ):
            continue
        shown.append((sentences, figures))
        every_sentence |= sentences
        kept.append(candidate)
    return kept


# Differences of description listed for a story: word-level differences of
# aligned sentences are mostly paraphrase (on the dev half about a quarter of
# them were real), so they fill the ranking below the conflicts of fact, up to
# CONFLICTS_WANTED conflict candidates in all, at least DESCRIPTIONS_MIN and
# at most DESCRIPTIONS_MAX of them, and only from DESCRIPTION_MIN_SCORE. On the
# dev half (68 stories) a second description in stories already holding seven
# conflicts of fact found nothing the first had not, and a third of them
# flagged an annotated agreement: one is the floor.
CONFLICTS_WANTED = 7
DESCRIPTIONS_MIN = 1
DESCRIPTIONS_MAX = 3
DESCRIPTION_MIN_SCORE = 0.4
# Which of them: the best DESCRIPTION_POOL by score, reordered by how closely
# their sentences tell the same thing (articles.analysis.meaning): a different
# word in sentences of one meaning is a difference about one fact, a different
# word in sentences that only share a topic is mostly another fact told. Up to
# MEANING_CAP only: closer than that, sentences are paraphrases as often as
# not (most annotated agreements flagged were those), and closeness says no
# more. On the dev half (80 stories) the cap at 0.55 with weight 0.2 put two
# more discrepancies in the top 15 and one more among the top conflicts than
# the uncapped weight of 0.4 (the earlier rule, measured on 55 stories);
# caps of 0.5 to 0.7 and weights of 0.2 to 0.4 did as well or one worse, a
# weight of 0.8 four worse. No cap with weight 0.2 to 1.5, and pools of 10 to
# 50, did no better (nor a sentence model: meaning.py).
DESCRIPTION_POOL = 24
MEANING_WEIGHT = 0.2
MEANING_CAP = 0.55


def _told_alike(candidate) -> float:
    """How closely the candidate's passages of different reports mean the same,
    the mean over its pairs of reports."""
    passages = candidate.passages
    pairs = [
        (a.text, b.text)
        for n, a in enumerate(passages)
        for b in passages[n + 1 :]
        if a.article != b.article
    ]
    if not pairs:
        return 0.0
    return sum(meaning.similarities(pairs)) / len(pairs)


def _by_meaning(descriptions) -> list[Candidate]:
    pool = descriptions[:DESCRIPTION_POOL]
    weighed = [
        (c.score + MEANING_WEIGHT * min(MEANING_CAP, _told_alike(c)), n) for n, c in enumerate(pool)
    ]
    return [pool[n] for _, n in sorted(weighed, key=lambda w: (-w[0], w[1]))]


def _few_descriptions(candidates) -> list[Candidate]:
    """The conflicts of fact in their order, and a few differences of
    description in the places the best of them held (so no other candidate
    moves), chosen by :func:`_by_meaning`."""
    others = sum(1 for c in candidates if c.kind not in ("description", "single_source"))
    budget = min(DESCRIPTIONS_MAX, max(DESCRIPTIONS_MIN, CONFLICTS_WANTED - others))
    eligible = [
        c for c in candidates if c.kind == "description" and c.score >= DESCRIPTION_MIN_SCORE
    ]
    chosen = iter(_by_meaning(eligible)[:budget])
    kept, slots = [], min(budget, len(eligible))
    for candidate in candidates:
        if candidate.kind == "description":
            if candidate.score < DESCRIPTION_MIN_SCORE or slots == 0:
                continue
            slots -= 1
            candidate = next(chosen)
        kept.append(candidate)
    return kept


def _distinct(candidates) -> list[Candidate]:
    """One candidate per detail: over passages a better candidate already
    covers, one of the same kind, or a difference of description (most often
    the same difference seen word by word), adds nothing. A different kind of
    conflict in the same sentences (who is cited for a figure) is kept."""
    seen, kept = {}, []
    for candidate in candidates:
        key = frozenset((p.article, p.start, p.end) for p in candidate.passages)
        kinds = seen.setdefault(key, set())
        if kinds and (candidate.kind in kinds or candidate.kind == "description"):
            continue
        kinds.add(candidate.kind)
        kept.append(candidate)
    return kept


# Single-source details --------------------------------------------------------------

# Runs of capitalised words: "United States", "Pearl", "APEC".
_PROPER = re.compile(r"(?<![\w.@#/])[A-Z][\w\-\u2011]*[a-zA-Z](?:\s+[A-Z][\w\-\u2011]*[a-zA-Z])*")
# A statement ends like a sentence; a section label or a credit line does not.
_STATEMENT_END = re.compile(r"[.!?][\"”’')\]]*$")
# Credits and asides in brackets (“(Pool photo)”, “(L)”) are not facts to verify.
_BRACKETED = re.compile(r"\([^()]*\)")
# Handles, links and codes mix letters and digits or carry markers.
_CODE = re.compile(r"[@#/]|\d")


_ACRONYM = re.compile(r"[A-Z][A-Z&]{1,6}s?")
_INITIAL_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "du", "la", "on", "in"})
# A quotation is given by another report too when this share of its terms is there.
QUOTE_ECHO = 0.6
# Most single-source details listed for one report.
SINGLE_SOURCE_PER_REPORT = 3


def _initials(words) -> str:
    return "".join(w[0] for w in words if w.lower() not in _INITIAL_SKIP).upper()


def _specifics(analysed: Analysed, index: int):
    """Specific items in one sentence: people, quantities, proper nouns."""
    sentence = analysed.sentences[index]
    text = _BRACKETED.sub(lambda m: " " * len(m.group()), sentence.text)
    items = {}
    taken = []
    for start, end, person in analysed.people_by_sentence.get(index, []):
        start, end = start - sentence.start, end - sentence.start
        taken.append((start, end))
        if text[start:end].strip():
            items[("person", person.key)] = sentence.text[start:end]
    for quote in analysed.quotes_by_sentence.get(index, []):
        if len(quote.text.split()) >= 6 and quote.speaker_key:
            items[("quote", fold(quote.text))] = quote.text
    facts = [f for i, f in analysed.facts if i == index]
    for number in analysed.numbers_by_sentence.get(index, []):
        if number.unit and text[number.start - sentence.start].strip():
            phrase = _number_phrase(analysed.article.body, number)
            if number.value == 1:
                continue  # "one family": not a figure to verify
            fact = next((f for f in facts if f.start < number.end and number.start < f.end), None)
            if fact is not None:
                # Another report giving this fact, in any words or units,
                # agrees or is already a conflict: not a single-source detail.
                items[("fact", f"{fact.measure}|{fact.subject}")] = phrase
            else:
                items[("number", f"{number.value:g} {number.unit}")] = phrase
    for match in _PROPER.finditer(text):
        start, end = match.span()
        words = match.group().split()
        while words and fold(words[0]) in STOPWORDS:
            start += text[start:].index(words[0]) + len(words[0])
            words = words[1:]
        if not words or (match.start() == 0 and len(words) == 1):
            continue  # a sentence-initial capital says nothing
        if len(words) == 1 and len(words[0]) <= 4 and text[end : end + 1] == ".":
            continue  # an abbreviation such as "Mr." or "Gov."
        if any(start < e and s < end for s, e in taken) or _CODE.search(match.group()):
            continue
        folded = [fold(w) for w in words]
        if all(w in STOPWORDS or w in date_finder.CALENDAR_WORDS for w in folded):
            continue
        if len(words) == 1 and not _ACRONYM.fullmatch(words[0]):
            continue  # one capitalised word (a place, a demonym) is rarely worth checking
        if any(number_finder.is_number_word(w) for w in folded):
            continue  # "Two", "Thirty-nine": a number at the start of a sentence
        key = " ".join(stem(spelling_key(w)) for w in folded)
        items.setdefault(("words", key), " ".join(words))
    return items


def _single_source(analysed, aligned_sentences, flagged=frozenset()) -> list[Candidate]:
    """Specific details of a report that no other report gives in any words.
    A sentence that holds a passage of a conflict (``flagged``) is not listed
    again: the conflict says more."""
    if len(analysed) < 2:
        return []
    per_sentence = {}
    seen_in = defaultdict(set)
    flagged_by_article = defaultdict(list)
    for article, start, end in flagged:
        flagged_by_article[article].append((article, start, end))
    for position, A in enumerate(analysed):
        own_name = fold(A.article.name)
        for index, sentence in enumerate(A.sentences):
            if len(sentence.text.split()) < 5 or not _STATEMENT_END.search(sentence.text):
                continue  # labels and credits, not statements
            items = _specifics(A, index)
            # The outlet naming itself ("TNI Bureau") is no detail.
            items = {k: v for k, v in items.items() if fold(v) not in own_name}
            for key in items:
                seen_in[key].add(position)
            if any(
                article == A.article.id and start < sentence.end and sentence.start < end
                for article, start, end in flagged_by_article.get(A.article.id, ())
            ):
                continue
            per_sentence[(position, index)] = items

    # What each report names, to recognise a detail given in other words: a
    # name spelt another way, an acronym for its expansion, a British spelling.
    variant_terms = [{stem(spelling_key(t)) for t in A.folded_terms} for A in analysed]
    people_keys = [{p.key for _, _, p in A.people} for A in analysed]
    acronyms, expansions = [], []
    for A in analysed:
        runs = [m.group().split() for m in _PROPER.finditer(A.article.body)]
        acronyms.append({w.rstrip("s") for run in runs for w in run if _ACRONYM.fullmatch(w)})
        expansions.append({_initials(run) for run in runs if len(run) >= 2})

    def corroborated(key, position, text):
        if len(seen_in[key]) > 1:
            return True
        kind, value = key
        others = [p for p in range(len(analysed)) if p != position]
        if kind == "person":
            return any(
                value in analysed[p].name_text
                or any(fuzz.ratio(value, k) >= 85 for k in people_keys[p])
                for p in others
            )
        if kind == "quote":
            # Rendered in other words by another report: most of its terms there.
            quoted = {stem(spelling_key(t)) for t in terms(value)}
            return not quoted or any(
                len(quoted & variant_terms[p]) >= QUOTE_ECHO * len(quoted) for p in others
            )
        if kind == "words":
            if any(all(w in variant_terms[p] for w in value.split()) for p in others):
                return True
            words = text.split()
            if len(words) == 1 and _ACRONYM.fullmatch(words[0]):
                return any(words[0].rstrip("s") in expansions[p] for p in others)
            return any(_initials(words) in acronyms[p] for p in others)
        return False

    candidates = []
    reported = defaultdict(list)  # per report, the details already listed
    for (position, index), items in per_sentence.items():
        alone = []
        for key, text in items.items():
            if corroborated(key, position, text):
                continue
            # Once per report, and not again as part of a longer detail.
            if any(fold(text) in fold(earlier) for earlier in reported[position]):
                continue
            alone.append(text)
        # Not a detail inside a longer one of the same sentence either.
        alone = [t for t in alone if not any(t != o and fold(t) in fold(o) for o in alone)]
        reported[position].extend(alone)
        if not alone:
            continue
        A = analysed[position]
        sentence = A.sentences[index]
        on_topic = (position, index) in aligned_sentences
        # Below every conflict and difference of description.
        score = 0.1 + 0.05 * min(len(alone), 4) + (0.1 if on_topic else 0.0)
        shown = ", ".join(_quoted(text, 40) for text in list(dict.fromkeys(alone))[:5])
        candidates.append(
            Candidate(
                kind="single_source",
                score=score,
                title=f"Only {A.article.name} reports {shown}",
                explanation=f"No other report of the story gives {shown}, in these or other "
                "words: a detail to verify before it is repeated.",
                passages=[
                    PassageRef(
                        A.article.id, A.article.source, sentence.start, sentence.end, sentence.text
                    )
                ],
            )
        )
    # A few per report, the best: an editor reads a list, not a report again.
    candidates.sort(key=lambda c: -c.score)
    kept, per_report = [], defaultdict(int)
    for candidate in candidates:
        article = candidate.passages[0].article
        if per_report[article] < SINGLE_SOURCE_PER_REPORT:
            per_report[article] += 1
            kept.append(candidate)
    return kept


# The engine ------------------------------------------------------------------------


@contextlib.contextmanager
def _cyclic_collection_paused():
    """The engine makes millions of small objects (terms, spans, pairs of
    sentences) that live until it returns, and no cycles to collect: the
    cyclic collector walked them again and again, about a seventh of the time
    on a large story. Reference counting still frees what goes out of use."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def detect(articles: list[ArticleInput], *, naive: bool = False) -> list[Candidate]:
    """Candidate discrepancies for the reports of one story, best first.

    ``naive`` compares every sentence with every other instead of using the
    blocking index: the same results on small stories, for benchmarks.
    """
    with _cyclic_collection_paused():
        return _detect(articles, naive)


def _detect(articles: list[ArticleInput], naive: bool) -> list[Candidate]:
    analysed = [analyse(article) for article in articles]
    units = [
        Unit(position, sentence.index, _context(A, sentence.index))
        for position, A in enumerate(analysed)
        for sentence in A.sentences
    ]
    corpus = Corpus(units, len(analysed))
    alignments = (align_naive if naive else align)(corpus)
    links = []
    for alignment in alignments:
        links.extend(_compare_sentences(analysed, corpus, alignment))
    links.extend(_compare_quotes(analysed))
    links.extend(_compare_platforms(analysed, corpus, units, alignments))
    links.extend(_compare_directions(analysed, corpus, units))
    links.extend(_compare_doers(analysed, corpus, units))
    candidates = _candidates_from_links(links, analysed) + _fact_candidates(analysed)
    aligned_sentences = {(a.a.article, a.a.sentence) for a in alignments} | {
        (a.b.article, a.b.sentence) for a in alignments
    }
    flagged = {(p.article, p.start, p.end) for c in candidates for p in c.passages if c.score > 0}
    candidates.extend(_single_source(analysed, aligned_sentences, flagged))
    candidates.sort(
        key=lambda c: (
            -c.score,
            KINDS_BY_WEIGHT.index(c.kind),
            c.passages[0].article,
            c.passages[0].start,
        )
    )
    return _few_descriptions(_distinct(_figures_shown(candidates)))
