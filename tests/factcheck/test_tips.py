"""Reader tips: moderated through the TIP workflow, made into claims in one step,
announced to the desk without the tipster's details."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from factcheck import roles, services
from factcheck.models import Channel, Claim, Delivery, Event, Notification, Tip, Webhook
from factcheck.services import WorkflowError
from factcheck.workflows import TIP
from tests.factcheck.matrix import DENIED, OK, REFUSED, check_service, expand
from tests.factories import UserFactory

CANARY = "Zqxcanary7731"


def receive(**overrides):
    fields = {
        "statement": "The mayor said the bridge cost $4 million.",
        "seen_at": "A radio interview on Monday morning",
        "contact_name": f"Reader {CANARY}",
        "contact_email": f"{CANARY.lower()}@example.org",
    }
    fields.update(overrides)
    return services.tip_receive(**fields)


@pytest.fixture
def tip(db):
    return receive()


def test_a_received_tip_is_new_with_its_history(tip):
    assert tip.status == Tip.Status.NEW
    assert tip.history.get().history_change_reason == "received"


def test_the_service_refuses_what_the_form_would(db):
    with pytest.raises(WorkflowError, match="at most"):
        receive(statement="x" * 5000)
    with pytest.raises(WorkflowError, match="control characters"):
        receive(seen_at="there\x1b[2J")
    with pytest.raises(WorkflowError, match="valid address"):
        receive(contact_email="not an address")
    assert not Tip.objects.exists()


# Moderation ------------------------------------------------------------------------


def test_accepting_rejecting_and_marking_duplicates_keep_who_and_why(tip, fact_checker):
    other = receive(statement="Another claim.")
    services.tip_reject(tip=tip, acting_user=fact_checker, note="Not checkable: an opinion.")
    services.tip_mark_duplicate(tip=other, acting_user=fact_checker, note="Same as #1.")

    tip.refresh_from_db()
    other.refresh_from_db()
    assert tip.status == Tip.Status.REJECTED and tip.note == "Not checkable: an opinion."
    assert other.status == Tip.Status.DUPLICATE
    last = tip.history.order_by("-history_id").first()
    assert last.history_user == fact_checker and last.history_change_reason == "reject"


def test_a_moderated_tip_is_not_moderated_again_until_reopened(tip, fact_checker):
    services.tip_accept(tip=tip, acting_user=fact_checker)

    with pytest.raises(WorkflowError, match="the tip is accepted"):
        services.tip_reject(tip=tip, acting_user=fact_checker)
    services.tip_reopen(tip=tip, acting_user=fact_checker)
    assert services.tip_reject(tip=tip, acting_user=fact_checker).status == Tip.Status.REJECTED


def test_a_stale_page_writes_nothing(tip, fact_checker, editor):
    seen = tip.version
    services.tip_accept(tip=Tip.objects.get(pk=tip.pk), acting_user=editor)

    with pytest.raises(WorkflowError, match="changed by someone else"):
        services.tip_reject(tip=tip, acting_user=fact_checker, expected_version=seen)
    assert Tip.objects.get(pk=tip.pk).status == Tip.Status.ACCEPTED


# Tip → claim -----------------------------------------------------------------------


def test_a_tip_becomes_a_draft_claim_on_the_chosen_passage_keeping_the_link(
    tip, article, fact_checker
):
    claim = services.tip_make_claim(
        tip=tip, article=article, quote="the bridge cost $4 million", acting_user=fact_checker
    )

    tip.refresh_from_db()
    assert tip.claim == claim and tip.status == Tip.Status.ACCEPTED
    assert claim.status == Claim.Status.DRAFT and claim.article == article
    assert claim.statement == tip.statement
    assert claim.quote == "the bridge cost $4 million"
    # The claim records where it came from, never who sent it.
    assert f"tip #{tip.pk}" in claim.notes
    assert CANARY.lower() not in claim.notes.lower()


def test_the_desk_may_reword_the_statement(tip, article, fact_checker):
    claim = services.tip_make_claim(
        tip=tip,
        article=article,
        quote="the bridge cost $4 million",
        statement="The bridge cost $4 million to build.",
        acting_user=fact_checker,
    )

    assert claim.statement == "The bridge cost $4 million to build."


def test_a_passage_not_in_the_article_writes_nothing(tip, article, fact_checker):
    with pytest.raises(WorkflowError, match="Passage"):
        services.tip_make_claim(
            tip=tip, article=article, quote="cost nothing at all", acting_user=fact_checker
        )

    tip.refresh_from_db()
    assert tip.claim is None and tip.status == Tip.Status.NEW
    assert not Claim.objects.exists()


def test_a_tip_leads_to_one_claim_only(tip, article, fact_checker):
    services.tip_make_claim(
        tip=tip, article=article, quote="the bridge cost $4 million", acting_user=fact_checker
    )

    with pytest.raises(WorkflowError, match="led to a claim already"):
        services.tip_make_claim(tip=tip, article=article, quote="in 2019", acting_user=fact_checker)
    with pytest.raises(WorkflowError, match="led to a claim already"):
        services.tip_reopen(tip=tip, acting_user=fact_checker)
    assert Claim.objects.count() == 1


def test_make_a_claim_from_the_tips_admin_page(client, tip, article, fact_checker):
    client.force_login(fact_checker)
    page = client.get(reverse("admin:factcheck_tip_change", args=[tip.pk])).content.decode()
    assert "Make a claim…" in page and "Draft the claim" in page

    response = client.post(
        reverse("admin:factcheck_tip_make_claim", args=[tip.pk]),
        {
            "version": tip.version,
            "claim-article": article.pk,
            "claim-passage": "the bridge cost $4 million",
            "claim-statement": tip.statement,
        },
    )

    tip.refresh_from_db()
    assert tip.claim is not None
    page = client.get(response["Location"]).content.decode()
    assert "A draft claim was made of" in page
    assert reverse("admin:factcheck_claim_change", args=[tip.claim_id]) in page


def test_a_wrong_passage_in_the_admin_is_explained_and_saves_nothing(
    client, tip, article, fact_checker
):
    client.force_login(fact_checker)
    response = client.post(
        reverse("admin:factcheck_tip_make_claim", args=[tip.pk]),
        {
            "version": tip.version,
            "claim-article": article.pk,
            "claim-passage": "words the article never had",
            "claim-statement": tip.statement,
        },
    )

    [message] = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert message.startswith("Make a claim: Passage:")
    assert not Claim.objects.exists()


def test_the_public_claim_page_says_readers_asked_for_it(
    client, tip, article, fact_checker, editor, rating
):
    from factcheck.models import Stance
    from tests.factories import SourceFactory

    claim = services.tip_make_claim(
        tip=tip, article=article, quote="the bridge cost $4 million", acting_user=fact_checker
    )
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=fact_checker,
        rating=rating,
        ruling="City accounts show $6.2 million.",
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=fact_checker
    )
    services.claim_submit(claim=claim, acting_user=fact_checker)
    services.claim_publish(claim=claim, acting_user=editor)

    page = client.get(reverse("public:claim_detail", args=[claim.slug])).content.decode()

    assert "Readers asked us to check this." in page
    assert CANARY.lower() not in page.lower()


def test_a_claim_no_reader_asked_for_does_not_say_so(client, published_claim):
    page = client.get(reverse("public:claim_detail", args=[published_claim.slug]))

    assert "Readers asked us" not in page.content.decode()


# Notifications ---------------------------------------------------------------------


def test_fact_checkers_and_editors_are_told_of_a_new_tip_without_its_contact_details(
    fact_checker, editor, run_tasks, settings
):
    settings.NOTIFICATIONS_WEBHOOK_ALLOW_PRIVATE = True
    Webhook.objects.create(name="Desk", url="http://127.0.0.1:9/", secret="s3")
    intern = UserFactory(username="intern")  # staff in no role
    services.notifications.preferences_update(
        acting_user=editor, user=editor, choices={(Event.TIP_RECEIVED, Channel.EMAIL): True}
    )
    mail.outbox.clear()

    with run_tasks():
        tip = receive()

    told = {n.recipient.username: n for n in Notification.objects.filter(event=Event.TIP_RECEIVED)}
    assert set(told) == {"checker", "editor"}
    assert "A reader suggested checking “The mayor said" in told["checker"].body
    assert told["checker"].url == reverse("admin:factcheck_tip_change", args=[tip.pk])
    assert not Notification.objects.filter(recipient=intern).exists()
    # E-mail only for whoever asked for it.
    assert [m.to for m in mail.outbox] == [[editor.email]]
    texts = [f"{n.title} {n.body} {n.url}" for n in Notification.objects.all()]
    texts += [f"{m.subject} {m.body}" for m in mail.outbox]
    texts += [str(d.payload) for d in Delivery.objects.filter(channel=Channel.WEBHOOK)]
    assert not any(CANARY.lower() in text.lower() for text in texts)


def test_a_moderator_who_turned_tips_off_is_not_told(fact_checker, editor):
    services.notifications.preferences_update(
        acting_user=fact_checker,
        user=fact_checker,
        choices={(Event.TIP_RECEIVED, Channel.ADMIN): False},
    )

    receive()

    assert list(
        Notification.objects.filter(event=Event.TIP_RECEIVED).values_list(
            "recipient__username", flat=True
        )
    ) == ["editor"]


# Who may do what -------------------------------------------------------------------


def snapshot():
    return (
        list(Tip.objects.order_by("pk").values_list("status", "version", "claim", "note")),
        Claim.objects.count(),
    )


TIP_ACTIONS = {
    "accept": lambda tip, user, article: services.tip_accept(tip=tip, acting_user=user),
    "reject": lambda tip, user, article: services.tip_reject(tip=tip, acting_user=user),
    "duplicate": lambda tip, user, article: services.tip_mark_duplicate(tip=tip, acting_user=user),
    "make a claim": lambda tip, user, article: services.tip_make_claim(
        tip=tip, article=article, quote="in 2019", acting_user=user
    ),
    "reopen a new tip": lambda tip, user, article: services.tip_reopen(tip=tip, acting_user=user),
}

TIP_MATRIX = [
    # action              anonymous  fact-checker  editor  superuser
    ("accept",            DENIED,    OK,           OK,     OK),
    ("reject",            DENIED,    OK,           OK,     OK),
    ("duplicate",         DENIED,    OK,           OK,     OK),
    ("make a claim",      DENIED,    OK,           OK,     OK),
    ("reopen a new tip",  DENIED,    REFUSED,      REFUSED, REFUSED),
]  # fmt: skip


@pytest.mark.parametrize(("name", "role", "expected"), expand(TIP_MATRIX))
def test_tip_services_by_role(tip, article, name, role, expected, actor):
    check_service(
        lambda tip, user: TIP_ACTIONS[name](tip, user, article), tip, actor, expected, snapshot
    )


def test_staff_in_no_role_may_not_see_or_moderate_tips(client, tip):
    intern = UserFactory(username="intern")
    client.force_login(intern)

    assert client.get(reverse("admin:factcheck_tip_changelist")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.tip_accept(tip=tip, acting_user=intern)


def test_the_workflow_offers_each_state_its_steps(tip, fact_checker):
    assert [s.name for s in TIP.offered(fact_checker, tip)] == [
        "make_claim",
        "accept",
        "duplicate",
        "reject",
    ]
    services.tip_reject(tip=tip, acting_user=fact_checker)
    assert [s.name for s in TIP.offered(fact_checker, tip)] == ["reopen"]


def test_roles_grant_the_queue(db):
    assert "factcheck.view_tip" in roles.ROLE_PERMISSIONS[roles.FACT_CHECKER]
    assert "factcheck.change_tip" in roles.ROLE_PERMISSIONS[roles.EDITOR]


def test_the_claims_csv_export_carries_nothing_of_the_tipster(client, tip, article, editor):
    services.tip_make_claim(
        tip=tip, article=article, quote="the bridge cost $4 million", acting_user=editor
    )
    client.force_login(editor)

    response = client.get(reverse("admin:factcheck_claim_export"))

    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"The mayor said the bridge cost" in body
    assert CANARY.lower().encode() not in body.lower()
