"""What the permission tables of the fact-check tests share: the roles in column
order, the outcomes a cell holds, and the checks a service row and a page row run.

A table reads like the policy it checks: one row per action, one column per role
(:data:`ROLES`); :func:`expand` turns it into test cases.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from factcheck.services import WorkflowError

ROLES = ("anonymous", "fact_checker", "editor", "superuser")
OK, DENIED, REFUSED = "ok", "denied", "refused"  # refused: a WorkflowError
LOGIN = 302  # anonymous visitors are sent to the login page


def expand(table):
    """``(name, *one_expectation_per_role)`` rows as ``(name, role, expected)`` cases."""
    return [
        pytest.param(name, role, expected, id=f"{name}-{role}")
        for name, *expectations in table
        for role, expected in zip(ROLES, expectations, strict=True)
    ]


def check_service(run, target, actor, expected, snapshot):
    """``run(target, actor)`` changes something when allowed; a refusal
    (``DENIED``: no permission, ``REFUSED``: the workflow says no) leaves
    ``snapshot()`` as it was."""
    before = snapshot()
    if expected == OK:
        run(target, actor)
        assert snapshot() != before
        return
    with pytest.raises(PermissionDenied if expected == DENIED else WorkflowError):
        run(target, actor)
    assert snapshot() == before


def check_page(client, url, role, actor, expected):
    """The status ``url`` answers ``role`` with; anonymous visitors go to the login page."""
    if role != "anonymous":
        client.force_login(actor)

    response = client.get(url)

    assert response.status_code == expected
    if expected == LOGIN:
        assert response["Location"].startswith(reverse("admin:login"))


def check_button(client, url, data, *, obj, role, actor, expected, snapshot, worked, done, refused):
    """A workflow button POSTed as ``role``: when allowed, ``worked(obj)`` and the
    redirect is the one ``done(location)`` expects; otherwise nothing changed, and
    staff are told why on the object's page (``refused(message)``), never shown
    an error page; anonymous visitors go to the login page."""
    if role != "anonymous":
        client.force_login(actor)
    before = snapshot()

    response = client.post(url, data)

    assert response.status_code == 302
    obj.refresh_from_db()
    if expected == OK:
        assert worked(obj)
        assert done(response["Location"])
        return
    assert snapshot() == before
    if role == "anonymous":
        assert response["Location"].startswith(reverse("admin:login"))
        return
    page = client.get(response["Location"])
    [message] = [str(message) for message in page.context["messages"]]
    assert refused(message)
