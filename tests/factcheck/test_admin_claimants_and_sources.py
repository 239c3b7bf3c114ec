"""Claimants and sources in the admin: every save through its service, with
history, and the public pages of published claims showing the change at once."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.urls import reverse

from factcheck import services
from factcheck.models import Claimant, Source
from tests.test_admin_urls_by_role import form_as_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(ready_claim, editor, fact_checker):
    cache.clear()
    claimant = services.claimant_find_or_create(name="Kim Nam-jun", acting_user=fact_checker)
    claim = services.claim_update(
        claim=ready_claim,
        expected_version=ready_claim.version,
        acting_user=fact_checker,
        claimant=claimant,
    )
    return services.claim_publish(claim=claim, acting_user=editor)


def shown_form(client, url):
    response = client.get(url)
    forms = [response.context["adminform"].form]
    prefixes = {}
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
        prefixes[type(inline.opts).__name__] = inline.formset.prefix
    return form_as_shown(forms), prefixes


def public_page(client, claim):
    return client.get(reverse("public:claim_detail", args=[claim.slug])).content.decode()


def test_a_renamed_claimant_shows_on_its_published_claims_at_once(client, published, editor):
    claimant = published.claimant
    assert "Kim Nam-jun" in public_page(client, published)  # now in the page cache
    client.force_login(editor)
    url = reverse("admin:factcheck_claimant_change", args=[claimant.pk])
    data, _ = shown_form(client, url)
    data["name"] = "Kim Nam-joon"

    response = client.post(url, data)

    assert response.status_code == 302
    client.logout()
    assert "Kim Nam-joon" in public_page(client, published)
    latest = claimant.history.order_by("-history_date").first()
    assert (latest.name, latest.history_user, latest.history_change_reason) == (
        "Kim Nam-joon",
        editor,
        "edited",
    )


def test_a_claimants_reference_page_links_their_name_on_published_claims(client, published, editor):
    claimant = published.claimant
    client.force_login(editor)
    url = reverse("admin:factcheck_claimant_change", args=[claimant.pk])
    data, _ = shown_form(client, url)
    data["same_as"] = "https://www.wikidata.org/wiki/Q3000003"

    assert client.post(url, data).status_code == 302

    client.logout()
    page = public_page(client, published)
    assert '<a href="https://www.wikidata.org/wiki/Q3000003" rel="external">Kim Nam-jun</a>' in page
    assert '"sameAs": "https://www.wikidata.org/wiki/Q3000003"' in page
    assert claimant.history.order_by("-history_date").first().same_as.endswith("Q3000003")


def test_other_spellings_are_added_corrected_and_removed_with_history(client, fact_checker):
    claimant = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)
    services.claimant_add_alias(claimant=claimant, name="Jaemyung Lee", acting_user=fact_checker)
    services.claimant_add_alias(claimant=claimant, name="President Lee", acting_user=fact_checker)
    client.force_login(fact_checker)
    url = reverse("admin:factcheck_claimant_change", args=[claimant.pk])
    data, prefixes = shown_form(client, url)
    prefix = prefixes["ClaimantAliasInline"]
    rows = {data[f"{prefix}-{i}-name"]: i for i in range(2)}
    data[f"{prefix}-{rows['Jaemyung Lee']}-name"] = "J. M. Lee"
    data[f"{prefix}-{rows['President Lee']}-DELETE"] = "on"
    data[f"{prefix}-2-name"] = "이재명"

    response = client.post(url, data)

    assert response.status_code == 302
    assert sorted(claimant.aliases.values_list("name", flat=True)) == ["J. M. Lee", "이재명"]
    reasons = set(
        claimant.history.filter(history_user=fact_checker).values_list(
            "history_change_reason", flat=True
        )
    )
    assert {
        "other spelling Jaemyung Lee changed to J. M. Lee",
        "other spelling removed: President Lee",
        "other spelling added: 이재명",
    } <= reasons


def test_a_spelling_of_another_claimant_is_refused_and_nothing_is_saved(client, fact_checker):
    lee = services.claimant_find_or_create(name="Lee Jae-myung", acting_user=fact_checker)
    services.claimant_find_or_create(name="Kim Nam-jun", acting_user=fact_checker)

    with pytest.raises(services.WorkflowError, match="already names another claimant"):
        services.claimant_update(claimant=lee, name="Kim Nam Jun", acting_user=fact_checker)
    with pytest.raises(services.WorkflowError, match="already names another claimant"):
        services.claimant_add_alias(claimant=lee, name="KIM NAM-JUN", acting_user=fact_checker)

    assert Claimant.objects.get(pk=lee.pk).name == "Lee Jae-myung"
    assert not lee.aliases.exists()


def test_a_claimant_added_in_the_admin_is_created_by_its_service(client, fact_checker):
    client.force_login(fact_checker)
    url = reverse("admin:factcheck_claimant_add")
    data, prefixes = shown_form(client, url)
    data.update({"name": "Sanae Takaichi", "slug": "sanae-takaichi", "kind": "person"})

    response = client.post(url, data)

    assert response.status_code == 302
    claimant = Claimant.objects.get(slug="sanae-takaichi")
    assert claimant.history.get().history_user == fact_checker


def test_an_edited_source_shows_on_the_published_claim_at_once(client, published, editor):
    source = published.citations.get().source
    assert source.title in public_page(client, published)
    client.force_login(editor)
    url = reverse("admin:factcheck_source_change", args=[source.pk])
    data, _ = shown_form(client, url)
    data["title"] = "Ministry statement of 13 January"

    response = client.post(url, data)

    assert response.status_code == 302
    client.logout()
    assert "Ministry statement of 13 January" in public_page(client, published)
    latest = Source.objects.get(pk=source.pk).history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "edited")


def test_a_source_added_in_the_admin_is_created_by_its_service(client, fact_checker):
    client.force_login(fact_checker)
    url = reverse("admin:factcheck_source_add")
    data, _ = shown_form(client, url)
    data.update({"title": "City accounts 2019", "kind": "document"})

    response = client.post(url, data)

    assert response.status_code == 302
    source = Source.objects.get(title="City accounts 2019")
    assert source.history.get().history_user == fact_checker


def test_a_verdict_renamed_by_a_superuser_shows_on_its_published_claims_at_once(
    client, published, superuser
):
    rating = published.rating
    assert rating.label in public_page(client, published)
    client.force_login(superuser)
    url = reverse("admin:factcheck_rating_change", args=[rating.pk])
    data, _ = shown_form(client, url)
    data["label"] = "Wrong"

    response = client.post(url, data)

    assert response.status_code == 302
    client.logout()
    assert ">Wrong<" in public_page(client, published)
    latest = rating.history.order_by("-history_date").first()
    assert (latest.label, latest.history_user, latest.history_change_reason) == (
        "Wrong",
        superuser,
        "edited",
    )


def test_deleting_sources_and_claimants_in_bulk_goes_through_their_services(client, superuser):
    sources = [services.source_create(acting_user=superuser, title=f"Report {n}") for n in (1, 2)]
    claimant = services.claimant_create(name="Jo Example", acting_user=superuser)
    client.force_login(superuser)

    for changelist, rows in (
        ("admin:factcheck_source_changelist", sources),
        ("admin:factcheck_claimant_changelist", [claimant]),
    ):
        response = client.post(
            reverse(changelist),
            {"action": "delete_selected", "_selected_action": [r.pk for r in rows], "post": "yes"},
        )
        assert response.status_code == 302

    assert not Source.objects.exists() and not Claimant.objects.exists()
    deleted = [*Source.history.filter(history_type="-"), *Claimant.history.filter(history_type="-")]
    assert len(deleted) == 3
    assert {row.history_user for row in deleted} == {superuser}


def test_a_source_cited_by_a_claim_cannot_be_deleted(published, superuser):
    source = published.citations.get().source

    with pytest.raises(ProtectedError):
        services.source_delete(instance=source, acting_user=superuser)
    assert Source.objects.filter(pk=source.pk).exists()


def test_only_those_allowed_to_delete_sources_may(fact_checker):
    source = services.source_create(acting_user=fact_checker, title="A report")

    with pytest.raises(PermissionDenied):
        services.source_delete(instance=source, acting_user=fact_checker)
    assert Source.objects.filter(pk=source.pk).exists()
