"""The pen picture's words against each listing's own description (TF-IDF cosine).

The vectoriser is fitted once, on every listing, when the marketplace is built: document frequencies then
reflect what is common across listings ("support", "staff") and down-weight it, while a search only
transforms its one narrative and multiplies it with the rows of candidates that survived the constraints.
Cosine similarities between short texts are small; the criterion reports the raw cosine (clipped to
[0, 1]) so the figure shown to a commissioner is the one that was ranked on.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
#: The transformed pen picture as a dense vector over the vocabulary, or None when it shares no word
#: with any listing. Dense because a sparse-matrix-times-dense-vector product is the fast path.
QueryVector: TypeAlias = "F64 | None"

#: Transformed narratives kept per index: a case is usually searched again and again (weights, limits).
QUERY_CACHE_SIZE = 256


class _Vectoriser:
    """sklearn's `TfidfVectorizer(stop_words="english", sublinear_tf=True)` in its two steps, so that a build
    analyses each text once: the fit's counts are also the build's rows. Each row's terms are sorted first
    (the fit leaves them unsorted, and normalising in another order changes the last bit), so a row is
    bit for bit what `transform` gives the same text later."""

    def __init__(self) -> None:
        self.counter = CountVectorizer(stop_words="english", dtype=np.float64)
        self.weigher = TfidfTransformer(sublinear_tf=True)

    def fit_rows(self, texts: Sequence[str]) -> sparse.csr_matrix:
        counts = sparse.csr_matrix(self.counter.fit_transform(texts))
        counts.sort_indices()
        self.weigher.fit(counts)
        return sparse.csr_matrix(self.weigher.transform(counts))

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return sparse.csr_matrix(self.weigher.transform(self.counter.transform(texts)))


class NarrativeIndex:
    """Rows 0..n_providers-1 are providers' descriptions, the rest homes' (offset given by the caller)."""

    _fitted: bool
    #: Rows as built (shared, never modified), rows added since (small), and where logical row i is:
    #: row_map[i] < len(base) in the base, else in the tail. An update appends to the tail and
    #: re-points the map; it never copies the base.
    _base: sparse.csr_matrix
    _tail: sparse.csr_matrix
    _row_map: I64
    transformed_since_fit: int

    def _set_rows(self, base: sparse.csr_matrix) -> None:
        self._base = base
        self._tail = sparse.csr_matrix((0, base.shape[1]), dtype=np.float64)
        self._row_map = np.arange(base.shape[0], dtype=np.int64)

    def _physical(self, row: int) -> tuple[sparse.csr_matrix, int]:
        at = int(self._row_map[row])
        nb = self._base.shape[0]
        return (self._base, at) if at < nb else (self._tail, at - nb)

    def __init__(self, texts: Sequence[str], *, fitted_on: NarrativeIndex | None = None) -> None:
        """Fit on `texts` (or reuse the vocabulary of `fitted_on`) and transform every text.

        Rows are always what `transform` would give (see `_Vectoriser`), so an index spliced row by row
        (`spliced`) stays identical to one built from scratch with the same vocabulary.
        """
        self.transformed_since_fit = 0
        if fitted_on is not None:
            self._adopt(fitted_on)
            self.transformed_since_fit = fitted_on.transformed_since_fit + len(texts)
            self._set_rows(self._rows(texts) if self._fitted else self._empty(len(texts)))
            return
        self._vectoriser = _Vectoriser()
        if any(t.strip() for t in texts):
            try:
                rows = self._vectoriser.fit_rows(texts)
            except ValueError:  # only stop words: nothing to compare on
                pass
            else:
                self._fitted = True
                counter = self._vectoriser.counter
                self._terms: npt.NDArray[np.str_] = counter.get_feature_names_out()
                self._analyse: Callable[[str], list[str]] = counter.build_analyzer()
                self._vocabulary: dict[str, int] = counter.vocabulary_
                self._idf: F64 = np.asarray(self._vectoriser.weigher.idf_, dtype=np.float64)
                self._cache: OrderedDict[str, QueryVector] = OrderedDict()
                self._set_rows(rows)
                return
        self._fitted = False
        self._set_rows(self._empty(len(texts)))

    def _adopt(self, other: NarrativeIndex) -> None:
        self._vectoriser = other._vectoriser
        self._fitted = other._fitted
        if other._fitted:
            self._terms = other._terms
            self._analyse = other._analyse
            self._vocabulary = other._vocabulary
            self._idf = other._idf
            self._cache = other._cache  # query vectors depend on the vocabulary only

    @staticmethod
    def _empty(n: int) -> sparse.csr_matrix:
        return sparse.csr_matrix((n, 1), dtype=np.float64)

    def _rows(self, texts: Sequence[str]) -> sparse.csr_matrix:
        if not texts:
            return sparse.csr_matrix((0, len(self._idf)), dtype=np.float64)
        return self._vectoriser.transform(texts)

    @property
    def rows(self) -> int:
        return len(self._row_map)

    def spliced(self, texts: Sequence[str], gather: I64) -> NarrativeIndex:
        """A new index with the same vocabulary: row i is row gather[i] of this index's rows followed by
        `texts` transformed. Words the vocabulary never saw count for nothing until a refit
        (`transformed_since_fit` tells the caller when the vocabulary may have drifted)."""
        out = NarrativeIndex.__new__(NarrativeIndex)
        out._adopt(self)
        out.transformed_since_fit = self.transformed_since_fit + len(texts)
        out._base = self._base
        part = self._rows(texts) if self._fitted else self._empty(len(texts))
        out._tail = (
            sparse.csr_matrix(sparse.vstack([self._tail, part], format="csr")) if len(texts) else self._tail
        )
        start = self._base.shape[0] + self._tail.shape[0]
        out._row_map = np.concatenate([self._row_map, start + np.arange(len(texts), dtype=np.int64)])[gather]
        return out

    def query_vector(self, text: str) -> QueryVector:
        """The narrative as a sparse column, or None when it shares no vocabulary with any listing."""
        if not self._fitted or not text.strip():
            return None
        if text in self._cache:
            self._cache.move_to_end(text)
            return self._cache[text]
        qvec = self._transform(text)
        self._cache[text] = qvec
        if len(self._cache) > QUERY_CACHE_SIZE:
            self._cache.popitem(last=False)
        return qvec

    def _transform(self, text: str) -> QueryVector:
        """TfidfVectorizer.transform for one text, without its per-call validation and sparse set-up.

        The same steps in the same order (sorted term counts, 1 + log(tf), times idf, divided by the
        L2 norm summed term by term), so the vector is the one sklearn gives, bit for bit
        (test_narrative_matches_sklearn).
        """
        counts: dict[int, int] = {}
        vocabulary = self._vocabulary
        for token in self._analyse(text):
            j = vocabulary.get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return None
        terms = np.array(sorted(counts), dtype=np.int64)
        data = np.array([counts[j] for j in terms.tolist()], dtype=np.float64)
        np.log(data, data)
        data += 1.0
        data *= self._idf[terms]
        total = 0.0
        for x in data.tolist():
            total += x * x
        if total != 0.0:
            data /= math.sqrt(total)
        qvec = np.zeros(len(self._idf), dtype=np.float64)
        qvec[terms] = data
        qvec.setflags(write=False)  # shared between searches through the cache
        return qvec

    def scores(self, rows: I64, qvec: QueryVector) -> F64:
        if qvec is None or len(rows) == 0:
            return np.zeros(len(rows), dtype=np.float64)
        phys = self._row_map[rows]
        nb = self._base.shape[0]
        if self._tail.shape[0] == 0:
            sims = np.asarray(self._base[phys] @ qvec).ravel()
        else:
            sims = np.empty(len(rows), dtype=np.float64)
            in_base = phys < nb
            sims[in_base] = np.asarray(self._base[phys[in_base]] @ qvec).ravel()
            sims[~in_base] = np.asarray(self._tail[phys[~in_base] - nb] @ qvec).ravel()
        return np.asarray(np.clip(sims, 0.0, 1.0), dtype=np.float64)

    def evidence(self, row: int, qvec: QueryVector, top: int = 4) -> str:
        """Names the shared words that carried the similarity, so the figure can be defended."""
        if qvec is None:
            return "No pen picture text to compare"
        matrix, at = self._physical(row)
        start, end = int(matrix.indptr[at]), int(matrix.indptr[at + 1])
        terms = matrix.indices[start:end]
        products = matrix.data[start:end] * qvec[terms]
        contrib = products.tolist()  # a few dozen terms: plain floats beat numpy calls on them
        shared = [k for k, c in enumerate(contrib) if c > 0]
        if not shared:
            return "No words in common with the pen picture"
        sim = min(1.0, float(products.sum()))
        order = sorted(shared, key=lambda k: -contrib[k])[:top]  # stable: ties keep the term order
        words = ", ".join(f"'{self._terms[t]}'" for t in terms[order].tolist())
        return f"Shares {words} with the pen picture (similarity {sim:.2f})"
