"""Claim links: claims of one statement checked in different stories, so that
one verdict is found from the other; and a published claim cited as a source."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import permissions
from ..models import Claim, ClaimLink, Source
from ..signals import announce_public_change
from ..workflows import WorkflowError


def _both_published(claim: Claim, other: Claim) -> bool:
    return claim.is_published and other.is_published


@transaction.atomic
def claims_link(*, claim: Claim, other: Claim, acting_user) -> ClaimLink:
    """Link ``claim`` and ``other`` as the same statement, with history.

    Refused for a claim and itself and for a pair already linked. A link
    between two published claims shows on both public pages at once
    ("Also checked in …"), so it is an editor's; either way both pages'
    "last modified" moves when it shows.
    """
    if claim.pk == other.pk:
        raise WorkflowError("Cannot link: a claim is not linked to itself.")
    permissions.require(permissions.can_link_claims(acting_user, claim, other))
    if ClaimLink.objects.between(claim, other).exists():
        raise WorkflowError("Cannot link: these claims are already linked.")
    first, second = sorted((claim, other), key=lambda c: c.pk)
    link = ClaimLink(first=first, second=second, created_by=acting_user)
    link._history_user = acting_user
    try:
        with transaction.atomic():
            link.save()
    except IntegrityError:
        # Another save of the same pair won the race.
        raise WorkflowError("Cannot link: these claims are already linked.") from None
    if _both_published(claim, other):
        _public_pages_changed([claim.pk, other.pk], when=timezone.now())
    return link


@transaction.atomic
def claims_unlink(*, claim: Claim, other: Claim, acting_user) -> None:
    """Undo the link of ``claim`` and ``other``, with history; their public
    pages stop naming each other at once."""
    permissions.require(permissions.can_link_claims(acting_user, claim, other))
    link = ClaimLink.objects.between(claim, other).select_for_update().first()
    if link is None:
        raise WorkflowError("Cannot unlink: these claims are not linked.")
    link._history_user = acting_user
    link.delete()
    if _both_published(claim, other):
        _public_pages_changed([claim.pk, other.pk], when=timezone.now())


def claim_neighbours_changed(*, claim: Claim, when) -> int:
    """``claim`` was published, unpublished or corrected: the published claims
    whose pages show it (linked to it, or citing it as a source) show a change
    from ``when``. Called by the claim services; returns how many moved."""
    linked = Claim.objects.linked_to(claim)
    citing = Q(citations__source__claim=claim)
    keys = set(linked.published().values_list("pk", flat=True)) | set(
        Claim.objects.published().filter(citing).values_list("pk", flat=True)
    )
    keys.discard(claim.pk)
    if keys:
        _public_pages_changed(keys, when=when)
    return len(keys)


def _public_pages_changed(keys, *, when) -> None:
    Claim.objects.published().filter(pk__in=keys).update(public_modified_at=when)
    announce_public_change()


@transaction.atomic
def sources_for_claim(*, claim: Claim, acting_user) -> Source:
    """The source that is ``claim``, a published fact-check of ours, to cite
    like any other: made the first time, the same one after. Its public
    citations link the claim's page while the claim is published, and only
    then."""
    permissions.require(permissions.can_manage_sources(acting_user))
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if not claim.is_published:
        raise WorkflowError("Cannot cite it: only a published fact-check of ours can be cited.")
    existing = Source.objects.filter(claim=claim).first()
    if existing is not None:
        return existing
    source = Source(
        title=claim.short_statement[: Source._meta.get_field("title").max_length],
        publisher=settings.NEWSROOM_NAME,
        kind=Source.Kind.FACT_CHECK,
        published_on=timezone.localdate(claim.first_published_at),
        claim=claim,
    )
    source._history_user = acting_user
    source._change_reason = f"fact-check #{claim.pk} cited"
    source.save()
    return source


@transaction.atomic
def claim_cite_claim(*, claim: Claim, cited: Claim, acting_user, stance: str = "context"):
    """Cite the published fact-check ``cited`` as a source of ``claim``, in one
    step: if the citation is refused, no source is left behind for it."""
    from .claims import citation_add  # claims imports this module

    source = sources_for_claim(claim=cited, acting_user=acting_user)
    return citation_add(claim=claim, source=source, stance=stance, acting_user=acting_user)
