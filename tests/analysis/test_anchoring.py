import pytest

from articles.analysis.anchoring import QuoteAmbiguous, QuoteNotFound, anchor_quote, reanchor

BODY = (
    "“It was a little awkward at first,” Lee wrote on X.\n\n"
    "The leaders met in Nara on Tuesday. They played two K‑pop songs.\n\n"
    "Officials said the leaders met in Nara again in the evening."
)


def test_exact_passage_is_anchored_with_offsets_and_context():
    anchor = anchor_quote(BODY, "They played two K‑pop songs.")

    assert BODY[anchor.start : anchor.end] == "They played two K‑pop songs."
    assert anchor.prefix.endswith("in Nara on Tuesday. ")
    assert anchor.suffix.startswith("\n\nOfficials said")


def test_straight_quotes_and_hyphen_match_curly_quotes_and_non_breaking_hyphen():
    anchor = anchor_quote(BODY, '"It was a little awkward at first," Lee wrote')

    # The stored quote is the body's own typography.
    assert anchor.quote == "“It was a little awkward at first,” Lee wrote"
    assert anchor_quote(BODY, "two K-pop songs").quote == "two K‑pop songs"


def test_whitespace_and_line_breaks_in_the_pasted_passage_do_not_matter():
    anchor = anchor_quote(BODY, "Tuesday.   They\nplayed")

    assert anchor.quote == "Tuesday. They played"


def test_absent_passage_is_refused_with_a_clear_message():
    with pytest.raises(QuoteNotFound, match="not in the article"):
        anchor_quote(BODY, "They played three songs")


def test_repeated_passage_asks_for_context():
    with pytest.raises(QuoteAmbiguous, match="occurs 2 times") as excinfo:
        anchor_quote(BODY, "met in Nara")

    assert excinfo.value.count == 2


def test_context_picks_one_of_the_repeated_passages():
    anchor = anchor_quote(BODY, "met in Nara", prefix="Officials said the leaders")

    assert anchor.start == BODY.rindex("met in Nara")
    assert anchor_quote(BODY, "met in Nara", suffix="on Tuesday").start == BODY.index("met in Nara")


def _anchor_then_revise(quote, new_body, **context):
    anchor = anchor_quote(BODY, quote, **context)
    return reanchor(new_body, quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix)


def test_passage_that_moved_is_found_exactly():
    new_body = "An update was added at the top.\n\n" + BODY

    result = _anchor_then_revise("They played two K‑pop songs.", new_body)

    assert result.method == "exact"
    assert new_body[result.start : result.end] == "They played two K‑pop songs."


def test_repeated_passage_follows_its_context_after_a_move():
    new_body = "Preface.\n\n" + BODY

    result = _anchor_then_revise("met in Nara", new_body, prefix="Officials said the leaders")

    assert result.start == new_body.rindex("met in Nara")


def test_edited_passage_is_found_by_its_context():
    new_body = BODY.replace("They played two K‑pop songs.", "They played three K‑pop hits.")

    result = _anchor_then_revise("They played two K‑pop songs.", new_body)

    assert result.method == "context"
    assert result.quote == "They played three K‑pop hits."


def test_slightly_edited_passage_with_new_context_is_found_by_fuzzy_match():
    old = "The performance took place on Tuesday after the bilateral summit in Nara."
    new = "Breaking: the performance took place on Tuesday after a bilateral summit in Nara!"
    anchor = anchor_quote(old, old)

    result = reanchor(new, quote=anchor.quote, prefix=anchor.prefix, suffix=anchor.suffix)

    assert result.method == "fuzzy"
    assert "performance took place on Tuesday after a bilateral summit in Nara" in result.quote


def test_deleted_passage_is_orphaned_not_attached_elsewhere():
    new_body = BODY.replace("They played two K‑pop songs.", "")

    assert _anchor_then_revise("They played two K‑pop songs.", new_body) is None


def test_rewritten_passage_is_orphaned():
    new_body = BODY.replace(
        "They played two K‑pop songs.", "A crowd gathered outside the hall to watch."
    )

    assert _anchor_then_revise("They played two K‑pop songs.", new_body) is None


def test_passage_repeated_without_distinguishing_context_is_orphaned():
    doubled = "Intro. Same words here. Other. Same words here. Other."

    assert reanchor(doubled, quote="Same words here.") is None
