"""Scheduled publication: an editor sets the time, the worker publishes the
claim then through claim_publish, and nothing of it is public before."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factcheck import services
from factcheck.models import Claim
from factcheck.tasks import publish_scheduled_claims
from tests.factcheck.conftest import START
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def public_pages(client, claim):
    """What the public sees of ``claim``: its page, the list, the feed, the
    sitemap, the public API and the versioned API."""
    return {
        "page": client.get(reverse("public:claim_detail", args=[claim.slug])),
        "list": client.get(reverse("public:claim_list")).content.decode(),
        "feed": client.get(reverse("public:feed_rss")).content.decode(),
        # A sitemap section's page is streamed.
        "sitemap": b"".join(
            client.get(reverse("public:sitemap_section", args=["claims"])).streaming_content
        ).decode(),
        "api": client.get(reverse("public:api_claims")).content.decode(),
        "v1": client.get(reverse("api:claim-list")).content.decode(),
    }


def assert_not_public(client, claim):
    seen = public_pages(client, claim)
    assert seen["page"].status_code == 404
    for name in ("list", "feed", "sitemap", "api", "v1"):
        assert claim.slug not in seen[name], name


def assert_public(client, claim):
    seen = public_pages(client, claim)
    assert seen["page"].status_code == 200
    assert claim.statement in seen["page"].content.decode()
    for name in ("list", "feed", "sitemap", "api", "v1"):
        assert claim.slug in seen[name], name


def test_a_scheduled_claim_is_published_by_the_worker_at_its_time_not_before(
    client, clock, ready_claim, editor
):
    services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=editor)
    # Looked at while scheduled: cached pages must not keep it out afterwards.
    assert_not_public(client, ready_claim)

    clock.advance(HOUR - datetime.timedelta(seconds=1))
    publish_scheduled_claims.enqueue()
    assert Claim.objects.get().status == Claim.Status.IN_REVIEW
    assert_not_public(client, ready_claim)

    clock.advance(datetime.timedelta(seconds=1))
    publish_scheduled_claims.enqueue()

    claim = Claim.objects.get()
    assert claim.status == Claim.Status.PUBLISHED
    assert claim.published_at == START + HOUR
    assert claim.publish_at is None
    assert claim.history.order_by("-history_id").first().history_user == editor
    assert_public(client, claim)


def test_scheduling_queues_the_worker_at_that_time(clock, ready_claim, editor, run_tasks):
    with override_settings(TASKS=DATABASE_TASKS), run_tasks():
        services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=editor)

    queued = DBTaskResult.objects.get()
    assert queued.task_path == "factcheck.tasks.publish_scheduled_claims"
    assert queued.run_after == START + HOUR


@pytest.mark.skipif(
    "sqlite" not in settings.DATABASES["default"]["ENGINE"],
    # db_worker closes the database connection after its batch; on PostgreSQL that
    # is the test's own connection, inside its transaction. The other tests here
    # run the same task and services on PostgreSQL.
    reason="the in-process db_worker closes the test's PostgreSQL connection",
)
def test_the_db_worker_publishes_it_once_the_time_has_come(
    client, clock, ready_claim, editor, run_tasks
):
    with override_settings(TASKS=DATABASE_TASKS):
        with run_tasks():
            services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=editor)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
        assert Claim.objects.get().status == Claim.Status.IN_REVIEW

        clock.advance(HOUR)
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")

    assert Claim.objects.get().status == Claim.Status.PUBLISHED
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert_public(client, Claim.objects.get())


def test_a_claim_that_fails_a_check_at_its_time_is_not_published_and_says_why(
    client, clock, ready_claim, editor, fact_checker
):
    services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=editor)
    claim = Claim.objects.get()
    services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, ruling=""
    )
    clock.advance(2 * HOUR)

    call_command("publish_scheduled")

    claim = Claim.objects.get()
    assert claim.status == Claim.Status.IN_REVIEW
    assert claim.publish_at is None
    assert claim.schedule_failed_at == START + 2 * HOUR
    assert claim.schedule_failure == "Cannot publish: it has no ruling text."
    assert_not_public(client, claim)
    client.force_login(editor)
    page = client.get(reverse("admin:factcheck_claim_change", args=[claim.pk])).content.decode()
    assert "Schedule failed" in page and "it has no ruling text" in page
    dashboard = client.get(reverse("admin:index")).content.decode()
    panel = dashboard[dashboard.index('id="desk-scheduled"') :]
    assert "Not published: Cannot publish: it has no ruling text." in panel


def test_an_editor_who_lost_the_role_cannot_publish_through_a_schedule(
    clock, ready_claim, fact_checker
):
    former = UserFactory(username="former", role="Editor")
    services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=former)
    former.groups.clear()
    clock.advance(HOUR)

    assert services.claims_publish_due() == {"published": [], "failed": [ready_claim.pk]}
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.IN_REVIEW
    assert "may no longer publish" in claim.schedule_failure


def test_an_unscheduled_claim_is_not_published(client, clock, ready_claim, editor):
    services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=editor)
    services.claim_unschedule(claim=Claim.objects.get(), acting_user=editor)
    clock.advance(2 * HOUR)

    assert services.claims_publish_due() == {"published": [], "failed": []}
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.IN_REVIEW and claim.publish_at is None
    assert claim.schedule_failure == ""
    assert_not_public(client, claim)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ruling": ""}, "Cannot schedule: it has no ruling text."),
        ({"rating": None}, "Cannot schedule: it has no verdict."),
    ],
)
def test_a_claim_that_fails_a_check_cannot_be_scheduled(
    clock, ready_claim, editor, fact_checker, change, message
):
    claim = services.claim_update(
        claim=ready_claim, expected_version=ready_claim.version, acting_user=fact_checker, **change
    )

    with pytest.raises(services.WorkflowError, match=message):
        services.claim_schedule(claim=claim, when=START + HOUR, acting_user=editor)
    assert Claim.objects.get().publish_at is None


def test_only_an_editor_who_did_not_write_it_schedules_it_in_the_future(
    clock, article, ready_claim, editor, fact_checker
):
    with pytest.raises(services.WorkflowError, match="in the future"):
        services.claim_schedule(claim=ready_claim, when=START - HOUR, acting_user=editor)
    with pytest.raises(PermissionDenied):
        services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=fact_checker)
    own = services.claim_submit(
        claim=services.claim_create(
            article=article,
            quote="We finished it in 2019",
            statement="It was finished in 2019.",
            acting_user=editor,
        ),
        acting_user=editor,
    )
    with pytest.raises(services.WorkflowError, match="another editor must publish it"):
        services.claim_schedule(claim=own, when=START + HOUR, acting_user=editor)


def test_sending_a_scheduled_claim_back_ends_its_schedule(clock, ready_claim, editor):
    claim = services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=editor)
    claim = services.claim_send_back(claim=claim, note="One more source.", acting_user=editor)
    clock.advance(2 * HOUR)

    assert services.claims_publish_due() == {"published": [], "failed": []}
    assert Claim.objects.get().status == Claim.Status.DRAFT
    assert Claim.objects.get().publish_at is None


def test_editors_schedule_and_unschedule_from_the_change_page(client, clock, ready_claim, editor):
    client.force_login(editor)
    change = reverse("admin:factcheck_claim_change", args=[ready_claim.pk])
    page = client.get(change).content.decode()
    assert "Schedule publication…" in page

    response = client.post(
        reverse("admin:factcheck_claim_schedule", args=[ready_claim.pk]),
        {"version": ready_claim.version, "schedule-when": "2026-03-02T12:30"},
        follow=True,
    )

    claim = Claim.objects.get()
    assert claim.publish_at == datetime.datetime(
        2026, 3, 2, 12, 30, tzinfo=timezone.get_current_timezone()
    )
    assert "is scheduled to be published" in response.content.decode()
    dashboard = client.get(reverse("admin:index")).content.decode()
    panel = dashboard[dashboard.index('id="desk-scheduled"') :]
    assert claim.statement in panel
    assert claim.publish_at.isoformat() in panel

    response = client.post(
        reverse("admin:factcheck_claim_unschedule", args=[claim.pk]),
        {"version": claim.version},
        follow=True,
    )
    assert "is no longer scheduled" in response.content.decode()
    assert Claim.objects.get().publish_at is None


def test_fact_checkers_are_not_offered_the_schedule(client, clock, ready_claim, fact_checker):
    client.force_login(fact_checker)
    page = client.get(reverse("admin:factcheck_claim_change", args=[ready_claim.pk]))

    assert "Schedule publication" not in page.content.decode()
    response = client.post(
        reverse("admin:factcheck_claim_schedule", args=[ready_claim.pk]),
        {"version": ready_claim.version, "schedule-when": "2026-03-02T12:30"},
        follow=True,
    )
    assert "You do not have permission" in response.content.decode()
    assert Claim.objects.get().publish_at is None


def test_a_schedule_past_its_time_with_no_worker_is_marked_late(client, clock, ready_claim, editor):
    services.claim_schedule(claim=ready_claim, when=START + HOUR, acting_user=editor)
    client.force_login(editor)

    def panel():
        dashboard = client.get(reverse("admin:index")).content.decode()
        return dashboard[dashboard.index('id="desk-scheduled"') :]

    assert "Late" not in panel()
    clock.advance(HOUR + datetime.timedelta(minutes=10))  # nobody ran the worker

    assert "Late" in panel()
    assert "Not yet published: is the task worker running?" in panel()
