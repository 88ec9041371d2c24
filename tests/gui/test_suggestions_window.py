"""Suggestions in the window: made in the background when an article is first opened or imported,
outlined (never filled) in the article, listed and counted; S / Shift+S move through them, Enter
accepts, C / E / A accept under that label, Delete rejects, Accept All is one undo step, and
View → Show Suggestions hides them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtWidgets import QApplication

from annotator.core.articles.importing import import_file
from annotator.core.session.store import SessionStore
from annotator.core.suggestions.session import suggest_documents
from annotator.gui.settings import Settings
from tests.gui.conftest import open_window


def press(qtbot, qt_key, modifier=Qt.KeyboardModifier.NoModifier):
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, qt_key, modifier)


def undo(qtbot):
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def redo(qtbot):
    press(qtbot, Qt.Key.Key_Z,
          Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def ready(window, qtbot):
    """Wait for the open article's suggestions (made in the background)."""
    qtbot.waitUntil(lambda: len(window.state.suggestions) > 0, timeout=10_000)
    window.article.view.setFocus()
    return list(window.state.suggestions)


def quote(window, suggestion) -> str:
    return window.article.view.text[suggestion.start:suggestion.end]


@pytest.fixture
def suggested(window, qtbot):
    return ready(window, qtbot)


def test_suggestions_are_made_in_the_background_and_outlined(window, qtbot, suggested):
    store = window.state.store
    document_id = window.state.document_id
    assert store.suggestion_rules(document_id) is not None
    assert suggested == store.pending_suggestions(document_id)
    quotes = {(quote(window, s), s.label) for s in suggested}
    assert ("Up to 3,000", "estimate") in quotes
    assert ("according to the emergency office", "attribution") in quotes
    assert set(window.article.view.visible_suggestion_ids()) == {s.id for s in suggested}
    assert window.article.view.visible_annotation_ids() == []  # outlines, not annotations
    assert window.suggestions.model.rowCount() == len(suggested)
    count = f"{len(suggested)} suggestions"
    assert count in window.suggestions.count_label.text()
    assert window.suggestions.status_label.text().strip() == count


def test_an_imported_article_gets_its_suggestions_in_the_background(window, qtbot, tmp_path):
    path = tmp_path / "port.txt"
    path.write_text("Dockers\n\nAbout 200 dockers walked out, the union said.\n", "utf-8")
    summary = window.state.controller.import_document(path)
    store = window.state.store
    qtbot.waitUntil(lambda: store.suggestion_rules(summary.id) is not None, timeout=10_000)
    assert {(s.label, s.start) for s in store.pending_suggestions(summary.id)} >= {
        ("estimate", len("Dockers\n\n"))}


def test_s_and_shift_s_walk_through_the_suggestions(window, qtbot, suggested):
    view = window.article.view
    view.moveCursor(view.textCursor().MoveOperation.Start)
    press(qtbot, Qt.Key.Key_S)
    assert window.state.suggestion_id == suggested[0].id
    assert view.current_suggestion == suggested[0].id
    assert view.cursor_offset() == suggested[0].start  # scrolled to and the cursor there
    press(qtbot, Qt.Key.Key_S)
    assert window.state.suggestion_id == suggested[1].id
    assert window.suggestions.list.currentIndex().row() == 1
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)
    assert window.state.suggestion_id == suggested[0].id
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)  # wraps to the last
    assert window.state.suggestion_id == suggested[-1].id
    assert "Enter accepts" in window.status_line.save_label.text()


def test_enter_accepts_with_its_label_and_undo_redo(window, qtbot, suggested):
    store = window.state.store
    view = window.article.view
    view.moveCursor(view.textCursor().MoveOperation.Start)
    press(qtbot, Qt.Key.Key_S)
    first = suggested[0]
    press(qtbot, Qt.Key.Key_Return)
    [annotation] = store.annotations(first.document_id)
    assert (annotation.start, annotation.end, annotation.label) == (first.start, first.end,
                                                                    first.label)
    assert (annotation.origin, annotation.confidence) == ("suggested", 3)
    assert window.state.annotation_id == annotation.id  # the new annotation is current
    assert window.state.suggestion_id is None
    assert first.id not in [s.id for s in window.state.suggestions]
    assert annotation.id in view.visible_annotation_ids()
    assert window.state.suggestions == store.pending_suggestions(first.document_id)
    undo(qtbot)
    assert store.annotations(first.document_id) == []
    assert window.state.suggestions == suggested  # back in its place, in reading order
    assert first.id in view.visible_suggestion_ids()
    redo(qtbot)
    [again] = store.annotations(first.document_id)
    assert again.id == annotation.id and again.origin == "suggested"
    assert window.state.suggestions == store.pending_suggestions(first.document_id)


