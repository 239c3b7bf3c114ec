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
    "articles.view_outlet",
    "articles.view_story",
    "articles.view_article",
    "articles.view_articlerevision",
]

ROLE_PERMISSIONS = {
    FACT_CHECKER: [
        *_VIEW_ARTICLES,
        "articles.add_article",
        "articles.add_story",
    ],
    EDITOR: [
        *_VIEW_ARTICLES,
        "articles.add_article",
        "articles.change_article",
        "articles.add_outlet",
        "articles.change_outlet",
        "articles.add_story",
        "articles.change_story",
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


def sync_roles_after_migrate(sender, **kwargs):
    sync_roles()
