"""Second-tier conflict candidates, each rule on invented text: aligned
sentences whose words differ, figures of one measure read as of different
subjects, platforms named for a posting, and the budget that keeps
differences of description below conflicts of fact."""

from articles.analysis.detection import engine
from articles.analysis.detection.align import stem, terms
from articles.analysis.detection.engine import ArticleInput, detect


def story(*bodies):
    return [
        ArticleInput(n, f"{n:03d}_beef.txt", body, label=f"Outlet {n}")
        for n, body in enumerate(bodies)
    ]


def kinds(candidates, *wanted):
    return [c for c in candidates if c.kind in wanted]


def test_aligned_sentences_each_with_words_the_other_report_never_uses():
    candidates = detect(
        story(
            "The tanker exploded on the Kessel bridge. Witnesses said the tanker exploded "
            "on the bridge after striking a barrier.",
            "The tanker exploded on the Kessel bridge. The tanker exploded on the bridge "
            "when its brakes failed, witnesses said.",
        )
    )

    (difference,) = kinds(candidates, "description")
    assert difference.title == "Description: “striking, barrier” against “brakes, failed”"
    assert "Outlet 0 says what Outlet 1 does not (striking, barrier)" in difference.explanation
    # The passages are the two sentences, one per report.
    assert [p.text for p in difference.passages] == [
        "Witnesses said the tanker exploded on the bridge after striking a barrier.",
        "The tanker exploded on the bridge when its brakes failed, witnesses said.",
    ]
    assert engine.DESCRIPTION_MIN_SCORE <= difference.score < 0.45


def test_words_the_other_report_uses_elsewhere_are_no_difference():
    candidates = detect(
        story(
            "The tanker exploded on the Kessel bridge after striking a barrier. "
            "Its brakes had failed.",
            "The tanker exploded on the Kessel bridge when its brakes failed. "
            "It had struck a barrier.",
        )
    )

    assert kinds(candidates, "description") == []


def test_a_possessive_is_the_same_word():
    assert terms("Arden's main road") == ["arden", "main", "road"]
    candidates = detect(
        story(
            "Flood waters closed the main road into Arden on Tuesday.",
            "Arden's main road was closed by flood waters on Tuesday.",
        )
    )

    assert kinds(candidates, "description") == []


def test_second_tier_differences_rank_below_facts_and_above_single_source_details():
    candidates = detect(
        story(
            "The blast killed 12 people at the Tarn mill. Witnesses said the tanker exploded "
            "on the bridge after striking a barrier. Inspector Mila Horvat leads the inquiry.",
            "The blast killed 15 people at the Tarn mill. The tanker exploded on the bridge "
            "when its brakes failed, witnesses said.",
        )
    )

    order = [c.kind for c in candidates]
    assert order.index("number") < order.index("description") < order.index("single_source")


def test_differences_of_description_fill_the_ranking_within_a_budget(monkeypatch):
    # Five statements told alike, each with one phrase in place of another.
    statements = [
        ("The captain blamed {} for the sinking.", "a faulty pump", "loose cargo"),
        ("Divers found {} near the Oster wreck.", "a cracked hull", "a broken rudder"),
        ("Harbour pilots reported {} over the estuary.", "heavy fog", "strong gusts"),
        ("The ministry inquiry will examine {} on the bridge.", "the night shift", "a trainee"),
        ("Investigators recovered {} from the wheelhouse.", "old charts", "a dead radio"),
    ]
    bodies = [
        " ".join(text.format(phrases[side]) for text, *phrases in statements) for side in (0, 1)
    ]
    found = kinds(detect(story(*bodies)), "description")
    assert len(found) == engine.DESCRIPTIONS_MAX  # no conflict of fact: the most allowed

    monkeypatch.setattr(engine, "DESCRIPTIONS_MAX", 2)
    assert len(kinds(detect(story(*bodies)), "description")) == 2


def test_figures_of_one_measure_read_as_of_different_subjects_meet_in_like_sentences():
    candidates = detect(
        story(
            "Storm damage closed the coastal road. 41 injured passengers were taken to the "
            "district hospital in Varn.",
            "The coastal road was closed by storm damage. 36 injured people were taken to the "
            "district hospital in Varn.",
        )
    )

    (figure,) = kinds(candidates, "number")
    assert "41 injured passengers" in figure.title
    # Weaker than two figures read as one fact.
    assert figure.score < 0.85