def test_e_on_an_attribution_accepts_it_as_an_estimate(window, qtbot, suggested):
    store = window.state.store
    attribution = next(s for s in suggested if s.label == "attribution")
    window.state.set_current_suggestion(attribution.id)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_E)
    [annotation] = store.annotations(attribution.document_id)
    assert (annotation.label, annotation.origin) == ("estimate", "suggested-relabelled")
    assert (annotation.start, annotation.end) == (attribution.start, attribution.end)
    undo(qtbot)
    assert store.annotations(attribution.document_id) == []
    assert attribution in store.pending_suggestions(attribution.document_id)
    redo(qtbot)
    assert store.annotations(attribution.document_id)[0].origin == "suggested-relabelled"


def test_a_label_key_with_text_selected_still_tags_the_selection(window, qtbot, suggested):
    store = window.state.store
    window.state.set_current_suggestion(suggested[0].id)
    text = window.article.view.text
    start = text.index("Flood barriers failed")
    window.article.view.select_span(start, start + len("Flood barriers failed"))
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_C)
    [annotation] = store.annotations(suggested[0].document_id)
    assert (annotation.quote, annotation.origin) == ("Flood barriers failed", "manual")
    assert store.suggestion(suggested[0].id).status == "pending"


def test_delete_rejects_for_good_and_undo_brings_it_back(window, qtbot, suggested):
    store = window.state.store
    document_id = window.state.document_id
    target = suggested[1]
    window.state.set_current_suggestion(target.id)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert store.suggestion(target.id).status == "rejected"
    assert target.id not in [s.id for s in window.state.suggestions]
    assert target.id not in window.article.view.visible_suggestion_ids()
    assert store.annotations(document_id) == []
    suggest_documents(store, [document_id])  # made again: a rejection is final
    assert target.id not in [s.id for s in store.pending_suggestions(document_id)]
    undo(qtbot)
    assert store.suggestion(target.id).status == "pending"
    assert window.state.suggestions == suggested
    redo(qtbot)
    assert store.suggestion(target.id).status == "rejected"


def test_delete_without_a_current_suggestion_still_deletes_the_annotation(window, qtbot,
                                                                          suggested):
    store = window.state.store
    annotation = store.add_annotation(window.state.document_id, 0, 5, "claim")
    window.suggestions.reload()
    window.state.set_current(annotation.id)
    press(qtbot, Qt.Key.Key_Delete)
    assert store.annotations(window.state.document_id) == []
    assert store.count_pending_suggestions() == len(suggested)


def test_accept_all_is_one_undo_step(window, qtbot, suggested):
    store = window.state.store
    document_id = window.state.document_id
    window.suggestions.accept_all_action.trigger()
    annotations = store.annotations(document_id)
    assert len(annotations) == len(suggested)
    assert {a.origin for a in annotations} == {"suggested"}
    assert window.state.suggestions == []
    assert window.annotations.table_model.rowCount() == len(suggested)
    assert window.state.controller.undo_stack.count() == 1
    undo(qtbot)
    assert store.annotations(document_id) == []
    assert window.state.suggestions == suggested
    redo(qtbot)
    assert sorted(a.id for a in store.annotations(document_id)) == sorted(a.id for a in
                                                                          annotations)


def test_view_show_suggestions_hides_them_and_is_remembered(window, qtbot, suggested,
                                                            session_path):
    view = window.article.view
    window.suggestions.show_action.trigger()
    assert not window.suggestions.show_action.isChecked()
    assert view.visible_suggestion_ids() == []
    assert window.suggestions.model.rowCount() == 0
    assert "hidden" in window.suggestions.count_label.text()
    press(qtbot, Qt.Key.Key_S)
    assert window.state.suggestion_id is None
    assert Settings().show_suggestions is False
    window.close()
    again = open_window(qtbot, session_path)
    assert not again.suggestions.show_action.isChecked()
    assert again.article.view.visible_suggestion_ids() == []
    again.suggestions.show_action.trigger()
    assert set(again.article.view.visible_suggestion_ids()) == {s.id for s in suggested}


def test_reopening_shows_the_same_pending_suggestions(window, qtbot, suggested, session_path):
    window.state.set_current_suggestion(suggested[0].id)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    window.close()
    again = open_window(qtbot, session_path)
    assert again.state.suggestions == suggested[1:]
    assert not again.suggestions.maker.busy  # made once: not again


