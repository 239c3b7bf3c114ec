"""Who is told what, by which channel, and that nobody is told what they may not see."""

import pytest
from django.core import mail

from articles import services as article_services
from articles.importers import ParsedArticle
from factcheck import roles, services
from factcheck.models import Channel, Delivery, Event, Notification, Webhook
from factcheck.services import jobs, notifications
from tests.factories import ArticleFactory, UserFactory

CANARY = "CANARY-7f3a-internal-only"


def told(user, event=None):
    """What ``user`` finds in their notification list (titles and bodies)."""
    queryset = Notification.objects.for_user(user)
    if event:
        queryset = queryset.filter(event=event)
    return [f"{n.title}\n{n.body}" for n in queryset]


@pytest.fixture
def other_editor(db):
    return UserFactory(username="editor2", role=roles.EDITOR)


# The events ------------------------------------------------------------------------------


def test_the_assignee_is_told_when_a_claim_is_assigned(claim, fact_checker, editor):
    services.claim_assign(claim=claim, assignee=editor, acting_user=fact_checker)

    [message] = told(editor, Event.ASSIGNED)
    assert "Assigned to you" in message
    assert "The bridge cost $4 million." in message
    assert fact_checker.get_full_name() in message


def test_nobody_is_told_of_their_own_action(claim, fact_checker):
    services.claim_assign(claim=claim, assignee=fact_checker, acting_user=fact_checker)

    assert told(fact_checker) == []


def test_assigning_through_an_edit_tells_the_assignee(claim, fact_checker, editor):
    services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, assignee=editor
    )
    # Saving again without changing the assignee tells nobody again.
    services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, ruling="Draft."
    )

    assert len(told(editor, Event.ASSIGNED)) == 1


def test_editors_are_told_when_a_claim_is_submitted_for_review(
    other_editor, editor, ready_claim, fact_checker
):
    # ready_claim was submitted by the fact-checker.
    for user in (editor, other_editor):
        [message] = told(user, Event.SUBMITTED)
        assert "submitted the claim “The bridge cost $4 million.” for review" in message
    assert told(fact_checker, Event.SUBMITTED) == []


def test_review_recipients_are_the_editors_who_may_publish_it(claim, editor, other_editor):
    # An editor who wrote the claim may not publish it, so is not asked to review it.
    own = services.claim_create(
        article=claim.article,
        quote="the bridge cost $4 million",
        statement="Editor's own claim.",
        acting_user=editor,
    )

    assert set(notifications.review_recipients(claim)) == {editor, other_editor}
    assert notifications.review_recipients(own) == [other_editor]


def test_a_chosen_reviewer_is_the_only_one_asked(claim, fact_checker, editor, other_editor):
    services.claim_submit(claim=claim, acting_user=fact_checker, reviewer=other_editor)

    assert told(other_editor, Event.SUBMITTED)
    assert told(editor, Event.SUBMITTED) == []


def test_the_chosen_reviewer_of_a_discrepancy_is_asked(discrepancy, fact_checker, editor):
    services.discrepancy_request_review(
        discrepancy=discrepancy, acting_user=fact_checker, reviewer=editor
    )

    [message] = told(editor, Event.SUBMITTED)
    assert "submitted" in message


def test_the_author_is_told_when_sent_back_with_the_note(ready_claim, fact_checker, editor):
    services.claim_send_back(
        claim=ready_claim, acting_user=editor, note="Cite the council's accounts."
    )

    [message] = told(fact_checker, Event.SENT_BACK)
    assert "Sent back to you" in message
    assert "Cite the council's accounts." in message


def test_author_and_assignee_are_told_when_published(ready_claim, fact_checker, editor):
    assignee = UserFactory(username="assignee", role=roles.FACT_CHECKER)
    services.claim_assign(claim=ready_claim, assignee=assignee, acting_user=fact_checker)

    services.claim_publish(claim=ready_claim, acting_user=editor)

    for user in (fact_checker, assignee):
        [message] = told(user, Event.PUBLISHED)
        assert "published the claim “The bridge cost $4 million.”" in message
    assert told(editor, Event.PUBLISHED) == []


def test_closing_a_discrepancy_with_a_finding_tells_its_author(resolved, fact_checker):
    [message] = told(fact_checker, Event.PUBLISHED)
    assert "On which day did the bridge open?" in message


def test_assigning_a_discrepancy_tells_the_assignee(discrepancy, fact_checker, editor):
    services.discrepancy_assign(discrepancy=discrepancy, assignee=editor, acting_user=fact_checker)

    [message] = told(editor, Event.ASSIGNED)
    assert "the discrepancy “On which day did the bridge open?”" in message


def test_a_report_changed_under_published_work_tells_assignee_and_editors(
    other_editor, published_claim, fact_checker, editor
):
    services.claim_assign(claim=published_claim, assignee=fact_checker, acting_user=editor)
    article = published_claim.article
    new_body = article.body.replace("$4 million", "$5 million")

    # A watch round or an import by nobody in particular.
    article_services.article_import(
        parsed=ParsedArticle(
            body=new_body, raw_input=new_body, format="text", source=article.source
        ),
        acting_user=None,
    )

    for user in (fact_checker, editor, other_editor):
        [message] = told(user, Event.REPORT_CHANGED)
        assert "Report changed after publication" in message
        assert "The bridge cost $4 million." in message


