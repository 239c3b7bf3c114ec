"""
Sentence splitting with exact offsets into the article body. Plain Python.

Paragraphs (separated by a blank line) and line breaks are hard boundaries.
Inside a line, a sentence ends at ``.``, ``!``, ``?`` or an ellipsis followed
by whitespace, unless what comes before or after says otherwise: a known
abbreviation ("Mr.", "Jan.", "U.S."), an initial ("M. H. Lee"), a lowercase
continuation (``"Why?" she asked.``) or a short attribution after a quoted
question (``"Why?" Lee asked.``). Closing quotes and brackets after the full
stop stay with the sentence they close. A quotation running over several
sentences is split like any other text; the quote finder works on paragraphs.
"""

from __future__ import annotations

import re

from articles.analysis.detection.types import Sentence

# Verbs that introduce or attribute reported speech. Shared with the quote
# finder; here they keep ``"Why?" Lee asked.`` in one sentence.
SPEECH_VERBS = frozenset(
    """
    said says say saying told tells tell telling wrote writes write writing written
    added adds adding posted posting tweeted tweeting asked asks asking answered
    answering replied replies replying responded responding joked joking quipped
    quipping admitted admits admitting acknowledged acknowledges acknowledging
    conceded concedes conceding described describes describing called calling
    stated noted noting explained explains explaining emphasized emphasised
    emphasizes emphasises emphasizing emphasising stressed stresses stressing
    insisted insists insisting declared declares declaring announced announces
    announcing argued argues arguing claimed claiming warned warns warning urged
    urging recalled recalls recalling remarked remarking commented commenting
    continued shared sharing confirmed confirms confirming promised promising
    vowed vowing pledged pledging exclaimed shouted whispered wondered suggested
    suggesting boasted complained predicted concluded reiterated reiterating
    texted messaged
    """.split()
)

# A blank line, possibly holding stray spaces: canonical bodies use "\n\n".
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# Non-empty lines of a paragraph; a single line break also ends a sentence.
_LINE = re.compile(r"[^\n]+")
# Sentence-ending punctuation, any closing quotes or brackets that belong to
# the sentence, then the whitespace that makes it a candidate boundary.
_CANDIDATE = re.compile(r"(?:[.!?]|\u2026)+(?P<closers>[\"'\u201d\u2019\u00bb)\]]*)(?P<space>\s+)")
_QUOTE_CLOSERS = frozenset("\"'\u201d\u2019\u00bb")
# The word right before a full stop: "Mr", "U.S", "Jan", "M", "e.g".
_WORD_BEFORE = re.compile(r"[^\s\"\u201c\u2018(\[]+$")
# The first word after a boundary, past any opening quote or bracket.
_WORD_AFTER = re.compile(r"[\"'\u201c\u2018(\[]*(?P<word>\w[\w'\u2019]*)")
# "U.S", "e.g", "a.m", "Ph.D": dotted abbreviations of single letters.
_DOTTED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
# An attribution that may follow a quoted question or exclamation without
# ending the sentence: ``"Why?" Lee Jae-myung asked reporters.``
_ATTRIBUTION_TAIL = re.compile(
    r"(?P<subject>(?:[^\W\d_][\w'\u2019\u2011.-]*\s+){1,4}?)"
    rf"(?:{'|'.join(sorted(SPEECH_VERBS))})\b(?:\s+[^\s.!?]+){{0,3}}[.!?]"
)
# Emoji and pictographs that end a sentence after its full stop ("Done. 🎉").
_EMOJI_RUN = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\U0001f3fb-\U0001f3ff]+(?=\\s|$)"
)

