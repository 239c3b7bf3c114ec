"""Idempotent set-up run after every migrate."""

from django.db import transaction
from django.db.models import Q

from ..models import Rating, SitePage

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


DEFAULT_PAGES = [
    (
        "methodology",
        "How we fact-check",
        "We read every report of an event side by side and check the statements they make "
        "against primary sources: official statements and posts, documents, recordings and "
        "other reports.\n\n"
        "A fact-checker researches each claim and proposes a verdict on our rating scale, "
        "with a ruling that explains it and the sources that support or contradict it. "
        "An editor who did not write the check reviews it before it is published.\n\n"
        "Where reports of the same event disagree on a date, a number, the wording of a quote, "
        "who said something or how something looked, we record the discrepancy and publish "
        "which version the evidence supports.",
    ),
    (
        "corrections",
        "Corrections policy",
        "When we get something wrong, we correct it openly. Every change to a published "
        "verdict or ruling is listed on the claim's page with the date and the reason.\n\n"
        "If we withdraw a fact-check, its address stays online with a dated note explaining "
        "why.\n\n"
        "To ask for a correction, write to the newsroom with a link to the fact-check and "
        "the evidence.",
    ),
]


@transaction.atomic
def pages_install_default():
    """Create the methodology and corrections pages when missing; never overwrite edits."""
    for slug, title, body in DEFAULT_PAGES:
        SitePage.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})
