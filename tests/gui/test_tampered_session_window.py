"""The window on a session changed by another program: it opens, paints, and names the damage.

A NULL label crashed the window (a Python exception inside a Qt virtual, sizeHint, returned
garbage to C++), a bad status, colour, key or text stopped it at start with a pydantic dump, and
offsets outside the text raised on every paint. Each variant of ``tests/tampered_sessions.py`` is
opened; pytest-qt fails the test on any exception raised inside a Qt virtual (paint, sizeHint,
data) while the window is shown and painted.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.tampered_sessions import ANNOTATION_VARIANTS, VARIANTS, tampered_session

from .conftest import open_window


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_window_opens_a_damaged_session_and_names_the_damage(app, qtbot, tmp_path, variant):
    path = tampered_session(tmp_path, variant)
    window = open_window(qtbot, path, reviewer="ana")
    window.grab()  # every panel painted: the article's highlights, the list, the table
    window.documents.document_list.grab()
    window.annotations.table.grab()
    # every row is checked off the GUI thread; then the damage is named
    qtbot.waitUntil(window.message_bar.isVisible, timeout=10_000)
    window.grab()
    shown = window.message_bar.label.text()
    assert "damaged" in shown and "pydantic" not in shown
    if variant in ANNOTATION_VARIANTS:
        assert "annotation 1" in shown
        ids = [window.annotations.table_model.index(row, 0).data(Qt.ItemDataRole.UserRole + 1)
               for row in range(window.annotations.table_model.rowCount())]
        assert 1 not in ids and len(ids) == 5
    if variant == "null_text":
        assert window.documents.document_model.rowCount() == 0
    else:
        assert window.documents.document_model.rowCount() == 1 and window.state.document_id == 1
        # the reviewer can go on working: tagging still checks every rule
        text = window.state.store.document_text(1)
        start = text.index("homes")
        window.article.view.select_span(start, start + len("homes"))
        window.article.tag_selection("claim")
        assert any(a.quote == "homes" for a in window.state.store.annotations(1))


def test_the_full_check_runs_in_the_background_process_and_a_damaged_page_is_said(
        app, qtbot, tmp_path, monkeypatch):
    from annotator.core.session.damaged_rows import SessionDamage
    from annotator.core.session.file_check import FileCheck
    from annotator.gui import session_files

    checked = []

    def check_apart(store):
        found = session_files.background_process().run("check", str(store.path))
        checked.append(found)
        return FileCheck("database disk image is malformed", found.damage)

    monkeypatch.setattr(session_files, "_check_apart", check_apart)
    path = tampered_session(tmp_path, "quote_mismatch")
    window = open_window(qtbot, path, reviewer="ana")
    qtbot.waitUntil(lambda: "file is damaged" in window.message_bar.label.text(),
                    timeout=10_000)
    assert "database disk image is malformed" in window.message_bar.label.text()
    [found] = checked
    assert isinstance(found.damage, SessionDamage) and 1 in found.damage.annotations
    # the rows the process found damaged are left out here
    assert 1 not in {a.id for a in window.state.store.annotations(1)}
