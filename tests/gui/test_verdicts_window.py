"""The desk's verdict scale in the window (the inspector, the table, *Edit Verdicts…*) and the
inspector's claims checked before, with marking a claim as the same claim."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence

from annotator.core.articles.reading import ImportedDocument
from annotator.core.factcheck.verdict_scales import STANDARD, THREE
from annotator.core.session.store import SessionStore
from annotator.gui.annotation_table import VERDICT
from tests.gui.conftest import open_window

FIRST = "The council spent 4 million on the bridge repairs last year, officials said."
SECOND = "Four million was spent by the council on the bridge repairs, the mayor claimed."


@pytest.fixture
def two_articles(tmp_path):
    path = tmp_path / "desk.sqlite"
    with SessionStore.open(path, create=True, reviewer="tester") as store:
        ids = []
        for title, text, end in (("One", FIRST, 58), ("Two", SECOND, 61)):
            summary, _ = store.add_document(ImportedDocument(title=title, text=text,
                                                             source_format="text"))
            ids.append((summary.id, store.add_annotation(summary.id, 0, end, "claim").id))
        store.update_annotation(ids[1][1], verdict="mostly_false")
    return path, ids


@pytest.fixture
def desk(app, qtbot, two_articles):
    path, ids = two_articles
    window = open_window(qtbot, path)
    return window, ids


def show_claim(window, qtbot, document_id, claim_id):
    window.state.show_document(document_id)
    window.state.set_current(claim_id)
    qtbot.waitUntil(lambda: window.annotations.inspector.checked_before.same_button.isEnabled()
                    or "No claim" in _rows(window)[0], timeout=3000)


def _rows(window):
    matches = window.annotations.inspector.checked_before.matches
    return [matches.item(i).text() for i in range(matches.count())]


def verdict_titles(window):
    box = window.annotations.inspector.verdict_box
    return [box.itemText(i) for i in range(1, box.count())]


def test_the_inspector_and_the_table_show_the_sessions_scale_and_follow_its_changes(desk, qtbot):
    window, ids = desk
    assert verdict_titles(window) == [v.title for v in STANDARD]
    box = window.annotations.inspector.verdict_box
    assert not box.itemIcon(1).isNull()  # a swatch of the verdict's colour
    scale = STANDARD.renamed("mostly_false", "Largely false").moved("false", 0)
    assert window.state.controller.set_verdict_scale(scale)
    assert verdict_titles(window)[:2] == ["False", "Unverified"]
    assert "Largely false" in verdict_titles(window)
    show_claim(window, qtbot, *ids[1])
    model = window.annotations.table_model
    assert model.index(0, VERDICT).data() == "Largely false"
    assert box.currentText() == "Largely false"
    window.state.controller.undo_stack.undo()
    assert verdict_titles(window) == [v.title for v in STANDARD]
    assert model.index(0, VERDICT).data() == "Mostly false"
    assert window.state.controller.undo_stack.undoText() == ""


def test_a_verdict_set_in_the_inspector_is_named_by_the_scale_in_the_undo_list(desk, qtbot):
    window, ids = desk
    window.state.controller.set_verdict_scale(STANDARD.renamed("true", "Correct"))
    show_claim(window, qtbot, *ids[0])
    box = window.annotations.inspector.verdict_box
    box.activated.emit(box.findData("true"))
    assert window.state.store.annotation(ids[0][1]).verdict == "true"
    assert window.state.controller.undo_stack.undoText() == "Set verdict: Correct"


def test_the_verdicts_dialog_edits_orders_rates_and_is_one_undo_step(desk, qtbot, monkeypatch):
    from annotator.gui import verdicts_dialog
    from annotator.gui.verdicts_dialog import RATING, TITLE, VerdictsDialog

    window, _ids = desk
    store = window.state.store
    dialog = VerdictsDialog(store.verdict_scale(), store.verdicts_in_use(), window)
    qtbot.addWidget(dialog)
    dialog.table.item(1, TITLE).setText("Accurate")  # "True", renamed: the key stays
    dialog.table.cellWidget(0, RATING).setValue(0)  # "Unverified" stays unrated
    dialog.table.setCurrentCell(6, TITLE)  # "Not checkable" to the top
    for _ in range(6):
        dialog.move_selected(-1)
    dialog.set_colour(0, "#123456")
    dialog.add_verdict()
    dialog.table.cellWidget(dialog.table.rowCount() - 1, RATING).setValue(9)
    scale = dialog.scale()
    assert scale.keys[0] == "not_checkable" and scale.get("not_checkable").color == "#123456"
    assert scale.title_of("true") == "Accurate" and scale.rating_of("new_verdict") == 9
    assert scale.rating_of("unverified") is None

    mostly_false = dialog._keys().index("mostly_false")
    dialog.table.setCurrentCell(mostly_false, TITLE)  # a claim has it
    assert not dialog.remove_button.isEnabled()
    assert "1\xa0claim\xa0has\xa0it" in dialog.remove_button.toolTip()  # plain, kept as is
    said = []
    monkeypatch.setattr(verdicts_dialog, "warn", lambda _p, _t, text: said.append(text))
    dialog.remove_selected()
    assert "mostly_false" in dialog._keys() and "1 claim has it" in said[-1]
    assert not dialog.apply_preset("three")  # it leaves out "Mostly false"
    assert "cannot be removed" in said[-1] and "mostly_false" in dialog._keys()
    dialog.table.setCurrentCell(dialog._keys().index("mixed"), TITLE)
    assert dialog.remove_button.isEnabled()
    dialog.remove_selected()
    assert "mixed" not in dialog._keys()

    monkeypatch.setattr(VerdictsDialog, "exec", lambda self: True)
    monkeypatch.setattr(VerdictsDialog, "scale", lambda self: scale)
    window.annotations.verdicts_action.trigger()
    assert store.verdict_scale() == scale
    assert verdict_titles(window)[0] == "Not checkable"
    window.state.controller.undo_stack.undo()
    assert store.verdict_scale() == STANDARD


def test_a_preset_that_keeps_every_verdict_in_use_is_applied(desk, qtbot):
    from annotator.gui.verdicts_dialog import VerdictsDialog

    window, ids = desk
    window.state.store.update_annotation(ids[1][1], verdict="false")
    dialog = VerdictsDialog(STANDARD, {"false": 1}, window)
    qtbot.addWidget(dialog)
    assert dialog.apply_preset("three")
    assert dialog.scale() == THREE
    assert window.state.controller.set_verdict_scale(dialog.scale())
    assert verdict_titles(window) == ["True", "Misleading", "False"]


def test_checked_before_lists_the_other_articles_claim_and_marks_it_the_same(
        desk, qtbot, monkeypatch):
    from annotator.gui import checked_before

    window, ids = desk
    (first_doc, first), (_second_doc, second) = ids
    show_claim(window, qtbot, first_doc, first)
    [row] = _rows(window)
    assert "Mostly false" in row and "Two" in row and "Four million" in row
    assert row.startswith("“Four million") and int(row.split("\n")[1].split(" · ")[0]) >= 75
    item = window.annotations.inspector.checked_before.matches.item(0)
    assert "Four\xa0million\xa0was\xa0spent\xa0by\xa0the\xa0council" in item.toolTip()  # whole

    asked = []
    monkeypatch.setattr(checked_before, "choose_copies", lambda parent, offer, titles, other:
                        asked.append(titles[offer.verdict]) or (offer.verdict, offer.evidence))
    action = window.annotations.same_claim_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+M")
    action.trigger()
    store = window.state.store
    assert str(store.same_as(first)) == str(second)
    assert store.annotation(first).verdict == "mostly_false" and "Mostly false" in asked[0]
    view = window.annotations.inspector.checked_before
    qtbot.waitUntil(lambda: view.same_as.isVisibleTo(window), timeout=2000)
    assert view.same_as.text().startswith("Same as: “Four million")
    assert view.same_as.text().endswith("— Mostly false · Two")
    window.state.controller.undo_stack.undo()  # one step: the mark and the verdict
    assert store.same_as(first) is None and store.annotation(first).verdict is None
    window.state.controller.undo_stack.redo()
    assert store.same_as(first) is not None and store.annotation(first).verdict == "mostly_false"
    qtbot.waitUntil(lambda: view.unmark_button.isVisibleTo(window), timeout=2000)
    view.unmark_button.click()
    assert store.same_as(first) is None
    qtbot.waitUntil(lambda: not view.same_as.isVisibleTo(window), timeout=2000)


def test_declining_the_verdict_marks_only_and_the_index_is_built_once(desk, qtbot, monkeypatch):
    from annotator.core.factcheck import checked_before as core
    from annotator.gui import checked_before

    built = []
    real = core.claim_entries  # read once for each index built (in the worker thread)
    monkeypatch.setattr(core, "claim_entries", lambda store: built.append(1) or real(store))
    monkeypatch.setattr(checked_before, "choose_copies", lambda *a: (None, ()))
    window, ids = desk
    (first_doc, first), (second_doc, second) = ids
    show_claim(window, qtbot, first_doc, first)
    show_claim(window, qtbot, second_doc, second)
    show_claim(window, qtbot, first_doc, first)
    assert len(built) == 1
    window.annotations.inspector.note.setPlainText("to check")  # not what a match shows
    window.annotations.same_claim_action.trigger()
    store = window.state.store
    assert store.same_as(first) is not None and store.annotation(first).verdict is None
    assert len(built) == 1
    window.state.controller.edit_annotation(second, verdict="true")  # a match's verdict
    show_claim(window, qtbot, first_doc, first)
    qtbot.waitUntil(lambda: "True" in _rows(window)[0], timeout=2000)
    third = window.state.controller.add_annotation(second_doc, 0, 60, "claim")  # a new claim
    show_claim(window, qtbot, first_doc, first)
    qtbot.waitUntil(lambda: len(_rows(window)) == 2, timeout=2000)
    window.state.controller.delete_annotation(third.id)
    show_claim(window, qtbot, first_doc, first)
    qtbot.waitUntil(lambda: len(_rows(window)) == 1, timeout=2000)
    assert len(built) == 1  # each claim was put right in the index alone


def test_an_estimate_shows_no_checked_before_list(desk, qtbot):
    window, ids = desk
    window.state.controller.edit_annotation(ids[0][1], label="estimate")
    window.state.show_document(ids[0][0])
    window.state.set_current(ids[0][1])
    assert not window.annotations.inspector.checked_before.isVisibleTo(window)
    window.annotations.same_claim_action.trigger()
    assert window.state.store.same_as(ids[0][1]) is None


def test_claimreview_export_uses_the_preferences_and_the_sessions_scale(
        desk, qtbot, tmp_path, monkeypatch):
    import json

    from annotator.gui.dialogs import PreferencesDialog
    from annotator.gui.exchange import EXPORT_FILTERS
    from annotator.gui.settings import Settings

    window, ids = desk
    assert "claimreview" in EXPORT_FILTERS
    errors = []
    window.state.errorShown.connect(lambda title, message: errors.append(message))
    target = tmp_path / "checks.json"
    assert window.files.exchange.export_claimreviews(target) is None  # no organisation yet
    assert len(errors) == 1 and not target.exists()

    dialog = PreferencesDialog("tester", 12, window)
    qtbot.addWidget(dialog)
    dialog.publishing_edits["org_name"].setText("Valley Checks")
    dialog.publishing_edits["org_url"].setText("https://checks.example")
    dialog.publishing_edits["url_template"].setText("https://checks.example/c/{claim_id}")
    dialog.accept()
    assert Settings().publishing["org_name"] == "Valley Checks"
    again = PreferencesDialog("tester", 12, window)  # remembered
    qtbot.addWidget(again)
    assert again.publishing_edits["url_template"].text() == "https://checks.example/c/{claim_id}"

    controller = window.state.controller
    assert controller.set_verdict_scale(STANDARD.renamed("mostly_false", "Largely false"))
    assert window.files.exchange.export_claimreviews(target) == 1
    [review] = json.loads(target.read_text(encoding="utf-8"))
    assert review["reviewRating"]["alternateName"] == "Largely false"  # the session's scale
    assert review["url"] == f"https://checks.example/c/{ids[1][1]}"
    assert review["author"]["name"] == "Valley Checks"
    target.unlink()
    from annotator.gui import exchange

    monkeypatch.setattr(exchange.QFileDialog, "getSaveFileName", lambda *a: (
        str(tmp_path / "chosen"), EXPORT_FILTERS["claimreview"]))
    window.files.exchange.choose_export(current_only=False)
    assert json.loads((tmp_path / "chosen.json").read_text(encoding="utf-8"))[0]["url"]


def test_the_article_report_names_verdicts_by_the_sessions_scale(desk, qtbot):
    window, ids = desk
    controller = window.state.controller
    assert controller.set_verdict_scale(THREE.renamed("misleading", "Misleading as said")
                                        .added("Mostly false", rating=None)[0]
                                        .reordered(["true", "misleading", "mostly_false",
                                                    "false"]))
    controller.edit_annotation(ids[0][1], verdict="misleading")
    window.state.show_document(ids[0][0])
    assert "Misleading as said" in window.files.exchange.report().toPlainText()


FACT_CHECK = ('{"@type": "ClaimReview", "url": "https://checks.example/bridge", '
              '"claimReviewed": "The council spent 4 million on bridge repairs", '
              '"author": {"@type": "Organization", "name": "Valley Checks"}, '
              '"reviewRating": {"@type": "Rating", "alternateName": "Mostly true", '
              '"ratingValue": 4, "bestRating": 5, "worstRating": 1}}')


def answer_copy_dialog(qtbot, *, untick=(), cancel=False):
    """Answer the dialog that offers what to copy, once it shows; returns what it showed."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

    seen = {}

    def answer():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.objectName() != "copyFromSameClaim":
            QTimer.singleShot(20, answer)
            return
        seen["boxes"] = {box.objectName(): box.text()
                         for box in dialog.findChildren(QCheckBox) if box.isVisibleTo(dialog)}
        seen["labels"] = [label.text() for label in dialog.findChildren(QLabel)]
        for name in untick:
            dialog.findChild(QCheckBox, name).setChecked(False)
        if cancel:
            dialog.reject()
        else:
            qtbot.keyClick(dialog, Qt.Key.Key_Return)  # Enter: Mark

    QTimer.singleShot(20, answer)
    return seen


