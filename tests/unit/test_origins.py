"""Where each annotation came from: by hand, a suggestion accepted, an import, a merge; kept in
the session and carried by the formats that have a place for it."""

from __future__ import annotations

import json

import pytest

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import ValidationFailed
from annotator.core.formats.session_io import export_annotations, import_annotations
from annotator.core.review.merge import merge_sessions
from annotator.core.session.store import SessionStore

TEXT = "Officials said up to 3,000 people left, according to the city."


def session(path, reviewer="ana"):
    store = SessionStore.open(path, create=True, reviewer=reviewer)
    summary, _ = store.add_document(ImportedDocument(title="Flood", text=TEXT,
                                                     source_format="text"))
    store.add_annotation(summary.id, 0, 14, "attribution")
    store.add_annotation(summary.id, 15, 26, "estimate", origin="suggested")
    return store, summary.id


def test_origins_are_kept_and_an_unknown_one_refused(tmp_path):
    store, doc = session(tmp_path / "a.sqlite")
    with store:
        assert [a.origin for a in store.annotations()] == ["manual", "suggested"]
        with pytest.raises(ValidationFailed, match="origin"):
            store.add_annotation(doc, 40, 62, "attribution", origin="telepathy")


def test_jsonl_and_label_studio_carry_the_origin(tmp_path):
    store, _ = session(tmp_path / "a.sqlite")
    with store:
        export_annotations(store, "jsonl", tmp_path / "out.jsonl")
        export_annotations(store, "labelstudio", tmp_path / "ls.json")
        export_annotations(store, "w3c", tmp_path / "out.jsonld")
    [line] = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [span["origin"] for span in json.loads(line)["annotations"]] == ["manual",
                                                                              "suggested"]
    tasks = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    origins = {r["origin"] for r in tasks[0]["annotations"][0]["result"]}
    assert origins == {"manual", "prediction"}
    assert '"fca:origin": "suggested"' in (tmp_path / "out.jsonld").read_text(encoding="utf-8")


def test_annotations_read_from_a_file_are_imported(tmp_path):
    store, _ = session(tmp_path / "a.sqlite")
    with store:
        export_annotations(store, "jsonl", tmp_path / "out.jsonl")
    with SessionStore.open(tmp_path / "b.sqlite", create=True, reviewer="bo") as other:
        import_annotations(other, tmp_path / "out.jsonl", "jsonl")
        assert {a.origin for a in other.annotations()} == {"imported"}


def test_annotations_brought_by_a_merge_are_merged(tmp_path):
    first, _ = session(tmp_path / "a.sqlite", "ana")
    first.close()
    second, _ = session(tmp_path / "b.sqlite", "bo")
    second.close()
    merge_sessions(tmp_path / "team.sqlite", [tmp_path / "a.sqlite", tmp_path / "b.sqlite"])
    with SessionStore.open(tmp_path / "team.sqlite") as team:
        annotations = team.annotations()
        assert len(annotations) == 4 and {a.origin for a in annotations} == {"merged"}
