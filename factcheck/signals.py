"""Signals the fact-check domain sends for other apps to act on."""

from django.dispatch import Signal

# Something the public can see has changed: a claim published, unpublished or
# corrected, a discrepancy resolved or reopened, a source or site page edited,
# a published passage re-anchored. The domain does not know what the public site
# keeps; the public app (factcheck.public) listens and marks its cached pages
# stale. Sent inside the write's transaction, at the point of the change, so
# that the rest of the transaction sees the effect; a receiver that also needs
# the commit registers its own ``transaction.on_commit``. A receiver's error
# propagates and rolls the write back.
public_content_changed = Signal()


def announce_public_change() -> None:
    """Tell whoever shows public pages that something on them has changed."""
    public_content_changed.send(sender=None)
