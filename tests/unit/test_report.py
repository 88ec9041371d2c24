"""The one-article report: marked text and a numbered table, escaped."""

from __future__ import annotations

from annotator.core.articles.reading import ImportedDocument
from annotator.core.labels import DEFAULT_LABELS
from annotator.core.report import article_report_html

TEXT = 'The <mayor> said "up to 3,000" & more left,\naccording to 서울 officials 🔥.'


def test_the_report_marks_every_span_and_numbers_them_in_reading_order(store):
    summary, _ = store.add_document(
        ImportedDocument(title="Flood <report>", text=TEXT, source_format="text")
    )
    quote_start = TEXT.index("up to 3,000")
    estimate = store.add_annotation(summary.id, quote_start, quote_start + 11, "estimate",
                                    note="check <register>")
    claim = store.add_annotation(summary.id, 0, TEXT.index(" &"), "claim", confidence=5)
    source = store.add_annotation(summary.id, TEXT.index("according"), len(TEXT) - 3,
                                  "attribution")
    store.update_annotation(claim.id, verdict="mixed", evidence=["https://example.org/a?b=1"])
    html = article_report_html(
        store.document(summary.id), store.annotations(summary.id), list(DEFAULT_LABELS),
        reviewer="desk",
    )
    assert "<h1>Flood &lt;report&gt;</h1>" in html
    assert "&lt;mayor&gt;" in html and "<mayor>" not in html  # the text is escaped
    assert "check &lt;register&gt;" in html
    assert "서울 officials" in html and " 🔥." in html
    # numbered in reading order: the claim (start 0) first, then the estimate inside it
    assert html.index("[1]") < html.index("[2]") < html.index("[3]")
    assert "5 (very high)" in html and "Mixed" in html
    assert "https://example.org/a?b=1" in html
    assert "1 claim, 1 estimate, 1 attribution" in html
    assert "text-decoration:underline" in html  # the estimate inside the claim is doubly marked
    assert html.count("<tr>") == 1 + 3
    assert estimate.id and source.id


def test_a_label_title_is_escaped_in_the_reports_tally(store):
    from annotator.core.models import Label

    summary, _ = store.add_document(
        ImportedDocument(title="Flood", text=TEXT, source_format="text")
    )
    rumour = Label(name="rumour", title='<img src="/dev/zero">Rumour', color="#123456")
    store.replace_labels([*store.labels(), rumour])
    store.add_annotation(summary.id, 0, 3, "rumour")
    html = article_report_html(
        store.document(summary.id), store.annotations(summary.id), store.labels()
    )
    assert "<img" not in html and "&lt;img" in html
