"""The claims changelist's count: exact when filtered, an estimate only for a
large unfiltered PostgreSQL table."""

import pytest
from django.db import connection

from factcheck.admin import paginators
from factcheck.admin.paginators import EstimatedCountPaginator
from factcheck.models import Claimant

pytestmark = pytest.mark.django_db


@pytest.fixture
def claimants(db):
    Claimant.objects.bulk_create(
        Claimant(name=f"Person {n}", name_key=f"person {n}", slug=f"person-{n}") for n in range(5)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Claimant._meta.db_table}")


def test_a_small_table_is_counted_exactly(claimants):
    assert EstimatedCountPaginator(Claimant.objects.all(), 2).count == 5


def test_a_filtered_list_is_counted_exactly_however_large_the_table(claimants, monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", -1)

    filtered = Claimant.objects.filter(name__endswith="4")

    assert EstimatedCountPaginator(filtered, 2).count == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an estimate PostgreSQL keeps")
def test_a_large_unfiltered_table_reads_the_planners_estimate(claimants, monkeypatch):
    monkeypatch.setattr(paginators, "ESTIMATE_ABOVE", -1)
    Claimant.objects.filter(slug="person-0").delete()  # not yet seen by the planner

    assert EstimatedCountPaginator(Claimant.objects.all(), 2).count == 5
