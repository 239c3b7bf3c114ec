"""Numbers and quantities in news text: values, units, approximators, exclusions."""

import pytest

from articles.analysis.detection.numbers import find_numbers, numbers_equal, plural, singular
from articles.analysis.detection.types import NumberMention


def only(body) -> NumberMention:
    mentions = find_numbers(body)
    assert len(mentions) == 1, mentions
    return mentions[0]


def described(body) -> list[tuple[str, float, str, bool]]:
    return [(m.text, m.value, m.unit, m.approximate) for m in find_numbers(body)]


def test_offsets_are_exact():
    body = "Nearly 1,200 firefighters and €4.5bn in aid were sent, with two K‑pop stars."
    mentions = find_numbers(body)
    assert len(mentions) == 3
    for mention in mentions:
        assert body[mention.start : mention.end] == mention.text


@pytest.mark.parametrize(
    "body, text, value, unit",
    [
        ("Police arrested 300 protesters.", "300", 300, "protester"),
        ("The quake killed 1,200 people.", "1,200", 1200, "person"),
        ("A 4.5 magnitude quake struck.", "4.5", 4.5, "quake"),
        ("The ship carried 12 crew members.", "12", 12, "member"),
        ("Officials counted 3 buses and more.", "3", 3, "bus"),
        ("Pupils from 4 classes took part.", "4", 4, "class"),
        ("Flooding hit 5 cities overnight.", "5", 5, "city"),
        ("Inspectors opened 40 boxes.", "40", 40, "box"),
    ],
)
def test_digits_and_singular_units(body, text, value, unit):
    mention = only(body)
    assert (mention.text, mention.value, mention.unit) == (text, value, unit)
    assert not mention.approximate


@pytest.mark.parametrize(
    "body, text, value",
    [
        ("Two climbers were rescued.", "Two", 2),
        ("Twenty-one climbers were rescued.", "Twenty-one", 21),
        ("Twenty\u2011one climbers were rescued.", "Twenty\u2011one", 21),
        ("A dozen climbers were rescued.", "A dozen", 12),
        ("Half a dozen climbers were rescued.", "Half a dozen", 6),
        ("Two hundred and fifty climbers were rescued.", "Two hundred and fifty", 250),
        ("A million climbers were rescued.", "A million", 1_000_000),
        ("Three thousand climbers were rescued.", "Three thousand", 3000),
    ],
)
def test_number_words(body, text, value):
    mention = only(body)
    assert (mention.text, mention.value, mention.unit) == (text, value, "climber")


def test_two_separate_number_words_stay_separate():
    assert [m.value for m in find_numbers("Two or three boats capsized.")] == [2, 3]


def test_non_breaking_hyphen_in_noun_phrase():
    mention = only("The duo performed two K\u2011pop tracks together.")
    assert (mention.text, mention.value, mention.unit) == ("two", 2, "track")


def test_adjectives_between_number_and_noun_are_skipped():
    assert only("Both wore two matching jackets.").unit == "jacket"
    assert only("The two Asian neighbours agreed.").unit == "neighbour"
    assert only("Gunmen shot two armed guards.").unit == "guard"


def test_phrase_stops_at_a_verb_or_preposition():
    assert only("The 300 guests attended dinner.").unit == "guest"
    assert only("Later the two played along.").unit == ""
    assert only("Seven of the judges agreed.").unit == ""


@pytest.mark.parametrize(
    "body, text, value, unit",
    [
        ("The bridge cost $4 million to build.", "$4 million", 4_000_000, "$"),
        ("Brussels pledged €1.2bn in loans.", "€1.2bn", 1_200_000_000, "€"),
        ("The fine was £3.5m.", "£3.5m", 3_500_000, "£"),
        ("Donors raised 4 million dollars.", "4 million dollars", 4_000_000, "$"),
        ("Tickets cost ₩1,000 each.", "₩1,000", 1000, "₩"),
        ("Seoul set aside 2 trillion won.", "2 trillion won", 2e12, "₩"),
        ("The firm paid US$300,000 in fees.", "US$300,000", 300_000, "$"),
        ("Rents reached HK$20,000 a month.", "HK$20,000", 20_000, "hk$"),
        ("Tokyo approved 1.5 billion yen.", "1.5 billion yen", 1.5e9, "¥"),
        ("The deal is worth USD 40 million.", "USD 40 million", 40_000_000, "$"),
    ],
)
def test_currency_and_scale(body, text, value, unit):
    mention = only(body)
    assert (mention.text, mention.value, mention.unit) == (text, value, unit)