# Abbreviations that precede a name and never end a sentence.
_NAME_ABBREVIATIONS = frozenset(
    "mr mrs ms mx dr prof sen rep gov gen lt col capt cmdr adm maj sgt rev hon fr "
    "pres supt insp det messrs mme mlle vs v".split()
)
# Abbreviations that usually continue the sentence but may end it; they end it
# only when a typical sentence opener follows ("in the U.S. The ...").
_ABBREVIATIONS = frozenset(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur "
    "thurs fri sat sun st mt ft inc corp ltd co jr sr bros etc al approx est dept "
    "univ ave blvd rd govt intl".split()
)
# Abbreviations only before a number: "No. 5", "p. 12"; otherwise ordinary words.
_NUMBER_ABBREVIATIONS = frozenset("no nos vol p pp fig art ch para".split())
# Closed-class words that typically open a sentence.
_SENTENCE_OPENERS = frozenset(
    """
    the a an he she it they we i you this that these those there his her their its
    our my your but and or so yet in on at for with as if when while after before
    since although though however meanwhile also some many most both all one its
    what who why how where then still even
    """.split()
)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-empty paragraph, in order."""
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(body):
        if body[start : match.start()].strip():
            spans.append(_trimmed(body, start, match.start()))
        start = match.end()
    if body[start:].strip():
        spans.append(_trimmed(body, start, len(body)))
    return spans


def split_sentences(body: str) -> list[Sentence]:
    """Split ``body`` into sentences with exact offsets.

    ``body[s.start:s.end] == s.text`` for every sentence; whitespace around a
    sentence is left out. ``index`` counts sentences from 0 in the whole
    article, ``paragraph`` counts paragraphs from 0.
    """
    sentences: list[Sentence] = []
    for paragraph, (para_start, para_end) in enumerate(paragraph_spans(body)):
        for line in _LINE.finditer(body, para_start, para_end):
            for start, end in _split_line(body, line.start(), line.end()):
                sentences.append(Sentence(start, end, body[start:end], len(sentences), paragraph))
    return sentences


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_line(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of one line."""
    spans = []
    sentence_start = start
    for match in _CANDIDATE.finditer(body, start, end):
        boundary = match.end("closers")
        next_start = match.end("space")
        if next_start >= end or not _is_boundary(body, match, next_start):
            continue
        emoji = _EMOJI_RUN.match(body, next_start, end)
        if emoji:
            boundary = emoji.end()
        span = _trimmed(body, sentence_start, boundary)
        if span[0] < span[1]:
            spans.append(span)
        sentence_start = boundary
    span = _trimmed(body, sentence_start, end)
    if span[0] < span[1]:
        spans.append(span)
    return spans


def _is_boundary(body: str, match: re.Match, next_start: int) -> bool:
    """Whether the candidate ``match`` really ends a sentence."""
    after = _WORD_AFTER.match(body, next_start)
    next_word = after.group("word") if after else ""
    if next_word[:1].islower():
        return False
    terminator = body[match.start()]
    if terminator in "?!" and _QUOTE_CLOSERS.intersection(match.group("closers")):
        return not _is_attribution(body, next_start)
    if terminator != "." or body.startswith("..", match.start()) or match.group("closers"):
        return True
    return not _continues_after_abbreviation(body, match.start(), next_word)


def _is_attribution(body: str, position: int) -> bool:
    """``Lee asked.`` after a quoted question: part of the same sentence."""
    tail = _ATTRIBUTION_TAIL.match(body, position)
    return bool(tail) and all(word[0].isupper() for word in tail.group("subject").split())


def _continues_after_abbreviation(body: str, stop: int, next_word: str) -> bool:
    """Whether the full stop at ``stop`` closes an abbreviation mid-sentence."""
    before = _WORD_BEFORE.search(body, max(0, stop - 40), stop)
    if not before:
        return False
    word = before.group()
    lowered = word.lower()
    if lowered in _NAME_ABBREVIATIONS:
        return True
    if next_word[:1].isdigit():
        return (
            lowered in _NUMBER_ABBREVIATIONS
            or lowered in _ABBREVIATIONS
            or _DOTTED.fullmatch(word) is not None
        )
    is_initial = len(word) == 1 and word.isupper()
    if lowered in _ABBREVIATIONS or is_initial or _DOTTED.fullmatch(word):
        return next_word.lower() not in _SENTENCE_OPENERS
    return False
