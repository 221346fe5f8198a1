"""MinHash signatures of documents and an LSH index that finds near-duplicates among them.

A document is the set of its overlapping word n-grams (shingles) over the lower-cased cleaned text.
Shingle hashes are computed with a stable 32-bit function (never Python's salted ``hash``), because
signatures are stored and compared across runs and processes.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from eventgraph.dedup.settings import DocumentSettings

WORD = re.compile(r"\w+")
_MIX = np.uint64(0x9E3779B97F4A7C15)
_LOW32 = np.uint64(0xFFFFFFFF)


def words_of(text: str) -> list[str]:
    """The lower-cased word tokens a signature is built from (punctuation and spacing ignored)."""
    return WORD.findall(text.lower())


@lru_cache(maxsize=1 << 17)
def word_hash(word: str) -> int:
    """A stable 32-bit hash of a word; cached because news vocabulary repeats."""
    return zlib.crc32(word.encode("utf-8"))


def shingle_hashes(words: list[str], size: int) -> np.ndarray:
    """Distinct 32-bit hashes of every run of ``size`` consecutive words (one run if fewer words)."""
    if not words:
        return np.zeros(0, dtype=np.uint64)
    word_hashes = np.fromiter(map(word_hash, words), np.uint64, len(words))
    size = min(size, len(words))
    count = len(words) - size + 1
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            # Multiply-then-xor keeps word order: "talks end" and "end talks" hash apart.
            combined = combined * _MIX ^ word_hashes[offset : offset + count]
        combined ^= combined >> np.uint64(31)
    return np.unique(combined & _LOW32)


def _identity(value: int) -> int:
    return value


@dataclass(slots=True)
class Signature:
    """A document's MinHash values; ``hashvalues`` is None for a document too short to compare."""

    doc_id: str
    words: int
    hashvalues: np.ndarray | None


class Signer:
    """Makes MinHash signatures with one fixed set of permutations (built once, reused per document)."""

    def __init__(self, settings: DocumentSettings):
        self.settings = settings
        template = MinHash(num_perm=settings.num_perm, seed=settings.seed, scheme="affine32")
        self._permutations = template.permutations

    def minhash(self, hashvalues: np.ndarray | None = None) -> MinHash:
        return MinHash(
            num_perm=self.settings.num_perm,
            seed=self.settings.seed,
            hashfunc=_identity,
            hashvalues=hashvalues,
            permutations=self._permutations,
            scheme="affine32",
        )

    def sign(self, doc_id: str, text: str) -> Signature:
        words = words_of(text)
        if len(words) < self.settings.min_words:
            return Signature(doc_id, len(words), None)
        sketch = self.minhash()
        sketch.update_batch(shingle_hashes(words, self.settings.shingle_words).tolist())
        return Signature(doc_id, len(words), np.asarray(sketch.hashvalues, dtype=np.uint32))


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal MinHash values."""
    return float(np.count_nonzero(a == b)) / len(a)


class NearDuplicateIndex:
    """LSH over signatures; :meth:`matches` verifies each LSH candidate against the threshold."""

    def __init__(self, signer: Signer):
        self.signer = signer
        self.threshold = signer.settings.threshold
        self.lsh = MinHashLSH(threshold=self.threshold, num_perm=signer.settings.num_perm)
        self.signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.signatures)

    def add(self, doc_id: str, hashvalues: np.ndarray) -> None:
        if doc_id in self.signatures:
            return
        self.lsh.insert(doc_id, self.signer.minhash(hashvalues), check_duplication=False)
        self.signatures[doc_id] = hashvalues

    def matches(self, hashvalues: np.ndarray) -> list[tuple[str, float]]:
        """Indexed documents at or above the threshold, most similar first."""
        found = []
        for doc_id in self.lsh.query(self.signer.minhash(hashvalues)):
            score = similarity(hashvalues, self.signatures[doc_id])
            if score >= self.threshold:
                found.append((doc_id, score))
        return sorted(found, key=lambda item: (-item[1], item[0]))
