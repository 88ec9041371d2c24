"""Merging reviewers' session files into one (annotator.core.review.merge)."""

from __future__ import annotations

import itertools
import re
import shutil
import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.articles.reading import ImportedDocument
from annotator.core.articles.text import sha256_text
from annotator.core.errors import AnnotatorError, SessionError
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.models import Annotation, Label, now
from annotator.core.review.merge import MergeCancelled, merge_into, merge_sessions
from annotator.core.session.store import SessionStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

ART1 = (
    "The minister said 3,000 homes were flooded on Monday. According to the fire service, "
    "up to 40% of roads are closed. Critics called the figure premature."
)
ART2 = (
    "Unemployment rose by 2.5 per cent last year, the statistics office said. Rents doubled "
    "since 2019 in Malmö, according to a survey."
)
ART3 = (
    "Zoë Okafor told reporters that half the street is without power 🔌. The port authority "
    "estimated 1,200 containers were lost."
)
ART4 = "Flights were cancelled at the weekend, the airport said. About 90 flights were hit."


def span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(quote, at + 1)
    return at, at + len(quote)


def build(
    path: Path,
    reviewer: str,
    documents: list[tuple[str, str]],
    spans: list[dict],
    links: list[tuple[int, int]] = (),
    labels: list[Label] = (),
    statuses: dict[str, str] | None = None,
) -> Path:
    """A reviewer's session: ``documents`` (title, text) imported in this order; ``spans``
    dicts with ``text``, ``quote`` (or ``start``/``end``), ``label`` and any other field."""
    with SessionStore.open(path, create=True, reviewer=reviewer, auto_backup=False) as store:
        if labels:
            store.replace_labels([*store.labels(), *labels])
        ids = {}
        for title, text in documents:
            summary, _ = store.add_document(
                ImportedDocument(title=title, text=text, source_format="text",
                                 source_path=f"/inbox/{reviewer}/{title}.txt",
                                 source_sha256="ab" * 32)
            )
            ids[text] = summary.id
        for title, text in documents:
            if statuses and title in statuses:
                store.set_document_status(ids[text], statuses[title])
        pending = []
        for item in spans:
            item = dict(item)
            text = item.pop("text")
            if "quote" in item:
                item["start"], item["end"] = span(text, item.pop("quote"), item.pop("nth", 0))
            stamp = item.pop("at", now())
            pending.append(
                Annotation(
                    document_id=ids[text], quote=text[item["start"] : item["end"]],
                    reviewer=item.pop("reviewer", reviewer), created_at=stamp,
                    updated_at=stamp, **item,
                )
            )
        added, skipped, made = store.add_annotations(pending, links)
        assert skipped == 0 and len(made) == len(set(links))
    return path


def snapshot(path: Path) -> dict:
    """Everything a merge must keep, by content (no ids): documents, annotations, links."""
    with SessionStore.open(path, read_only=True, auto_backup=False) as store:
        docs = {d.id: d for d in store.documents(counts=False)}
        annotations = store.annotations()
        keys = {}
        rows = set()
        for a in annotations:
            key = (docs[a.document_id].sha256, a.start, a.end, a.label, a.reviewer)
            assert key not in keys
            keys[a.id] = key
            rows.add((*key, a.quote, a.confidence, a.note, a.verdict, a.evidence,
                      a.created_at, a.updated_at))
        links = {
            (keys[s], keys[t]) for d in docs for s, t in store.links_in_document(d)
        }
        documents = {
            (d.sha256, d.title, d.source_format, d.source_path, d.source_sha256, d.status)
            for d in docs.values()
        }
        labels = {(label.name, label.title, label.color, label.shortcut)
                  for label in store.labels()}
    return {"documents": documents, "annotations": rows, "links": links, "labels": labels}


def exact(path: Path) -> tuple:
    """The annotations and links with their ids (to see that nothing changed at all)."""
    with SessionStore.open(path, read_only=True, auto_backup=False) as store:
        links = sorted(link for d in store.documents(counts=False)
                       for link in store.links_in_document(d.id))
        return store.annotations(), links, store.documents(counts=False), store.labels()