def two_articles(path: Path, article_file: Path, *, suggested: int) -> tuple[int, int]:
    """A session of the example article and a short second one, the first ``suggested`` of
    them with their suggestions made; returns their ids."""
    with SessionStore.open(path, create=True, reviewer="tester") as store:
        first = import_file(store, article_file)[0].id
        second_file = path.parent / "second.txt"
        second_file.write_text("Second\n\nAbout 200 people left, the mayor said.\n", "utf-8")
        second = import_file(store, second_file)[0].id
        suggest_documents(store, [first, second][:suggested])
    return first, second


def test_a_read_only_session_shows_stored_suggestions_but_makes_none(app, qtbot, tmp_path,
                                                                     article_file):
    path = tmp_path / "held.sqlite"
    first, second = two_articles(path, article_file, suggested=1)
    with SessionStore.open(path, read_only=True) as store:
        stored = store.pending_suggestions(first)
    holder = SessionStore.open(path, reviewer="colleague")
    try:
        window = open_window(qtbot, path)
        assert window.state.store.read_only
        window.state.show_document(first)
        assert window.state.suggestions == stored
        window.state.show_document(second)
        assert not window.suggestions.maker.busy
        assert holder.suggestion_rules(second) is None
        window.state.set_current_suggestion(None)
        window.state.show_document(first)
        window.state.set_current_suggestion(stored[0].id)
        assert not window.suggestions.accept_action.isEnabled()
    finally:
        holder.close()


TRICKY = ("Tricky\r\n\r\n👩‍👩‍👧 한국어 기사: Up to 3,000 homes 🏠 were flooded, "
          "according to the city.\r\nAbout 40% 😀 of 주민 left, officials said.\r\n")


def test_outlines_sit_on_their_text_with_emoji_hangul_and_crlf(app, qtbot, tmp_path):
    article = tmp_path / "tricky.txt"
    article.write_bytes(TRICKY.encode("utf-8"))
    path = tmp_path / "tricky.sqlite"
    with SessionStore.open(path, create=True, reviewer="tester") as store:
        import_file(store, article)
    window = open_window(qtbot, path)
    suggested = ready(window, qtbot)
    view = window.article.view
    text = view.text
    assert "\r" not in text
    assert {quote(window, s) for s in suggested} >= {"Up to 3,000", "About 40%",
                                                     "according to the city"}
    for suggestion in suggested:
        # Qt's own copy of the text, at the UTF-16 positions the outline is painted from
        view.select_span(suggestion.start, suggestion.end)
        assert view.textCursor().selectedText() == quote(window, suggestion)
        point = view.cursorRect(view.textCursor()).center() + QPoint(3, 0)  # its first letter
        cursor = view.textCursor()
        cursor.clearSelection()
        view.setTextCursor(cursor)
        window.state.set_current_suggestion(None)
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
        under = [s for s in suggested if s.start <= suggestion.start < s.end]
        shortest = min(under, key=lambda s: (s.end - s.start, s.start, s.id))
        assert window.state.suggestion_id == shortest.id, quote(window, suggestion)
    view.setFocus()
    view.moveCursor(view.textCursor().MoveOperation.Start)
    press(qtbot, Qt.Key.Key_S)
    press(qtbot, Qt.Key.Key_Return)
    [annotation] = window.state.store.annotations(window.state.document_id)
    assert annotation.quote == quote(window, suggested[0])


def test_settings_default_to_showing_suggestions(app):
    assert Settings().show_suggestions is True
    Path  # noqa: B018 - imported for the fixtures' types


def test_enter_accepts_only_in_the_article_or_on_the_current_suggestions_row(window, qtbot,
                                                                            suggested):
    """Enter in the annotation table keeps its table meaning; in the Suggestions list it accepts
    the current suggestion only on that suggestion's row, and on another row makes that row's
    suggestion current."""
    store = window.state.store
    document_id = window.state.document_id
    view = window.article.view
    view.moveCursor(view.textCursor().MoveOperation.Start)
    press(qtbot, Qt.Key.Key_S)
    first, second = suggested[0], suggested[1]
    assert window.state.suggestion_id == first.id

    window.annotations.table.setFocus()
    assert QApplication.focusWidget() is window.annotations.table
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert store.annotations(document_id) == []
    assert window.state.suggestion_id == first.id

    listing = window.suggestions.list
    listing.setFocus()
    assert listing.currentIndex().row() == 0
    press(qtbot, Qt.Key.Key_Down)  # the list's current row is now another suggestion
    assert listing.currentIndex().row() == 1
    press(qtbot, Qt.Key.Key_Return)
    assert store.annotations(document_id) == []  # nothing accepted: that row became current
    assert window.state.suggestion_id == second.id
    listing.setFocus()
    press(qtbot, Qt.Key.Key_Return)  # on the current suggestion's row: accepted
    [annotation] = store.annotations(document_id)
    assert (annotation.start, annotation.end, annotation.label) == (second.start, second.end,
                                                                    second.label)

    view.setFocus()
    press(qtbot, Qt.Key.Key_S)
    current = window.state.suggestion_id
    assert current is not None
    press(qtbot, Qt.Key.Key_Return)  # in the article view: accepted
    assert len(store.annotations(document_id)) == 2
    assert current not in [s.id for s in store.pending_suggestions(document_id)]


