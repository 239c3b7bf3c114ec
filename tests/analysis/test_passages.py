"""Passages compared word by word and highlighted in a report's text: plain
Python over strings, no database."""

from articles.analysis.passages import Span, compare, highlight, mark_spans

# Word differences -----------------------------------------------------------------------


def test_compare_marks_the_words_a_passage_has_instead_of_the_references():
    comparison = compare("matching athletic jackets", "matching blue sports tops")

    assert comparison.pieces == [("matching ", False), ("blue sports tops", True)]
    assert comparison.changes == [("athletic jackets", "blue sports tops")]
    assert comparison.reference_spans == [(9, 25)]


def test_compare_reports_words_left_out_and_words_added():
    assert compare("the blue bridge", "the bridge").changes == [("blue", "")]
    assert compare("the bridge", "the new bridge").changes == [("", "new")]
    assert compare("same words", "same words").changes == []


def test_mark_spans_marks_words_and_leaves_the_spaces_around_them_out():
    assert mark_spans("matching blue uniforms now", [(8, 22)]) == [
        ("matching ", False),
        ("blue uniforms", True),
        (" now", False),
    ]


# Highlighting ---------------------------------------------------------------------------


def test_highlight_splits_overlapping_passages_so_each_piece_knows_all_its_passages():
    body = "One two three.\n\nFour five."
    first, second = Span(0, 8, "first"), Span(4, 14, "second")

    (opening, closing) = highlight(body, [first, second])

    assert opening == [
        ("One ", [first]),
        ("two ", [first, second]),
        ("three.", [second]),
    ]
    assert closing == [("Four five.", [])]


def test_highlight_leaves_empty_paragraphs_out():
    assert highlight("\n\nAlone.\n\n", []) == [[("Alone.", [])]]
