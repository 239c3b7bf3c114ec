"""Who may do what with articles. Admin hooks, views and services ask here."""

from django.core.exceptions import PermissionDenied


def can_import_articles(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.add_article"))


def can_edit_article_metadata(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.change_article"))


def can_view_articles(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.view_article"))


def can_edit_outlets(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.change_outlet"))


def can_edit_stories(user, *, adding: bool = False) -> bool:
    perm = "articles.add_story" if adding else "articles.change_story"
    return bool(user and user.is_active and user.has_perm(perm))


def can_add_outlets(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.add_outlet"))


def can_add_tags(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.add_tag"))


def can_edit_tags(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.change_tag"))


def can_delete(user, model) -> bool:
    """Delete a story or an outlet (its articles are kept, or protect it)."""
    name = f"articles.delete_{model._meta.model_name}"
    return bool(user and user.is_active and user.has_perm(name))


def can_pause_article_watch(user) -> bool:
    """Pause or resume fetching one report again for later edits."""
    return can_edit_article_metadata(user)


def can_pause_outlet_watch(user) -> bool:
    """Pause or resume watching every report of an outlet."""
    return can_edit_outlets(user)


def require(allowed: bool, message: str = "You do not have permission to do this.") -> None:
    if not allowed:
        raise PermissionDenied(message)
