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
from .pages import SitePage
from .published import DiscrepancyUpdate, PublicReport
from .ratings import Rating
from .sources import Citation, Source, Stance

__all__ = [
    "AnchorStatus",
    "AnchoredPassage",
    "Citation",
    "Claim",
    "ClaimAppearance",
    "ClaimTag",
    "ClaimUpdate",
    "Claimant",
    "Discrepancy",
    "DiscrepancyCitation",
    "DiscrepancyPassage",
    "DiscrepancyUpdate",
    "ExternalFactCheck",
    "Job",
    "JobFile",
    "PublicReport",
    "ClaimantAlias",
    "Rating",
    "SitePage",
    "ReviewComment",
    "Source",
    "Stance",
]
