"""
Which sentences of different reports speak of the same fact.

Each sentence becomes a bag of content terms weighted by how rare the term is
across the story's reports (IDF over articles). Comparing every sentence with
every other grows with the square of the story; instead each sentence is
indexed under its few rarest shared terms and only sentences that meet under
one of those keys are compared ("blocking"). :func:`align_naive` does the
all-pairs comparison, for tests and benchmarks.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import defaultdict

from articles.analysis.text import fold

# Function words carry no fact: a general English list, not tuned to any story.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    even ever every few for from further had has have having he her here hers herself him
    himself his how however i if in into is it its itself just least less let like made
    make many may me might more most much must my myself no nor not now of off on once
    only or other our ours ourselves out over own per quite rather same several she should
    since so some such than that the their theirs them themselves then there these they
    this those though through thus to too under until up upon us very was we were what
    when where whether which while who whom whose why will with within without would yet
    you your yours yourself yourselves said says say told according one two
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")

# Sentences meet only under their rarest terms; this many per sentence.
INDEX_KEYS = 6
# A match this close to a sentence's best match in a report also counts.
NEAR_BEST = 0.8
# Closest matches a sentence keeps (see _best_per_article()).
NEIGHBOURS = 6
# Most sentences one sentence is compared with (see align()).
CANDIDATE_BUDGET = 60
# Cosine similarity from which two sentences are taken to speak of one fact.
ALIGN_THRESHOLD = 0.18


# Words repeat across a story's reports: each is stemmed once.
@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A deliberately light English stemmer: plurals and common verb endings."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    return word


def terms(text: str) -> list[str]:
    """Content terms of ``text`` in order: folded, stemmed, no function words,
    possessives as their noun ("Arden's" is "arden")."""
    words = (w.removesuffix("'s") for w in _WORD.findall(fold(text)))
    return [stem(w) for w in words if w not in STOPWORDS and len(w) > 1]


@dataclasses.dataclass(frozen=True)
class Unit:
    """One sentence of one report, ready to compare."""

    article: int  # position of the article in the story's list
    sentence: int  # sentence index within the article
    terms: frozenset[str]


@dataclasses.dataclass(frozen=True)
class Alignment:
    a: Unit
    b: Unit
    similarity: float
    shared: frozenset[str]


class Corpus:
    """The sentences of a story's reports with story-wide term weights."""

    def __init__(self, units: list[Unit], article_count: int):
        self.units = units
        self.article_count = article_count
        # Reports a term occurs in: only terms in two or more can link reports.
        document_frequency: dict[str, int] = defaultdict(int)
        # Sentences a term occurs in: weights come from here, because in a story
        # about two people their names are in every report but in only some of
        # its sentences, and the words of one specific fact in fewer still.
        sentence_frequency: dict[str, int] = defaultdict(int)
        seen: dict[int, set[str]] = defaultdict(set)
        for unit in units:
            seen[unit.article] |= unit.terms
            for term in unit.terms:
                sentence_frequency[term] += 1
        for article_terms in seen.values():
            for term in article_terms:
                document_frequency[term] += 1
        self.df = dict(document_frequency)
        self.sf = dict(sentence_frequency)
        count = len(units)
        self.idf = {
            term: math.log((1 + count) / (1 + frequency)) + 1.0
            for term, frequency in sentence_frequency.items()
        }
        # Squared weights, summed for every pair compared: the alignment's
        # inner loop on a large story.
        self.weight = {term: idf**2 for term, idf in self.idf.items()}
        self.norm = [math.sqrt(sum(map(self.weight.__getitem__, u.terms))) or 1.0 for u in units]

    def similarity(self, i: int, j: int) -> tuple[float, frozenset[str]]:
        shared = self.units[i].terms & self.units[j].terms
        if not shared:
            return 0.0, shared
        dot = sum(map(self.weight.__getitem__, shared))
        return dot / (self.norm[i] * self.norm[j]), shared


