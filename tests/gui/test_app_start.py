"""Which session the window starts on: the one named, the last one, or the default one."""

from __future__ import annotations

import os

import pytest

from annotator.core.errors import AnnotatorError
from annotator.core.paths import sample_documents
from annotator.core.session.store import SessionStore
from annotator.gui import app as app_module
from annotator.gui.settings import Settings


def test_first_start_creates_the_default_session_with_the_samples(app, tmp_path, monkeypatch):
    default = tmp_path / "data" / "default-session.sqlite"
    monkeypatch.setattr(app_module, "default_session_path", lambda: default)
    chosen, notice = app_module.choose_session(Settings(), None)
    assert chosen == default and notice is None
    with SessionStore.open(default) as store:
        titles = [d.title for d in store.documents()]
    assert len(titles) == len(sample_documents()) >= 3
    assert any("Seoul" in t for t in titles)


def test_the_last_session_is_chosen_when_it_still_exists(app, tmp_path):
    settings = Settings()
    last = tmp_path / "last.sqlite"
    SessionStore.open(last, create=True).close()
    settings.last_session = last
    assert app_module.choose_session(settings, None) == (last.resolve(), None)
    named = tmp_path / "named.sqlite"
    assert app_module.choose_session(settings, named) == (named, None)


def test_a_missing_last_session_falls_back_to_the_default(app, tmp_path, monkeypatch):
    default = tmp_path / "d" / "default-session.sqlite"
    monkeypatch.setattr(app_module, "default_session_path", lambda: default)
    settings = Settings()
    settings.last_session = tmp_path / "gone.sqlite"
    assert app_module.choose_session(settings, None) == (default, None)


def test_a_last_session_that_became_a_named_pipe_gives_way_to_the_default(
    app, qtbot, tmp_path, monkeypatch, capsys
):
    default = tmp_path / "d" / "default-session.sqlite"
    monkeypatch.setattr(app_module, "default_session_path", lambda: default)
    last = tmp_path / "last.sqlite"
    SessionStore.open(last, create=True).close()
    settings = Settings()
    settings.last_session = last
    last.unlink()
    os.mkfifo(last)  # opening it for reading would block for ever
    window = app_module.start()
    assert window is not None
    qtbot.addWidget(window)
    assert window.state.store.path == default
    assert "last session was not opened" in window.message_bar.label.text()
    assert "named pipe" in window.message_bar.label.text()
    assert "named pipe" in capsys.readouterr().err
    window.close()


def test_a_named_pipe_named_as_the_session_is_refused_before_any_window(app, tmp_path):
    pipe = tmp_path / "pipe.sqlite"
    os.mkfifo(pipe)
    with pytest.raises(AnnotatorError, match="named pipe"):
        app_module.choose_session(Settings(), pipe)


def test_the_default_session_is_not_filled_twice(app, tmp_path, monkeypatch):
    default = tmp_path / "default-session.sqlite"
    app_module.ensure_default_session(default)
    with SessionStore.open(default) as store:
        first = store.documents()
        store.remove_document(first[0].id)
    app_module.ensure_default_session(default)
    with SessionStore.open(default) as store:
        assert len(store.documents()) == len(first) - 1


def test_reviewer_name_from_preferences_is_recorded(app, qtbot, session_path):
    from .conftest import open_window

    settings = Settings()
    settings.reviewer = "a.reviewer"
    window = open_window(qtbot, session_path, reviewer=None)
    assert window.state.store.reviewer == "a.reviewer"
    start = window.article.view.text.index("Some 4,000")
    window.article.view.select_span(start, start + 10)
    assert window.article.tag_selection("estimate").reviewer == "a.reviewer"


def test_recent_sessions_are_offered_newest_first(app, qtbot, session_path, tmp_path):
    from .conftest import open_window

    other = tmp_path / "other.sqlite"
    SessionStore.open(other, create=True).close()
    window = open_window(qtbot, session_path)
    assert window.files.open_session(other, create=False)
    assert Settings().recent_sessions()[:2] == [other.resolve(), session_path.resolve()]
    window.recent_menu.aboutToShow.emit()
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles and titles[0].startswith("&1 review.sqlite")  # the open one is not offered
    window.recent_menu.actions()[0].trigger()
    assert window.state.store.path == session_path.resolve()