def test_marking_offers_the_verdict_and_the_evidence_and_copies_what_is_ticked(desk, qtbot):
    window, ids = desk
    (first_doc, first), (_second_doc, second) = ids
    controller = window.state.controller
    controller.edit_annotation(second, evidence=["https://audit.example/report",
                                                 "https://council.example/budget"])
    show_claim(window, qtbot, first_doc, first)
    seen = answer_copy_dialog(qtbot, untick=["copyEvidence"])
    window.annotations.same_claim_action.trigger()
    store = window.state.store
    assert seen["boxes"] == {
        "copyVerdict": "Its verdict: Mostly false",
        "copyEvidence": "Its evidence links: https://audit.example/report and 1 more"}
    assert store.same_as(first) is not None
    assert store.annotation(first).verdict == "mostly_false"
    assert store.annotation(first).evidence == ()
    controller.undo_stack.undo()
    assert store.same_as(first) is None and store.annotation(first).verdict is None

    seen = answer_copy_dialog(qtbot)
    window.annotations.same_claim_action.trigger()
    claim = store.annotation(first)
    assert claim.verdict == "mostly_false" and claim.evidence == (
        "https://audit.example/report", "https://council.example/budget")
    inspector = window.annotations.inspector
    qtbot.waitUntil(lambda: "audit.example" in inspector.evidence.toPlainText(), timeout=2000)
    controller.undo_stack.undo()  # one step: the mark, the verdict and the evidence
    claim = store.annotation(first)
    assert store.same_as(first) is None and claim.verdict is None and claim.evidence == ()

    steps = controller.undo_stack.index()
    answer_copy_dialog(qtbot, cancel=True)  # Cancel: nothing is marked
    window.annotations.same_claim_action.trigger()
    assert store.same_as(first) is None and controller.undo_stack.index() == steps


