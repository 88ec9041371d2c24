"""A session's own export, imported into a session that lacks the article (or holds the same
article), keeps every span exactly where it was: the file carries the article's text, so its
offsets are the truth, however often a quote recurs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.articles.reading import ImportedDocument
from annotator.core.formats.session_io import export_annotations, import_annotations
from annotator.core.session.store import SessionStore

FORMATS = ("jsonl", "w3c", "brat", "labelstudio", "csv")
QUOTE = "12 percent"


def repeated_quote_text(paragraphs: int = 3000) -> str:
    """A report where "12 percent" occurs twice in every paragraph (6,000 times in all)."""
    lines = ["Report", ""]
    for i in range(paragraphs):
        lines.append(f"Paragraph {i}: the minister said the figure was 12 percent, "
                     "the agency said 12 percent.")
    return "\n".join(lines) + "\n"


def nth(text: str, quote: str, n: int) -> int:
    """Where the ``n``-th occurrence (from 1) of ``quote`` starts."""
    at = -1
    for _ in range(n):
        at = text.index(quote, at + 1)
    return at


def target_for(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / ("export" if fmt == "brat" else f"export.{fmt}")


def kept(store: SessionStore) -> list[tuple]:
    return sorted((a.start, a.end, a.quote, a.label, a.note, a.confidence)
                  for a in store.annotations())


def receiving_session(path: Path, source: SessionStore, fmt: str) -> SessionStore:
    """A fresh session; for CSV (which carries no text) it holds the same article, untagged."""
    fresh = SessionStore.open(path, create=True, reviewer="colleague")
    if fmt == "csv":
        for doc in source.documents():
            fresh.add_document(ImportedDocument(title=doc.title, source_format="text",
                                                text=source.document_text(doc.id)))
    return fresh


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_keeps_exact_offsets_of_a_quote_that_recurs_thousands_of_times(
    tmp_path: Path, store, add_text, fmt
) -> None:
    text = repeated_quote_text()
    doc = add_text(text, title="Report")
    for n, label in ((11, "estimate"), (5501, "claim"), (5502, "estimate")):
        at = nth(text, QUOTE, n)
        store.add_annotation(doc, at, at + len(QUOTE), label, note=f"occurrence {n}")
    target = target_for(tmp_path, fmt)
    export_annotations(store, fmt, target)
    with receiving_session(tmp_path / "colleague.sqlite", store, fmt) as fresh:
        report = import_annotations(fresh, target, fmt)
        assert kept(fresh) == kept(store)
        assert report.added == 3 and report.duplicates == 0 and not report.unplaced
        assert report.moved == 0
        assert "the text had changed" not in report.summary()


TOKENS = ("12 percent", "12 percent", "said", " ", " ", ", ", ".", "\n", "😀", "🔥",
          "한국어", "서울", "e\u0301", "3,000", "the agency")


@st.composite
def tagged_texts(draw):
    """A text of recurring pieces (no carriage return) and up to nine distinct spans on it,
    most of them on one of the recurring pieces."""
    text = "Report: " + "".join(draw(st.lists(st.sampled_from(TOKENS), min_size=2,
                                               max_size=60)))
    spans = {(0, 6, "claim"): ("", 3)}
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            piece = draw(st.sampled_from(TOKENS[:3] + ("서울", "😀")))
            places = [i for i in range(len(text)) if text.startswith(piece, i)]
            if not places:
                continue
            start = draw(st.sampled_from(places))
            end = start + len(piece)
        else:
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, min(len(text), start + 20)))
        if not text[start:end].strip():
            continue
        label = draw(st.sampled_from(("claim", "estimate", "attribution")))
        note = draw(st.sampled_from(("", "check 😀", "서울\nline")))
        spans[(start, end, label)] = (note, draw(st.integers(1, 5)))
    return text, spans


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tagged=tagged_texts())
def test_export_then_import_into_a_fresh_session_gives_identical_spans(tmp_path_factory, fmt,
                                                                       tagged) -> None:
    text, spans = tagged
    folder = tmp_path_factory.mktemp(fmt)
    with SessionStore.open(folder / "a.sqlite", create=True, reviewer="ana") as source:
        summary, _ = source.add_document(ImportedDocument(title="Doc", text=text,
                                                          source_format="text"))
        for (start, end, label), (note, confidence) in spans.items():
            source.add_annotation(summary.id, start, end, label, note=note,
                                  confidence=confidence)
        target = target_for(folder, fmt)
        export_annotations(source, fmt, target)
        with receiving_session(folder / "b.sqlite", source, fmt) as fresh:
            report = import_annotations(fresh, target, fmt)
            got = sorted((a.start, a.end, a.label, a.note, a.confidence)
                         for a in fresh.annotations())
            want = sorted((a.start, a.end, a.label, a.note, a.confidence)
                          for a in source.annotations())
            assert got == want
            assert report.moved == 0 and not report.unplaced


def test_offsets_into_a_text_with_carriage_returns_are_kept_once_it_is_normalised(store) -> None:
    from annotator.core.formats.import_records import import_records
    from annotator.core.formats.records import DocumentRecord, SpanRecord

    raw = "\ufeffReport\r\n\r\n12 percent\x00 rose;\r\nthen 12 percent\rfell, 12 percent.\r\n"
    places = [nth(raw, QUOTE, n) for n in (1, 2, 3)]
    spans = tuple(SpanRecord(start=at, end=at + len(QUOTE), label="estimate", quote=QUOTE)
                  for at in places)
    spans += (SpanRecord(start=raw.index("rose"), end=raw.index("then") + 4, label="claim",
                         quote="rose;\r\nthen"),)
    report = import_records(store, [DocumentRecord(title="Report", text=raw, spans=spans)])
    text = store.document_text(store.documents()[0].id)
    assert text == "Report\n\n12 percent rose;\nthen 12 percent\nfell, 12 percent.\n"
    want = sorted([(nth(text, QUOTE, n), nth(text, QUOTE, n) + len(QUOTE)) for n in (1, 2, 3)]
                  + [(text.index("rose"), text.index("then") + 4)])
    assert sorted((a.start, a.end) for a in store.annotations()) == want
    assert report.added == 4 and report.moved == report.realigned == 0


def test_a_file_whose_text_differs_has_its_spans_placed_again_and_says_so(store) -> None:
    from annotator.core.formats.import_records import import_records
    from annotator.core.formats.records import DocumentRecord, SpanRecord, context_of

    old = repeated_quote_text(300)
    cut = old.index("Paragraph 150:")
    new = "Corrected on Monday.\n" + old[:cut] + "Paragraph 150 was rewritten.\n" + old[cut:]
    store.add_document(ImportedDocument(title="Report", text=new, source_format="html",
                                        source_sha256="cd" * 32))
    wanted = {}
    spans = []
    for n in (3, 299, 300, 301, 302, 598):
        at = nth(old, QUOTE, n)
        prefix, suffix = context_of(old, at, at + len(QUOTE))
        spans.append(SpanRecord(start=at, end=at + len(QUOTE), label="estimate", quote=QUOTE,
                                prefix=prefix, suffix=suffix, note=str(n)))
        wanted[str(n)] = nth(new, QUOTE, n)
    record = DocumentRecord(title="Report", text=old, spans=tuple(spans),
                            source_sha256="cd" * 32)
    report = import_records(store, [record])
    assert report.documents_added == 0 and report.added == 6 and not report.unplaced
    assert {a.note: a.start for a in store.annotations()} == wanted
    assert (report.moved, report.shifted) == (3, 3)
    assert "3 placed again by their quote (the text had changed)" in report.summary()
    assert "3 moved with the text around them (the text had changed)" in report.summary()


def test_spans_of_a_csv_follow_an_article_that_gained_a_paragraph(tmp_path: Path, store,
                                                                  add_text) -> None:
    text = repeated_quote_text(200)
    doc = add_text(text, title="Report")
    for n in range(1, 400, 7):  # short quotes that recur every few dozen characters
        at = nth(text, QUOTE, n)
        store.add_annotation(doc, at, at + len(QUOTE), "estimate", note=str(n))
    for n in (5, 120, 190):  # and a few whole sentences, which say where they are
        at = text.index(f"Paragraph {n}:")
        store.add_annotation(doc, at, text.index("\n", at), "claim", note=f"p{n}")
    export_annotations(store, "csv", tmp_path / "a.csv")
    lead = "Corrected: an earlier version gave the wrong figure for 12 percent.\n\n"
    with SessionStore.open(tmp_path / "edited.sqlite", create=True) as edited:
        edited.add_document(ImportedDocument(title="Report", text=lead + text,
                                             source_format="text"))
        report = import_annotations(edited, tmp_path / "a.csv", "csv")
        assert report.added == len(store.annotations()) and not report.unplaced
        assert sorted((a.start - len(lead), a.end - len(lead), a.note)
                      for a in edited.annotations()) == sorted(
            (a.start, a.end, a.note) for a in store.annotations())
        assert "the text had changed" in report.summary()