def test_the_first_start_says_hello_without_a_dialog_and_goes_away(app, qtbot, session_path):
    from .conftest import open_window

    window = open_window(qtbot, session_path)
    window.show_welcome()
    assert window.message_bar.isVisible() and "Welcome" in window.message_bar.label.text()
    start = window.article.view.text.index("Some 4,000")
    window.article.view.select_span(start, start + 10)
    window.article.tag_selection("estimate")  # working dismisses it, for good
    assert not window.message_bar.isVisible()
    assert Settings().welcomed
    window.show_welcome()
    assert not window.message_bar.isVisible()


def test_the_window_module_loads_no_heavy_package():
    import json
    import subprocess
    import sys

    heavy = ("numpy", "pandas", "krippendorff", "docx", "pypdf", "trafilatura")
    code = ("import json, sys\nimport annotator.gui.app\n"
            f"print(json.dumps([n for n in {heavy!r} if n in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60, env={**__import__("os").environ,
                                                         "QT_QPA_PLATFORM": "offscreen"})
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_keyboard_starts_in_the_article(app, qtbot, session_path):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window = app_module.start(session_path)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    assert QApplication.focusWidget() is window.article.view
    text = window.article.view.text
    start = text.index("Some 4,000")
    window.article.view.select_span(start, start + len("Some 4,000"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E)  # tags, rather than typing an "e"
    assert [(a.quote, a.label) for a in window.state.store.annotations()] == [
        ("Some 4,000", "estimate")]


def test_start_says_why_a_session_cannot_be_opened(app, tmp_path, capsys):
    not_a_session = tmp_path / "notes.sqlite"
    not_a_session.write_text("shopping list", encoding="utf-8")
    assert app_module.start(not_a_session) is None
    assert "annotator: error:" in capsys.readouterr().err


def test_f1_lists_the_keys_the_readme_lists(app, qtbot):
    import re
    from pathlib import Path

    from annotator.gui.dialogs import SHORTCUTS, ShortcutsDialog

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Keyboard\n", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| ([^|*][^|]*?) \| [^|]+ \|$", section, flags=re.MULTILINE)
    in_readme = [keys for keys in rows if keys not in ("keys", "---")]
    in_app = [keys for _, group in SHORTCUTS for keys, _ in group]
    assert in_readme == in_app
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    shown = [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert all(keys in shown for keys in in_app)
    assert "Tagging" in shown and "Tab, then ↑ / ↓" in shown


def test_preferences_keep_the_command_line_name_unless_the_name_is_changed(
        app, qtbot, session_path, monkeypatch):
    from annotator.gui.dialogs import PreferencesDialog

    from .conftest import open_window

    settings = Settings()
    settings.reviewer = "kept.name"
    window = open_window(qtbot, session_path, reviewer="from.command.line")
    seen = {}

    def answer(dialog, name=None):
        seen["shown"] = dialog.reviewer.text()
        seen["note"] = dialog.session_note.text() if dialog.session_note else None
        dialog.font_points.setValue(15)
        if name is not None:
            dialog.reviewer.setText(name)
        return True

    monkeypatch.setattr(PreferencesDialog, "exec", lambda dialog: answer(dialog))
    window.show_preferences()  # only the text size changes
    assert seen["shown"] == "kept.name" and "from.command.line" in seen["note"]
    assert Settings().reviewer == "kept.name"
    assert window.state.store.reviewer == "from.command.line"
    assert Settings().font_points == 15

    monkeypatch.setattr(PreferencesDialog, "exec", lambda dialog: answer(dialog, "new.name"))
    window.show_preferences()
    assert Settings().reviewer == "new.name"
    assert window.state.store.reviewer == "new.name"
