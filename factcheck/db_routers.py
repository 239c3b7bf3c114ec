"""
Public reads from a read replica (``DATABASE_REPLICA_URL``, alias ``replica``).

A database router is asked for an alias with no request in hand, so the
request tells it beforehand: :class:`PublicReadMiddleware` marks a *public
read* in a context variable for as long as the view runs, and
:class:`ReplicaRouter` sends that request's reads to the replica. A public read
is a GET or HEAD outside the staff admin from a client with no session cookie:
anonymous, so it sees what every reader sees, which a replica a moment behind
can serve. Everything else reads from the primary (``default``):

- every write, and every read inside a transaction on the primary (a service
  reads what it is about to write, and its own writes);
- every request from someone with a session (staff, logged in or not yet
  logged out), every POST and every admin address;
- reads outside a request: task workers, management commands, the shell;
- the cache table and sessions, which must show the latest write whatever
  the request;
- a public page rendered just after a public change (the page cache asks for
  the primary within ``DATABASE_REPLICA_LAG`` seconds of one, see
  :mod:`factcheck.public.caching`).

The router and the middleware are installed by the settings only when a replica
is configured.
"""

import contextlib
import contextvars
import functools

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
# Django's database cache (the page cache's generation, the login throttle's
# counts) and sessions are read to decide what a request may see or do.
PRIMARY_ONLY_APPS = frozenset({"django_cache", "sessions"})

_public_read = contextvars.ContextVar("public_read", default=False)


@contextlib.contextmanager
def public_reads(enabled: bool = True):
    """Within the block, reads may go to the replica (when ``enabled``)."""
    token = _public_read.set(enabled)
    try:
        yield
    finally:
        _public_read.reset(token)


def primary_reads():
    """Within the block, every read goes to the primary."""
    return public_reads(False)


@functools.cache
def _staff_prefix():
    return reverse("admin:index")


def is_public_read(request) -> bool:
    """An anonymous reader's GET or HEAD of a public address."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path_info.startswith(_staff_prefix())
    )


class PublicReadMiddleware:
    """Marks a public read for :class:`ReplicaRouter` while the view runs.

    A streamed body is read after the view returns, from the primary.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with public_reads(is_public_read(request)):
            return self.get_response(request)


class ReplicaRouter:
    """Public reads to the replica, everything else to the primary."""

    def db_for_read(self, model, **hints):
        if (
            _public_read.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # One database under two names: rows relate whichever name read them.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the primary's schema by replication.
        return db == PRIMARY