def _best_per_article(corpus, pairs, threshold):
    """Keep the pairs that are (nearly) each side's best match in the other's report.

    One sentence of a report may retell a fact that another report spreads
    over two sentences, so a match within :data:`NEAR_BEST` of the best one
    also counts; anything weaker is a coincidence of shared words.
    """
    # The inner loop of a large story (every pair compared): the similarity of
    # Corpus.similarity() computed inline, and each side's best match in a
    # report kept under one integer, sentence * reports + report.
    units = corpus.units
    terms = [unit.terms for unit in units]
    article = [unit.article for unit in units]
    norm = corpus.norm
    weight = corpus.weight.__getitem__
    reports = corpus.article_count
    best: dict[int, float] = {}
    best_get = best.get
    scored: dict[tuple[int, int], float] = {}
    for pair in pairs:
        i, j = pair
        shared = terms[i] & terms[j]
        similarity = sum(map(weight, shared)) / (norm[i] * norm[j]) if shared else 0.0
        if similarity < threshold:
            continue
        scored[pair] = similarity
        key = i * reports + article[j]
        if similarity > best_get(key, 0.0):
            best[key] = similarity
        key = j * reports + article[i]
        if similarity > best_get(key, 0.0):
            best[key] = similarity
    # Each sentence keeps its NEIGHBOURS closest matches. A fact retold by every
    # report of a large story then forms a connected cluster through chains of
    # near neighbours, with links growing with the story, not with its square.
    # Only (nearly) best matches are neighbours; sorted as (-similarity, other).
    neighbours: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (i, j), similarity in scored.items():
        if similarity >= NEAR_BEST * best[i * reports + article[j]] and (
            similarity >= NEAR_BEST * best[j * reports + article[i]]
        ):
            neighbours[i].append((-similarity, j))
            neighbours[j].append((-similarity, i))
    kept = set()
    for i, matches in neighbours.items():
        matches.sort()
        kept.update((i, j) if i < j else (j, i) for _, j in matches[:NEIGHBOURS])
    alignments = []
    for i, j in kept:
        shared = terms[i] & terms[j]
        alignments.append(Alignment(units[i], units[j], scored[(i, j)], shared))
    alignments.sort(key=lambda a: (-a.similarity, a.a.article, a.a.sentence))
    return alignments


def align(corpus: Corpus, threshold: float = ALIGN_THRESHOLD) -> list[Alignment]:
    """Aligned sentence pairs across reports, found through a blocking index.

    Each sentence looks up its rarest shared terms and compares itself with at
    most :data:`CANDIDATE_BUDGET` sentences met there, so the work grows with
    the number of sentences, not with its square, even when every report
    repeats the same fact.
    """
    index: dict[str, list[int]] = defaultdict(list)
    keys_of: list[list[str]] = []
    for position, unit in enumerate(corpus.units):
        keys = sorted(
            (t for t in unit.terms if corpus.df[t] >= 2), key=lambda t: (-corpus.idf[t], t)
        )
        keys_of.append(keys[:INDEX_KEYS])
        for term in keys_of[-1]:
            index[term].append(position)
    pairs = set()
    article = [unit.article for unit in corpus.units]
    for i, keys in enumerate(keys_of):
        article_i = article[i]
        met: set[int] = set()
        for term in keys:
            postings = index[term]
            # Start where this sentence's article would sit, so a long postings
            # list is sampled across the story rather than always from its head
            # (walked in place: copying a long list per sentence was quadratic).
            size = len(postings)
            offset = (article_i * 7919) % size
            for k in range(size):
                j = postings[(offset + k) % size]
                if article[j] != article_i:
                    met.add(j)
                    if len(met) >= CANDIDATE_BUDGET:
                        break
            if len(met) >= CANDIDATE_BUDGET:
                break
        pairs.update((i, j) if i < j else (j, i) for j in met)
    return _best_per_article(corpus, pairs, threshold)


def align_naive(corpus: Corpus, threshold: float = ALIGN_THRESHOLD) -> list[Alignment]:
    """Every sentence against every sentence of every other report (reference only)."""
    units = corpus.units
    pairs = [
        (i, j)
        for i in range(len(units))
        for j in range(i + 1, len(units))
        if units[i].article != units[j].article
    ]
    return _best_per_article(corpus, pairs, threshold)