def test_figures_of_different_named_subjects_do_not_meet():
    candidates = detect(
        story(
            "Storm damage closed the coastal road. 41 injured passengers were taken to the "
            "district hospital in Varn.",
            "The coastal road was closed by storm damage. 36 injured children were taken to the "
            "district hospital in Varn.",
        )
    )

    assert kinds(candidates, "number") == []


def test_amounts_in_different_currencies_are_not_compared_in_like_sentences():
    candidates = detect(
        story(
            "The club agreed a fee of £40 million for the striker on Monday.",
            "The club agreed a fee of $52 million for the striker on Monday.",
        )
    )

    assert kinds(candidates, "number") == []


def test_different_platforms_for_a_posting_in_sentences_that_were_not_aligned():
    candidates = detect(
        story(
            "Flood waters closed the main road into Arden on Tuesday. Mayor Ruth Kell shared "
            "a video of the flooded valley on Instagram.",
            "Arden's main road was closed by flood waters on Tuesday. Kell later posted the "
            "video on X, where it drew thousands of replies.",
        )
    )

    (where,) = kinds(candidates, "attribution")
    assert where.title == "Where was it posted: on instagram against on x"
    assert [p.text for p in where.passages] == [
        "Mayor Ruth Kell shared a video of the flooded valley on Instagram.",
        "Kell later posted the video on X, where it drew thousands of replies.",
    ]


def test_social_media_holds_any_named_platform_and_a_full_stop_is_no_part_of_a_name():
    for other in ("on social media", "on Instagram"):
        candidates = detect(
            story(
                "Mayor Ruth Kell shared a video of the flooded valley on Instagram.",
                f"Kell later posted the video {other}, where it drew thousands of replies.",
            )
        )
        assert kinds(candidates, "attribution") == []


def test_a_statement_by_a_source_and_as_per_a_source_are_credits():
    candidates = detect(
        story(
            "Most of the dead were found in remote hill villages, as per an earlier statement "
            "from a regional official.",
            "A statement by the Interior Ministry said most of the dead were found in remote "
            "hill villages.",
        )
    )

    (credit,) = kinds(candidates, "attribution")
    assert credit.title == "Who said it: a regional official against the interior ministry"


def test_a_contraction_of_a_function_word_is_no_content_word():
    assert terms("He's the first to leave") == ["first", "leave"]


def test_the_outlet_naming_itself_is_no_difference_of_wording():
    bodies = [
        "The tanker exploded on the Kessel bridge. Witnesses said the tanker exploded "
        "on the bridge after striking a barrier, Tarn Bureau reports.",
        "The tanker exploded on the Kessel bridge. The tanker exploded on the bridge "
        "when its brakes failed, witnesses said.",
    ]
    inputs = [
        ArticleInput(0, "a.txt", bodies[0], label="Tarn Bureau"),
        ArticleInput(1, "b.txt", bodies[1], label="Outlet 1"),
    ]

    (difference,) = kinds(detect(inputs), "description")
    assert difference.title == "Description: “striking, barrier” against “brakes, failed”"


def facts_of(text, measure):
    analysed = engine.analyse(ArticleInput(0, "x", text))
    return [(f.subject, f.value) for _, f in analysed.facts if f.measure == measure]


def test_the_age_of_someone_not_named_is_the_age_of_whom_the_noun_says():
    assert facts_of("A 34-year-old man from Leeds was charged.", "age") == [("man", 34.0)]
    assert facts_of("Police charged the man, aged 36, on Monday.", "age") == [("man", 36.0)]
    assert facts_of("A woman aged 60 died in the fire.", "age") == [("woman", 60.0)]
    # An age is no count of the dead.
    assert facts_of("A woman aged 60 died in the fire.", "killed") == []
    candidates = detect(
        story(
            "A 34-year-old man from Leeds was charged with arson on Monday.",
            "Police charged the man, aged 36, with arson on Monday.",
        )
    )
    assert [c.title for c in kinds(candidates, "number")] == ["Age: 34 against 36"]


def test_ages_of_different_people_are_not_compared():
    candidates = detect(
        story(
            "A 34-year-old man from Leeds was charged with arson on Monday.",
            "Police said a woman, aged 36, was charged with arson on Monday.",
        )
    )
    assert kinds(candidates, "number") == []


