"""The article view: the one place where Qt's UTF-16 positions become code points."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor

from annotator.core.articles.text import normalise_text
from annotator.core.models import Annotation
from annotator.core.offsets import Utf16Map
from annotator.gui.article_view import ArticleView

MIXED = "Demand 🔥🥵 hit 92 gigawatts. 서울 강남구 said Rene\u0301e: “up to 1,200” 😵 people.\n"


def make_view(qtbot, text: str) -> ArticleView:
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.set_document(text, [], [])
    return view


def select_utf16(view: ArticleView, start: int, end: int) -> None:
    cursor = QTextCursor(view.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def test_selection_after_emoji_is_reported_in_code_points(app, qtbot):
    view = make_view(qtbot, MIXED)
    target = "92 gigawatts"
    cp = MIXED.index(target)
    u16 = len(MIXED[:cp].encode("utf-16-le")) // 2
    assert u16 == cp + 2  # two emoji before it, each two UTF-16 units
    select_utf16(view, u16, u16 + len(target))
    assert view.textCursor().selectedText() == target
    assert view.selected_span() == (cp, cp + len(target))


def test_hangul_combining_mark_and_emoji_spans(app, qtbot):
    view = make_view(qtbot, MIXED)
    for target in ("서울 강남구", "Rene\u0301e", "“up to 1,200” 😵", "🔥🥵"):
        cp = MIXED.index(target)
        view.select_span(cp, cp + len(target))
        assert view.selected_span() == (cp, cp + len(target))
        assert view.textCursor().selectedText() == target


def test_crlf_text_is_normalised_before_the_view_counts(app, qtbot):
    raw = "Line one said.\r\nLine two: 😀 up to 3,000.\r\n\r\nThird."
    text = normalise_text(raw)
    view = make_view(qtbot, text)
    cp = text.index("up to 3,000")
    view.select_span(cp, cp + 11)
    assert view.textCursor().selectedText() == "up to 3,000"
    assert view.selected_span() == (cp, cp + 11)


def test_selection_is_trimmed_of_surrounding_space(app, qtbot):
    view = make_view(qtbot, MIXED)
    cp = MIXED.index(" hit 92 ")
    view.select_span(cp, cp + len(" hit 92 "))
    assert view.selected_span() == (cp + 1, cp + len(" hit 92"))


def test_whitespace_only_selection_is_no_span(app, qtbot):
    view = make_view(qtbot, "one   two")
    view.select_span(3, 6)
    assert view.selected_span() is None


texts = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        st.sampled_from(["😀", "🥵", "한", "국", "e\u0301", "\n", " ", "\u200d", "é"]),
    ),
    min_size=1,
    max_size=40,
).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=texts, data=st.data())
def test_any_span_round_trips_between_qt_and_code_points(app, qtbot, text, data):
    view = make_view(qtbot, text)
    assert view.document().characterCount() - 1 == len(text.encode("utf-16-le")) // 2
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    view.select_span(start, end)
    mapping = Utf16Map(text)
    cursor = view.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == mapping.span_to_utf16(start, end)
    assert view.selected_span_raw() == (start, end)
    view.deleteLater()


def _annotation(i: int, start: int, end: int, text: str, label: str = "claim") -> Annotation:
    stamp = datetime(2026, 1, 1, tzinfo=timezone.utc)
    return Annotation(
        id=i, document_id=1, start=start, end=end, quote=text[start:end], label=label,
        reviewer="r", created_at=stamp, updated_at=stamp,
    )


def test_right_to_left_text_selects_and_paints_its_spans(app, qtbot):
    text = (
        "قال مسؤولون إن ما يصل إلى 3000 أسرة أُجليت 🔥، وفقًا لهيئة الميناء.\n"
        "לדברי דובר, כ-4,000 מתנדבים."
    )
    view = make_view(qtbot, text)
    view.show()
    target = "3000 أسرة"
    start = text.index(target)
    view.select_span(start, start + len(target))
    assert view.selected_span() == (start, start + len(target))
    view.set_annotations([_annotation(1, start, start + len(target), text, "estimate")])
    rects = [rect for span, rect, _ in view._visible_span_rects(view.viewport().rect())]
    assert rects and all(r.width() > 0 for r in rects)
    view.viewport().grab()  # paints without error


def test_a_two_megabyte_line_shows_and_paints(app, qtbot):
    import time

    text = "The minister said " + "up to 3,000 people were affected, " * 60_000
    view = make_view(qtbot, text)
    view.show()
    start = text.rindex("up to 3,000")
    view.set_annotations([_annotation(1, start, start + 11, text, "estimate")])
    view.select_span(start, start + 11)
    began = time.perf_counter()
    view.viewport().grab()
    assert time.perf_counter() - began < 5
    assert view.selected_span() == (start, start + 11)


def test_zero_width_characters_count_in_spans(app, qtbot):
    text = "Officials\u200b said\u200d up to\u2060 3,000\ufeff left."
    view = make_view(qtbot, text)
    start = text.index("up to")
    view.select_span(start, start + 12)
    assert view.selected_span() == (start, start + 12)
    assert text[start : start + 12] == "up to\u2060 3,000"


def _point_of(view: ArticleView, code_point: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(view._map.to_view(code_point))
    return view.cursorRect(cursor).center()


def _drag(qtbot, view: ArticleView, start: int, end: int, modifier=None):
    from PySide6.QtCore import Qt

    mods = modifier or Qt.KeyboardModifier.NoModifier
    port = view.viewport()
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, mods, _point_of(view, start))
    qtbot.mouseMove(port, _point_of(view, end))
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, mods, _point_of(view, end))


SNAP_TEXT = "Seawater flooded the lower town, forcing “up to 3,000 households” out, officials said."


def test_a_rough_drag_snaps_to_whole_words(app, qtbot):
    view = make_view(qtbot, SNAP_TEXT)
    view.show()
    qtbot.waitExposed(view)
    start = SNAP_TEXT.index("p to 3")  # mid-word
    end = SNAP_TEXT.index("eholds")  # mid-word
    _drag(qtbot, view, start, end)
    s, e = view.selected_span()
    assert SNAP_TEXT[s:e] == "up to 3,000 households"


def test_alt_drag_keeps_character_precision(app, qtbot):
    from PySide6.QtCore import Qt

    view = make_view(qtbot, SNAP_TEXT)
    view.show()
    qtbot.waitExposed(view)
    start = SNAP_TEXT.index("p to 3")
    end = SNAP_TEXT.index("eholds")
    _drag(qtbot, view, start, end, Qt.KeyboardModifier.AltModifier)
    s, e = view.selected_span()
    assert SNAP_TEXT[s:e] == "p to 3,000 hous"


def test_triple_click_selects_the_sentence(app, qtbot):
    from PySide6.QtCore import Qt

    text = "First, officials said so. Up to 3,000 households left, said Dr. J. Smith. Then rain."
    view = make_view(qtbot, text)
    view.show()
    qtbot.waitExposed(view)
    point = _point_of(view, text.index("households") + 2)
    port = view.viewport()
    qtbot.mouseDClick(port, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mousePress(port, Qt.MouseButton.LeftButton, pos=point)
    qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, pos=point)
    s, e = view.selected_span()
    # the sentence, less its closing full stop (a span never ends on punctuation)
    assert text[s:e] == "Up to 3,000 households left, said Dr. J. Smith"


def test_a_text_starting_with_a_byte_order_mark_keeps_its_offsets(app, qtbot):
    text = "\ufeff\ufeffUp to 3,000 left."  # as a crafted or merged session might hold it
    view = make_view(qtbot, text)
    start = text.index("3,000")
    view.select_span(start, start + 5)
    assert view.textCursor().selectedText() == "3,000"
    assert view.selected_span() == (start, start + 5)


def test_a_suggestion_is_outlined_in_short_dashes_of_its_labels_colour(app, qtbot):
    """A plain suggestion's box is a dashed outline in its label's colour (darkened in the
    light look), never a fill: along its top edge the colour alternates with the background."""
    from annotator.core.labels import DEFAULT_LABELS
    from annotator.core.models import StoredSuggestion
    from annotator.gui.palette import label_color

    text = "Officials said up to 3,000 homes were evacuated on Tuesday.\n"
    view = ArticleView()
    qtbot.addWidget(view)
    view.resize(700, 300)
    view.set_document(text, [], DEFAULT_LABELS)
    view.show()
    start = text.index("up to 3,000")
    estimate = label_color(next(label for label in DEFAULT_LABELS if label.name == "estimate"))
    outline = estimate.darker(125)

    def outline_rows() -> list[list[bool]]:
        image = view.viewport().grab().toImage()
        rows = []
        for y in range(image.height()):
            row = [_near(image.pixelColor(x, y), outline) for x in range(image.width())]
            if sum(row) >= 8:
                rows.append(row)
        return rows

    assert outline_rows() == []  # nothing in that colour without the suggestion
    view.set_suggestions([StoredSuggestion(1, 1, start, start + 11, "estimate", "bound", "r")])
    rows = outline_rows()
    assert rows, "no outline in the estimate colour"
    edge = max(rows, key=sum)
    runs = [x for x in range(1, len(edge)) if edge[x] != edge[x - 1]]
    assert len(runs) >= 8  # dashes: the colour starts and stops along the edge
    assert len(rows) <= 6  # an outline: its top and bottom edges, not a filled box


def _near(color, target, tolerance: int = 40) -> bool:
    return (abs(color.red() - target.red()) + abs(color.green() - target.green())
            + abs(color.blue() - target.blue())) <= tolerance
