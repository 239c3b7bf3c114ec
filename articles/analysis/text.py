"""
Canonical and folded forms of article text. Plain Python, no Django.

The stored body is the *canonical* form: what was published, with only the
encoding-level noise removed (Unicode NFC, line endings, runs of spaces and
no-break spaces). Typography stays as published: curly quotes, dashes,
non-breaking hyphens, emoji. Claims anchor to offsets in this form.

Matching and comparison use the *folded* form, which forgets typography and
case so that "It's" matches "It’s" and "K‑pop" matches "K-pop".
"""

import functools
import hashlib
import re
import unicodedata

# Spaces that are only typographic variants of a plain space. Line breaks are
# handled separately because they carry paragraph structure.
_SPACE_CHARS = (
    "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u202f\u205f\u3000 "
)
_SPACE_RUN = re.compile(f"[{_SPACE_CHARS}]+")
# C0/C1 control characters other than tab and newline, plus zero-width
# formatting marks that never carry meaning in running text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")

PARAGRAPH_BREAK = "\n\n"


def normalise_text(text: str) -> str:
    """Return ``text`` in canonical form: NFC, ``\\n`` line endings, single spaces,
    no trailing spaces, at most one blank line in a row, no surrounding blanks."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n")


def join_paragraphs(paragraphs) -> str:
    """Canonical body from paragraphs: each normalised, blank ones dropped,
    separated by one blank line."""
    cleaned = (normalise_text(p).replace("\n", " ") for p in paragraphs)
    return PARAGRAPH_BREAK.join(p for p in cleaned if p)


def paragraphs(body: str) -> list[str]:
    return [p for p in body.split(PARAGRAPH_BREAK) if p]


# Folding ---------------------------------------------------------------------

_FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u00b4": "'",  # ´
        "`": "'",
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u2026": "...",
    }
)


@functools.lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    folded = unicodedata.normalize("NFKC", char.translate(_FOLD_TABLE)).casefold()
    # Drop combining marks so "Café" and "Cafe" compare equal.
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))


# Runs that fold the same way: whitespace (one space), printable ASCII
# (lower case; single spaces inside it are kept as they are, so that a plain
# ASCII sentence is one run), anything else (character by character).
_FOLD_RUNS = re.compile(r"(\s+)|([\x21-\x7e]+(?: [\x21-\x7e]+)*)|(.)", re.DOTALL)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and map every folded character back to the index of the
    original character it came from.

    Returns ``(folded, offsets)`` with ``len(offsets) == len(folded) + 1``; the
    last entry is one past the source of the last folded character, so that a
    folded span ``[i, j)`` maps back to ``text[offsets[i]:offsets[j]]``. Runs of
    whitespace fold to one space; leading and trailing whitespace goes.
    """
    out: list[str] = []
    offsets: list[int] = []
    previous_space = True  # also strips leading whitespace
    for match in _FOLD_RUNS.finditer(text):
        space, ascii_run, other = match.groups()
        start = match.start()
        if space is not None:
            if not previous_space:
                out.append(" ")
                offsets.append(start)
                previous_space = True
            continue
        if ascii_run is not None:
            # Printable ASCII folds by lower-casing (and ` to ').
            out.append(ascii_run.lower().replace("`", "'"))
            offsets.extend(range(start, match.end()))
            previous_space = False
            continue
        piece = _fold_char(other)
        if piece == " ":
            if previous_space:
                continue
            previous_space = True
        elif piece:
            previous_space = False
        out.append(piece)
        offsets.extend([start] * len(piece))
    folded = "".join(out)
    if folded.endswith(" "):
        folded = folded[:-1]
        offsets.pop()
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return folded, offsets


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The folded form of ``text`` for matching and comparison."""
    if text.isascii():
        return " ".join(text.lower().replace("`", "'").split())
    return fold_with_offsets(text)[0]


def letters_and_digits(text: str) -> str:
    """Only the letters and digits of ``text``, in order. Two texts that agree
    here differ only in whitespace and punctuation."""
    return "".join(c for c in unicodedata.normalize("NFC", text) if c.isalnum())


def is_trivial_change(old: str, new: str) -> bool:
    return letters_and_digits(old) == letters_and_digits(new)


def content_hash(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def first_sentence(text: str, limit: int = 90) -> str:
    """A short display title from the start of ``text``; never stored as a headline.

    Section labels such as "TL;DR" at the top are skipped: the first line of
    four words or more is used, or the first line when none has as many.
    """
    lines = [line for line in text.strip().split("\n") if line.strip()]
    line = next((candidate for candidate in lines if len(candidate.split()) >= 4), None)
    line = line or (lines[0] if lines else "")
    match = re.search(r"(?<=[.!?])\s", line)
    sentence = line[: match.start()] if match else line
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


def truncate_chars(text: str, length: int) -> str:
    """``text`` cut to at most ``length`` characters, an ellipsis ("…")
    included: what Django's ``Truncator(text).chars(length)`` returns in
    English, for the admin's list cells, without its per-call translation
    lookup and, for ASCII text, its per-character loop.

    As there, the text is NFC-normalised first, combining characters do not
    count towards the length, and text no longer than ``length`` comes back
    whole.
    """
    if length <= 0:
        return ""
    if text.isascii():
        # No combining characters, and NFC leaves ASCII as it is.
        return text if len(text) <= length else f"{text[: length - 1]}…"
    text = unicodedata.normalize("NFC", text)
    counted = 0
    end = None
    for index, char in enumerate(text):
        if unicodedata.combining(char):
            continue
        counted += 1
        if end is None and counted >= length:
            # The ellipsis takes the last place.
            end = index
        if counted > length:
            return f"{text[:end]}…"
    return text


def name_key(name: str) -> str:
    """A key under which spelling variants of a name meet: "Lee Jae-myung",
    "Lee Jae Myung" and "LEE JAE‑MYUNG" all give "leejaemyung"."""
    return "".join(filter(str.isalnum, fold(name)))
