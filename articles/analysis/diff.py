"""
Word-level differences between two texts. Plain Python, no Django.

Texts are split into words (punctuation stays attached: ``"budget."`` is one
word) and the whitespace runs between them. Every piece of the input lands in
exactly one op, so joining the ``equal`` and ``delete`` pieces rebuilds the old
text and joining the ``equal`` and ``insert`` pieces rebuilds the new one.
"""

import difflib
import re

EQUAL = "equal"
DELETE = "delete"
INSERT = "insert"

_TOKEN = re.compile(r"\s+|\S+")


def tokenize(text: str) -> list[str]:
    """Words and the whitespace runs between them, in order; ``"".join`` gives ``text``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The ops that turn ``old`` into ``new``, as ``(op, text)`` pairs.

    ``op`` is ``"equal"``, ``"delete"`` or ``"insert"``. A replaced run comes
    out as its ``delete`` followed by its ``insert``; adjacent pieces with the
    same op are merged, and a space left alone between two changes joins them,
    so "a b c" replaced by "x y z" reads as one change rather than three.
    """
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    # Each hunk is (equal, deleted, inserted); changed hunks have equal=None.
    hunks: list[tuple[str | None, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == EQUAL:
            hunks.append(("".join(old_tokens[i1:i2]), "", ""))
        else:
            hunks.append((None, "".join(old_tokens[i1:i2]), "".join(new_tokens[j1:j2])))

    merged: list[tuple[str | None, str, str]] = []
    for position, hunk in enumerate(hunks):
        equal = hunk[0]
        between_changes = (
            equal is not None
            and equal.isspace()
            and 0 < position < len(hunks) - 1
            and hunks[position - 1][0] is None
            and hunks[position + 1][0] is None
        )
        if between_changes:
            hunk = (None, equal, equal)
        if merged and merged[-1][0] is None and hunk[0] is None:
            _, deleted, inserted = merged.pop()
            hunk = (None, deleted + hunk[1], inserted + hunk[2])
        merged.append(hunk)

    ops: list[tuple[str, str]] = []
    for equal, deleted, inserted in merged:
        if equal is not None:
            ops.append((EQUAL, equal))
            continue
        if deleted:
            ops.append((DELETE, deleted))
        if inserted:
            ops.append((INSERT, inserted))
    return ops
