import pytest

from articles.analysis.diff import DELETE, EQUAL, INSERT, tokenize, word_diff


def old_side(ops):
    return "".join(piece for op, piece in ops if op != INSERT)


def new_side(ops):
    return "".join(piece for op, piece in ops if op != DELETE)


def test_identical_texts_are_one_equal_piece():
    assert word_diff("The council met.", "The council met.") == [(EQUAL, "The council met.")]


def test_empty_texts_have_no_ops():
    assert word_diff("", "") == []


def test_an_inserted_word_keeps_its_space():
    assert word_diff("approved the budget", "approved the new budget") == [
        (EQUAL, "approved the "),
        (INSERT, "new "),
        (EQUAL, "budget"),
    ]


def test_a_deleted_word_is_reported_as_delete():
    assert word_diff("It passed by 7 votes to 2.", "It passed by 7 votes.") == [
        (EQUAL, "It passed by 7 "),
        (DELETE, "votes to 2."),
        (INSERT, "votes."),
    ]


def test_a_replaced_word_is_deleted_then_inserted():
    assert word_diff("blue sports tops", "red sports tops") == [
        (DELETE, "blue"),
        (INSERT, "red"),
        (EQUAL, " sports tops"),
    ]


def test_a_run_of_replaced_words_reads_as_one_change():
    assert word_diff("a b c", "x y z") == [(DELETE, "a b c"), (INSERT, "x y z")]


def test_text_added_to_an_empty_text_is_one_insert():
    assert word_diff("", "Hello world") == [(INSERT, "Hello world")]
    assert word_diff("Hello world", "") == [(DELETE, "Hello world")]


def test_punctuation_stays_attached_to_its_word():
    ops = word_diff("on Tuesday, officials said", "on Tuesday; officials said")
    assert ops == [
        (EQUAL, "on "),
        (DELETE, "Tuesday,"),
        (INSERT, "Tuesday;"),
        (EQUAL, " officials said"),
    ]


def test_a_changed_paragraph_break_is_a_whitespace_change():
    ops = word_diff("First.\n\nSecond.", "First. Second.")
    assert ops == [(EQUAL, "First."), (DELETE, "\n\n"), (INSERT, " "), (EQUAL, "Second.")]


def test_unicode_typography_is_compared_as_written():
    ops = word_diff("Japan’s K‑pop duet", "Japan's K-pop duet")
    assert ops == [(DELETE, "Japan’s K‑pop"), (INSERT, "Japan's K-pop"), (EQUAL, " duet")]


def test_non_latin_words_are_split_on_whitespace():
    ops = word_diff("이재명 대통령 회담", "이재명 대통령 드럼 회담")
    assert ops == [(EQUAL, "이재명 대통령 "), (INSERT, "드럼 "), (EQUAL, "회담")]


def test_tokenize_keeps_every_character():
    sample = "  Lead,\u00a0dateline —\tbody.\n\nEnd  "
    assert "".join(tokenize(sample)) == sample
    assert tokenize("a, b") == ["a,", " ", "b"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("", ""),
        ("one", ""),
        ("", "one"),
        ("The council approved the budget.", "The council rejected the budget on Monday."),
        ("  leading and trailing  ", "leading and trailing"),
        ("Line one\nline two\n\nPara two.", "Line one line two\n\nPara two, revised."),
        ("😀 emoji and “quotes”", 'emoji and "quotes" 😀'),
        ("a a a a b", "a b a a a"),
        ("Café au lait", "Cafe\u0301 au lait"),
    ],
)
def test_joining_each_side_rebuilds_it_exactly(old, new):
    ops = word_diff(old, new)
    assert old_side(ops) == old
    assert new_side(ops) == new
    assert all(op in (EQUAL, DELETE, INSERT) and piece for op, piece in ops)


def test_long_texts_with_repeated_words_are_diffed_without_junk_heuristics():
    # Over 200 tokens, SequenceMatcher's autojunk would treat "the" as junk and
    # report the whole text as replaced.
    old = " ".join(["the"] * 150 + ["council", "met"] + ["the"] * 150)
    new = old.replace("council met", "council finally met")
    ops = word_diff(old, new)
    assert [piece for op, piece in ops if op != EQUAL] == ["finally "]
