"""Staff export the claims and discrepancies changelists as CSV: the list as
filtered and searched (every page of it), or the rows ticked."""

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from factcheck import services
from factcheck.models import Claim, Discrepancy
from tests.factories import StoryFactory, UserFactory
from tests.public.conftest import desk

pytestmark = pytest.mark.django_db

__all__ = ["desk"]

CLAIMS = reverse("admin:factcheck_claim_changelist")
CLAIMS_CSV = reverse("admin:factcheck_claim_export")
DISCREPANCIES = reverse("admin:factcheck_discrepancy_changelist")
DISCREPANCIES_CSV = reverse("admin:factcheck_discrepancy_export")


def rows_of(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def copies(instance, count, **varying):
    """``count`` plain copies of ``instance`` (bulk-inserted, as scale set-up may
    be); ``varying`` maps a field to a function of the copy's number."""
    model = type(instance)
    fields = [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname not in varying
    ]
    model.objects.bulk_create(
        [
            model(
                **{name: getattr(instance, name) for name in fields},
                **{name: make(n) for name, make in varying.items()},
            )
            for n in range(count)
        ],
        batch_size=500,
    )


# Claims -----------------------------------------------------------------------------


def test_the_export_holds_the_list_as_filtered_and_searched(client, desk, fact_checker):
    published = desk.publish(statement="Ferries run every hour.")
    desk.publish(statement="Trams run every minute.")
    draft = desk.draft(statement="Ferries are free on Sundays.", notes="Ask the port.")
    client.force_login(fact_checker)

    everything = rows_of(client.get(CLAIMS_CSV))
    assert {row["statement"] for row in everything} == {
        "Ferries run every hour.",
        "Trams run every minute.",
        "Ferries are free on Sundays.",
    }

    searched = rows_of(client.get(CLAIMS_CSV, {"q": "ferries"}))
    assert {row["id"] for row in searched} == {str(published.pk), str(draft.pk)}

    drafts = rows_of(client.get(CLAIMS_CSV, {"q": "ferries", "status__exact": "draft"}))
    [row] = drafts
    assert row["statement"] == "Ferries are free on Sundays."
    assert row["status"] == "Draft"
    assert row["notes"] == "Ask the port."
    assert row["outlet"] == draft.article.outlet.name


def test_the_changelist_offers_the_export_with_its_own_filters(client, fact_checker):
    client.force_login(fact_checker)

    page = client.get(CLAIMS, {"status__exact": "draft", "q": "roads"}).content.decode()

    assert f'href="{CLAIMS_CSV}?q=roads&amp;status__exact=draft"' in page


def test_the_action_exports_the_rows_ticked(client, desk, fact_checker):
    first, _, third = (desk.draft() for _ in range(3))
    client.force_login(fact_checker)

    response = client.post(
        CLAIMS,
        {"action": "export_selected", ACTION_CHECKBOX_NAME: [first.pk, third.pk]},
    )

    assert {row["id"] for row in rows_of(response)} == {str(first.pk), str(third.pk)}


def test_staff_who_may_not_list_claims_may_not_export_them(client, desk):
    desk.draft(statement="Nobody outside the desk reads this.")
    outsider = UserFactory(username="outsider")  # staff, but no role
    client.force_login(outsider)

    response = client.get(CLAIMS_CSV)

    assert response.status_code == 403
    assert b"Nobody outside the desk" not in response.content


def test_cells_a_spreadsheet_would_run_are_neutralised(client, desk, fact_checker):
    desk.draft(statement="=1+2 is what the council said", notes="@everyone check this")
    client.force_login(fact_checker)

    [row] = rows_of(client.get(CLAIMS_CSV))

    assert row["statement"] == "'=1+2 is what the council said"
    assert row["notes"] == "'@everyone check this"


# Queries, at any number of rows: 1 session, 2 user, 3-4 the user's own and
# group permissions, 5-6 the list filters' choices (ratings, outlets), 7 the
# assignees' filter, 8 the tags' filter, 9 the ChangeList's count, 10 the keys
# of its first page (only once there is more than one page), 11 the rows of the
# export itself, with their joins, read in chunks from one query.
@pytest.mark.parametrize("rows", [30, 3000])
def test_the_claim_export_runs_a_bounded_number_of_queries(
    client, desk, fact_checker, django_assert_max_num_queries, rows
):
    claim = desk.draft()
    copies(Claim.objects.get(pk=claim.pk), rows - 1, slug=lambda n: f"copy-{n}")
    client.force_login(fact_checker)

    with django_assert_max_num_queries(11):
        found = rows_of(client.get(CLAIMS_CSV))
    assert len(found) == rows


# Discrepancies ----------------------------------------------------------------------


def test_discrepancies_export_follows_the_status_filter(client, desk, fact_checker, editor):
    story = StoryFactory(title="Harbour fire")
    reports = [desk.article(story=story, quote="the fire started at 9 pm") for _ in range(2)]
    others = [desk.article(story=story, quote="a neighbour called it in") for _ in range(2)]
    resolved = desk.discrepancy(
        story,
        reports,
        title="When did it start?",
        quotes=["the fire started at 9 pm"] * 2,
        status="resolved",
    )
    desk.discrepancy(
        story,
        others,
        title="Who called it in?",
        quotes=["a neighbour called it in"] * 2,
        notes="Ring them.",
    )
    client.force_login(fact_checker)

    every = rows_of(client.get(DISCREPANCIES_CSV))
    assert {row["title"] for row in every} == {"When did it start?", "Who called it in?"}
    open_one = next(row for row in every if row["title"] == "Who called it in?")
    assert (open_one["story"], open_one["passages"], open_one["notes"]) == (
        "Harbour fire",
        "2",
        "Ring them.",
    )

    [row] = rows_of(client.get(DISCREPANCIES_CSV, {"status__exact": "resolved"}))
    assert row["id"] == str(resolved.pk)
    assert row["resolution"] == "The official schedule shows Tuesday."


# Queries, at any number of rows: 1 session, 2 user, 3-4 permissions, 5 the
# assignees' filter, 6-7 the ChangeList's counts (filtered, and the "N total"
# link), 8 the rows, with their story, assignee and passage count, read in
# chunks from one query.
@pytest.mark.parametrize("rows", [30, 3000])
def test_the_discrepancy_export_runs_a_bounded_number_of_queries(
    client, desk, fact_checker, editor, django_assert_max_num_queries, rows
):
    story = StoryFactory()
    reports = [desk.article(story=story, quote="the fire started at 9 pm") for _ in range(2)]
    first = desk.discrepancy(
        story, reports, title="When did it start?", quotes=["the fire started at 9 pm"] * 2
    )
    services.discrepancy_assign(discrepancy=first, assignee=editor, acting_user=fact_checker)
    copies(Discrepancy.objects.get(pk=first.pk), rows - 1, fingerprint=lambda n: f"copy-{n}")
    client.force_login(fact_checker)

    with django_assert_max_num_queries(8):
        found = rows_of(client.get(DISCREPANCIES_CSV))
    assert len(found) == rows
    assert {row["assignee"] for row in found} == {found[0]["assignee"]} != {""}
