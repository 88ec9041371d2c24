"""A reviewer's work with the keyboard alone: find, tag, rate, note, undo, redo, delete."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.session.store import SessionStore


def key(qtbot, keys: str, modifier=Qt.KeyboardModifier.NoModifier):
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    for ch in keys:
        qtbot.keyClick(target, ch, modifier)


def press(qtbot, qt_key, modifier=Qt.KeyboardModifier.NoModifier):
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, qt_key, modifier)


def find(qtbot, window, query: str) -> None:
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.article.find_bar.field
    key(qtbot, query)
    press(qtbot, Qt.Key.Key_Return)
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.article.view


def stored(window):
    return window.state.store.annotations(window.state.document_id)


def test_ctrl_f_selects_the_match_and_escape_keeps_it(window, qtbot):
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.article.find_bar.field
    key(qtbot, "some 4,000")
    press(qtbot, Qt.Key.Key_Return)
    text = window.article.view.text
    start = text.index("Some 4,000")
    assert window.article.view.selected_span() == (start, start + len("Some 4,000"))
    assert window.article.find_bar.status.text() == "1 of 1"
    press(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is window.article.view
    assert window.article.view.selected_span() == (start, start + len("Some 4,000"))


def test_ctrl_f_again_selects_the_old_query_and_enter_wraps(window, qtbot):
    find(qtbot, window, "according to")
    first = window.article.view.selected_span()
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    field = window.article.find_bar.field
    assert field.selectedText() == "according to"  # the old text is selected, ready to retype
    press(qtbot, Qt.Key.Key_Return)
    second = window.article.view.selected_span()
    assert second[0] > first[0]
    assert window.article.find_bar.status.text() == "2 of 2"
    press(qtbot, Qt.Key.Key_Return)  # wraps to the first match
    assert window.article.view.selected_span() == first


def test_tag_rate_note_undo_redo_delete(window, qtbot):
    text = window.article.view.text
    find(qtbot, window, "Up to 3,000 households")
    press(qtbot, Qt.Key.Key_E)
    [annotation] = stored(window)
    start = text.index("Up to 3,000 households")
    assert (annotation.start, annotation.end) == (start, start + 22)
    assert annotation.label == "estimate"
    assert annotation.confidence == 3
    assert annotation.reviewer == "tester"
    assert window.annotations.inspector.annotation.id == annotation.id  # the new one is current
    assert window.article.view.current == annotation.id

    press(qtbot, Qt.Key.Key_4)
    assert stored(window)[0].confidence == 4
    assert window.annotations.inspector.confidence_group.checkedId() == 4

    window.annotations.inspector.note.setFocus()
    qtbot.keyClicks(window.annotations.inspector.note, "check the evacuation log")
    assert stored(window)[0].note == "check the evacuation log"
    assert window.annotations.table_model.annotation_at(0).note == "check the evacuation log"

    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # typing is one step
    assert stored(window)[0].note == ""
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(window)[0].confidence == 3
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(window) == []
    assert window.annotations.table_model.rowCount() == 0

    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(qtbot, Qt.Key.Key_Z, ctrl_shift)
    assert [a.id for a in stored(window)] == [annotation.id]
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(window)[0].confidence == 4
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert stored(window)[0].note == "check the evacuation log"

    window.state.set_current(annotation.id)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert stored(window) == []
    assert window.annotations.inspector.annotation is None
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [restored] = stored(window)
    assert restored.id == annotation.id and restored.note == "check the evacuation log"


def test_each_label_key_tags_with_its_label(window, qtbot):
    for query, keyname, label in (
        ("Flood barriers failed", Qt.Key.Key_C, "claim"),
        ("Some 4,000", Qt.Key.Key_E, "estimate"),
        ("a spokesperson said", Qt.Key.Key_A, "attribution"),
    ):
        find(qtbot, window, query)
        press(qtbot, keyname)
        current = window.annotations.inspector.annotation
        assert current.label == label
        assert current.quote.lower() == query.lower()
    assert [a.label for a in stored(window)] == ["claim", "estimate", "attribution"]


def test_letter_keys_type_into_the_note_instead_of_tagging(window, qtbot):
    find(qtbot, window, "officials said")
    press(qtbot, Qt.Key.Key_A)
    window.annotations.inspector.note.setFocus()
    qtbot.keyClicks(window.annotations.inspector.note, "cae 5")
    [annotation] = stored(window)
    assert annotation.note == "cae 5"
    assert annotation.confidence == 3
    assert len(stored(window)) == 1


def test_tagging_without_a_selection_explains_what_to_do(window, qtbot):
    press(qtbot, Qt.Key.Key_C)
    assert stored(window) == []
    assert "Select some text" in window.status_line.save_label.text()


def test_confidence_keys_without_a_current_annotation_change_nothing(window, qtbot):
    press(qtbot, Qt.Key.Key_5)
    assert "No current annotation" in window.status_line.save_label.text()


def test_status_and_title_show_session_document_and_saved_state(window, qtbot, session_path):
    assert session_path.name in window.windowTitle()
    assert "Flood barriers failed" in window.windowTitle()
    find(qtbot, window, "Some 4,000")
    press(qtbot, Qt.Key.Key_E)
    assert "saved" in window.status_line.save_label.text().lower()
    assert window.status_line.session_label.text().strip() == session_path.name
    assert "tester" in window.status_line.reviewer_label.text()


def test_changes_are_in_the_file_before_the_window_closes(window, qtbot, session_path):
    find(qtbot, window, "Some 4,000")
    press(qtbot, Qt.Key.Key_E)
    press(qtbot, Qt.Key.Key_2)
    with SessionStore.open(session_path, read_only=True) as other:  # window still open
        [annotation] = other.annotations()
    assert annotation.confidence == 2


def test_tab_to_the_table_and_arrows_choose_the_current_annotation(window, qtbot):
    find(qtbot, window, "Flood barriers failed")
    press(qtbot, Qt.Key.Key_C)
    find(qtbot, window, "Some 4,000")
    press(qtbot, Qt.Key.Key_E)
    first, second = stored(window)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.annotations.table
    press(qtbot, Qt.Key.Key_Up)
    assert window.annotations.inspector.annotation.id == first.id
    press(qtbot, Qt.Key.Key_Down)
    assert window.annotations.inspector.annotation.id == second.id
    press(qtbot, Qt.Key.Key_5)  # rating keys work from the table too
    assert window.state.store.annotation(second.id).confidence == 5


def test_j_and_k_walk_through_the_annotations_in_reading_order(window, qtbot):
    for query, keyname in (("Flood barriers failed", Qt.Key.Key_C), ("Some 4,000", Qt.Key.Key_E),
                           ("a spokesperson said", Qt.Key.Key_A)):
        find(qtbot, window, query)
        press(qtbot, keyname)
    first, second, third = stored(window)
    window.state.set_current(None)
    window.article.view.moveCursor(window.article.view.textCursor().MoveOperation.Start)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_J)
    assert window.article.view.current == first.id
    press(qtbot, Qt.Key.Key_J)
    assert window.article.view.current == second.id
    press(qtbot, Qt.Key.Key_K)
    assert window.article.view.current == first.id
    press(qtbot, Qt.Key.Key_K)  # wraps to the last
    assert window.article.view.current == third.id
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ShiftModifier)  # next estimate
    assert window.article.view.current == second.id
    assert window.annotations.inspector.annotation.id == second.id


def test_n_selects_the_next_untagged_figure_and_e_tags_it(window, qtbot):
    window.article.view.moveCursor(window.article.view.textCursor().MoveOperation.Start)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_N)
    text = window.article.view.text
    start = text.index("3,000")
    assert window.article.view.selected_span() == (start, start + 5)
    press(qtbot, Qt.Key.Key_E)
    press(qtbot, Qt.Key.Key_N)  # the tagged one is skipped
    start = text.index("4,000")
    assert window.article.view.selected_span() == (start, start + 5)
    press(qtbot, Qt.Key.Key_N)
    assert window.article.view.text[slice(*window.article.view.selected_span())] == "1961"


def test_l_links_an_attribution_to_its_claim_and_undo_unlinks(window, qtbot):
    find(qtbot, window, "Up to 3,000 households were evacuated")
    press(qtbot, Qt.Key.Key_C)
    find(qtbot, window, "according to the emergency office")
    press(qtbot, Qt.Key.Key_A)
    claim, source = stored(window)
    assert window.article.view.current == source.id
    press(qtbot, Qt.Key.Key_L)  # link from the attribution…
    press(qtbot, Qt.Key.Key_K)  # …go to the claim…
    assert window.article.view.current == claim.id
    press(qtbot, Qt.Key.Key_L)  # …and link
    assert window.state.store.links_of(source.id) == [(source.id, claim.id)]
    assert window.article.view.current == source.id
    assert window.article.view._linked == {claim.id}
    assert "→ Claim: “Up to 3,000 households were evacuated”" in \
        window.annotations.inspector.links.item(0).text()
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.store.links_of(source.id) == []


def test_deleting_a_linked_claim_and_undoing_brings_the_link_back(window, qtbot):
    find(qtbot, window, "Up to 3,000 households were evacuated")
    press(qtbot, Qt.Key.Key_C)
    find(qtbot, window, "according to the emergency office")
    press(qtbot, Qt.Key.Key_A)
    claim, source = stored(window)
    assert window.state.controller.link(source.id, claim.id)
    window.state.set_current(claim.id)
    window.article.view.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    assert window.state.store.links_of(source.id) == []
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.state.store.links_of(source.id) == [(source.id, claim.id)]


def test_escape_cancels_linking(window, qtbot):
    find(qtbot, window, "Some 4,000 volunteers")
    press(qtbot, Qt.Key.Key_E)
    press(qtbot, Qt.Key.Key_L)
    assert window.state.link_source is not None
    press(qtbot, Qt.Key.Key_Escape)
    assert window.state.link_source is None
    assert "cancelled" in window.status_line.save_label.text()


def test_a_new_label_from_the_labels_dialog_gets_its_key_colour_and_undo(window, qtbot):
    from annotator.gui.labels_dialog import TITLE, LabelsDialog

    dialog = LabelsDialog(window.state.labels, window)
    qtbot.addWidget(dialog)
    dialog.add_label()
    row = dialog.table.rowCount() - 1
    dialog.table.item(row, TITLE).setText("Direct quote")
    dialog.table.item(row, 3).setText("q")
    dialog.move_selected(-3)  # to the top
    labels = dialog.labels()
    assert [lb.title for lb in labels][0] == "Direct quote"
    assert labels[0].shortcut == "Q" and labels[0].name == "direct-quote"  # from its title
    assert window.state.controller.replace_labels(labels)
    assert [lb.name for lb in window.state.store.labels()][0] == "direct-quote"
    assert window.annotations.inspector.label_box.findData("direct-quote") >= 0

    find(qtbot, window, "a spokesperson said")
    press(qtbot, Qt.Key.Key_Q)  # the new label's key tags at once
    [annotation] = stored(window)
    assert annotation.label == "direct-quote"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the tag
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the label set
    assert "direct-quote" not in [lb.name for lb in window.state.store.labels()]
    assert window.annotations.inspector.label_box.findData("direct-quote") == -1


def test_the_labels_dialog_keeps_the_defaults_and_refuses_bad_keys(window, qtbot):
    from annotator.core.labels import RESERVED_KEYS
    from annotator.gui.labels_dialog import LabelsDialog

    dialog = LabelsDialog(window.state.labels, window)
    qtbot.addWidget(dialog)
    dialog.table.setCurrentCell(0, 0)
    dialog.remove_selected()  # a default: stays
    assert dialog.table.rowCount() == 3
    dialog.table.item(0, 3).setText(sorted(RESERVED_KEYS)[0])
    assert not window.state.controller.replace_labels(dialog.labels())
    assert "reserved" in window.status_line.save_label.text()
