"""Tags on claims: the service that sets them, their history, the admin's form and filter.

Tags are made with the articles app's services and put on claims with
``claim_set_tags``, as staff do from the admin.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from articles import services as article_services
from factcheck import services
from factcheck.models import Claim, ClaimTag
from factcheck.services import StaleEdit
from tests.factories import UserFactory

from .test_admin_claims import (
    article_with_sentences,
    change_url,
    claims_on,
    listed,
    posted_back,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:factcheck_claim_changelist")
ADD = reverse("admin:factcheck_claim_add")


@pytest.fixture
def tags(editor):
    return {
        name: article_services.tag_create(name=name, acting_user=editor)
        for name in ("Budget", "Transport", "Elections")
    }


def tag_names(claim):
    return sorted(tag.name for tag in Claim.objects.get(pk=claim.pk).tags.all())


# The service ------------------------------------------------------------------------


def test_setting_tags_records_who_added_and_removed_each(claim, tags, fact_checker, editor):
    services.claim_set_tags(
        claim=claim, tags=[tags["Budget"], tags["Transport"]], acting_user=fact_checker
    )
    claim.refresh_from_db()
    services.claim_set_tags(
        claim=claim, tags=[tags["Transport"], tags["Elections"]], acting_user=editor
    )

    assert tag_names(claim) == ["Elections", "Transport"]
    history = ClaimTag.history.filter(claim_id=claim.pk).order_by("history_date", "history_id")
    assert [(row.history_type, row.tag.name, row.history_user) for row in history] == [
        ("+", "Budget", fact_checker),
        ("+", "Transport", fact_checker),
        ("-", "Budget", editor),
        ("+", "Elections", editor),
    ]


def test_the_claims_own_history_says_what_changed_and_its_version_moves(claim, tags, fact_checker):
    version = claim.version
    services.claim_set_tags(claim=claim, tags=[tags["Budget"]], acting_user=fact_checker)
    claim.refresh_from_db()
    services.claim_set_tags(claim=claim, tags=[tags["Transport"]], acting_user=fact_checker)

    claim.refresh_from_db()
    assert claim.version == version + 2
    reasons = list(
        claim.history.order_by("-history_date").values_list("history_change_reason", flat=True)[:2]
    )
    assert reasons == ["tags: added Transport; removed Budget", "tags: added Budget"]


def test_setting_the_same_tags_writes_nothing(claim, tags, fact_checker):
    services.claim_set_tags(claim=claim, tags=[tags["Budget"]], acting_user=fact_checker)
    claim.refresh_from_db()
    version, rows = claim.version, ClaimTag.history.count()

    services.claim_set_tags(claim=claim, tags=[tags["Budget"]], acting_user=fact_checker)

    claim.refresh_from_db()
    assert (claim.version, ClaimTag.history.count()) == (version, rows)


def test_a_stale_tag_edit_is_refused_and_writes_nothing(claim, tags, fact_checker):
    opened = claim.version
    services.claim_update(
        claim=claim, expected_version=opened, acting_user=fact_checker, notes="Call the city."
    )

    with pytest.raises(StaleEdit):
        services.claim_set_tags(
            claim=claim, tags=[tags["Budget"]], expected_version=opened, acting_user=fact_checker
        )

    assert tag_names(claim) == []
    assert not ClaimTag.history.exists()


def test_someone_who_may_not_edit_the_claim_may_not_tag_it(claim, tags):
    reader = UserFactory(username="reader", is_staff=True)

    with pytest.raises(PermissionDenied):
        services.claim_set_tags(claim=claim, tags=[tags["Budget"]], acting_user=reader)
    assert tag_names(claim) == []


def test_tagging_a_published_claim_is_a_public_change(published_claim, tags, editor):
    before = published_claim.public_modified_at

    services.claim_set_tags(claim=published_claim, tags=[tags["Budget"]], acting_user=editor)

    published_claim.refresh_from_db()
    assert published_claim.public_modified_at > before


def test_only_those_who_publish_retag_a_published_claim(published_claim, tags, fact_checker):
    with pytest.raises(PermissionDenied):
        services.claim_set_tags(
            claim=published_claim, tags=[tags["Budget"]], acting_user=fact_checker
        )


def test_tagging_a_draft_leaves_it_unseen_by_the_public(claim, tags, fact_checker):
    services.claim_set_tags(claim=claim, tags=[tags["Budget"]], acting_user=fact_checker)

    claim.refresh_from_db()
    assert claim.public_modified_at is None


def test_deleting_a_tag_takes_it_off_its_claims_with_history(claim, tags, fact_checker, editor):
    services.claim_set_tags(
        claim=claim, tags=[tags["Budget"], tags["Transport"]], acting_user=fact_checker
    )

    budget = tags["Budget"].pk

    article_services.tag_delete(tag=tags["Budget"], acting_user=editor)

    assert tag_names(claim) == ["Transport"]
    removal = ClaimTag.history.filter(history_type="-").get()
    assert (removal.tag_id, removal.history_user) == (budget, editor)


# The admin --------------------------------------------------------------------------


def test_staff_tag_a_claim_on_its_change_page(client, claim, tags, fact_checker):
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    data.update({"tag_list": [tags["Budget"].pk, tags["Elections"].pk], "_continue": "Save"})

    client.post(change_url(claim), data)

    assert tag_names(claim) == ["Budget", "Elections"]
    page = client.get(change_url(claim))
    assert set(page.context["adminform"].form["tag_list"].value()) == {
        tags["Budget"].pk,
        tags["Elections"].pk,
    }
    history = ClaimTag.history.filter(claim_id=claim.pk)
    assert {row.history_user for row in history} == {fact_checker}


def test_the_admin_edits_fields_and_tags_in_one_save(client, claim, tags, fact_checker):
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    data.update({"notes": "Ask the city.", "tag_list": [tags["Budget"].pk], "_continue": "Save"})

    client.post(change_url(claim), data)

    claim.refresh_from_db()
    assert claim.notes == "Ask the city."
    assert tag_names(claim) == ["Budget"]


def test_a_stale_admin_form_saves_no_tags(client, claim, tags, fact_checker):
    client.force_login(fact_checker)
    data = posted_back(client.get(change_url(claim)))
    services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, notes="Changed."
    )
    data.update({"tag_list": [tags["Budget"].pk], "_continue": "Save"})

    response = client.post(change_url(claim), data)

    assert "after you opened it" in response.content.decode()
    assert tag_names(claim) == []


def test_a_new_claim_is_tagged_from_the_add_form(client, article, tags, fact_checker):
    client.force_login(fact_checker)

    client.post(
        ADD,
        {
            "article": article.pk,
            "passage": "the bridge cost $4 million",
            "statement": "The bridge cost $4 million.",
            "kind": "number",
            "priority": 2,
            "tag_list": [tags["Transport"].pk],
            "_save": "Save",
        },
    )

    claim = Claim.objects.get(statement="The bridge cost $4 million.")
    assert tag_names(claim) == ["Transport"]


def test_the_claims_changelist_filters_by_tag(client, tags, fact_checker):
    article = article_with_sentences(3)
    first, second, _ = claims_on(article, 3, acting_user=fact_checker)
    services.claim_set_tags(claim=first, tags=[tags["Budget"]], acting_user=fact_checker)
    services.claim_set_tags(
        claim=second, tags=[tags["Budget"], tags["Transport"]], acting_user=fact_checker
    )
    client.force_login(fact_checker)

    response = client.get(CHANGELIST, {"tag": "budget"})

    assert sorted(listed(response)) == ["Claim 0 is checkable.", "Claim 1 is checkable."]
    assert response.context["cl"].result_count == 2
    choices = [
        choice["display"]
        for choice in response.context["cl"].filter_specs[-1].choices(response.context["cl"])
    ]
    assert choices == ["All", "Budget", "Elections", "Transport"]
    assert listed(client.get(CHANGELIST, {"tag": "transport"})) == ["Claim 1 is checkable."]


def test_who_may_only_look_sees_the_tags_as_text(
    client, published_claim, tags, editor, fact_checker
):
    services.claim_set_tags(
        claim=published_claim, tags=[tags["Budget"], tags["Transport"]], acting_user=editor
    )
    # A published claim is the editors' to change: the fact-checker may only look.
    client.force_login(fact_checker)

    response = client.get(change_url(published_claim))

    assert response.status_code == 200
    assert "Budget, Transport" in response.content.decode()