def test_a_finished_import_job_tells_whoever_started_it(fact_checker, run_tasks):
    with run_tasks():
        jobs.job_start_import(
            acting_user=fact_checker, files=[_upload("a.txt", b"One report.\n\nIts text.")]
        )

    [message] = told(fact_checker, Event.JOB_FINISHED)
    assert "Background job finished" in message
    assert "1 created" in message


def test_a_failed_job_tells_whoever_started_it(story, fact_checker, run_tasks):
    with run_tasks():
        jobs.job_start_detection(story=story, acting_user=fact_checker)
        # The story goes away before the worker takes the job.
        story.delete()

    [message] = told(fact_checker, Event.JOB_FAILED)
    assert "Background job failed" in message
    assert "The story was deleted before detection could run." in message


def test_detection_tells_who_started_it_that_suggestions_are_ready(
    story, reports, fact_checker, run_tasks
):
    with run_tasks():
        jobs.job_start_detection(story=story, acting_user=fact_checker)

    [message] = told(fact_checker, Event.DETECTION_READY)
    assert "Detection suggestions ready: story “Bridge opening”" in message
    assert "new suggestion" in message


def _upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# Channels and preferences -------------------------------------------------------------


def test_email_goes_out_for_the_events_that_ask_to_act(
    ready_claim, fact_checker, editor, run_tasks
):
    mail.outbox.clear()
    with run_tasks():
        services.claim_send_back(claim=ready_claim, acting_user=editor, note="Check the date.")

    [email] = mail.outbox
    assert email.to == [fact_checker.email]
    assert email.subject.startswith("Sent back to you")
    assert "Check the date." in email.body
    delivery = Delivery.objects.get(channel=Channel.EMAIL, event=Event.SENT_BACK)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.SENT, 1)
    assert delivery.sent_at is not None


def test_published_is_not_emailed_by_default(ready_claim, editor, run_tasks):
    mail.outbox.clear()
    with run_tasks():
        services.claim_publish(claim=ready_claim, acting_user=editor)

    assert mail.outbox == []


def test_a_user_who_turns_email_off_gets_none(ready_claim, fact_checker, editor, run_tasks):
    notifications.preferences_update(
        acting_user=fact_checker,
        user=fact_checker,
        choices={(Event.SENT_BACK, Channel.EMAIL): False},
    )
    mail.outbox.clear()
    with run_tasks():
        services.claim_send_back(claim=ready_claim, acting_user=editor, note="Check the date.")

    assert mail.outbox == []
    assert len(told(fact_checker, Event.SENT_BACK)) == 1


def test_a_user_who_turns_the_admin_channel_off_sees_nothing_listed(
    ready_claim, fact_checker, editor, run_tasks
):
    notifications.preferences_update(
        acting_user=fact_checker,
        user=fact_checker,
        choices={(Event.SENT_BACK, Channel.ADMIN): False},
    )
    mail.outbox.clear()
    with run_tasks():
        services.claim_send_back(claim=ready_claim, acting_user=editor, note="Check the date.")

    assert told(fact_checker) == []
    assert notifications.unread_count(fact_checker) == 0
    assert len(mail.outbox) == 1


def test_defaults_are_everything_in_the_admin_and_email_for_what_asks_to_act(fact_checker):
    chosen = notifications.preferences_for(fact_checker)

    assert all(chosen[(event, Channel.ADMIN)] for event in Event.values)
    assert {event for event in Event.values if chosen[(event, Channel.EMAIL)]} == {
        Event.ASSIGNED,
        Event.SUBMITTED,
        Event.SENT_BACK,
    }


def test_nobody_changes_another_users_preferences(fact_checker, editor):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notifications.preferences_update(
            acting_user=editor,
            user=fact_checker,
            choices={(Event.ASSIGNED, Channel.EMAIL): False},
        )
    assert notifications.preferences_for(fact_checker)[(Event.ASSIGNED, Channel.EMAIL)]


def test_a_failed_email_is_retried_then_recorded_as_failed(
    ready_claim, editor, run_tasks, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.factcheck.test_notifications.BrokenMailer"}}
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
    with run_tasks():
        services.claim_send_back(claim=ready_claim, acting_user=editor, note="Check the date.")

    delivery = Delivery.objects.get(channel=Channel.EMAIL)
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 3)
    assert "SMTP server is down" in delivery.last_error
    assert delivery.last_attempt_at is not None


class BrokenMailer:
    def __init__(self, **options):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server is down")


def test_nothing_is_sent_when_the_action_rolls_back(ready_claim, editor, run_tasks):
    from django.db import transaction

    mail.outbox.clear()
    with run_tasks(), pytest.raises(RuntimeError), transaction.atomic():
        services.claim_send_back(claim=ready_claim, acting_user=editor, note="Check the date.")
        raise RuntimeError

    assert mail.outbox == []
    assert not Notification.objects.exists()


