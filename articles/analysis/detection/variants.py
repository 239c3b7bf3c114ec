"""
Ways of writing the same thing: spelling variants, inflections and synonyms.

Reports from different desks spell and phrase alike things differently
("neighbours"/"neighbors", "e-mail"/"email", "cars"/"vehicles"). None of that is
a difference of description or of quotation. :func:`spelling_key` folds
British and American spellings and hyphenation together; :func:`same_word`
also takes inflections ("fled"/"fleeing") and a small list of synonyms.
"""

from __future__ import annotations

import functools
import re

from articles.analysis.text import fold

from .align import STOPWORDS

# British to American, on whole words (applied to both sides, so an odd word
# folded by the same rule on both sides is harmless).
_SPELLING_RULES = [
    (re.compile(r"(?<=\w\w)our(s|ed|ing|ful|ite|ites|able)?\b"), r"or\1"),  # neighbour, colour
    (re.compile(r"(?<=\w\w)is(e|ed|es|ing|ation|ations)\b"), r"iz\1"),  # organise
    (re.compile(r"(?<=\w\w)ys(e|ed|es|ing)\b"), r"yz\1"),  # analyse
    (re.compile(r"(?<=\w\w)tre(s)?\b"), r"ter\1"),  # centre, metre
    (re.compile(r"(?<=\w\w)bre(s)?\b"), r"ber\1"),  # calibre, fibre, sombre
    (re.compile(r"(?<=[aeiou])ll(ed|ing|er|ers)\b"), r"l\1"),  # travelled, cancelled
    (re.compile(r"(?<=\w\w)ogue(s)?\b"), r"og\1"),  # catalogue
    (re.compile(r"(?<=\w)ence\b"), "ense"),  # defence, licence
    (re.compile(r"\bae(?=\w)|(?<=\w)ae(?=\w)"), "e"),  # paediatric, anaesthetic
    (re.compile(r"(?<=\w)oe(?=\w)"), "e"),  # manoeuvre, oestrogen
    (re.compile(r"\bprogramme"), "program"),
    (re.compile(r"\bgrey"), "gray"),
    (re.compile(r"\btyre"), "tire"),
    (re.compile(r"\bjewellery\b"), "jewelry"),
]
_HYPHEN = re.compile(r"(?<=\w)[\-\u2010\u2011](?=\w)")

# Small, general synonym sets for words reporters swap freely.
_SYNONYM_SETS = [
    "car vehicle automobile",
    "located situated",
    "unnamed anonymous unidentified",
    "leave evacuate flee",
    "hit struck strike affected",
    "said told stated noted added",
    "killed dead died deaths fatalities deceased death",
    "injured wounded hurt",
    "terminated cancelled canceled ended scrapped",
    "estimated believed thought reported",
    "nearly almost",
    "about around approximately roughly some",
    "more over",
    "big large huge",
    "small little",
    "start begin commence",
    "buy purchase",
    "help aid assist assistance",
    "people individuals persons residents",
    "coach carriage bogie bogy wagon railcar",
    "plane aircraft jet airliner",
    "ship vessel boat",
    "house home dwelling residence",
    "executive exec execs executives",
    # Verbs and adjectives newswires swap for one another.
    "happened occurred",
    "rise rose risen increase increased climb climbed grow grew mount mounted",
    "latest newest new newly recent",
    "unknown unspecified undisclosed unclear uncertain",
    "headed heading travelling traveling bound",
    "appearances games matches",
    "describe described call called calling dub dubbed term termed",
    "won secured clinched",
    "stop end halt cease",
    "workers crew staff employees",
    "suggested indicated",
    "recover recovered retrieve retrieved remove removed",
    # Words for anyone, and for a person's family.
    "someone somebody",
    "anyone anybody",
    "everyone everybody",
    "relatives family kin",
    "arrive arrived reach reached",
    "surpass surpassed exceed exceeded",
    "match game clash fixture",
    "football soccer",
    # General newsroom vocabulary: superlatives, causes and intensities that
    # desks swap for one another without telling anything else.
    "worst deadliest",
    "caused triggered sparked",
    "heavy torrential incessant",
    "tremor tremors shock shocks quake temblor",
    "seek sought ask asked request requested",
    "scattered strewn",
    "search searching look looking hunt hunting",
    "village villages hamlet hamlets",
    "sufficiently enough",
]
_SYNONYMS = {}
for _set in _SYNONYM_SETS:
    for _word in _set.split():
        _SYNONYMS[_word] = _set.split()[0]


