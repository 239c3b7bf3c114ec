"""Notifications in the admin: one's own list (opening one marks it read and
leads to its object), one's own preferences, and, for the superuser only,
the desk's webhooks and the record of every delivery.

Every write goes through :mod:`factcheck.services.notifications`.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, linebreaks

from .. import permissions
from ..models import Channel, Delivery, Event, Notification, Webhook
from ..models.notifications import USER_CHANNELS
from ..services import notifications
from .base import RecordsOnly


def _receives(request) -> bool:
    return permissions.can_receive_notifications(request.user)


class ReadFilter(admin.SimpleListFilter):
    title = "read"
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", "Unread"), ("yes", "Read")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(read_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(read_at__isnull=False)
        return queryset


@admin.register(Notification)
class NotificationAdmin(RecordsOnly, admin.ModelAdmin):
    """Each user's own notifications; nobody sees another's, superusers included."""

    list_display = ("message", "event", "created_at", "state")
    list_display_links = None
    list_filter = (ReadFilter, "event")
    actions = ["mark_read"]
    list_per_page = 50
    # The list is one user's: the count of all of them says nothing more.
    show_full_result_count = False

    def get_queryset(self, request):
        return Notification.objects.for_user(request.user)

    def has_module_permission(self, request):
        return _receives(request)

    def has_view_permission(self, request, obj=None):
        return _receives(request) and (obj is None or obj.recipient_id == request.user.pk)

    @admin.display(description="notification")
    def message(self, notification):
        title = format_html(
            '<a href="{}" class="notification-title">{}</a>',
            notification.get_absolute_url(),
            notification.title,
        )
        if not notification.is_read:
            title = format_html("<strong>{}</strong>", title)
        return format_html(
            '{}<div class="notification-body">{}</div>', title, linebreaks(notification.body)
        )

    @admin.display(description="read", ordering="read_at")
    def state(self, notification):
        return "Read" if notification.is_read else "Unread"

    @admin.action(description="Mark selected notifications read")
    def mark_read(self, request, queryset):
        count = notifications.notifications_mark_read(
            acting_user=request.user, notifications=list(queryset)
        )
        self.message_user(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")

    def get_urls(self):
        own = [
            path(
                "preferences/",
                self.admin_site.admin_view(self.preferences_view),
                name="factcheck_notification_preferences",
            ),
            path(
                "read-all/",
                self.admin_site.admin_view(self.read_all_view),
                name="factcheck_notification_read_all",
            ),
        ]
        return own + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a notification marks it read and goes to what it is about."""
        if not _receives(request):
            raise PermissionDenied
        notification = get_object_or_404(
            Notification, pk=object_id if str(object_id).isdigit() else None
        )
        if notification.recipient_id != request.user.pk:
            raise PermissionDenied
        return HttpResponseRedirect(
            notifications.notification_open(notification=notification, acting_user=request.user)
        )

    def read_all_view(self, request):
        if not _receives(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        count = notifications.notifications_mark_read(acting_user=request.user)
        self.message_user(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
        return HttpResponseRedirect(reverse("admin:factcheck_notification_changelist"))

    def preferences_view(self, request):
        if not _receives(request):
            raise PermissionDenied
        current = notifications.preferences_for(request.user)
        form = PreferencesForm(request.POST or None, initial=current)
        if request.method == "POST" and form.is_valid():
            notifications.preferences_update(
                acting_user=request.user, user=request.user, choices=form.choices()
            )
            messages.success(request, "Your notification preferences were saved.")
            return HttpResponseRedirect(reverse("admin:factcheck_notification_preferences"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Notification preferences",
            "form": form,
            "rows": form.rows(),
            "channels": [Channel(channel).label for channel in USER_CHANNELS],
        }
        return TemplateResponse(request, "admin/factcheck/notification/preferences.html", context)


def _field_name(event, channel) -> str:
    return f"{event}__{channel}"


class PreferencesForm(forms.Form):
    """One checkbox per event and channel."""

    def __init__(self, data=None, *, initial):
        super().__init__(data)
        for event in Event:
            for channel in USER_CHANNELS:
                self.fields[_field_name(event, channel)] = forms.BooleanField(
                    required=False,
                    initial=initial[(event.value, channel.value)],
                    label=f"{event.label} ({Channel(channel).label.lower()})",
                )

    def rows(self):
        return [
            (event.label, [self[_field_name(event, channel)] for channel in USER_CHANNELS])
            for event in Event
        ]

    def choices(self):
        return {
            (event.value, channel.value): self.cleaned_data[_field_name(event, channel)]
            for event in Event
            for channel in USER_CHANNELS
        }


class SuperuserOnly:
    """The desk's webhooks and delivery records: the superuser's alone, whatever
    permissions a role is given."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        choices=Event.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Events posted to this address; none chosen means all of them.",
    )

    class Meta:
        model = Webhook
        fields = ("name", "url", "secret", "events", "is_active")
        widgets = {"secret": forms.PasswordInput(render_value=True)}


@admin.register(Webhook)
class WebhookAdmin(SuperuserOnly, admin.ModelAdmin):
    form = WebhookForm
    list_display = ("name", "url", "is_active", "created_at")

    def save_model(self, request, obj, form, change):
        notifications.webhook_save(webhook=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        notifications.webhook_delete(webhook=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for webhook in queryset:
            notifications.webhook_delete(webhook=webhook, acting_user=request.user)


@admin.register(Delivery)
class DeliveryAdmin(RecordsOnly, SuperuserOnly, admin.ModelAdmin):
    """What was sent where, and what went wrong: read-only."""

    list_display = (
        "created_at",
        "channel",
        "event",
        "target",
        "status",
        "attempts",
        "last_attempt_at",
        "last_error",
    )
    list_filter = ("status", "channel", "event")
    list_select_related = ("notification__recipient", "webhook")
    readonly_fields = [field.name for field in Delivery._meta.fields]

    @admin.display(description="to")
    def target(self, delivery):
        if delivery.webhook is not None:
            return delivery.webhook.name
        return delivery.notification.recipient.get_username()