def test_a_long_articles_suggestions_are_read_after_it_is_shown(app, qtbot, tmp_path,
                                                                article_file, monkeypatch):
    """An article with many pending suggestions opens without waiting for them: they are read
    in a worker thread and shown when read; a reading meant for an article no longer open is
    dropped, and a decision made meanwhile has them read again."""
    from annotator.gui.panes import suggestions as pane_module

    monkeypatch.setattr(pane_module, "READ_AT_ONCE_MOST", 1)  # the example's few are "many"
    path = tmp_path / "many.sqlite"
    first, second = two_articles(path, article_file, suggested=2)
    with SessionStore.open(path, read_only=True) as store:
        stored = {first: store.pending_suggestions(first),
                  second: store.pending_suggestions(second)}
    assert len(stored[first]) > 1 and len(stored[second]) > 1
    window = open_window(qtbot, path)
    pane = window.suggestions
    window.state.show_document(first)
    assert pane.reading and window.state.suggestions == []
    assert "Reading" in pane.count_label.text()
    qtbot.waitUntil(lambda: not pane.reading, timeout=5000)
    assert window.state.suggestions == stored[first]
    assert set(window.article.view.visible_suggestion_ids()) >= {stored[first][0].id}
    # a reading for an article left before it ends is not shown for the next one
    window.state.show_document(second)
    window.state.show_document(first)
    window.state.show_document(second)
    qtbot.waitUntil(lambda: not pane.reading, timeout=5000)
    qtbot.wait(100)
    assert window.state.suggestions == stored[second]
    # a rejection while they are being read: read again, without the rejected one
    window.state.show_document(first)
    assert pane.reading
    assert window.state.controller.reject_suggestion(stored[first][0].id)
    qtbot.waitUntil(lambda: not pane.reading, timeout=5000)
    assert window.state.suggestions == stored[first][1:]


def test_the_current_suggestion_is_boxed_on_every_line_it_spans(window, qtbot, suggested):
    view = window.article.view
    window.resize(640, 700)
    QApplication.processEvents()
    claim = max((s for s in suggested if s.label == "claim"), key=lambda s: s.end - s.start)
    view.select_span(claim.end - 1, claim.end)  # scrolled to; the cursor on its last line
    last_line = view.cursorRect(view.textCursor()).top()
    view.select_span(claim.start, claim.start + 1)
    first_line = view.cursorRect(view.textCursor()).top()
    assert last_line > first_line  # the sentence wraps
    window.state.set_current_suggestion(claim.id)
    marks = view.suggestion_marks(QRectF(view.viewport().rect()))
    tops = sorted({round(box.top()) for _color, box in marks.current})
    assert len(tops) >= 2  # a box round each of its lines, not round the last alone
    assert tops[0] <= first_line + 2 and tops[-1] >= last_line - 2


def test_enter_in_the_find_field_finds_and_accepts_no_suggestion(window, qtbot, suggested):
    """With a suggestion current, Enter in the find field selects the next match: the
    suggestion's Enter belongs to the article view alone."""
    store = window.state.store
    document_id = window.state.document_id
    view = window.article.view
    view.setFocus()
    view.moveCursor(view.textCursor().MoveOperation.Start)
    press(qtbot, Qt.Key.Key_S)
    assert window.state.suggestion_id == suggested[0].id
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = window.article.find_bar.field
    assert QApplication.focusWidget() is field
    word = view.text.split()[2]
    qtbot.keyClicks(field, word)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert store.annotations(document_id) == []
    assert window.state.suggestion_id == suggested[0].id
    start, end = view.selected_span()
    assert view.text[start:end].lower() == word.lower()
