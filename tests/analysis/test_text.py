"""``truncate_chars`` cuts as Django's ``Truncator(text).chars(n)`` does, for the admin's lists."""

import pytest
from django.utils.text import Truncator

from articles.analysis.text import truncate_chars

TEXTS = [
    "",
    "a",
    "Mayor",
    "The bridge cost four million dollars.",
    # Spaces at the ends are kept, as Truncator keeps them.
    "  padded  ",
    # HTML-looking text is text: nothing is parsed, escaped or unescaped.
    '<b>Tom & Jerry</b> said "it\'s <not> so"',
    "&amp; &lt;script&gt;",
    # Precomposed and decomposed accents: normalised to NFC, combining marks not counted.
    "Café Müller, Zürich",
    "Cafe\u0301 Mu\u0308ller, Zu\u0308rich",
    "e\u0301\u0301\u0301 stacked marks",
    "\u0301\u0301 marks with nothing to combine with",
    "日本の首相は会談で太鼓を演奏した",
    "Emoji 😀👍🏽 and a family 👨‍👩‍👧 count by code point",
    "ﬁnance ligature, and Å (A\u030a)",
    # Already ending in an ellipsis: cut again all the same.
    "Already cut…",
    "tab\tand\nnewline inside",
]


@pytest.mark.parametrize("text", TEXTS)
def test_truncate_chars_equals_truncator_at_every_length(text):
    for length in range(-1, len(text) + 3):
        assert truncate_chars(text, length) == Truncator(text).chars(length), (text, length)


def test_text_of_exactly_the_length_is_kept_whole_and_one_more_is_cut():
    assert truncate_chars("Mayor", 5) == "Mayor"
    assert truncate_chars("Mayors", 5) == "Mayo…"
    assert len(truncate_chars("Mayors", 5)) == 5


def test_combining_marks_do_not_count_towards_the_length():
    decomposed = "Cafe\u0301s"
    assert truncate_chars(decomposed, 5) == "Cafés"
    assert truncate_chars(decomposed, 4) == "Caf…"


def test_nothing_is_left_of_a_cut_to_zero_and_only_the_ellipsis_of_a_cut_to_one():
    assert truncate_chars("Headline", 0) == ""
    assert truncate_chars("Headline", -3) == ""
    assert truncate_chars("Headline", 1) == "…"
    assert truncate_chars("H", 1) == "H"


def _fold_char_by_char(text):
    """fold_with_offsets() spelled out one character at a time: the reference."""
    from articles.analysis.text import _fold_char

    out, offsets, previous_space = [], [], True
    for index, char in enumerate(text):
        piece = " " if char.isspace() else _fold_char(char)
        if piece == " ":
            if previous_space:
                continue
            previous_space = True
        elif piece:
            previous_space = False
        out.append(piece)
        offsets.extend([index] * len(piece))
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return "".join(out), offsets


@pytest.mark.parametrize(
    "text",
    [
        "The Mayor  of Brixley said `no`.",
        "  Two spaces,\tthen a tab and\nnew line ",
        "Caf\u00e9 \u201cquoted\u201d \u2014 K\u2011pop \u2026 end",
        "a b",
        " ",
        "",
    ],
)
def test_fold_with_offsets_folds_ascii_runs_as_character_by_character(text):
    from articles.analysis.text import fold_with_offsets

    assert fold_with_offsets(text) == _fold_char_by_char(text)