@pytest.fixture
def with_fact_check(two_articles):
    from annotator.core.factcheck.claimreview import read_fact_checks

    path, ids = two_articles
    with SessionStore.open(path, reviewer="tester") as store:
        store.add_reference_claims(read_fact_checks(FACT_CHECK), "checks.json")
    return path, ids


def select_published(window, qtbot):
    matches = window.annotations.inspector.checked_before.matches
    qtbot.waitUntil(lambda: matches.count() == 2, timeout=3000)
    row = next(i for i in range(matches.count()) if "Valley Checks" in matches.item(i).text())
    matches.setCurrentRow(row)


def test_a_published_rating_is_copied_as_the_verdict_of_that_title(app, qtbot, with_fact_check):
    path, ids = with_fact_check
    window = open_window(qtbot, path)
    (first_doc, first), _ = ids
    show_claim(window, qtbot, first_doc, first)
    select_published(window, qtbot)
    seen = answer_copy_dialog(qtbot)
    window.annotations.same_claim_action.trigger()
    assert seen["boxes"] == {"copyVerdict": "Its verdict: Mostly true",
                             "copyEvidence": "Its evidence link: https://checks.example/bridge"}
    claim = window.state.store.annotation(first)
    assert claim.verdict == "mostly_true" and claim.evidence == ("https://checks.example/bridge",)
    assert window.state.store.same_as(first).reference_id is not None