def test_the_result_of_a_game_is_a_fact():
    assert facts_of("United beat City 3-1 at home.", "score") == [("", (3, 1))]
    assert facts_of("City lost 1–3 to United.", "score") == [("", (3, 1))]
    # No result without a word of winning or losing, nor in a tally of votes.
    assert facts_of("The 3-1 ratio held.", "score") == []
    assert facts_of("Councillors voted 7-2 to approve the plan.", "score") == []
    # Nor in years, seasons or spans of time.
    assert facts_of("They won the 2021-22 title after a 10-12 month wait.", "score") == []
    candidates = detect(
        story(
            "United beat City 3-1 at home on Saturday.",
            "City lost 3-2 to United on Saturday.",
        )
    )
    assert [c.title for c in kinds(candidates, "number")] == ["Score: 3–1 against 3–2"]
    agreeing = detect(story("United beat City 3-1 on Saturday.", "City lost 1-3 to United."))
    assert kinds(agreeing, "number") == []


def test_a_speed_needs_no_word_saying_what_it_measures():
    assert facts_of("The train was travelling at 120 km/h when it derailed.", "[length] / [time]")
    candidates = detect(
        story(
            "The train was travelling at 120 km/h when it derailed.",
            "The train derailed at a speed of 90 mph.",
        )
    )
    (speed,) = kinds(candidates, "number")
    assert speed.title.startswith("Speed: ")
    # 120 km/h is 75 mph: the same speed written in two units agrees.
    agreeing = detect(story("It was doing 120 km/h.", "It was doing 75 mph."))
    assert kinds(agreeing, "number") == []


def test_counts_of_one_measure_meet_in_sentences_aligned_but_worded_apart():
    candidates = detect(
        story(
            "Police arrested 12 people after the riot in Tarn.",
            "Officers detained 15 protesters after the riot in Tarn.",
        )
    )
    (arrests,) = kinds(candidates, "number")
    assert "12" in arrests.title and "15 protesters" in arrests.title


def test_differences_in_sentences_holding_checkable_details_come_first():
    candidates = detect(
        story(
            "The ferry captain blamed a faulty pump for the sinking of the Oster near Kell "
            "harbour at dawn. Inspector Mila Horvat said divers later found a cracked hull.",
            "The ferry captain blamed loose cargo for the sinking of the Oster near Kell "
            "harbour at dawn. Inspector Mila Horvat said divers later found a broken rudder.",
        )
    )
    titles = [c.title for c in kinds(candidates, "description")]
    # The first pair of sentences is the more alike, but the second names a
    # person: something to check, so it comes first.
    assert titles == [
        "Description: “cracked hull” against “broken rudder”",
        "Description: “faulty pump” against “loose cargo”",
    ]


def test_a_statement_credited_to_different_people():
    for first, second in (
        (
            "Mayor Ruth Kell said the bridge over the Tarn had been unsafe for years.",
            "Police chief Tom Ward said the bridge over the Tarn had been unsafe for years.",
        ),
        (
            "The bridge over the Tarn had been unsafe for years, Mayor Ruth Kell said.",
            "The bridge over the Tarn had been unsafe for years, according to police chief "
            "Tom Ward.",
        ),
    ):
        (credit,) = kinds(detect(story(first, second)), "attribution")
        assert credit.title == "Who said it: Ruth Kell against Tom Ward"
        assert "Outlet 0 credits Ruth Kell; Outlet 1 credits Tom Ward" in credit.explanation


def test_one_speaker_with_or_without_a_first_name_or_title_is_no_conflict():
    assert engine._same_speakers({"ruthkell": "Ruth Kell"}, {"kell": "Kell"})
    assert engine._same_speakers({"ruthkell": "Ruth Kell"}, {"ruthkel": "Ruth Kel"})
    assert not engine._same_speakers({"ruthkell": "Ruth Kell"}, {"tomward": "Tom Ward"})
    candidates = detect(
        story(
            "Mayor Ruth Kell said the bridge over the Tarn had been unsafe for years.",
            "Ruth Kell, the mayor, said the bridge over the Tarn had been unsafe for years.",
        )
    )
    assert kinds(candidates, "attribution") == []


def test_different_people_saying_different_things_are_no_conflict_of_credit():
    candidates = detect(
        story(
            "Mayor Ruth Kell said the bridge over the Tarn had been unsafe for years.",
            "Police chief Tom Ward said traffic would return to the Tarn road by Friday.",
        )
    )
    assert kinds(candidates, "attribution") == []


def test_a_difference_naming_places_is_the_one_shown():
    candidates = detect(
        story(
            "The plane was flying from Oslo to Rome when it crashed.",
            "The plane, en route from Oslo to Milan, crashed.",
        )
    )
    (difference,) = kinds(candidates, "description")
    assert difference.title == "Description: “Rome” against “Milan”"