@functools.lru_cache(maxsize=65536)
def spelling_key(text: str) -> str:
    """``text`` folded, with British spellings and inner hyphens made American."""
    text = _HYPHEN.sub("", fold(text))
    for pattern, replacement in _SPELLING_RULES:
        text = pattern.sub(replacement, text)
    return text


# Phrases are compared spelling-folded ("residence" becomes "residense"): the
# synonyms are found under that spelling too.
for _word, _key in list(_SYNONYMS.items()):
    _SYNONYMS.setdefault(spelling_key(_word), _key)


# Past forms of irregular verbs, to their base: "sent" is "send" inflected.
_IRREGULAR = {
    past: base
    for base, forms in (
        ("run", "ran"),
        ("flee", "fled"),
        ("say", "said"),
        ("tell", "told"),
        ("take", "took taken"),
        ("send", "sent"),
        ("spend", "spent"),
        ("build", "built"),
        ("make", "made"),
        ("come", "came"),
        ("give", "gave given"),
        ("hold", "held"),
        ("keep", "kept"),
        ("bring", "brought"),
        ("buy", "bought"),
        ("catch", "caught"),
        ("fight", "fought"),
        ("seek", "sought"),
        ("strike", "struck"),
        ("stand", "stood"),
        ("begin", "began begun"),
        ("break", "broke broken"),
        ("choose", "chose chosen"),
        ("drive", "drove driven"),
        ("fall", "fell fallen"),
        ("fly", "flew flown"),
        ("grow", "grew grown"),
        ("know", "knew known"),
        ("lose", "lost"),
        ("meet", "met"),
        ("pay", "paid"),
        ("sink", "sank sunk"),
        ("shake", "shook shaken"),
        ("shoot", "shot"),
        ("sell", "sold"),
        ("speak", "spoke spoken"),
        ("sweep", "swept"),
        ("throw", "threw thrown"),
        ("tear", "tore torn"),
        ("win", "won"),
        ("wear", "wore worn"),
        ("write", "wrote written"),
        ("freeze", "froze frozen"),
        ("dig", "dug"),
    )
    for past in forms.split()
}


@functools.lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    word = spelling_key(word)
    if word in _IRREGULAR:
        return _lemma(_IRREGULAR[word])  # the base, as it is lemmatised itself
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) - len(suffix) >= 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 2 and word.endswith("e") else word


def same_word(a: str, b: str) -> bool:
    """Whether two words are one word spelt, inflected or chosen differently."""
    la, lb = _lemma(a), _lemma(b)
    if la == lb or (len(la) >= 3 and len(lb) >= 3 and (la.startswith(lb) or lb.startswith(la))):
        return True
    return bool(_synonym_keys(a) & _synonym_keys(b))


def _synonym_keys(word: str) -> set[str]:
    word = fold(word)
    forms = {word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("d")}
    return {_SYNONYMS[f] for f in forms if f in _SYNONYMS}


# Words that carry no description: reporting verbs, auxiliaries, articles.
_LIGHT = frozenset(
    """noted said stated reported added told that the a an had has have been was were is
    are be it its their his her of to in on at by for with as""".split()
)


def _described_words(phrase: str) -> list[str]:
    return [w for w in re.findall(r"\w+", spelling_key(phrase)) if w not in _LIGHT]


def _close(x: str, y: str) -> bool:
    long, short = (x, y) if len(x) >= len(y) else (y, x)
    return same_word(x, y) or (len(short) >= 5 and long.endswith(short))


def _covers(words, others) -> bool:
    """Whether every word of ``words`` is among ``others`` up to variants and synonyms."""
    return all(any(_close(x, y) for y in others) for x in words)


def same_description(a: str, b: str) -> bool:
    """Two phrases that describe the same, word for word up to variants,
    synonyms and reporting verbs ("quake had hit" / "noted that the earthquake
    had affected")."""
    wa, wb = _described_words(a), _described_words(b)
    if not wa or not wb:
        return True
    return _covers(wa, wb) and _covers(wb, wa)


