"""Facts: figures read with what they count, compared across reports one by
one, whatever sentence they sit in. All texts are invented."""

import datetime

import pytest

from articles.analysis.detection.engine import ArticleInput, analyse, detect
from articles.analysis.detection.facts import compare


def facts(text, measure=None):
    found = [f for _, f in analyse(ArticleInput(0, "x", text)).facts]
    return [f for f in found if measure is None or f.measure == measure]


def fact(text, measure):
    (found,) = facts(text, measure)
    return found


def story(*bodies):
    return [ArticleInput(n, f"r{n}", body, label=f"Outlet {n}") for n, body in enumerate(bodies)]


def numbers(candidates):
    return [c for c in candidates if c.kind == "number"]


def dates(candidates):
    return [c for c in candidates if c.kind == "date"]


@pytest.mark.parametrize(
    "text",
    [
        "The storm killed 14 people in the valley.",
        "Officials said 14 were dead after the storm.",
        "The death toll rose to 14 on Monday.",
        "There were 14 fatalities, police said.",
        "The flood claimed 14 lives in the valley.",
    ],
)
def test_synonymous_nouns_and_verbs_all_count_the_dead(text):
    assert fact(text, "killed").value == 14


def test_each_figure_of_a_sentence_is_its_own_fact():
    found = facts("The blast killed 6 workers and injured 31 others at the depot.")

    assert {(f.measure, f.value) for f in found} == {("killed", 6), ("injured", 31)}


def test_figures_that_disagree_are_compared_though_their_sentences_differ():
    candidates = detect(
        story(
            "A landslide hit the hill town of Vessa on Sunday. Rescuers said it killed 18 people.",
            "Heavy rain loosened the slopes above Vessa for a week. The dead numbered 25, "
            "the regional governor told a news conference.",
        )
    )

    (toll,) = numbers(candidates)
    assert toll.title == "Death toll: 18 against 25"
    assert "different exact figures" in toll.explanation


def test_counts_of_different_people_are_not_compared():
    candidates = detect(
        story(
            "The fire killed 9 children at the school.",
            "The fire at the school killed 40 people, among them 9 children.",
        )
    )

    assert numbers(candidates) == []


def test_counts_narrowed_to_a_place_are_not_compared_with_other_places():
    candidates = detect(
        story(
            "Floods killed 12 people in Marlow province on Friday.",
            "Floods killed 30 people in Tennant province, officials said.",
        )
    )

    assert numbers(candidates) == []


@pytest.mark.parametrize(
    ("a", "b", "weight"),
    [
        ("at least 212 people were killed", "at least 230 people were killed", 0.6),
        ("more than 210 people were killed", "at least 212 people were killed", None),
        ("around 250 people were killed", "at least 212 people were killed", 0.45),
        ("212 people were killed", "at least 200 people were killed", None),
        ("at least 5,100 people were killed", "11,300 people were killed", 0.45),
        ("at least 900 people were killed", "at least 2,000 people were killed", 0.6),
        ("212 people were killed", "at least 230 people were killed", 0.8),
        ("212 people were killed", "230 people were killed", 1.0),
        ("dozens of people were killed", "at least 30 people were killed", None),
        ("nearly 74 people were killed", "66 people were killed", 0.8),
        ("nearly 74 people were killed", "72 people were killed", None),
        ("at least 67 people were killed", "67 people were killed", None),
        ("up to 40 people were killed", "40 people were killed", None),
        ("at least 717 people were killed", "769 people were killed", 0.3),
        ("as many as 98 people were killed", "91 people were killed", 0.3),
        ("more than 200 people were killed", "250 people were killed", None),
    ],
)
def test_hedged_figures_are_weighed(a, b, weight):
    assert compare(fact(a, "killed"), fact(b, "killed")) == weight


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("The line runs 16 km long.", "The line runs 10 miles long.", True),
        ("The road is 200 miles long.", "The road is 250 km long.", False),
        ("Gusts reached 62.4 mph on the coast.", "Gusts reached 62 mph on the coast.", True),
        ("Gusts reached 100 km/h on the coast.", "Gusts reached 62 mph on the coast.", True),
    ],
)
def test_units_are_converted_before_comparing(a, b, agree):
    (fa,), (fb,) = facts(a), facts(b)

    assert fa.measure == fb.measure
    assert (compare(fa, fb) is None) is agree


@pytest.mark.parametrize(
    "text",
    [
        "A magnitude-6.1 quake shook the coast.",
        "A 6.1-magnitude quake shook the coast.",
        "The quake had a magnitude of 6.1.",
        "The quake, measuring 6.1, shook the coast.",
    ],
)
def test_magnitudes_in_every_form(text):
    assert fact(text, "magnitude").value == 6.1


def test_aftershock_magnitudes_are_apart_from_the_main_shock():
    assert fact("A magnitude-4.2 aftershock followed.", "magnitude").subject == "aftershock"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("The train left at 4:30 p.m. on the dot.", 16 * 60 + 30),
        ("The train left at 4.30pm on the dot.", 16 * 60 + 30),
        ("The train left at 16:30 on the dot.", 16 * 60 + 30),
        ("The train left at 9 am on the dot.", 9 * 60),
    ],
)
def test_clock_times_in_every_form(text, minutes):
    assert fact(text, "time").value == minutes


def test_times_that_differ_are_a_candidate_and_equal_ones_are_not():
    different = detect(story("The ferry sank at 4:30 p.m. off the cape.", "It sank at 17:10."))
    equal = detect(story("The ferry sank at 4:30 p.m. off the cape.", "It sank at 16:30."))

    assert [c.title for c in dates(different)] == ["Time: 4:30 p.m. against 17:10"]
    assert dates(equal) == []


def test_times_of_different_happenings_do_not_compare():
    candidates = detect(
        story(
            "The jet took off from the capital at 2 a.m. with 90 aboard.",
            "It crashed on landing at 9 a.m. with 90 aboard.",
        )
    )

    assert dates(candidates) == []


def test_a_time_is_the_main_clauses_happening_too():
    candidates = detect(
        story(
            "The tram collided with a van at around 5:47 p.m. downtown.",
            "The collision came just after leaving the depot at 5.40 pm.",
        )
    )

    assert [c.title for c in dates(candidates)] == ["Time: around 5:47 p.m. against 5.40 pm"]


