"""An overlong line is shown in pieces (Qt lays out a block at a time): every position, copy,
find, selection and highlight still matches the stored text exactly, emoji and Hangul around
the breaks included."""

from __future__ import annotations

from datetime import datetime, timezone

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication

from annotator.core.models import Annotation
from annotator.gui import article_view
from annotator.gui.article_view import BLOCK_BREAK, ArticleView, display_text

SENTENCE = "Up to 3,000 😀 서울 homes e\u0301vacuated. "
LINE = SENTENCE * 1_000  # 34,000 characters on one line


def make_view(qtbot, text: str) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_document(text, [], [])
    return view


def breaks_of(text: str) -> list[int]:
    shown = display_text(text)
    return [i for i, ch in enumerate(shown) if ch == BLOCK_BREAK]


def test_display_text_breaks_long_lines_at_spaces_only_and_keeps_every_position():
    text = "Title\n\n" + LINE + "\n\nshort line\n" + "x" * 30_000 + "\nend"
    shown = display_text(text)
    assert len(shown) == len(text)
    assert len(shown.encode("utf-16-le")) == len(text.encode("utf-16-le"))
    breaks = breaks_of(text)
    assert len(breaks) >= 5
    assert all(text[i] == " " for i in breaks)  # a space, and only a space, became a break
    assert all(shown[i] == text[i] for i in range(len(text)) if i not in set(breaks))
    pieces = shown.replace("\n", BLOCK_BREAK).split(BLOCK_BREAK)
    assert max(len(p) for p in pieces if "x" not in p) <= 2 * article_view.DISPLAY_PIECE_CHARS
    assert "x" * 30_000 in shown  # nowhere to break: left whole
    assert display_text("short\nlines\n") == "short\nlines\n"


def test_a_long_line_is_shown_in_several_blocks(app, qtbot):
    view = make_view(qtbot, LINE)
    assert view.document().blockCount() >= 6
    assert view.text == LINE


def test_selection_across_a_break_maps_to_the_exact_code_points(app, qtbot):
    view = make_view(qtbot, LINE)
    for at in breaks_of(LINE)[:3]:
        start, end = at - 12, at + 12  # emoji and Hangul on both sides of the break
        view.select_span(start, end)
        assert view.selected_span_raw() == (start, end)
        view.copy()
        assert QApplication.clipboard().text() == LINE[start:end]  # a space, not a new line
        assert "\n" not in QApplication.clipboard().text()


def test_copying_the_whole_article_gives_back_the_stored_text(app, qtbot):
    view = make_view(qtbot, "Title\n\n" + LINE)
    view.selectAll()
    view.copy()
    assert QApplication.clipboard().text() == "Title\n\n" + LINE


def test_find_matches_across_a_break_and_selects_it_exactly(app, qtbot):
    text = LINE + "the needle phrase"
    at = breaks_of(text)[1]
    text = text[: at - 6] + "FINDME" + " " + "phrase" + text[at + 7:]  # "FINDME phrase" spans it
    assert display_text(text)[at] == BLOCK_BREAK
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


def test_highlights_across_a_break_are_painted_in_both_pieces(app, qtbot):
    view = make_view(qtbot, LINE)
    at = breaks_of(LINE)[0]
    start, end = at - 9, at + 9
    now = datetime.now(timezone.utc)
    annotation = Annotation(id=7, document_id=1, start=start, end=end, label="claim",
                            reviewer="r", created_at=now, updated_at=now, quote=LINE[start:end])
    view.set_annotations([annotation])
    view.select_span(start, end)  # scrolls it into view
    rects = [rect for span, rect, _ in view._visible_span_rects(QRectF(view.viewport().rect()))
             if span.id == 7]
    assert len(rects) == 2  # the end of one piece, the start of the next
    first, second = sorted(rects, key=lambda r: r.top())
    assert second.top() > first.top()
    assert view.visible_annotation_ids() == [7]


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
