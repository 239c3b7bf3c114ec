"""Who may do what with discrepancies: every service, admin page, button and bulk action, by role.

Fact-checkers record, research, assess and cite; editors also confirm or
dismiss suggestions, merge, resolve, mark not a conflict and reopen. Each table
reads like the policy it checks, one row per action and one column per role. A
refusal must leave everything as it was.
"""

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Discrepancy, DiscrepancyCitation, DiscrepancyPassage, Stance
from factcheck.services import PassageSpec
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
from tests.factories import SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a discrepancy step could change."""
    return {
        "discrepancies": list(
            Discrepancy.objects.order_by("pk").values_list(
                "status", "version", "title", "notes", "resolution", "assignee", "merged_into"
            )
        ),
        "passages": list(
            DiscrepancyPassage.objects.order_by("pk").values_list(
                "discrepancy", "article", "assessment"
            )
        ),
        "citations": DiscrepancyCitation.objects.count(),
    }


# Services ------------------------------------------------------------------------------
#
# Each action: the fixture it starts from, and the call.

ACTIONS = {
    "record": (
        "reports",
        lambda reports, user: services.discrepancy_create(
            story=reports[0].story,
            title="How many guests?",
            kind="number",
            passages=[
                PassageSpec(article=reports[0], quote="300 guests"),
                PassageSpec(article=reports[1], quote="about 300 guests"),
            ],
            acting_user=user,
        ),
    ),
    "confirm a suggestion": (
        "suggestion",
        lambda d, user: services.discrepancy_confirm(discrepancy=d, acting_user=user),
    ),
    "confirm an open one": (
        "discrepancy",
        lambda d, user: services.discrepancy_confirm(discrepancy=d, acting_user=user),
    ),
    "dismiss a suggestion": (
        "suggestion",
        lambda d, user: services.discrepancy_dismiss(discrepancy=d, acting_user=user),
    ),
    "merge a suggestion": (
        "suggestion",
        lambda d, user: services.discrepancy_merge(
            suggestion=d, into=Discrepancy.objects.get(status="open"), acting_user=user
        ),
    ),
    "investigate": (
        "discrepancy",
        lambda d, user: services.discrepancy_investigate(discrepancy=d, acting_user=user),
    ),
    "edit an open one": (
        "discrepancy",
        lambda d, user: services.discrepancy_update(
            discrepancy=d, expected_version=d.version, acting_user=user, notes="Call the city."
        ),
    ),
    "edit a resolved one": (
        "resolved",
        lambda d, user: services.discrepancy_update(
            discrepancy=d, expected_version=d.version, acting_user=user, notes="Call the city."
        ),
    ),
    "assign": (
        "discrepancy",
        lambda d, user: services.discrepancy_assign(
            discrepancy=d, assignee=UserFactory(username="colleague"), acting_user=user
        ),
    ),
    "add a passage": (
        "discrepancy",
        lambda d, user: services.discrepancy_add_passage(
            discrepancy=d,
            spec=PassageSpec(
                article=d.story.articles.exclude(discrepancy_passages__discrepancy=d).get(),
                quote="opened on Monday",
            ),
            acting_user=user,
        ),
    ),
    "assess a passage": (
        "discrepancy",
        lambda d, user: services.passage_assess(
            passage=d.passages.first(), assessment="accurate", acting_user=user
        ),
    ),
    "cite a source": (
        "discrepancy",
        lambda d, user: services.discrepancy_cite(
            discrepancy=d, source=SourceFactory(), stance=Stance.SUPPORTS, acting_user=user
        ),
    ),
    "resolve": (
        "cited",
        lambda d, user: services.discrepancy_resolve(discrepancy=d, acting_user=user),
    ),
    "resolve without a source": (
        "discrepancy",
        lambda d, user: services.discrepancy_resolve(
            discrepancy=d, resolution="Monday.", acting_user=user
        ),
    ),
    "mark not a conflict": (
        "discrepancy",
        lambda d, user: services.discrepancy_mark_not_conflict(
            discrepancy=d, resolution="Both are local dates.", acting_user=user
        ),
    ),
    "reopen": (
        "resolved",
        lambda d, user: services.discrepancy_reopen(discrepancy=d, acting_user=user),
    ),
}

SERVICE_MATRIX = [
    # action                     anonymous fact_checker editor   superuser
    ("record",                   DENIED,   OK,          OK,      OK),
    ("confirm a suggestion",     DENIED,   DENIED,      OK,      OK),
    ("confirm an open one",      DENIED,   DENIED,      REFUSED, REFUSED),
    ("dismiss a suggestion",     DENIED,   DENIED,      OK,      OK),
    ("merge a suggestion",       DENIED,   DENIED,      OK,      OK),
    ("investigate",              DENIED,   OK,          OK,      OK),
    ("edit an open one",         DENIED,   OK,          OK,      OK),
    ("edit a resolved one",      DENIED,   DENIED,      OK,      OK),
    ("assign",                   DENIED,   OK,          OK,      OK),
    ("add a passage",            DENIED,   OK,          OK,      OK),
    ("assess a passage",         DENIED,   OK,          OK,      OK),
    ("cite a source",            DENIED,   OK,          OK,      OK),
    ("resolve",                  DENIED,   DENIED,      OK,      OK),
    ("resolve without a source", DENIED,   DENIED,      REFUSED, REFUSED),
    ("mark not a conflict",      DENIED,   DENIED,      OK,      OK),
    ("reopen",                   DENIED,   DENIED,      OK,      OK),
]  # fmt: skip


@pytest.mark.parametrize(("action", "role", "expected"), expand(SERVICE_MATRIX))
def test_discrepancy_services_by_role(request, discrepancy, action, role, expected, actor):
    start, run = ACTIONS[action]
    check_service(run, request.getfixturevalue(start), actor, expected, snapshot)


# Admin pages ---------------------------------------------------------------------------

PAGES = {
    "changelist": lambda objects: reverse("admin:factcheck_discrepancy_changelist"),
    "add (pick the story)": lambda objects: reverse("admin:factcheck_discrepancy_add"),
    "change": lambda objects: reverse(
        "admin:factcheck_discrepancy_change", args=[objects["discrepancy"].pk]
    ),
    "history": lambda objects: reverse(
        "admin:factcheck_discrepancy_history", args=[objects["discrepancy"].pk]
    ),
    "delete": lambda objects: reverse(
        "admin:factcheck_discrepancy_delete", args=[objects["discrepancy"].pk]
    ),
    "delete a resolved one": lambda objects: reverse(
        "admin:factcheck_discrepancy_delete", args=[objects["resolved"].pk]
    ),
    "story page": lambda objects: reverse(
        "admin:articles_story_change", args=[objects["story"].pk]
    ),
    "record from the story": lambda objects: reverse(
        "admin:factcheck_story_record_discrepancy", args=[objects["story"].pk]
    ),
}

ADMIN_MATRIX = [
    # page                     anonymous fact_checker editor superuser
    ("changelist",             LOGIN,    200,         200,   200),
    ("add (pick the story)",   LOGIN,    200,         200,   200),
    ("change",                 LOGIN,    200,         200,   200),
    ("history",                LOGIN,    200,         200,   200),
    ("delete",                 LOGIN,    403,         403,   200),
    ("delete a resolved one",  LOGIN,    403,         403,   403),
    ("story page",             LOGIN,    200,         200,   200),
    ("record from the story",  LOGIN,    200,         200,   200),
]  # fmt: skip


@pytest.fixture
def objects(story, suggestion, resolved, editor, fact_checker, reports):
    """An open discrepancy (another than the resolved one), a suggestion, a resolved one."""
    open_one = services.discrepancy_create(
        story=story,
        title="How many guests?",
        kind="number",
        passages=[
            PassageSpec(article=reports[0], quote="300 guests"),
            PassageSpec(article=reports[1], quote="about 300 guests"),
        ],
        acting_user=fact_checker,
    )
    return {"story": story, "discrepancy": open_one, "resolved": resolved}


@pytest.mark.parametrize(("page", "role", "expected"), expand(ADMIN_MATRIX))
def test_admin_pages_by_role(client, objects, page, role, expected, actor):
    check_page(client, PAGES[page](objects), role, actor, expected)


@pytest.mark.parametrize("page", ["changelist", "change", "story page", "record from the story"])
def test_staff_without_a_role_may_not_see_discrepancies(client, objects, page):
    client.force_login(UserFactory(username="outsider"))

    response = client.get(PAGES[page](objects))

    assert response.status_code == 403


def test_a_fact_checker_sees_a_resolved_discrepancy_read_only(client, fact_checker, resolved):
    client.force_login(fact_checker)

    response = client.get(reverse("admin:factcheck_discrepancy_change", args=[resolved.pk]))

    assert response.context["has_change_permission"] is False
    assert response.context["workflow_urls"] == {}
    assert response.context["inline_admin_formsets"] == []
    content = response.content.decode()
    assert "Assess this report" not in content
    assert "The programme says Monday." in content
    # A post is refused and changes nothing.
    before = snapshot()
    client.post(
        reverse("admin:factcheck_discrepancy_change", args=[resolved.pk]),
        {"title": "Changed", "kind": "date", "severity": "2", "version": resolved.version},
    )
    assert snapshot() == before


@pytest.mark.parametrize("role", ["fact_checker", "editor", "superuser"])
def test_story_page_offers_recording_and_detection_to_every_role(
    client, story, reports, role, actor
):
    client.force_login(actor)

    content = client.get(reverse("admin:articles_story_change", args=[story.pk])).content.decode()

    record = reverse("admin:factcheck_story_record_discrepancy", args=[story.pk])
    assert f'href="{record}"' in content
    assert ">Find discrepancies</button>" in content


def test_a_reader_of_stories_without_discrepancy_rights_sees_no_matrix(client, story, reports):
    from django.contrib.auth.models import Permission

    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_story"))
    client.force_login(reader)

    response = client.get(reverse("admin:articles_story_change", args=[story.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Reports side by side" in content
    assert "Who said what" not in content and "Record a discrepancy" not in content


# Workflow buttons ----------------------------------------------------------------------
#
# Each button: its label in refusals, the fixture it is pressed on, what it posts,
# how to tell it worked.


def _assessment_data(discrepancy):
    passage = discrepancy.passages.first()
    return {f"passage-{passage.pk}-assessment": "unclear"}


BUTTONS = {
    "confirm": ("Confirm", "suggestion", {}, lambda d: d.status == "open"),
    "dismiss": ("Dismiss", "suggestion", {}, lambda d: d.status == "dismissed"),
    "investigate": (
        "Start investigating",
        "discrepancy",
        {},
        lambda d: d.status == "investigating",
    ),
    "resolve": ("Resolve", "cited", {}, lambda d: d.status == "resolved"),
    "not_conflict": (
        "Not a conflict",
        "discrepancy",
        {"resolution": "Both are local dates."},
        lambda d: d.status == "not_conflict",
    ),
    "reopen": ("Reopen", "resolved", {}, lambda d: d.status == "open"),
    "assign_to_me": ("Assign to me", "discrepancy", {}, lambda d: d.assignee_id is not None),
    "assess": (
        "Assess",
        "discrepancy",
        _assessment_data,
        lambda d: d.passages.first().assessment == "unclear",
    ),
    "assess a resolved one": (
        "Assess",
        "resolved",
        _assessment_data,
        lambda d: d.passages.first().assessment == "unclear",
    ),
}

BUTTON_MATRIX = [
    # button                  anonymous fact_checker editor superuser
    ("confirm",               DENIED,   DENIED,      OK,    OK),
    ("dismiss",               DENIED,   DENIED,      OK,    OK),
    ("investigate",           DENIED,   OK,          OK,    OK),
    ("resolve",               DENIED,   DENIED,      OK,    OK),
    ("not_conflict",          DENIED,   DENIED,      OK,    OK),
    ("reopen",                DENIED,   DENIED,      OK,    OK),
    ("assign_to_me",          DENIED,   OK,          OK,    OK),
    ("assess",                DENIED,   OK,          OK,    OK),
    ("assess a resolved one", DENIED,   DENIED,      OK,    OK),
]  # fmt: skip


def button_url(button, discrepancy):
    if button.startswith("assess"):
        passage = discrepancy.passages.first()
        return reverse("admin:factcheck_discrepancy_assess", args=[discrepancy.pk, passage.pk])
    return reverse(f"admin:factcheck_discrepancy_{button}", args=[discrepancy.pk])


@pytest.mark.parametrize(("button", "role", "expected"), expand(BUTTON_MATRIX))
def test_workflow_buttons_by_role(request, client, button, role, expected, actor):
    label, start, data, worked = BUTTONS[button]
    discrepancy = request.getfixturevalue(start)
    change = reverse("admin:factcheck_discrepancy_change", args=[discrepancy.pk])
    check_button(
        client,
        button_url(button, discrepancy),
        data(discrepancy) if callable(data) else data,
        obj=discrepancy,
        role=role,
        actor=actor,
        expected=expected,
        snapshot=snapshot,
        worked=worked,
        # The assessment of a passage comes back to the passage on the page.
        done=lambda location: location.startswith(change),
        refused=lambda message: (
            message.startswith(label)
            and message.endswith(": You do not have permission to do this.")
        ),
    )


def test_staff_without_a_role_get_403_from_the_buttons(client, discrepancy):
    client.force_login(UserFactory(username="outsider"))
    before = snapshot()

    for button in ("investigate", "assess"):
        assert client.post(button_url(button, discrepancy)).status_code == 403
    assert snapshot() == before


def test_recording_is_refused_to_staff_without_a_role(client, story, reports):
    client.force_login(UserFactory(username="outsider"))

    response = client.post(
        reverse("admin:factcheck_story_record_discrepancy", args=[story.pk]),
        {
            "title": "Which day?",
            "kind": "date",
            "severity": "2",
            f"passage_{reports[0].pk}": "opened on Monday",
            f"passage_{reports[1].pk}": "opened on Tuesday",
        },
    )

    assert response.status_code == 403
    assert not Discrepancy.objects.exists()


# Bulk actions --------------------------------------------------------------------------

ACTION_MATRIX = [
    # action                  anonymous fact_checker editor superuser
    ("assign_discrepancies",  None,     True,        True,  True),
    ("set_status",            None,     True,        True,  True),
    ("confirm_suggestions",   None,     False,       True,  True),
    ("dismiss_suggestions",   None,     False,       True,  True),
    ("merge_suggestions",     None,     False,       True,  True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("action", "role", "expected"),
    [case for case in expand(ACTION_MATRIX) if case.values[1] != "anonymous"],
)
def test_bulk_actions_offered_by_role(client, discrepancy, action, role, expected, actor):
    client.force_login(actor)

    choices = (
        client.get(reverse("admin:factcheck_discrepancy_changelist"))
        .context["action_form"]["action"]
        .field.choices
    )

    assert (action in {name for name, _ in choices}) is expected


def test_an_action_not_offered_does_nothing_when_posted(client, fact_checker, suggestion):
    client.force_login(fact_checker)
    before = snapshot()

    response = client.post(
        reverse("admin:factcheck_discrepancy_changelist"),
        {"action": "confirm_suggestions", "_selected_action": [suggestion.pk]},
        follow=True,
    )

    assert snapshot() == before
    assert [str(m) for m in response.context["messages"]] == ["No action selected."]


def test_a_fact_checker_setting_resolved_in_bulk_is_told_they_may_not(client, fact_checker, cited):
    client.force_login(fact_checker)
    before = snapshot()

    response = client.post(
        reverse("admin:factcheck_discrepancy_changelist"),
        {
            "action": "set_status",
            "_selected_action": [cited.pk],
            "apply": "yes",
            "status": "resolved",
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        'Skipped 1: <ul class="skipped-list"><li>“On which day did the bridge open?”: '
        "You do not have permission to do this.</li></ul>"
    ]
    assert snapshot() == before
