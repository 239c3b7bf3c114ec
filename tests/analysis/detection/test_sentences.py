from articles.analysis.detection.sentences import paragraph_spans, split_sentences


def texts(body):
    return [s.text for s in split_sentences(body)]


def assert_offsets_round_trip(body):
    for sentence in split_sentences(body):
        assert body[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_offsets_indexes_and_paragraphs():
    body = "The council met. It voted twice.\n\nThe mayor left early. Nobody noticed."
    sentences = split_sentences(body)

    assert [s.text for s in sentences] == [
        "The council met.",
        "It voted twice.",
        "The mayor left early.",
        "Nobody noticed.",
    ]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]
    assert_offsets_round_trip(body)


def test_paragraph_break_is_a_hard_boundary_even_without_a_full_stop():
    body = "Key Facts\n\nThe vote passed"

    assert texts(body) == ["Key Facts", "The vote passed"]
    assert [s.paragraph for s in split_sentences(body)] == [0, 1]


def test_line_break_inside_a_paragraph_ends_a_sentence():
    body = "Posted by the ministry\nThe statement followed."

    assert texts(body) == ["Posted by the ministry", "The statement followed."]
    assert {s.paragraph for s in split_sentences(body)} == {0}


def test_abbreviations_jan_mr_dr_gov_st_no_vs():
    body = (
        "Mr. Okafor met Dr. Lindqvist on Jan. 13 at St. Mary's hospital. "
        "Gov. Hale ranked it No. 3 in the Smith vs. Jones ruling. The end."
    )

    assert texts(body) == [
        "Mr. Okafor met Dr. Lindqvist on Jan. 13 at St. Mary's hospital.",
        "Gov. Hale ranked it No. 3 in the Smith vs. Jones ruling.",
        "The end.",
    ]


def test_dotted_abbreviation_continues_unless_a_sentence_opener_follows():
    body = "The U.S. Senate voted. Trade with the U.S. The deal was signed in the U.S. capital."

    assert texts(body) == [
        "The U.S. Senate voted.",
        "Trade with the U.S.",
        "The deal was signed in the U.S. capital.",
    ]


def test_no_is_only_an_abbreviation_before_a_number():
    assert texts("He said no. Okafor left.") == ["He said no.", "Okafor left."]


def test_initials_do_not_end_a_sentence():
    body = "The report is by M. H. Lee and J. R. Okafor. It ran on Monday."

    assert texts(body) == ["The report is by M. H. Lee and J. R. Okafor.", "It ran on Monday."]


def test_decimals_do_not_end_a_sentence():
    assert texts("Growth was 4.5 percent. Prices rose 0.3%.") == [
        "Growth was 4.5 percent.",
        "Prices rose 0.3%.",
    ]


def test_ellipsis_ends_a_sentence_only_before_a_capital():
    assert texts("She paused … and went on. He waited... Then he left.") == [
        "She paused … and went on.",
        "He waited...",
        "Then he left.",
    ]


def test_urls_and_email_addresses_are_not_split():
    body = (
        "Details are at https://example.org/a.b?x=1 and www.city.gov.uk. "
        "Write to press@city.gov.uk. Thanks."
    )

    assert texts(body) == [
        "Details are at https://example.org/a.b?x=1 and www.city.gov.uk.",
        "Write to press@city.gov.uk.",
        "Thanks.",
    ]


def test_closing_quote_after_the_full_stop_stays_with_its_sentence():
    body = (
        "“We are done here.” He left. She called it “a farce.” (The hearing ended.) Then silence."
    )

    assert texts(body) == [
        "“We are done here.”",
        "He left.",
        "She called it “a farce.”",
        "(The hearing ended.)",
        "Then silence.",
    ]


def test_quotation_over_several_sentences_stays_split_by_sentence():
    body = '"It was hard. We kept going," Okafor said.'

    assert texts(body) == ['"It was hard.', 'We kept going," Okafor said.']


def test_question_in_quotes_before_a_lowercase_attribution_is_one_sentence():
    body = '"Why?" she asked. “Who knows!” exclaimed the mayor. Then they left.'

    assert texts(body) == [
        '"Why?" she asked.',
        "“Who knows!” exclaimed the mayor.",
        "Then they left.",
    ]


def test_question_in_quotes_before_a_named_attribution_is_one_sentence():
    body = "“Why not?” Rafael Ortiz asked reporters. The room laughed."

    assert texts(body) == ["“Why not?” Rafael Ortiz asked reporters.", "The room laughed."]


def test_question_in_quotes_before_a_new_sentence_is_split():
    body = "“Why not?” The question hung in the air."

    assert texts(body) == ["“Why not?”", "The question hung in the air."]


def test_emoji_and_non_breaking_hyphens_do_not_split():
    body = (
        "The K\u2011pop duo 🇯🇵🤝🇰🇷 played a light\u2011hearted set. "
        "Fans cheered. 🎉 The show ended."
    )

    assert texts(body) == [
        "The K\u2011pop duo 🇯🇵🤝🇰🇷 played a light\u2011hearted set.",
        "Fans cheered. 🎉",
        "The show ended.",
    ]
    assert_offsets_round_trip(body)


def test_offsets_round_trip_on_messy_text():
    body = (
        "NAIROBI, Kenya (AP) — Dr. Wanjiru spoke.  Mr. Otieno (left) disagreed!\n"
        "“Really?” he asked…\n\n\n— a.b@c.ke (pic.twitter.com/Ab1) Jan. 5, 2026"
    )

    assert_offsets_round_trip(body)
    assert texts(body)[-1] == "— a.b@c.ke (pic.twitter.com/Ab1) Jan. 5, 2026"


def test_paragraph_spans_skip_blank_paragraphs():
    body = "One.\n\nTwo.\n\n\n\nThree."

    assert [body[a:b] for a, b in paragraph_spans(body)] == ["One.", "Two.", "Three."]


def test_empty_body_has_no_sentences():
    assert split_sentences("") == []