def test_scale_words_after_digits():
    assert only("The app has 2.3 million users.").value == 2_300_000
    assert only("The app has 300k users.").value == 300_000
    assert only("The app has 2.3 million users.").unit == "user"


def test_metre_is_not_million_without_currency():
    mention = only("She won the 100m final.")
    assert (mention.value, mention.unit) == (100, "m")


def test_glued_m_before_a_plural_is_million():
    mention = only("The storm left 1.5m homes without power.")
    assert (mention.value, mention.unit) == (1_500_000, "home")


def test_a_count_above_one_wants_a_plural_invariant_or_short_unit():
    assert only("Three remain in hospital.").unit == ""
    assert only("The firm employs 300 staff.").unit == "staff"
    assert only("Police deployed 200 police.").unit == "police"
    assert only("The trail is 50 km long.").unit == "km"


@pytest.mark.parametrize(
    "body, text, unit",
    [
        ("Turnout rose 12% in the north.", "12%", "percent"),
        ("Turnout rose 12 percent in the north.", "12 percent", "percent"),
        ("Turnout rose 12 per cent in the north.", "12 per cent", "percent"),
        ("Support fell 3 percentage points.", "3 percentage points", "percentage point"),
    ],
)
def test_percentages(body, text, unit):
    mention = only(body)
    assert (mention.text, mention.value, mention.unit) == (text, 12 if "12" in text else 3, unit)


@pytest.mark.parametrize(
    "approximator",
    [
        "about",
        "around",
        "nearly",
        "almost",
        "more than",
        "over",
        "some",
        "roughly",
        "at least",
        "up to",
        "an estimated",
        "More than",
    ],
)
def test_approximators(approximator):
    mention = only(f"Officials said {approximator} 300 homes were damaged.")
    assert (mention.value, mention.unit, mention.approximate) == (300, "home", True)


def test_approximate_collectives():
    assert described("Hundreds of fans waited outside.") == [("Hundreds", 100, "fan", True)]
    assert described("Tens of thousands of people marched.") == [
        ("Tens of thousands", 10_000, "person", True)
    ]
    assert described("Dozens of shops were looted.") == [("Dozens", 12, "shop", True)]


def test_trailing_approximators():
    assert only("The 300-odd villagers fled.").approximate
    assert only("A crowd of 500 or so gathered.").approximate


def test_ranges_share_their_unit():
    assert described("Between 300 and 400 guests came.") == [
        ("300", 300, "guest", False),
        ("400", 400, "guest", False),
    ]
    assert [m.unit for m in find_numbers("300-400 guests came.")] == ["guest", "guest"]


def test_score_shares_its_unit():
    assert described("The court ruled 7 votes to 2.") == [
        ("7", 7, "vote", False),
        ("2", 2, "vote", False),
    ]


def test_hyphenated_unit():
    assert only("A 12-member panel will decide.").unit == "member"
    assert only("A 30-year-old man was arrested.").unit == "year"
    assert only("The two-day visit ended.").unit == "day"


# Exclusions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The summit opened on Jan. 13, 2026 in Nara.",
        "The summit opened on 13 January 2026.",
        "The summit opened on January 14-15, 2026.",
        "The summit opened 2026-01-13.",
        "The summit opened in 2019.",
        "The summit opened two days ago.",
        "She posted as @user48 and @k_pop_2026 on the site.",
        "Watch https://t.co/2H8u268gsP pic.twitter.com/QwQ7iDC4Sk now.",
        "See https://example.com/story?id=300&page=2 for more.",
        "Tag #G20 and #2026Summit trended.",
        "Call +82 2 1234 5678 or (02) 555-0199 or 555-123-4567.",
        "Kick-off is at 14:05 or 3 p.m. local time.",
        "The G7 and COVID-19 dominated; MH370 was never found.",
        "It was the 48th edition and the 1990s revival.",
        "The service runs 24/7 and covers 9/11 memorials.",
        "Under Article 9 and No. 1 in the charts.",
        "The 2026 budget was passed.",
        "One of the temples was closed.",
        "No one was hurt.",
        "The one who spoke was fined.",
        "It was a one-off event.",
    ],
)
def test_not_quantities(body):
    assert find_numbers(body) == []


