"""PostgreSQL connections as the settings make them."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL settings"),
]


def test_queries_are_not_jit_compiled():
    # Short queries paid tens of milliseconds of compiling at a million claims.
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
