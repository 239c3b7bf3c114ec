"""Property-based: whatever bytes arrive, the importers import them or refuse
them with a one-line reason; they never raise anything else."""

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.analysis.text import fold_with_offsets, normalise_text
from articles.importers import ImportRefused, parse_document

LIMIT = 200_000
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NEWSY_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
        st.sampled_from(list("“”‘’—–\u2011\u00a0\n\n()|:,.;")),
    ),
    max_size=3000,
)


def _parses_or_refuses(data, name):
    try:
        articles = parse_document(data, name=name, max_bytes=LIMIT)
    except ImportRefused as exc:
        reason = str(exc)
        assert reason and "\n" not in reason
        return
    assert articles
    for article in articles:
        assert article.body.strip()
        assert unicodedata.is_normalized("NFC", article.body)
        assert "\r" not in article.body


@FAST
@given(st.binary(max_size=4000), st.sampled_from(["a.txt", "a.html", "a.json", "a"]))
def test_any_bytes_import_or_are_refused(data, name):
    _parses_or_refuses(data, name)


@FAST
@given(NEWSY_TEXT)
def test_any_text_imports_or_is_refused(text):
    _parses_or_refuses(text.encode("utf-8"), "story.txt")


@FAST
@given(NEWSY_TEXT)
def test_any_text_as_html_imports_or_is_refused(text):
    _parses_or_refuses(
        f"<html><body><article><p>{text}</p></article></body></html>".encode(), "page.html"
    )


@FAST
@given(NEWSY_TEXT)
def test_folded_offsets_always_map_back_into_the_text(text):
    text = normalise_text(text)
    folded, offsets = fold_with_offsets(text)

    assert len(offsets) == len(folded) + 1
    assert offsets == sorted(offsets)
    assert all(0 <= offset <= len(text) for offset in offsets)
