import time

from articles.analysis.detection.quotes import find_quotes, is_title_quote
from articles.analysis.detection.sentences import split_sentences
from articles.analysis.text import name_key


def attributed(body):
    return [(q.text, q.speaker, q.verb, q.platform) for q in find_quotes(body)]


def only(body):
    quotes = find_quotes(body)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_offsets_cover_the_words_without_the_marks():
    body = "Okafor said: “We are ready.” Then he left."
    quote = only(body)

    assert body[quote.start : quote.end] == quote.text == "We are ready."
    assert body[quote.start - 1] == "“"
    assert quote.sentence_index == 0


def test_quote_before_the_verb():
    body = (
        "Mayor Ana Pereira visited the site. "
        "“We will rebuild the bridge by March,” Pereira said on Tuesday."
    )
    quote = only(body)

    assert (quote.speaker, quote.verb) == ("Ana Pereira", "said")
    assert quote.speaker_key == name_key("Ana Pereira")
    assert quote.platform is None  # a weekday is never a platform


def test_quote_before_an_inverted_verb_and_a_title():
    body = 'President Alma Reyes toured the port. "We are ready for the storm," said the president.'

    assert attributed(body) == [("We are ready for the storm,", "Alma Reyes", "said", None)]


def test_quote_before_a_pronoun_and_verb():
    body = "Senator Mark Kelly voted no. “It is a disgrace,” he added."

    assert attributed(body) == [("It is a disgrace,", "Mark Kelly", "added", None)]


def test_quote_after_the_verb_with_a_colon():
    body = "In a statement, Interior Minister Pedro Alves said: “The situation is under control.”"

    assert attributed(body) == [("The situation is under control.", "Pedro Alves", "said", None)]


def test_quote_after_said_that():
    body = (
        "Ms. Adeyemi chaired the panel. She said that the proposal was “dead on arrival” and left."
    )

    assert attributed(body) == [("dead on arrival", "Adeyemi", "said", None)]


def test_partial_quote_after_a_participle_takes_the_main_subject():
    body = (
        "Chancellor Ingrid Halvorsen praised Tomas Berg, saying that to keep the peace "
        "“we must talk every week.”"
    )

    assert attributed(body) == [("we must talk every week.", "Ingrid Halvorsen", "saying", None)]


def test_verb_coordinated_with_an_earlier_clause():
    body = (
        "Amara Nwosu is seen as softer than Tomas Berg and has described the plan as "
        "“a bridge too far.”"
    )

    assert attributed(body)[0][1] == "Amara Nwosu"


def test_common_noun_subject_is_no_speaker():
    body = "Rafael Ortiz spoke first, with some critics saying the plan was “reckless.”"

    assert only(body).speaker is None


def test_question_in_quotes_with_lowercase_attribution():
    body = (
        "Dr. Kwame Osei and Ms. Amina Diallo read the chart. "
        '"Why?" she asked. "Because it works," he said.'
    )
    quotes = find_quotes(body)

    assert [(q.text, q.speaker, q.verb) for q in quotes] == [
        ("Why?", "Amina Diallo", "asked"),
        ("Because it works,", "Kwame Osei", "said"),
    ]
    assert len(split_sentences(body)) == 3


def test_nested_single_quotes_do_not_break_the_quotation():
    body = "“He told me ‘never give up’ and I didn’t,” Okafor’s coach, Ruth Adler, said."
    quote = only(body)

    assert quote.text == "He told me ‘never give up’ and I didn’t,"


def test_nested_straight_single_quotes_do_not_break_the_quotation():
    body = "\"It's what we call 'the long game,'\" said Gov. Tom Hale."

    assert attributed(body) == [("It's what we call 'the long game,'", "Tom Hale", "said", None)]


def test_quotation_spanning_sentences_is_one_quote():
    body = (
        "Elena Varga chairs the board. "
        "“We had a strong quarter. Next year will be harder. We are ready,” Varga told investors."
    )
    quote = only(body)

    assert quote.text == "We had a strong quarter. Next year will be harder. We are ready,"
    assert (quote.speaker, quote.verb) == ("Elena Varga", "told")
    assert quote.sentence_index == 1


def test_paragraph_continuation_after_an_attributed_quote():
    body = (
        "“It was a long night,” Prime Minister Tomas Berg wrote on X. "
        "“We got there in the end. Thank you all.”\n\n"
        "“This is a new paragraph,” the opposition said."
    )
    quotes = find_quotes(body)

    assert [(q.speaker, q.verb, q.platform) for q in quotes[:2]] == [
        ("Tomas Berg", "wrote", "X"),
        ("Tomas Berg", "wrote", "X"),
    ]
    assert quotes[2].speaker is None  # a new paragraph does not inherit


def test_paragraph_continuation_from_a_sentence_without_quotes():
    body = "Governor Tom Hale told reporters he was pleased. “We did it.”"

    assert attributed(body) == [("We did it.", "Tom Hale", "told", None)]


def test_quotation_introduced_by_a_colon_at_the_end_of_the_previous_paragraph():
    body = "Mayor Ruth Adler posted on Facebook:\n\n“The pool reopens on Monday.”"

    assert attributed(body) == [("The pool reopens on Monday.", "Ruth Adler", "posted", "Facebook")]


def test_quotation_running_over_paragraphs():
    body = (
        "“We will not stop,” Senator Mark Kelly said. “Not this week, not this year.\n\n“Not ever.”"
    )
    quotes = find_quotes(body)

    assert [q.text for q in quotes] == [
        "We will not stop,",
        "Not this week, not this year.",
        "Not ever.",
    ]
    assert {q.speaker for q in quotes} == {"Mark Kelly"}