def test_one_counting_a_noun_is_kept():
    assert described("We will work with one heart.") == [("one", 1, "heart", False)]


def test_one_followed_by_a_verb_is_dropped():
    assert find_numbers("The clip, especially one shared widely, went viral.") == []


def test_alphanumeric_tokens_are_not_quantities_but_words_nearby_still_count():
    assert described("Leaders of the G7 met two K-pop stars.") == [("two", 2, "star", False)]


def test_numbers_next_to_emoji():
    assert described("🇯🇵🤝🇰🇷 300 fans 🎉 cheered") == [("300", 300, "fan", False)]


def test_dollar_year_lookalike_is_a_price():
    assert described("The watch sold for $2026.") == [("$2026", 2026, "$", False)]


def test_separated_thousands_are_not_years():
    assert described("Nearly 2,000 people signed.") == [("2,000", 2000, "person", True)]


def test_bare_four_digit_count_after_an_approximator_is_kept():
    assert only("About 1900 pupils sat the test.").value == 1900


# Singular and comparison ---------------------------------------------------------


@pytest.mark.parametrize(
    "plural, singular_form",
    [
        ("tracks", "track"),
        ("Cities", "city"),
        ("classes", "class"),
        ("boxes", "box"),
        ("churches", "church"),
        ("houses", "house"),
        ("people", "person"),
        ("women", "woman"),
        ("campus", "campus"),
        ("news", "news"),
        ("K\u2011pop", "k-pop"),
    ],
)
def test_singular(plural, singular_form):
    assert singular(plural) == singular_form


def mention(value, unit, *, approximate=False):
    return NumberMention(0, 1, "x", value, unit=unit, approximate=approximate)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (mention(300, "guest"), mention(300, "guest"), True),
        (mention(300, "guest"), mention(250, "guest"), False),
        (mention(300, "guest"), mention(290, "guest", approximate=True), True),
        (mention(300, "guest", approximate=True), mention(260, "guest"), False),
        (mention(300, "guest"), mention(300, "vote"), None),
        (mention(2, ""), mention(3, ""), None),
        (mention(2, "track"), mention(2, ""), None),
        (mention(4e6, "$"), mention(4e6, "$"), True),
        (mention(4e6, "$"), mention(5e6, "$"), False),
        (mention(4e6, "$"), mention(4e6, "hk$"), True),
        (mention(4e6, "hk$"), mention(4e6, "a$"), None),
        (mention(4e6, "$"), mention(4e6, "€"), None),
        (mention(12, "percent"), mention(12.0, "percent"), True),
        (mention(12, "percent"), mention(12, "percentage point"), None),
    ],
)
def test_numbers_equal(a, b, expected):
    assert numbers_equal(a, b) is expected
    assert numbers_equal(b, a) is expected


def test_numbers_equal_on_found_mentions():
    a = only("Organisers said about 4,000 fans attended.")
    b = only("Some 3,800 fans were there, police said.")
    c = only("Exactly 2,500 fans attended.")
    assert numbers_equal(a, b) is True
    assert numbers_equal(a, c) is False
    assert numbers_equal(only("The two countries agreed."), only("Three countries objected.")) is (
        False
    )


@pytest.mark.parametrize(
    "body, value",
    [
        ("Over 2 lakh devotees attended the event.", 200_000),
        ("The damage is put at 1.5 lakhs of rupees.", 150_000),
        ("The state paid 4 crore to the families.", 40_000_000),
    ],
)
def test_south_asian_scales(body, value):
    assert only(body).value == value


@pytest.mark.parametrize(
    "body, value, text",
    [
        ("The guidelines call for 12 1/2 years in prison.", 12.5, "12 1/2"),
        ("The guidelines call for 12½ years in prison.", 12.5, "12½"),
        ("The river rose 3-1/4 metres overnight.", 3.25, "3-1/4"),
    ],
)
def test_whole_digits_and_a_fraction_are_one_number(body, value, text):
    mention = only(body)
    assert (mention.value, mention.text) == (value, text)


