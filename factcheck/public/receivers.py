"""How the public site reacts to changes elsewhere: every one marks the cached
pages stale (``caching.public_content_changed``)."""

from . import caching


def content_changed(sender, **kwargs):
    # factcheck.signals.public_content_changed: a write the public can see.
    caching.public_content_changed()


def report_metadata_changed(sender, instance, **kwargs):
    # A story's title, an outlet's name or a report's corrected headline may
    # be on any public page: they all refresh.
    caching.public_content_changed()
