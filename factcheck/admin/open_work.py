"""Open discrepancy work by story, each count linked to the changelist filtered
to it: the discrepancy changelist's header and the dashboard."""

from urllib.parse import urlencode

from django.urls import reverse

from ..models import Discrepancy

Status = Discrepancy.Status


def changelist_url(**params):
    url = reverse("admin:factcheck_discrepancy_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def open_by_story(limit=None):
    """Open work per story (one query), each count linked to the filtered changelist."""
    rows = Discrepancy.objects.open_counts_by_story()
    if limit is not None:
        rows = rows[:limit]
    return [
        {
            **row,
            "url": changelist_url(story__id__exact=row["story_id"], status__exact="unresolved"),
            "counts": [
                (
                    row[status],
                    label,
                    changelist_url(story__id__exact=row["story_id"], status__exact=status),
                )
                for status, label in (
                    (Status.SUGGESTED, "suggested"),
                    (Status.OPEN, "open"),
                    (Status.INVESTIGATING, "investigating"),
                )
            ],
        }
        for row in rows
    ]
