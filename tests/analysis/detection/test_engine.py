"""The engine on stories written for the purpose: differences found and ranked,
consistent passages left alone."""

import pytest

from articles.analysis.detection.engine import ArticleInput, analyse, detect, remark_groups

from .stories import BRIDGE, FLOOD

SUBSTANTIVE = {"quote", "number", "date", "attribution"}


def by_kind(candidates, kind):
    return [c for c in candidates if c.kind == kind]


def texts(candidate):
    return {p.text for p in candidate.passages}


@pytest.fixture(scope="module")
def bridge():
    return detect(BRIDGE)


def test_different_days_are_a_date_candidate(bridge):
    dates = by_kind(bridge, "date")

    assert any(
        {1, 2} <= {p.article for p in c.passages} and "Wednesday" in c.explanation for c in dates
    )
    # Two reports agree on Tuesday: they are never flagged against each other.
    assert not any({p.article for p in c.passages} == {1, 3} for c in dates)


def test_different_counts_and_amounts_are_number_candidates(bridge):
    explanations = " ".join(c.explanation for c in by_kind(bridge, "number"))

    assert "300 guests" in explanations and "500 guests" in explanations
    assert "$48 million" in explanations and "$52 million" in explanations


def test_four_years_of_construction_is_consistent_and_not_flagged(bridge):
    assert not any("four years" in c.explanation for c in bridge if c.kind == "number")


def test_differently_worded_quote_of_one_speaker_is_a_quote_candidate(bridge):
    quotes = by_kind(bridge, "quote")

    assert len(quotes) == 1
    assert texts(quotes[0]) == {
        "This bridge connects the two halves of our city,",
        "This bridge unites the two halves of our whole city,",
    }
    assert "Elena Ruiz" in quotes[0].title


def test_same_words_given_to_another_speaker_is_an_attribution_candidate(bridge):
    attributions = [c for c in by_kind(bridge, "attribution") if "Tom Berg" in c.explanation]

    assert attributions
    assert {p.article for p in attributions[0].passages} >= {3}


def test_different_sources_cited_are_an_attribution_candidate(bridge):
    assert any(
        "finance office" in c.explanation and "transport agency" in c.explanation
        for c in by_kind(bridge, "attribution")
    )


def test_different_descriptive_terms_are_a_description_candidate(bridge):
    assert any(
        "bright green" in c.explanation and "dark blue" in c.explanation
        for c in by_kind(bridge, "description")
    )


def test_details_only_one_report_gives_are_single_source(bridge):
    singles = " ".join(c.title for c in by_kind(bridge, "single_source"))

    assert "Port Alder" in singles
    assert "Kessel Point" in singles
    assert "Nordvik" not in singles


def test_substantive_differences_rank_above_descriptions_and_single_source(bridge):
    ranks = {kind: [i for i, c in enumerate(bridge) if c.kind == kind] for kind in SUBSTANTIVE}
    worst_substantive = max(i for positions in ranks.values() for i in positions)
    first_single = min(i for i, c in enumerate(bridge) if c.kind == "single_source")

    assert worst_substantive < first_single
    assert bridge == sorted(bridge, key=lambda c: -c.score)


def test_passages_point_at_the_exact_text(bridge):
    bodies = {a.id: a.body for a in BRIDGE}
    for candidate in bridge:
        for passage in candidate.passages:
            assert bodies[passage.article][passage.start : passage.end] == passage.text


def test_consistent_paraphrased_reordered_story_raises_no_conflict():
    candidates = detect(FLOOD)

    assert [c for c in candidates if c.kind in SUBSTANTIVE] == []


def test_blocking_finds_what_the_naive_comparison_finds():
    for story in (BRIDGE, FLOOD):
        fast = [(c.kind, c.explanation) for c in detect(story)]
        naive = [(c.kind, c.explanation) for c in detect(story, naive=True)]
        assert fast == naive


def test_one_report_alone_has_nothing_to_compare():
    assert detect(BRIDGE[:1]) == []


def test_remark_groups_join_alike_renderings_and_shorter_quotations_of_one_remark():
    bodies = [
        'Jane Doe said: "We will rebuild the bridge by the spring of next year."',
        'Jane Doe said: "We will rebuild the bridge by spring next year."',
        'Jane Doe said: "The budget is entirely unrelated to anything else here."',
        'Jane Doe said: "We will rebuild the bridge."',
    ]
    quotes = [
        quote
        for number, body in enumerate(bodies)
        for quote in analyse(ArticleInput(id=number, source=f"r{number}", body=body)).quotes
    ]

    assert remark_groups(quotes) == [[0, 1, 3], [2]]


def test_shares_rounded_differently_raise_no_figure():
    candidates = detect(
        [
            ArticleInput(
                0,
                "r0",
                "The island voted to leave, with 53.9% for leaving and 46.1% "
                "for staying, officials said.",
                label="Outlet 0",
            ),
            ArticleInput(
                1,
                "r1",
                "The island voted to leave: 53.87 percent for leaving and "
                "46.13 percent for staying, officials said.",
                label="Outlet 1",
            ),
        ]
    )

    assert [c.title for c in candidates if c.kind == "number"] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The Brixley harbour police said on Monday that the ferry sank, NHK reported.",
        "Officials said nothing, and he said the Marlow Ministry confirmed it.",
        "A  spokesman   for the  Velden coast guard told reporters it was over.",
        "Nobody here says anything about the vote in Tarnow.",
        "The regional agency of the Orsk district council announced a new count.",
    ],
)
def test_sayers_found_near_their_verbs_are_those_found_everywhere(sentence):
    from articles.analysis.detection.engine import _SAYER, _sayers

    assert [m.span() for m in _sayers(sentence)] == [m.span() for m in _SAYER.finditer(sentence)]