def session_files(path: Path) -> dict[str, bytes]:
    """The bytes of a session and of every file beside it that belongs to it."""
    return {
        p.name: p.read_bytes()
        for p in path.parent.iterdir()
        if p.name.startswith(path.name) and p.is_file()
    }


@pytest.fixture
def amira(tmp_path: Path) -> Path:
    t = ART1
    return build(
        tmp_path / "amira.sqlite", "amira",
        [("Floods", ART1), ("Jobs", ART2)],
        [
            {"text": t, "quote": "The minister said 3,000 homes were flooded on Monday.",
             "label": "claim", "confidence": 4, "note": "check the ministry's release",
             "verdict": "mostly_true", "evidence": ("https://example.org/release",)},
            {"text": t, "quote": "3,000 homes", "label": "estimate", "confidence": 2},
            {"text": t, "quote": "According to the fire service", "label": "attribution"},
            {"text": t, "quote": "up to 40% of roads", "label": "estimate",
             "note": "Vérifié ✅\nsecond line"},
            {"text": ART2, "quote": "Unemployment rose by 2.5 per cent last year",
             "label": "claim", "verdict": "unverified"},
            {"text": ART2, "quote": "Malmö", "label": "source"},
        ],
        links=[(2, 3), (2, 0)],
        labels=[Label(name="source", title="Original source", color="#123456", shortcut="O")],
        statuses={"Floods": "done"},
    )


@pytest.fixture
def jonas(tmp_path: Path) -> Path:
    t = ART1
    return build(
        tmp_path / "jonas.sqlite", "jonas",
        [("Power cut", ART3), ("Floods (copy)", ART1), ("Jobs", ART2)],
        [
            # the same span and label as amira's: one annotation each
            {"text": t, "quote": "The minister said 3,000 homes were flooded on Monday.",
             "label": "claim", "confidence": 1, "note": "doubtful", "verdict": "false"},
            {"text": t, "quote": "3,000", "label": "estimate", "confidence": 5},  # overlaps
            {"text": t, "quote": "According to the fire service", "label": "attribution",
             "note": "which officer?"},
            {"text": t, "quote": "up to", "label": "hedge"},
            {"text": ART3, "quote": "Zoë Okafor told reporters that half the street is "
             "without power 🔌.", "label": "claim"},
            {"text": ART3, "quote": "The port authority", "label": "attribution"},
            {"text": ART3, "quote": "1,200 containers", "label": "estimate",
             "evidence": ("https://example.org/port", "https://example.org/port2")},
            {"text": ART2, "quote": "2.5 per cent", "label": "estimate"},
        ],
        links=[(2, 0), (5, 6), (5, 4)],
        labels=[
            Label(name="source", title="Source", color="#654321", shortcut="S"),
            Label(name="hedge", title="Hedge", color="#00AA00", shortcut="O",
                  description="a hedged figure"),
        ],
        statuses={"Floods (copy)": "in_progress", "Power cut": "in_progress"},
    )


@pytest.fixture
def lena(tmp_path: Path) -> Path:
    return build(
        tmp_path / "lena.sqlite", "lena",
        [("Floods", ART1), ("Flights", ART4)],
        [
            {"text": ART1, "quote": "3,000 homes", "label": "estimate", "confidence": 3},
            {"text": ART4, "quote": "About 90 flights", "label": "estimate"},
            {"text": ART4, "quote": "the airport said", "label": "attribution"},
        ],
        links=[(2, 1)],
    )


def expected_union(*paths: Path) -> dict:
    shots = [snapshot(p) for p in paths]
    return {
        "annotations": set().union(*(s["annotations"] for s in shots)),
        "links": set().union(*(s["links"] for s in shots)),
    }


# ------------------------------------------------------------------------------ merging