def test_a_date_written_with_slashes_is_no_fraction():
    assert [m.value for m in find_numbers("On 12 1/2/2020, 40 people were hurt.")][-1] == 40


@pytest.mark.parametrize(
    "body, text, value",
    [
        ("The state announced Rs 2 lakh for each family.", "Rs 2 lakh", 200_000),
        ("The state announced Rs. 50,000 for each family.", "Rs. 50,000", 50_000),
        ("The state announced Rs 4 crore for the hospital.", "Rs 4 crore", 40_000_000),
    ],
)
def test_rupees_written_rs(body, text, value):
    mention = only(body)
    assert (mention.text, mention.value, mention.unit) == (text, value, "₹")


def test_a_flight_number_after_the_airline_code_is_no_count():
    assert [m.value for m in find_numbers("All 181 people on Flight 7C 2216 were killed.")] == [181]


@pytest.mark.parametrize(
    "body", ["about 300-odd climbers", "some 300-plus climbers", "300 or more climbers"]
)
def test_a_hedge_after_a_number_is_no_unit_and_the_noun_follows_it(body):
    (mention,) = find_numbers(body)
    assert (mention.value, mention.unit, mention.approximate) == (300, "climber", True)


def test_a_number_after_a_word_and_a_colon_is_a_number_but_minutes_are_not():
    assert [(m.value, m.unit) for m in find_numbers("Greens:38 seats")] == [(38, "seat")]
    assert find_numbers("at 3:05") == []


def test_a_hanging_hyphen_range_shares_the_unit_said_once():
    assert [(m.value, m.unit) for m in find_numbers("a 15- to 20-metre boat")] == [
        (15, "metre"),
        (20, "metre"),
    ]


@pytest.mark.parametrize(
    ("body", "values"),
    [
        ("The arena seats 18 500 fans and 2 000 stood outside.", [18500, 2000]),
        ("It cost 1 250 000 euros.", [1250000]),
        ("On March 15 200 people marched.", [200]),
        ("In 2019 300 people died.", [300]),
    ],
)
def test_thousands_set_off_by_spaces_are_one_number(body, values):
    assert [m.value for m in find_numbers(body)] == values


@pytest.mark.parametrize(
    ("body", "value", "unit"),
    [
        ("trapped more than a mile underground", 1, "mile"),
        ("a kilometre from the harbour", 1, "kilometre"),
        ("about half an hour after the start", 0.5, "hour"),
    ],
)
def test_a_unit_with_an_article_is_one_of_that_unit(body, value, unit):
    (mention,) = find_numbers(body)
    assert (mention.value, mention.unit) == (value, unit)


@pytest.mark.parametrize("body", ["a mile-long queue", "an hourly bus", "paid 900 a week"])
def test_an_article_before_a_compound_or_a_rate_is_no_number(body):
    assert [m.value for m in find_numbers(body)] in ([], [900])


@pytest.mark.parametrize(
    ("noun", "plural_form"),
    [
        ("child", "children"),
        ("bus", "buses"),
        ("ferry", "ferries"),
        ("ambulance", "ambulances"),
        ("workers", "workers"),
        ("children", "children"),
        ("staff", "staff"),
    ],
)
def test_plural_of_a_noun(noun, plural_form):
    assert plural(noun) == plural_form


@pytest.mark.parametrize(
    ("a", "b", "equal"),
    [
        ("51.9% voted", "51.89% voted", True),
        ("a speed of 62 mph", "a speed of 62.4 mph", True),
        ("a speed of 62 mph", "a speed of 63 mph", False),
        ("$3.1 billion", "$3.12 billion", True),
        ("$3.1 billion", "$3.2 billion", False),
    ],
)
def test_rounding_is_no_disagreement(a, b, equal):
    assert numbers_equal(only(a), only(b)) is equal


@pytest.mark.parametrize(
    "body", ["Ask about the dead at 00351210000111, it said.", "Call 8005550100 for news."]
)
def test_a_long_unbroken_run_of_digits_is_a_phone_number(body):
    assert find_numbers(body) == []
