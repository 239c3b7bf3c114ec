"""Who may do what with articles. Admin hooks, views and services ask here."""


def can_import_articles(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.add_article"))


def can_edit_article_metadata(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.change_article"))


def can_view_articles(user) -> bool:
    return bool(user and user.is_active and user.has_perm("articles.view_article"))
