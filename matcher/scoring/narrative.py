"""The pen picture's words against each listing's own description (TF-IDF cosine).

The vectoriser is fitted once, on every listing, when the marketplace is built: document frequencies then
reflect what is common across listings ("support", "staff") and down-weight it, while a search only
transforms its one narrative and multiplies it with the rows of candidates that survived the constraints.
Cosine similarities between short texts are small; the criterion reports the raw cosine (clipped to
[0, 1]) so the figure shown to a commissioner is the one that was ranked on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
#: The transformed pen picture as a dense vector over the vocabulary, or None when it shares no word
#: with any listing. Dense because a sparse-matrix-times-dense-vector product is the fast path.
QueryVector: TypeAlias = "F64 | None"


class NarrativeIndex:
    """Rows 0..n_providers-1 are providers' descriptions, the rest homes' (offset given by the caller)."""

    def __init__(self, texts: Sequence[str]) -> None:
        self._vectoriser = TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float64)
        if any(t.strip() for t in texts):
            try:
                self._matrix = sparse.csr_matrix(self._vectoriser.fit_transform(texts))
                self._fitted = True
                self._terms: npt.NDArray[np.str_] = self._vectoriser.get_feature_names_out()
                return
            except ValueError:  # only stop words: nothing to compare on
                pass
        self._fitted = False
        self._matrix = sparse.csr_matrix((len(texts), 1), dtype=np.float64)

    def query_vector(self, text: str) -> QueryVector:
        """The narrative as a sparse column, or None when it shares no vocabulary with any listing."""
        if not self._fitted or not text.strip():
            return None
        vec = sparse.csr_matrix(self._vectoriser.transform([text]))
        return np.asarray(vec.toarray().ravel(), dtype=np.float64) if vec.nnz else None

    def scores(self, rows: I64, qvec: QueryVector) -> F64:
        if qvec is None or len(rows) == 0:
            return np.zeros(len(rows), dtype=np.float64)
        sims = np.asarray(self._matrix[rows] @ qvec).ravel()
        return np.asarray(np.clip(sims, 0.0, 1.0), dtype=np.float64)

    def evidence(self, row: int, qvec: QueryVector, top: int = 4) -> str:
        """Names the shared words that carried the similarity, so the figure can be defended."""
        if qvec is None:
            return "No pen picture text to compare"
        start, end = self._matrix.indptr[row], self._matrix.indptr[row + 1]
        terms = self._matrix.indices[start:end]
        contrib = self._matrix.data[start:end] * qvec[terms]
        shared = np.flatnonzero(contrib > 0)
        if len(shared) == 0:
            return "No words in common with the pen picture"
        sim = float(min(1.0, contrib.sum()))
        order = shared[np.argsort(-contrib[shared], kind="stable")][:top]
        words = ", ".join(f"'{self._terms[terms[i]]}'" for i in order)
        return f"Shares {words} with the pen picture (similarity {sim:.2f})"