def _description(score, first, second):
    return engine.Candidate(
        kind="description",
        score=score,
        title="Description",
        explanation="",
        passages=[
            engine.PassageRef(0, "a.txt", 0, len(first), first),
            engine.PassageRef(1, "b.txt", 0, len(second), second),
        ],
    )


def test_the_description_kept_is_the_one_whose_sentences_tell_the_same_thing(monkeypatch):
    monkeypatch.setattr(engine, "DESCRIPTIONS_MAX", 1)
    monkeypatch.setattr(engine, "DESCRIPTIONS_MIN", 1)
    figure = engine.Candidate("number", 0.9, "Figure", "", [])
    # Scored a little higher, but the two sentences tell different things.
    apart = _description(
        0.56,
        "The mayor opened the harbour festival with a speech.",
        "Fishing boats stayed in port because of the storm warning.",
    )
    # The same statement with one phrase in place of another.
    alike = _description(
        0.55,
        "Rescuers pulled three miners from the flooded shaft on Monday night.",
        "Rescuers pulled three workers from the flooded shaft on Monday night.",
    )
    single = engine.Candidate("single_source", 0.3, "Only", "", [])

    kept = engine._few_descriptions([figure, apart, alike, single])

    assert kept == [figure, alike, single]  # in the place the best description held


def _substituted(candidates):
    """Differences of description told as one phrase in place of another."""
    return [c for c in kinds(candidates, "description") if " says what " not in c.explanation]


def test_phrases_that_sit_apart_from_the_words_around_them_are_not_one_description():
    # "investigators believe" is an aside between commas: it does not describe
    # the depot or the crews, so it stands in no slot "overnight" fills.
    apart = detect(
        story(
            "The fire destroyed the Kessel depot, investigators believe, before crews arrived.",
            "The fire destroyed the Kessel depot overnight before crews arrived.",
        )
    )
    assert _substituted(apart) == []
    # At most the second tier: each sentence has words the other has not.
    assert all(c.score < 0.45 for c in kinds(apart, "description"))

    (together,) = _substituted(
        detect(
            story(
                "The fire destroyed the Kessel fuel depot before crews arrived.",
                "The fire destroyed the Kessel grain depot before crews arrived.",
            )
        )
    )
    assert together.title == "Description: “fuel” against “grain”"
    assert together.explanation == "Outlet 0: “fuel”; Outlet 1: “grain”"


def test_a_word_against_a_clause_about_it_is_one_report_saying_more():
    assert engine._says_more(("area",), ("neighbourhood", "known", "orchard"))
    assert not engine._says_more(("area",), ("district",))
    assert not engine._says_more(("prison", "jumpsuit"), ("jail", "shirt", "beige"))

    more = detect(
        story(
            "The storm flooded the area near Elm Creek on Tuesday.",
            "The storm flooded the neighbourhood known for orchards near Elm Creek on Tuesday.",
        )
    )
    assert _substituted(more) == []

    (other,) = _substituted(
        detect(
            story(
                "The storm flooded the area near Elm Creek on Tuesday.",
                "The storm flooded the district near Elm Creek on Tuesday.",
            )
        )
    )
    assert other.title == "Description: “area” against “district”"


def test_a_word_the_other_sentence_gives_as_a_synonym_is_no_difference_of_wording():
    # "happened" and "occurred" are one word; the rest is the first report
    # telling more, and the second has nothing of its own.
    candidates = detect(
        story(
            "The strike happened near Kessel station at 7 pm, when workers were on their way "
            "to the Oster depot.",
            "The strike occurred near Kessel station at 7 pm.",
        )
    )

    assert kinds(candidates, "description") == []


def test_one_description_beside_enough_conflicts_of_fact(monkeypatch):
    statements = [
        ("The captain blamed {} for the sinking.", "a faulty pump", "loose cargo"),
        ("Divers found {} near the Oster wreck.", "a cracked hull", "a broken rudder"),
        ("Harbour pilots reported {} over the estuary.", "heavy fog", "strong gusts"),
    ]
    bodies = [
        f"The sinking killed {toll} people. "
        + " ".join(text.format(phrases[side]) for text, *phrases in statements)
        for side, toll in ((0, 12), (1, 15))
    ]
    # One conflict of fact is all the story wants: descriptions come down to the floor.
    monkeypatch.setattr(engine, "CONFLICTS_WANTED", 1)

    candidates = detect(story(*bodies))

    assert len(kinds(candidates, "number")) == 1
    assert len(kinds(candidates, "description")) == engine.DESCRIPTIONS_MIN == 1


