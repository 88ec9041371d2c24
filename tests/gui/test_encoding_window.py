"""Articles in a legacy encoding: the guess is told, and the reviewer can name the encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton

from annotator.gui import plain_text

HUNGARIAN = ("A tűzoltóság szóvivője szerint mintegy 3000 embert kellett kitelepíteni, "
             "közölte a belügyminisztérium.\n")
CENTRAL = "Central European (Windows-1250)"


@pytest.fixture
def legacy_file(tmp_path: Path) -> Path:
    path = tmp_path / "arviz.txt"
    path.write_bytes(HUNGARIAN.encode("cp1250"))
    return path


@pytest.fixture
def answers(monkeypatch):
    """What the encoding question is answered with, and what it was asked."""
    asked: list[tuple[str, list[str], int]] = []
    reply = {"title": CENTRAL, "ok": True}

    def get_item(parent, title, question, items, current=0):
        asked.append((question, list(items), current))
        return reply["title"], reply["ok"]

    monkeypatch.setattr(plain_text, "ask_item", get_item)
    return asked, reply


def bar_button(window, caption: str) -> QPushButton:
    return next(b for b in window.message_bar.findChildren(QPushButton) if b.text() == caption)


def texts(window) -> list[str]:
    return [window.state.store.document(d.id).text for d in window.state.store.documents()]


def test_a_guessed_encoding_is_told_and_can_be_chosen_in_one_undo_step(
        window, legacy_file, answers):
    asked, _ = answers
    before = texts(window)
    (guessed,) = window.files.import_paths([legacy_file])
    assert window.message_bar.isVisible()
    assert "was guessed" in window.message_bar.label.text()
    assert texts(window)[-1] != HUNGARIAN

    bar_button(window, "Choose Encoding…").click()
    question, items, current = asked[0]
    assert "arviz.txt" in question and "Western European (Windows-1252)" in question
    assert items[current] == "Western European (Windows-1252)"  # the guess is preselected
    assert texts(window) == [*before, HUNGARIAN]  # the guessed reading is replaced
    assert window.state.store.document(window.state.document_id).source_encoding == "cp1250"
    assert "read as Central European (Windows-1250)" in window.status_line.save_label.text()

    window.undo_group.undo()  # one step takes back the re-reading
    assert [d.id for d in window.state.store.documents()][-1] == guessed.id
    assert texts(window)[-1] != HUNGARIAN and len(texts(window)) == len(before) + 1
    window.undo_group.redo()
    assert texts(window) == [*before, HUNGARIAN]


def test_a_guessed_reading_with_annotations_is_kept(window, legacy_file, answers):
    (guessed,) = window.files.import_paths([legacy_file])
    window.state.controller.add_annotation(guessed.id, 0, 12, "claim")
    bar_button(window, "Choose Encoding…").click()
    assert HUNGARIAN in texts(window)
    assert guessed.id in [d.id for d in window.state.store.documents()]
    assert "the first reading has annotations and was kept" in window.status_line.save_label.text()


def test_cancelling_the_encoding_question_changes_nothing(window, legacy_file, answers):
    _, reply = answers
    window.files.import_paths([legacy_file])
    count = window.undo_group.activeStack().count()
    reply["ok"] = False
    bar_button(window, "Choose Encoding…").click()
    assert window.undo_group.activeStack().count() == count
    assert HUNGARIAN not in texts(window)


def test_import_in_encoding_from_the_file_menu(window, legacy_file, answers, monkeypatch):
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: ([str(legacy_file)], ""))
    window.files.import_encoding_action.trigger()
    assert texts(window)[-1] == HUNGARIAN
    assert not window.message_bar.isVisible()  # named, not guessed: nothing to warn about


def test_an_encoding_the_file_does_not_fit_is_refused_with_a_message(
        window, legacy_file, answers, monkeypatch):
    _, reply = answers
    reply["title"] = "Unicode (UTF-8)"
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *args, **kwargs: ([str(legacy_file)], ""))
    count = len(window.state.store.documents())
    window.files.import_encoding_action.trigger()
    assert len(window.state.store.documents()) == count
    assert "cannot be read as Unicode (UTF-8)" in window.status_line.save_label.text()


def test_a_file_changed_since_its_import_does_not_replace_the_article(
        window, legacy_file, answers):
    (guessed,) = window.files.import_paths([legacy_file])
    count = window.undo_group.activeStack().count()
    legacy_file.write_bytes("Egy egészen más cikk szövege.\n".encode("cp1250"))
    bar_button(window, "Choose Encoding…").click()
    assert guessed.id in [d.id for d in window.state.store.documents()]
    assert window.undo_group.activeStack().count() == count
    assert "has changed since" in window.status_line.save_label.text()


def test_an_article_removed_meanwhile_is_not_read_again(window, legacy_file, answers):
    asked, _ = answers
    (guessed,) = window.files.import_paths([legacy_file])
    button = bar_button(window, "Choose Encoding…")
    window.state.controller.remove_document(guessed.id)
    count = window.undo_group.activeStack().count()
    button.click()
    assert not asked  # nothing to read again: the reviewer is not even asked
    assert window.undo_group.activeStack().count() == count
    assert HUNGARIAN not in texts(window)


def test_an_encoding_outside_the_usual_ones_is_offered_when_it_was_the_guess(window, answers):
    asked, _ = answers
    window.files.articles.ask_encoding("Which?", "cp437")
    _, items, current = asked[0]
    assert items[current] == "cp437" and "Unicode (UTF-16 BE)" in items


def test_the_window_opens_with_articles_read_in_the_encoding_named(app, qtbot, tmp_path,
                                                                   legacy_file):
    from annotator.gui import app as app_module

    window = app_module.start(tmp_path / "new.sqlite", [legacy_file], encoding="cp1250")
    assert window is not None
    qtbot.addWidget(window)
    assert texts(window) == [HUNGARIAN]
    assert not window.message_bar.isVisible()
