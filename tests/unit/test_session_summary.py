"""The session summary (annotator.core.session_summary): what ``annotator info`` prints, built
by the core so that the window can show it too."""

from __future__ import annotations

from annotator.core.session.store import SessionStore
from annotator.core.session_summary import session_summary, summary_lines

TEXT = "Officials said up to 3,000 people left."


def test_the_summary_counts_documents_labels_and_reviewers(store: SessionStore, add_text):
    doc = add_text(TEXT, title="Flood")
    store.add_annotation(doc, 15, 29, "estimate", reviewer="ana")
    store.add_annotation(doc, 0, 9, "attribution", reviewer="ben")
    summary = session_summary(store)
    assert summary["session"] == str(store.path)
    assert summary["annotations"] == {"claim": 0, "estimate": 1, "attribution": 1}
    assert summary["reviewers"] == {"ana": 1, "ben": 1}
    assert summary["adjudication"] is not None  # two reviewers: something to adjudicate
    [document] = summary["documents"]
    assert (document["id"], document["title"], document["characters"]) == (doc, "Flood", 39)
    lines = summary_lines(summary)
    assert lines[3] == "Annotations 2 (0 claim, 1 estimate, 1 attribution)"
    assert lines[-1] == f"  [{doc}] Flood  (39 chars; C0 E1 A1)"


def test_one_reviewer_has_nothing_to_adjudicate(store: SessionStore, add_text):
    doc = add_text(TEXT)
    store.add_annotation(doc, 15, 29, "estimate", reviewer="ana")
    summary = session_summary(store, name="shown.sqlite")
    assert summary["session"] == "shown.sqlite"
    assert summary["adjudication"] is None
    assert not any(line.startswith("Adjudication") for line in summary_lines(summary))
