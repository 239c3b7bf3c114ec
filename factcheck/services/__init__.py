"""Every editorial write of the fact-check domain, one function each.

Each is atomic, takes ``acting_user=``, checks permissions through
:mod:`factcheck.permissions` and leaves an audit trail in the history tables.
"""

from .claims import (
    StaleEdit,
    WorkflowError,
    appearance_add,
    citation_add,
    claim_archive,
    claim_assign,
    claim_correct,
    claim_create,
    claim_publish,
    claim_send_back,
    claim_submit,
    claim_unpublish,
    claim_update,
    claimant_find_or_create,
)
from .discrepancies import (
    PassageSpec,
    discrepancy_add_passage,
    discrepancy_assign,
    discrepancy_cite,
    discrepancy_confirm,
    discrepancy_create,
    discrepancy_dismiss,
    discrepancy_investigate,
    discrepancy_mark_not_conflict,
    discrepancy_merge,
    discrepancy_reopen,
    discrepancy_resolve,
    discrepancy_set_status,
    discrepancy_suggest,
    discrepancy_update,
    passage_assess,
)
from .passages import passages_reanchor
from .setup import ratings_install_default

__all__ = [
    "PassageSpec",
    "discrepancy_add_passage",
    "discrepancy_assign",
    "discrepancy_cite",
    "discrepancy_confirm",
    "discrepancy_create",
    "discrepancy_dismiss",
    "discrepancy_investigate",
    "discrepancy_mark_not_conflict",
    "discrepancy_merge",
    "discrepancy_reopen",
    "discrepancy_resolve",
    "discrepancy_set_status",
    "discrepancy_suggest",
    "discrepancy_update",
    "passage_assess",
    "StaleEdit",
    "WorkflowError",
    "appearance_add",
    "citation_add",
    "claim_archive",
    "claim_assign",
    "claim_correct",
    "claim_create",
    "claim_publish",
    "claim_send_back",
    "claim_submit",
    "claim_unpublish",
    "claim_update",
    "claimant_find_or_create",
    "passages_reanchor",
    "ratings_install_default",
]
