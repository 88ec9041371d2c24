"""The tokens of an agreement: every document cut into tokens, and each reviewer's value for each
token (the label of the shortest span covering it, or O), as arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.core.review.agreement_report import TOKEN_PATTERN
from annotator.core.review.agreement_spans import Spans, expand_ranges
from annotator.core.session.store import SessionStore


def tokenize(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (code points, half-open) of every token of ``text``, as int64 arrays."""
    spans = [m.span() for m in TOKEN_PATTERN.finditer(text)]
    if not spans:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    both = np.array(spans, dtype=np.int64)
    return both[:, 0].copy(), both[:, 1].copy()


@dataclass
class TokenValues:
    """Every token of the documents, as each reviewer tagged it."""

    count: int
    values: np.ndarray  # reviewer × token: -1 not read, 0 = O, 1 + the label of the token
    layers: np.ndarray  # reviewer × label × token: a span of the label covers the token
    read: np.ndarray  # reviewer × token: the reviewer read the token's document

    @property
    def value_count(self) -> int:
        """How many values a token can have: O and each label."""
        return self.layers.shape[1] + 1


def token_values(
    store: SessionStore, docs: list[int], spans: Spans, read: np.ndarray, label_count: int
) -> TokenValues:
    """Each reviewer's value for each token of the documents, and label layers."""
    reviewer_count = len(read)
    token_doc, token, owner = _covered_tokens(store, docs, spans)
    token_count = len(token_doc)
    read_tokens = read[:, token_doc]
    values = np.ascontiguousarray(np.where(read_tokens, 0, -1).astype(np.int16))
    # the shortest covering span gives the token its value; equal lengths: the first label
    by_priority = np.lexsort((spans.label, spans.end - spans.start))
    rank = np.empty(len(spans), dtype=np.int32 if len(spans) < 2**31 - 1 else np.int64)
    rank[by_priority] = np.arange(len(spans))
    best = np.full(reviewer_count * token_count, len(spans), dtype=rank.dtype)
    np.minimum.at(best, spans.reviewer[owner] * token_count + token, rank[owner])
    covered = best < len(spans)
    values.reshape(-1)[covered] = spans.label[by_priority][best[covered]] + 1
    layers = np.zeros((reviewer_count, label_count, token_count), dtype=bool)
    layers[spans.reviewer[owner], spans.label[owner], token] = True
    return TokenValues(count=token_count, values=values, layers=layers, read=read_tokens)


def _covered_tokens(
    store: SessionStore, docs: list[int], spans: Spans
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The document of every token (tokens numbered over all the documents), and every pair
    (span, token it covers: their code-point ranges overlap) as two arrays: token, span."""
    starts, ends = [], []
    for doc in docs:
        token_start, token_end = tokenize(store.document_text(doc))
        starts.append(token_start)
        ends.append(token_end)
    sizes = np.array([len(t) for t in starts], dtype=np.int64)
    token_doc = np.repeat(np.arange(len(docs), dtype=np.int64), sizes)
    shift = np.int64(1) << 32  # (document, offset) as one sortable number
    token_start = token_doc * shift + (np.concatenate(starts) if starts else token_doc)
    token_end = token_doc * shift + (np.concatenate(ends) if ends else token_doc)
    owner, token = expand_ranges(
        np.searchsorted(token_end, spans.document * shift + spans.start, side="right"),
        np.searchsorted(token_start, spans.document * shift + spans.end, side="left"),
    )
    return token_doc, token, owner


def gram_matrix(tokens: TokenValues, chunk: int = 1 << 16) -> np.ndarray:
    """Z'Z over the tokens, Z holding per reviewer the one-hot token value (O and the labels;
    none where the reviewer did not read the document) and then per reviewer and label whether
    a span of the label covers the token. Every pairwise confusion matrix is a block of it.
    Counted in float32 by chunks of at most 2^16 tokens (exact: below 2^24)."""
    values, layers, value_count = tokens.values, tokens.layers, tokens.value_count
    reviewer_count, label_count, token_count = layers.shape
    width = reviewer_count * value_count + reviewer_count * label_count
    gram = np.zeros((width, width))
    kinds = np.arange(value_count, dtype=values.dtype)
    for lo in range(0, token_count, chunk):
        part = values[:, lo : lo + chunk]
        size = part.shape[1]
        onehot = (part.T[:, :, None] == kinds).reshape(size, reviewer_count * value_count)
        yes = layers[:, :, lo : lo + chunk].transpose(2, 0, 1).reshape(
            size, reviewer_count * label_count
        )
        z = np.concatenate([onehot, yes], axis=1).astype(np.float32)
        gram += z.T @ z
    return np.rint(gram).astype(np.int64)
