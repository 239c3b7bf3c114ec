from .anchors import AnchoredPassage, AnchorStatus
from .claims import (
    Claim,
    Claimant,
    ClaimantAlias,
    ClaimAppearance,
    ClaimTag,
    ClaimUpdate,
    ReviewComment,
)
from .discrepancies import Discrepancy, DiscrepancyCitation, DiscrepancyPassage
from .external import ExternalFactCheck
from .jobs import Job, JobFile
from .links import ClaimLink
from .notifications import (
    Channel,
    Delivery,
    Event,
    Notification,
    NotificationPreference,
    Webhook,
)
from .pages import SitePage
from .published import DiscrepancyUpdate, PublicReport
from .ratings import PublishedCount, Rating
from .snapshots import SourceSnapshot, SourceWatch
from .sources import Citation, Source, Stance
from .tips import Tip

__all__ = [
    "AnchorStatus",
    "AnchoredPassage",
    "Channel",
    "Citation",
    "Claim",
    "ClaimAppearance",
    "ClaimLink",
    "ClaimTag",
    "ClaimUpdate",
    "Claimant",
    "Discrepancy",
    "DiscrepancyCitation",
    "DiscrepancyPassage",
    "DiscrepancyUpdate",
    "Delivery",
    "Event",
    "ExternalFactCheck",
    "Job",
    "JobFile",
    "Notification",
    "NotificationPreference",
    "PublicReport",
    "PublishedCount",
    "ClaimantAlias",
    "Rating",
    "SitePage",
    "ReviewComment",
    "Source",
    "SourceSnapshot",
    "SourceWatch",
    "Stance",
    "Tip",
    "Webhook",
]
