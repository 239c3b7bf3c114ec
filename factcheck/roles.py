"""
The newsroom's roles as Django groups, kept in step with this table.

``sync_roles`` runs after every ``migrate`` (permissions only exist once
migrations have run, so a data migration cannot do this on a fresh database)
and may be run again at any time: it adds what is missing and removes what the
table no longer grants.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

FACT_CHECKER = "Fact-checker"
EDITOR = "Editor"

_VIEW_ARTICLES = [
    "articles.view_tag",
    "articles.view_outlet",
    "articles.view_story",
    "articles.view_article",
    "articles.view_articlerevision",
]

# Research work: drafting claims, finding their appearances, citing sources.
_RESEARCH = [
    "factcheck.view_claim",
    "factcheck.add_claim",
    "factcheck.change_claim",
    "factcheck.view_claimappearance",
    "factcheck.add_claimappearance",
    "factcheck.change_claimappearance",
    "factcheck.delete_claimappearance",
    "factcheck.view_citation",
    "factcheck.add_citation",
    "factcheck.change_citation",
    "factcheck.delete_citation",
    "factcheck.view_source",
    "factcheck.add_source",
    "factcheck.change_source",
    "factcheck.view_claimant",
    "factcheck.add_claimant",
    "factcheck.change_claimant",
    "factcheck.view_claimantalias",
    "factcheck.add_claimantalias",
    "factcheck.change_claimantalias",
    "factcheck.delete_claimantalias",
    "factcheck.view_rating",
    "factcheck.view_claimupdate",
    "factcheck.view_reviewcomment",
    "factcheck.view_discrepancy",
    "factcheck.add_discrepancy",
    "factcheck.change_discrepancy",
    "factcheck.view_discrepancypassage",
    "factcheck.add_discrepancypassage",
    "factcheck.change_discrepancypassage",
    "factcheck.view_discrepancycitation",
    "factcheck.add_discrepancycitation",
    "factcheck.change_discrepancycitation",
    "factcheck.delete_discrepancycitation",
    # Other fact-checkers' reviews, imported from their ClaimReview.
    "factcheck.view_externalfactcheck",
    "factcheck.add_externalfactcheck",
    "factcheck.change_externalfactcheck",
    # Reader tips: the moderation queue, the tipsters' contact details included.
    "factcheck.view_tip",
    "factcheck.change_tip",
]

# The rating scale itself is edited by admins (superusers) only.
ROLE_PERMISSIONS = {
    FACT_CHECKER: [
        *_VIEW_ARTICLES,
        "articles.add_article",
        # Correcting a report's metadata (outlet, headline, dates), with history.
        "articles.change_article",
        "articles.add_story",
        *_RESEARCH,
    ],
    EDITOR: [
        *_VIEW_ARTICLES,
        *_RESEARCH,
        "factcheck.view_sitepage",
        "factcheck.change_sitepage",
        "factcheck.publish_claim",
        "factcheck.resolve_discrepancy",
        "factcheck.delete_externalfactcheck",
        "articles.add_article",
        "articles.change_article",
        "articles.add_outlet",
        "articles.change_outlet",
        "articles.add_story",
        "articles.change_story",
        # The newsroom's list of topics; anyone who edits a claim files it under them.
        "articles.add_tag",
        "articles.change_tag",
        "articles.delete_tag",
    ],
}


def _permissions(codenames):
    wanted = {tuple(name.split(".", 1)) for name in codenames}
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in=[codename for _, codename in wanted]
        )
    }
    missing = wanted - found.keys()
    if missing:
        names = ", ".join(sorted(".".join(m) for m in missing))
        raise LookupError(f"Permissions not found (run migrate first): {names}")
    return [found[key] for key in wanted]


@transaction.atomic
def sync_roles():
    """Create the role groups and give each exactly its permissions."""
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(codenames))


def setup_after_migrate(sender, **kwargs):
    from .services.setup import pages_install_default, ratings_install_default

    sync_roles()
    ratings_install_default()
    pages_install_default()


def role_label(user) -> str:
    """The role a user works in, as the admin header names it. Read from the
    permissions the admin has already loaded for the request, so it costs no
    query of its own."""
    if user.is_superuser:
        return "Superuser"
    if user.has_perm("factcheck.publish_claim"):
        return EDITOR
    if user.has_perm("factcheck.add_claim"):
        return FACT_CHECKER
    return "Staff"
