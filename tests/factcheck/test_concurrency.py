"""Two people saving the same claim at once: one wins, the other is told, nothing is lost."""

import threading
import time

import pytest
from django.db import connection, transaction

from factcheck import services
from factcheck.models import Claim
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_saves_of_one_claim_let_exactly_one_win(fact_checker, editor):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers itself")
    article = ArticleFactory(body="The bridge cost $4 million.")
    claim = services.claim_create(
        article=article, quote="cost $4 million", statement="Cost", acting_user=fact_checker
    )
    opened_version = claim.version
    both_read = threading.Barrier(2, timeout=10)
    results = {}

    def save(user, notes):
        try:
            with transaction.atomic():
                copy = Claim.objects.get(pk=claim.pk)
                both_read.wait()
                services.claim_update(
                    claim=copy, expected_version=opened_version, acting_user=user, notes=notes
                )
                # Hold the row lock so the other save has to wait for us.
                time.sleep(0.3)
            results[notes] = "saved"
        except services.StaleEdit:
            results[notes] = "refused"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(fact_checker, "first")),
        threading.Thread(target=save, args=(editor, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(results.values()) == ["refused", "saved"]
    winner = next(notes for notes, result in results.items() if result == "saved")
    claim.refresh_from_db()
    assert claim.notes == winner
    assert claim.version == opened_version + 1


def test_simultaneous_publish_and_unpublish_do_not_both_apply(fact_checker, editor):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers itself")
    from factcheck.models import Rating, Stance
    from tests.factories import SourceFactory, UserFactory

    services.ratings_install_default()
    article = ArticleFactory(body="The bridge cost $4 million.")
    claim = services.claim_create(
        article=article, quote="cost $4 million", statement="Cost", acting_user=fact_checker
    )
    claim = services.claim_update(
        claim=claim,
        expected_version=claim.version,
        acting_user=fact_checker,
        rating=Rating.objects.get(slug="false"),
        ruling="Accounts say $6 million.",
    )
    services.citation_add(
        claim=claim, source=SourceFactory(), stance=Stance.CONTRADICTS, acting_user=fact_checker
    )
    services.claim_submit(claim=claim, acting_user=fact_checker)
    second_editor = UserFactory(username="editor2", role="Editor")
    both_read = threading.Barrier(2, timeout=10)
    results = {}

    def act(name, action):
        try:
            with transaction.atomic():
                copy = Claim.objects.get(pk=claim.pk)
                both_read.wait()
                action(copy)
                time.sleep(0.3)
            results[name] = "done"
        except services.WorkflowError as exc:
            results[name] = type(exc).__name__
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=act,
            args=("publish", lambda c: services.claim_publish(claim=c, acting_user=editor)),
        ),
        threading.Thread(
            target=act,
            args=(
                "send back",
                lambda c: services.claim_send_back(claim=c, note="wait", acting_user=second_editor),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(results.values()) == ["StaleEdit", "done"]
    claim.refresh_from_db()
    expected = "published" if results["publish"] == "done" else "draft"
    assert claim.status == expected
