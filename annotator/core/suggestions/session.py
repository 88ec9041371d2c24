"""Suggestions for the articles of a session: made, kept as pending, and measured against the
annotations reviewers already made."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from annotator.core.background_suggestions import suggest_in_pieces
from annotator.core.errors import NotFound
from annotator.core.models import StoredSuggestion
from annotator.core.session.store import SessionStore
from annotator.core.suggestions import SUGGESTED_LABELS, Suggester, load_rules
from annotator.core.suggestions.evaluation import Score, combine, evaluate
from annotator.core.suggestions.rules import RULES_DIR


@dataclass
class SuggestReport:
    """What :func:`suggest_documents` did: per document, how many suggestions were new."""

    added: dict[int, int] = field(default_factory=dict)
    found: dict[int, int] = field(default_factory=dict)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())


def rules_fingerprint(suggester: Suggester, labels: Sequence[str]) -> str:
    """A short name for the rules and labels suggestions were made with (kept per document)."""
    digest = hashlib.sha256()
    for section, lists in sorted(suggester.rules.table.items()):
        for name, words in sorted(lists.items()):
            digest.update(f"{section}.{name}={'|'.join(words)}\n".encode())
    return f"{suggester.rules.language}:{','.join(sorted(labels))}:{digest.hexdigest()[:16]}"


def _document_ids(store: SessionStore, document_ids: Iterable[int] | None) -> list[int]:
    known = [d.id for d in store.documents(counts=False)]
    if not document_ids:
        return known
    wanted = list(dict.fromkeys(document_ids))
    known_ids = set(known)
    missing = [str(i) for i in wanted if i not in known_ids]
    if missing:
        raise NotFound(f"the session has no document {', '.join(missing)}")
    return wanted


def make_suggester(language: str = "en", rules_file: str | Path | None = None) -> Suggester:
    return Suggester(load_rules(language, rules_file))



def suggest_documents(
    store: SessionStore,
    document_ids: Iterable[int] | None = None,
    labels: Sequence[str] = SUGGESTED_LABELS,
    suggester: Suggester | None = None,
) -> SuggestReport:
    """Make the suggestions of ``labels`` for the documents named (all by default) and keep
    them in the session as pending; spans proposed before are not proposed again. A long
    document's pieces are made in two processes at once (see
    :func:`~annotator.core.background_suggestions.suggest_in_pieces`)."""
    suggester = suggester or make_suggester()
    fingerprint = rules_fingerprint(suggester, labels)
    report = SuggestReport()
    for document_id in _document_ids(store, document_ids):
        report.found[document_id] = report.added[document_id] = 0
        for found in suggest_in_pieces(suggester, store.document_text(document_id), labels):
            report.found[document_id] += len(found)
            report.added[document_id] += store.add_suggestions(document_id, found, fingerprint)
    return report


def evaluate_session(
    store: SessionStore,
    document_ids: Iterable[int] | None = None,
    labels: Sequence[str] = SUGGESTED_LABELS,
    suggester: Suggester | None = None,
) -> list[Score]:
    """How the rules' suggestions for the documents named compare with the annotations the
    session holds of ``labels`` (all reviewers'), added up over the documents."""
    suggester = suggester or make_suggester()
    scores: list[Score] = []
    for document_id in _document_ids(store, document_ids):
        text = store.document_text(document_id)
        suggested = [(s.start, s.end, s.label) for s in suggester.suggest(text, labels)]
        reviewed = sorted({(a.start, a.end, a.label) for a in store.annotations(document_id)
                           if a.label in labels})
        scores.extend(evaluate(text, suggested, reviewed, labels,
                               suggester.attribution_cues(text)))
    return combine(scores)


def write_jsonl(out: TextIO, pending: Iterable[StoredSuggestion], texts: dict[int, str]) -> None:
    """Write ``pending`` suggestions as JSON Lines, one object each: ``document_id``, ``start``,
    ``end`` (code points, half-open), ``text`` (from ``texts``, by document id), ``label``,
    ``reason``, ``rule`` and ``id``."""
    for s in pending:
        out.write(json.dumps({
            "document_id": s.document_id, "start": s.start, "end": s.end,
            "text": texts[s.document_id][s.start:s.end], "label": s.label,
            "reason": s.reason, "rule": s.rule, "id": s.id,
        }, ensure_ascii=False) + "\n")


__all__ = ["RULES_DIR", "SuggestReport", "evaluate_session", "make_suggester",
           "rules_fingerprint", "suggest_documents", "write_jsonl"]
