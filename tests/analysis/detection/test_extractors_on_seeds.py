"""The three extractors on the seed reports, as the importer stores them.
The expectations are what a careful reader of each report would say."""

from pathlib import Path

import pytest

from articles.analysis.detection.people import PeopleIndex
from articles.analysis.detection.quotes import find_quotes, is_title_quote
from articles.analysis.detection.sentences import split_sentences
from articles.analysis.text import name_key
from articles.importers.plaintext import parse_text

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
SEED_NAMES = ["000_f95a08d50b60e95d.txt", "003_b0ea80b5eb0e868a.txt", "004_040c7275d7bd54cd.txt"]
LEE = name_key("Lee Jae-myung")
TAKAICHI = name_key("Sanae Takaichi")


def body_of(name):
    return parse_text((SEEDS / name).read_text(encoding="utf-8"), source=name).body


def quote_starting(body, prefix):
    matches = [q for q in find_quotes(body) if q.text.startswith(prefix)]
    assert len(matches) == 1, [q.text for q in find_quotes(body)]
    return matches[0]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_sentence_offsets_round_trip(name):
    body = body_of(name)
    sentences = split_sentences(body)

    assert sentences
    for index, sentence in enumerate(sentences):
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.index == index
    assert [s.paragraph for s in sentences] == sorted(s.paragraph for s in sentences)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_dynamite_is_a_song_not_speech(name):
    body = body_of(name)
    dynamite = [q for q in find_quotes(body) if q.text.rstrip(".,") == "Dynamite"]

    assert len(dynamite) == 1
    assert is_title_quote(dynamite[0], body)
    assert (dynamite[0].speaker, dynamite[0].verb) == (None, None)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_both_leaders_are_found_under_one_key_each(name):
    keys = {p.key for p in PeopleIndex(body_of(name)).people}

    assert {LEE, TAKAICHI} <= keys


def test_000_drum_dream_was_written_by_lee_on_x():
    quote = quote_starting(body_of("000_f95a08d50b60e95d.txt"), "Playing the drums")

    assert quote.text == "Playing the drums has been my longtime dream,"
    assert (quote.speaker, quote.speaker_key) == ("Lee Jae-myung", LEE)
    assert (quote.verb, quote.platform) == ("wrote", "X")


def test_000_he_added_is_lee_and_the_forward_looking_quote_is_takaichi_on_x():
    body = body_of("000_f95a08d50b60e95d.txt")
    harmonised = quote_starting(body, "Like we respected")
    forward = quote_starting(body, "in a forward-looking way")

    assert (harmonised.speaker_key, harmonised.verb) == (LEE, "added")
    assert (forward.speaker_key, forward.platform) == (TAKAICHI, "X")


def test_000_people_are_only_the_two_leaders():
    assert {p.key for p in PeopleIndex(body_of("000_f95a08d50b60e95d.txt")).people} == {
        LEE,
        TAKAICHI,
    }


def test_003_a_little_awkward_is_lee_under_the_same_key():
    body = body_of("003_b0ea80b5eb0e868a.txt")
    quote = quote_starting(body, "a little awkward")

    assert quote.speaker == "Lee Jae Myung"
    assert quote.speaker_key == LEE


def test_003_second_quote_of_the_paragraph_continues_lee_on_x():
    body = body_of("003_b0ea80b5eb0e868a.txt")
    quote = quote_starting(body, "We shared the same intention")

    assert "We will work together" in quote.text  # one quote over two sentences
    assert (quote.speaker_key, quote.verb, quote.platform) == (LEE, "wrote", "X")


def test_003_takaichi_emphasized_regional_stability_and_yoon_resolves():
    body = body_of("003_b0ea80b5eb0e868a.txt")
    quote = quote_starting(body, "should cooperate")
    index = PeopleIndex(body)

    assert (quote.speaker_key, quote.verb) == (TAKAICHI, "emphasized")
    assert index.resolve("Yoon").name == "Yoon Suk Yeol"


def test_004_clumsy_quote_is_lee_through_mr_lee():
    body = body_of("004_040c7275d7bd54cd.txt")
    quote = quote_starting(body, "It was clumsy")

    assert quote.text == "It was clumsy, which somehow made it fit even better,"
    assert body[quote.end + 2 : quote.end + 9] == "Mr. Lee"
    assert (quote.speaker, quote.speaker_key, quote.verb) == ("Lee Jae-myung", LEE, "wrote")


def test_004_the_spokesperson_and_mr_kim_are_kim_nam_jun():
    body = body_of("004_040c7275d7bd54cd.txt")
    index = PeopleIndex(body)

    assert index.resolve("the spokesperson").name == "Kim Nam-jun"
    assert index.resolve("Mr. Kim", body.index("Mr. Kim")).name == "Kim Nam-jun"
    assert index.resolve("He", body.index("He added")).key == LEE
