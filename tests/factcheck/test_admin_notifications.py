"""Notifications in the admin: the header, one's own list, opening one,
preferences, and the superuser's webhooks and delivery records."""

import re

import pytest
from django.urls import reverse

from factcheck import roles, services
from factcheck.models import Channel, Event, Notification, Webhook
from factcheck.services import notifications
from tests.factories import UserFactory

LIST = reverse("admin:factcheck_notification_changelist")
PREFERENCES = reverse("admin:factcheck_notification_preferences")


def header(response) -> str:
    html = response.content.decode()
    match = re.search(r'<div id="user-tools">(.*?)</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def unread_badge(response) -> str | None:
    match = re.search(r'<span class="unread-count">(\d+)</span>', response.content.decode())
    return match.group(1) if match else None


@pytest.fixture
def sent_back(ready_claim, editor):
    return services.claim_send_back(
        claim=ready_claim, acting_user=editor, note="Find the council minutes."
    )


def test_the_header_names_the_user_and_their_role(client, editor, fact_checker, superuser):
    for user, expected in (
        (editor, f"Signed in as {editor.get_full_name()} (Editor)"),
        (fact_checker, f"Signed in as {fact_checker.get_full_name()} (Fact-checker)"),
        (superuser, f"Signed in as {superuser.get_full_name()} (Superuser)"),
    ):
        client.force_login(user)
        text = header(client.get(reverse("admin:index")))
        assert expected in text
        assert "Welcome" not in text


def test_a_user_without_a_name_is_shown_by_user_name(client, db):
    user = UserFactory(username="nameless", first_name="", last_name="", role=roles.EDITOR)
    client.force_login(user)

    assert "Signed in as nameless (Editor)" in header(client.get(reverse("admin:index")))


def test_the_header_counts_unread_notifications(client, fact_checker, sent_back):
    client.force_login(fact_checker)

    response = client.get(reverse("admin:index"))

    assert unread_badge(response) == "1"
    assert "Notifications 1" in header(response)


def test_the_list_shows_ones_own_notifications_with_the_note(
    client, fact_checker, editor, sent_back
):
    client.force_login(fact_checker)

    html = client.get(LIST).content.decode()

    assert "Sent back to you: claim “The bridge cost $4 million.”" in html
    assert "Find the council minutes." in html
    assert "Unread" in html
    # The editor's own (submitted for review) is not in the fact-checker's list.
    assert "Submitted for review: claim" not in html


def test_a_superuser_does_not_see_others_notifications(client, superuser, sent_back):
    client.force_login(superuser)

    response = client.get(LIST)

    assert "Find the council minutes." not in response.content.decode()
    other = Notification.objects.exclude(recipient=superuser).first()
    assert (
        client.get(reverse("admin:factcheck_notification_change", args=[other.pk])).status_code
        == 403
    )
    assert other.__class__.objects.get(pk=other.pk).read_at is None


def test_opening_a_notification_marks_it_read_and_leads_to_the_claim(
    client, fact_checker, sent_back
):
    client.force_login(fact_checker)
    notification = Notification.objects.get(recipient=fact_checker)

    response = client.get(notification.get_absolute_url())

    assert response.status_code == 302
    assert response.url == reverse("admin:factcheck_claim_change", args=[sent_back.pk])
    notification.refresh_from_db()
    assert notification.is_read
    assert unread_badge(client.get(reverse("admin:index"))) is None
    assert "Read" in client.get(LIST + "?read=yes").content.decode()


def test_mark_all_read(client, fact_checker, sent_back):
    client.force_login(fact_checker)

    client.post(reverse("admin:factcheck_notification_read_all"))

    assert notifications.unread_count(fact_checker) == 0


def test_the_mark_read_action_marks_only_the_chosen(client, fact_checker, editor, sent_back):
    services.claim_assign(claim=sent_back, assignee=fact_checker, acting_user=editor)
    client.force_login(fact_checker)
    first, second = Notification.objects.for_user(fact_checker)

    client.post(LIST, {"action": "mark_read", "_selected_action": [first.pk]})

    assert Notification.objects.get(pk=first.pk).is_read
    assert not Notification.objects.get(pk=second.pk).is_read


def test_the_list_is_read_in_constant_queries(
    client, fact_checker, editor, claim, django_assert_num_queries
):
    for _ in range(5):
        services.claim_assign(claim=claim, assignee=fact_checker, acting_user=editor)
        services.claim_assign(claim=claim, assignee=None, acting_user=editor)
    client.force_login(fact_checker)

    # Session, user; the page's count; the permissions (the user's own, the
    # groups'); the rows; the header's unread count.
    with django_assert_num_queries(7):
        response = client.get(LIST)
    assert response.content.decode().count('class="notification-title"') == 5


def test_the_preferences_page_shows_the_defaults_and_saves_choices(client, fact_checker):
    client.force_login(fact_checker)

    html = client.get(PREFERENCES).content.decode()
    assert re.search(r'name="assigned__email"[^>]* checked', html)
    assert not re.search(r'name="published__email"[^>]* checked', html)

    # A form posts only the boxes left ticked.
    ticked = {"assigned__admin": "on", "published__email": "on"}
    response = client.post(PREFERENCES, ticked, follow=True)

    assert "Your notification preferences were saved." in response.content.decode()
    chosen = notifications.preferences_for(fact_checker)
    assert chosen[(Event.PUBLISHED, Channel.EMAIL)] is True
    assert chosen[(Event.ASSIGNED, Channel.EMAIL)] is False
    assert chosen[(Event.SENT_BACK, Channel.ADMIN)] is False


def test_webhooks_and_deliveries_are_the_superusers_alone(client, editor, superuser):
    for url, shown in (
        (reverse("admin:factcheck_webhook_changelist"), "Select webhook to change"),
        (reverse("admin:factcheck_webhook_add"), 'name="secret"'),
        (reverse("admin:factcheck_delivery_changelist"), "Select delivery to view"),
    ):
        client.force_login(editor)
        assert client.get(url).status_code == 403
        client.force_login(superuser)
        response = client.get(url)
        assert response.status_code == 200
        assert shown in response.content.decode()


def test_the_superuser_adds_a_webhook_in_the_admin(client, superuser):
    client.force_login(superuser)

    client.post(
        reverse("admin:factcheck_webhook_add"),
        {
            "name": "Desk chat",
            "url": "https://hooks.example.org/desk",
            "secret": "s3cret",
            "events": ["published", "submitted"],
            "is_active": "on",
        },
    )

    hook = Webhook.objects.get()
    assert (hook.name, hook.events) == ("Desk chat", ["published", "submitted"])
    assert hook.wants("published") and not hook.wants("assigned")


def test_sent_back_then_resubmitted_tells_each_side(client, editor, fact_checker, ready_claim):
    """The browser test's flow (tests/browser/test_notification_flow.py) through the client."""
    client.force_login(editor)
    client.post(
        reverse("admin:factcheck_claim_send_back", args=[ready_claim.pk]),
        {"note": "Find the council minutes.", "version": ready_claim.version},
    )

    client.force_login(fact_checker)
    page = client.get(LIST).content.decode()
    assert "Find the council minutes." in page
    notification = Notification.objects.get(recipient=fact_checker)
    client.get(notification.get_absolute_url())
    ready_claim.refresh_from_db()
    client.post(
        reverse("admin:factcheck_claim_submit", args=[ready_claim.pk]),
        {"version": ready_claim.version},
    )

    client.force_login(editor)
    response = client.get(LIST + "?read=no")
    # The first submission, and the one after the note.
    assert unread_badge(response) == "2"
    assert (
        response.content.decode().count(f"{fact_checker.get_full_name()} submitted the claim") == 2
    )
