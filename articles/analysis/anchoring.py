"""
Anchor passages (claims, appearances, discrepancy passages) to article text.
Plain Python, no Django.

An anchor is a W3C Web Annotation TextQuoteSelector plus a position: the exact
quoted text, a little context before and after it, and start/end offsets into
the article's canonical body. Matching is done on the folded text (see
:func:`articles.analysis.text.fold_with_offsets`), so curly and straight quotes, dashes
and runs of whitespace do not matter; the stored quote is always the body's own
text.
"""

from __future__ import annotations

import dataclasses
import difflib

from rapidfuzz import fuzz

from articles.analysis.text import fold, fold_with_offsets

# Characters of context kept on each side of a passage.
CONTEXT_CHARS = 40
# A fuzzy re-anchoring must be at least this similar (0-100) to the old quote.
# Strict on purpose: an orphan is reviewed by a person, a wrong match is not.
FUZZY_THRESHOLD = 90.0
# When only the context still matches, the text between must resemble the quote.
CONTEXT_SIMILARITY = 0.6


class AnchorError(ValueError):
    """The passage cannot be anchored; the message says why, for staff."""


class QuoteNotFound(AnchorError):
    pass


class QuoteAmbiguous(AnchorError):
    def __init__(self, message, count):
        super().__init__(message)
        self.count = count


@dataclasses.dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    # How it was placed: "exact", "context" or "fuzzy".
    method: str = "exact"


def make_anchor(body: str, start: int, end: int, method: str = "exact") -> Anchor:
    return Anchor(
        start=start,
        end=end,
        quote=body[start:end],
        prefix=body[max(0, start - CONTEXT_CHARS) : start],
        suffix=body[end : end + CONTEXT_CHARS],
        method=method,
    )


class _Folded:
    """A body folded once, with the way back to original offsets."""

    def __init__(self, body: str):
        self.body = body
        self.text, self.offsets = fold_with_offsets(body)

    def occurrences(self, folded_quote: str) -> list[int]:
        found, start = [], self.text.find(folded_quote)
        while start != -1:
            found.append(start)
            start = self.text.find(folded_quote, start + 1)
        return found

    def span(self, folded_start: int, folded_end: int) -> tuple[int, int]:
        """Original ``(start, end)`` for the folded span ``[folded_start, folded_end)``."""
        return self.offsets[folded_start], self.offsets[folded_end - 1] + 1

    def context_score(self, folded_start: int, folded_end: int, prefix: str, suffix: str) -> int:
        """How much of the folded prefix and suffix surround this occurrence."""
        before = self.text[max(0, folded_start - len(prefix) - 1) : folded_start].strip()
        after = self.text[folded_end : folded_end + len(suffix) + 1].strip()
        return _common_suffix(before, prefix) + _common_prefix(after, suffix)


def anchor_quote(body: str, quote: str, *, prefix: str = "", suffix: str = "") -> Anchor:
    """Find ``quote`` in ``body`` for a new passage.

    Raises :class:`QuoteNotFound` when it is not there and
    :class:`QuoteAmbiguous` when it occurs more than once and the given
    context does not tell the occurrences apart.
    """
    folded_quote = fold(quote)
    if not folded_quote:
        raise QuoteNotFound("Paste the passage to quote: it is empty.")
    folded = _Folded(body)
    starts = folded.occurrences(folded_quote)
    if not starts:
        raise QuoteNotFound(
            "This passage is not in the article's text. Paste it exactly as it appears "
            "(quotes, dashes and spacing may differ)."
        )
    if len(starts) > 1:
        starts = _best_by_context(folded, starts, len(folded_quote), fold(prefix), fold(suffix))
        if len(starts) > 1:
            raise QuoteAmbiguous(
                f"This passage occurs {len(starts)} times in the article. Add a few words "
                "of the text just before or after it to say which one you mean.",
                count=len(starts),
            )
    start, end = folded.span(starts[0], starts[0] + len(folded_quote))
    return make_anchor(body, start, end)


def reanchor(body: str, *, quote: str, prefix: str = "", suffix: str = "") -> Anchor | None:
    """Place an existing passage in a new version of the body.

    Tries the exact quote (using the context to choose between repeats), then
    the surrounding context with a similar text between, then a fuzzy match
    above :data:`FUZZY_THRESHOLD`. Returns ``None`` (an orphan) when none of
    these places it with confidence.
    """
    folded = _Folded(body)
    folded_quote, folded_prefix, folded_suffix = fold(quote), fold(prefix), fold(suffix)
    if not folded_quote:
        return None

    starts = folded.occurrences(folded_quote)
    if starts:
        best = _best_by_context(folded, starts, len(folded_quote), folded_prefix, folded_suffix)
        if len(best) == 1:
            start, end = folded.span(best[0], best[0] + len(folded_quote))
            return make_anchor(body, start, end, "exact")
        # Several equally good places: guessing would risk the wrong words.
        return None

    by_context = _by_context(folded, folded_quote, folded_prefix, folded_suffix)
    if by_context is not None:
        start, end = folded.span(*by_context)
        return make_anchor(body, start, end, "context")

    by_fuzzy = _by_fuzzy(folded, folded_quote)
    if by_fuzzy is not None:
        start, end = folded.span(*by_fuzzy)
        return make_anchor(body, start, end, "fuzzy")
    return None


def _best_by_context(folded, starts, length, prefix, suffix):
    scores = [folded.context_score(s, s + length, prefix, suffix) for s in starts]
    top = max(scores)
    return [s for s, score in zip(starts, scores, strict=True) if score == top]


def _by_context(folded, quote, prefix, suffix):
    """The text between the old prefix and suffix, when both survive once each
    and what lies between still resembles the quote."""
    if len(prefix) < 10 or len(suffix) < 10:
        return None
    prefix_hits = folded.occurrences(prefix)
    suffix_hits = folded.occurrences(suffix)
    if len(prefix_hits) != 1 or len(suffix_hits) != 1:
        return None
    start = prefix_hits[0] + len(prefix)
    end = suffix_hits[0]
    # Context folding strips the space between context and quote.
    while start < end and folded.text[start] == " ":
        start += 1
    while end > start and folded.text[end - 1] == " ":
        end -= 1
    if end <= start or end - start > 2 * len(quote) + 20:
        return None
    between = folded.text[start:end]
    if difflib.SequenceMatcher(None, quote, between, autojunk=False).ratio() < CONTEXT_SIMILARITY:
        return None
    return start, end


def _by_fuzzy(folded, quote):
    if len(quote) < 12:
        # Short quotes match too many places by chance.
        return None
    alignment = fuzz.partial_ratio_alignment(quote, folded.text, score_cutoff=FUZZY_THRESHOLD)
    if alignment is None:
        return None
    start, end = alignment.dest_start, alignment.dest_end
    text = folded.text
    # Widen to whole words so a passage never starts or ends mid-word.
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])
