"""Stable identities for discrepancies. Plain Python, no Django.

A discrepancy's fingerprint is its kind plus the folded text of its passages,
in no particular order, never their offsets: re-anchoring after a revision,
or the same candidate found again by detection, gives the same fingerprint.
"""

import hashlib

from articles.analysis.text import fold


def discrepancy_fingerprint(kind: str, quotes) -> str:
    folded = sorted({fold(quote) for quote in quotes if fold(quote)})
    material = "\x1f".join([kind, *folded])
    return hashlib.sha256(material.encode("utf-8")).hexdigest()
