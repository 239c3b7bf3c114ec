"""
Direct quotations, who said them, with which verb and on which platform.
Plain Python.

Quotations are paired per paragraph: curly double quotes, straight double
quotes (opening where a word starts, closing elsewhere) and, in a paragraph
without double quotes, single curly quotes (British style). Nested single
quotes inside double ones are left alone; a quotation running over several
sentences is one :class:`Quote`; one left open at the end of a paragraph
runs to the paragraph's end.

Attribution, first match wins:

1. after the quotation: ``“...,” Lee wrote on X.``, ``“...,” said the
   president.``, ``“...,” he added.``, ``“...,” according to Kim.``;
2. before it, in the same sentence: the last speech verb and its subject
   (``Lee wrote: “...”``, ``she said that “...”``, ``..., saying that
   “...”``) or a colon after a name (``Kim disagreed: “...”``);
3. continuation: the speaker of the previous quotation in the paragraph, or
   the attribution of a previous sentence of the paragraph, or of the last
   sentence of the previous paragraph when it ends in a colon or in an
   unclosed quotation.

Speakers are resolved through :class:`~articles.analysis.detection.people.PeopleIndex`
(``speaker`` is the name at its fullest mention, ``speaker_key`` its
:func:`~articles.analysis.text.name_key`). ``verb`` is the speech verb as written,
lowercased ("wrote", "saying", "according to"); ``platform`` is the
capitalised word after "on"/"via" following that verb ("X", "Instagram"), or
"social media", or the platform of an opening "On X, ..."; never a weekday or
a month.

Titles of works (“Dynamite”, “The Long Road”) are not speech: a short
quotation in Title Case next to a work noun ("song", "film", "hit"...), a
possessive ("BTS's “Dynamite”"), "by"/"from", or another such title in a
list. They come back with ``speaker``, ``speaker_key`` and ``verb`` all
``None``; :func:`is_title_quote` tells them apart.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from articles.analysis.detection.people import (
    CALENDAR_WORDS,
    SUBJECT_PRONOUNS,
    PeopleIndex,
    Reference,
)
from articles.analysis.detection.sentences import SPEECH_VERBS, paragraph_spans, split_sentences
from articles.analysis.detection.types import Quote, Sentence
from articles.analysis.text import fold

_OPENING_DOUBLE = "\u201c"
_OPENING_SINGLE = "\u2018"
_DOUBLE_MARKS = re.compile(r"[\"\u201c\u201d]")
_SINGLE_MARKS = re.compile(r"[\u2018\u2019]")
# Characters after which a straight quote mark opens a quotation.
_BEFORE_OPENING = frozenset(" \n([{\u2014\u2013-/\u2018'")

_VERBS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
# A speech verb at a position, maybe after the comma closing an apposition,
# auxiliaries and adverbs: " wrote", " later admitted", ", said".
_VERB_AT = re.compile(
    rf",?\s*(?:(?:has|have|had|also|later|then|once|again|would|will|\w+ly)\s+)*(?P<verb>{_VERBS})\b"
)
# A speech verb or "according to" anywhere (searched within a span); not the
# end of a compound ("so-called").
_VERB_ANYWHERE = re.compile(rf"\b(?<![-\u2011])(?P<verb>{_VERBS}|[Aa]ccording\s+to)\b")
# A role written in lower case before a name: "resident", "local farmer",
# "the retired teacher" (not a speech verb, which would be the attribution).
_ROLE_BEFORE_NAME = re.compile(
    rf"(?:(?:the|a|an)\s+)?(?:(?!(?:{_VERBS})\b)[a-z][\w'\u2019-]*\s+){{1,3}}(?=[A-Z])"
)
# Punctuation outside the closing mark, then a dash, before an attribution.
_AFTER_CLOSE = re.compile(r"[,.;:!?]?\s*(?:[\u2014\u2013-]+\s*)?")
# "“...,” according to Kim."
_ACCORDING_TO = re.compile(r"according\s+to\s+")
# An apposition between a name and its verb: "Kim, a spokesperson, said".
_APPOSITION = re.compile(r",\s+[^,\u201c\u201d\"]{1,80},")
# What may separate a subject from its verb: an apposition (or the comma that
# closes one: "The prime minister, Keir Starmer, said"), auxiliaries, adverbs.
_SUBJECT_VERB_GAP = re.compile(
    r"\s*(?:,[^,\u201c\u201d\"]{1,80})?,?\s*(?:(?:has|have|had|also|later|then|once|again|would|will|\w+ly)\s+)*"
)
# "... than Yoon and has described ...": a verb coordinated with an earlier one.
_COORDINATED = re.compile(r"\b(?:and|but)\s+(?:(?:has|have|had|also|later|then|\w+ly)\s+)*$")
# Adverbs that may stand between a comma and a participle: ", later admitting".
_TRAILING_ADVERBS = re.compile(r"(?:\s+(?:later|also|then|again|once|\w+ly))*\s*$")
# Punctuation that closes the main clause before a participle: "he wrote, joking".
_CLAUSE_BREAK = frozenset(',;:\u2014\u2013\u201d"(')

# What a post on a platform is called: "in a post on X", "posted a video on Instagram".
_MEDIA = (
    r"(?:post|message|video|clip|photo|picture|image|statement|note|reel|story|update|tweet"
    r"|thread|livestream|broadcast|interview)s?"
)
# A platform is "social media" or one capitalised word ("X", "Instagram", "Weibo").
_PLATFORM = r"(?P<platform>social\s+media|[A-Z]\w*)"
# A platform after a communication verb: "wrote on X", "posted a video on
# Instagram", "said in a post on social media", "posted on the official
# Instagram account of ...".
_PLATFORM_AFTER_VERB = re.compile(
    rf"(?:\s+(?:(?:in|with|via)\s+)?(?:a|an|the|his|her|their|its)\s+(?:[\w-]+\s+){{0,2}}?{_MEDIA})?"
    rf"\s+(?:on|via)\s+(?:(?:the|his|her|their|its)\s+)?(?:official\s+)?{_PLATFORM}"
)
# A platform that opens the sentence: "On X, she wrote ...", "In a post on Instagram, ...".
_PLATFORM_LEAD = re.compile(
    rf"(?:(?:In|Writing|Posting|Speaking)\s+(?:(?:a|an)\s+\w+\s+)?)?[Oo]n\s+"
    rf"(?:(?:the|his|her|their)\s+)?(?:official\s+)?{_PLATFORM}(?:\s+account)?\s*,"
)

# Nouns for works whose titles are quoted.
_WORK_NOUNS = (
    r"(?:song|single|track|album|record|film|movie|series|show|book|novel|play|musical|hit"
    r"|anthem|documentary|episode|poem|painting|opera|game|ballad|tune|soundtrack)s?"
)
# Right before a title: a work noun, "titled"/"called", or a possessive ("BTS's").
_WORK_BEFORE = re.compile(
    rf"(?:\b(?:{_WORK_NOUNS}|titled|entitled|called|named|dubbed)[\s,:]*|['\u2019]s\s*)$",
    re.IGNORECASE,
)
# Right after a title: "by K-pop Demon Hunters", "from the film", ", the theme song".
_WORK_AFTER = re.compile(
    rf"[,.]?\s*(?:(?:by|from)\s|(?:the|a|an|his|her|their)\s+(?:[\w\u2011'\u2019-]+\s+){{0,3}}?{_WORK_NOUNS}\b)",
    re.IGNORECASE,
)
# Another quoted title just after or before, in a list: “Dynamite” and “Golden”.
_LIST_AFTER = re.compile(
    r"[,.]?\s*(?:,|and|or|&)\s*[\u201c\"](?P<other>[^\u201d\"]{1,60})[\u201d\"]"
)
_LIST_BEFORE = re.compile(
    r"[\u201c\"](?P<other>[^\u201c\u201d\"]{1,60})[\u201d\"]\s*,?\s*(?:,|and|or|&)\s*$"
)
# Words a title may leave lowercase.
_MINOR_WORDS = frozenset("a an the of and or in on at to for with by from nor but as".split())
# Titles are short.
TITLE_MAX_WORDS = 6


@dataclasses.dataclass(frozen=True)
class _Span:
    """A quotation in the body: its marks and the quoted words."""

    open: int  # index of the opening mark
    close: int | None  # index of the closing mark; None when it runs to the paragraph's end
    start: int
    end: int
    paragraph: int


@dataclasses.dataclass(frozen=True)
class _Attribution:
    reference: Reference  # who speaks; its person is None when unresolved
    verb: str | None
    platform: str | None = None


def find_quotes(
    body: str, sentences: list[Sentence] | None = None, people: PeopleIndex | None = None
) -> list[Quote]:
    """Direct quotations in ``body``, in text order, each with its speaker,
    verb and platform when the text states them (see the module docstring).

    Pass the article's ``people`` index when the caller has built one already.
    """
    sentences = split_sentences(body) if sentences is None else sentences
    finder = _Finder(body, sentences, people)
    return finder.quotes()


def is_title_quote(quote: Quote, body: str) -> bool:
    """Whether ``quote`` is the title of a work (a song, a film, a book)
    rather than speech: short, in Title Case, and next to a work noun, a
    possessive, "by"/"from" or another quoted title."""
    if not _title_like(quote.text):
        return False
    opening = quote.start - 1
    while opening > 0 and body[opening].isspace():
        opening -= 1
    closing = quote.end
    while closing < len(body) and body[closing].isspace():
        closing += 1
    before_start = max(0, opening - 60)
    if _WORK_BEFORE.search(body, before_start, opening) or _WORK_AFTER.match(body, closing + 1):
        return True
    neighbours = (
        _LIST_AFTER.match(body, closing + 1),
        _LIST_BEFORE.search(body, before_start, opening),
    )
    return any(n is not None and _title_like(n.group("other")) for n in neighbours)


def _title_like(text: str) -> bool:
    words = text.strip().rstrip(",.!?").split()
    if not 1 <= len(words) <= TITLE_MAX_WORDS or not words[0][:1].isupper():
        return False
    return all(w[0].isupper() or not w[0].isalpha() or w in _MINOR_WORDS for w in words[1:])


def _quote_spans(body: str) -> list[_Span]:
    """Every quotation of ``body``, paragraph by paragraph, in text order."""
    spans = []
    for paragraph, (start, end) in enumerate(paragraph_spans(body)):
        if _DOUBLE_MARKS.search(body, start, end):
            pairs = _double_pairs(body, start, end)
        else:
            pairs = _single_pairs(body, start, end)
        for open_at, close_at in pairs:
            inner_start, inner_end = open_at + 1, end if close_at is None else close_at
            while inner_start < inner_end and body[inner_start].isspace():
                inner_start += 1
            while inner_end > inner_start and body[inner_end - 1].isspace():
                inner_end -= 1
            if inner_start < inner_end:
                spans.append(_Span(open_at, close_at, inner_start, inner_end, paragraph))
    return spans


def _double_pairs(body: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """Pairs of double quote marks in a paragraph. A straight mark opens where
    a word starts and closes elsewhere; marks inside an open quotation other
    than a closing one are ignored."""
    pairs: list[tuple[int, int | None]] = []
    open_at = None
    for match in _DOUBLE_MARKS.finditer(body, start, end):
        i, mark = match.start(), match.group()
        if open_at is None:
            if mark == _OPENING_DOUBLE or (mark == '"' and _opens(body, i, start)):
                open_at = i
        elif mark != _OPENING_DOUBLE:
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs


def _single_pairs(body: str, start: int, end: int) -> list[tuple[int, int | None]]:
    """Pairs of single curly quotes (British style). A closing mark must not be
    an apostrophe: not inside a word, and not a plural possessive followed by
    a lowercase word ("the leaders’ talks")."""
    pairs: list[tuple[int, int | None]] = []
    open_at = None
    for match in _SINGLE_MARKS.finditer(body, start, end):
        i, mark = match.start(), match.group()
        if mark == _OPENING_SINGLE:
            if open_at is None and _opens(body, i, start):
                open_at = i
        elif open_at is not None and _closes_single(body, i):
            pairs.append((open_at, i))
            open_at = None
    if open_at is not None:
        pairs.append((open_at, None))
    return pairs


def _opens(body: str, i: int, paragraph_start: int) -> bool:
    return i == paragraph_start or body[i - 1] in _BEFORE_OPENING


def _closes_single(body: str, i: int) -> bool:
    following = body[i + 1 : i + 3]
    if following[:1].isalnum():
        return False
    if body[i - 1] in ",.!?\u2026":
        return True
    return not (body[i - 1] == "s" and following[:1] == " " and following[1:2].islower())


class _Finder:
    """Quotations of one article and their attribution."""

    def __init__(self, body: str, sentences: list[Sentence], people: PeopleIndex | None) -> None:
        self.body = body
        self.sentences = sentences
        self.sentence_starts = [s.start for s in sentences]
        self.index = PeopleIndex(body, sentences) if people is None else people
        self.spans = _quote_spans(body)
        self.interiors = [(s.open, s.end if s.close is None else s.close + 1) for s in self.spans]

    def quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        attributions: list[_Attribution | None] = []
        for i, span in enumerate(self.spans):
            text = self.body[span.start : span.end]
            sentence = self._sentence_of(span.start)
            quote = Quote(span.start, span.end, text, None, None, sentence_index=sentence.index)
            if is_title_quote(quote, self.body):
                attribution = None
            else:
                attribution = (
                    self._after(span)
                    or self._before(span, i)
                    or self._continued(span, i, attributions)
                )
            attributions.append(attribution)
            quotes.append(_with_attribution(quote, attribution))
        return quotes

    # Helpers -----------------------------------------------------------------

    def _sentence_of(self, position: int) -> Sentence:
        return self.sentences[max(0, bisect.bisect_right(self.sentence_starts, position) - 1)]

    def _in_quote(self, position: int) -> bool:
        i = bisect.bisect_right(self.interiors, (position, float("inf"))) - 1
        return i >= 0 and self.interiors[i][0] <= position < self.interiors[i][1]

    def _speaker_at(self, position: int) -> Reference | None:
        """A reference that can name a speaker, starting at ``position``."""
        while position < len(self.body) and self.body[position] == " ":
            position += 1
        reference = self.index.reference_at(position)
        if reference is None:
            # A lower-case role before the name: “...,” resident Jane Doe said.
            role = _ROLE_BEFORE_NAME.match(self.body, position)
            if role is None:
                return None
            reference = self.index.reference_at(role.end())
            if reference is None or reference.kind == "pronoun":
                return None
        if reference.kind == "pronoun" and reference.text.lower() not in SUBJECT_PRONOUNS:
            return None
        return reference

    def _outside(self, speaker: Reference | None, span: _Span) -> Reference | None:
        """A pronoun after a quotation (“..., Mr Lee,” she said) as the person
        named before the quotation opens: a name inside it is someone spoken
        to or of, not its speaker. Left as resolved when no one is named
        before."""
        if speaker is None or speaker.kind != "pronoun" or speaker.person is None:
            return speaker
        inside = self.index.references_between(span.start, span.end)
        if not any(r.person == speaker.person for r in inside):
            return speaker
        before = self.index.resolve(speaker.text, span.open)
        return speaker if before is None else dataclasses.replace(speaker, person=before)

    def _speakers_between(self, start: int, end: int) -> list[Reference]:
        return [
            r
            for r in self.index.references_between(start, end)
            if not self._in_quote(r.start)
            and (r.kind != "pronoun" or r.text.lower() in SUBJECT_PRONOUNS)
        ]

    def _platform(self, *positions: int, sentence: Sentence) -> str | None:
        """The platform after the first position that has one, else the one
        opening the sentence."""
        for position in positions:
            found = _PLATFORM_AFTER_VERB.match(self.body, position)
            if found and _is_platform(found.group("platform")):
                return _platform_name(found.group("platform"))
        lead = _PLATFORM_LEAD.match(self.body, sentence.start)
        if lead and _is_platform(lead.group("platform")):
            return _platform_name(lead.group("platform"))
        return None

    # Attribution -------------------------------------------------------------

    def _after(self, span: _Span) -> _Attribution | None:
        """``“...,” Lee wrote``, ``“...,” said the president``, ``“...,” according to Kim``."""
        if span.close is None:
            return None
        body = self.body
        position = _AFTER_CLOSE.match(body, span.close + 1).end()
        sentence = self._sentence_of(position)
        if sentence is not self._sentence_of(span.close) or position >= sentence.end:
            return None  # the quotation ends its sentence: what follows is new
        speaker = self._outside(self._speaker_at(position), span)
        if speaker is not None:
            apposition = _APPOSITION.match(body, speaker.end)
            verb = _VERB_AT.match(body, speaker.end) or (
                apposition and _VERB_AT.match(body, apposition.end())
            )
            if verb:
                platform = self._platform(verb.end(), sentence=sentence)
                return _Attribution(speaker, verb.group("verb"), platform)
        verb = _VERB_AT.match(body, position)
        if verb:
            speaker = self._outside(self._speaker_at(verb.end()), span)
            if speaker is not None:
                platform = self._platform(speaker.end, verb.end(), sentence=sentence)
                return _Attribution(speaker, verb.group("verb"), platform)
        according = _ACCORDING_TO.match(body, position)
        if according:
            speaker = self._speaker_at(according.end())
            if speaker is not None:
                return _Attribution(speaker, "according to")
        return None

    def _lead_start(self, span: _Span, i: int) -> int:
        """Where the text leading to a quotation starts: its sentence, or the
        end of the previous quotation in the same sentence."""
        start = self._sentence_of(span.open).start
        previous = self.spans[i - 1] if i else None
        if previous is not None and previous.close is not None and previous.close >= start:
            return previous.close + 1
        return start

    def _before(self, span: _Span, i: int) -> _Attribution | None:
        """The last speech verb before the quotation in its sentence, with its
        subject; or a name before a colon that introduces the quotation."""
        sentence = self._sentence_of(span.open)
        start = self._lead_start(span, i)
        verbs = [
            m
            for m in _VERB_ANYWHERE.finditer(self.body, start, span.open)
            if not self._in_quote(m.start())
        ]
        if verbs:
            return self._clause_attribution(verbs[-1], sentence)
        if self.body[start : span.open].rstrip().endswith(":"):
            return self._colon_attribution(sentence.start, span.open, sentence)
        return None

    def _clause_attribution(self, verb: re.Match, sentence: Sentence) -> _Attribution | None:
        """Who speaks through ``verb``: "according to X", "said X", or the
        verb's subject earlier in the sentence."""
        word = verb.group("verb")
        if fold(word).startswith("according"):
            speaker = self._speaker_at(verb.end())
            return _Attribution(speaker, "according to") if speaker else None
        speaker = self._subject_of(verb, sentence)
        if speaker is None and not word.endswith("ing"):
            speaker = self._speaker_at(verb.end())
        if speaker is None:
            return None
        platform = self._platform(verb.end(), speaker.end, sentence=sentence)
        return _Attribution(speaker, word, platform)

    def _subject_of(self, verb: re.Match, sentence: Sentence) -> Reference | None:
        body = self.body
        candidates = self._speakers_between(sentence.start, verb.start())
        if not candidates:
            return None
        last = candidates[-1]
        gap = body[last.end : verb.start()]
        if verb.group("verb").endswith("ing"):
            # A participle takes the subject of the main clause: ", saying that".
            gap = _TRAILING_ADVERBS.sub("", gap)
            if not gap:
                return last
            if gap[-1] not in _CLAUSE_BREAK:
                return None
            return next((r for r in reversed(candidates) if r.subject), last)
        if _SUBJECT_VERB_GAP.fullmatch(gap):
            return last
        if _COORDINATED.search(gap):
            return next((r for r in reversed(candidates) if r.subject), None)
        return None

    def _colon_attribution(self, start: int, end: int, sentence: Sentence) -> _Attribution | None:
        """``Kim disagreed: “...”``: the nearest subject before the colon (or
        the nearest reference when none is a subject); the verb is the word
        before the colon when it is a lowercase word."""
        candidates = self._speakers_between(start, end)
        if not candidates:
            return None
        speaker = next((r for r in reversed(candidates) if r.subject), candidates[-1])
        before_colon = self.body[speaker.end : end].rstrip().rstrip(":").split()
        last = before_colon[-1] if before_colon else ""
        verb = last if last.isalpha() and last.islower() else None
        return _Attribution(speaker, verb, self._platform(sentence=sentence))

    def _continued(
        self, span: _Span, i: int, attributions: list[_Attribution | None]
    ) -> _Attribution | None:
        """A quotation with no attribution of its own continues the speech
        attributed earlier in its paragraph (or just before the paragraph)."""
        sentence = self._sentence_of(span.open)
        if self._speakers_between(self._lead_start(span, i), span.open):
            return None
        for j in range(i - 1, -1, -1):
            previous = self.spans[j]
            if previous.paragraph != span.paragraph:
                # A quotation left open continues in the next paragraph.
                if previous.close is None and sentence.start == span.open:
                    return attributions[j]
                break
            if attributions[j] is not None:
                return attributions[j]
        for earlier in self._earlier_sentences(sentence, span):
            verbs = [
                m
                for m in _VERB_ANYWHERE.finditer(self.body, earlier.start, earlier.end)
                if not self._in_quote(m.start())
            ]
            if verbs:
                return self._clause_attribution(verbs[-1], earlier)
        return None

    def _earlier_sentences(self, sentence: Sentence, span: _Span):
        """Earlier sentences of the paragraph, nearest first; then the last
        sentence of the previous paragraph when the quotation opens this one
        and that sentence ends in a colon."""
        index = sentence.index - 1
        while index >= 0 and self.sentences[index].paragraph == sentence.paragraph:
            yield self.sentences[index]
            index -= 1
        opens_paragraph = index + 1 == sentence.index and sentence.start == span.open
        if index >= 0 and opens_paragraph and self.sentences[index].text.endswith(":"):
            yield self.sentences[index]


def _with_attribution(quote: Quote, attribution: _Attribution | None) -> Quote:
    if attribution is None:
        return quote
    person = attribution.reference.person
    return dataclasses.replace(
        quote,
        speaker=person.name if person else None,
        speaker_key=person.key if person else None,
        verb=attribution.verb,
        platform=attribution.platform,
    )


def _is_platform(word: str) -> bool:
    return fold(word) not in CALENDAR_WORDS


def _platform_name(word: str) -> str:
    return "social media" if fold(word).startswith("social") else word
