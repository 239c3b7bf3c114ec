"""Each workflow is declared once (factcheck.workflows): the admin's buttons and bulk
actions are read from the table, and the services enforce the same table.

Changing a step in the table changes what the change page offers, which bulk
actions a role sees, and what the service accepts, with nothing edited in the
admin or the services.
"""

import dataclasses

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from factcheck import services
from factcheck.models import Claim, Discrepancy
from factcheck.services import WorkflowError
from factcheck.workflows import CLAIM, DISCREPANCY

pytestmark = pytest.mark.django_db


def replace_step(monkeypatch, workflow, name, **changes):
    """The table with step ``name`` changed, for the length of one test."""
    changed = dataclasses.replace(workflow[name], **changes)
    transitions = tuple(changed if step.name == name else step for step in workflow)
    monkeypatch.setattr(workflow, "transitions", transitions)
    monkeypatch.setattr(workflow, "_by_name", {step.name: step for step in transitions})


def request_by(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def buttons(model, user, obj):
    context = admin.site.get_model_admin(model).workflow_context(request_by(user), obj)
    return set(context["workflow_urls"])


def bulk_actions(model, user):
    return set(admin.site.get_model_admin(model).get_actions(request_by(user)))


@pytest.mark.parametrize("status", Claim.Status.values)
@pytest.mark.parametrize("role", ["fact_checker", "editor"])
def test_the_claim_buttons_are_the_steps_the_table_offers(request, claim, role, status):
    user = request.getfixturevalue(role)
    claim.status = status
    expected = {step.name for step in CLAIM.offered(user, claim)}
    assert buttons(Claim, user, claim) == expected


@pytest.mark.parametrize("status", Discrepancy.Status.values)
@pytest.mark.parametrize("role", ["fact_checker", "editor"])
def test_the_discrepancy_buttons_are_the_steps_the_table_offers(request, discrepancy, role, status):
    user = request.getfixturevalue(role)
    discrepancy.status = status
    expected = {step.name for step in DISCREPANCY.offered(user, discrepancy)}
    assert buttons(Discrepancy, user, discrepancy) == expected


def test_a_state_taken_out_of_a_step_removes_its_button_and_the_service_refuses(
    monkeypatch, claim, editor
):
    claim.status = Claim.Status.PUBLISHED
    assert {"unpublish", "correct"} <= buttons(Claim, editor, claim)

    replace_step(monkeypatch, CLAIM, "unpublish", sources=())

    assert "unpublish" not in buttons(Claim, editor, claim)
    assert "correct" in buttons(Claim, editor, claim)
    with pytest.raises(WorkflowError, match="Cannot unpublish: the claim is published."):
        services.claim_unpublish(claim=claim, note="Wrong report.", acting_user=editor)


def test_a_state_added_to_a_step_offers_its_button(monkeypatch, claim, editor):
    claim.status = Claim.Status.PUBLISHED
    assert "archive" not in buttons(Claim, editor, claim)

    replace_step(monkeypatch, CLAIM, "archive", sources=(Claim.Status.PUBLISHED,))

    assert "archive" in buttons(Claim, editor, claim)


def test_a_step_given_to_another_role_moves_its_button_bulk_action_and_service(
    monkeypatch, discrepancy, fact_checker
):
    assert "investigate" in buttons(Discrepancy, fact_checker, discrepancy)
    assert "confirm_suggestions" not in bulk_actions(Discrepancy, fact_checker)

    editors_only = DISCREPANCY["confirm"].allowed
    replace_step(monkeypatch, DISCREPANCY, "investigate", allowed=editors_only)
    replace_step(monkeypatch, DISCREPANCY, "confirm", allowed=lambda user, obj=None: True)

    assert "investigate" not in buttons(Discrepancy, fact_checker, discrepancy)
    assert "confirm_suggestions" in bulk_actions(Discrepancy, fact_checker)
    discrepancy.status = Discrepancy.Status.OPEN
    with pytest.raises(PermissionDenied):
        services.discrepancy_investigate(discrepancy=discrepancy, acting_user=fact_checker)


def test_the_claim_bulk_actions_follow_the_table(monkeypatch, fact_checker):
    assert "publish_claims" not in bulk_actions(Claim, fact_checker)

    replace_step(monkeypatch, CLAIM, "publish", allowed=lambda user, obj=None: True)

    assert "publish_claims" in bulk_actions(Claim, fact_checker)
