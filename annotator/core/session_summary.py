"""What a session holds, in brief: its documents, their annotations per label and per reviewer,
and, with several reviewers, how far adjudication has come. As plain data (for JSON) and as lines
of text, for the command line's ``info`` and for the window."""

from __future__ import annotations

from typing import Any

from annotator.core.defaults import GOLD_REVIEWER
from annotator.core.session.store import SessionStore
from annotator.core.wording import counted


def session_summary(store: SessionStore, name: str | None = None) -> dict[str, Any]:
    """The session's summary as plain data; ``name`` is how the session is shown (its path by
    default)."""
    reviewers = store.reviewer_counts()
    adjudication = None
    if sum(reviewer != GOLD_REVIEWER for reviewer in reviewers) >= 2:
        from annotator.core.review.adjudication import summary as adjudication_summary

        adjudication = adjudication_summary(store)
    return {
        "session": str(store.path) if name is None else name,
        "schema_version": store.schema_version,
        "created_at": store.metadata().get("created_at"),
        "labels": [label.name for label in store.labels()],
        "annotations": store.count_annotations(),
        "reviewers": reviewers,
        "adjudication": adjudication,
        "documents": [
            {
                "id": doc.id,
                "title": doc.title,
                "characters": doc.char_count,
                "format": doc.source_format,
                "sha256": doc.sha256,
                "annotations": store.count_annotations(doc.id),
            }
            for doc in store.documents()
        ],
    }


def summary_lines(summary: dict[str, Any]) -> list[str]:
    """The summary as lines of text: the session, then a line per document."""
    total = sum(summary["annotations"].values())
    per_label = ", ".join(f"{n} {label}" for label, n in summary["annotations"].items())
    lines = [
        f"Session    {summary['session']}",
        f"Format     {summary['schema_version']} (created {summary['created_at']})",
        f"Documents  {len(summary['documents'])}",
        f"Annotations {total} ({per_label})",
    ]
    if summary["reviewers"]:
        by = ", ".join(f"{name} {n}" for name, n in summary["reviewers"].items())
        lines.append(f"Reviewers  {by}")
    adjudication = summary["adjudication"]
    if adjudication is not None:
        decided = adjudication["items"] - adjudication["open"]
        lines.append(
            f"Adjudication {counted(adjudication['items'], 'item')} "
            f"({counted(adjudication['disagreements'], 'disagreement')}): {decided} decided, "
            f"{adjudication['open']} open "
            f"({counted(adjudication['open_disagreements'], 'disagreement')})"
        )
    for doc in summary["documents"]:
        counts = " ".join(f"{label[0].upper()}{n}" for label, n in doc["annotations"].items())
        lines.append(f"  [{doc['id']}] {doc['title']}  ({doc['characters']:,} chars; {counts})")
    return lines
