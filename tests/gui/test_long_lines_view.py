"""An overlong line is shown in pieces (Qt lays out a block at a time): every position, copy,
find, selection and highlight still matches the stored text exactly, emoji and Hangul around
the breaks included, in text with spaces and in text without any."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from annotator.core.models import Annotation
from annotator.gui import article_view
from annotator.gui.article_view import BLOCK_BREAK, display_breaks, with_breaks

from .test_article_view import make_view  # the same view, sized and filled

SENTENCE = "Up to 3,000 😀 서울 homes e\u0301vacuated. "
LINE = SENTENCE * 1_000  # 34,000 characters on one line
# Chinese with no space at all, an accent and a joined emoji (family) now and then
UNSPACED = ("据官员说多达三千户居民被疏散。" * 9 + "e\u0301👨\u200d👩\u200d👧") * 250


def test_breaks_go_after_spaces_and_leave_every_character_in_place():
    text = "Title\n\n" + LINE + "\n\nshort line\n" + "x" * 9_000 + "\nend"
    breaks = display_breaks(text)
    assert len(breaks) >= 5
    assert all(text[at - 1] == " " for at in breaks)  # where the line would wrap anyway
    shown = with_breaks(text, breaks)
    assert shown.replace(BLOCK_BREAK, "") == text
    pieces = shown.replace("\n", BLOCK_BREAK).split(BLOCK_BREAK)
    assert max(len(p) for p in pieces) <= 2 * article_view.DISPLAY_PIECE_CHARS
    assert display_breaks("short\nlines\n" * 3_000) == []


def test_a_line_without_spaces_is_broken_between_whole_characters():
    breaks = display_breaks(UNSPACED)
    assert len(breaks) >= 3
    for at in breaks:
        assert unicodedata.category(UNSPACED[at])[0] != "M"  # an accent stays with its letter
        assert "\u200d" not in (UNSPACED[at - 1], UNSPACED[at])  # a joined emoji stays whole
    shown = with_breaks(UNSPACED, breaks)
    assert max(len(p) for p in shown.split(BLOCK_BREAK)) <= 2 * article_view.DISPLAY_PIECE_CHARS + 5


@pytest.mark.parametrize("text", [LINE, UNSPACED], ids=["spaced", "unspaced"])
def test_a_long_line_is_shown_in_several_blocks(app, qtbot, text):
    view = make_view(qtbot, text)
    assert view.document().blockCount() >= 4
    assert view.text == text


@pytest.mark.parametrize("text", [LINE, UNSPACED], ids=["spaced", "unspaced"])
def test_selection_and_copy_across_a_break_are_exact(app, qtbot, text):
    view = make_view(qtbot, text)
    for at in display_breaks(text)[:3]:
        for start, end in ((at - 12, at + 12), (at, at + 5), (at - 5, at)):
            view.select_span(start, end)
            assert view.selected_span_raw() == (start, end)
            view.copy()
            assert QApplication.clipboard().text() == text[start:end]  # no break, no new line


def test_copying_the_whole_article_gives_back_the_stored_text(app, qtbot):
    view = make_view(qtbot, "Title\n\n" + LINE)
    view.selectAll()
    view.copy()
    assert QApplication.clipboard().text() == "Title\n\n" + LINE


def test_find_matches_across_a_break_and_selects_it_exactly(app, qtbot):
    text = LINE + "the needle phrase"
    at = display_breaks(text)[1]  # after a space: "FINDME " + "phrase" spans the break
    text = text[: at - 7] + "FINDME " + "phrase" + text[at + 6:]
    assert at in display_breaks(text)
    view = make_view(qtbot, text)
    assert view.find_text("findme PHRASE")
    start = text.index("FINDME phrase")
    assert view.selected_span_raw() == (start, start + len("FINDME phrase"))
    assert view.find_text("findme phrase")  # wraps round to the only match
    assert view.selected_span_raw() == (start, start + len("FINDME phrase"))
    assert view.find_text("😀 서울", backward=True)
    found = view.selected_span_raw()
    assert text[found[0]:found[1]] == "😀 서울" and found[0] < start
    assert view.count_matches("findme phrase") == (1, 1)


def test_find_in_an_unspaced_line_across_a_break(app, qtbot):
    at = display_breaks(UNSPACED)[0]
    query = UNSPACED[at - 3:at + 3]
    view = make_view(qtbot, UNSPACED)
    view.select_span(at - 10, at - 9)
    assert view.find_text(query)
    found = view.selected_span_raw()
    assert UNSPACED[found[0]:found[1]] == query and found[0] <= at - 3


@pytest.mark.parametrize("text", [LINE, UNSPACED], ids=["spaced", "unspaced"])
def test_highlights_across_a_break_are_painted_in_both_pieces(app, qtbot, text):
    view = make_view(qtbot, text)
    at = display_breaks(text)[0]
    start, end = at - 9, at + 9
    now = datetime.now(timezone.utc)
    annotation = Annotation(id=7, document_id=1, start=start, end=end, label="claim",
                            reviewer="r", created_at=now, updated_at=now, quote=text[start:end])
    view.set_annotations([annotation])
    view.select_span(start, end)  # scrolls it into view
    rects = [rect for span, rect, _ in view._visible_span_rects(QRectF(view.viewport().rect()))
             if span.id == 7]
    assert len(rects) == 2  # the end of one piece, the start of the next
    first, second = sorted(rects, key=lambda r: r.top())
    assert second.top() > first.top()
    assert view.visible_annotation_ids() == [7]
    # a click on the second piece's highlight lands on the annotation
    assert view.spans_at(second.center()) == [7]
    assert view.spans_at(first.center()) == [7]


def test_find_in_a_text_whose_case_folding_changes_its_length(app, qtbot):
    text = ("Die Straße 😀 war gesperrt. " * 400).strip() + " Ende der STRAßE."
    view = make_view(qtbot, text)  # "ß" folds to "ss": offsets come from the text itself
    assert view.find_text("ende der straße")
    start = text.index("Ende der STRAßE")
    assert view.selected_span_raw() == (start, start + 15)
    assert view.find_text("die straße", backward=True)
    found = view.selected_span_raw()
    assert found[0] == text.rindex("Die Straße") and found[1] == found[0] + 10
    assert view.find_text("die straße")  # forward again: wraps round to the first
    assert view.selected_span_raw() == (0, 10)
