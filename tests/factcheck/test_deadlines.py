"""Deadlines: a due date on claims and discrepancies, set through the edit
services; overdue open work says so in words on the dashboard and in the
changelists, which sort and filter by it."""

import datetime

import pytest
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Discrepancy
from tests.factcheck.conftest import START

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
CLAIMS = reverse("admin:factcheck_claim_changelist")
DISCREPANCIES = reverse("admin:factcheck_discrepancy_changelist")


def claim_due(article, fact_checker, words, due_at):
    claim = services.claim_create(
        article=article,
        quote="the bridge cost $4 million",
        statement=f"The bridge cost $4 million ({words}).",
        acting_user=fact_checker,
    )
    return services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, due_at=due_at
    )


@pytest.fixture
def deadlines(clock, article, fact_checker):
    """Claims due yesterday, in an hour, on Friday, next week and never (the clock: Monday 9:00)."""
    return {
        "late": claim_due(article, fact_checker, "late", START - DAY),
        "today": claim_due(article, fact_checker, "today", START + HOUR),
        "friday": claim_due(article, fact_checker, "friday", START + 4 * DAY),
        "next week": claim_due(article, fact_checker, "next week", START + 7 * DAY),
        "never": claim_due(article, fact_checker, "never", None),
    }


def listed(response):
    return [
        claim.statement.split("(")[1].rstrip(").") for claim in response.context["cl"].result_list
    ]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("overdue", ["late"]),
        ("today", ["today"]),
        ("week", ["today", "friday"]),
        ("none", ["never"]),
    ],
)
def test_the_claims_list_filters_by_deadline(client, deadlines, editor, choice, expected):
    client.force_login(editor)

    response = client.get(CLAIMS, {"due": choice, "o": "9"})

    assert sorted(listed(response)) == sorted(expected)


def test_published_work_is_never_overdue(client, clock, ready_claim, editor, fact_checker):
    claim = services.claim_update(
        claim=ready_claim,
        expected_version=ready_claim.version,
        acting_user=fact_checker,
        due_at=START - DAY,
    )
    assert Claim.objects.overdue().get() == claim
    services.claim_publish(claim=claim, acting_user=editor)

    assert not Claim.objects.overdue().exists()
    client.force_login(editor)
    assert "Overdue" not in client.get(CLAIMS).content.decode().split("<tbody>")[1]


def test_the_claims_list_says_overdue_in_words_and_sorts_by_due_date(client, deadlines, editor):
    client.force_login(editor)
    # The "due" column, soonest first, no due date last.
    column = list(client.get(CLAIMS).context["cl"].list_display).index("deadline")

    response = client.get(CLAIMS, {"o": str(column)})

    assert listed(response) == ["late", "today", "friday", "next week", "never"]
    rows = response.content.decode().split("<tbody>")[1].split("</tr>")
    assert '<strong class="overdue-badge">Overdue</strong>' in rows[0]
    assert all("Overdue" not in row for row in rows[1:])


def test_the_due_date_is_set_on_the_change_form(client, clock, claim, fact_checker):
    client.force_login(fact_checker)
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "passage": claim.quote,
            "kind": claim.kind,
            "priority": claim.priority,
            "statement": claim.statement,
            "due_at_0": "2026-03-04",
            "due_at_1": "17:00",
            "version": claim.version,
        }
    )
    for prefix in ("citations", "citations-2", "appearances", "appearances-2"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.due_at == datetime.datetime(2026, 3, 4, 17, 0, tzinfo=datetime.UTC)
    assert claim.history.order_by("-history_id").first().history_change_reason == "edited"


def test_the_dashboard_lists_overdue_work_most_overdue_first(
    client, deadlines, discrepancy, fact_checker
):
    services.discrepancy_update(
        discrepancy=discrepancy,
        expected_version=discrepancy.version,
        acting_user=fact_checker,
        due_at=START - 2 * DAY,
    )
    client.force_login(fact_checker)

    content = client.get(reverse("admin:index")).content.decode()
    panel = content[
        content.index('id="desk-overdue"') : content.index(
            "</section>", content.index('id="desk-overdue"')
        )
    ]

    assert "(late)" in panel and discrepancy.title in panel
    assert "(today)" not in panel and "(never)" not in panel
    assert panel.count("Overdue</strong>") == 2
    assert f"{CLAIMS}?due=overdue" in panel


def test_the_discrepancies_list_filters_and_flags_overdue(
    client, clock, discrepancy, editor, fact_checker
):
    late = services.discrepancy_update(
        discrepancy=discrepancy,
        expected_version=discrepancy.version,
        acting_user=fact_checker,
        due_at=START - HOUR,
    )
    client.force_login(editor)

    overdue = client.get(DISCREPANCIES, {"due": "overdue"})
    none = client.get(DISCREPANCIES, {"due": "none"})

    assert list(overdue.context["cl"].result_list) == [late]
    assert list(none.context["cl"].result_list) == []
    assert "Overdue</strong>" in overdue.content.decode()
    assert (
        Discrepancy.objects.get().history.order_by("-history_id").first().history_change_reason
        == "edited"
    )
