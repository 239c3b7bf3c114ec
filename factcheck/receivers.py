"""Signal receivers: how the fact-check domain reacts to other apps."""

from django.db import DEFAULT_DB_ALIAS

from articles.models import Article, ArticleRevision
from articles.services import Status

from . import dbstats, search
from .models import PublishedCount
from .services import passages_reanchor
from .services.claims import (
    NOWHERE,
    claim_place,
    claims_tag_relabelled,
    published_counts_refiled,
    published_verdict_moved,
)
from .services.published import report_details_changed


def reanchor_passages(sender, article, revision, previous=None, **kwargs):
    # Sent inside the import's transaction once the new body is stored; the
    # import's acting user is on the revision.
    passages_reanchor(article=article, revision=revision, acting_user=revision.created_by)


def refresh_statistics(sender, report, **kwargs):
    # A batch may have grown the articles tables many times over; the planner
    # should know before the next page plans a query on them. A no-op when
    # nothing changed much.
    created = report.count(Status.CREATED)
    revised = report.count(Status.REVISED)
    dbstats.refresh_grown(
        {
            Article._meta.db_table: created,
            ArticleRevision._meta.db_table: created + revised,
            Article.history.model._meta.db_table: created + revised + report.count(Status.UPDATED),
        }
    )


def analyze_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    dbstats.analyze(using)


def staff_search_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    # SQLite drops a table's triggers when a migration rebuilds the table.
    search.staff_index_ensure(using)


def claim_deleted(sender, instance, **kwargs):
    # The admin and the services never delete a published claim; a shell or a
    # script might, and its counts follow.
    published_verdict_moved(claim_place(instance), NOWHERE)


def article_refiled(sender, article, outlet_was, story_was, **kwargs):
    # Inside the import's or the correction's transaction.
    published_counts_refiled(article=article, outlet_was=outlet_was, story_was=story_was)


def story_deleted(sender, instance, **kwargs):
    # Its articles were left without a story (SET_NULL), each refiled past the
    # services: its claims count under no story now.
    PublishedCount.objects.filter(slice=PublishedCount.Slice.STORY, key=instance.pk).delete()


def article_saved(sender, instance, created=False, raw=False, **kwargs):
    # An import, a watch round or a hand correction may rename the report's
    # outlet, headline or date; published work keeps its record until an
    # editor accepts. A new article carries no published work yet.
    if created or raw:
        return
    report_details_changed(article=instance, acting_user=getattr(instance, "_history_user", None))


def tag_relabelled(sender, tag, **kwargs):
    # Inside the rename's (or the deletion's) transaction: dated with it or not at all.
    claims_tag_relabelled(tag=tag)
