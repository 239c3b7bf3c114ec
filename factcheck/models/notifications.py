"""Notifications: what staff are told about the work, how, and whether it arrived.

A :class:`Notification` is one message to one user, its text built from what
that user may see. Each e-mail or webhook sent is a :class:`Delivery`, sent by
the background worker with retries; the row records every attempt. Webhooks
(:class:`Webhook`) belong to the desk, not to a user: the superuser configures
them, and they carry only what the public may see.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse


class Event(models.TextChoices):
    ASSIGNED = "assigned", "Assigned to you"
    SUBMITTED = "submitted", "Submitted for review"
    SENT_BACK = "sent_back", "Sent back to you"
    PUBLISHED = "published", "Published"
    REPORT_CHANGED = "report_changed", "Report changed after publication"
    DETECTION_READY = "detection_ready", "Detection suggestions ready"
    JOB_FINISHED = "job_finished", "Background job finished"
    JOB_FAILED = "job_failed", "Background job failed"
    TIP_RECEIVED = "tip_received", "Reader tip received"
    SOURCE_DEAD = "source_dead", "Cited source dead"
    SOURCE_CHANGED = "source_changed", "Cited source changed"


class Channel(models.TextChoices):
    ADMIN = "admin", "In the admin"
    EMAIL = "email", "E-mail"
    WEBHOOK = "webhook", "Webhook"


# Channels a user chooses per event; webhooks are the desk's, chosen by the superuser.
USER_CHANNELS = (Channel.ADMIN, Channel.EMAIL)

# What a user gets before choosing: everything in the admin, and by e-mail
# what asks them to act.
DEFAULT_PREFERENCES = {
    Channel.ADMIN: set(Event.values),
    Channel.EMAIL: {Event.ASSIGNED, Event.SENT_BACK, Event.SUBMITTED},
}


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own notifications shown in the admin, newest first."""
        return self.filter(recipient=user, in_admin=True).order_by("-created_at", "-pk")

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one user. ``title`` and ``body`` were written for this
    recipient from fields they may see; ``url`` is where opening it leads."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    # False when the recipient chose e-mail only: the row then exists for the
    # e-mail's delivery record, and is not listed in the admin.
    in_admin = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True, in_admin=True),
                name="notification_unread_idx",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_list_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        # The admin's page of it marks it read and leads on to ``url``.
        return reverse("admin:factcheck_notification_change", args=[self.pk])

    @property
    def is_read(self):
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A user's choice for one event on one channel; no row means the default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    enabled = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event", "channel"], name="unique_notification_preference"
            ),
        ]

    def __str__(self):
        state = "on" if self.enabled else "off"
        return f"{self.user}: {self.get_event_display()} by {self.get_channel_display()} {state}"


class Webhook(models.Model):
    """An address the desk's events are posted to (a Slack or chat incoming
    webhook, a newsroom tool). The body is signed with ``secret``."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500, help_text="http or https; public addresses only.")
    secret = models.CharField(
        max_length=200,
        help_text="Signs each body (HMAC-SHA256, header X-Factcheck-Signature).",
    )
    events = models.JSONField(
        default=list, blank=True, help_text="Events posted here; none chosen means all of them."
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def wants(self, event) -> bool:
        return self.is_active and (not self.events or event in self.events)


class Delivery(models.Model):
    """One e-mail or webhook post, and what happened to it. The worker tries
    up to ``NOTIFICATIONS_MAX_ATTEMPTS`` times; each attempt updates the row."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    channel = models.CharField(max_length=10, choices=Channel.choices)
    event = models.CharField(max_length=20, choices=Event.choices)
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # A webhook's JSON body, built when the event happened from public fields.
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(notification__isnull=False) | models.Q(webhook__isnull=False),
                name="delivery_has_target",
            ),
        ]

    def __str__(self):
        target = self.webhook or (self.notification.recipient if self.notification else "")
        return f"{self.get_channel_display()} to {target}: {self.get_status_display()}"
