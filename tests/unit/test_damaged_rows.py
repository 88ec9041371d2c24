"""Sessions changed by another program: every read gives a sound result or names the damage.

Each variant breaks one rule in one row (see ``tests/tampered_sessions.py``). Whatever reads the
session (the store's queries, the exports, the agreement figures, a merge) must leave the damaged
row out or show it repaired, and say so in a sentence, never fail with a pydantic dump or let an
impossible row through.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.errors import DamagedRowError
from annotator.core.formats.session_io import export_annotations
from annotator.core.review.agreement import agreement
from annotator.core.review.merge import merge_sessions
from annotator.core.session.damaged_rows import REPAIRED_COLOR, read_annotation
from annotator.core.session.store import SessionStore
from tests.tampered_sessions import (
    ANNOTATION_VARIANTS,
    SPANS,
    VARIANTS,
    sound_session,
    tamper,
    tampered_session,
)

SOUND_ANNOTATIONS = 2 * len(SPANS)


@pytest.fixture(params=list(VARIANTS))
def variant(request) -> str:
    return request.param


def _check_rows_are_sound(store: SessionStore) -> None:
    """What the store hands out obeys every rule of the session."""
    labels = {label.name for label in store.labels()}
    for document in store.documents():
        text = store.document_text(document.id)
        for annotation in store.annotations(document.id):
            assert 0 <= annotation.start < annotation.end <= len(text)
            assert text[annotation.start:annotation.end] == annotation.quote
            assert annotation.label in labels and 1 <= annotation.confidence <= 5
        for start, end, _id, label in store.spans_between(document.id, 0, len(text)):
            assert 0 <= start < end <= len(text) and label in labels
        for start, end, _id in store.annotation_keys(document.id):
            assert 0 <= start < end <= len(text)
        for row in store.annotation_rows(document.id, limit=100):
            assert row[5] in labels and isinstance(row[9], str)
    for counts in store.annotation_counts().values():
        assert set(counts) <= labels
    assert all(isinstance(name, str) for name in store.reviewers())


def test_every_read_of_a_damaged_session_is_sound_and_the_damage_is_named(tmp_path, variant):
    path = tampered_session(tmp_path, variant)
    with SessionStore.open(path, read_only=True) as store:
        damage = store.damage()
        assert damage, "the damage was not found"
        summary = damage.summary()
        assert "damaged" in summary and "\n" not in summary
        assert "pydantic" not in summary and "errors.pydantic.dev" not in summary
        assert any(kind in summary for kind in ("annotation 1", "document 1", "label “estimate”"))
        _check_rows_are_sound(store)
        store.statistics()
        store.count_annotations()
        rows = list(store.export_rows())
        assert all(isinstance(row[4], int) and 0 <= row[4] < row[5] for row in rows)


@pytest.mark.parametrize("variant", ANNOTATION_VARIANTS)
def test_a_damaged_annotation_is_left_out_everywhere(tmp_path, variant):
    path = tampered_session(tmp_path, variant)
    with SessionStore.open(path, read_only=True) as store:
        assert list(store.damage().annotations) == [1]
        assert 1 not in {a.id for a in store.annotations()}
        assert len(store.annotations()) == SOUND_ANNOTATIONS - 1
        assert sum(store.count_annotations().values()) == SOUND_ANNOTATIONS - 1
        assert store.documents()[0].annotation_count == SOUND_ANNOTATIONS - 1
        assert 1 not in store.annotation_ids(None)
        with pytest.raises(DamagedRowError, match="annotation 1"):
            store.annotation(1)


def test_labels_and_documents_with_bad_values_are_shown_repaired(tmp_path):
    with SessionStore.open(tampered_session(tmp_path, "bad_label_colour", "a.sqlite"),
                           read_only=True) as store:
        estimate = next(label for label in store.labels() if label.name == "estimate")
        assert estimate.color == REPAIRED_COLOR
        assert store.damage().repaired[0].sentence.startswith("label “estimate”: color 'red'")
        assert len(store.annotations()) == SOUND_ANNOTATIONS  # nothing left out
    with SessionStore.open(tampered_session(tmp_path, "bad_status", "b.sqlite"),
                           read_only=True) as store:
        assert store.documents()[0].status == "not_started"
        assert store.document(1).status == "not_started"


def test_a_document_without_text_is_left_out_with_its_annotations(tmp_path):
    path = tampered_session(tmp_path, "null_text")
    with SessionStore.open(path, read_only=True) as store:
        assert store.documents() == [] and store.annotations() == []
        assert store.last_document_id is None
        with pytest.raises(DamagedRowError, match="document 1: it has no text"):
            store.document_text(1)
        with pytest.raises(DamagedRowError):
            store.document_summary(1)


def test_a_text_changed_outside_opens_and_its_annotations_that_no_longer_fit_are_flagged(
        tmp_path):
    path = tampered_session(tmp_path, "text_changed")
    with SessionStore.open(path) as store:  # writable, as the window opens it
        document = store.document(1)
        assert "emergency services office" in document.text
        assert document.char_count == len(document.text)
        damage = store.damage()
        assert any("changed outside the program" in row.problem for row in damage.repaired)
        # the spans before the change still fit; the ones it touched are left out, not moved
        kept = store.annotations(1)
        assert sorted({a.quote for a in kept}) == ["3,000 homes", "The minister said"]
        assert len(kept) == 4 and len(damage.annotations) == 2
        assert all("does not match" in row.problem for row in damage.annotations.values())
        # and the store still refuses to write an annotation that does not fit
        with pytest.raises(Exception, match="runs past the end|does not match"):
            store.add_annotation(1, 0, 10_000, "claim")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "w3c", "brat", "labelstudio"])
def test_exports_leave_damaged_annotations_out(tmp_path, fmt):
    path = tampered_session(tmp_path, "evidence_not_json")
    target = tmp_path / ("out" if fmt == "brat" else f"out.{fmt}")
    with SessionStore.open(path, read_only=True) as store:
        count = export_annotations(store, fmt, target)
    assert count == SOUND_ANNOTATIONS - 1
    if fmt == "csv":
        with target.open(encoding="utf-8", newline="") as source:
            ids = [row["annotation_id"] for row in csv.DictReader(source)]
        assert "1" not in ids and len(ids) == SOUND_ANNOTATIONS - 1
    if fmt == "jsonl":
        record = json.loads(target.read_text(encoding="utf-8").splitlines()[0])
        assert len(record["label"]) == SOUND_ANNOTATIONS - 1


@pytest.mark.parametrize("variant", ["start_after_end", "end_past_text", "negative_start"])
def test_csv_export_never_writes_an_impossible_span(tmp_path, variant):
    path = tampered_session(tmp_path, variant)
    with SessionStore.open(path, read_only=True) as store:
        export_annotations(store, "csv", tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    assert rows and all(0 <= int(r["start"]) < int(r["end"]) <= 200 for r in rows)


@pytest.mark.parametrize("variant", ["null_label", "null_reviewer", "confidence_99",
                                     "text_in_start", "null_text", "bad_status"])
def test_agreement_measures_the_sound_annotations(tmp_path, variant):
    path = tampered_session(tmp_path, variant)
    with SessionStore.open(path, read_only=True) as store:
        report = agreement(store)
    if variant == "null_text":
        assert report.problem  # nothing left to compare, said as a sentence
    else:
        assert report.reviewers == ["ana", "jonas"]


def test_merge_reports_the_damage_of_an_input_and_merges_the_rest(tmp_path, variant):
    path = tampered_session(tmp_path, variant)
    report = merge_sessions(tmp_path / "team.sqlite", [path])
    summary = report.summary()
    assert "errors.pydantic.dev" not in summary
    item = report.inputs[0]
    assert item.merged
    assert item.refused or item.damaged
    with SessionStore.open(tmp_path / "team.sqlite", read_only=True) as team:
        assert not team.damage()
        _check_rows_are_sound(team)


def test_a_sound_session_has_no_damage_and_no_extra_condition(tmp_path):
    path = sound_session(tmp_path)
    with SessionStore.open(path, read_only=True) as store:
        assert not store.damage() and store.damage().summary() == ""
        assert store._sound() == ("", [])


def test_read_annotation_names_the_field_and_its_value():
    found = read_annotation({"id": 7, "document_id": 1, "start": -5, "end": 3, "quote": "abcdefgh",
                             "label": "claim", "reviewer": "ana",
                             "created_at": "2026-01-01T00:00:00+00:00",
                             "updated_at": "2026-01-01T00:00:00+00:00"})
    assert found.sentence.startswith("annotation 7: start -5: input should be greater than")


def test_damage_found_later_by_a_label_change_is_found_again(tmp_path):
    """Adding the label an annotation names makes it sound again."""
    path = tamper(sound_session(tmp_path), "unknown_label")
    with SessionStore.open(path) as store:
        assert list(store.damage().annotations) == [1]
        from annotator.core.models import Label

        store.replace_labels([*store.labels(), Label(name="gossip", title="Gossip",
                                                     color="#123456")])
        assert not store.damage().annotations
        assert 1 in {a.id for a in store.annotations()}


def test_summary_names_at_most_a_few_rows(tmp_path: Path):
    path = sound_session(tmp_path)
    import sqlite3

    tamper(path, "negative_start")
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE annotations SET confidence = 0")
    conn.close()
    with SessionStore.open(path, read_only=True) as store:
        summary = store.damage().summary()
    assert summary.startswith(f"{SOUND_ANNOTATIONS} annotations of this session are damaged")
    assert f"and {SOUND_ANNOTATIONS - 3} more" in summary


def test_links_to_a_damaged_annotation_are_left_out(tmp_path):
    path = sound_session(tmp_path)
    with SessionStore.open(path) as store:
        store.add_link(2, 1)
        store.add_link(2, 3)
    tamper(path, "negative_start")
    with SessionStore.open(path, read_only=True) as store:
        assert store.links_of(2) == [(2, 3)]
        assert store.links_in_document(1) == [(2, 3)]


@pytest.mark.parametrize("variant", ["negative_start", "null_label", "confidence_99",
                                     "text_in_start", "null_reviewer", "null_text"])
def test_the_windows_store_leaves_out_what_would_break_it_before_the_full_check(tmp_path,
                                                                                variant):
    """A store that defers the full check (the window's) still never hands out a row whose
    span, label or types are wrong; the full check, run apart, is adopted later."""
    path = tampered_session(tmp_path, variant)
    with SessionStore.open(path, read_only=True, defer_integrity_check=True) as store:
        _check_rows_are_sound(store)
        assert store._damage is None  # the full check has not run
        found = store.find_damage_apart()
        assert found and store._damage is None
        store.adopt_damage(found)
        assert store.damage() is found


def test_a_quote_changed_outside_is_found_by_the_full_check_only(tmp_path):
    path = tampered_session(tmp_path, "quote_mismatch")
    with SessionStore.open(path, read_only=True, defer_integrity_check=True) as store:
        assert 1 in {a.id for a in store.annotations()}  # shown until the full check
        store.adopt_damage(store.find_damage_apart())
        assert 1 not in {a.id for a in store.annotations()}


def test_the_export_of_a_text_changed_outside_carries_the_texts_own_checksum(tmp_path):
    from annotator.core.articles.text import sha256_text

    path = tampered_session(tmp_path, "text_changed")
    with SessionStore.open(path, read_only=True) as store:
        export_annotations(store, "jsonl", tmp_path / "out.jsonl")
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert "emergency services office" in record["text"]
    assert record["sha256"] == sha256_text(record["text"])
    quotes = [record["text"][start:end] for start, end, _label in record["label"]]
    assert sorted(set(quotes)) == ["3,000 homes", "The minister said"]


# Values a STRICT table with its CHECKs still lets another program write (with the foreign
# keys off): the full check of such a table leaves SQLite to test what it can and reads the
# rest in Python, and must find each of them.
STRICT_DAMAGE = {
    "end_past_text": 'UPDATE annotations SET "end" = 1000000000 WHERE id = 1',
    "unknown_label": "UPDATE annotations SET label = 'gossip' WHERE id = 1",
    "quote_mismatch": "UPDATE annotations SET quote = 'X' || substr(quote, 2) WHERE id = 1",
    "quote_white_space": "UPDATE annotations SET quote = char(10, 10), start = 14, "
                         "\"end\" = 16 WHERE id = 1",  # the text's own line breaks
    "evidence_not_json": "UPDATE annotations SET evidence = 'not json [' WHERE id = 1",
    "evidence_not_a_link": "UPDATE annotations SET evidence = '[\"nope\"]' WHERE id = 1",
    "bad_created_at": "UPDATE annotations SET created_at = 'yesterday' WHERE id = 1",
    "bad_updated_at": "UPDATE annotations SET updated_at = '2024-13-01T00:00:00+00:00' "
                      "WHERE id = 1",
    "time_without_zone": "UPDATE annotations SET created_at = '2024-01-01T00:00:00', "
                         "updated_at = '2024-01-01T00:00:00' WHERE id = 1",
    "huge_note": "UPDATE annotations SET note = printf('%.*c', 200001, 'n') WHERE id = 1",
    "huge_note_after_a_nul": "UPDATE annotations SET note = 'a' || char(0) || "
                             "printf('%.*c', 200001, 'n') WHERE id = 1",
    "empty_reviewer": "UPDATE annotations SET reviewer = '' WHERE id = 1",
    "blank_reviewer": "UPDATE annotations SET reviewer = '   ' WHERE id = 1",
    "long_reviewer": "UPDATE annotations SET reviewer = printf('%.*c', 201, 'r') WHERE id = 1",
}


@pytest.mark.parametrize("damage", list(STRICT_DAMAGE))
def test_the_full_check_of_a_strict_table_finds_each_damaged_value(tmp_path, damage):
    import sqlite3

    path = sound_session(tmp_path)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        with conn:
            conn.execute(STRICT_DAMAGE[damage])
        assert "strict" in conn.execute(
            "SELECT lower(sql) FROM sqlite_master WHERE name = 'annotations'").fetchone()[0]
    finally:
        conn.close()
    with SessionStore.open(path, read_only=True) as store:
        assert store.damage().hidden_ids == (1,)
        if damage == "quote_white_space":
            assert store.document_text(1)[14:16] == "\n\n"
        export_annotations(store, "csv", tmp_path / "out.csv")
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as source:
        ids = [row["annotation_id"] for row in csv.DictReader(source)]
    assert "1" not in ids and len(ids) == SOUND_ANNOTATIONS - 1


@pytest.mark.parametrize("damage", [
    "UPDATE annotations SET label = 'gossip' WHERE id = 1",
    "UPDATE annotations SET label = 'claim ' WHERE id = 1",  # near a name, in the label index
    "UPDATE annotations SET label = 'a' WHERE id = 1",  # before every name
    "UPDATE annotations SET label = 'zzz' WHERE id = 1",  # after every name
    'UPDATE annotations SET "end" = 1000000 WHERE id = 1',
    "DELETE FROM labels",  # every annotation's label is unknown
])
def test_the_windows_store_leaves_out_a_bad_span_or_label_of_a_strict_table(tmp_path, damage):
    """The quick check of a table whose types SQLite still holds (the program's own) reads the
    spans from the document's index and the labels from the label index."""
    path = sound_session(tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute(damage)
    conn.close()
    with SessionStore.open(path, read_only=True, defer_integrity_check=True) as store:
        assert store._types_held_by_sqlite()
        _check_rows_are_sound(store)
        hidden = set(store._known_damage().hidden_ids)
        assert hidden == ({1} if damage.startswith("UPDATE") else
                          set(range(1, SOUND_ANNOTATIONS + 1)))


def test_a_reader_adopts_the_full_check_made_once_and_labelled_quotes_leave_out_damage(tmp_path):
    path = tampered_session(tmp_path, "quote_mismatch")  # annotation 1, an estimate
    with SessionStore.open(path, read_only=True, defer_integrity_check=True) as store:
        assert store.checked_damage() is None
        before = [row[0] for row in store.labelled_quotes("estimate")]
        assert 1 in before  # the quote's change is not found by the quick check
        found = store.damage()
        assert store.checked_damage() is found and 1 in found.annotations
        after = [row[0] for row in store.labelled_quotes("estimate")]
        assert after == [i for i in before if i != 1] and after
        for _id, document_id, quote, verdict in store.labelled_quotes("attribution"):
            assert document_id == 1 and verdict is None
            assert quote in ("The minister said", "according to the emergency office")
        with SessionStore.open(path, read_only=True, defer_integrity_check=True) as reader:
            reader.adopt_damage(store.checked_damage())
            assert [row[0] for row in reader.labelled_quotes("estimate")] == after
