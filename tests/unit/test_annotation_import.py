"""Annotations from a file into a session: matching documents, re-anchoring spans, reporting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from annotator.core.formats.import_records import EXTRA_COLOURS, import_records, locate
from annotator.core.formats.records import DocumentRecord, SpanRecord, session_records
from annotator.core.formats.session_io import export_annotations, import_annotations
from annotator.core.models import Label
from annotator.core.session.store import SessionStore
from tests.unit.format_helpers import CUSTOM_LABEL, assert_custom_label, fill_with_custom_label

TEXT = (
    "Up to 3,000 troops were moved, according to the ministry.\n\n"
    "A source said some 4,000 more could follow. The ministry said the figure was 3,000."
)


def spans_of(store: SessionStore, doc_id: int | None = None) -> list[tuple]:
    return [
        (a.start, a.end, a.quote, a.label, a.confidence, a.note, a.reviewer, a.verdict,
         a.evidence, a.created_at, a.updated_at)
        for a in store.annotations(doc_id)
    ]


def fill(store: SessionStore, add_text) -> int:
    doc = add_text(TEXT)
    first = store.add_annotation(doc, 0, 11, "estimate", confidence=4, note="hedged\tfigure")
    second = store.add_annotation(doc, 31, 56, "attribution")
    store.add_annotation(doc, 3, 11, "estimate", confidence=2)  # overlapping
    store.update_annotation(first.id, verdict="mostly_true",
                            evidence=["https://example.org/a"])
    store.add_link(second.id, first.id)
    return doc


def test_round_trip_into_a_fresh_session_is_identical(tmp_path: Path, store, add_text) -> None:
    fill(store, add_text)
    records = list(session_records(store))
    with SessionStore.open(tmp_path / "fresh.sqlite", create=True, reviewer="other") as fresh:
        report = import_records(fresh, records)
        assert report.documents_added == 1 and report.added == 3 and not report.unplaced
        assert spans_of(fresh) == spans_of(store)
        (new_doc,) = fresh.documents()
        links = fresh.links_in_document(new_doc.id)
        quotes = {(fresh.annotation(s).quote, fresh.annotation(t).quote) for s, t in links}
        assert quotes == {("according to the ministry", "Up to 3,000")}


def test_importing_twice_adds_nothing_the_second_time(store, add_text) -> None:
    fill(store, add_text)
    records = list(session_records(store))
    again = import_records(store, records)
    assert again.added == 0 and again.duplicates == 3 and again.documents_matched == 1
    assert len(store.annotations()) == 3


def test_reviewer_option_overrides_the_file(tmp_path: Path, store, add_text) -> None:
    fill(store, add_text)
    records = list(session_records(store))
    with SessionStore.open(tmp_path / "b.sqlite", create=True) as other:
        import_records(other, records, reviewer="Bo")
        import_records(other, records, reviewer="Cy")  # same spans, another reviewer: kept
        assert sorted({a.reviewer for a in other.annotations()}) == ["Bo", "Cy"]
        assert len(other.annotations()) == 6


def test_spans_are_re_anchored_when_the_text_changed(store, add_text) -> None:
    fill(store, add_text)
    records = list(session_records(store))
    edited = "BREAKING. " + TEXT.replace("A source said", "An official source said")
    doc = add_text(edited, title="Edited")
    titled = [dataclasses.replace(r, text=None, sha256=None, title="Edited") for r in records]
    report = import_records(store, titled)
    assert report.added == 3 and report.realigned == 3 and not report.unplaced
    assert "their offsets did not hold it" in report.summary()
    assert "the text had changed" not in report.summary()  # the file says nothing of it
    quotes = sorted(a.quote for a in store.annotations(doc))
    assert quotes == ["Up to 3,000", "according to the ministry", "to 3,000"]


def test_a_document_found_by_its_original_file_gets_spans_re_anchored(store) -> None:
    from annotator.core.articles.reading import ImportedDocument

    edited = TEXT.replace("Up to", "As many as")
    summary, _ = store.add_document(ImportedDocument(
        title="Web version", text=edited, source_format="html", source_sha256="ab" * 32))
    record = DocumentRecord(
        title="Old extraction", text=TEXT, source_sha256="ab" * 32,
        spans=(SpanRecord(start=31, end=56, label="attribution",
                          quote="according to the ministry", prefix="were moved, "),),
    )
    report = import_records(store, [record])
    assert report.documents_matched == 1 and report.documents_added == 0
    (ann,) = store.annotations(summary.id)
    assert (ann.start, ann.quote) == (edited.index("according"), "according to the ministry")


def test_context_chooses_between_repeated_quotes() -> None:
    text = "the figure was 3,000 in May. Later the figure was 3,000 again."
    second = text.rindex("3,000")
    span = SpanRecord(start=0, end=5, label="estimate", quote="3,000",
                      prefix="Later the figure was ", suffix=" again.")
    assert locate(text, span) == (second, second + 5)
    without_context = SpanRecord(start=second - 3, end=second + 2, label="estimate",
                                 quote="3,000")
    assert locate(text, without_context) == (second, second + 5)  # the nearest


def test_white_space_differences_are_tolerated() -> None:
    text = "some 4,000\nmore could\nfollow"
    span = SpanRecord(start=0, end=20, label="estimate", quote="4,000 more could follow")
    assert locate(text, span) == (5, len(text))


def test_quote_missing_from_the_text_is_reported_not_guessed(store, add_text) -> None:
    add_text(TEXT, title="Troops")
    record = DocumentRecord(
        title="Troops", text=None,
        spans=(SpanRecord(start=0, end=9, label="claim", quote="not there"),),
    )
    report = import_records(store, [record])
    assert report.added == 0
    assert [u.reason for u in report.unplaced] == ["its quote is not in the document"]
    assert "could not be placed" in report.summary()


def test_unknown_document_without_text_is_reported(store) -> None:
    record = DocumentRecord(title="Elsewhere", text=None,
                            spans=(SpanRecord(start=0, end=3, label="claim", quote="abc"),))
    report = import_records(store, [record])
    assert report.unplaced[0].reason == "its document is not in the session"


def test_labels_the_session_lacks_are_added(store, add_text) -> None:
    add_text(TEXT, title="Troops")
    record = DocumentRecord(
        title="Troops", text=TEXT,
        spans=(
            SpanRecord(start=0, end=11, label="Estimate", quote="Up to 3,000"),
            SpanRecord(start=31, end=56, label="Source Org", quote="according to the ministry"),
        ),
    )
    report = import_records(store, [record])
    assert report.labels_added == ["source_org"]
    assert sorted(a.label for a in store.annotations()) == ["estimate", "source_org"]


def _labelled(*definitions: dict, labels=("source_ref",)) -> DocumentRecord:
    """A record of ``TEXT`` with one span per label, carrying ``definitions``."""
    quotes = ["Up to 3,000", "according to the ministry", "the figure", "4,000 more"]
    spans = tuple(
        SpanRecord(start=TEXT.index(q), end=TEXT.index(q) + len(q), label=label, quote=q)
        for label, q in zip(labels, quotes, strict=False)
    )
    return DocumentRecord(title="Troops", text=TEXT, spans=spans,
                          extra={"labels": list(definitions)})


def test_a_new_label_takes_its_definition(store) -> None:
    definition = {"name": "source_ref", "title": "Source (ref) ✓", "color": "#123456",
                  "description": "Where it comes from", "shortcut": "q"}
    report = import_records(store, [_labelled(definition)])
    assert report.labels_added == ["source_ref"] and report.added == 1
    got = store.labels()[-1]
    assert (got.name, got.title, got.color, got.description, got.shortcut) == (
        "source_ref", "Source (ref) ✓", "#123456", "Where it comes from", "Q",
    )


@pytest.mark.parametrize(
    ("definition", "title", "colour"),
    [
        ({"title": "  Source \n (ref)\t✓ ", "color": "#abcdef"}, "Source (ref) ✓", "#abcdef"),
        ({"title": "x" * 200}, "x" * 79 + "…", EXTRA_COLOURS[0]),
        ({"title": "   ", "color": "#123456\n"}, "source_ref", EXTRA_COLOURS[0]),
        ({"title": 12, "color": "#12345"}, "source_ref", EXTRA_COLOURS[0]),
        ({"color": "red", "description": ["not text"]}, "source_ref", EXTRA_COLOURS[0]),
        ({"color": "#FfFfFf"}, "source_ref", "#FfFfFf"),
    ],
)
def test_what_does_not_fit_the_label_model_falls_back(store, definition, title,
                                                       colour) -> None:
    import_records(store, [_labelled({"name": "source_ref", **definition})])
    got = store.labels()[-1]
    assert (got.name, got.title, got.color, got.description) == (
        "source_ref", title, colour, "",
    )


@pytest.mark.parametrize("key", ["J", "k", "N", "L", "C", "E", "A", "QQ", "1", "ß", "", None])
def test_a_new_label_never_takes_a_key_that_is_reserved_or_taken(store, key) -> None:
    import_records(store, [_labelled({"name": "source_ref", "shortcut": key})])
    assert store.labels()[-1].shortcut is None


def test_two_new_labels_with_the_same_key_do_not_share_it(store) -> None:
    first = {"name": "alpha", "shortcut": "Q", "color": "#111111"}
    second = {"name": "beta", "shortcut": "Q"}
    import_records(store, [_labelled(first, second, labels=("alpha", "beta"))])
    keys = {label.name: (label.shortcut, label.color) for label in store.labels()}
    assert keys["alpha"] == ("Q", "#111111")
    assert keys["beta"] == (None, EXTRA_COLOURS[0])  # the first colour that was not given


def test_a_label_the_session_has_keeps_its_title_and_colour(store) -> None:
    store.replace_labels([*store.labels(), Label(name="source_ref", title="Mine",
                                                 color="#000000")])
    before = store.labels()
    claim = {"name": "claim", "title": "Behauptung", "color": "#ff0000"}
    ours = {"name": "Source_Ref", "title": "Theirs", "color": "#ffffff"}
    report = import_records(store, [_labelled(claim, ours, labels=("claim", "Source_Ref"))])
    assert report.added == 2 and report.labels_added == []
    assert store.labels() == before


def test_a_definition_is_found_whatever_the_case_of_the_span_label(store) -> None:
    import_records(store, [_labelled({"name": "source ref", "title": "Quelle"},
                                     labels=("Source Ref",))])
    assert store.labels()[-1].title == "Quelle"


@pytest.mark.parametrize("fmt", ["jsonl", "w3c", "brat", "labelstudio"])
def test_an_exported_session_label_is_imported_with_its_definition(tmp_path: Path, store,
                                                                   add_text, fmt) -> None:
    added = fill_with_custom_label(store, add_text)
    target = tmp_path / ("export" if fmt == "brat" else f"export.{fmt}")
    export_annotations(store, fmt, target)
    with SessionStore.open(tmp_path / "fresh.sqlite", create=True) as fresh:
        report = import_annotations(fresh, target, fmt)
        assert report.added == added and report.labels_added == ["source_ref"]
        if fmt == "labelstudio":  # no titles, no keys: the value is the title
            got = fresh.labels()[-1]
            assert (got.title, got.color, got.description) == (
                "source_ref", CUSTOM_LABEL.color, CUSTOM_LABEL.description,
            )
        else:
            assert_custom_label(fresh, description=fmt != "brat", shortcut=fmt != "brat")


def test_an_invalid_span_is_reported_and_the_rest_added(store, add_text) -> None:
    add_text(TEXT, title="Troops")
    record = DocumentRecord(
        title="Troops", text=TEXT,
        spans=(
            SpanRecord(start=0, end=11, label="estimate", quote="Up to 3,000", confidence=9),
            SpanRecord(start=31, end=56, label="attribution", quote="according to the ministry"),
        ),
    )
    report = import_records(store, [record])
    assert report.added == 1 and len(report.unplaced) == 1
    assert "confidence" in report.unplaced[0].reason


pieces = st.sampled_from(["a", "b", " ", "\n", "😀", "한", "e\u0301", "3,000", "."])


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(parts=st.lists(pieces, min_size=3, max_size=40), data=st.data())
def test_any_span_is_found_again_in_a_shifted_text(parts, data) -> None:
    text = "".join(parts)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    if not quote.strip():
        return
    from annotator.core.formats.records import context_of

    prefix, suffix = context_of(text, start, end)
    span = SpanRecord(start=start, end=end, label="claim", quote=quote, prefix=prefix,
                      suffix=suffix)
    # a lead of none of the pieces' characters: else ". " in it may be as good a match as the
    # span's own place (a quote "." at the start of ". ." has the same context at both)
    lead = "INSERTED LEAD:"
    shifted = lead + text
    placed = locate(shifted, span, exact_allowed=False)
    assert placed is not None
    assert shifted[placed[0] : placed[1]] == quote
    assert placed == (start + len(lead), end + len(lead))


def test_a_refused_import_leaves_nothing_behind(tmp_path: Path, store, add_text) -> None:
    add_text(TEXT, title="Troops")
    before = (len(store.documents()), [label.name for label in store.labels()])
    records = [
        DocumentRecord(title="New", text="First document here.",
                       spans=(SpanRecord(start=0, end=5, label="newlabel", quote="First"),)),
        DocumentRecord(title="Blank", text="   ", spans=()),
    ]
    import pytest

    from annotator.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed, match="no text"):
        import_records(store, records)
    assert (len(store.documents()), [label.name for label in store.labels()]) == before
    assert store.annotations() == []
    # the store still works after the rollback
    assert import_records(store, records[:1]).added == 1


def test_text_that_is_not_valid_unicode_is_refused_before_writing(store) -> None:
    import pytest

    from annotator.core.errors import FormatError

    record = DocumentRecord(title="Odd", text="a\ud800b",
                            spans=(SpanRecord(start=0, end=3, label="claim", quote="a\ud800b"),))
    with pytest.raises(FormatError, match="U\\+D800.*not valid Unicode"):
        import_records(store, [record])
    assert store.documents() == []


def test_spans_a_reader_left_out_are_reported(store, add_text) -> None:
    add_text(TEXT, title="Troops")
    record = DocumentRecord(title="Troops", text=TEXT, spans=(),
                            extra={"skipped": ["x.ann, line 3: fragments with text between"]})
    report = import_records(store, [record])
    assert [u.reason for u in report.unplaced] == [
        "left out by the reader: x.ann, line 3: fragments with text between"]
    assert "left out by the reader" in report.summary()


_TEXT = "Up to 3,000 people 😀 left, officials said.\r\n  \n한국 e\u0301"


def _mostly(good, *bad):
    """Values that are mostly ``good`` (a strategy), now and then one of ``bad``."""
    return st.integers(0, 9).flatmap(lambda i: st.sampled_from(bad) if i == 0 else good)


@settings(max_examples=600, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(
    start=_mostly(st.integers(0, len(_TEXT) - 1), -1, len(_TEXT)),
    length=_mostly(st.integers(1, 12), 0, -1),
    label=_mostly(st.sampled_from(["claim", "estimate"]), "unknown"),
    confidence=_mostly(st.integers(1, 5), 0, 6, True, 3.0),
    note=_mostly(st.sampled_from(["", "a note", " "]), "x" * 20_001),
    verdict=_mostly(st.sampled_from([None, "false", "true"]), "bogus", "False"),
    evidence=st.lists(_mostly(st.sampled_from(["https://a.example/1", "http://b.example"]),
                              " https://c.example", "ftp://x", "", "x y"),
                      max_size=3).map(tuple),
    reviewer=_mostly(st.just("ana"), "", " ", "x" * 300),
)
def test_the_quick_check_of_an_imported_row_agrees_with_the_model(
        store, add_text, start, length, label, confidence, note, verdict, evidence, reviewer):
    """Rows an import adds are checked in plain Python and only read by the model when that
    check fails: whatever it lets through, the model would have let through, the same."""
    from annotator.core.formats import import_records as module

    doc = add_text(_TEXT, title="Article")
    rows = module._Rows(store)
    span = SpanRecord(start=0, end=1, label=label, quote="", confidence=confidence, note=note,
                      verdict=verdict, evidence=evidence)
    end = start + length
    created = "2026-01-02T03:04:05.000+00:00"
    quick = module._plain_row(doc, start, end, _TEXT, label, span, reviewer, created, created,
                              rows.verdicts, rows.labels)
    event("checked in plain Python" if quick is not None else "left to the model")
    if quick is None:
        return
    assert quick == rows._modelled(doc, start, end, _TEXT, label, span, reviewer, created,
                                   created)