def test_mid_sentence_attribution_between_two_parts():
    body = "“It was a long night,” Ms. Adeyemi said in a post on social media, “but we got there.”"

    assert attributed(body) == [
        ("It was a long night,", "Adeyemi", "said", "social media"),
        ("but we got there.", "Adeyemi", "said", "social media"),
    ]


def test_according_to():
    body = (
        "Chancellor Ingrid Halvorsen left early. The talks failed, "
        "according to Halvorsen, because “nobody wanted to move.” "
        "“The door remains open,” according to the chancellor."
    )
    quotes = find_quotes(body)

    assert [(q.speaker, q.verb) for q in quotes] == [
        ("Ingrid Halvorsen", "according to"),
        ("Ingrid Halvorsen", "according to"),
    ]


def test_pronoun_after_a_quotation_is_not_a_name_inside_it():
    # The name inside is someone spoken to: the speaker was named before.
    body = (
        "Judge Tomas Valdero read the letter aloud in court. "
        "“Mr. Brandt Okoye, you broke her trust and her spirit,” he said."
    )

    assert attributed(body) == [
        ("Mr. Brandt Okoye, you broke her trust and her spirit,", "Tomas Valdero", "said", None)
    ]


def test_pronoun_resolution_through_mr_and_he():
    body = (
        "President Lee Min-ho met Prime Minister Hana Moriyama in Busan. "
        "“It was useful,” Mr. Lee said. He added that the talks were “frank.”"
    )
    quotes = find_quotes(body)

    assert [(q.speaker, q.verb) for q in quotes] == [
        ("Lee Min-ho", "said"),
        ("Lee Min-ho", "added"),
    ]


def test_platform_wrote_on_x():
    body = "Prime Minister Hana Moriyama reacted quickly. “A fine day,” Moriyama wrote on X."

    assert only(body).platform == "X"


def test_platform_posted_on_the_official_instagram_account():
    body = (
        "Ruth Adler posted on the official Instagram account of the city council: "
        "“Our pool is open again.”"
    )

    assert attributed(body) == [("Our pool is open again.", "Ruth Adler", "posted", "Instagram")]


def test_platform_shared_on_social_media():
    body = "Amara Nwosu shared on social media that the win was “for every girl in Lagos.”"

    assert attributed(body) == [
        ("for every girl in Lagos.", "Amara Nwosu", "shared", "social media")
    ]


def test_platform_opening_the_sentence():
    body = "Senator Mark Kelly was blunt. On Facebook, he wrote that the vote was “a disgrace.”"

    assert attributed(body) == [("a disgrace.", "Mark Kelly", "wrote", "Facebook")]


def test_platform_is_never_a_month():
    body = "“We won,” Coach Dana Ruiz posted on January 3."

    assert attributed(body) == [("We won,", "Dana Ruiz", "posted", None)]


def test_song_and_film_titles_are_not_speech():
    body = (
        "The band’s hit “Northern Lights” closed the show. Then came the film “The Long Road” "
        "and a medley of “Blue Monday” and “True Faith” by the original cast. "
        "“It was magic,” said Amara Nwosu, the singer."
    )
    quotes = find_quotes(body)
    titles = [q.text for q in quotes if is_title_quote(q, body)]

    assert titles == ["Northern Lights", "The Long Road", "Blue Monday", "True Faith"]
    for quote in quotes[:4]:
        assert (quote.speaker, quote.speaker_key, quote.verb) == (None, None, None)
    assert (quotes[4].speaker, quotes[4].verb) == ("Amara Nwosu", "said")


def test_title_after_a_possessive_and_before_an_apposition():
    body = (
        "The two leaders played ABBA’s “Waterloo” and then “Golden Hour,” the theme song "
        "of the games."
    )

    assert all(is_title_quote(q, body) for q in find_quotes(body))


def test_short_capitalised_speech_is_not_a_title():
    body = "Governor Tom Hale was asked about the vote. “Absolutely,” he said."
    quote = only(body)

    assert not is_title_quote(quote, body)
    assert (quote.speaker, quote.verb) == ("Tom Hale", "said")


def test_british_single_quotes():
    body = (
        "Sir Keir Starmer, the prime minister, spoke in London. "
        "‘We will not back down,’ the prime minister said. "
        "He called the leaders’ talks ‘deeply worrying’."
    )

    assert attributed(body) == [
        ("We will not back down,", "Keir Starmer", "said", None),
        ("deeply worrying", "Keir Starmer", "called", None),
    ]


def test_unattributed_quote_has_no_speaker():
    body = "The sign outside read “Closed for repairs.”"

    assert attributed(body) == [("Closed for repairs.", None, None, None)]


def test_speed_on_ten_ordinary_articles():
    paragraph = (
        "Prime Minister Hana Moriyama met President Lee Min-ho in Busan on Jan. 13, "
        "where the U.S. envoy Dr. Kwame Osei joined them for 4.5 hours. “We made progress, "
        "and we will meet again,” Moriyama wrote on X. Lee said the talks were “frank and "
        "useful.” He added that both sides would “keep working.” Officials in South Korea "
        "said the next round could start in March, according to the presidential office."
    )
    article = "\n\n".join([paragraph] * 10)  # about 700 words
    started = time.perf_counter()
    for _ in range(10):
        find_quotes(article, split_sentences(article))
    assert time.perf_counter() - started < 1.0


def test_colon_after_a_name_without_a_speech_verb():
    body = "Opposition leader Marta Schulz disagreed: “This government has lost its majority.”"

    assert attributed(body) == [
        ("This government has lost its majority.", "Marta Schulz", "disagreed", None)
    ]


def test_title_then_name_in_commas_before_the_verb():
    body = "The prime minister, Keir Starmer, said the deal was “a turning point.”"

    assert attributed(body) == [("a turning point.", "Keir Starmer", "said", None)]
