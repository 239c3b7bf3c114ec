"""
schema.org ClaimReview for a published claim, as Google's fact-check
guidelines ask: ``claimReviewed``, ``reviewRating`` (``alternateName`` always,
the numbers when the verdict is on the scale), ``url``, ``author`` (the
newsroom, never a person on staff), ``datePublished`` and ``itemReviewed``, a
``Claim`` with its ``author`` (the claimant), ``datePublished`` (when it was
said) and ``appearance`` (the original reports that carried it).

Plain functions of their arguments; the claim page prints the same values, so
the markup matches what a reader sees.
"""

import json

from .templatetags.public import iso, safe_url

# What Django's json_script escapes, for the same reason: inside <script> the
# HTML parser must never see a tag or an entity, whatever the data says.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def organisation(*, name: str, url: str = "") -> dict:
    org = {"@type": "Organization", "name": name}
    if url:
        org["url"] = url
    return org


def rating_json(rating, scale) -> dict:
    """``reviewRating``: the label always; the numbers when the verdict has a value
    and the scale has one. ``scale`` is ``(worst, best)`` or ``None``."""
    data = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None and scale is not None:
        worst, best = scale
        data.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return data


def claimant_json(claimant) -> dict:
    kind = "Organization" if claimant.kind == "organisation" else "Person"
    data = {"@type": kind, "name": claimant.name}
    if claimant.description:
        data["description"] = claimant.description
    return data


def appearance_json(report) -> dict | None:
    """A report that carried the claim, as published with it
    (:class:`~factcheck.models.anchors.ShownReport`); ``None`` without a public
    http(s) address."""
    url = safe_url(report.url)
    if not url:
        return None
    data = {"@type": "CreativeWork", "url": url}
    if report.headline:
        data["headline"] = report.headline
    if report.published_on:
        data["datePublished"] = iso(report.published_on)
    if report.outlet:
        data["publisher"] = organisation(name=report.outlet)
    return data


def claim_review(claim, *, url: str, scale, author: dict) -> dict:
    """The ClaimReview of ``claim`` (published, with rating, claimant, article and
    its ``appearances`` loaded). ``url`` is the claim page's absolute address."""
    appearances = []
    seen = set()
    for passage in [claim, *claim.appearances.all()]:
        item = appearance_json(passage.shown_report)
        if item is not None and item["url"] not in seen:
            seen.add(item["url"])
            appearances.append(item)

    item_reviewed = {"@type": "Claim"}
    if claim.claimant_id:
        item_reviewed["author"] = claimant_json(claim.claimant)
    if claim.claimed_on:
        item_reviewed["datePublished"] = iso(claim.claimed_on)
    if appearances:
        item_reviewed["appearance"] = appearances

    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim.statement,
        "author": author,
        "datePublished": iso(claim.first_published_at),
        "reviewRating": rating_json(claim.rating, scale),
        "itemReviewed": item_reviewed,
    }
    if getattr(claim, "last_corrected_at", None):
        review["dateModified"] = iso(claim.last_corrected_at)
    return review


def dumps(data) -> str:
    """JSON for a ``<script type="application/ld+json">`` block: ``<``, ``>`` and
    ``&`` escaped, so the text can never close the element or start markup."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