def adds_to(a: str, b: str) -> bool:
    """Whether one phrase is the other with more words ("semifinal" and "an
    extraordinary semi-final"): every word of one is in the other, up to
    variants and synonyms. The longer says more of the same thing."""
    wa, wb = _described_words(a), _described_words(b)
    if not wa or not wb:
        return False
    return _covers(wa, wb) or _covers(wb, wa)


# Forms that British and American desks write differently beyond the
# spelling rules, and the contractions transcripts write out or not.
_FORM_VARIANTS = {
    "towards": "toward",
    "afterwards": "afterward",
    "amongst": "among",
    "whilst": "while",
    "st": "saint",
    "dreamt": "dreamed",
    "learnt": "learned",
    "spelt": "spelled",
    "burnt": "burned",
    "leapt": "leaped",
    "spoilt": "spoiled",
}
_CONTRACTIONS = [
    (re.compile(r"\bcan[’']t\b"), "can not"),
    (re.compile(r"\bwon[’']t\b"), "will not"),
    (re.compile(r"n[’']t\b"), " not"),
    (re.compile(r"\bcannot\b"), "can not"),
    (re.compile(r"[’']m\b"), " am"),
    (re.compile(r"[’']re\b"), " are"),
    (re.compile(r"[’']ve\b"), " have"),
    (re.compile(r"[’']ll\b"), " will"),
    (re.compile(r"\b(it|that|there|here|he|she|what|who|where)[’']s\b"), r"\1 is"),
    (re.compile(r"\blet[’']s\b"), "let us"),
    (re.compile(r"(?<=\w)[’']s?\b"), ""),  # a possessive, "Albans'" and "Albans's"
]


@functools.lru_cache(maxsize=65536)
def transcribed(text: str) -> tuple[str, ...]:
    """A quotation's words as a transcript would give them: contractions
    written out, British and American forms folded together, hyphens and
    punctuation left out."""
    text = _HYPHEN.sub(" ", fold(text))
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return tuple(_FORM_VARIANTS.get(w, w) for w in re.findall(r"\w+", spelling_key(text)))


def same_wording(a: str, b: str) -> bool:
    """Two renderings of a remark in the same words, written differently:
    British or American forms ("towards"/"toward", "dreamt"/"dreamed"),
    contractions written out ("I've"/"I have"), "St"/"Saint", punctuation
    (ellipses, dashes, quotation marks). An article, a tense or a number
    changed inside quotation marks is another wording, not this."""
    wa, wb = transcribed(a), transcribed(b)
    return bool(wa) and wa == wb


def wording_within(a: str, b: str) -> bool:
    """Whether one rendering is a run of the other's words, written
    differently or not ("It's time for justice" in "It is time for justice,
    Mr Lane"): a report quoting less of the remark."""
    wa, wb = " ".join(transcribed(a)), " ".join(transcribed(b))
    return bool(wa and wb) and (f" {wa} " in f" {wb} " or f" {wb} " in f" {wa} ")


