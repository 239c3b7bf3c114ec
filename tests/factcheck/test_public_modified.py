"""The one "last modified" of a claim for the public (``Claim.public_modified_at``),
which the claim page's JSON-LD, the feeds, the API and the sitemap all read:
set when the public sees a new version (published, corrected, retracted,
republished), and by nothing else."""

import datetime
import importlib

import pytest
from django.utils import timezone

from factcheck import services
from factcheck.models import Claim

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def at(monkeypatch):
    """``at(datetime)`` fixes what ``timezone.now()`` returns from then on."""

    def set_now(when):
        monkeypatch.setattr(timezone, "now", lambda: when)
        return when

    return set_now


def test_a_claim_never_published_has_none(claim, ready_claim):
    ready_claim.refresh_from_db()
    assert ready_claim.public_modified_at is None
    assert not Claim.objects.ever_published().exists()


def test_publication_correction_retraction_and_republication_each_set_it(
    ready_claim, editor, fact_checker, at
):
    published = at(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    claim = services.claim_publish(claim=ready_claim, acting_user=editor)
    assert claim.public_modified_at == claim.first_published_at == published
    assert not claim.was_updated

    corrected = at(datetime.datetime(2026, 4, 3, 9, 0, tzinfo=UTC))
    update = services.claim_correct(claim=claim, note="A second source.", acting_user=editor)
    claim.refresh_from_db()
    assert claim.public_modified_at == update.created_at == corrected
    assert claim.was_updated

    retracted = at(datetime.datetime(2026, 4, 5, 9, 0, tzinfo=UTC))
    services.claim_unpublish(claim=claim, note="Withdrawn.", acting_user=editor)
    claim.refresh_from_db()
    assert claim.public_modified_at == claim.unpublished_at == retracted
    assert list(Claim.objects.ever_published()) == [claim]

    # Rewritten in draft: the public sees nothing new.
    at(datetime.datetime(2026, 4, 6, 9, 0, tzinfo=UTC))
    services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=fact_checker, notes="Redo."
    )
    claim.refresh_from_db()
    assert claim.public_modified_at == retracted

    republished = at(datetime.datetime(2026, 4, 8, 9, 0, tzinfo=UTC))
    services.claim_submit(claim=claim, acting_user=fact_checker)
    claim = services.claim_publish(claim=claim, acting_user=editor)
    assert claim.public_modified_at == republished
    assert claim.first_published_at == published


def test_internal_edits_of_a_published_claim_leave_it(ready_claim, editor, at):
    published = at(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    claim = services.claim_publish(claim=ready_claim, acting_user=editor)

    at(datetime.datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    services.claim_update(
        claim=claim, expected_version=claim.version, acting_user=editor, notes="Internal."
    )

    claim.refresh_from_db()
    assert claim.public_modified_at == published


def test_the_short_form_of_a_published_claim_changes_only_by_correction(ready_claim, editor):
    claim = services.claim_publish(claim=ready_claim, acting_user=editor)

    with pytest.raises(services.WorkflowError, match="claim_reviewed"):
        services.claim_update(
            claim=claim,
            expected_version=claim.version,
            acting_user=editor,
            claim_reviewed="A new short form.",
        )


def test_the_migration_fills_it_as_the_services_would(ready_claim, editor, at):
    at(datetime.datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    claim = services.claim_publish(claim=ready_claim, acting_user=editor)
    corrected = at(datetime.datetime(2026, 4, 3, 9, 0, tzinfo=UTC))
    services.claim_correct(claim=claim, note="A second source.", acting_user=editor)
    Claim.objects.update(public_modified_at=None)

    migration = importlib.import_module("factcheck.migrations.0014_claimreview_fields")
    from django.apps import apps

    migration.fill_public_modified_at(apps, None)

    claim.refresh_from_db()
    assert claim.public_modified_at == corrected
