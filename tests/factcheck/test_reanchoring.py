"""Claims follow their passage when an article is re-imported with a new text."""

import pytest

from articles import services as article_services
from articles.importers import ParsedArticle
from factcheck import services
from factcheck.models import AnchorStatus, Claim

pytestmark = pytest.mark.django_db(transaction=True)

OLD = (
    "The council met on Tuesday.\n\n"
    "The mayor said the new bridge cost $4 million to build.\n\n"
    "Residents complained about the noise during construction."
)


def import_body(body, user):
    return article_services.article_import(
        parsed=ParsedArticle(body=body, raw_input=body, format="text", source="bridge.txt"),
        acting_user=user,
    )


@pytest.fixture
def article(editor):
    return import_body(OLD, editor).article


def make_claim(article, quote, user):
    return services.claim_create(article=article, quote=quote, statement=quote, acting_user=user)


def test_new_revision_moves_claims_with_their_text(article, fact_checker, editor):
    moved = make_claim(article, "the new bridge cost $4 million", fact_checker)
    edited = make_claim(article, "Residents complained about the noise", fact_checker)
    deleted = make_claim(article, "The council met on Tuesday.", fact_checker)
    new_body = (
        "Update: figures corrected.\n\n"
        "The mayor said the new bridge cost $4 million to build.\n\n"
        "Residents complained loudly about the noise during construction."
    )

    import_body(new_body, editor)

    moved.refresh_from_db()
    assert moved.anchor_status == AnchorStatus.ANCHORED
    assert moved.anchor_method == "exact"
    assert new_body[moved.start : moved.end] == "the new bridge cost $4 million"
    assert moved.anchored_revision == 2

    edited.refresh_from_db()
    assert edited.anchor_status == AnchorStatus.ANCHORED
    assert new_body[edited.start : edited.end] == edited.quote
    assert "complained loudly about the noise" in edited.quote

    deleted.refresh_from_db()
    assert deleted.anchor_status == AnchorStatus.ORPHANED
    # The orphan keeps its last quote for the reviewer.
    assert deleted.quote == "The council met on Tuesday."
    assert list(Claim.objects.orphaned()) == [deleted]


def test_reanchoring_is_recorded_in_the_claim_history(article, fact_checker, editor):
    claim = make_claim(article, "The council met on Tuesday.", fact_checker)

    import_body(OLD.replace("The council met on Tuesday.", "The council met."), editor)

    latest = claim.history.order_by("-history_date").first()
    assert latest.history_change_reason == "orphaned by article revision 2"
    assert latest.history_user == editor


def test_reanchoring_makes_open_forms_stale(article, fact_checker, editor):
    claim = make_claim(article, "the new bridge cost $4 million", fact_checker)
    opened_version = claim.version

    import_body("Preface.\n\n" + OLD, editor)

    with pytest.raises(services.StaleEdit):
        services.claim_update(
            claim=claim, expected_version=opened_version, acting_user=fact_checker, notes="x"
        )


def test_appearances_are_reanchored_too(article, fact_checker, editor):
    from tests.factories import ArticleFactory

    other = ArticleFactory(body="Elsewhere it was reported the bridge cost $4 million.")
    claim = services.claim_create(
        article=other,
        quote="the bridge cost $4 million",
        statement="Bridge cost",
        acting_user=fact_checker,
    )
    appearance = services.appearance_add(
        claim=claim, article=article, quote="new bridge cost $4 million", acting_user=fact_checker
    )

    import_body("Preface.\n\n" + OLD, editor)

    appearance.refresh_from_db()
    assert appearance.start == ("Preface.\n\n" + OLD).index("new bridge cost $4 million")
