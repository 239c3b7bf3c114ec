"""Who may do what: every workflow service and every fact-check admin page, by role.

Each table reads like the policy it checks, one row per action or page and one
column per role. A refusal must leave everything as it was.
"""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import (
    Citation,
    Claim,
    ClaimAppearance,
    ClaimUpdate,
    Rating,
    ReviewComment,
    Stance,
)
from factcheck.services import WorkflowError
from tests.factcheck.matrix import (
    DENIED,
    LOGIN,
    OK,
    REFUSED,
    check_button,
    check_page,
    check_service,
    expand,
)
from tests.factories import ArticleFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a workflow step could change."""
    return {
        "claims": list(
            Claim.objects.order_by("pk").values_list(
                "status", "version", "rating", "ruling", "statement", "notes", "assignee"
            )
        ),
        "citations": Citation.objects.count(),
        "appearances": ClaimAppearance.objects.count(),
        "comments": ReviewComment.objects.count(),
        "updates": ClaimUpdate.objects.count(),
    }


# Services ------------------------------------------------------------------------------
#
# Each action: the claim fixture it starts from, and the call.

ACTIONS = {
    "create": (
        "article",
        lambda article, user: services.claim_create(
            article=article, quote="in 2019", statement="Finished in 2019.", acting_user=user
        ),
    ),
    "edit a draft": (
        "claim",
        lambda claim, user: services.claim_update(
            claim=claim, expected_version=claim.version, acting_user=user, notes="Checked."
        ),
    ),
    "edit notes of a published claim": (
        "published_claim",
        lambda claim, user: services.claim_update(
            claim=claim, expected_version=claim.version, acting_user=user, notes="Checked."
        ),
    ),
    "change a published verdict without a correction": (
        "published_claim",
        lambda claim, user: services.claim_update(
            claim=claim,
            expected_version=claim.version,
            acting_user=user,
            rating=Rating.objects.get(slug="true"),
        ),
    ),
    "submit": ("claim", lambda claim, user: services.claim_submit(claim=claim, acting_user=user)),
    "submit twice": (
        "ready_claim",
        lambda claim, user: services.claim_submit(claim=claim, acting_user=user),
    ),
    "send back": (
        "ready_claim",
        lambda claim, user: services.claim_send_back(claim=claim, note="Why?", acting_user=user),
    ),
    "publish": (
        "ready_claim",
        lambda claim, user: services.claim_publish(claim=claim, acting_user=user),
    ),
    "publish a draft": (
        "claim",
        lambda claim, user: services.claim_publish(claim=claim, acting_user=user),
    ),
    "unpublish": (
        "published_claim",
        lambda claim, user: services.claim_unpublish(claim=claim, note="Error.", acting_user=user),
    ),
    "correct": (
        "published_claim",
        lambda claim, user: services.claim_correct(
            claim=claim, note="Fixed a typo.", ruling="Corrected ruling.", acting_user=user
        ),
    ),
    "archive": ("claim", lambda claim, user: services.claim_archive(claim=claim, acting_user=user)),
    "assign": (
        "claim",
        lambda claim, user: services.claim_assign(
            claim=claim, assignee=UserFactory(username="colleague"), acting_user=user
        ),
    ),
    "cite a source": (
        "claim",
        lambda claim, user: services.citation_add(
            claim=claim, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=user
        ),
    ),
    "cite a source on a published claim": (
        "published_claim",
        lambda claim, user: services.citation_add(
            claim=claim, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=user
        ),
    ),
    "add an appearance": (
        "claim",
        lambda claim, user: services.appearance_add(
            claim=claim,
            article=ArticleFactory(body="Officials said the bridge cost $4 million."),
            quote="the bridge cost $4 million",
            acting_user=user,
        ),
    ),
}

SERVICE_MATRIX = [
    # action                                            anonymous fact_checker editor  superuser
    ("create",                                          DENIED,   OK,          OK,     OK),
    ("edit a draft",                                    DENIED,   OK,          OK,     OK),
    ("edit notes of a published claim",                 DENIED,   DENIED,      OK,     OK),
    ("change a published verdict without a correction", DENIED,   DENIED,      REFUSED, REFUSED),
    ("submit",                                          DENIED,   OK,          OK,     OK),
    ("submit twice",                                    DENIED,   REFUSED,     REFUSED, REFUSED),
    ("send back",                                       DENIED,   DENIED,      OK,     OK),
    ("publish",                                         DENIED,   DENIED,      OK,     OK),
    ("publish a draft",                                 DENIED,   DENIED,      REFUSED, REFUSED),
    ("unpublish",                                       DENIED,   DENIED,      OK,     OK),
    ("correct",                                         DENIED,   DENIED,      OK,     OK),
    ("archive",                                         DENIED,   DENIED,      OK,     OK),
    ("assign",                                          DENIED,   OK,          OK,     OK),
    ("cite a source",                                   DENIED,   OK,          OK,     OK),
    ("cite a source on a published claim",              DENIED,   DENIED,      OK,     OK),
    ("add an appearance",                               DENIED,   OK,          OK,     OK),
]  # fmt: skip


@pytest.mark.parametrize(("action", "role", "expected"), expand(SERVICE_MATRIX))
def test_workflow_services_by_role(request, action, role, expected, actor, rating):
    start, run = ACTIONS[action]
    check_service(run, request.getfixturevalue(start), actor, expected, snapshot)


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_nobody_publishes_a_claim_they_wrote(article, rating, role, actor):
    claim = services.claim_create(
        article=article, quote="in 2019", statement="Finished in 2019.", acting_user=actor
    )
    claim = services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=actor, rating=rating, ruling="R."
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=actor
    )
    claim = services.claim_submit(claim=claim, acting_user=actor)
    before = snapshot()

    with pytest.raises(WorkflowError, match="another editor must publish it"):
        services.claim_publish(claim=claim, acting_user=actor)
    assert snapshot() == before


# Admin pages ---------------------------------------------------------------------------


@pytest.fixture
def objects(published_claim, article, fact_checker):
    """One of each: a draft claim, a cited source, a rating, a claimant."""
    claimant = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)
    draft = services.claim_create(
        article=article, quote="in 2019", statement="Finished in 2019.", acting_user=fact_checker
    )
    return {
        "claim": draft,
        "source": Citation.objects.get(claim=published_claim).source,
        "rating": Rating.objects.get(slug="unproven"),
        "claimant": claimant,
    }


def admin_url(model, view, obj):
    name = f"admin:factcheck_{model}_{view}"
    return reverse(name) if view in ("changelist", "add") else reverse(name, args=[obj.pk])


ADMIN_MATRIX = [
    # page                   anonymous fact_checker editor superuser
    ("claim changelist",     LOGIN,    200,         200,   200),
    ("claim add",            LOGIN,    200,         200,   200),
    ("claim change",         LOGIN,    200,         200,   200),
    ("claim history",        LOGIN,    200,         200,   200),
    ("claim delete",         LOGIN,    403,         403,   200),
    ("source changelist",    LOGIN,    200,         200,   200),
    ("source add",           LOGIN,    200,         200,   200),
    ("source change",        LOGIN,    200,         200,   200),
    ("source history",       LOGIN,    200,         200,   200),
    ("source delete",        LOGIN,    403,         403,   200),
    ("rating changelist",    LOGIN,    200,         200,   200),
    ("rating add",           LOGIN,    403,         403,   200),
    ("rating change",        LOGIN,    200,         200,   200),
    ("rating history",       LOGIN,    200,         200,   200),
    ("rating delete",        LOGIN,    403,         403,   200),
    ("claimant changelist",  LOGIN,    200,         200,   200),
    ("claimant add",         LOGIN,    200,         200,   200),
    ("claimant change",      LOGIN,    200,         200,   200),
    ("claimant history",     LOGIN,    200,         200,   200),
    ("claimant delete",      LOGIN,    403,         403,   200),
]  # fmt: skip


@pytest.mark.parametrize(("page", "role", "expected"), expand(ADMIN_MATRIX))
def test_admin_pages_by_role(client, objects, page, role, expected, actor):
    model, view = page.split()
    check_page(client, admin_url(model, view, objects.get(model)), role, actor, expected)


@pytest.mark.parametrize("role", ["fact_checker", "editor"])
def test_only_superusers_may_change_the_rating_scale(client, objects, role, actor):
    rating = objects["rating"]
    client.force_login(actor)
    url = admin_url("rating", "change", rating)

    page = client.get(url)
    client.post(url, {"label": "Maybe", "slug": "maybe", "definition": "?", "order": 1})

    assert page.context["has_change_permission"] is False
    rating.refresh_from_db()
    assert rating.label == "Unproven"


def test_published_claims_cannot_be_deleted_even_by_superusers(client, superuser, published_claim):
    client.force_login(superuser)

    response = client.post(admin_url("claim", "delete", published_claim), {"post": "yes"})

    assert response.status_code == 403
    assert Claim.objects.filter(pk=published_claim.pk).exists()


def test_history_cannot_be_reverted_through_the_admin(client, superuser, claim, fact_checker):
    claim = services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, notes="Later."
    )
    first = claim.history.earliest("history_date")
    client.force_login(superuser)
    url = reverse("admin:factcheck_claim_simple_history", args=[claim.pk, first.history_id])

    response = client.post(url, {"statement": claim.statement, "notes": ""})

    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.notes == "Later."


# Workflow buttons ----------------------------------------------------------------------
#
# Each button: its label, the claim it is pressed on, what it posts, how to tell it worked.

BUTTONS = {
    "submit": ("Submit for review", "claim", {}, lambda claim: claim.status == "in_review"),
    "publish": ("Publish", "ready_claim", {}, lambda claim: claim.status == "published"),
    "send_back": (
        "Send back to draft",
        "ready_claim",
        {"note": "Why?"},
        lambda claim: claim.status == "draft",
    ),
    "unpublish": (
        "Unpublish",
        "published_claim",
        {"note": "Error."},
        lambda claim: claim.status == "draft",
    ),
    "correct": (
        "Correct",
        "published_claim",
        {"correction-note": "Typo.", "correction-ruling": "New ruling."},
        lambda claim: claim.ruling == "New ruling.",
    ),
    "archive": ("Archive", "claim", {}, lambda claim: claim.status == "archived"),
    "assign_to_me": ("Assign to me", "claim", {}, lambda claim: claim.assignee_id is not None),
    "schedule": (
        "Schedule publication",
        "ready_claim",
        {"schedule-when": "2099-01-04T10:00"},
        lambda claim: claim.publish_at is not None,
    ),
}

BUTTON_MATRIX = [
    # button         anonymous fact_checker editor superuser
    ("submit",       DENIED,   OK,          OK,    OK),
    ("publish",      DENIED,   DENIED,      OK,    OK),
    ("send_back",    DENIED,   DENIED,      OK,    OK),
    ("unpublish",    DENIED,   DENIED,      OK,    OK),
    ("correct",      DENIED,   DENIED,      OK,    OK),
    ("archive",      DENIED,   DENIED,      OK,    OK),
    ("assign_to_me", DENIED,   OK,          OK,    OK),
    ("schedule",     DENIED,   DENIED,      OK,    OK),
]  # fmt: skip


@pytest.mark.parametrize(("button", "role", "expected"), expand(BUTTON_MATRIX))
def test_workflow_buttons_by_role(request, client, button, role, expected, actor):
    label, start, data, worked = BUTTONS[button]
    claim = request.getfixturevalue(start)
    check_button(
        client,
        reverse(f"admin:factcheck_claim_{button}", args=[claim.pk]),
        data,
        obj=claim,
        role=role,
        actor=actor,
        expected=expected,
        snapshot=snapshot,
        worked=worked,
        done=lambda location: location == reverse("admin:factcheck_claim_change", args=[claim.pk]),
        refused=lambda message: message == f"{label}: You do not have permission to do this.",
    )


def test_staff_who_may_not_see_claims_get_403_from_the_buttons(client, claim):
    outsider = UserFactory(username="outsider")
    client.force_login(outsider)
    before = snapshot()

    response = client.post(reverse("admin:factcheck_claim_archive", args=[claim.pk]))

    assert response.status_code == 403
    assert snapshot() == before
