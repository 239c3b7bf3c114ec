"""Signal receivers: how the fact-check domain reacts to other apps."""

from .services import passages_reanchor


def reanchor_passages(sender, article, revision, previous=None, **kwargs):
    # Sent on commit of the import, so the new body is stored; the import's
    # acting user is on the revision.
    passages_reanchor(article=article, revision=revision, acting_user=revision.created_by)