_SAYING_OR_THINKING = frozenset(
    "said say says told tell think thought believe believed know knew hope hoped "
    "feel felt dreamed realised realized".split()
)
_NUMERALS = {
    word: str(n)
    for n, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
# An editor's words in square brackets ("I've known [WhatsApp founder] Jan")
# are no part of the remark, or stand for words the remark left implied.
_BRACKETED = re.compile(r"\[([^\[\]]*)\]")


def _words_told(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A quotation's content words as transcribed, figures as digits, in
    alphabetical order; and its function words in their order (swapping
    "that" and "the" is rewording, moving "today" is not)."""
    words = [_NUMERALS.get(word, word) for word in transcribed(text)]
    # "I said that I dreamt" and "I said I dreamt": the "that" after a verb of
    # saying or thinking is optional English, not the speaker's word.
    words = [
        w
        for n, w in enumerate(words)
        if not (w == "that" and n and words[n - 1] in _SAYING_OR_THINKING)
    ]
    content = tuple(sorted(w for w in words if w not in STOPWORDS))
    return content, tuple(w for w in words if w in STOPWORDS)


def same_words_told(a: str, b: str) -> bool:
    """Two renderings of a remark that give the very same words but for their
    order, a figure written in words or in digits, and an editor's bracketed
    insertion ("Paris is today the capital" against "Today, Paris is the
    capital"; "1 billion" against "one billion"; "I've known [its founder]
    Jan" against "I've known Jan"). Any word changed, added or dropped ("a
    hell"/"hell", "that verdict"/"the verdict") is another wording."""
    readings_a = {_BRACKETED.sub(" ", a), _BRACKETED.sub(r"\1", a)}
    readings_b = {_BRACKETED.sub(" ", b), _BRACKETED.sub(r"\1", b)}
    keys_a = {_words_told(x) for x in readings_a}
    keys_b = {_words_told(x) for x in readings_b}
    return any(len(content) >= 2 for content, _ in keys_a & keys_b)


def same_phrase(a: str, b: str) -> bool:
    """Two phrases that say the same word for word, up to variants."""
    wa, wb = re.findall(r"\w+", spelling_key(a)), re.findall(r"\w+", spelling_key(b))
    return len(wa) == len(wb) and all(same_word(x, y) for x, y in zip(wa, wb, strict=True))


# Ways of spelling one sound that transliterated names swap ("Fulrai" and
# "Phulrai", "Machhu" and "Machchhu"): an aspirate written or not, a letter
# doubled or not.
_TRANSLITERATION = [
    (re.compile(r"ph"), "f"),
    (re.compile(r"(?<=[bcdgjkpst])h"), ""),
    (re.compile(r"w"), "v"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"y\b"), "i"),
    (re.compile(r"(\w)\1+"), r"\1"),
]


def _sound_key(word: str) -> str:
    key = spelling_key(word)
    for pattern, replacement in _TRANSLITERATION:
        key = pattern.sub(replacement, key)
    return key


def same_name(a: str, b: str) -> bool:
    """Two names that are one name transliterated two ways: every word
    capitalised on both sides and spelled alike up to an aspirate or a doubled
    letter ("Fulrai"/"Phulrai"). Only names: in common words those letters
    tell words apart ("ship", "sip")."""
    wa, wb = re.findall(r"[\w'’\-]+", a), re.findall(r"[\w'’\-]+", b)
    return (
        len(wa) == len(wb) > 0
        and all(w[:1].isupper() for w in wa + wb)
        and all(_sound_key(x) == _sound_key(y) for x, y in zip(wa, wb, strict=True))
    )


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
# Capitalised words and the small words names join them with ("Centers for
# Disease Control", "Bank of England"), which no acronym spells.
_NAME_JOINERS = frozenset({"of", "for", "and", "the", "on", "de"})
_CAPITALISED_RUN = re.compile(
    r"[A-Z][\w'’\-]*(?:\s+(?:(?:of|for|and|the|on|de)\s+)?[A-Z][\w'’\-]*)+"
)


def _stands_for(acronym: str, run: str) -> bool:
    initials = "".join(w[0] for w in run.split() if w not in _NAME_JOINERS)
    return len(initials) >= 2 and acronym.startswith(initials)


def acronym_words(text: str, other: str) -> set[str]:
    """The words of ``text`` that name with an acronym what ``other`` names in
    full, or in full what ``other`` names with an acronym: the acronym's
    letters begin with the initials of a run of capitalised words ("ISIS" and
    "Islamic State", "CDC" and "Centers for Disease Control")."""
    words = set()
    runs_other = _CAPITALISED_RUN.findall(other)
    for acronym in _ACRONYM.findall(text):
        if any(_stands_for(acronym, run) for run in runs_other):
            words.add(acronym)
    acronyms_other = _ACRONYM.findall(other)
    for run in _CAPITALISED_RUN.findall(text):
        if any(_stands_for(acronym, run) for acronym in acronyms_other):
            words.update(run.split())
    return words


def acronym_of(a: str, b: str) -> bool:
    """Whether one phrase names with an acronym what the other names in full
    (see :func:`acronym_words`)."""
    return bool(acronym_words(a, b) or acronym_words(b, a))


def noun_key(noun: str) -> str:
    """One key for nouns of one synonym set ("bogies" and "coaches"), else the
    noun itself: a counted noun is shown to editors, so no lemma."""
    keys = _synonym_keys(noun)
    return min(keys) if keys else noun


def event_key(word: str) -> str:
    """One key for the words naming one event: a synonym set's first word, or
    the lemma ("struck" and "hit" meet, "landed" and "landing" too)."""
    keys = _synonym_keys(word)
    return min(keys) if keys else _lemma(word)