def test_words_before_an_earlier_date_of_the_sentence_are_not_a_later_dates():
    candidates = detect(
        story(
            "He landed in the city on Friday and signed the deal on Saturday.",
            "He landed in the city on Saturday.",
        )
    )

    # Saturday is the signing's, not the landing's: the landing days differ.
    assert [c.title for c in dates(candidates)] == ["Date: Friday against Saturday"]


def test_a_measure_used_as_an_adjective_measures_its_noun():
    assert [(f.subject, f.value) for f in facts("A 300-metre stretch gave way.", "[length]")] == [
        ("stretch", 300.0)
    ]
    assert [(f.subject, f.value) for f in facts("The 40-ton barge sank.", "[mass]")] == [
        ("barg", 40000.0)
    ]


def test_a_time_in_brackets_after_a_time_is_a_conversion():
    times = facts("The fire broke out at 11 p.m. local time (3 p.m. GMT) on Friday.", "time")

    assert [t.shown() for t in times] == ["11 p.m."]


def test_an_update_stamp_is_not_a_time_of_anything():
    assert facts("UPDATE: 4:15PM EST", "time") == []


def test_a_weekday_written_with_a_day_is_compared_as_written():
    # 9 March 2031 is a Sunday: the report's own slip, not a second day.
    dated = ArticleInput(
        0, "r0", "The dam burst on Friday, March 9, flooding the town.", datetime.date(2031, 3, 9)
    )
    candidates = detect(
        [dated, ArticleInput(1, "r1", "The dam burst on Friday, flooding the town.")]
    )

    assert dates(candidates) == []


def test_a_date_after_since_dates_when_a_state_began():
    candidates = detect(
        story(
            "The climbers were trapped on the ridge since Sunday.",
            "The climbers were trapped on the ridge until Tuesday.",
            "The climbers were trapped on the ridge since Monday.",
        )
    )

    assert [c.title for c in dates(candidates)] == ["Date: Sunday against Monday"]


