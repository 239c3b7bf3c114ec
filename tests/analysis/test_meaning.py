"""How close two passages are in meaning (invented text)."""

from articles.analysis import meaning


def test_a_rewording_is_closer_than_another_fact():
    told = "The ferry sank off the cape at dawn."
    retold = "At dawn the ferry went down off the cape."
    other = "Tickets for the concert sold out within an hour."
    assert meaning.similarity(told, retold) > meaning.similarity(told, other)


def test_the_same_words_in_another_order_are_the_same():
    a, b = "The ferry sank off the cape at dawn.", "At dawn the ferry sank off the cape."
    assert meaning.similarity(a, b) == 1.0


def test_function_words_alone_share_nothing():
    assert meaning.similarity("it was the", "of the and") == 0.0
    assert meaning.similarities([("the ferry", ""), ("the ferry", "a ferry")]) == [0.0, 1.0]
