"""The admin header's "signed in as" line and its unread notifications link."""

from django import template

from ..permissions import can_receive_notifications
from ..roles import role_label
from ..services.notifications import unread_count

register = template.Library()


@register.simple_tag
def signed_in_as(user) -> str:
    """ "Full Name (Role)", or the user name when no name is set."""
    return f"{user.get_full_name() or user.get_username()} ({role_label(user)})"


@register.simple_tag
def unread_notifications(user) -> int | None:
    """The user's unread count; None for staff who keep no notifications."""
    if not can_receive_notifications(user):
        return None
    return unread_count(user)
