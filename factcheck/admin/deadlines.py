"""How a deadline reads in the admin's lists, the same for claims and discrepancies."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html


def deadline_cell(obj):
    """A row's due date, with "Overdue" in words (not colour alone) when it is."""
    if obj.due_at is None:
        return "—"
    when = format_html(
        '<time datetime="{}">{}</time>',
        obj.due_at.isoformat(),
        date_format(timezone.localtime(obj.due_at), "SHORT_DATETIME_FORMAT"),
    )
    if obj.is_overdue:
        return format_html('<strong class="overdue-badge">Overdue</strong> {}', when)
    return when