def test_two_reviewers_merge_into_a_new_session(tmp_path: Path, amira: Path, jonas: Path) -> None:
    out = tmp_path / "team.sqlite"
    seen = []
    report = merge_sessions(out, [amira, jonas], progress=lambda *a: seen.append(a))
    merged = snapshot(out)
    expected = expected_union(amira, jonas)
    assert merged["annotations"] == expected["annotations"]
    assert merged["links"] == expected["links"]
    assert len(merged["annotations"]) == 6 + 8
    assert len(merged["links"]) == 5
    # three documents: the shared two matched by their text, the third added
    assert {d[0] for d in merged["documents"]} == {sha256_text(t) for t in (ART1, ART2, ART3)}
    by_sha = {d[0]: d for d in merged["documents"]}
    assert by_sha[sha256_text(ART1)][1:] == (
        "Floods", "text", "/inbox/amira/Floods.txt", "ab" * 32, "done"
    )
    assert by_sha[sha256_text(ART3)][1:] == (
        "Power cut", "text", "/inbox/jonas/Power cut.txt", "ab" * 32, "in_progress"
    )
    # the same span and label by both reviewers: two annotations, each with its own fields
    claim = span(ART1, "The minister said 3,000 homes were flooded on Monday.")
    same = sorted(
        (row[4], row[6], row[7], row[8]) for row in merged["annotations"]
        if row[1:4] == (*claim, "claim")
    )
    assert same == [("amira", 4, "check the ministry's release", "mostly_true"),
                    ("jonas", 1, "doubtful", "false")]
    assert report.inputs_merged == 2 and report.created
    assert report.documents_added == 3 and report.documents_matched == 2
    assert report.annotations_added == 14 and report.duplicates == 0
    assert report.links_added == 5
    assert report.labels_added == ["source", "hedge"]
    assert [i.annotations_added for i in report.inputs] == [6, 8]
    assert seen[-1][0] == seen[-1][1] == 5 and all(b == 5 for _, b, _ in seen)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    text = report.summary()
    assert "2 of 2 sessions merged" in text and "14 added" in text


def test_the_merged_session_is_sound_and_usable(tmp_path: Path, amira: Path, jonas: Path) -> None:
    out = tmp_path / "team.sqlite"
    merge_sessions(out, [amira, jonas])
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    with SessionStore.open(out, reviewer="editor") as store:
        top = max(a.id for a in store.annotations())
        doc = next(d for d in store.documents() if d.sha256 == sha256_text(ART3))
        assert doc.annotation_count == 3
        assert store.find_documents("Okafor") == [doc.id]  # the new document is searchable
        new = store.add_annotation(doc.id, *span(ART3, "half the street"), "claim")
        assert new.id > top  # ids are never given twice
        assert store.annotation(new.id).reviewer == "editor"


def test_labels_are_united_keeping_the_outputs_own(tmp_path: Path, amira: Path,
                                                   jonas: Path) -> None:
    out = tmp_path / "team.sqlite"
    merge_sessions(out, [amira, jonas])
    with SessionStore.open(out, read_only=True) as store:
        labels = {label.name: label for label in store.labels()}
    assert set(labels) == {"claim", "estimate", "attribution", "source", "hedge"}
    assert (labels["source"].title, labels["source"].color, labels["source"].shortcut) == (
        "Original source", "#123456", "O")  # the first to bring it wins; jonas' title is not used
    hedge = labels["hedge"]
    assert (hedge.title, hedge.color, hedge.description) == ("Hedge", "#00AA00", "a hedged figure")
    assert hedge.shortcut is None  # O was taken by "source"
    assert [label.name for label in DEFAULT_LABELS] == list(labels)[:3]


def test_merging_the_same_inputs_again_changes_nothing(tmp_path: Path, amira: Path,
                                                       jonas: Path) -> None:
    out = tmp_path / "team.sqlite"
    merge_sessions(out, [amira, jonas])
    before = exact(out)
    report = merge_sessions(out, [amira, jonas])
    assert exact(out) == before
    assert report.annotations_added == 0 and report.duplicates == 14
    assert report.links_added == 0 and report.documents_added == 0
    assert report.documents_matched == 5 and report.labels_added == []
    assert not report.created
    assert "14 already there" in report.summary()
    assert report.backup is not None and report.backup.is_file()  # backed up before merging


def test_a_link_between_skipped_duplicates_is_restored(tmp_path: Path, amira: Path) -> None:
    out = tmp_path / "team.sqlite"
    merge_sessions(out, [amira])
    with SessionStore.open(out) as store:
        links = sorted(link for d in store.documents() for link in store.links_in_document(d.id))
        assert len(links) == 2
        store.remove_link(*links[0])
    report = merge_sessions(out, [amira])
    assert report.annotations_added == 0 and report.links_added == 1
    assert snapshot(out)["links"] == snapshot(amira)["links"]


