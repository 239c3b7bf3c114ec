"""Signal receivers: how the fact-check domain reacts to other apps."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models import F

from . import dbstats, search
from .models import Rating
from .services import passages_reanchor


def reanchor_passages(sender, article, revision, previous=None, **kwargs):
    # Sent inside the import's transaction once the new body is stored; the
    # import's acting user is on the revision.
    passages_reanchor(article=article, revision=revision, acting_user=revision.created_by)


def refresh_statistics(sender, report, **kwargs):
    # A batch may have grown the articles tables many times over; the planner
    # should know before the next page plans a query on them. A no-op when
    # nothing changed much.
    dbstats.optimize()


def analyze_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    dbstats.analyze(using)


def staff_search_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # SQLite drops a table's triggers when a migration rebuilds the table.
    search.staff_index_ensure(using)


def claim_deleted(sender, instance, **kwargs):
    # The admin and the services never delete a published claim; a shell or a
    # script might, and its verdict's count follows.
    if instance.status == instance.Status.PUBLISHED and instance.rating_id is not None:
        Rating.objects.filter(pk=instance.rating_id).update(
            published_claims=F("published_claims") - 1
        )
