"""Idempotent set-up run after every migrate."""

from django.db import transaction
from django.db.models import Q

from ..models import Rating

# (slug, label, definition, colour, ClaimReview value or None when off the scale)
DEFAULT_RATINGS = [
    ("true", "True", "The statement is accurate and nothing significant is missing.", "green", 5),
    (
        "mostly-true",
        "Mostly true",
        "The statement is accurate but needs clarification or additional information.",
        "lime",
        4,
    ),
    (
        "half-true",
        "Half true",
        "The statement is partially accurate but leaves out important details or "
        "takes things out of context.",
        "yellow",
        3,
    ),
    (
        "mostly-false",
        "Mostly false",
        "The statement contains an element of truth but ignores facts that would give "
        "a different impression.",
        "orange",
        2,
    ),
    ("false", "False", "The statement is not accurate.", "red", 1),
    (
        "misquoted",
        "Misquoted",
        "The words attributed to the speaker differ from what they actually said or wrote.",
        "purple",
        None,
    ),
    (
        "unproven",
        "Unproven",
        "The evidence available does not allow the statement to be verified either way.",
        "grey",
        None,
    ),
]


@transaction.atomic
def ratings_install_default():
    """Install the default rating scale. Ratings already present (by slug) are
    left exactly as admins edited them."""
    for order, (slug, label, definition, colour, value) in enumerate(DEFAULT_RATINGS, start=1):
        if not Rating.objects.filter(Q(slug=slug) | Q(label__iexact=label)).exists():
            Rating.objects.create(
                slug=slug,
                label=label,
                definition=definition,
                colour=colour,
                value=value,
                order=order * 10,
            )
