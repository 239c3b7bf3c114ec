from articles.analysis.similarity import (
    THRESHOLD,
    rank,
    significant_terms,
    similarity,
    stem_prefix,
)

STATEMENT = "The bridge cost $4 million."


def test_significant_terms_drop_stop_words_short_words_and_repeats():
    assert significant_terms("The mayor said that the new bridge, the bridge, cost 4 million") == [
        "mayor",
        "new",
        "bridge",
        "cost",
        "million",
    ]


def test_significant_terms_keep_the_longest_words_of_a_long_text():
    words = significant_terms("alpha " * 3 + "abc bcd cde extraordinarily lengthy", limit=2)

    assert words == ["extraordinarily", "lengthy"]


def test_stem_prefix_cuts_common_endings_but_not_short_words():
    assert [stem_prefix(w) for w in ("vaccinated", "bridges", "costs", "bus")] == [
        "vaccinat",
        "bridg",
        "cost",
        "bus",
    ]


def test_a_rewording_reads_alike_and_a_statement_sharing_a_word_does_not():
    reworded = "Four million dollars is what the bridge cost, the mayor said"
    unrelated = "The mayor opened the new school on Monday"

    assert similarity(STATEMENT, reworded) >= 0.6
    assert similarity(STATEMENT, unrelated) < 0.45 < THRESHOLD


def test_the_same_shape_about_something_else_stays_below_the_threshold():
    assert similarity(STATEMENT, "The tunnel cost $9 billion") < THRESHOLD


def test_rank_orders_by_likeness_and_leaves_out_what_is_below_the_threshold():
    candidates = [
        (1, "The mayor opened the new school on Monday"),
        (2, "Bridge construction costs reached four million, officials said"),
        (3, "The bridge cost 4 million dollars"),
    ]

    assert [key for _, key in rank(STATEMENT, candidates)] == [3, 2]


def test_empty_text_is_like_nothing():
    assert similarity("", STATEMENT) == 0.0
    assert rank("", [(1, STATEMENT)]) == []
