"""With a read replica, anonymous public reads go to it; writes, staff
requests and everything outside a request read from the primary.

The replica is the test database under a second alias (TEST MIRROR), as
settings make it from DATABASE_REPLICA_URL; each test counts the queries each
alias serves. The tests commit (transaction=True): a second connection does
not see a test's open transaction.
"""

import pytest
from django.core.cache import caches
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext

from factcheck import db_routers
from factcheck.models import Claim

# The alias DATABASE_REPLICA_URL adds, when the run has not configured one.
if db_routers.REPLICA not in connections.settings:
    connections.settings[db_routers.REPLICA] = connections.configure_settings(
        {
            "default": dict(connections.settings["default"]),
            db_routers.REPLICA: {
                **connections.settings["default"],
                "TEST": {"MIRROR": "default"},
            },
        }
    )[db_routers.REPLICA]

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", db_routers.REPLICA])


@pytest.fixture(autouse=True)
def replica_routing(settings):
    """The router and middleware, as settings install them with a replica."""
    settings.DATABASE_ROUTERS = ["factcheck.db_routers.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "factcheck.db_routers.PublicReadMiddleware",
    )
    settings.MIDDLEWARE = middleware
    # No recent public change unless a test says so: pages render from the replica.
    settings.DATABASE_REPLICA_LAG = 0
    caches["default"].clear()


class Queries:
    """The SQL each alias ran inside the block."""

    def __enter__(self):
        self.captures = {
            alias: CaptureQueriesContext(connections[alias])
            for alias in (db_routers.PRIMARY, db_routers.REPLICA)
        }
        for capture in self.captures.values():
            capture.__enter__()
        return self

    def __exit__(self, *exc):
        for capture in self.captures.values():
            capture.__exit__(*exc)

    def on(self, alias):
        return [query["sql"] for query in self.captures[alias].captured_queries]

    def tables(self, alias):
        """The tables named in ``alias``'s SELECTs."""
        return {
            table
            for sql in self.on(alias)
            if sql.lstrip().upper().startswith("SELECT")
            for table in ("factcheck_claim", "cache_table", "django_session", "auth_user")
            if table in sql
        }


def test_an_anonymous_reader_gets_the_public_list_from_the_replica(client, published_claim):
    with Queries() as queries:
        response = client.get("/claims/")

    assert published_claim.statement in response.content.decode()
    assert "factcheck_claim" in queries.tables(db_routers.REPLICA)
    # The primary serves the page cache only: its generation and the stored page.
    assert queries.tables(db_routers.PRIMARY) == {"cache_table"}
    assert "cache_table" not in queries.tables(db_routers.REPLICA)
    assert not any(
        sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        for sql in queries.on(db_routers.REPLICA)
    )


def test_a_logged_in_reader_gets_the_public_list_from_the_primary(client, published_claim, editor):
    client.force_login(editor)

    with Queries() as queries:
        response = client.get("/claims/")

    assert published_claim.statement in response.content.decode()
    assert queries.on(db_routers.REPLICA) == []
    assert "factcheck_claim" in queries.tables(db_routers.PRIMARY)


def test_the_admin_is_read_from_the_primary_even_before_login(client, published_claim, editor):
    with Queries() as queries:
        login_page = client.get("/admin/login/")
        client.force_login(editor)
        changelist = client.get("/admin/factcheck/claim/")

    assert "Username" in login_page.content.decode()
    assert published_claim.statement in changelist.content.decode()
    assert queries.on(db_routers.REPLICA) == []


def test_a_failed_login_is_counted_and_read_on_the_primary(client, editor):
    with Queries() as queries:
        response = client.post(
            "/admin/login/", {"username": "editor", "password": "wrong", "next": "/admin/"}
        )

    assert "Please enter the correct username and password" in response.content.decode()
    assert queries.on(db_routers.REPLICA) == []
    assert "auth_user" in queries.tables(db_routers.PRIMARY)


def test_just_after_a_public_change_pages_render_from_the_primary(
    client, settings, published_claim
):
    # The publication bumped the generation a moment ago; a replica within
    # its lag might not have the claim yet.
    settings.DATABASE_REPLICA_LAG = 60

    with Queries() as queries:
        response = client.get("/claims/")

    assert published_claim.statement in response.content.decode()
    assert queries.on(db_routers.REPLICA) == []
    assert "factcheck_claim" in queries.tables(db_routers.PRIMARY)


def test_reads_outside_a_request_or_inside_a_transaction_go_to_the_primary():
    cache_entries = caches["default"].cache_model_class

    # A worker, a command, the shell: no request marked them public.
    assert router.db_for_read(Claim) == db_routers.PRIMARY
    with db_routers.public_reads():
        assert router.db_for_read(Claim) == db_routers.REPLICA
        # The page cache's generation must be the latest, whoever reads it.
        assert router.db_for_read(cache_entries) == db_routers.PRIMARY
        assert router.db_for_write(Claim) == db_routers.PRIMARY
        with transaction.atomic():
            assert router.db_for_read(Claim) == db_routers.PRIMARY
        with db_routers.primary_reads():
            assert router.db_for_read(Claim) == db_routers.PRIMARY
        assert router.db_for_read(Claim) == db_routers.REPLICA
    assert router.db_for_read(Claim) == db_routers.PRIMARY


def test_the_replica_is_never_migrated():
    assert router.allow_migrate(db_routers.REPLICA, "factcheck", model_name="claim") is False
    assert router.allow_migrate(db_routers.PRIMARY, "factcheck", model_name="claim") is True
