"""The rating scale and the public site's own pages: public as soon as saved.

Every write here marks the cached public pages stale: a verdict's label,
definition and colour are on every claim that carries it, the scale is on the
methodology page and the list's filters, and a site page is its own page.
"""

from django.db import transaction

from .. import permissions
from ..models import Rating, SitePage
from ..signals import announce_public_change

RATING_FIELDS = ("label", "slug", "definition", "colour", "value", "order", "is_active")
PAGE_FIELDS = ("slug", "title", "body")


def _check(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")


def _saved(obj, *, acting_user, reason):
    obj._history_user = acting_user
    obj._change_reason = reason
    obj.save()
    announce_public_change()
    return obj


@transaction.atomic
def rating_create(*, acting_user, **fields) -> Rating:
    permissions.require(permissions.can_edit_rating_scale(acting_user, "add"))
    _check(fields, RATING_FIELDS)
    return _saved(Rating(**fields), acting_user=acting_user, reason="created")


@transaction.atomic
def rating_update(*, rating: Rating, acting_user, **changes) -> Rating:
    """Edit a verdict; its published claims show the change at once."""
    permissions.require(permissions.can_edit_rating_scale(acting_user))
    _check(changes, RATING_FIELDS)
    for field, value in changes.items():
        setattr(rating, field, value)
    return _saved(rating, acting_user=acting_user, reason="edited")


@transaction.atomic
def rating_delete(*, rating: Rating, acting_user) -> None:
    """Delete a verdict no claim carries (claims protect theirs)."""
    permissions.require(permissions.can_edit_rating_scale(acting_user, "delete"))
    rating._history_user = acting_user
    rating.delete()
    announce_public_change()


@transaction.atomic
def site_page_create(*, acting_user, **fields) -> SitePage:
    permissions.require(permissions.can_edit_site_pages(acting_user, "add"))
    _check(fields, PAGE_FIELDS)
    return _saved(SitePage(**fields), acting_user=acting_user, reason="created")


@transaction.atomic
def site_page_update(*, page: SitePage, acting_user, **changes) -> SitePage:
    permissions.require(permissions.can_edit_site_pages(acting_user))
    _check(changes, PAGE_FIELDS)
    for field, value in changes.items():
        setattr(page, field, value)
    return _saved(page, acting_user=acting_user, reason="edited")


@transaction.atomic
def site_page_delete(*, page: SitePage, acting_user) -> None:
    permissions.require(permissions.can_edit_site_pages(acting_user, "delete"))
    page._history_user = acting_user
    page.delete()
    announce_public_change()