def test_an_adjudicators_rejected_spans_come_along_once(tmp_path: Path, amira: Path,
                                                       jonas: Path) -> None:
    with SessionStore.open(jonas, reviewer="judge") as store:
        doc = next(d for d in store.documents() if d.sha256 == sha256_text(ART1))
        store.reject_span(doc.id, *span(ART1, "3,000 homes"))
    out = tmp_path / "team.sqlite"
    report = merge_sessions(out, [amira, jonas])
    assert report.rejections_added == 1 and "rejected spans" in report.summary()
    with SessionStore.open(out, read_only=True) as store:
        doc = next(d for d in store.documents() if d.sha256 == sha256_text(ART1))
        assert store.rejected_spans(doc.id) == [span(ART1, "3,000 homes")]
    again = merge_sessions(out, [jonas])
    assert again.rejections_added == 0


def test_merging_later_gives_what_merging_at_once_gives(tmp_path: Path, amira: Path,
                                                        jonas: Path, lena: Path) -> None:
    at_once = tmp_path / "at-once.sqlite"
    merge_sessions(at_once, [amira, jonas, lena])
    later = tmp_path / "later.sqlite"
    merge_sessions(later, [amira, jonas])
    report = merge_sessions(later, [lena])
    assert report.annotations_added == 3 and report.documents_added == 1
    assert report.documents_matched == 1
    assert snapshot(later) == snapshot(at_once)
    assert snapshot(later)["annotations"] == expected_union(amira, jonas, lena)["annotations"]
    assert len(snapshot(later)["documents"]) == 4


def test_the_order_of_the_inputs_changes_no_annotation(tmp_path: Path, amira: Path,
                                                       jonas: Path, lena: Path) -> None:
    results = []
    for n, order in enumerate(itertools.permutations([amira, jonas, lena])):
        out = tmp_path / f"order-{n}.sqlite"
        merge_sessions(out, list(order))
        shot = snapshot(out)
        results.append((shot["annotations"], shot["links"]))
    assert all(result == results[0] for result in results)


def test_inputs_are_never_changed(tmp_path: Path, amira: Path, jonas: Path) -> None:
    before = {p: session_files(p) for p in (amira, jonas)}
    merge_sessions(tmp_path / "team.sqlite", [amira, jonas])
    merge_sessions(tmp_path / "team.sqlite", [jonas, amira])
    assert {p: session_files(p) for p in (amira, jonas)} == before  # no -wal, -shm, lock


def test_a_session_open_for_writing_elsewhere_can_be_merged(tmp_path: Path, amira: Path,
                                                            jonas: Path) -> None:
    with SessionStore.open(jonas, reviewer="jonas") as window:  # holds the lock, WAL in use
        doc = next(d for d in window.documents() if d.sha256 == sha256_text(ART2))
        window.add_annotation(doc.id, *span(ART2, "Rents doubled"), "claim")  # in the -wal
        before = window.annotations()
        out = tmp_path / "team.sqlite"
        report = merge_sessions(out, [amira, jonas])
        assert report.annotations_added == 6 + 9
        assert window.annotations() == before
        window.add_annotation(doc.id, *span(ART2, "a survey"), "attribution")  # still writable
    assert len(snapshot(out)["annotations"]) == 15


def test_an_older_session_is_merged_without_being_upgraded(tmp_path: Path, amira: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "session-v1.sqlite", old)
    data = old.read_bytes()
    out = tmp_path / "team.sqlite"
    report = merge_sessions(out, [amira, old])
    assert report.inputs[1].annotations_added == 4
    assert old.read_bytes() == data
    assert {row[4] for row in snapshot(out)["annotations"]} == {"amira", "v1-reviewer"}


# ------------------------------------------------------------------------------ refusals


