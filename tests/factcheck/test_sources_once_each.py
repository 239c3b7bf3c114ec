"""One source per URL: addresses stored normalised, a known one offered instead of
a second source, and duplicates already stored merged with every citation kept."""

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from factcheck import services
from factcheck.models import Citation, DiscrepancyCitation, Source, Stance
from tests.factcheck.test_admin_claimants_and_sources import public_page, shown_form
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

STATEMENT = "https://example.org/statements/12"


@pytest.fixture
def published(ready_claim, editor):
    cache.clear()
    return services.claim_publish(claim=ready_claim, acting_user=editor)


def test_a_source_is_stored_at_its_normalised_address(fact_checker):
    source = services.source_create(
        acting_user=fact_checker,
        title="Statement",
        url="HTTPS://Example.ORG:443/statements/12/?utm_source=newsletter&fbclid=x#top",
    )

    assert Source.objects.get(pk=source.pk).url == STATEMENT


def test_a_known_address_in_another_spelling_is_refused_naming_its_source(fact_checker):
    known = services.source_create(acting_user=fact_checker, title="Statement", url=STATEMENT)

    with pytest.raises(
        services.DuplicateSource, match=f"already the source “Statement” \\(#{known.pk}\\)"
    ) as refused:
        services.source_create(
            acting_user=fact_checker, title="Again", url="https://EXAMPLE.org/statements/12/#x"
        )

    assert refused.value.existing == known
    assert list(Source.objects.values_list("title", flat=True)) == ["Statement"]


def test_an_edit_to_another_sources_address_is_refused_and_nothing_is_saved(fact_checker):
    services.source_create(acting_user=fact_checker, title="Statement", url=STATEMENT)
    other = services.source_create(
        acting_user=fact_checker, title="Other", url="https://example.org/b"
    )

    with pytest.raises(services.DuplicateSource):
        services.source_update(
            source=other, acting_user=fact_checker, title="Renamed", url=STATEMENT + "?utm_medium=x"
        )

    other.refresh_from_db()
    assert (other.title, other.url) == ("Other", "https://example.org/b")


def test_many_sources_may_have_no_address(fact_checker):
    for title in ("Interview with the mayor", "Phone call with the ministry"):
        services.source_create(acting_user=fact_checker, title=title, url="")

    assert Source.objects.filter(url="").count() == 2