def test_a_match_minute_is_the_named_players():
    candidates = detect(
        story(
            "Dana Voss opened the scoring in the 14th minute and Ola Brandt added a second.",
            "The rout began in the 16th minute when Dana Voss headed home.",
            "Ola Brandt scored 30 minutes into the game.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Minute (Voss): 14th minute against 16th minute"
    ]


def test_nearly_a_figure_agrees_with_that_figure_exactly():
    candidates = detect(
        story(
            "The strike lasted nearly six weeks before the union gave in.",
            "The six-week strike ended when the union gave in.",
        )
    )

    assert numbers(candidates) == []


def test_two_counts_joined_by_and_are_also_their_total():
    candidates = detect(
        story(
            "The ferry had 310 passengers and 20 crew on board when it ran aground.",
            "The ferry was carrying 290 passengers and crew when it ran aground.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "On board (passenger and crew): 310 passengers and 20 crew against 290 passengers"
    ]


def test_a_figure_equal_to_the_other_reports_sum_of_parts_agrees():
    candidates = detect(
        story(
            "The airliner was carrying 140 passengers and eight crew when it landed.",
            "The airliner was carrying 148 passengers when it landed.",
        )
    )

    assert numbers(candidates) == []


def test_counts_among_the_dead_and_among_the_injured_are_two_groups():
    candidates = detect(
        story(
            "Four Peruvians were among the dead, the embassy said.",
            "Two Peruvians were among the injured, the embassy said.",
        )
    )

    assert numbers(candidates) == []


def test_votes_compare_as_a_score():
    candidates = detect(
        story(
            "Parliament voted 312 to 290 to approve the treaty.",
            "Lawmakers passed it by 312-288 in a late vote.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Vote: 312–290 against 312–288"]


def test_amounts_compare_by_what_they_pay_for_and_per_what():
    candidates = detect(
        story(
            "The project will cost $12 million, the council said.",
            "Officials put the price at $21 million after the vote.",
            "He will earn $3 million a year under the contract.",
        )
    )

    (amount,) = numbers(candidates)
    assert amount.title == "Amount (cost): $12 million against $21 million"


def test_ages_belong_to_their_person():
    candidates = detect(
        story(
            "The driver, Tomas Varga, 41, was arrested at the scene.",
            "Police detained Tomas Varga, a 44-year-old local man.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Age: 41 against 44"]


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("Voters in the other 12 districts backed the plan.", 12),
        ("Nine of the 40 districts voted against it.", 9),
        ("Rescuers found 5 more bodies on Tuesday.", 5),
    ],
)
def test_parts_and_differences_are_not_the_count(text, part):
    assert part not in [f.value for f in facts(text)]


def test_a_possessive_day_dates_the_noun_after_it():
    candidates = detect(
        [
            ArticleInput(0, "a", "Aid arrived after Monday's landslide.", label="A"),
            ArticleInput(1, "b", "Aid was sent on Tuesday to the villages.", label="B"),
        ]
    )

    assert dates(candidates) == []


def test_and_a_half_and_periods_before_a_noun_are_durations():
    candidates = detect(
        story(
            "The striker signed a two-year deal with the club on Monday.",
            "The club gave the striker a two-and-a-half-year contract.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Duration (contract): two-year against two-and-a-half-year"
    ]


def test_counts_of_a_plain_noun_in_unrelated_sentences_are_not_compared():
    candidates = detect(
        story(
            "Trade between the three countries fell last year, the ministry said.",
            "The summit ended with a dinner and the two countries signed a fishing pact.",
        )
    )

    assert numbers(candidates) == []


def test_counts_of_synonymous_nouns_are_one_count():
    candidates = detect(
        story(
            "Eight bogies of the night train derailed near Kessel Junction.",
            "Near Kessel Junction, four coaches of the night train derailed.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Number of coaches: Eight bogies against four coaches"
    ]


def test_a_majority_is_a_margin_compared_with_margins():
    candidates = detect(
        story(
            "The bill was defeated by a majority of 230 in the chamber.",
            "Members rejected the bill by 228 votes on Tuesday night.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Margin: 230 against 228 votes"]
    assert facts("The measure passed with a majority of 7,000 votes.", "voted") == []


def test_a_measure_in_two_units_is_one_fact():
    candidates = detect(
        story(
            "The judge sentenced the banker to 11 years and three months in prison.",
            "The banker was jailed for 135 months, the court said.",
        )
    )

    assert numbers(candidates) == []


def test_amounts_for_restitution_compare_with_each_other():
    candidates = detect(
        story(
            "He was ordered to pay $452 million in restitution to investors.",
            "The court set restitution at $425 million on Friday.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Amount (damages): $452 million against $425 million"
    ]


def test_people_on_board_and_a_joined_count_are_not_the_same_count():
    candidates = detect(
        story(
            "The plane was carrying 72 passengers and crew when it crashed.",
            "There were 68 passengers aboard the plane when it crashed.",
        )
    )

    assert numbers(candidates) == []
    assert fact("There were 68 passengers aboard the plane.", "aboard").value == 68


def test_figures_read_as_different_measures_still_meet_in_like_sentences():
    candidates = detect(
        story(
            "Rescuers saved 40 people from the flooded metro station on Monday.",
            "Rescuers pulled 46 people from the flooded metro station on Monday.",
        )
    )

    assert len(numbers(candidates)) == 1


def test_an_ordinal_counts_at_least_that_many():
    found = fact("Police said a third suspect was arrested on Sunday.", "arrested")

    assert (found.value, found.hedge, found.subject) == (3, "at least", "suspect")
    candidates = detect(
        story(
            "Police said a third suspect was arrested on Sunday in the port.",
            "Two suspects were arrested in the port, police said.",
        )
    )
    assert [c.title for c in numbers(candidates)] == [
        "Arrests (suspect): a third suspect against Two suspects"
    ]


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("Between 300 and 400 people were evacuated from the valley.", (300, 400)),
        ("The storm killed 300-400 people in the valley.", (300, 400)),
        ("The flood killed 10 to 20 people in the valley.", (10, 20)),
    ],
)
def test_a_range_is_one_fact_with_its_bounds(text, bounds):
    (found,) = [f for f in facts(text) if f.measure in ("killed", "evacuated")]

    assert found.bounds() == bounds


def test_a_range_agrees_with_a_figure_inside_it_and_not_with_one_outside():
    inside = detect(story("The storm killed 300-400 people.", "The storm killed 350 people."))
    outside = detect(story("The storm killed 300-400 people.", "The storm killed 450 people."))

    assert numbers(inside) == []
    assert len(numbers(outside)) == 1


def test_a_figure_and_a_count_after_a_dash_are_no_range():
    found = facts("Yes won 66.4 per cent – 1,429,981 votes – of the ballot.")

    assert all(f.low is None for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "The death toll in the coastal town of Marrow Bay has risen to 1,300, officials said.",
        "This brings the total number of fatalities across the two provinces to at least 1,300.",
        "The number of dead in the northern hill districts stood at 1,300 on Friday.",
    ],
)
def test_a_toll_that_rose_to_a_figure_is_read_however_far_its_subject_is(text):
    assert fact(text, "killed").value == 1300


def test_each_fact_of_one_measure_is_compared_on_its_own():
    candidates = detect(
        story(
            "The quake killed 120 people in Lorsk province. In Vadna province it killed 40 people.",
            "At least 150 people were killed in Lorsk province. The toll in Vadna province "
            "rose to 41.",
        )
    )

    titles = sorted(c.title for c in numbers(candidates))
    assert titles == ["Death toll: 120 against At least 150", "Death toll: 40 against 41"]


def test_figures_for_a_place_and_for_two_places_are_different_facts():
    candidates = detect(
        story(
            "The toll across Lorsk and Vadna has risen to 900.",
            "The toll in Lorsk has risen to 700.",
        )
    )

    assert numbers(candidates) == []


def test_a_share_said_to_be_about_a_figure_reaches_less_far_than_a_count():
    about = fact("About 63% of voters said yes.", "percent")

    assert compare(about, fact("57% voted yes.", "percent")) is not None
    assert compare(about, fact("64% voted yes.", "percent")) is None


def test_one_side_of_a_vote_is_not_the_votes_cast():
    (cast,) = facts("In all 2,100,000 people voted.", "voted")
    (against,) = facts("A total of 720,000 voted against the change.", "voted")

    assert (cast.subject, against.subject) == ("", "no")


def test_a_period_written_before_an_amount_is_its_period():
    candidates = detect(
        story(
            "He signed a deal that will earn him an annual salary of €30m.",
            "He will earn €45m a year under the deal, and €865,000 a week.",
        )
    )

    (amount,) = numbers(candidates)
    assert amount.title.endswith("€30m against €45m")


def test_amounts_taken_in_a_fraud_compare_whatever_the_verb():
    candidates = detect(
        story(
            "Prosecutors said he siphoned $8 billion from customers of the exchange.",
            "The fraud swindled $10 billion from customers, investors and lenders.",
        )
    )

    (amount,) = numbers(candidates)
    assert amount.title == "Amount (loss): $8 billion against $10 billion"


def test_figures_both_sentences_give_are_not_compared_with_each_other():
    candidates = detect(
        story(
            "The minister announced payments of ₹10 lakh for each death and ₹2 lakh for "
            "each serious injury.",
            "Payments of ₹10 lakh for each death and ₹2 lakh for each serious injury were "
            "announced by the minister.",
        )
    )

    assert numbers(candidates) == []


def test_a_date_in_a_clause_of_its_own_dates_that_clause():
    candidates = detect(
        story(
            "It was the airport's first crash since it opened on Jan. 1.",
            "The crash happened on Sunday morning near the airport.",
        )
    )

    assert dates(candidates) == []


def test_a_candidates_share_of_the_vote_is_theirs_whatever_the_name_form():
    candidates = detect(
        story(
            "Olga Lind won 52.14 per cent of the vote, the election board said.",
            "Lind secured 52.10 per cent while her rival Piet Moss received 47.90 per cent.",
        )
    )

    (share,) = numbers(candidates)
    assert share.title == "Share (votes|lind): 52.14 per cent against 52.10 per cent"


def test_the_share_of_ballots_counted_is_a_share_of_its_own():
    found = facts("With 98% of ballot boxes counted, Lind led.", "percent")

    assert [(f.subject, f.value) for f in found] == [("counted", 98)]


def test_an_amount_converted_in_brackets_is_the_same_amount_for_the_same_thing():
    found = facts("Regulators imposed a record €1.2 billion ($1.3 billion) fine.", "money")

    assert [(f.subject, f.detail) for f in found] == [
        ("€|fine", ""),
        ("$|fine", "|of €1.2e+09"),
    ]


def test_conversions_of_different_amounts_are_not_compared():
    candidates = detect(
        story(
            "The regulator imposed a €1.2 billion ($1.3 billion) fine on Monday.",
            "A court upheld a €746 million ($1.2 billion) fine last year.",
        )
    )

    assert [c for c in numbers(candidates) if "$" in c.title] == []


def test_a_quantity_of_a_substance_is_a_fact_about_that_substance():
    (found,) = facts(
        "Officials said 2,750 tonnes of the fertiliser ammonium nitrate had been stored."
    )

    assert (found.measure, found.subject, found.value) == ("[mass]", "of nitrat", 2_750_000)


def test_crowd_sizes_compare_whoever_the_crowd_is_said_to_be():
    candidates = numbers(
        detect(
            story(
                "At least 15,000 persons were present at the prayer meeting on Tuesday.",
                "Over 2 lakh devotees attended the prayer meeting, organisers said.",
            )
        )
    )
    assert [c.title for c in candidates] == [
        "Attendance: At least 15,000 persons against Over 2 lakh devotees"
    ]


def test_at_present_is_no_crowd():
    assert [f.measure for f in facts("At present 40 people are missing, police said.")] == [
        "missing"
    ]


def test_an_increment_is_not_the_whole_duration():
    assert facts("The judge added 10 additional years for aggravating factors.", "[time]") == []
    (sentence,) = facts("The guidelines call for a sentence of 12 1/2 years.", "[time]")
    assert sentence.subject == "sentence"


def test_durations_of_an_activity_compare():
    candidates = numbers(
        detect(
            story(
                "He was forced throughout four days of voting to make concessions to his right.",
                "His rival came second through five days of voting with the caucus behind him.",
            )
        )
    )
    assert len(candidates) == 1
    assert candidates[0].title.startswith("Duration (voting)")


def test_seats_compare_party_by_party():
    candidates = numbers(
        detect(
            story(
                "Labour is poised to claim 410 seats, compared to the Conservatives’ 144.",
                "Labour won 410 seats. The Conservative Party is expected to keep 121 seats.",
            )
        )
    )
    assert [c.title for c in candidates] == ["Seats held (Conservative): 144 against 121 seats"]


@pytest.mark.parametrize(
    "text, subject",
    [
        ("Labour won 410 of the 650 seats in parliament.", "seat"),
        ("The Conservatives lost 250 seats on the night.", "seat|conservative change"),
        ("Keir Starmer's Labour won 412 seats.", "seat|labour"),
    ],
)
def test_whose_seats_a_count_is(text, subject):
    assert [f.subject for f in facts(text, "count") if f.value in (650, 250, 412)] == [subject]


@pytest.mark.parametrize(
    "text, subject",
    [
        ("He was sentenced to 25 years in prison.", "sentence"),
        ("Prosecutors had sought a sentence of 50 years.", "sentence sought|prosecution"),
        (
            "The court jailed him, while his lawyers had asked for 6 1/2 years.",
            "sentence sought|defence",
        ),
        ("Facing a potential 100-year sentence, he pleaded guilty.", "sentence risked"),
    ],
)
def test_a_prison_term_asked_for_or_risked_is_not_the_term_given(text, subject):
    (term,) = facts(text, "[time]")
    assert term.subject == subject


def test_terms_asked_for_by_the_same_side_compare():
    candidates = numbers(
        detect(
            story(
                "He got 25 years in prison. His lawyers had asked for just 6 1/2 years.",
                "He got 25 years in prison. His lawyers argued for less: a five-year sentence.",
            )
        )
    )
    assert [c.title for c in candidates] == [
        "Sentence sought (the defence): 6 1/2 years against five-year"
    ]


def test_a_figure_both_sentences_agree_on_pairs_their_other_figures():
    candidates = numbers(
        detect(
            story(
                "The state news agency reported at least 430 deaths in government-held areas "
                "and 1,284 injuries. In the region, the initial toll, according to the "
                "health ministry, has reached 237 deaths and 637 injured in four provinces.",
                "In the region, 237 deaths and 630 injuries have been reported in "
                "government-held areas. Rescuers also reported at least 380 deaths and 1,000 "
                "injuries in opposition-held areas.",
            )
        )
    )
    injured = sorted(c.title for c in candidates if c.title.startswith("Injured"))
    assert injured == [
        "Injured: 1,284 injuries against 1,000 injuries",
        "Injured: 637 against 630 injuries",
    ]


def test_the_starting_point_of_a_change_is_not_the_fact():
    was = "Their vote share was more than 40 percent five years ago."
    fell = "Their vote share plummeted from more than 40 percent five years ago to 25 percent now."
    assert [f.value for f in facts(was, "percent")] == [40]
    assert 40 not in [f.value for f in facts(fell, "percent")]


def test_a_part_set_off_by_commas_leaves_the_count_its_verb():
    candidates = detect(
        story(
            "Officials said 41 people, including 12 pupils of the village school, died when "
            "the ferry overturned.",
            "The ferry overturned near the jetty and 47 people were killed, the mayor said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Death toll: 41 against 47"]


def test_a_distance_converted_in_brackets_keeps_the_place_it_is_from():
    candidates = detect(
        story(
            "The resort lies 212 miles (341 km) north of Korvat, on the coast.",
            "Rescuers flew to the resort, 230 miles north of Korvat.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Distance (from korvat): 212 miles against 230 miles"
    ]


def test_a_distance_from_a_place_is_a_fact_about_that_place():
    candidates = detect(
        story(
            "The wreck of the helicopter was found 26 km from Ostrel by a forestry patrol.",
            "Searchers located the burnt wreck about 40 kilometres from Ostrel's airfield.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Distance (from ostrel): 26 km against about 40 kilometres"
    ]


def test_speeds_written_in_plural_units_per_hour_are_speeds_and_gusts_are_not_winds():
    found = facts(
        "The storm brought sustained winds of 150 kilometres per hour and gusts of "
        "up to 210 kilometres per hour."
    )

    assert [(f.measure, f.subject, round(f.value * 3.6)) for f in found] == [
        ("[length] / [time]", "wind", 150),
        ("[length] / [time]", "gust", 210),
    ]


def test_gusts_compare_with_gusts():
    candidates = detect(
        story(
            "Winds of 120 km/h lashed the island, with gusts of 190 km/h.",
            "The cyclone hit the island with gusts of up to 160 km/h, forecasters said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Speed (gust): 190 km/h against up to 160 km/h"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The divers were trapped 400 metres underground.",
        "The divers were stuck 400 metres below ground.",
        "The divers were stuck 400 metres beneath the surface.",
    ],
)
def test_a_length_below_ground_is_a_depth(text):
    assert [(f.subject, f.value) for f in facts(text, "[length]")] == [("depth", 400)]


def test_depths_compare():
    candidates = detect(
        story(
            "The cavers were trapped some 300 metres underground for a day.",
            "Rescuers reached the cavers 450 metres below the surface on Friday.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Distance (depth): some 300 metres against 450 metres"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The hikers were trapped for 12 days in the gorge.",
        "After 12 days underground the hikers came out.",
        "The hikers, missing for 12 days, were found alive.",
        "The hikers had been stranded 12 days without food.",
    ],
)
def test_how_long_people_were_trapped_is_a_duration_of_its_own(text):
    assert [(f.subject, f.value / 86400) for f in facts(text, "[time]")] == [("trapped", 12)]


def test_how_long_people_were_trapped_compares():
    candidates = detect(
        story(
            "The hikers were trapped for 12 days in the gorge before a drone spotted them.",
            "After 14 days underground, the hikers were lifted out one by one.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Duration (trapped): 12 days against 14 days"]


@pytest.mark.parametrize(
    ("text", "hedge"),
    [
        ("Some 300-plus people died.", "at least"),
        ("Police said 300+ people died.", "at least"),
        ("Police said 300 or more people died.", "at least"),
        ("Police said 300-odd people died.", "about"),
        ("Police said 300 or so people died.", "about"),
    ],
)
def test_a_hedge_written_after_the_figure(text, hedge):
    toll = fact(text, "killed")
    assert (toll.subject, toll.value, toll.hedge) == ("", 300, hedge)


@pytest.mark.parametrize(
    ("a", "b", "weight"),
    [
        ("about 212 people were killed", "217 people were killed", 0.8),
        ("about 200 people were killed", "212 people were killed", None),
        ("about 2,000 people were killed", "2,153 people were killed", None),
        ("some 750 people were killed", "700 people were killed", 0.8),
        ("about two hundred people were killed", "190 people were killed", None),
    ],
)
def test_a_figure_said_to_be_about_reaches_as_far_as_it_is_round(a, b, weight):
    assert compare(fact(a, "killed"), fact(b, "killed")) == weight


def test_an_unround_figure_said_to_be_about_is_compared_with_a_close_one():
    candidates = detect(
        story(
            "The village, some 212 miles north of Korvat, was cut off by the snow.",
            "Snow cut off the village, 217 miles north of Korvat, for a week.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Distance (from korvat): some 212 miles against 217 miles"
    ]


def test_a_hanging_hyphen_range_is_a_measure_not_a_count_of_people():
    found = facts("Some 420 people were on board the 15- to 20-metre-long trawler, a charity said.")

    assert [(f.measure, f.value) for f in found if f.measure == "aboard"] == [("aboard", 420)]


def test_hundreds_of_others_are_not_the_count():
    candidates = detect(
        story(
            "Up to 300 people were on board the boat when it sank. Hundreds of other migrants "
            "on board are still missing, survivors said.",
            "Around 650 people were on board the boat, according to a charity.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["On board: Up to 300 against Around 650"]


def test_of_two_topic_nouns_the_last_says_what_an_amount_is():
    candidates = detect(
        story(
            "Judge Amal Reyes cited the $9 billion-plus scam in her ruling.",
            "Reyes jailed the banker for running a $40bn (£31bn) investment fraud.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Amount (loss): $9 billion-plus against $40bn"
    ]


def test_a_fee_worth_an_amount_is_a_fee():
    candidates = detect(
        story(
            "Porto will pay a transfer fee worth 60 million euros for the striker.",
            "The striker joins Porto for a fee of 72 million euros.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Amount (fee): 60 million euros against 72 million euros"
    ]


def test_seats_listed_after_a_party_and_a_colon_compare():
    candidates = detect(
        story(
            "The Greens secured 31 seats in the new chamber.",
            "Results by party:\n\n- Greens:38 seats\n\n- Others: 12 seats",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Seats held (Green): 31 seats against 38 seats"
    ]


def test_votes_cast_present_are_a_side_of_their_own_whoever_cast_them():
    candidates = detect(
        story(
            'Lind was elected on the ninth ballot after seven Liberals voted "present."',
            "Lind won the chair once four members switched their votes to present.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Votes cast (present): seven Liberals against four members"
    ]


def test_presenting_a_plan_is_no_vote_cast_present():
    found = facts("The 12 members voted to present a plan to the council.", "voted")
    assert [f.subject for f in found] != ["present"]


def test_a_floor_and_a_ceiling_that_meet_at_one_figure_deserve_a_look():
    more = fact("more than 500 people may have been killed", "killed")
    up_to = fact("the toll may reach up to 500 people killed", "killed")
    at_least = fact("at least 500 people were killed", "killed")

    assert compare(more, up_to) == 0.45
    assert compare(more, at_least) is None


def test_a_figure_plus_is_a_floor_and_the_noun_after_it_is_counted():
    toll = fact("Officials fear that 480 plus people could have lost their lives.", "killed")
    assert (toll.value, toll.hedge) == (480, "at least")


@pytest.mark.parametrize(
    "text",
    [
        "The eruption sent ash 800 metres into the air.",
        "Ash rose 800 metres above the crater.",
        "The column of ash was 800 metres high.",
    ],
)
def test_a_length_above_or_into_the_air_is_a_height(text):
    assert [(f.subject, f.value) for f in facts(text, "[length]")] == [("height", 800)]


def test_what_a_place_can_hold_is_its_capacity_whoever_it_holds():
    candidates = detect(
        story(
            "The arena, which was meant to hold 18,000 spectators, was overcrowded.",
            "The arena can hold 21 000 people, and police said 4 000 rushed the field.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Capacity: 18,000 spectators against 21 000"]


def test_a_report_repeating_a_disputed_figure_shows_each_sentence_giving_it():
    candidates = detect(
        story(
            "More than 40 people died in the mudslide, the governor said. Rescuers dug "
            "through the night. Relief agencies fear more than 40 people are dead.",
            "At least 90 people were killed by the mudslide, a police spokesman said.",
        )
    )

    (toll,) = numbers(candidates)
    assert toll.title == "Death toll: More than 40 against At least 90"
    assert [p.text for p in toll.passages] == [
        "More than 40 people died in the mudslide, the governor said.",
        "Relief agencies fear more than 40 people are dead.",
        "At least 90 people were killed by the mudslide, a police spokesman said.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The coach was carrying 48 pupils and three teachers.",
        "The coach was carrying 48 pupils and a dozen teachers.",
    ],
)
def test_a_second_figure_after_and_is_not_joined_to_the_counted_noun(text):
    (pupils,) = [f for f in facts(text) if f.value == 48]
    assert pupils.subject == "pupil"


def test_a_duration_of_negotiation_and_of_negotiations_compare():
    candidates = detect(
        story(
            "The treaty was signed after nearly three years of negotiation.",
            "The treaty, negotiated for four years, was signed on Monday.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Duration (negotiations): nearly three years against four years"
    ]


def test_a_depth_of_a_mile_compares_with_one_in_feet():
    candidates = detect(
        story(
            "Rescuers tried to reach nine miners trapped 300 feet below ground.",
            "The nine miners were trapped more than a mile underground after the blast.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Distance (depth): 300 feet against more than a mile"
    ]


def test_a_verb_before_the_figure_wins_over_a_place_word_after_it():
    assert [(f.measure, f.value) for f in facts("The crash killed two aboard, police said.")] == [
        ("killed", 2)
    ]


def test_titles_name_irregular_plurals():
    candidates = detect(
        story(
            "The roof fell on a classroom. Rescuers said 14 children were trapped in the classroom "
            "under the roof.",
            "The roof fell on a classroom, and rescuers said 19 children were trapped in the "
            "classroom.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Number of children: 14 children against 19 children"
    ]


def test_nouns_of_one_synonym_set_are_one_count_with_a_title_in_good_english():
    candidates = detect(
        story(
            "The depot closed early on Friday. The firm said 14 employees worked at the depot "
            "that night.",
            "The depot closed early on Friday. The firm said 19 staff worked at the depot that "
            "night.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Number of workers: 14 employees against 19 staff"
    ]


def test_a_figure_said_to_be_some_noun_counts_that_noun():
    assert [(f.subject, f.value) for f in facts("Of the passengers, 212 were pilgrims.")] == [
        ("pilgrim", 212)
    ]
    assert [f.measure for f in facts("Police said 12 were killed.")] == ["killed"]


def test_a_count_said_with_the_noun_after_were_compares_with_one_said_before_it():
    candidates = detect(
        story(
            "Officials said 212 pilgrims from the mountain town were aboard the bus.",
            "Of the people on the bus, 214 were pilgrims from the mountain town.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Number of pilgrims: 212 pilgrims against 214"
    ]


@pytest.mark.parametrize(
    ("a", "b", "weight"),
    [
        ("some 100 people were rescued", "more than 104 people were rescued", None),
        ("around 250 people were rescued", "at least 212 people were rescued", 0.45),
    ],
)
def test_a_guess_holding_the_other_reports_floor_agrees_with_it(a, b, weight):
    assert compare(fact(a, "rescued"), fact(b, "rescued")) == weight


def test_two_figures_joined_by_and_share_the_verb_after_them():
    found = facts("At least 14 pupils and three teachers died in the fire.")

    assert [(f.measure, f.subject, f.value) for f in found] == [
        ("killed", "pupil", 14),
        ("killed", "teacher", 3),
    ]


def test_a_verb_after_and_is_not_joined_to_the_counted_noun():
    found = facts("The blast killed 6 workers and injured 31 others at the depot.")

    assert [(f.measure, f.subject) for f in found][0] == ("killed", "worker")


def test_temperatures_compare_and_a_range_is_one_of_them():
    candidates = detect(
        story(
            "Divers said water temperatures of around 38 to 40 degrees slowed the search.",
            "The water in the bay was 44 degrees on Tuesday, divers said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Temperature: around 38 to 40 degrees against 44 degrees"
    ]


def test_temperatures_in_two_scales_convert_and_an_angle_is_no_temperature():
    celsius = fact("The city sweltered at 30°C on Monday.", "temperature")
    fahrenheit = fact("The city sweltered at 86 degrees Fahrenheit.", "temperature")

    assert compare(celsius, fahrenheit) is None
    assert (celsius.display, fahrenheit.display) == ("30°C", "86 degrees Fahrenheit")
    assert facts("The beam was cut at a 45-degree angle.", "temperature") == []


def test_a_temperature_with_a_scale_and_one_without_do_not_compare():
    candidates = detect(
        story(
            "The city sweltered at 30 degrees Celsius on Monday.",
            "The city sweltered at 86 degrees on Monday.",
        )
    )

    assert [c for c in numbers(candidates) if c.title.startswith("Temperature")] == []


@pytest.mark.parametrize(
    "text",
    [
        "Firefighters pulled 12 people from the rubble.",
        "Fishermen plucked 12 people from the sea.",
        "Crews freed 12 people trapped in the lift.",
    ],
)
def test_people_pulled_out_are_rescued(text):
    assert fact(text, "rescued").value == 12


def test_people_pulled_from_rubble_and_rescued_compare():
    candidates = detect(
        story(
            "Firefighters pulled 12 people from the rubble of the hotel overnight.",
            "By morning 17 people had been rescued from the rubble of the hotel.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Rescued: 12 against 17"]


def test_people_who_came_to_a_place_are_its_attendance():
    candidates = detect(
        story(
            "More than 800 people, including children, had come to see the fireworks, a "
            "councillor said.",
            "There was a footfall of around 400 people at the fireworks, the organisers said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Attendance: More than 800 against around 400"
    ]


def test_a_total_sums_up_the_clause_before_it():
    found = facts(
        "Nearly two-thirds of the electorate turned out on Sunday - a total of more than "
        "1.2 million people."
    )

    assert [(f.measure, f.value, f.hedge) for f in found if f.measure == "voted"] == [
        ("voted", 1.2e6, "at least")
    ]


def test_a_total_of_voters_compares_with_the_votes_cast():
    candidates = detect(
        story(
            "Nearly two-thirds of the electorate turned out on Sunday - a total of more than "
            "1.2 million people.",
            "Some 900,000 people voted on Sunday, the electoral commission said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Votes cast: more than 1.2 million against Some 900,000"
    ]


def test_more_besides_a_figure_of_another_measure_is_the_count():
    found = facts("The fire has a death toll of 41, and 300 more people are missing.")
    assert [(f.measure, f.value) for f in found] == [("killed", 41), ("missing", 300)]


def test_more_of_the_same_measure_is_an_increment():
    found = facts("Divers found 12 bodies on Monday and 10 more bodies on Tuesday.")
    assert [(f.measure, f.value) for f in found if f.measure != "date"] == [("killed", 12)]


def test_a_toll_is_not_compared_with_a_figure_of_the_other_report_that_counts_nothing_known():
    candidates = detect(
        story(
            "The old ferry Marisol capsized in heavy seas off the port of Vell on Sunday, and 38 "
            "people were killed.",
            "The old ferry Marisol, which could take 200 people, capsized in heavy seas off the "
            "port of Vell on Sunday.",
        )
    )

    assert numbers(candidates) == []


def test_the_whole_after_out_of_is_not_a_count_of_the_part_before_it():
    found = facts("The jet crashed, leaving only one survivor out of 242 people on board.")

    assert [(f.measure, f.value) for f in found] == [("survived", 1), ("aboard", 242)]


def test_nationals_of_different_countries_are_different_counts():
    candidates = detect(
        story(
            "Nine Ethiopians, eight Chinese nationals and four Danes were on the flight to "
            "Varna, the airline said.",
            "Nine Ethiopians, seven British nationals and four Danes were on the flight to "
            "Varna, the airline said.",
        )
    )

    assert numbers(candidates) == []


def test_a_count_listed_after_another_shares_its_measure():
    found = facts("The ferry was carrying four officers, nine deckhands and 120 passengers.")

    assert [(f.measure, f.subject, f.value) for f in found] == [
        ("aboard", "officer", 4),
        ("aboard", "deckhand", 9),
        ("aboard", "passenger", 120),
    ]


def test_a_count_after_another_verb_is_not_in_the_list():
    found = facts("The storm killed six workers, damaged 12 buildings and closed 30 schools.")

    assert [(f.measure, f.subject) for f in found] == [
        ("killed", "worker"),
        ("count", "building"),
        ("count", "school"),
    ]


def test_figures_a_fact_already_compares_are_not_raised_again_sentence_by_sentence():
    candidates = detect(
        story(
            "The jet that left Varna on Monday was carrying 230 passengers when it crashed. "
            "It had 12 crew.",
            "Officials said 242 passengers were aboard the plane. The jet that left Varna on "
            "Monday crashed with 242 people on board, among them ten crew.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "On board (passenger): 230 passengers against 242 passengers"
    ]


def test_the_first_few_of_a_train_are_a_part_not_the_count():
    assert facts("The express left the rails, and its first two carriages burned out.") == []
    assert facts("The first four carriages of the express burned out.") == []
    assert [f.value for f in facts("All four carriages of the express burned out.")] == [4]


@pytest.mark.parametrize(
    ("a", "b", "weight"),
    [
        ("The wreck lay 16 km from Osk.", "The wreck lay about 15 km from Osk.", 0.8),
        ("The wreck lay 16 km from Osk.", "The wreck lay 17 km from Osk.", 1.0),
        ("The wreck lay 16 km from Osk.", "The wreck lay 16.2 km from Osk.", None),
    ],
)
def test_figures_whose_bounds_only_meet_are_two_figures(a, b, weight):
    assert compare(fact(a, "[length]"), fact(b, "[length]")) == weight


def test_a_hedged_passive_does_not_push_the_cue_out_of_reach():
    found = facts("About 30 people were reported to have been injured in the blast at the mill.")

    assert [(f.measure, f.value) for f in found] == [("injured", 30)]


def test_another_figure_of_another_measure_is_that_measure_whole():
    found = facts("Four sailors died, and another 30 people were injured.")

    assert [(f.measure, f.value) for f in found] == [("killed", 4), ("injured", 30)]
    assert [f.value for f in facts("Five were killed at dawn and another 12 were killed.")] == [5]


def test_those_in_hospital_are_counted_apart_from_the_injured():
    candidates = detect(
        story(
            "Doctors in Osk said 900 people sought help for injuries after the blast, and 43 "
            "were hospitalised.",
            "Doctors in Osk said 900 people were hurt in the blast. By nightfall, the number "
            "hospitalised was 50.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["In hospital: 43 against 50"]


def test_who_they_were_between_dashes_does_not_hide_what_the_figure_counts():
    found = facts("Five climbers — three Danes and their two guides — died on the ridge.")

    assert [(f.measure, f.subject, f.value) for f in found][0] == ("killed", "climber", 5)


def test_a_crowd_of_things_is_no_count_of_them():
    assert facts("There was anger among the thousands of passengers on the quay.") == []
    assert facts("Dozens of cars were crushed.") == []
    assert [f.value for f in facts("There was anger among the 60 passengers on the quay.")] == [60]


def test_people_going_to_the_polls_are_votes_cast():
    found = facts("Turnout was high, with almost 41 million citizens going to the polls.")

    assert [(f.measure, f.value) for f in found if f.measure != "percent"] == [("voted", 41e6)]


def test_a_whole_magnitude_is_given_to_a_tenth():
    a = fact("The magnitude 6 quake struck before dawn.", "magnitude")
    b = fact("A powerful 6.2-magnitude quake struck before dawn.", "magnitude")

    assert compare(a, b) == 1.0
    assert compare(a, fact("A 6.0-magnitude quake struck before dawn.", "magnitude")) is None


def test_members_of_a_group_count_the_group():
    candidates = detect(
        story(
            "The airliner landed hard at Osk. There were six crew members on board, the "
            "airline said.",
            "The airliner landed hard at Osk. There were five crew on board, the airline said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["On board (crew): six against five crew"]


def test_a_day_after_in_is_no_place_narrowing_a_count():
    found = fact("Forty pilgrims died in Thursday's crush at the shrine.", "killed")
    assert found.detail == ""
    candidates = detect(
        story(
            "Forty pilgrims died in Thursday's crush at the shrine.",
            "The crush in Ardan killed 52 pilgrims, officials said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Death toll (pilgrim): Forty pilgrims against 52 pilgrims"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The blast injured 300 people, around 18 of whom are in critical condition.",
        "Some 300 were hurt, including 18 who are now in critical care.",
        "Of the 300 injured, 18 of the injured were in critical condition.",
        "Eighteen of those in hospital were critically injured.",
    ],
)
def test_those_in_critical_condition_are_a_count_of_their_own(text):
    assert fact(text, "critical").value == 18


def test_counts_in_critical_condition_compare_and_not_with_the_injured():
    candidates = detect(
        story(
            "The blast at the depot injured 300 people, around 18 of whom are in critical "
            "condition.",
            "Of the 300 injured in the depot blast, 25 were critically injured, doctors said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["In critical condition: around 18 against 25"]


def test_corpses_are_the_dead():
    assert fact("Rescuers recovered two corpses from the rubble.", "killed").value == 2


def test_a_figure_agreeing_with_one_figure_is_no_closer_to_the_others():
    candidates = detect(
        story(
            "The airliner crash at Vessa has claimed 174 lives. The plane hit a hostel, causing "
            "the loss of 23 lives on the ground.",
            "Witnesses said at least 20 people on the ground died. Police said 165 bodies had "
            "been taken to the city hospital.",
        )
    )

    assert "Death toll: 174 lives against 165 bodies" in [c.title for c in numbers(candidates)]


def test_a_count_of_a_short_noun_is_a_count():
    assert fact("Police found as many as 12 guns in the flat.", "count").subject == "gun"
    candidates = detect(
        story(
            "Police said the gunman had as many as 12 guns with him in the flat.",
            "There were at least 12 guns in the flat, officers told reporters.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Number of guns: as many as 12 guns against at least 12 guns"
    ]


@pytest.mark.parametrize(
    ("text", "value", "hedge"),
    [
        ("The port city has a population of 80,000.", 80000, "exact"),
        ("Ardan, where about 95,000 people live, was flooded.", 95000, "about"),
        ("The wave struck the town of 12,000 at dawn.", 12000, "exact"),
        ("Ardan has an estimated population of 81,400.", 81400, "about"),
        ("The valley is home to 1.2 million inhabitants.", 1.2e6, "exact"),
    ],
)
def test_a_places_population_is_a_fact(text, value, hedge):
    found = fact(text, "population")
    assert (found.value, found.hedge) == (value, hedge)


def test_populations_compare_and_other_figures_of_a_place_are_none():
    assert facts("Some 1,000 people live in tents now.", "population") == []
    assert facts("The village of 400 houses burned.", "population") == []
    candidates = detect(
        story(
            "The storm flattened Ardan. The city has a population of 80,000.",
            "The storm hit Ardan, where about 95,000 people live, on Sunday night.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Population: 80,000 against about 95,000"]


def test_people_found_alive_are_survivors():
    assert fact("Only 200 were found alive in the village.", "survived").value == 200


def test_one_count_of_a_people_in_each_report_compares_whatever_the_sentences():
    candidates = detect(
        story(
            "The airline said three Americans were on the flight to Osk that vanished.",
            "Passengers included 150 Chinese, 38 Malaysians and four Americans, a list showed.",
        )
    )

    assert [c.title for c in numbers(candidates)] == [
        "Number of americans: three Americans against four Americans"
    ]
    # Counts of plain nouns in unrelated sentences still do not compare.
    assert (
        numbers(
            detect(
                story(
                    "Three countries sent rescue teams to the coast.",
                    "The new border treaty was signed by four countries last year.",
                )
            )
        )
        == []
    )


def test_a_count_of_people_compares_with_the_measure_other_reports_give_them():
    candidates = detect(
        story(
            "The airline said 158 Chinese nationals were on board the jet to Osk.",
            "The jet to Osk carried 227 passengers. The list shows 153 Chinese nationals, "
            "38 Malaysians and seven Indonesians.",
        )
    )

    assert "On board (chinese): 158 against 153" in [c.title for c in numbers(candidates)]


def test_a_count_among_the_injured_is_not_compared_with_the_dead():
    candidates = detect(
        story(
            "Officials said four Indians were killed in the crush at the shrine.",
            "Two Indians were among the injured in the crush at the shrine, officials said.",
        )
    )

    assert not [c for c in numbers(candidates) if c.title.startswith("Death toll")]


def test_a_count_of_a_plain_noun_meets_another_measure_only_in_a_like_sentence():
    candidates = detect(
        story(
            "Five workers were killed in the blast at the Osk flour mill on Monday.",
            "A fire broke out at the Osk flour mill. The company employs 300 workers there.",
        )
    )

    assert not [c for c in numbers(candidates) if c.title.startswith("Death toll")]


@pytest.mark.parametrize(
    "text",
    [
        "Police said 40 people were taken to hospital after the fire.",
        "Six people are dead and 40 in hospital.",
        "Forty were taken to three hospitals across the city.",
    ],
)
def test_people_taken_to_hospital_or_in_hospital_are_in_hospital(text):
    assert fact(text, "hospitalised").value == 40


def test_a_count_of_hospitals_counts_the_hospitals():
    found = facts("The injured were taken to 12 hospitals across the city.")

    assert [(f.measure, f.subject, f.value) for f in found] == [("count", "hospital", 12)]


def test_a_ferry_is_a_ship_and_a_port_a_shore_for_what_they_measure():
    weights = detect(
        story("The 4,100-ton ferry capsized off Osk.", "The 4,600-ton vessel went down off Osk.")
    )
    distances = detect(
        story(
            "The boat capsized about a kilometre from the port of Osk.",
            "The boat went down a mere 200 metres from the shore.",
        )
    )

    assert [c.title for c in numbers(weights)] == ["Weight (ship): 4,100-ton against 4,600-ton"]
    assert [c.title for c in numbers(distances)] == [
        "Distance (from shore): about a kilometre against 200 metres"
    ]


def test_a_vague_figure_agreeing_with_a_figure_does_not_hide_its_conflicts():
    candidates = detect(
        story(
            "The president said at least 67 people died in the siege of the mall.",
            "Dozens of people were killed at the mall. A total of 61 people died in the "
            "siege, police said.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["Death toll: at least 67 against 61"]


def test_a_weight_said_by_its_verb_and_a_fall_are_measures_of_their_own():
    assert fact("Scientists said the rock weighed roughly 12 tons.", "[mass]").subject == "weight"
    assert fact("Two cars plummeted 45m into the river.", "[length]").subject == "fall"
    assert fact("Shares fell to a four-year low.", "[time]").subject == "low"
    candidates = detect(
        story("The span fell 80 metres onto the road.", "The span plunged 45m onto the road.")
    )

    assert [c.title for c in numbers(candidates)] == ["Distance (fall): 80 metres against 45m"]


def test_all_those_aboard_killed_is_the_count_aboard_too():
    found = facts("The missile downed the jet over Osk, killing all 195 people aboard.")
    assert {(f.measure, f.value) for f in found} == {("killed", 195), ("aboard", 195)}
    candidates = detect(
        story(
            "The missile downed the jet over Osk, killing all 195 people aboard.",
            "The airline said 198 people were on board the jet that came down over Osk.",
        )
    )

    assert [c.title for c in numbers(candidates)] == ["On board: 195 against 198"]
