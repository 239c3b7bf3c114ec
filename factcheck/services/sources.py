"""Sources: the evidence cited by claims and discrepancies."""

from django.db import transaction

from .. import permissions
from ..models import Claim, Discrepancy, Source
from ..signals import announce_public_change

# What staff edit on a source.
SOURCE_FIELDS = (
    "title",
    "url",
    "publisher",
    "kind",
    "published_on",
    "archive_url",
    "accessed_at",
    "notes",
)


def _check_fields(fields):
    unknown = set(fields) - set(SOURCE_FIELDS)
    if unknown:
        raise ValueError(f"Not a source field: {', '.join(sorted(unknown))}")


def _cited_by_public_work(source: Source) -> bool:
    """Whether a public page cites ``source``: a claim ever published (its page
    stays, with a note, once unpublished) or a resolved discrepancy."""
    return (
        Claim.objects.filter(citations__source=source, first_published_at__isnull=False).exists()
        or Discrepancy.objects.filter(
            citations__source=source,
            status__in=[Discrepancy.Status.RESOLVED, Discrepancy.Status.NOT_CONFLICT],
        ).exists()
    )


@transaction.atomic
def source_create(*, acting_user, **fields) -> Source:
    permissions.require(permissions.can_manage_sources(acting_user))
    _check_fields(fields)
    source = Source(**fields)
    source._history_user = acting_user
    source._change_reason = "created"
    source.save()
    return source


@transaction.atomic
def source_delete(*, instance: Source, acting_user) -> None:
    """Delete a source no claim or discrepancy cites (the database refuses
    one that is cited), with history."""
    permissions.require(permissions.can_delete(acting_user, Source))
    instance._history_user = acting_user
    instance.delete()


@transaction.atomic
def source_update(*, source: Source, acting_user, **changes) -> Source:
    """Edit a source; public pages that cite it show the change at once."""
    permissions.require(permissions.can_edit_sources(acting_user))
    _check_fields(changes)
    for field, value in changes.items():
        setattr(source, field, value)
    source._history_user = acting_user
    source._change_reason = "edited"
    source.save()
    if _cited_by_public_work(source):
        announce_public_change()
    return source