def test_a_published_rating_the_scale_lacks_is_named_and_not_copied(app, qtbot, with_fact_check):
    path, ids = with_fact_check
    window = open_window(qtbot, path)
    (first_doc, first), (_doc, second) = ids
    window.state.controller.edit_annotation(second, verdict=None)
    window.state.controller.set_verdict_scale(THREE)
    said = []
    window.state.statusShown.connect(lambda text, ok: said.append(text))
    show_claim(window, qtbot, first_doc, first)
    select_published(window, qtbot)
    seen = answer_copy_dialog(qtbot)
    window.annotations.same_claim_action.trigger()
    assert "copyVerdict" not in seen["boxes"]
    assert any("“Mostly true” is not a verdict of this session" in t for t in seen["labels"])
    claim = window.state.store.annotation(first)
    assert claim.verdict is None and claim.evidence == ("https://checks.example/bridge",)
    assert any("is not a verdict of this session" in text for text in said)


def test_the_claim_as_checked_and_its_fact_check_address_are_edited_in_the_inspector(
        desk, qtbot):
    window, ids = desk
    (first_doc, first), _ = ids
    show_claim(window, qtbot, first_doc, first)
    inspector = window.annotations.inspector
    summary, address = inspector.claim_reviewed, inspector.fact_check_url
    assert summary.isVisibleTo(window) and address.isVisibleTo(window)
    assert summary.text() == "" and summary.placeholderText() == FIRST[:58]
    store, stack = window.state.store, window.state.controller.undo_stack
    steps = stack.index()
    qtbot.keyClicks(summary, "Council spent 4 million on repairs")
    assert store.annotation(first).claim_reviewed == "Council spent 4 million on repairs"
    assert stack.index() == steps + 1  # typing is one step

    qtbot.keyClicks(address, "desk.example/7")
    assert inspector.fact_check_hint.isVisibleTo(window)  # not an address: not saved
    assert store.annotation(first).fact_check_url is None
    address.clear()
    qtbot.keyClicks(address, "https://desk.example/checks/7")
    assert not inspector.fact_check_hint.isVisibleTo(window)
    assert store.annotation(first).fact_check_url == "https://desk.example/checks/7"
    assert stack.index() == steps + 2

    stack.undo()
    assert store.annotation(first).fact_check_url is None
    qtbot.waitUntil(lambda: address.text() == "", timeout=2000)
    stack.undo()
    assert store.annotation(first).claim_reviewed is None
    qtbot.waitUntil(lambda: summary.text() == "", timeout=2000)
    stack.redo()
    qtbot.waitUntil(lambda: summary.text() == "Council spent 4 million on repairs", timeout=2000)

    window.state.controller.edit_annotation(first, label="estimate")
    assert not summary.isVisibleTo(window) and not address.isVisibleTo(window)


def test_the_claims_are_indexed_off_the_gui_thread_and_changes_meanwhile_are_kept(
        desk, qtbot, monkeypatch):
    import threading

    from PySide6.QtCore import QTimer

    from annotator.core.factcheck import checked_before as core

    window, ids = desk
    (first_doc, first), (second_doc, _second) = ids
    threads, go = [], threading.Event()
    real = core.claim_entries

    def slow(store):
        threads.append(threading.current_thread())
        go.wait(10)
        return real(store)

    monkeypatch.setattr(core, "claim_entries", slow)
    window.state.show_document(first_doc)
    window.state.set_current(first)
    qtbot.waitUntil(lambda: bool(threads), timeout=3000)
    assert threads[0] is not threading.main_thread()
    assert _rows(window) == ["Looking for claims checked before…"]
    ticks = []
    QTimer.singleShot(10, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks), timeout=1000)  # the window goes on meanwhile
    window.state.controller.add_annotation(second_doc, 0, 60, "claim")  # while it is built
    go.set()
    qtbot.waitUntil(lambda: len(_rows(window)) == 2, timeout=5000)
    assert all("Four million" in row for row in _rows(window))
    assert len(threads) == 1