def test_an_input_that_is_the_output_is_refused(tmp_path: Path, amira: Path,
                                                jonas: Path) -> None:
    out = tmp_path / "team.sqlite"
    merge_sessions(out, [amira])
    before = exact(out)
    (tmp_path / "sub").mkdir()
    for same in (out, tmp_path / "sub" / ".." / "team.sqlite"):
        with pytest.raises(SessionError, match="cannot be merged into itself"):
            merge_sessions(out, [jonas, same])
    link = tmp_path / "link.sqlite"
    link.symlink_to(out)
    with pytest.raises(SessionError, match="into itself"):
        merge_sessions(out, [link])
    with pytest.raises(SessionError, match="into itself"):
        merge_sessions(link, [out])
    assert exact(out) == before


@pytest.mark.parametrize("existing", [False, True])
def test_a_bad_input_stops_everything_before_any_write(tmp_path: Path, amira: Path,
                                                       jonas: Path, existing: bool) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a session\n", encoding="utf-8")
    out = tmp_path / "team.sqlite"
    if existing:
        merge_sessions(out, [amira])
        before = session_files(out)
    with pytest.raises(SessionError, match="notes.txt is not a session file"):
        merge_sessions(out, [jonas, notes])
    with pytest.raises(SessionError, match="no such session file"):
        merge_sessions(out, [jonas, tmp_path / "missing.sqlite"])
    with pytest.raises(SessionError, match="at least one"):
        merge_sessions(out, [])
    if existing:
        assert session_files(out) == before
    else:
        assert not out.exists()
        assert not list(tmp_path.glob("team.sqlite*"))


def test_an_output_open_elsewhere_is_refused_with_the_stores_message(
    tmp_path: Path, amira: Path, jonas: Path
) -> None:
    out = tmp_path / "team.sqlite"
    merge_sessions(out, [amira])
    with SessionStore.open(out, reviewer="someone"), pytest.raises(
        SessionError, match="already open"
    ):
        merge_sessions(out, [jonas])


def test_a_damaged_annotation_is_left_out_and_reported(tmp_path: Path, amira: Path,
                                                       jonas: Path) -> None:
    conn = sqlite3.connect(jonas)
    conn.execute("UPDATE annotations SET quote = 'xxxxx' WHERE quote = '3,000'")
    conn.commit()
    conn.close()
    out = tmp_path / "team.sqlite"
    report = merge_sessions(out, [amira, jonas])
    assert report.annotations_added == 6 + 7
    assert report.refused == 1 and "does not match" in report.inputs[1].refused[0]
    assert "left out" in report.summary()


# ------------------------------------------------------------------------------ cancelling


def test_cancel_rolls_back_the_input_being_merged(tmp_path: Path, amira: Path, jonas: Path,
                                                  lena: Path) -> None:
    only_amira = tmp_path / "only-amira.sqlite"
    merge_sessions(only_amira, [amira])
    out = tmp_path / "team.sqlite"
    cancel = threading.Event()

    def progress(done: int, total: int, message: str) -> None:
        if done == 3:  # amira's two documents, then one of jonas'
            cancel.set()

    with pytest.raises(MergeCancelled) as caught:
        merge_sessions(out, [amira, jonas, lena], progress=progress, cancel=cancel)
    assert isinstance(caught.value, AnnotatorError)
    assert "cancelled" in str(caught.value) and "1 of 3" in str(caught.value)
    report = caught.value.report
    assert report.inputs_merged == 1 and report.annotations_added == 6
    assert [i.merged for i in report.inputs] == [True, False, False]
    shot = snapshot(out)
    assert shot["annotations"] == snapshot(only_amira)["annotations"]
    assert shot["links"] == snapshot(only_amira)["links"]
    assert shot["documents"] == snapshot(only_amira)["documents"]
    conn = sqlite3.connect(out)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    # merging again finishes the job
    merge_sessions(out, [amira, jonas, lena])
    assert snapshot(out)["annotations"] == expected_union(amira, jonas, lena)["annotations"]


