"""The window around the article: table, highlights, reopening, documents, export, drops."""

from __future__ import annotations

import csv

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent

from annotator.core.articles.importing import import_file
from annotator.core.session.store import SessionStore
from annotator.gui.annotation_table import TEXT

from .conftest import ARTICLE, open_window


def tag(window, phrase: str, label: str):
    start = window.article.view.text.index(phrase)
    window.article.view.select_span(start, start + len(phrase))
    annotation = window.article.tag_selection(label)
    assert annotation is not None
    return annotation


def span_centre(window, annotation_id: int) -> QPoint:
    window.article.view.set_current(None)
    view = window.article.view
    for span, rect, _ in view._visible_span_rects(view.viewport().rect()):
        if span.id == annotation_id:
            return rect.center().toPoint()
    raise AssertionError("span not painted")


def test_clicking_a_table_row_jumps_to_its_span(window, qtbot):
    first = tag(window, "Flood barriers failed", "claim")
    second = tag(window, "according to planning documents", "attribution")
    window.state.set_current(None)
    row = window.annotations.table_model.row_of(second)
    index = window.annotations.table_model.index(row, TEXT)
    rect = window.annotations.table.visualRect(index)
    qtbot.mouseClick(window.annotations.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert window.annotations.inspector.annotation.id == second.id
    assert window.article.view.current == second.id
    cursor = window.article.view.textCursor()
    assert cursor.position() in range(second.start, second.end + 3)
    assert first.id != second.id


def test_clicking_a_highlight_makes_it_current(window, qtbot):
    first = tag(window, "Up to 3,000 households", "estimate")
    tag(window, "according to the emergency office", "attribution")
    window.state.set_current(None)
    qtbot.mouseClick(window.article.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=span_centre(window, first.id))
    assert window.article.view.current == first.id
    assert window.annotations.inspector.annotation.id == first.id
    assert window.annotations.table.currentIndex().data(Qt.ItemDataRole.DisplayRole) == first.quote


def test_second_click_on_overlapping_spans_picks_the_other(window, qtbot):
    outer = tag(window, "Up to 3,000 households were evacuated", "claim")
    inner = tag(window, "3,000 households", "estimate")
    point = span_centre(window, inner.id)
    window.state.set_current(None)
    assert set(window.article.view.spans_at(QPointF(point))) == {outer.id, inner.id}
    qtbot.mouseClick(window.article.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.article.view.current == inner.id  # the shorter span first
    qtbot.mouseClick(window.article.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.article.view.current == outer.id


def _pixel(window, point: QPoint) -> QColor:
    image = window.article.view.viewport().grab().toImage()
    return image.pixelColor(point)


def test_reopening_shows_the_same_highlights_on_the_last_document(app, qtbot, session_path,
                                                                   tmp_path):
    second_article = tmp_path / "second.md"
    second_article.write_text("# Second\n\nSome 400 shelters opened, officials said.\n", "utf-8")
    window = open_window(qtbot, session_path)
    window.files.import_paths([second_article])
    window.state.show_document(window.state.store.documents()[0].id)
    first = tag(window, "Up to 3,000 households", "estimate")
    second = tag(window, "Flood barriers failed", "claim")
    window.state.set_current(None)
    point = span_centre(window, first.id)
    before = _pixel(window, point)
    window.close()

    reopened = open_window(qtbot, session_path)
    assert reopened.article.article_title.text().startswith("Flood barriers failed")
    assert reopened.article.view.visible_annotation_ids() == sorted([first.id, second.id])
    assert reopened.annotations.table_model.rowCount() == 2
    after = _pixel(reopened, span_centre(reopened, first.id))
    white = QColor("white")
    assert after != white and after.blue() < 200  # tinted orange, not plain paper
    assert after == before


def test_the_last_document_open_is_the_one_reopened(app, qtbot, session_path, tmp_path):
    second_article = tmp_path / "second.md"
    second_article.write_text("# Second article\n\nSome 400 shelters opened.\n", "utf-8")
    window = open_window(qtbot, session_path)
    [summary] = window.files.import_paths([second_article])
    assert window.state.document_id == summary.id
    window.close()
    reopened = open_window(qtbot, session_path)
    assert reopened.state.document_id == summary.id
    assert reopened.article.article_title.text() == "Second article"


def test_undo_switches_back_to_the_document_it_changes(app, qtbot, session_path, tmp_path):
    second_article = tmp_path / "second.txt"
    second_article.write_text("Second article\n\nSome 400 shelters opened.\n", "utf-8")
    window = open_window(qtbot, session_path)
    first_doc = window.state.document_id
    annotation = tag(window, "Some 4,000 volunteers", "estimate")
    window.files.import_paths([second_article])
    assert window.state.document_id != first_doc
    window.undo_group.undo()  # the import
    assert len(window.state.store.documents()) == 1
    assert window.state.document_id == first_doc
    window.undo_group.undo()  # the tag
    assert window.state.store.annotations() == []
    window.undo_group.redo()
    assert [a.id for a in window.state.store.annotations()] == [annotation.id]
    assert window.article.view.current == annotation.id


def test_removing_a_document_can_be_undone_with_its_annotations(window, qtbot):
    annotation = tag(window, "Some 4,000 volunteers", "estimate")
    doc_id = window.state.document_id
    assert window.state.controller.remove_document(doc_id)
    assert window.state.store.documents() == []
    assert window.documents.document_model.rowCount() == 0
    window.undo_group.undo()
    assert [d.id for d in window.state.store.documents()] == [doc_id]
    assert [a.id for a in window.state.store.annotations(doc_id)] == [annotation.id]
    assert window.state.document_id == doc_id


def test_label_change_from_the_inspector(window, qtbot):
    annotation = tag(window, "Some 4,000 volunteers", "claim")
    box = window.annotations.inspector.label_box
    box.setCurrentIndex(box.findData("estimate"))
    box.activated.emit(box.currentIndex())
    assert window.state.store.annotation(annotation.id).label == "estimate"
    window.undo_group.undo()
    assert window.state.store.annotation(annotation.id).label == "claim"


def test_importing_the_same_article_twice_keeps_one(window, qtbot, article_file):
    window.files.import_paths([article_file])
    assert len(window.state.store.documents()) == 1


def test_unreadable_document_is_reported_not_raised(window, qtbot, tmp_path):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    empty = tmp_path / "empty.md"
    empty.write_text("  \n\n", "utf-8")
    assert window.files.import_paths([binary, empty]) == []
    assert "empty" in window.status_line.save_label.text()
    assert len(window.state.store.documents()) == 1


def test_dropping_files_imports_them(window, qtbot, tmp_path):
    dropped = tmp_path / "dropped.html"
    dropped.write_text(
        "<html><head><title>Dropped | Site</title><script>var secret = 1;</script></head>"
        "<body><article><h1>Dropped page</h1><p>Officials said up to 30 vessels a week "
        "crossed the strait last spring, according to customs data.</p></article></body></html>",
        "utf-8",
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    titles = [d.title for d in window.state.store.documents()]
    assert "Dropped page" in titles
    assert "up to 30 vessels a week" in window.article.view.text
    assert "secret" not in window.article.view.text


def test_export_from_the_window_writes_the_contract_columns(window, qtbot, tmp_path):
    annotation = tag(window, "Some 4,000 volunteers", "estimate")
    out = tmp_path / "out.csv"
    assert window.files.exchange.export_to(out) == 1
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["text"] == "Some 4,000 volunteers"
    assert int(rows[0]["start"]) == annotation.start
    assert ARTICLE[int(rows[0]["start"]):int(rows[0]["end"])] == rows[0]["text"]


def test_a_second_session_can_be_opened_in_the_same_window(window, qtbot, tmp_path, article_file):
    other = tmp_path / "other.sqlite"
    with SessionStore.open(other, create=True) as store:
        import_file(store, article_file)
        doc = store.documents()[0]
        store.add_annotation(doc.id, 0, 5, "claim")
    assert window.files.open_session(other, create=False)
    assert window.annotations.table_model.rowCount() == 1
    assert window.status_line.session_label.text().strip() == "other.sqlite"


def test_a_file_that_is_not_a_session_is_refused_with_a_message(window, tmp_path):
    bogus = tmp_path / "notes.sqlite"
    bogus.write_text("just some notes", "utf-8")
    assert not window.files.open_session(bogus, create=False)
    assert "not a session" in window.status_line.save_label.text()
    assert bogus.read_text("utf-8") == "just some notes"


def test_undo_updates_the_note_field_even_while_it_has_the_focus(window, qtbot):
    annotation = tag(window, "Some 4,000 volunteers", "estimate")
    window.annotations.inspector.note.setFocus()
    qtbot.keyClicks(window.annotations.inspector.note, "ask the city")
    assert window.state.store.annotation(annotation.id).note == "ask the city"
    window.undo_group.undo()
    assert window.state.store.annotation(annotation.id).note == ""
    assert window.annotations.inspector.note.toPlainText() == ""
    # typing again starts from the undone text
    qtbot.keyClicks(window.annotations.inspector.note, "x")
    assert window.state.store.annotation(annotation.id).note == "x"


def test_a_pasted_note_of_megabytes_is_cut_to_the_limit_with_a_message(window, qtbot):
    from annotator.core.models import MAX_NOTE_CHARS

    annotation = tag(window, "Some 4,000 volunteers", "estimate")
    window.annotations.inspector.note.setPlainText("evidence " * 300_000)  # 2.7 MB pasted
    stored = window.state.store.annotation(annotation.id).note
    assert len(stored) == MAX_NOTE_CHARS
    assert len(window.annotations.inspector.note.toPlainText()) == MAX_NOTE_CHARS
    assert "at most 100,000 characters" in window.status_line.save_label.text()


def test_tagging_the_same_span_twice_is_refused_with_a_message(window, qtbot):
    first = tag(window, "Some 4,000 volunteers", "estimate")
    start = window.article.view.text.index("Some 4,000 volunteers")
    window.article.view.select_span(start, start + len("Some 4,000 volunteers"))
    assert window.article.tag_selection("estimate") is None
    assert f"already tagged as estimate (annotation {first.id})" \
        in window.status_line.save_label.text()
    assert window.annotations.table_model.rowCount() == 1


def test_verdict_and_evidence_from_the_inspector(window, qtbot):
    from annotator.gui.annotation_table import VERDICT

    claim = tag(window, "Flood barriers failed", "claim")
    inspector = window.annotations.inspector
    assert inspector.verdict_box.isVisible()
    box = inspector.verdict_box
    box.setCurrentIndex(box.findData("mostly_true"))
    box.activated.emit(box.currentIndex())
    assert window.state.store.annotation(claim.id).verdict == "mostly_true"
    assert window.annotations.table_model.index(0, VERDICT).data() == "Mostly true"

    inspector.evidence.setFocus()
    qtbot.keyClicks(inspector.evidence, "https://example.org/report")
    assert window.state.store.annotation(claim.id).evidence == ("https://example.org/report",)
    qtbot.keyClick(inspector.evidence, Qt.Key.Key_Return)
    qtbot.keyClicks(inspector.evidence, "not a link")
    assert inspector.evidence_hint.isVisible()
    assert "not a web address" in inspector.evidence_hint.text()
    assert window.state.store.annotation(claim.id).evidence == ("https://example.org/report",)

    window.undo_group.undo()  # the typed links are one step
    assert window.state.store.annotation(claim.id).evidence == ()
    window.undo_group.undo()
    assert window.state.store.annotation(claim.id).verdict is None


def test_a_claim_relabelled_loses_its_verdict_in_one_undoable_step(window, qtbot):
    claim = tag(window, "Flood barriers failed", "claim")
    window.annotations.edit(claim.id, verdict="false")
    box = window.annotations.inspector.label_box
    box.setCurrentIndex(box.findData("estimate"))
    box.activated.emit(box.currentIndex())
    changed = window.state.store.annotation(claim.id)
    assert (changed.label, changed.verdict) == ("estimate", None)
    assert not window.annotations.inspector.verdict_box.isVisible()
    window.undo_group.undo()
    restored = window.state.store.annotation(claim.id)
    assert (restored.label, restored.verdict) == ("claim", "false")


def test_article_progress_and_counts_per_label_in_the_document_list(window, qtbot):
    tag(window, "Flood barriers failed", "claim")
    tag(window, "Some 4,000 volunteers", "estimate")
    tag(window, "Up to 3,000 households", "estimate")
    line = window.documents.document_model.index(0).data()
    assert "Not started" in line and "3 (C1 E2)" in line
    doc_id = window.state.document_id
    window.documents.set_status("done")
    assert window.state.store.document_summary(doc_id).status == "done"
    assert "Done" in window.documents.document_model.index(0).data()
    assert window.documents.status_actions[-1].isChecked()
    window.undo_group.undo()
    assert window.state.store.document_summary(doc_id).status == "not_started"
    assert "○" in window.documents.document_model.index(0).data()


def test_the_document_filter_hides_articles_that_do_not_match(window, qtbot, tmp_path):
    other = tmp_path / "grain.md"
    other.write_text("# Grain corridor\n\nShipments fell by 20 percent, customs data showed.\n",
                     "utf-8")
    window.files.import_paths([other])
    assert window.documents.document_model.rowCount() == 2
    window.documents.document_filter.setText("customs")  # in the text of the second only
    hidden = [window.documents.document_list.isRowHidden(r) for r in range(2)]
    assert hidden == [True, False]
    window.documents.document_filter.setText("FLOOD barriers")  # every word, any case
    assert [window.documents.document_list.isRowHidden(r) for r in range(2)] == [False, True]
    window.documents.document_filter.clear()
    assert [window.documents.document_list.isRowHidden(r) for r in range(2)] == [False, False]


def test_themes_change_the_palette_keep_the_highlights_and_are_remembered(window, qtbot):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from annotator.gui.settings import Settings

    annotation = tag(window, "Up to 3,000 households", "estimate")
    window.state.set_current(None)
    try:
        window.set_theme("dark")
        base = QApplication.instance().palette().color(QPalette.ColorRole.Base)
        assert base.lightness() < 60
        assert Settings().theme == "dark"
        paper = _pixel(window, QPoint(3, 3))
        highlight = _pixel(window, span_centre(window, annotation.id))
        assert highlight != paper  # the span still stands out on the dark page
        window.set_theme("contrast")
        assert QApplication.instance().palette().color(QPalette.ColorRole.Text).lightness() > 240
    finally:
        window.set_theme("light")


def test_clicking_a_highlight_while_linking_makes_the_link(window, qtbot):
    claim = tag(window, "Up to 3,000 households were evacuated", "claim")
    source = tag(window, "according to the emergency office", "attribution")
    window.article.link_current()
    window.state.set_current(None)
    qtbot.mouseClick(window.article.view.viewport(), Qt.MouseButton.LeftButton,
                     pos=span_centre(window, claim.id))
    assert window.state.store.links_of(source.id) == [(source.id, claim.id)]
    assert window.article.view.current == source.id
    window.annotations.inspector.links.setCurrentRow(0)
    window.annotations.inspector.unlink_button.click()
    assert window.state.store.links_of(source.id) == []


def _table_quotes(window) -> list[str]:
    from annotator.gui.annotation_table import TEXT

    model = window.annotations.table_model
    return [model.index(r, TEXT).data() for r in range(model.rowCount())]


def test_the_table_filters_by_label_confidence_and_words(window, qtbot):
    claim = tag(window, "Flood barriers failed", "claim")
    tag(window, "Some 4,000 volunteers", "estimate")
    high = tag(window, "Up to 3,000 households", "estimate")
    window.annotations.edit(high.id, confidence=5, note="check the register")
    bar = window.annotations.table_filter
    bar.label.setCurrentIndex(bar.label.findData("estimate"))
    bar.label.activated.emit(bar.label.currentIndex())
    assert _table_quotes(window) == ["Up to 3,000 households", "Some 4,000 volunteers"]
    bar.confidence.setCurrentIndex(bar.confidence.findData(4))
    bar.confidence.activated.emit(bar.confidence.currentIndex())
    assert _table_quotes(window) == ["Up to 3,000 households"]
    bar.label.setCurrentIndex(0)
    bar.confidence.setCurrentIndex(0)
    bar.words.setText("REGISTER")  # a word of the note, any case
    qtbot.waitUntil(lambda: _table_quotes(window) == ["Up to 3,000 households"], timeout=2000)
    window.state.set_current(claim.id)  # filtered out: nothing selected in the table, no error
    assert not window.annotations.table.selectionModel().hasSelection()
    bar.words.clear()
    qtbot.waitUntil(lambda: len(_table_quotes(window)) == 3, timeout=2000)


def test_clicking_a_header_sorts_and_a_third_click_restores_reading_order(window, qtbot):
    from annotator.gui.annotation_table import CONFIDENCE

    low = tag(window, "Flood barriers failed", "claim")
    high = tag(window, "Some 4,000 volunteers", "estimate")
    window.annotations.edit(low.id, confidence=1)
    window.annotations.edit(high.id, confidence=5)
    reading = _table_quotes(window)
    window.annotations.sort_by(CONFIDENCE)
    assert _table_quotes(window) == ["Flood barriers failed", "Some 4,000 volunteers"]
    window.annotations.sort_by(CONFIDENCE)
    assert _table_quotes(window) == ["Some 4,000 volunteers", "Flood barriers failed"]
    window.annotations.sort_by(CONFIDENCE)
    assert _table_quotes(window) == reading
    assert window.annotations.table_model.view.is_plain


def test_all_articles_lists_every_document_and_a_row_opens_its_article(window, qtbot, tmp_path):
    first = window.state.document_id
    tag(window, "Flood barriers failed", "claim")
    other = tmp_path / "grain.md"
    other.write_text("# Grain\n\nShipments fell by 20 percent, customs data showed.\n", "utf-8")
    window.files.import_paths([other])
    elsewhere = tag(window, "customs data showed", "attribution")
    window.annotations.table_filter.all_documents.setChecked(True)
    assert sorted(_table_quotes(window)) == ["Flood barriers failed", "customs data showed"]
    window.state.show_document(first)
    assert window.annotations.table_model.rowCount() == 2  # still every article
    row = window.annotations.table_model.row_of(elsewhere)
    window.annotations.go_to_row(window.annotations.table_model.index(row, 0))
    assert window.state.document_id == elsewhere.document_id
    assert window.article.view.current == elsewhere.id


def test_the_article_report_is_written_as_a_pdf(window, qtbot, tmp_path):
    tag(window, "Flood barriers failed", "claim")
    tag(window, "Some 4,000 volunteers", "estimate")
    out = tmp_path / "report.pdf"
    assert window.files.exchange.export_report(out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    assert len(data) > 2000
    assert not list(tmp_path.glob(".report.pdf.partial"))
    report = window.files.exchange.report()
    assert "Flood barriers failed" in report.toPlainText()
    assert "[1]" in report.toPlainText() and "[2]" in report.toPlainText()


def test_statistics_charts_count_and_copy_as_an_image(window, qtbot, tmp_path):
    from PySide6.QtWidgets import QApplication

    from annotator.gui.statistics import StatisticsDialog

    tag(window, "Flood barriers failed", "claim")
    window.annotations.edit(tag(window, "Some 4,000 volunteers", "estimate").id, confidence=5)
    state = window.state
    dialog = StatisticsDialog(state.store, state.labels, state.document_id, window)
    qtbot.addWidget(dialog)
    assert dialog.by_label.totals() == [1, 1, 0]  # claim, estimate, attribution
    assert dialog.by_confidence.totals() == [0, 0, 1, 0, 1]
    assert dialog.by_document.totals() == [2]
    dialog.copy_image()
    image = QApplication.clipboard().image()
    assert not image.isNull() and image.width() > 300
    dialog.image().save(str(tmp_path / "stats.png"), "PNG")
    assert (tmp_path / "stats.png").stat().st_size > 1000


def test_statistics_can_count_one_reviewers_annotations(window, qtbot):
    from annotator.gui.statistics import StatisticsDialog

    tag(window, "Flood barriers failed", "claim")
    text = window.state.store.document_text(window.state.document_id)
    start = text.index("Some 4,000 volunteers")
    window.state.store.add_annotation(window.state.document_id, start, start + 21, "estimate",
                                reviewer="Second Reviewer")
    state = window.state
    dialog = StatisticsDialog(state.store, state.labels, state.document_id, window)
    qtbot.addWidget(dialog)
    assert dialog.by_label.totals() == [1, 1, 0]
    names = [dialog.reviewer.itemText(i) for i in range(dialog.reviewer.count())]
    assert names[0] == "All reviewers" and "Second Reviewer" in names
    dialog.reviewer.setCurrentIndex(names.index("Second Reviewer"))
    assert dialog.by_label.totals() == [0, 1, 0]
    assert dialog.by_document.totals() == [1]


def test_ctrl_dragging_from_one_highlight_to_another_links_them(window, qtbot):
    claim = tag(window, "Up to 3,000 households were evacuated", "claim")
    source = tag(window, "according to the emergency office", "attribution")
    start_point = span_centre(window, source.id)
    end_point = span_centre(window, claim.id)
    port = window.article.view.viewport()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, ctrl, start_point)
    qtbot.mouseMove(port, end_point)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, ctrl, end_point)
    assert window.state.store.links_of(source.id) == [(source.id, claim.id)]
    assert not window.article.view.textCursor().hasSelection()  # a link, not a selection
    assert window.article.view.current == source.id


def test_relabelling_moves_the_counts_per_label_in_the_document_list(window, qtbot):
    annotation = tag(window, "Flood barriers failed", "claim")
    assert "(C1)" in window.documents.document_model.index(0).data()
    window.annotations.change_label(annotation.id, "estimate")
    qtbot.waitUntil(lambda: "(E1)" in window.documents.document_model.index(0).data(), timeout=2000)
    window.undo_group.undo()
    qtbot.waitUntil(lambda: "(C1)" in window.documents.document_model.index(0).data(), timeout=2000)


def test_the_inspector_shows_a_whole_annotation_without_scrolling(window, qtbot):
    from PySide6.QtWidgets import QScrollArea

    window.resize(1400, 900)
    tag(window, "Up to 3,000 households", "estimate")
    area = window.findChild(QScrollArea, "inspectorArea")
    qtbot.waitUntil(lambda: area.viewport().height() > 100, timeout=2000)
    assert not area.verticalScrollBar().isVisible()
    assert window.annotations.inspector.delete_button.isVisible()


def test_the_reviewer_column_shows_only_with_two_reviewers(window, qtbot):
    from annotator.gui.annotation_table import REVIEWER

    tag(window, "Up to 3,000 households", "estimate")
    window.annotations.show_reviewers()
    assert window.annotations.table.isColumnHidden(REVIEWER)
    assert not window.annotations.table_filter.reviewer.isVisibleTo(window)
    document = window.state.store.documents()[0].id
    start = window.article.view.text.index("Some 4,000")
    window.state.store.add_annotation(document, start, start + 10, "estimate", reviewer="colleague")
    window.annotations.show_reviewers()
    assert not window.annotations.table.isColumnHidden(REVIEWER)
    assert window.annotations.table_filter.reviewer.isVisibleTo(window)


def test_every_menu_gives_each_item_its_own_access_key(window):
    import re

    from PySide6.QtWidgets import QMenu

    def keys_of(menu: QMenu) -> list[str]:
        found = []
        for action in menu.actions():
            match = re.search(r"&([^&])", action.text().replace("&&", ""))
            if match:
                found.append(match.group(1).lower())
            if action.menu() is not None:
                assert_unique(action.menu())
        return found

    def assert_unique(menu: QMenu) -> None:
        keys = keys_of(menu)
        assert len(keys) == len(set(keys)), (menu.title(), sorted(keys))

    menus = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    assert len(menus) >= 5
    for menu in menus:
        menu.aboutToShow.emit()  # menus filled on demand (Open Recent) are filled first
        assert_unique(menu)
    bar_keys = [re.search(r"&(.)", a.text()).group(1) for a in window.menuBar().actions()]
    assert len(bar_keys) == len(set(bar_keys))