def test_the_admin_offers_the_existing_source_for_a_known_address(client, fact_checker):
    known = services.source_create(
        acting_user=fact_checker, title="Ministry statement", url=STATEMENT
    )
    client.force_login(fact_checker)
    url = reverse("admin:factcheck_source_add")
    data, _ = shown_form(client, url)
    data.update(
        {
            "title": "Ministry statement again",
            "kind": "official",
            "url": STATEMENT + "/?utm_campaign=x",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    link = reverse("admin:factcheck_source_change", args=[known.pk])
    assert f'This URL is already a source: <a href="{link}">Ministry statement</a>' in page
    assert Source.objects.count() == 1


def test_the_citation_source_picker_finds_a_source_by_a_pasted_tracking_link(client, fact_checker):
    known = services.source_create(
        acting_user=fact_checker, title="Ministry statement", url=STATEMENT
    )
    services.source_create(acting_user=fact_checker, title="Other statement", url=STATEMENT + "3")
    client.force_login(fact_checker)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "factcheck",
            "model_name": "citation",
            "field_name": "source",
            "term": "HTTPS://example.org/statements/12/?utm_source=share&fbclid=x#para-3",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == [str(known)]


@pytest.fixture
def duplicates(published, resolved):
    """The source of a published claim (the oldest) and two later copies of its
    address, one cited by the claim, one by a resolved discrepancy: rows as a
    database from before normalisation holds them, so made directly."""
    keep = published.citations.get().source
    spelled = SourceFactory(
        title="Ministry statement (copy)",
        url=keep.url.replace("https://example.org", "HTTPS://Example.ORG:443") + "/?utm_source=x",
        archive_url="https://archive.example.net/statement",
        notes="Second copy, from the newsletter.",
    )
    tracked = SourceFactory(title="Ministry statement (again)", url=keep.url + "#quote")
    Citation.objects.create(claim=published, source=spelled, stance=Stance.CONTEXT, excerpt="Copy")
    discrepancy_citation = resolved.citations.get()
    discrepancy_citation.source = tracked
    discrepancy_citation.save()
    return keep, spelled, tracked


def test_merging_keeps_every_citation_of_claims_and_discrepancies_with_history(
    duplicates, published, resolved, editor
):
    keep, spelled, tracked = duplicates
    citations = set(Citation.objects.values_list("pk", flat=True))
    discrepancy_citations = set(DiscrepancyCitation.objects.values_list("pk", flat=True))

    services.sources_merge(keep=keep, duplicates=[tracked, spelled], acting_user=editor)

    assert set(Citation.objects.filter(source=keep).values_list("pk", flat=True)) == citations
    assert (
        set(DiscrepancyCitation.objects.filter(source=keep).values_list("pk", flat=True))
        == discrepancy_citations
    )
    assert [c.excerpt for c in published.citations.order_by("pk")][-1] == "Copy"
    assert not Source.objects.filter(pk__in=[spelled.pk, tracked.pk]).exists()
    keep.refresh_from_db()
    assert keep.archive_url == "https://archive.example.net/statement"
    assert "Second copy, from the newsletter." in keep.notes
    moved = Citation.history.filter(source=keep, history_user=editor).get()
    assert moved.history_change_reason == f"source #{spelled.pk} merged into #{keep.pk}"
    assert DiscrepancyCitation.history.filter(
        source=keep,
        history_user=editor,
        history_change_reason=f"source #{tracked.pk} merged into #{keep.pk}",
    ).exists()
    gone = Source.history.filter(id=tracked.pk, history_type="-").get()
    assert (gone.history_user, gone.history_change_reason) == (editor, f"merged into #{keep.pk}")
    latest = keep.history.order_by("-history_date").first()
    assert (latest.history_user, latest.history_change_reason) == (
        editor,
        f"merged #{spelled.pk}, #{tracked.pk}",
    )


def test_a_merge_shows_on_the_public_pages_citing_the_source_at_once(
    client, duplicates, published, editor
):
    keep, spelled, tracked = duplicates
    assert "Ministry statement (copy)" in public_page(client, published)  # now in the page cache

    services.sources_merge(keep=keep, duplicates=[spelled, tracked], acting_user=editor)

    page = public_page(client, published)
    assert "Ministry statement (copy)" not in page
    assert page.count(f"{keep.title}</a>") == 2


def test_sources_of_different_addresses_are_not_merged(fact_checker):
    one = services.source_create(acting_user=fact_checker, title="One", url="https://example.org/1")
    two = services.source_create(acting_user=fact_checker, title="Two", url="https://example.org/2")

    with pytest.raises(services.WorkflowError, match="only sources of the same URL are merged"):
        services.sources_merge(keep=one, duplicates=[two], acting_user=fact_checker)

    assert Source.objects.count() == 2


def test_the_admin_merges_selected_duplicates_into_the_oldest(client, duplicates, editor):
    keep, spelled, tracked = duplicates
    other = SourceFactory(title="Unrelated")
    client.force_login(editor)

    response = client.post(
        reverse("admin:factcheck_source_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [tracked.pk, spelled.pk, keep.pk, other.pk],
        },
        follow=True,
    )

    assert f"2 duplicate(s) into “{keep}”" in response.content.decode()
    assert set(Source.objects.values_list("pk", flat=True)) >= {keep.pk, other.pk}
    assert not Source.objects.filter(pk__in=[spelled.pk, tracked.pk]).exists()


def test_the_command_lists_by_default_and_merges_with_apply(duplicates, editor, capsys):
    keep, spelled, tracked = duplicates
    lone = SourceFactory(title="Lone", url="https://Example.org/lone/?utm_source=x")

    call_command("merge_duplicate_sources")

    out, err = capsys.readouterr()
    assert f"merge #{spelled.pk} “{spelled}”, 1 citation(s)" in out
    assert f"merge #{tracked.pk} “{tracked}”, 1 citation(s)" in out
    assert "2 duplicate source(s) to merge into 1; 1 URL(s) to rewrite." in err
    assert Source.objects.filter(pk__in=[spelled.pk, tracked.pk]).count() == 2
    with pytest.raises(CommandError, match="--apply needs --user"):
        call_command("merge_duplicate_sources", "--apply")

    call_command("merge_duplicate_sources", "--apply", "--user", editor.username)

    assert not Source.objects.filter(pk__in=[spelled.pk, tracked.pk]).exists()
    assert Citation.objects.filter(source=keep).count() == 2
    assert DiscrepancyCitation.objects.filter(source=keep).count() == 1
    lone.refresh_from_db()
    assert lone.url == "https://example.org/lone"
    assert lone.history.order_by("-history_date").first().history_user == editor
    capsys.readouterr()
    call_command("merge_duplicate_sources")
    assert "0 duplicate source(s) to merge into 0; 0 URL(s) to rewrite." in capsys.readouterr().err


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_migration_merges_duplicates_before_making_addresses_unique(
    request, published, resolved, duplicates
):
    keep, spelled, tracked = duplicates
    executor = MigrationExecutor(connection)
    # Back to the latest migrations afterwards, whatever comes after 0019: the
    # tests that run next in this process need their tables.
    request.addfinalizer(_migrate_to_latest)
    executor.migrate([("factcheck", "0018_tips")])
    # Without the constraint, the very same address can be stored twice too.
    # Written with the model as it was then: later migrations add columns.
    then = executor.loader.project_state(("factcheck", "0018_tips")).apps
    twin = then.get_model("factcheck", "Source").objects.create(title="Twin", url=keep.url)
    executor.loader.build_graph()

    executor.migrate([("factcheck", "0019_source_urls")])
    # And on to the latest, so that today's models read the result.
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert (
        set(Source.objects.values_list("pk", flat=True)) & {spelled.pk, tracked.pk, twin.pk}
        == set()
    )
    keep.refresh_from_db()
    assert keep.archive_url == "https://archive.example.net/statement"
    assert Citation.objects.filter(source=keep).count() == 2
    assert DiscrepancyCitation.objects.filter(source=keep).count() == 1
    assert Source.history.filter(id=twin.pk, history_type="-").get().history_change_reason == (
        f"merged into #{keep.pk}"
    )
    assert Citation.history.filter(
        history_change_reason=f"source #{spelled.pk} merged into #{keep.pk}"
    ).exists()
    with pytest.raises(services.DuplicateSource):
        services.source_create(acting_user=published.created_by, title="Again", url=keep.url)