def test_cancel_before_the_start_merges_nothing(tmp_path: Path, amira: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "team.sqlite"
    with pytest.raises(MergeCancelled, match="nothing was merged"):
        merge_sessions(out, [amira], cancel=cancel)
    assert snapshot(out)["annotations"] == set()


# ------------------------------------------------------------------------------ the window's way


def test_merge_into_an_open_store(tmp_path: Path, amira: Path, jonas: Path) -> None:
    out = tmp_path / "team.sqlite"
    with SessionStore.open(out, create=True, reviewer="editor") as store:
        with SessionStore.open(jonas, read_only=True) as already_open:
            report = merge_into(store, [amira, already_open])
        assert report.annotations_added == 14
        assert len(store.annotations()) == 14
        assert store.label_names() >= {"source", "hedge"}
        with pytest.raises(SessionError, match="into itself"):
            merge_into(store, [out])
    with SessionStore.open(out, read_only=True) as reader, pytest.raises(
        SessionError, match="read-only"
    ):
        merge_into(reader, [amira])


# ------------------------------------------------------------------------------ properties

SHARED = ART1 + " " + ART2
WORDS = [(m.start(), m.end()) for m in re.finditer(r"\S+", SHARED)]
PRIVATE = {"r0": ART3, "r1": ART4, "r2": "A private text of the third reviewer, 12 words."}

spans_strategy = st.lists(
    st.tuples(
        st.integers(0, len(WORDS) - 1), st.integers(0, 4),
        st.sampled_from(["claim", "estimate", "attribution"]), st.integers(1, 5),
        st.sampled_from(["", "a note", "«autre» note ✅", "=1+1"]),
    ),
    max_size=8,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    reviewers=st.lists(
        st.tuples(spans_strategy, st.booleans(), st.lists(st.tuples(st.integers(0, 7),
                                                                     st.integers(0, 7)),
                                                           max_size=4)),
        min_size=2, max_size=3,
    ),
    order=st.randoms(use_true_random=False),
)
def test_merge_is_order_independent_and_idempotent(reviewers, order) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths, expected = [], set()
        for n, (spans, private, links) in enumerate(reviewers):
            name = f"r{n}"
            documents = [("Shared", SHARED)] + ([("Own", PRIVATE[name])] if private else [])
            items, seen = [], set()
            for first, extra, label, confidence, note in spans:
                start, end = WORDS[first][0], WORDS[min(first + extra, len(WORDS) - 1)][1]
                if (start, end, label) in seen:
                    continue
                seen.add((start, end, label))
                items.append({"text": SHARED, "start": start, "end": end, "label": label,
                              "confidence": confidence, "note": note})
                expected.add((sha256_text(SHARED), start, end, label, name, confidence, note))
            if private:
                items.append({"text": PRIVATE[name], "start": 0, "end": 1, "label": "claim"})
                expected.add((sha256_text(PRIVATE[name]), 0, 1, "claim", name, 3, ""))
            pairs = [(s, t) for s, t in links if s < len(items) and t < len(items) and s != t]
            paths.append(build(folder / f"{name}.sqlite", name, documents, items,
                               links=sorted(set(pairs))))
        shuffled = list(paths)
        order.shuffle(shuffled)
        results = []
        for n, inputs in enumerate((paths, shuffled)):
            out = folder / f"out-{n}.sqlite"
            merge_sessions(out, inputs)
            shot = snapshot(out)
            got = {row[:5] + (row[6], row[7]) for row in shot["annotations"]}
            assert got == expected
            results.append((shot["annotations"], shot["links"]))
            before = exact(out)
            again = merge_sessions(out, list(reversed(inputs)))
            assert again.annotations_added == 0 and again.links_added == 0
            assert exact(out) == before
        assert results[0] == results[1]
        assert results[0][1] == expected_union(*paths)["links"]


# ---------------------------------------------------------------------- claims checked before

FACT_CHECK = (
    '{"@context": "https://schema.org", "@type": "ClaimReview", '
    '"url": "https://checks.example/jobs", '
    '"claimReviewed": "Unemployment rose by 2.5 per cent last year", '
    '"author": {"@type": "Organization", "name": "Valley Checks"}, '
    '"reviewRating": {"@type": "Rating", "alternateName": "True", "ratingValue": 5, '
    '"bestRating": 5, "worstRating": 1}}'
)


def mark(path: Path, quote: str, *, same_as: str | None = None, published: bool = False) -> None:
    """Mark the claim ``quote`` of a session the same as the claim ``same_as`` or as its
    published fact-check (read in first)."""
    from annotator.core.factcheck.claimreview import read_fact_checks
    from annotator.core.session.fact_checks import SameAs

    with SessionStore.open(path, reviewer="desk", auto_backup=False) as store:
        by_quote = {a.quote: a.id for a in store.annotations() if a.label == "claim"}
        if published:
            store.add_reference_claims(read_fact_checks(FACT_CHECK), "checks.json")
            [ref_id] = store.reference_claims()
            store.set_same_as(by_quote[quote], SameAs(reference_id=ref_id))
        else:
            store.set_same_as(by_quote[quote], SameAs(claim_id=by_quote[same_as]))


def marks(path: Path) -> set[tuple[str, str]]:
    """Each claim's mark, by content: (its quote, the other claim's quote or the published
    claim's text), with who marked it."""
    with SessionStore.open(path, read_only=True, auto_backup=False) as store:
        quotes = {a.id: a.quote for a in store.annotations()}
        references = store.reference_claims()
        return {(quotes[claim], quotes[same.claim_id] if same.claim_id is not None
                 else "ref: " + references[same.reference_id].claim_reviewed)
                for claim, same in store.all_same_as().items()}


JOBS = "Unemployment rose by 2.5 per cent last year"
FLOODS = "The minister said 3,000 homes were flooded on Monday."
POWER = "Zoë Okafor told reporters that half the street is without power 🔌."


def test_published_fact_checks_and_same_claim_marks_come_along_once(
        tmp_path: Path, amira: Path, jonas: Path) -> None:
    mark(amira, JOBS, published=True)
    mark(jonas, POWER, same_as=FLOODS)
    mark(jonas, FLOODS, published=True)  # jonas read the same fact-check
    out = tmp_path / "team.sqlite"
    report = merge_sessions(out, [amira, jonas])
    assert report.reference_claims_added == 1 and report.marks_added == 3
    assert "published fact-checks' claims: 1 added" in report.summary()
    expected = {(JOBS, "ref: " + JOBS), (POWER, FLOODS), (FLOODS, "ref: " + JOBS)}
    assert marks(out) == expected
    with SessionStore.open(out, read_only=True) as store:
        assert len(store.reference_claims()) == 1
        by_quote = {(a.quote, a.reviewer): a.id for a in store.annotations()}
        assert store.same_as(by_quote[POWER, "jonas"]).claim_id == by_quote[FLOODS, "jonas"]
        [row] = [r for r in store.same_claim_rows() if r[0] == by_quote[POWER, "jonas"]]
        assert row[3] == "desk"  # who marked it, as stored
    again = merge_sessions(out, [amira, jonas])
    assert again.reference_claims_added == 0 and again.marks_added == 0
    assert marks(out) == expected


def test_a_merge_undone_takes_its_marks_and_fact_checks_out(tmp_path: Path, amira: Path,
                                                            jonas: Path) -> None:
    from annotator.core.review.merge import merge_change

    mark(jonas, POWER, same_as=FLOODS)
    mark(jonas, FLOODS, published=True)
    out = build(tmp_path / "team.sqlite", "amira", [("Floods", ART1)],
                [{"text": ART1, "quote": FLOODS, "label": "claim"}])
    with SessionStore.open(out, reviewer="editor") as store:
        change = merge_change(store, [jonas])
        assert len(store.reference_claims()) == 1 and len(store.all_same_as()) == 2
        change.undo(store)
        assert store.reference_claims() == {} and store.all_same_as() == {}
        change.redo(store)
        assert len(store.reference_claims()) == 1
    assert marks(out) == {(POWER, FLOODS), (FLOODS, "ref: " + JOBS)}


def test_a_claim_the_output_marked_keeps_its_own_mark(tmp_path: Path, amira: Path,
                                                      jonas: Path) -> None:
    out = tmp_path / "team.sqlite"
    merge_sessions(out, [amira])
    mark(out, FLOODS, same_as=JOBS)
    shutil.copy(amira, tmp_path / "amira2.sqlite")
    mark(tmp_path / "amira2.sqlite", FLOODS, published=True)
    report = merge_sessions(out, [tmp_path / "amira2.sqlite"])
    assert report.reference_claims_added == 1 and report.marks_added == 0
    assert marks(out) == {(FLOODS, JOBS)}
