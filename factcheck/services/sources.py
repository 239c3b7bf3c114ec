"""Sources: the evidence cited by claims and discrepancies, one source per web address."""

from collections import defaultdict

from django.db import IntegrityError, transaction

from articles.analysis.urlnorm import normalise_url

from .. import permissions
from ..models import Citation, Claim, Discrepancy, DiscrepancyCitation, Source
from ..signals import announce_public_change
from ..workflows import WorkflowError

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

# Taken from a merged duplicate when the kept source has none.
_FILLED_ON_MERGE = ("publisher", "published_on", "archive_url", "accessed_at")


class DuplicateSource(WorkflowError):
    """The address is already another source's: ``existing`` is that source."""

    def __init__(self, existing: Source):
        self.existing = existing
        super().__init__(f"This URL is already the source “{existing}” (#{existing.pk}); cite it.")


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


def source_at_url(url: str, *, exclude: Source | None = None) -> Source | None:
    """The source stored at ``url`` however it is written, if any (but ``exclude``)."""
    found = Source.objects.with_url(url)
    if exclude is not None and exclude.pk:
        found = found.exclude(pk=exclude.pk)
    return found.order_by("created_at", "pk").first()


def _save_once_per_url(source: Source, *, acting_user, reason: str) -> None:
    """Save ``source`` with its address normalised, refused (:class:`DuplicateSource`)
    when another source has it. The database's ``one_source_per_url`` decides
    a race between two saves of the same new address."""
    source.url = normalise_url(source.url)
    existing = source_at_url(source.url, exclude=source)
    if existing is not None:
        raise DuplicateSource(existing)
    source._history_user = acting_user
    source._change_reason = reason
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        existing = source_at_url(source.url, exclude=source)
        if existing is None:
            raise
        raise DuplicateSource(existing) from None


@transaction.atomic
def source_create(*, acting_user, **fields) -> Source:
    """A new source; refused when its address is already a source's."""
    permissions.require(permissions.can_manage_sources(acting_user))
    _check_fields(fields)
    source = Source(**fields)
    _save_once_per_url(source, acting_user=acting_user, reason="created")
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
    """Edit a source; public pages that cite it show the change at once. A new
    address already another source's is refused."""
    permissions.require(permissions.can_edit_sources(acting_user))
    _check_fields(changes)
    for field, value in changes.items():
        setattr(source, field, value)
    _save_once_per_url(source, acting_user=acting_user, reason="edited")
    if _cited_by_public_work(source):
        announce_public_change()
    return source


def source_duplicate_groups(sources) -> list[tuple[Source, list[Source]]]:
    """``sources`` that share a normalised address, as ``(oldest, the others)``
    per address, oldest first; sources without an address are never grouped."""
    by_url = defaultdict(list)
    for source in sorted(sources, key=lambda s: (s.created_at, s.pk)):
        url = normalise_url(source.url)
        if url:
            by_url[url].append(source)
    return [(group[0], group[1:]) for group in by_url.values() if len(group) > 1]


@transaction.atomic
def sources_merge(*, keep: Source, duplicates, acting_user) -> Source:
    """Merge ``duplicates`` (sources of ``keep``'s address) into ``keep``.

    Every citation of a duplicate, for claims and for discrepancies, cites
    ``keep`` instead, each move in the citation's history; ``keep`` takes the
    details it lacks (publisher, dates, archive link) and the duplicates'
    notes, its address is stored normalised, and the duplicates are deleted
    with history. Public pages citing ``keep`` show it at once.
    """
    permissions.require(permissions.can_merge_sources(acting_user))
    pks = sorted({d.pk for d in duplicates} - {keep.pk})
    if not pks:
        raise WorkflowError("Cannot merge: no other source to merge into this one.")
    # Locked, so that no citation is added to a duplicate while it goes.
    locked = {s.pk: s for s in Source.objects.select_for_update().filter(pk__in=[keep.pk, *pks])}
    if keep.pk not in locked or len(locked) != len(pks) + 1:
        raise WorkflowError("Cannot merge: a source has been deleted meanwhile.")
    keep, duplicates = locked[keep.pk], [locked[pk] for pk in pks]
    url = normalise_url(keep.url)
    others = [d for d in duplicates if normalise_url(d.url) != url or not url]
    if others:
        raise WorkflowError(
            "Cannot merge: only sources of the same URL are merged; "
            + ", ".join(f"“{d}” ({d.url or 'no URL'})" for d in others)
            + f" differ from “{keep}” ({keep.url or 'no URL'})."
        )

    for model in (Citation, DiscrepancyCitation):
        for citation in model.objects.filter(source__in=duplicates).order_by("pk"):
            was = citation.source_id
            citation.source = keep
            citation._history_user = acting_user
            citation._change_reason = f"source #{was} merged into #{keep.pk}"
            citation.save(update_fields=["source"])

    duplicates.sort(key=lambda d: (d.created_at, d.pk))
    for field in _FILLED_ON_MERGE:
        found = [getattr(d, field) for d in duplicates if getattr(d, field)]
        if found and not getattr(keep, field):
            setattr(keep, field, found[0])
    notes = [keep.notes, *(d.notes for d in duplicates if d.notes and d.notes not in keep.notes)]
    keep.notes = "\n\n".join(n for n in notes if n)

    for duplicate in duplicates:
        duplicate._history_user = acting_user
        duplicate._change_reason = f"merged into #{keep.pk}"
        duplicate.delete()
    keep.url = url
    keep._history_user = acting_user
    keep._change_reason = "merged " + ", ".join(f"#{pk}" for pk in pks)
    keep.save()
    if _cited_by_public_work(keep):
        announce_public_change()
    return keep
