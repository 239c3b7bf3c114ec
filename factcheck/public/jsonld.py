"""
schema.org ClaimReview for a published claim, with what Google's fact-check
guidelines and schema.org list as required or recommended: ``claimReviewed``
(the short form when the desk wrote one), ``reviewRating`` (``name`` and
``alternateName`` always, ``ratingExplanation``, the numbers when the verdict
is on the scale), ``url``, ``@id`` and ``identifier``, ``headline``,
``inLanguage``, ``author`` and ``publisher`` (the newsroom with its logo and
``sameAs``, never a person on staff), ``datePublished``, ``dateModified`` (the
claim's one "last modified", ``Claim.public_modified_at``) and
``itemReviewed``: a ``Claim`` with its ``author`` (the claimant, with
``jobTitle`` and ``sameAs``), ``datePublished`` (when it was said),
``appearance`` (the reports that carried it) and ``firstAppearance``;
``keywords``, the claim's tags, when it has any.

Plain functions of their arguments; the claim page prints the same values, so
the markup matches what a reader sees.
"""

import json

from .templatetags.public import iso, safe_url

# What Django's json_script escapes, for the same reason: inside <script> the
# HTML parser must never see a tag or an entity, whatever the data says.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def organisation(*, name: str, url: str = "", logo: str = "", same_as=()) -> dict:
    org = {"@type": "Organization", "name": name}
    if url:
        org["url"] = url
    if logo:
        org["logo"] = {"@type": "ImageObject", "url": logo}
    if same_as:
        org["sameAs"] = list(same_as)
    return org


def first_paragraph(text: str) -> str:
    """The opening paragraph of a ruling, as the page prints it (``linebreaks``)."""
    return text.strip().split("\n\n", 1)[0].strip()


def rating_json(rating, scale, *, ruling: str = "") -> dict:
    """``reviewRating``: the label always (``name`` and ``alternateName``), the
    scale's definition of it, the ruling's opening paragraph as
    ``ratingExplanation``; the numbers when the verdict has a value and the
    scale has one. ``scale`` is ``(worst, best)`` or ``None``."""
    data = {"@type": "Rating", "name": rating.label, "alternateName": rating.label}
    if rating.definition:
        data["description"] = rating.definition
    explanation = first_paragraph(ruling)
    if explanation:
        data["ratingExplanation"] = explanation
    if rating.value is not None and scale is not None:
        worst, best = scale
        data.update(ratingValue=rating.value, bestRating=best, worstRating=worst)
    return data


def claimant_json(claimant) -> dict:
    """The claim's ``author``. A person's description ("President of South
    Korea") is their ``jobTitle`` too; ``sameAs`` is their reference page."""
    person = claimant.kind != "organisation"
    data = {"@type": "Person" if person else "Organization", "name": claimant.name}
    if claimant.description:
        data["description"] = claimant.description
        if person:
            data["jobTitle"] = claimant.description
    same_as = safe_url(getattr(claimant, "same_as", ""))
    if same_as:
        data["sameAs"] = same_as
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


def first_appearance(appearances: list[dict]) -> dict | None:
    """The earliest dated report, else the claim's own (listed first)."""
    dated = [item for item in appearances if "datePublished" in item]
    if dated:
        return min(dated, key=lambda item: item["datePublished"])
    return appearances[0] if appearances else None


def claim_review(claim, *, url: str, scale, author: dict, language: str) -> dict:
    """The ClaimReview of ``claim`` (published, with rating, claimant, article,
    its ``appearances`` and ``tags`` loaded). ``url`` is the claim page's absolute address;
    ``author`` the newsroom (:func:`organisation`), also its ``publisher``;
    ``language`` the page's ``lang``."""
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
        item_reviewed["firstAppearance"] = first_appearance(appearances)

    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"{url}#claimreview",
        "identifier": claim.slug,
        "url": url,
        "inLanguage": language,
        "headline": claim.statement,
        "claimReviewed": claim.short_statement,
        "author": author,
        "publisher": author,
        "datePublished": iso(claim.first_published_at),
        "dateModified": iso(claim.public_modified_at),
        "reviewRating": rating_json(claim.rating, scale, ruling=claim.ruling),
        "itemReviewed": item_reviewed,
    }
    # schema.org's keywords, as a repeated property (a list): a tag's name may
    # hold a comma, so they are not joined into one text.
    keywords = [tag.name for tag in claim.tags.all()]
    if keywords:
        review["keywords"] = keywords
    return review


def dumps(data) -> str:
    """JSON for a ``<script type="application/ld+json">`` block: ``<``, ``>`` and
    ``&`` escaped, so the text can never close the element or start markup."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)
