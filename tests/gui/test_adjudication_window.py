"""The adjudication panel: items of an article, reviewers in lanes, accept / edit / reject."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.review.adjudication import GOLD_REVIEWER
from annotator.core.session.store import SessionStore

from .conftest import ARTICLE, open_window


def at(phrase: str) -> tuple[int, int]:
    start = ARTICLE.index(phrase)
    return start, start + len(phrase)


@pytest.fixture
def two_reviewers(app, session_path):
    with SessionStore.open(session_path) as store:
        doc = store.documents()[0].id
        add = store.add_annotation
        add(doc, *at("Up to 3,000 households"), "estimate", reviewer="ana")
        add(doc, *at("Up to 3,000 households"), "estimate", reviewer="bo")
        add(doc, *at("according to the emergency office"), "attribution", reviewer="ana",
            note="named office")
        add(doc, *at("according to the emergency office"), "claim", reviewer="bo")
        add(doc, *at("Some 4,000 volunteers"), "estimate", reviewer="ana")
    return session_path


@pytest.fixture
def adjudicating(qtbot, two_reviewers):
    window = open_window(qtbot, two_reviewers, reviewer="chief")
    window.reviewing.adjudication_action.trigger()
    qtbot.waitUntil(lambda: window.reviewing.panel.list.count() == 3, timeout=2000)
    return window


def rows(window) -> list[str]:
    panel = window.reviewing.panel
    return [panel.list.item(n).text() for n in range(panel.list.count())]


def test_disagreements_come_first_with_each_reviewers_version(adjudicating):
    window = adjudicating
    assert rows(window) == [
        "⚠  “according to the emergency office” — labels differ (attribution, claim)",
        "⚠  “Some 4,000 volunteers” — not tagged by bo",
        "○  “Up to 3,000 households” — all 2 agree: estimate",
    ]
    panel = window.reviewing.panel
    assert ("<b>2</b> open disagreements, <b>1</b> open agreement, 0 decided · 2 reviewers"
            in panel.counts.text())
    versions = panel.versions
    assert [versions.item(r, 0).text() for r in range(versions.rowCount())] == ["ana", "bo"]
    assert [versions.item(r, 1).text() for r in range(versions.rowCount())] == [
        "Attribution", "Claim"]
    # the article shows the chosen stretch
    assert window.article.view.selected_span() == at("according to the emergency office")
    assert panel.lanes.sizeHint().height() > 40


def test_accept_copies_a_version_into_gold_and_undo_takes_it_back(adjudicating, qtbot):
    window = adjudicating
    panel = window.reviewing.panel
    panel.versions.selectRow(0)  # ana's attribution
    panel.accept_button.click()
    gold = [a for a in window.state.store.annotations() if a.reviewer == GOLD_REVIEWER]
    assert [(a.label, a.note) for a in gold] == [("attribution", "named office")]
    qtbot.waitUntil(lambda: rows(window)[-1].startswith("✔"), timeout=2000)
    assert panel.current_item().disagreement and panel.current_item().open  # moved on
    window.undo_group.undo()
    assert not [a for a in window.state.store.annotations() if a.reviewer == GOLD_REVIEWER]
    qtbot.waitUntil(lambda: rows(window)[0].startswith("⚠  “according"), timeout=2000)


def test_accept_and_edit_makes_the_gold_copy_current(adjudicating):
    window = adjudicating
    panel = window.reviewing.panel
    panel.versions.selectRow(1)  # bo's claim
    panel.edit_button.click()
    current = window.state.store.annotation(window.state.annotation_id)
    assert current.reviewer == GOLD_REVIEWER and current.label == "claim"
    window.annotations.set_confidence(5)
    assert window.state.store.annotation(current.id).confidence == 5


def test_reject_decides_an_item_and_reopen_takes_it_back(adjudicating, qtbot):
    window = adjudicating
    panel = window.reviewing.panel
    panel.list.setCurrentRow(1)  # "Some 4,000 volunteers", only ana
    panel.reject_button.click()
    qtbot.waitUntil(lambda: any(r.startswith("✕") for r in rows(window)), timeout=2000)
    document = window.state.document_id
    assert window.state.store.rejected_spans(document) == [at("Some 4,000 volunteers")]
    window.undo_group.undo()
    assert window.state.store.rejected_spans(document) == []
    window.undo_group.redo()
    assert window.state.store.rejected_spans(document) == [at("Some 4,000 volunteers")]
    qtbot.waitUntil(lambda: any(r.startswith("✕") for r in rows(window)), timeout=2000)
    row = next(n for n, r in enumerate(rows(window)) if r.startswith("✕"))
    panel.list.setCurrentRow(row)
    panel.reopen_button.click()
    assert window.state.store.rejected_spans(document) == []


def test_accept_all_agreements_is_one_undo_step(adjudicating, qtbot):
    window = adjudicating
    document = window.state.store.documents()[0].id
    for reviewer in ("ana", "bo"):  # a second agreement, so that one step must undo two
        window.state.store.add_annotation(document, *at("Flood barriers failed"), "claim",
                                    reviewer=reviewer)
    window.reviewing.panel.refresh()
    assert window.reviewing.panel.accept_agreements() == 2
    gold = [a for a in window.state.store.annotations() if a.reviewer == GOLD_REVIEWER]
    assert sorted(a.quote for a in gold) == ["Flood barriers failed", "Up to 3,000 households"]
    window.undo_group.undo()
    assert not [a for a in window.state.store.annotations() if a.reviewer == GOLD_REVIEWER]
    window.undo_group.redo()
    assert len([a for a in window.state.store.annotations() if a.reviewer == GOLD_REVIEWER]) == 2


def test_new_tags_can_go_straight_to_the_gold_layer(adjudicating):
    window = adjudicating
    window.reviewing.panel.gold_tags.setChecked(True)
    window.article.view.select_span(*at("Flood barriers failed"))
    annotation = window.article.tag_selection("claim")
    assert annotation.reviewer == GOLD_REVIEWER
    window.reviewing.panel.gold_tags.setChecked(False)
    window.article.view.select_span(*at("Port Veyra"))
    assert window.article.tag_selection("claim").reviewer == "chief"


def test_the_gold_layer_exports_like_any_other(adjudicating, tmp_path):
    import csv

    window = adjudicating
    window.reviewing.panel.accept_agreements()
    out = tmp_path / "all.csv"
    window.files.exchange.export_to(out)
    with out.open(encoding="utf-8", newline="") as handle:
        reviewers = [row["reviewer"] for row in csv.DictReader(handle)]
    assert reviewers.count(GOLD_REVIEWER) == 1 and len(reviewers) == 6


def test_an_article_nobody_tagged_says_so(app, qtbot, session_path):
    window = open_window(qtbot, session_path)
    window.reviewing.show_adjudication()
    assert "No reviewer has tagged this article yet" in window.reviewing.panel.counts.text()
    assert not window.reviewing.panel.accept_agreements_button.isEnabled()


def test_the_agreement_window_shows_labels_and_pairs(app, qtbot, two_reviewers, tmp_path):
    import csv

    from annotator.gui.agreement_view import AgreementDialog

    window = open_window(qtbot, two_reviewers, reviewer="chief")
    dialog = AgreementDialog(window.reviewing.agreement_report, window.state.labels, window)
    qtbot.addWidget(dialog)
    report = dialog.report
    assert report.reviewers == ["ana", "bo"]
    assert [name for name, _ in dialog.chart.groups] == [
        "Claim", "Estimate", "Attribution", "All labels"]
    estimate = dict(dialog.chart.groups)["Estimate"]
    assert estimate[0] == pytest.approx(2 / 3)  # exact F1: 1 shared of 2 and 1 spans
    assert dialog.pairs.rowCount() == 1
    assert [dialog.pairs.item(0, c).text() for c in range(3)] == ["ana", "bo", "1"]
    assert "2 reviewers" in dialog.summary.text() and "on 1 article that" in dialog.summary.text()
    # the table of pairs is as tall as its one row, and the chart has the room
    dialog.show()
    qtbot.waitExposed(dialog)
    row = dialog.pairs.verticalHeader().defaultSectionSize()
    assert dialog.pairs.height() < dialog.pairs.horizontalHeader().height() + 3 * row
    assert dialog.chart.height() > 3 * dialog.pairs.height()
    assert not dialog.image().isNull()
    out = tmp_path / "agreement.csv"
    dialog.save_csv(str(out))
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["label"] for row in rows} >= {"claim", "estimate", "attribution", "all"}


def test_the_agreement_window_says_when_there_is_nothing_to_compare(window, qtbot):
    from annotator.gui.agreement_view import AgreementDialog

    dialog = AgreementDialog(window.reviewing.agreement_report, window.state.labels, window)
    qtbot.addWidget(dialog)
    assert "Nothing to compare" in dialog.summary.text()
    assert dialog.chart.groups == []


def reviewer_file(path, reviewer, spans):
    from annotator.core.articles.reading import ImportedDocument

    with SessionStore.open(path, create=True, reviewer=reviewer) as store:
        doc, _ = store.add_document(ImportedDocument(title="Barriers", text=ARTICLE,
                                                     source_format="text"))
        for phrase, label in spans:
            store.add_annotation(doc.id, *at(phrase), label)
    return path


def test_merging_reviewers_sessions_in_the_window_is_one_undo_step(window, qtbot, tmp_path):
    ana = reviewer_file(tmp_path / "ana.sqlite", "ana", [("Up to 3,000 households", "estimate")])
    bo = reviewer_file(tmp_path / "bo.sqlite", "bo", [("Up to 3,000 households", "estimate"),
                                                      ("Flood barriers failed", "claim")])
    report = window.files.exchange.merge_paths([ana, bo])
    assert report is not None and report.annotations_added == 3
    assert len(window.state.store.documents()) == 1  # the same article: matched by its text
    assert sorted(a.reviewer for a in window.state.store.annotations()) == ["ana", "bo", "bo"]
    assert window.annotations.table_model.rowCount() == 3
    ids = sorted(a.id for a in window.state.store.annotations())
    window.undo_group.undo()
    assert window.state.store.annotations() == []
    assert window.annotations.table_model.rowCount() == 0
    window.undo_group.redo()
    assert sorted(a.id for a in window.state.store.annotations()) == ids  # the same ids again
    again = window.files.exchange.merge_paths([ana, bo])
    assert again.annotations_added == 0


def test_a_cancelled_merge_leaves_the_session_as_it_was(window, tmp_path, monkeypatch):
    import threading

    ana = reviewer_file(tmp_path / "ana.sqlite", "ana", [("Up to 3,000 households", "estimate")])
    real_event = threading.Event

    class Cancelled(real_event):
        def __init__(self):
            super().__init__()
            self.set()

    monkeypatch.setattr(threading, "Event", Cancelled)
    assert window.files.exchange.merge_paths([ana]) is None
    assert window.state.store.annotations() == []
    assert "the merge was cancelled; the session is as it was" \
        in window.status_line.save_label.text()
    assert window.undo_group.activeStack().count() == 0  # no undo step for nothing


def test_undoing_an_articles_removal_keeps_its_rejections(adjudicating, monkeypatch):
    from annotator.gui import plain_text

    window = adjudicating
    document = window.state.document_id
    window.reviewing.panel.list.setCurrentRow(1)
    window.reviewing.panel.reject_button.click()
    rejected = window.state.store.rejected_spans(document)
    assert rejected
    monkeypatch.setattr(plain_text, "ask", lambda *args, **kwargs: True)
    window.documents.remove_document()
    assert window.state.store.documents() == []
    window.undo_group.undo()
    assert window.state.store.rejected_spans(document) == rejected


def test_adjudication_works_from_the_keyboard(adjudicating, qtbot):
    window = adjudicating
    panel = window.reviewing.panel
    panel.list.setFocus()
    qtbot.waitUntil(panel.list.hasFocus, timeout=2000)
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)  # accept ana's attribution (the first row)
    gold = [a for a in window.state.store.annotations() if a.reviewer == GOLD_REVIEWER]
    assert [(a.quote, a.label) for a in gold] == [("according to the emergency office",
                                                   "attribution")]
    qtbot.waitUntil(lambda: panel.current_item().open, timeout=2000)
    current = panel.current_item()
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Delete)  # reject the next open item
    state = window.state
    assert (current.start, current.end) in state.store.rejected_spans(state.document_id)


def test_the_lanes_show_whole_words_around_the_item(adjudicating):
    snippet = adjudicating.reviewing.panel.lanes._snippet
    assert "according to the emergency office" in snippet
    inner = snippet.removeprefix("… ").removesuffix(" …")
    assert inner != snippet  # the article goes on both sides, and the cuts are marked
    assert f" {inner} " in " " + ARTICLE.replace("\n", " ") + " "  # begins and ends at a word


@pytest.mark.parametrize(
    ("text", "span", "shown"),
    [
        ("alpha beta gamma delta", (6, 10), "alpha beta gamma delta"),  # all of it fits
        ("x" * 30 + " the mayor said so, officials added later that day", (31, 45),
         "the mayor said so, officials added"),
        ("y" * 60, (30, 32), "y" * 50),  # one long word: cut where it must be
    ],
)
def test_context_bounds_cut_at_white_space(text, span, shown):
    from annotator.gui.adjudication_panel import context_bounds

    start, stop = context_bounds(text, *span)
    assert text[start:stop] == shown


def test_the_versions_fill_the_table_width(adjudicating, qtbot):
    versions = adjudicating.reviewing.panel.versions
    header = versions.horizontalHeader()
    qtbot.waitUntil(lambda: versions.viewport().width() > 200, timeout=2000)
    widths = [header.sectionSize(column) for column in range(versions.columnCount())]
    assert abs(sum(widths) - versions.viewport().width()) <= 2
    assert widths[2] > widths[0] and widths[4] > widths[3]  # text and note take the room


def test_the_panel_has_room_for_three_versions_and_the_table_for_six_rows(
        two_reviewers, qtbot):
    from PySide6.QtWidgets import QScrollArea

    window = open_window(qtbot, two_reviewers, reviewer="chief")
    window.resize(1400, 900)
    window.reviewing.adjudication_action.trigger()
    qtbot.waitUntil(lambda: window.reviewing.panel.list.count() == 3, timeout=2000)
    versions = window.reviewing.panel.versions
    row = versions.verticalHeader().defaultSectionSize()
    qtbot.waitUntil(lambda: versions.viewport().height() >= 3 * row, timeout=2000)
    table_row = window.annotations.table.verticalHeader().defaultSectionSize()
    assert window.annotations.table.viewport().height() >= 5 * table_row
    # the inspector gives way (it scrolls) rather than holding the dock to its full height
    assert window.findChild(QScrollArea, "inspectorArea").widget() is window.annotations.inspector
