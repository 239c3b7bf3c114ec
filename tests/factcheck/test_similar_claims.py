"""Checked before: similar claims on an archive of a few hundred, on SQLite and
PostgreSQL alike, what each role may see of them, the live endpoint and the
panels of the claim and tip pages."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse
from django.utils import timezone

from factcheck import services
from factcheck.models import Claim, ExternalFactCheck
from factcheck.search import similar_claims
from tests.factories import ArticleFactory, StoryFactory, UserFactory

QUERY = "Mayor Brennick said the Harbour Road flyover cost 12 million euros."
REWORDED = "The Harbour Road flyover cost twelve million euros, according to Mayor Brennick."
WEAKER = "The Harbour Road flyover opened to traffic in May, Mayor Brennick said."
SAME_SHAPE = "The Kessel ferry terminal cost 40 million euros."
UNRELATED = (
    "The Harbour festival drew 3,000 visitors on Sunday.",
    "School term starts on the first Monday of September.",
    "Mayor Okafor opened the new library on Tuesday.",
)

PLACES = ["Cardale", "Eastwick", "Port Alder", "Millbrook", "Holloway", "Kessel", "Norden"]
THINGS = ["stadium", "courthouse", "railway", "hospital", "school", "market", "museum"]
VERBS = ["opened", "closed", "was renamed", "was inspected", "was painted", "flooded"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def bulk_claims(article, statements, *, status=Claim.Status.DRAFT):
    """Claims written straight to the table, as an archive of years would be:
    set-up at scale, not a state change under test."""
    start = Claim.objects.count()
    return Claim.objects.bulk_create(
        Claim(
            article=article,
            slug=f"archive-{start + n}",
            statement=statement,
            quote="The council approved the budget",
            start=0,
            end=30,
            status=status,
        )
        for n, statement in enumerate(statements)
    )


def filler(count, seed=17):
    """Plausible claims about other things, with near-duplicates among them."""
    rng = random.Random(seed)
    statements = []
    while len(statements) < count:
        text = (
            f"The {rng.choice(PLACES)} {rng.choice(THINGS)} {rng.choice(VERBS)} on "
            f"{rng.choice(DAYS)} before {rng.randint(50, 900)} residents."
        )
        statements.append(text)
        if rng.random() < 0.2:
            statements.append(text.replace("residents", "local residents"))
    return statements


@pytest.fixture
def archive(db):
    """About 300 claims in ten stories: a rewording of QUERY, a weaker match,
    one of the same shape about something else, unrelated ones, filler."""
    articles = [ArticleFactory(story=StoryFactory()) for _ in range(10)]
    for n, article in enumerate(articles):
        bulk_claims(article, filler(30, seed=n))
    named = {}
    for statement, article in (
        (REWORDED, articles[3]),
        (WEAKER, articles[5]),
        (SAME_SHAPE, articles[7]),
        *zip(UNRELATED, articles, strict=False),
    ):
        [named[statement]] = bulk_claims(article, [statement], status=Claim.Status.PUBLISHED)
    return named


def statements(rows):
    return [row.statement for row in rows]


def test_the_reworded_claim_ranks_first_and_unrelated_ones_are_absent(archive, fact_checker):
    rows = similar_claims(QUERY, user=fact_checker)

    assert Claim.objects.count() > 300
    assert statements(rows)[0] == REWORDED
    assert WEAKER in statements(rows)
    assert statements(rows).index(REWORDED) < statements(rows).index(WEAKER)
    for unrelated in UNRELATED:
        assert unrelated not in statements(rows)
    assert not any("residents" in text for text in statements(rows))


def test_each_similar_claim_carries_its_status_verdict_and_story(archive, fact_checker):
    [first, *_] = similar_claims(QUERY, user=fact_checker)

    assert first.claim == archive[REWORDED]
    assert first.claim.status == Claim.Status.PUBLISHED
    assert first.claim.article.story == archive[REWORDED].article.story
    assert 0.5 <= first.score <= 1


def test_the_claim_itself_is_left_out(archive, fact_checker):
    rows = similar_claims(REWORDED, user=fact_checker, exclude=archive[REWORDED])

    assert REWORDED not in statements(rows)
    assert statements(rows)[0] == WEAKER


def test_external_fact_checks_are_ranked_among_the_claims(archive, fact_checker):
    review = ExternalFactCheck.objects.create(
        url="https://checkers.example.org/flyover",
        claim_reviewed="Brennick: Harbour Road flyover cost 12 million euros",
        rating_text="Mostly true",
        publisher_name="Example Checkers",
        raw={},
        imported_from="feed.json",
        imported_at=timezone.now(),
    )

    rows = similar_claims(QUERY, user=fact_checker)

    assert rows[0].external == review
    assert rows[1].claim == archive[REWORDED]


def test_nobody_without_claim_access_is_shown_any(archive):
    outsider = UserFactory(is_staff=True)

    assert similar_claims(QUERY, user=outsider) == []
    assert similar_claims(QUERY, user=AnonymousUser()) == []


def test_a_text_of_stop_words_finds_nothing(archive, fact_checker):
    assert similar_claims("It is what they said it was.", user=fact_checker) == []


# The live endpoint ---------------------------------------------------------------


def live(client, text, **params):
    return client.get(reverse("admin:factcheck_claim_similar"), {"statement": text, **params})


def test_the_live_endpoint_lists_similar_claims_for_staff(client, archive, fact_checker):
    client.force_login(fact_checker)

    response = live(client, QUERY)

    content = response.content.decode()
    assert response.status_code == 200
    assert content.index("Harbour Road flyover cost twelve") < content.index("opened to traffic")
    assert "School term" not in content


def test_the_live_endpoint_waits_for_more_than_a_word(client, archive, fact_checker):
    client.force_login(fact_checker)

    response = live(client, "flyover")

    assert "Nothing checked before reads like this yet." in response.content.decode()


def test_the_live_endpoint_refuses_anonymous_visitors(client, archive):
    response = live(client, QUERY)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_the_live_endpoint_refuses_a_role_without_claim_access(client, archive):
    # Staff who may read articles only (no claim permission at all).
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "view_story"])
    )
    client.force_login(reader)

    response = live(client, QUERY)

    assert response.status_code == 403
    assert "flyover" not in response.content.decode()


@pytest.mark.parametrize("similar", [2, 8])
def test_the_live_list_runs_the_same_queries_for_2_or_8_similar_claims(
    client, db, fact_checker, django_assert_num_queries, similar
):
    article = ArticleFactory(story=StoryFactory())
    bulk_claims(
        article,
        [
            f"The Harbour Road flyover cost {n} million euros, Brennick says."
            for n in range(similar)
        ],
    )
    client.force_login(fact_checker)
    live(client, QUERY)

    # 1 session, 2 user, 3-4 the user's own and group permissions, 5 the
    # similar claims with their verdicts, stories and outlets, 6 the similar
    # external fact-checks.
    with django_assert_num_queries(6):
        response = live(client, QUERY)

    assert response.content.decode().count('class="similar-row"') == similar


# The panels ----------------------------------------------------------------------


def test_a_claim_page_shows_what_was_checked_before_with_a_link_button(
    client, archive, fact_checker
):
    claim = services.claim_create(
        article=ArticleFactory(body="Brennick said the flyover cost 12 million euros."),
        quote="the flyover cost 12 million euros",
        statement=QUERY,
        acting_user=fact_checker,
    )
    client.force_login(fact_checker)

    response = client.get(reverse("admin:factcheck_claim_change", args=[claim.pk]))

    content = response.content.decode()
    panel = content[content.index('id="checked-before"') : content.index('id="linked-claims"')]
    assert REWORDED[:40] in panel
    assert reverse("admin:factcheck_claim_link", args=[claim.pk]) in panel
    assert "School term" not in panel


def test_a_tip_page_shows_what_was_checked_before(client, archive, fact_checker):
    tip = services.tip_receive(statement=QUERY, seen_at="A leaflet")
    client.force_login(fact_checker)

    response = client.get(reverse("admin:factcheck_tip_change", args=[tip.pk]))

    content = response.content.decode()
    panel = content[content.index('id="checked-before"') :]
    assert REWORDED[:40] in panel
    assert "School term" not in panel
