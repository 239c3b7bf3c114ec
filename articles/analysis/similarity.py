"""
How alike two statements are, for "checked before": plain Python, no Django.

A statement found again is rarely written the same way twice ("The bridge
cost $4 million" and "Four million dollars is what the bridge cost, the mayor
said"). So candidates are found by *any* of the statement's significant words
(:func:`significant_terms`, OR-ed by the caller's full-text index), and then
ranked by :func:`similarity`, which forgives reordering and extra words;
:data:`THRESHOLD` keeps out candidates that only share a word or two.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, utils

# Words that say nothing about what a claim is about. Short on purpose: a
# word left in only widens the candidates, which the similarity then ranks.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves said says say told according claim claimed claims
    """.split()
)
# The least a word must have to count: the staff index on SQLite reads
# trigrams, and shorter words carry little meaning anyway.
MIN_TERM = 3
# At most this many words go to the index: the longest ones, which are the
# most specific; a whole paragraph pasted in stays one quick query.
MAX_TERMS = 12
# Suffixes cut before matching by prefix, so "vaccinated" finds "vaccines".
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")
_STEM_MIN = 4
# Below this (0–1), a candidate is not shown: rewordings of one statement
# score 0.6 and more, statements that share a word or two under 0.45
# (tests/analysis/test_similarity.py).
THRESHOLD = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)


def significant_terms(text: str, *, limit: int = MAX_TERMS) -> list[str]:
    """The words of ``text`` worth looking up, lower-cased, each once: no
    stop words, no digits-only or short words; the ``limit`` longest, in the
    order they come."""
    seen = []
    for word in _WORD.findall((text or "").lower()):
        word = word.strip("_")
        if len(word) < MIN_TERM or word in STOPWORDS or word.isdigit() or word in seen:
            continue
        seen.append(word)
    if len(seen) <= limit:
        return seen
    kept = set(sorted(seen, key=lambda w: (-len(w), seen.index(w)))[:limit])
    return [word for word in seen if word in kept]


def stem_prefix(word: str) -> str:
    """``word`` without a common English ending, for matching by prefix or
    substring: "vaccinated" → "vaccinat", "bridges" → "bridg". Never shorter
    than four letters, so short words are left whole."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _STEM_MIN:
            return word[: -len(suffix)]
    return word


def similarity(a: str, b: str) -> float:
    """How alike two statements are, from 0 to 1, whatever their word order.

    The mean of two views: the share of meaningful words they have in common,
    endings aside (Dice's coefficient over :func:`stem_prefix`), which keeps
    "the tunnel cost $9 billion" away from "the bridge cost $4 million"; and
    rapidfuzz's token-set ratio, which forgives spelling, numbers written
    differently and added words ("…, the mayor said").
    """
    a, b = _content(a), _content(b)
    if not a or not b:
        return 0.0
    stems_a = {stem_prefix(word) for word in a.split()}
    stems_b = {stem_prefix(word) for word in b.split()}
    overlap = 2 * len(stems_a & stems_b) / (len(stems_a) + len(stems_b))
    return (overlap + fuzz.token_set_ratio(a, b) / 100) / 2


def _content(text: str) -> str:
    """The words that carry meaning, lower-cased, punctuation gone: "the" and
    "said" make unrelated statements look alike."""
    words = utils.default_process(text or "").split()
    return " ".join(word for word in words if word not in STOPWORDS)


def rank(text: str, candidates, *, threshold: float = THRESHOLD, limit: int | None = None):
    """``candidates`` (``(key, statement)`` pairs) that read like ``text``, as
    ``(score, key)``, most alike first (ties keep the candidates' order);
    those below ``threshold`` left out."""
    scored = [(similarity(text, statement), key) for key, statement in candidates]
    kept = sorted(
        ((score, key) for score, key in scored if score >= threshold), key=lambda pair: -pair[0]
    )
    return kept if limit is None else kept[:limit]