# Visibility ----------------------------------------------------------------------------


def test_a_canary_in_internal_fields_reaches_no_notification_email_or_webhook(
    article, fact_checker, editor, rating, run_tasks, settings
):
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = True
    Webhook.objects.create(name="Desk", url="http://127.0.0.1:9/", secret="s3")
    mail.outbox.clear()
    with run_tasks():
        claim = services.claim_create(
            article=article,
            quote="the bridge cost $4 million",
            statement="The bridge cost $4 million.",
            notes=f"Source is the mayor's aide {CANARY}",
            assignee=editor,
            acting_user=fact_checker,
        )
        services.claim_submit(claim=claim, acting_user=fact_checker)
        services.claim_send_back(claim=claim, acting_user=editor, note="Needs a source.")

    written = [f"{n.title} {n.body} {n.url}" for n in Notification.objects.all()]
    sent = [f"{m.subject} {m.body}" for m in mail.outbox]
    posted = [str(d.payload) for d in Delivery.objects.filter(channel=Channel.WEBHOOK)]
    assert written and sent and posted
    assert not any(CANARY in text for text in written + sent + posted)


def test_staff_who_may_not_see_claims_are_not_told_about_them(claim, fact_checker, run_tasks):
    no_role = UserFactory(username="intern")  # staff, but in no role
    mail.outbox.clear()
    with run_tasks():
        services.claim_assign(claim=claim, assignee=no_role, acting_user=fact_checker)

    assert not Notification.objects.filter(recipient=no_role).exists()
    assert mail.outbox == []


def test_the_review_note_reaches_only_those_who_may_read_review_comments(ready_claim, editor):
    from django.contrib.auth.models import Permission

    # An assignee who may see claims but not the reviewers' comments.
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_claim"))
    services.claim_assign(claim=ready_claim, assignee=reader, acting_user=editor)

    services.claim_send_back(claim=ready_claim, acting_user=editor, note=CANARY)

    [message] = told(reader, Event.SENT_BACK)
    assert "sent the claim" in message
    assert CANARY not in message


def test_webhook_payloads_carry_only_public_fields(ready_claim, editor, settings):
    Webhook.objects.create(name="Desk", url="https://hooks.example.invalid/x", secret="s3")

    services.claim_send_back(claim=ready_claim, acting_user=editor, note=CANARY)
    [draft] = Delivery.objects.filter(channel=Channel.WEBHOOK, event=Event.SENT_BACK)
    services.claim_submit(claim=ready_claim, acting_user=ready_claim.created_by)
    services.claim_publish(claim=ready_claim, acting_user=editor)
    [public] = Delivery.objects.filter(channel=Channel.WEBHOOK, event=Event.PUBLISHED)

    # A draft is not public: its statement is not posted, nor the note.
    assert "The bridge cost" not in str(draft.payload)
    assert CANARY not in str(draft.payload)
    assert draft.payload["text"].startswith("Sent back to you: claim #")
    # Published, it is.
    assert public.payload["object"]["statement"] == "The bridge cost $4 million."
    assert public.payload["public_url"].endswith(f"/claims/{ready_claim.slug}/")
    assert public.payload["public_url"] in public.payload["text"]


def test_a_webhook_gets_only_the_events_it_chose(ready_claim, editor):
    Webhook.objects.create(
        name="Published only",
        url="https://hooks.example.invalid/x",
        secret="s",
        events=["published"],
    )

    services.claim_send_back(claim=ready_claim, acting_user=editor, note="Again.")

    assert not Delivery.objects.filter(channel=Channel.WEBHOOK).exists()


def test_an_article_without_claims_changing_tells_nobody(editor):
    article = ArticleFactory()
    article_services.article_import(
        parsed=ParsedArticle(
            body="A new text.", raw_input="A new text.", format="text", source=article.source
        ),
        acting_user=editor,
    )

    assert not Notification.objects.exists()


def test_without_an_smtp_server_a_production_email_is_written_to_the_log(
    ready_claim, fact_checker, editor, run_tasks, settings, caplog
):
    settings.MAILERS = {"default": {"BACKEND": "factcheck.mail.LogEmailBackend"}}
    with caplog.at_level("INFO", logger="factcheck.mail"), run_tasks():
        services.claim_send_back(claim=ready_claim, acting_user=editor, note="Check the date.")

    [record] = [r for r in caplog.records if r.name == "factcheck.mail"]
    assert fact_checker.email in record.getMessage()
    assert "Check the date." in record.getMessage()
    assert Delivery.objects.get(channel=Channel.EMAIL).status == Delivery.Status.SENT


def test_the_recipients_choices_are_read_in_one_query(claim, fact_checker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    editors = [UserFactory(username=f"desk{n}", role=roles.EDITOR) for n in range(4)]

    with CaptureQueriesContext(connection) as queries:
        services.claim_submit(claim=claim, acting_user=fact_checker)

    reads = [q["sql"] for q in queries if "notificationpreference" in q["sql"].lower()]
    assert len(reads) == 1
    assert all(told(editor, Event.SUBMITTED) for editor in editors)