def test_a_word_joining_a_statement_to_its_ground_is_no_description():
    assert engine._connective((stem("given"),)) and engine._connective((stem("based"),))
    assert not engine._connective((stem("district"),))
    candidates = detect(
        story(
            "The mayor said the toll could reach 900 given the number of streets that flooded.",
            "The mayor said the toll could reach 900 based on the number of streets that flooded.",
        )
    )

    assert _substituted(candidates) == []


def test_a_name_against_common_words_is_no_difference_of_description():
    # The same city named in one report and described in the other.
    candidates = detect(
        story(
            "The Kessel delegation flew to Athens for the ferry talks on Monday.",
            "The Kessel delegation flew to the capital for the ferry talks on Monday.",
        )
    )
    assert _substituted(candidates) == []

    # Two names, or two descriptions, are a difference.
    (names,) = _substituted(
        detect(
            story(
                "The Kessel delegation flew to Athens for the ferry talks on Monday.",
                "The Kessel delegation flew to Patras for the ferry talks on Monday.",
            )
        )
    )
    assert names.title == "Description: “Athens” against “Patras”"
    (words,) = _substituted(
        detect(
            story(
                "The Kessel delegation flew to the capital for the ferry talks on Monday.",
                "The Kessel delegation flew to the port for the ferry talks on Monday.",
            )
        )
    )
    assert words.title == "Description: “capital” against “port”"


def test_a_thing_one_report_denies_and_the_other_affirms_is_a_difference():
    (denial,) = kinds(
        detect(
            story(
                "The pilot sent no distress call before the ferry crash near Kessel.",
                "The pilot sent a distress call before the ferry crash near Kessel.",
            )
        ),
        "description",
    )
    assert denial.title == "Description: “no distress call” against “distress call”"
    assert denial.explanation == (
        "Outlet 0 denies it (“no distress call”); Outlet 1 affirms it (“distress call”)"
    )
    assert denial.score >= 0.6  # a contradiction, ranked with conflicts of fact

    # Both deny it, the negation belongs to another clause, or it denies
    # another thing ("ferry crossings", not the island): nothing to raise.
    other_thing = detect(
        story(
            "There were no ferry crossings to Kessel island before the storm on Monday.",
            "Storm waves cut the road to Kessel island before the storm on Monday.",
        )
    )
    assert not any("denies it" in c.explanation for c in other_thing)
    assert (
        kinds(
            detect(
                story(
                    "The pilot sent no distress call before the ferry crash near Kessel.",
                    "The pilot did not send a distress call before the ferry crash near Kessel.",
                )
            ),
            "description",
        )
        == []
    )
    assert (
        kinds(
            detect(
                story(
                    "The pilot, who had not slept, sent a distress call before the ferry "
                    "crash near Kessel.",
                    "The pilot sent a distress call before the ferry crash near Kessel.",
                )
            ),
            "description",
        )
        == []
    )


def test_sentences_told_word_for_word_alike_count_no_more_than_sentences_told_otherwise(
    monkeypatch,
):
    # Closeness counts up to a point: beyond it, sentences that say all the
    # same but one word are as often a paraphrase as a disagreement.
    monkeypatch.setattr(engine, "DESCRIPTIONS_MAX", 1)
    monkeypatch.setattr(engine, "DESCRIPTIONS_MIN", 1)
    figure = engine.Candidate("number", 0.9, "Figure", "", [])
    word_for_word = _description(
        0.55,
        "The ferry sank near the reef with forty people aboard.",
        "The ferry sank near the rocks with forty people aboard.",
    )
    told_otherwise = _description(
        0.555,
        "The ferry sank near the reef with forty people aboard.",
        "The ferry went down at the reef; forty people were on it, the harbour office said.",
    )

    kept = engine._few_descriptions([figure, told_otherwise, word_for_word])

    assert kept == [figure, told_otherwise]


def test_one_word_against_another_in_loosely_alike_sentences_is_no_description():
    alike = detect(
        story(
            "A farmer was dragged from the mud near the old mill in Varnley on Sunday.",
            "A farmer was freed from the mud near the old mill in Varnley on Sunday.",
        )
    )
    loosely = detect(
        story(
            "A farmer was dragged from the mud near the old mill in Varnley on Sunday while "
            "his worried neighbours watched from the lane behind the barn.",
            "A farmer was freed from the mud near the old mill, county officials told "
            "reporters after dusk.",
        )
    )

    assert [c.title for c in kinds(alike, "description")] == [
        "Description: “dragged” against “freed”"
    ]
    assert kinds(loosely, "description") == []
