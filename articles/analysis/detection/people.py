"""
Person names in an article, their variants, titles and pronouns. Plain Python.

A name is a run of capitalised words joined by single spaces (hyphenated
parts, initials "M. H.", particles "de", "van", "bin" inside). Titles and
honorifics in front ("Prime Minister", "Mr.") or in an apposition after
(", a spokesperson for ...") are kept apart from the name. A run counts as a
person when it carries a title or an honorific, or has at least two name
words and nothing suggesting a place, an organisation or a work (a leading
"the" or "in", a compass word, an institutional head noun, "X's government",
"X coach Steve Kerr", a neighbouring acronym or compound such as "K-pop", a
quotation of its own). Capitalised words at the start of a clause that the
article also uses in lowercase are dropped ("Official Instagram"), and so are
lines in Title Case (section headings). A single word is a person only with a
title or an honorific, or when it is part of a name already established in
the article (the most recently mentioned one when several share it).

:class:`PeopleIndex` groups the mentions of one article by person (name
variants fold together through :func:`articles.analysis.text.name_key` and shared name
parts) and resolves later references: a part of the name, honorific + part,
title + name, a title alone ("the president": the person last given that
title) and pronouns (the most recent compatible subject, with gender taken
from honorifics, gendered titles and earlier pronouns).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re

from articles.analysis.detection.sentences import split_sentences
from articles.analysis.detection.types import Person, Sentence
from articles.analysis.text import fold, name_key

MALE, FEMALE = "m", "f"

# Generic English titles, folded, mapped to the role they name (synonyms meet).
TITLES = {
    **{t: t for t in (
        "president", "vice president", "vice-president", "president-elect", "prime minister",
        "deputy prime minister", "first minister", "premier", "chancellor", "minister",
        "foreign minister", "defence minister", "defense minister", "finance minister",
        "interior minister", "secretary", "secretary of state", "secretary-general",
        "press secretary", "governor", "mayor", "senator", "representative", "congressman",
        "congresswoman", "lawmaker", "ambassador", "spokesperson", "chief executive",
        "chairman", "chairwoman", "chair", "director", "director-general", "commissioner",
        "king", "queen", "prince", "princess", "emperor", "empress", "pope", "general",
        "admiral", "colonel", "captain", "lieutenant", "sergeant", "commander", "judge",
        "justice", "chief justice", "attorney general", "prosecutor", "sheriff", "coach",
        "founder", "professor", "bishop", "archbishop", "cardinal", "rabbi", "imam",
        "reverend", "opposition leader", "police chief", "administrator", "manager",
        "detective", "inspector", "superintendent",
    )},
    "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "chief executive officer": "chief executive", "ceo": "chief executive",
    "secretary general": "secretary-general", "director general": "director-general",
    "sen": "senator", "rep": "representative", "gov": "governor", "gen": "general",
    "rev": "reverend", "pres": "president", "pm": "prime minister",
    "lt": "lieutenant", "col": "colonel", "capt": "captain", "sgt": "sergeant",
    "adm": "admiral", "cmdr": "commander", "supt": "superintendent", "insp": "inspector",
    "det": "detective",
}  # fmt: skip
# Honorifics before a name, with the gender they state (None: not stated).
HONORIFICS = {
    "mr": MALE, "mrs": FEMALE, "ms": FEMALE, "miss": FEMALE, "mx": None, "dr": None,
    "prof": None, "sir": MALE, "dame": FEMALE, "lord": MALE, "lady": FEMALE,
}  # fmt: skip
# Titles (as written, folded) that state a gender.
_GENDERED_TITLES = {
    "king": MALE, "prince": MALE, "emperor": MALE, "pope": MALE, "spokesman": MALE,
    "chairman": MALE, "congressman": MALE, "queen": FEMALE, "princess": FEMALE,
    "empress": FEMALE, "spokeswoman": FEMALE, "chairwoman": FEMALE, "congresswoman": FEMALE,
}  # fmt: skip
# Personal pronouns and the gender they state. Of the plural forms only "they"
# is kept, for one person; "them" and "their" mostly mean a group.
_PRONOUNS = {
    "he": MALE, "him": MALE, "his": MALE, "himself": MALE, "she": FEMALE, "her": FEMALE,
    "hers": FEMALE, "herself": FEMALE, "they": None,
}  # fmt: skip
# Pronouns that can be the subject of a speech verb.
SUBJECT_PRONOUNS = frozenset({"he", "she", "they"})

_MONTH_NAMES = frozenset(
    "january february march april may june july august september october november december".split()
)
_MONTHS = " ".join(_MONTH_NAMES) + " jan feb mar apr jun jul aug sep sept oct nov dec"
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
# Capitalised words that are not part of a name: function words, calendar
# words and sentence adverbs. (A month name may still end a name: "Theresa May".)
STOP_WORDS = frozenset(
    (
        "the a an and or but nor of in on at to for from by with as into onto about after "
        "before during since until while when where why how what who whom whose which that "
        "this these those there here it its he she they we i you me him her us them his hers "
        "their our my your if then than so yet also not no yes all both each every some many "
        "most more much such one other another any according however meanwhile although though "
        "because despite via per today yesterday tomorrow tonight earlier later last next now "
        "still even only just instead indeed finally first second third overall together "
        f"{_MONTHS} {_WEEKDAYS}"
    ).split()
)
CALENDAR_WORDS = frozenset(f"{_MONTHS} {_WEEKDAYS}".split())
# Lowercase particles inside names: "Ludwig van Beethoven", "Mohammed bin Salman".
_PARTICLES = frozenset(
    "de del della der den di da das dos du la le van von bin binti ibn al ter".split()
)
# First words of place names: "South Korea", "New Zealand", "United States".
_PLACE_STARTS = frozenset(
    "north south east west northern southern eastern western central new united upper "
    "lower greater st saint san santa los las".split()
)
# Last words of place and organisation names.
_INSTITUTION_HEADS = frozenset(
    """
    office ministry department agency party council committee commission assembly parliament
    congress senate house court university college school institute academy company
    corporation group bank fund foundation association union federation organisation
    organization league club team airport station hospital hotel museum gallery theatre
    theater park square street road avenue bridge river sea ocean lake island islands
    mountain mountains valley peninsula prefecture province state states kingdom republic
    empire city county district region territory coast bay strait gulf summit forum festival
    awards award prize games cup olympics championship times post news journal herald
    tribune press network channel studio studios records airlines airways motors systems
    technologies holdings partners church cathedral temple mosque palace castle tower center
    centre hall building alliance front movement force forces brigade service police army navy
    """.split()
)
# Words after "X's" that make X a country or an organisation, not a person.
_INSTITUTIONAL_POSSESSION = re.compile(
    r"['\u2019]s\s+(?:\w+\s+){0,2}?(?:government|capital|economy|military|army|navy|parliament"
    r"|president|presidential|prime\s+minister|foreign\s+ministry|ministry|population"
    r"|territory|borders?|coast|citizens|embassy|constitution|currency|central\s+bank|largest"
    r"|biggest|allies|ruling\s+party|troops|missile|nuclear|colonial|occupation)\b",
    re.IGNORECASE,
)
# Subordinators and conjunctions after which a name starts a clause (a subject).
_CLAUSE_OPENERS = frozenset(
    "and but while when as after before because although though that since if so then where "
    "whereas until once or nor".split()
)
# Compound adjectives made from a name: "Golden Globe-winning", "Seoul-based".
_COMPOUND_SUFFIXES = frozenset(
    "winning based born led style era like backed owned made run bound related linked focused "
    "friendly wide level class funded inspired language speaking oriented centric held "
    "controlled registered educated trained listed".split()
)

# A word, with inner hyphens (also U+2010/U+2011) and apostrophes, but not the
# possessive "'s", so that "Lee's" gives "Lee" and "O'Brien" stays whole.
_WORD = re.compile(r"\w+(?:[-\u2010\u2011]\w+|['\u2019](?!s\b)\w+)*")
# The pieces of a hyphenated word, any hyphen character.
_HYPHEN = re.compile(r"[-\u2010\u2011]")
# The last word before a position (searched with an end bound).
_LAST_WORD = re.compile(r"\w+(?=\W*$)")
# Suffixes that end a name but are no name on their own.
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Abbreviations that a name continues after: "Gov. Tom Hale", "St. John",
# "Martin Luther King Jr. Day".
_JOINING_ABBREVIATIONS = frozenset(
    "st jr sr sen rep gov gen rev pres lt col capt sgt adm cmdr supt insp det".split()
)
# Words before a place or an organisation, rarely before a person's name:
# "the United States", "in East Asia", "across Northern Ireland".
_BEFORE_PLACES = frozenset({"the", "in", "into", "across", "throughout", "near", "within"})
# Web addresses and e-mail addresses hold no names.
_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\b\w+(?:\.\w+)+/\S*")
# Punctuation before a name that leaves it at the start of a clause.
_CLAUSE_PUNCTUATION = frozenset(",;:()\u201c\u201d\"\u2018\u2019'\u2014\u2013-\u2022|")
_OPENING_PUNCTUATION = frozenset(':;(\u201c"\u2018\u2014\u2013\u2022|')


def _phrase_pattern(phrases) -> str:
    ordered = sorted(phrases, key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


_TITLE_PATTERN = _phrase_pattern(TITLES)
# A title and a name after a run make the run an organisation or a country:
# "Golden State Warriors coach Steve Kerr", "Apple chief executive Tim Cook".
_BEFORE_TITLE_AND_NAME = re.compile(rf"\s+(?i:{_TITLE_PATTERN})\s+[A-Z]")
# A title just before a name, in any case: "spokesperson Kim Nam-jun",
# "the prime minister, Sanae Takaichi,". The reference then starts there.
_TITLE_BEFORE = re.compile(rf"(?i:\b(?:the\s+)?(?P<title>{_TITLE_PATTERN})),?\s+$")
# A title in an apposition after a name: "Kim Nam-jun, a spokesperson for ...".
_TITLE_APPOSITION = re.compile(
    rf",\s+(?:a|an|the|who\s+is|his|her)\s+(?:[\w'\u2019-]+\s+){{0,3}}?(?i:(?P<title>{_TITLE_PATTERN}))\b"
)
# A title standing for a person: "the president", "the Japanese prime minister",
# "the country's spokesperson". Not "the former president".
_TITLE_ALONE = re.compile(
    r"\b[Tt]he\s+(?:(?:[A-Z][\w\u2011-]*|country['\u2019]s|nation['\u2019]s|company['\u2019]s"
    rf"|party['\u2019]s|government['\u2019]s)\s+){{0,2}}?(?i:(?P<title>{_TITLE_PATTERN}))\b"
    r"(?!['\u2019]s\s+[A-Z]|-)"
)
_PRONOUN = re.compile(rf"\b(?:{'|'.join(_PRONOUNS)})\b", re.IGNORECASE)
# A whole reference that is only a title: "the president", "Prime Minister".
_TITLE_ONLY = re.compile(
    rf"(?:the\s+)?(?:\S+\s+){{0,2}}?(?P<title>{_TITLE_PATTERN})", re.IGNORECASE
)
# How many sentences back a pronoun looks for its antecedent.
PRONOUN_WINDOW = 4


@dataclasses.dataclass(frozen=True)
class Reference:
    """A reference to a person in the text. ``start``/``end`` cover the whole
    reference ("Japanese Prime Minister Sanae Takaichi", "Mr. Lee", "the
    president", "she"); ``name_start`` is where the name itself starts (name
    references only); ``kind`` is ``"name"``, ``"title"`` or ``"pronoun"``;
    ``subject`` says whether it opens a clause rather than following a verb
    or a preposition; ``person`` is ``None`` when it cannot be resolved."""

    start: int
    end: int
    text: str
    kind: str
    person: Person | None
    subject: bool
    name_start: int | None = None


@dataclasses.dataclass
class _Token:
    start: int
    end: int
    text: str
    folded: str


@dataclasses.dataclass
class _Candidate:
    """A capitalised run that may name a person."""

    start: int  # the whole run, descriptors and titles included
    name_start: int
    end: int
    name: str
    key: str
    words: int  # how many words the name has ("Tokyo-Seoul" is one)
    parts: frozenset[str]
    titles: list[str]
    gender: str | None
    evidence: bool  # a title or an honorific: surely a person
    blocked: bool  # looks like a place, an organisation or a work
    all_caps: bool


@dataclasses.dataclass
class _Entity:
    name: str
    key: str
    parts: frozenset[str]
    titles: list[str] = dataclasses.field(default_factory=list)
    gender: str | None = None  # from honorifics and gendered titles
    learned_gender: str | None = None  # from "he"/"she" resolved to this entity
    mentions: list[int] = dataclasses.field(default_factory=list)


def find_people(body: str) -> list[tuple[int, int, Person]]:
    """Every mention of a person's name in ``body``: ``(start, end, person)``.

    Offsets cover the name only (not a title or honorific in front). Every
    mention of one person carries the same :class:`Person`, named as written
    at its fullest mention.
    """
    return PeopleIndex(body).mentions()


def name_parts(name: str) -> frozenset[str]:
    """The folded words of a name: "Lee Jae-myung" gives {"lee", "jae", "myung"}."""
    return frozenset(re.findall(r"\w+", _fold_word(name)))


@functools.lru_cache(maxsize=4096)
def _fold_word(word: str) -> str:
    """:func:`fold`, cached (words repeat) and short-cut for plain ASCII, where
    folding is lowercasing."""
    return word.lower() if word.isascii() else fold(word)


# Names repeat within an article; name_key folds character by character.
_name_key = functools.lru_cache(maxsize=4096)(name_key)


class PeopleIndex:
    """The people of one article and every reference to them.

    Built from the body (and its sentences, split here when not given);
    :meth:`resolve` maps a reference ("Lee", "Mr. Lee", "the president",
    "he") at a position in the body to a :class:`Person`. ``people`` lists
    the persons in order of creation, ``references`` every name, title and
    pronoun reference in text order.
    """

    def __init__(self, body: str, sentences: list[Sentence] | None = None) -> None:
        self.body = body
        self.sentences = split_sentences(body) if sentences is None else sentences
        self._sentence_starts = [s.start for s in self.sentences]
        self._entities: dict[str, _Entity] = {}
        self._title_holders: list[tuple[int, str, _Entity]] = []
        candidates = _candidates(body, _tokens(body), self.sentences)
        named = self._build_entities(candidates)
        self.people = [self._person(e) for e in self._entities.values()]
        self.references: list[Reference] = []
        self._reference_starts: list[int] = []
        self._resolve_references(named)

    # Public API --------------------------------------------------------------

    def mentions(self) -> list[tuple[int, int, Person]]:
        """Name mentions ``(start, end, person)`` in text order."""
        return [(r.name_start, r.end, r.person) for r in self.references if r.kind == "name"]

    def reference_at(self, position: int) -> Reference | None:
        """The reference starting exactly at ``position``, if any."""
        i = bisect.bisect_left(self._reference_starts, position)
        if i < len(self.references) and self.references[i].start == position:
            return self.references[i]
        return None

    def references_between(self, start: int, end: int) -> list[Reference]:
        """References that start in ``[start, end)``, in text order."""
        lo = bisect.bisect_left(self._reference_starts, start)
        hi = bisect.bisect_left(self._reference_starts, end)
        return self.references[lo:hi]

    def resolve(self, reference: str, position: int | None = None) -> Person | None:
        """The person ``reference`` names when it occurs at ``position``.

        ``reference`` may be a full name or a variant of it, a part of a
        name, an honorific or title with a name, a title alone ("the
        president") or a pronoun. Without ``position`` the whole article is
        the context.
        """
        reference = reference.strip()
        position = len(self.body) if position is None else position
        known = self.reference_at(position)
        if known is not None and fold(known.text) == fold(reference):
            return known.person
        folded = fold(reference)
        if folded in _PRONOUNS:
            earlier = self.references[: bisect.bisect_left(self._reference_starts, position)]
            return self._pronoun_person(folded, position, earlier)
        title_only = _TITLE_ONLY.fullmatch(reference)
        if title_only:
            return self._title_person(title_only.group("title"), position)
        tokens = _tokens(reference)
        _, _, name_from = _leading_titles(tokens)
        entity = self._match(name_parts(" ".join(t.text for t in tokens[name_from:])), position)
        return self._person(entity) if entity else None

    # Entities ----------------------------------------------------------------

    def _build_entities(self, candidates: list[_Candidate]) -> list[tuple[_Candidate, _Entity]]:
        """Create entities from the candidates that surely name a person, fullest
        names first; then attach every candidate that names one of them."""
        blocked_keys = {c.key for c in candidates if c.blocked and not c.evidence}
        seeds = [
            c
            for c in candidates
            if c.evidence
            or (c.words >= 2 and not c.blocked and not c.all_caps and c.key not in blocked_keys)
        ]
        for candidate in sorted(seeds, key=lambda c: (-len(c.parts), c.start)):
            if self._entity_for(candidate) is None:
                self._entities[candidate.key] = _Entity(
                    candidate.name, candidate.key, candidate.parts
                )
        named = []
        for candidate in candidates:
            entity = self._entity_for(candidate)
            if entity is not None:
                entity.mentions.append(candidate.start)
                self._learn(entity, candidate)
                named.append((candidate, entity))
        return named

    def _entity_for(self, candidate: _Candidate) -> _Entity | None:
        return self._entities.get(candidate.key) or self._match(candidate.parts, candidate.start)

    def _learn(self, entity: _Entity, candidate: _Candidate) -> None:
        for title in candidate.titles:
            role = TITLES.get(title, title)
            if role not in entity.titles:
                entity.titles.append(role)
            self._title_holders.append((candidate.start, role, entity))
        entity.gender = entity.gender or candidate.gender

    def _match(self, parts: frozenset[str], position: int) -> _Entity | None:
        """The entity whose name holds all of ``parts``; the one mentioned most
        recently before ``position`` when several do."""
        if not parts:
            return None
        matching = [e for e in self._entities.values() if parts <= e.parts]
        if len(matching) <= 1:
            return matching[0] if matching else None

        def recency(entity: _Entity) -> int:
            return max((m for m in entity.mentions if m <= position), default=-1)

        return max(matching, key=recency)

    def _person(self, entity: _Entity) -> Person:
        return Person(entity.name, entity.key, tuple(entity.titles))

    # References --------------------------------------------------------------

    def _resolve_references(self, named: list[tuple[_Candidate, _Entity]]) -> None:
        """Name, title and pronoun references in text order. Pronouns are
        resolved as they come, so each one sees the references before it and
        the genders learned so far."""
        body = self.body
        covered = [(c.start, c.end) for c, _ in named]
        pending: list[tuple[int, str, object]] = [(c.start, "name", (c, e)) for c, e in named]
        pending += [
            (m.start(), "title", m)
            for m in _TITLE_ALONE.finditer(body)
            if not _overlaps(covered, m.start(), m.end())
        ]
        pending += [(m.start(), "pronoun", m) for m in _PRONOUN.finditer(body)]
        pending.sort(key=lambda item: item[0])
        for start, kind, item in pending:
            if kind == "name":
                candidate, entity = item
                reference = Reference(
                    start,
                    candidate.end,
                    body[start : candidate.end],
                    "name",
                    self._person(entity),
                    self._is_subject(start),
                    candidate.name_start,
                )
            elif kind == "title":
                person = self._title_person(item.group("title"), start)
                subject = self._is_subject(start)
                reference = Reference(start, item.end(), item.group(), "title", person, subject)
            else:
                reference = self._pronoun_reference(item)
            self.references.append(reference)
            self._reference_starts.append(start)

    def _pronoun_reference(self, match: re.Match) -> Reference:
        word = match.group().lower()
        person = self._pronoun_person(word, match.start(), self.references)
        gender = _PRONOUNS[word]
        if person is not None and word in SUBJECT_PRONOUNS and gender:
            entity = self._entities[person.key]
            entity.learned_gender = entity.learned_gender or gender
        subject = word in SUBJECT_PRONOUNS
        return Reference(match.start(), match.end(), match.group(), "pronoun", person, subject)

    def _pronoun_person(self, word: str, position: int, earlier: list[Reference]) -> Person | None:
        """The most recent compatible person: the pronoun's own sentence first,
        then up to :data:`PRONOUN_WINDOW` sentences back; within a sentence,
        subjects before other mentions and later before earlier."""
        gender = _PRONOUNS[word]
        sentence = self._sentence_index(position)
        first = self._sentence_starts[max(0, sentence - PRONOUN_WINDOW)] if self.sentences else 0
        by_sentence: dict[int, list[Reference]] = {}
        for reference in reversed(earlier):
            if reference.start < first:
                break
            if reference.person is not None and reference.start < position:
                by_sentence.setdefault(self._sentence_index(reference.start), []).append(reference)
        for index in sorted(by_sentence, reverse=True):
            for reference in sorted(by_sentence[index], key=lambda r: (not r.subject, -r.start)):
                if self._compatible(reference.person, gender):
                    return reference.person
        return None

    def _compatible(self, person: Person, gender: str | None) -> bool:
        entity = self._entities[person.key]
        known = entity.gender or entity.learned_gender
        return gender is None or known is None or known == gender

    def _title_person(self, title: str, position: int) -> Person | None:
        """The person last given ``title`` before ``position``, or the only
        holder of it in the article. "Minister" also finds a prime minister."""
        role = TITLES.get(fold(title), fold(title))
        holders = [(p, e) for p, r, e in self._title_holders if r == role or r.endswith(" " + role)]
        before = [e for p, e in holders if p < position]
        if before:
            return self._person(before[-1])
        distinct = {e.key: e for _, e in holders}
        return self._person(next(iter(distinct.values()))) if len(distinct) == 1 else None

    def _sentence_index(self, position: int) -> int:
        return max(0, bisect.bisect_right(self._sentence_starts, position) - 1)

    def _is_subject(self, start: int) -> bool:
        """Whether a reference at ``start`` opens a clause: nothing before it in
        its sentence, punctuation, or a conjunction, not a verb or preposition."""
        body = self.body
        sentence_start = self._sentence_starts[self._sentence_index(start)] if self.sentences else 0
        i = start
        while i > sentence_start and body[i - 1] == " ":
            i -= 1
        if i <= sentence_start or body[i - 1] in _CLAUSE_PUNCTUATION:
            return True
        word = _LAST_WORD.search(body, max(sentence_start, i - 30), i)
        return word is not None and word.group().lower() in _CLAUSE_OPENERS


# Candidates ------------------------------------------------------------------


def _tokens(body: str) -> list[_Token]:
    """Words of ``body`` outside web and e-mail addresses."""
    urls = [m.span() for m in _URL.finditer(body)]
    return [
        _Token(m.start(), m.end(), m.group(), _fold_word(m.group()))
        for m in _WORD.finditer(body)
        if not (urls and _inside(urls, m.start()))
    ]


def _candidates(body: str, tokens: list[_Token], sentences: list[Sentence]) -> list[_Candidate]:
    """Name candidates from the runs of capitalised words outside headings."""
    lowercase_words = {t.folded for t in tokens if t.text.islower()}
    sentence_starts = {s.start for s in sentences}
    headings = [(s.start, s.end) for s in sentences if _is_heading(s.text, lowercase_words)]
    candidates = []
    for run, touches_excluded in _runs(body, tokens):
        if headings and _inside(headings, run[0].start):
            continue
        candidate = _candidate(body, run, touches_excluded, sentence_starts, lowercase_words)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _is_heading(text: str, lowercase_words: set[str]) -> bool:
    """A line in Title Case without final punctuation, capitalising words the
    article also writes in lowercase ("Key Facts & Quotes"). A bare name
    ("Lee Jae-myung") is not a heading."""
    if text[-1:] in ".!?:;,\u2026\"\u201d')":
        return False
    words = [w for w in _WORD.findall(text) if _fold_word(w) not in STOP_WORDS]
    capitalised = [w for w in words if w[0].isupper()]
    return (
        len(words) >= 2
        and len(capitalised) >= 0.6 * len(words)
        and any(_fold_word(w) in lowercase_words for w in capitalised)
    )


def _runs(body: str, tokens: list[_Token]):
    """Runs of name-like tokens joined by single spaces, each with a flag
    telling whether it touches an excluded capitalised token ("K-pop Demon
    Hunters", "Golden Globe-winning")."""
    run: list[_Token] = []
    touches_excluded = False
    previous: _Token | None = None
    previous_kind = "other"
    for token in tokens:
        kind = _token_kind(token)
        joined = previous is not None and _joins(body, previous, token)
        if kind == "other" and run and joined and _month_as_surname(body, token):
            kind = "name"
        if run and joined and kind in ("name", "particle"):
            run.append(token)
        else:
            if run:
                yield _trim_particles(run), touches_excluded or (kind == "excluded" and joined)
            run = [token] if kind == "name" else []
            touches_excluded = joined and previous_kind == "excluded"
        previous, previous_kind = token, kind
    if run:
        yield _trim_particles(run), touches_excluded


def _token_kind(token: _Token) -> str:
    """Classify a token as "name", "particle", "excluded" (capitalised but not
    a name word: numbers, compounds such as "K-pop" or "Seoul-based") or "other"."""
    text = token.text
    if token.folded in _PARTICLES and text.islower():
        return "particle"
    if not text[0].isupper() or token.folded in STOP_WORDS:
        return "other"
    if any(c.isdigit() for c in text):
        return "excluded"
    pieces = _HYPHEN.split(token.folded)
    if len(pieces) > 1 and (pieces[-1] in _COMPOUND_SUFFIXES or min(map(len, pieces)) == 1):
        return "excluded"
    return "name"


def _month_as_surname(body: str, token: _Token) -> bool:
    """A capitalised month name after a name word and not before a day
    number is a surname ("Theresa May"), not a date ("Lee May 5")."""
    following = body[token.end : token.end + 2].strip()
    return token.folded in _MONTH_NAMES and token.text[0].isupper() and not following[:1].isdigit()


def _joins(body: str, previous: _Token, token: _Token) -> bool:
    """Name words are joined by one space, or by ". " after an initial or an
    abbreviated honorific ("M. H. Lee", "Mr. Lee", "St. John")."""
    gap = body[previous.end : token.start]
    if gap == " ":
        return True
    if gap != ". ":
        return False
    is_initial = len(previous.text) == 1 and previous.text.isupper()
    return is_initial or previous.folded in HONORIFICS or previous.folded in _JOINING_ABBREVIATIONS


def _trim_particles(run: list[_Token]) -> list[_Token]:
    while run and _token_kind(run[-1]) == "particle":
        run = run[:-1]
    return run


def _candidate(
    body: str,
    run: list[_Token],
    touches_excluded: bool,
    sentence_starts: set[int],
    lowercase_words: set[str],
) -> _Candidate | None:
    """Read one run: descriptors, titles and honorifics, then the name."""
    run = _split_acronyms(run)
    if _is_bare_title(run):
        return None
    titles, gender, name_from = _leading_titles(run)
    evidence = bool(titles) or (name_from > 0 and _has_honorific(run[:name_from]))
    name_tokens = run[name_from:]
    if not evidence and name_tokens and _is_clause_initial(body, run[0].start, sentence_starts):
        # "Official Instagram": a common word capitalised because it opens the clause.
        if name_tokens[0].folded in lowercase_words:
            name_tokens = name_tokens[1:]
    if not name_tokens:
        return None
    start, name_start, end = run[0].start, name_tokens[0].start, name_tokens[-1].end
    if name_tokens[-1].folded in _NAME_SUFFIXES and body[end : end + 1] == ".":
        end += 1  # "Jr."
    blocked = touches_excluded or _looks_institutional(body, name_tokens, start, end)
    before = _TITLE_BEFORE.search(body, max(0, start - 40), start)
    apposition = None if blocked else _TITLE_APPOSITION.match(body, end)
    for found in (before, apposition):
        if found:
            title = fold(found.group("title"))
            titles.append(title)
            gender = gender or _GENDERED_TITLES.get(title)
            evidence = True
    if before:
        start = before.start()
    name = body[name_start:end]
    all_caps = all(t.text.isupper() for t in name_tokens)
    return _Candidate(
        start,
        name_start,
        end,
        name,
        _name_key(name),
        len(name_tokens),
        name_parts(name),
        titles,
        gender,
        evidence,
        blocked,
        all_caps,
    )


def _is_bare_title(run: list[_Token]) -> bool:
    """A run that is a title without a name: "President", "Japanese Prime
    Minister" (a one-word title at the end may be a surname: "Carole King")."""
    folded = [t.folded for t in run]
    if " ".join(folded) in TITLES:
        return True
    return any(" ".join(folded[-n:]) in TITLES for n in range(2, min(4, len(folded)) + 1))


def _split_acronyms(run: list[_Token]) -> list[_Token]:
    """In mixed-case text an all-capital word ("BTS", "APEC") is an acronym,
    not part of a name: keep the longest stretch without one."""
    if all(t.text.isupper() for t in run) or not any(_is_acronym(t) for t in run):
        return run
    stretches: list[list[_Token]] = [[]]
    for token in run:
        if _is_acronym(token):
            stretches.append([])
        else:
            stretches[-1].append(token)
    return max(stretches, key=len)


def _is_acronym(token: _Token) -> bool:
    return len(token.text) > 1 and token.text.isupper()


def _leading_titles(run: list[_Token]) -> tuple[list[str], str | None, int]:
    """Titles and honorifics in a run, the gender they state and where the
    name starts (after the last of them; the last word is always name)."""
    titles: list[str] = []
    gender = None
    name_from = 0
    i = 0
    while i < len(run) - 1:
        length, phrase = _title_at(run, i)
        if length and all(t.folded in _NAME_SUFFIXES for t in run[i + length :]):
            length = 0  # "Martin Luther King Jr.": a surname, not a title
        if length:
            titles.append(phrase)
            gender = gender or _GENDERED_TITLES.get(phrase)
        elif run[i].folded in HONORIFICS:
            gender = gender or HONORIFICS[run[i].folded]
            length = 1
        else:
            i += 1
            continue
        i += length
        name_from = i
    return titles, gender, name_from


def _title_at(run: list[_Token], i: int) -> tuple[int, str]:
    """The longest title phrase starting at token ``i`` and leaving at least
    one word after it, as ``(length, phrase)``."""
    for length in range(min(4, len(run) - 1 - i), 0, -1):
        phrase = " ".join(t.folded for t in run[i : i + length])
        if phrase in TITLES:
            return length, phrase
    return 0, ""


def _has_honorific(tokens: list[_Token]) -> bool:
    return any(t.folded in HONORIFICS for t in tokens)


def _is_clause_initial(body: str, start: int, sentence_starts: set[int]) -> bool:
    """Whether a run at ``start`` opens its sentence or a clause after a colon,
    a dash, a bracket or an opening quote."""
    i = start
    while i > 0 and body[i - 1] in " \u201c\"\u2018'(":
        if i in sentence_starts:
            return True
        i -= 1
    return i == 0 or i in sentence_starts or body[i - 1] in _OPENING_PUNCTUATION


def _looks_institutional(body: str, name_tokens: list[_Token], start: int, end: int) -> bool:
    """Signals that a run names a place, an organisation or a work."""
    first_pieces = _HYPHEN.split(name_tokens[0].folded)
    previous = _LAST_WORD.search(body, max(0, start - 20), start)
    previous_word = previous.group().lower() if previous else ""
    return (
        name_tokens[-1].folded in _INSTITUTION_HEADS
        or any(piece in _PLACE_STARTS for piece in first_pieces)
        or previous_word in _BEFORE_PLACES
        or bool(_INSTITUTIONAL_POSSESSION.match(body, end))
        or _names_an_institution_after(body, end)
        or bool(_BEFORE_TITLE_AND_NAME.match(body, end))
        or _fills_quotation(body, start, end)
    )


# "Republican People's Party", "St Mary's Hospital": the run begins the name
# of an institution, whose last word comes after the possessive.
_POSSESSIVE_NAME = re.compile(r"['\u2019]s?\s+((?:[A-Z][\w\-]*\s+){0,2}[A-Z][\w\-]*)")


def _names_an_institution_after(body: str, end: int) -> bool:
    match = _POSSESSIVE_NAME.match(body, end)
    return bool(match) and match.group(1).split()[-1].lower() in _INSTITUTION_HEADS


def _fills_quotation(body: str, start: int, end: int) -> bool:
    """A run that fills a quotation on its own is the title of a work
    ("KPop Demon Hunters"), not a person."""
    opens = start > 0 and body[start - 1] in '\u201c"\u2018'
    closes = body[end : end + 2].lstrip(".,!?")[:1] in ("\u201d", '"', "\u2019")
    return opens and closes


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    i = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end, -1)) - 1
    return i >= 0 and spans[i][1] > start
