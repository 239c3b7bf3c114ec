"""The fact-check admin: one module per model, the article page's claims and the dashboard.

The admin of the public site's own pages is ``factcheck.public.admin``, which
Django autodiscovers in the public app.
"""

from django.contrib import admin

from .articles import ClaimsArticleAdmin
from .claimants import ClaimantAdmin
from .claims import ClaimAdmin
from .dashboard import install_dashboard
from .discrepancies import DiscrepancyAdmin
from .external import ExternalFactCheckAdmin
from .jobs import JobAdmin
from .notifications import DeliveryAdmin, NotificationAdmin, WebhookAdmin
from .ratings import RatingAdmin
from .snapshots import SourceSnapshotAdmin
from .sources import SourceAdmin
from .stories import DiscrepanciesStoryAdmin
from .tips import TipAdmin

install_dashboard(admin.site)

__all__ = [
    "ClaimAdmin",
    "ClaimantAdmin",
    "ClaimsArticleAdmin",
    "DiscrepanciesStoryAdmin",
    "DeliveryAdmin",
    "DiscrepancyAdmin",
    "ExternalFactCheckAdmin",
    "JobAdmin",
    "NotificationAdmin",
    "RatingAdmin",
    "SourceAdmin",
    "SourceSnapshotAdmin",
    "TipAdmin",
    "WebhookAdmin",
]
