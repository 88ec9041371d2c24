"""The article: a read-only text view that paints annotation highlights itself.

Highlights are not ``ExtraSelection``s (slow to build and unstable in bulk): on every paint the
view asks its *span source* (see :mod:`annotator.core.spans`) for the spans of the visible text
only, so opening, scrolling and tagging cost the same with ten annotations or a hundred thousand.
Each span gets a tint over its text and an underline in its label's colour; overlapping spans
stack their underlines in separate lanes (per paragraph) so each stays visible and clickable.
Pending suggestions are never filled: a dotted outline in their label's colour (the current one
thicker, dashed), so no one takes them for annotations.

This is the one place where Qt's positions meet the core's code-point offsets: every
conversion goes through the document's :class:`~annotator.core.offsets.DisplayMap`.

Qt lays a text out a paragraph (block) at a time, and lays out a whole block at once: a 50 MB
article on one line took 22 s and 2.25 GB to show. The view therefore gives Qt the text with a
U+2029 PARAGRAPH SEPARATOR (a block break) inserted every few thousand characters of an
overlong line, after a space where there is one (:func:`display_breaks`); the DisplayMap counts
those breaks, so every offset stays exact. What leaves the view comes from the stored text, not
from Qt's copy of it: copied and dragged text (:meth:`ArticleView.createMimeDataFromSelection`),
quotes, and the text that Find searches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import (
    QElapsedTimer,
    QLineF,
    QMimeData,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCursor,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from annotator.core.defaults import CONFIDENCE_NAMES
from annotator.core.offsets import DisplayMap
from annotator.core.selection import sentence_at, snap_to_words
from annotator.core.spans import SpanList, SpanRow, assign_lanes
from annotator.gui.palette import CURRENT_TINT_ALPHA, TINT_ALPHA, label_color, tint
from annotator.gui.plain_text import escape_markup

if TYPE_CHECKING:
    from annotator.core.models import Annotation, Label, StoredSuggestion

SpanSource = Callable[[int, int], list[SpanRow]]

UNDERLINE_HEIGHT = 2.0
LANE_STEP = 3.0
MAX_TEXT_COLUMNS = 84
#: Suggestions of these labels cover a sentence: underlined, not boxed, to keep the page quiet
SENTENCE_LABELS = frozenset({"claim"})

#: A line longer than this many characters is shown in pieces of about DISPLAY_PIECE_CHARS.
LONG_LINE_CHARS = 10_000
DISPLAY_PIECE_CHARS = 5_000
BLOCK_BREAK = "\u2029"  # PARAGRAPH SEPARATOR: a block break to Qt
# Where an overlong line is best broken: after a space that allows a line break
_BREAKABLE = re.compile("[ \t\u1680\u2000-\u2006\u2008-\u200b\u205f\u3000]")
_LONG_LINE = re.compile(f"^[^\n]{{{LONG_LINE_CHARS},}}", re.MULTILINE)
_JOINER = "\u200d"


def display_breaks(text: str) -> list[int]:
    """The code points before which the view puts a block break: in each line longer than
    LONG_LINE_CHARS, after the first breakable space past every DISPLAY_PIECE_CHARS characters
    (where a line would wrap anyway), or, where a stretch of that length has no space (Chinese
    or Japanese, say), at its end, between two characters that do not form one (an accent or a
    joined emoji stays with its letter)."""
    # most articles have no such line: finding that out by the lines' lengths is twice as fast
    if len(text) <= LONG_LINE_CHARS or max(map(len, text.split("\n"))) < LONG_LINE_CHARS:
        return []
    breaks: list[int] = []
    for line in _LONG_LINE.finditer(text):
        target = line.start() + DISPLAY_PIECE_CHARS
        while target < line.end():
            space = _BREAKABLE.search(text, target, min(target + DISPLAY_PIECE_CHARS, line.end()))
            at = space.end() if space else _between_characters(
                text, target + DISPLAY_PIECE_CHARS, line.end())
            if at >= line.end():
                break
            breaks.append(at)
            target = at + DISPLAY_PIECE_CHARS
    return breaks


def _between_characters(text: str, at: int, end: int) -> int:
    """The first offset from ``at`` (up to ``end``) that does not split a character as a reader
    sees it: not before a combining mark, emoji modifier or joiner, nor after a joiner, nor
    inside a flag (a pair of regional indicators)."""
    while at < end and (
        unicodedata.category(text[at])[0] == "M"
        or text[at] == _JOINER or text[at - 1] == _JOINER
        or "\U0001f3fb" <= text[at] <= "\U0001f3ff"
        or "\U0001f1e6" <= text[at] <= "\U0001f1ff"
    ):
        at += 1
    return at


def with_breaks(text: str, breaks: list[int]) -> str:
    """``text`` with a BLOCK_BREAK inserted before each code point of ``breaks`` (sorted)."""
    if not breaks:
        return text
    pieces = [text[start:end] for start, end in zip([0, *breaks], [*breaks, len(text)],
                                                     strict=True)]
    return BLOCK_BREAK.join(pieces)


@dataclass(frozen=True)
class PaintedSpan:
    """An annotation as the view paints it: UTF-16 positions and an underline lane."""

    id: int
    start: int
    end: int
    label: str
    lane: int


_DASHED_PENS: dict[int, QPen] = {}


def _dashed_pen(color: QColor) -> QPen:
    """A one-pixel pen of short dashes (three on, two off) in ``color``, drawn without
    smoothing: a page of a long article can hold hundreds of suggestions, and outlining them
    with a smoothed pen one and a half pixels wide took 9 ms of each repaint (now 6, of which
    the text and highlights are 5)."""
    key = color.rgba()
    pen = _DASHED_PENS.get(key)
    if pen is None:
        pen = _DASHED_PENS[key] = QPen(color, 1.0, Qt.PenStyle.CustomDashLine)
        pen.setDashPattern([3.0, 2.0])
    return pen


class SuggestionMarks(NamedTuple):
    """What the view draws for the pending suggestions it shows (see
    :meth:`ArticleView.suggestion_marks`)."""

    boxes: list[tuple[QColor, QRectF]]  # round short spans
    underlines: list[tuple[QColor, list[QLineF]]]  # under sentences, by colour
    current: list[tuple[QColor, QRectF]]  # round each line of the current suggestion


class ArticleView(QPlainTextEdit):
    """Shows one document's text with its annotations; reports clicks on highlights."""

    annotationClicked = Signal(int)
    suggestionClicked = Signal(int)  # a click on a suggestion (where no annotation is)
    escapePressed = Signal()
    firstPainted = Signal()  # once, after the first paint of the text
    linkDragged = Signal(int, int)  # Ctrl+drag from one highlight to another: source, target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setMouseTracking(True)
        self.setTabChangesFocus(True)
        self.document().setDocumentMargin(18)
        self.setFrameShape(QPlainTextEdit.Shape.NoFrame)
        self._map = DisplayMap("")
        self._text = ""
        self._folded: str | None = None
        self._labels: dict[str, Label] = {}
        self._spans: SpanSource = SpanList()
        self._lookup: Callable[[int], Annotation | None] = lambda _id: None
        self._cache: tuple[int, int, list[SpanRow]] | None = None
        self._current: int | None = None
        self._linked: frozenset[int] = frozenset()
        self._suggestions = SpanList()  # pending suggestions shown: (start, end, id, label)
        self._suggested: dict[int, StoredSuggestion] = {}
        self._current_suggestion: int | None = None
        self._precise = False  # the last selection was made with Alt: no snapping to words
        self._double_click: QElapsedTimer | None = None
        self._link_drag: tuple[int, QPointF] | None = None
        self._painted = False
        self.set_font_points(12)

    # ------------------------------------------------------------------ content

    def set_font_points(self, points: int) -> None:
        font = QFont()
        font.setFamilies(["Noto Serif", "Source Serif 4", "Georgia", "DejaVu Serif", "serif"])
        font.setPointSizeF(points)
        font.setStyleHint(QFont.StyleHint.Serif)
        self.setFont(font)
        self._fit_text_width()

    def set_document(
        self,
        text: str,
        spans: SpanSource | Iterable[Annotation],
        labels: Iterable[Label],
        lookup: Callable[[int], Annotation | None] | None = None,
    ) -> None:
        """Show a document; ``spans`` answers which spans overlap a stretch (code points).

        ``lookup`` gives an annotation's details for tooltips. For small uses a list of
        annotations may stand for both.
        """
        self._text = text
        self._folded: str | None = None  # the text case-folded, made for the first search
        breaks = display_breaks(text)
        self._map = DisplayMap(text, breaks)
        self._labels = {label.name: label for label in labels}
        self._current = None
        self._suggestions, self._suggested, self._current_suggestion = SpanList(), {}, None
        # Qt drops one U+FEFF at the start of a text, which would shift every offset by one:
        # show a word joiner (as invisible, also one unit long) in its place.
        shown = "\u2060" + text[1:] if text.startswith("\ufeff") else text
        self.setPlainText(with_breaks(shown, breaks))
        self._set_spans(spans, lookup)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_labels(self, labels: Iterable[Label]) -> None:
        """New label colours (the session's label set changed)."""
        self._labels = {label.name: label for label in labels}
        self.viewport().update()

    def clear_document(self) -> None:
        self.set_document("", SpanList(), self._labels.values())

    @property
    def text(self) -> str:
        return self._text

    def set_annotations(self, annotations: Iterable[Annotation]) -> None:
        """Show these annotations (an in-memory span source, for small documents and tests)."""
        self._set_spans(annotations, None)
        self.spans_changed()

    def _set_spans(self, spans, lookup) -> None:
        if callable(spans):
            self._spans = spans
            self._lookup = lookup or (lambda _id: None)
        else:
            by_id = {a.id: a for a in spans if a.id is not None}
            self._spans = SpanList((a.start, a.end, a.id, a.label) for a in by_id.values())
            self._lookup = lookup or by_id.get
        self._cache = None

    def spans_changed(self) -> None:
        """The document's annotations changed: paint them again."""
        self._cache = None
        self.viewport().update()

    def set_current(self, annotation_id: int | None, linked: frozenset[int] = frozenset()) -> None:
        """Outline the current annotation, and (dashed) the annotations linked to it."""
        self._current = annotation_id
        self._linked = frozenset(linked)
        self.viewport().update()

    @property
    def current(self) -> int | None:
        return self._current

    def set_suggestions(self, suggestions: Iterable[StoredSuggestion]) -> None:
        """The pending suggestions to outline (none while they are hidden)."""
        self._suggested = {s.id: s for s in suggestions}
        self._suggestions = SpanList((s.start, s.end, s.id, s.label)
                                     for s in self._suggested.values())
        if self._current_suggestion not in self._suggested:
            self._current_suggestion = None
        self.viewport().update()

    def set_current_suggestion(self, suggestion_id: int | None) -> None:
        self._current_suggestion = suggestion_id
        self.viewport().update()

    @property
    def current_suggestion(self) -> int | None:
        return self._current_suggestion

    def visible_suggestion_ids(self) -> list[int]:
        """Ids of the suggestions outlined in the view now."""
        return sorted({span.id for span, _, _ in self._visible_span_rects(
            QRectF(self.viewport().rect()), self._suggestions)})

    def visible_annotation_ids(self) -> list[int]:
        """Ids of the annotations painted in the view now."""
        return sorted({span.id for span, _, _ in self._visible_span_rects(
            QRectF(self.viewport().rect()))})

    # ------------------------------------------------------------------ offsets and selection

    def selected_span(self) -> tuple[int, int] | None:
        """The selection as a clean code-point span, or None.

        The selection snaps to whole words and loses surrounding space and punctuation (see
        :func:`~annotator.core.selection.snap_to_words`), unless it was made with Alt held, for
        character precision (then only surrounding white space goes).
        """
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.span_to_code_points(cursor.selectionStart(), cursor.selectionEnd())
        if self._precise:
            while start < end and self._text[start].isspace():
                start += 1
            while end > start and self._text[end - 1].isspace():
                end -= 1
        else:
            start, end = snap_to_words(self._text, start, end)
        return (start, end) if end > start else None

    def select_span(self, start: int, end: int, *, centre: bool = True) -> None:
        """Select code points ``[start, end)`` exactly and scroll them into view."""
        self._precise = True
        u_start, u_end = self._map.span_to_view(start, end)
        cursor = QTextCursor(self.document())
        cursor.setPosition(u_end)
        cursor.setPosition(u_start, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if centre:
            self.centerCursor()
        else:
            self.ensureCursorVisible()

    def cursor_offset(self) -> int:
        """Code-point offset of the text cursor."""
        return self._map.to_code_point(self.textCursor().position())

    def first_visible_offset(self) -> int:
        """Code-point offset of the first character shown at the top of the view."""
        cursor = self.cursorForPosition(QPoint(0, 0))
        return self._map.to_code_point(cursor.position())

    def scroll_to_offset(self, offset: int) -> None:
        """Scroll so that the code-point ``offset`` is at the top of the view."""
        offset = min(max(0, offset), self._map.length)
        block = self.document().findBlock(self._map.to_view(offset))
        if block.isValid():
            self.verticalScrollBar().setValue(block.firstLineNumber())

    def find_text(self, query: str, *, backward: bool = False) -> bool:
        """Select the next (or previous) match of ``query``, ignoring case, wrapping at the end.

        The stored text is searched (Qt's copy has block breaks in overlong lines, and Qt
        finds nothing across a block break)."""
        if not query:
            return False
        cursor = self.textCursor()
        if backward:
            before = self._map.to_code_point(cursor.selectionStart())
            found = self._search_back(query, before) or self._search_back(
                query, len(self._text) + 1)
        else:
            after = self._map.to_code_point(cursor.selectionEnd(), round_up=True)
            found = self._search(query, after) or self._search(query, 0)
        if found is None:
            return False
        start, end = self._map.span_to_view(*found)
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.centerCursor()
        return True

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt's name
        """Copied (or dragged) text is the stored text of the selection, exactly: not Qt's copy
        of it, which has line breaks where the view broke an overlong line."""
        mime = QMimeData()
        span = self.selected_span_raw()
        mime.setText(self._text[span[0]:span[1]] if span else "")
        return mime

    def _folded_text(self) -> str:
        """The text case-folded (made once per document: folding 50 MB takes seconds)."""
        if self._folded is None:
            self._folded = self._text.casefold()
        return self._folded

    def _folds_in_place(self, query: str) -> bool:
        """Whether offsets in the case-folded text and query are offsets in the real ones."""
        return len(self._folded_text()) == len(self._text) and len(query.casefold()) == len(query)

    def _search(self, query: str, start: int) -> tuple[int, int] | None:
        """The first match of ``query``, ignoring case, at or after code point ``start``."""
        if self._folds_in_place(query):
            at = self._folded_text().find(query.casefold(), start)
            return (at, at + len(query)) if at >= 0 else None
        found = re.compile(re.escape(query), re.IGNORECASE).search(self._text, start)
        return found.span() if found else None

    def _search_back(self, query: str, before: int) -> tuple[int, int] | None:
        """The last match of ``query``, ignoring case, that starts before code point ``before``."""
        end = min(len(self._text), before + len(query) - 1)  # where such a match ends, at most
        if self._folds_in_place(query):
            at = self._folded_text().rfind(query.casefold(), 0, end)
            return (at, at + len(query)) if at >= 0 else None
        found = _last_match(re.compile(re.escape(query), re.IGNORECASE), self._text, end)
        return found.span() if found else None

    def count_matches(self, query: str) -> tuple[int, int]:
        """``(index of the selected match, 1-based or 0, total matches)``, case-insensitive."""
        if not query:
            return 0, 0
        if not self._folds_in_place(query):  # case folding changed lengths: count only
            return 0, self._text.lower().count(query.lower())
        haystack, needle = self._folded_text(), query.casefold()
        total = haystack.count(needle)
        span = self.selected_span_raw()
        index = haystack.count(needle, 0, span[0]) + 1 if span and total else 0
        return index, total

    def selected_span_raw(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self._map.span_to_code_points(cursor.selectionStart(), cursor.selectionEnd())

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if self._text:
            painter = QPainter(self.viewport())
            try:
                self._paint_highlights(painter, QRectF(event.rect()))
            finally:
                painter.end()
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.firstPainted.emit()

    def _paint_highlights(self, painter: QPainter, area: QRectF) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        look = QApplication.instance().property("annotator_theme") or "light"
        contrast = look == "contrast"
        alpha = 150 if contrast else TINT_ALPHA
        current_alpha = 210 if contrast else CURRENT_TINT_ALPHA
        underline = 3.0 if contrast else UNDERLINE_HEIGHT
        current_rects: list[QRectF] = []
        current_color = None
        linked_rects: dict[int, list[tuple[QRectF, object]]] = {}
        # filled with drawRect and no pen: fillRect's overloads make PySide build QGradient's
        # types (1 ms) at the first paint
        painter.setPen(Qt.PenStyle.NoPen)
        for span, rect, line_bottom in self._visible_span_rects(area):
            color = label_color(self._labels.get(span.label))
            is_current = span.id == self._current
            painter.setBrush(tint(color, current_alpha if is_current else alpha))
            painter.drawRect(rect)
            y = line_bottom - underline - span.lane * LANE_STEP
            painter.setBrush(color)
            painter.drawRect(QRectF(rect.left(), y, rect.width(), underline))
            if is_current:
                current_rects.append(rect)
                current_color = color
            elif span.id in self._linked:
                linked_rects.setdefault(span.id, []).append((rect, color))
        if linked_rects:
            self._paint_links(painter, linked_rects, look)
        if current_rects and current_color is not None:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            pen = QPen(current_color.lighter(160) if look != "light" else current_color.darker(150))
            pen.setWidthF(1.6)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect in current_rects:
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)
        if len(self._suggestions):
            self._paint_suggestions(painter, area, look)

    def _paint_suggestions(self, painter: QPainter, area: QRectF, look: str) -> None:
        """Suggestions, never filled: a box of short dashes in the label's colour round a short
        span (a figure, a source), a dotted underline under a sentence (a claim candidate), so
        a page of them stays quiet; the current one has a dashed, thicker box and a faint wash
        on each of its lines. The many plain boxes are drawn first, crisp (see
        :func:`_dashed_pen`); the underlines and the current boxes after, smoothed."""
        marks = self.suggestion_marks(area, look)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for color, box in marks.boxes:
            painter.setPen(_dashed_pen(color))
            painter.drawRoundedRect(box, 3, 3)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for color, lines in marks.underlines:
            pen = QPen(tint(color, 170))
            pen.setWidthF(1.4)
            pen.setStyle(Qt.PenStyle.DotLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(pen)
            painter.drawLines(lines)
        for color, box in marks.current:
            pen = QPen(color)
            pen.setWidthF(2.4)
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint(color, 36))
            painter.drawRect(box)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(box, 3, 3)

    def suggestion_marks(self, area: QRectF, look: str = "light") -> SuggestionMarks:
        """What :meth:`_paint_suggestions` draws in ``area`` of the viewport: the plain boxes,
        the underlines by colour, and a box for each line of the current suggestion."""
        marks = SuggestionMarks([], [], [])
        colors: dict[str, QColor] = {}
        underlines: dict[str, list[QLineF]] = {}  # by label
        for span, rect, line_bottom in self._visible_span_rects(area, self._suggestions):
            color = colors.get(span.label)
            if color is None:
                base = label_color(self._labels.get(span.label))
                color = colors[span.label] = base.lighter(130) if look != "light" \
                    else base.darker(125)
            box = rect.adjusted(-1.5, 0.5, 1.5, -0.5)
            if span.id == self._current_suggestion:
                marks.current.append((color, box))
            elif span.label in SENTENCE_LABELS:
                y = line_bottom - 1.0
                underlines.setdefault(span.label, []).append(
                    QLineF(rect.left(), y, rect.right(), y))
            else:
                marks.boxes.append((color, box))
        marks.underlines.extend((colors[label], lines) for label, lines in underlines.items())
        return marks

    def _paint_links(self, painter: QPainter, linked_rects, look: str) -> None:
        """Dashed outlines round the annotations linked to the current one."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for parts in linked_rects.values():
            color = parts[0][1]
            pen = QPen(color.lighter(150) if look != "light" else color.darker(140))
            pen.setWidthF(1.4)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect, _ in parts:
                painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), 3, 3)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            self.escapePressed.emit()
        super().keyPressEvent(event)

    def _visible_span_rects(self, area: QRectF, source: SpanList | None = None):
        """Yield ``(span, rect, line_bottom)`` for every span part in the visible blocks (of
        the annotations, or of ``source``: the suggestions)."""
        offset = self.contentOffset()
        blocks = []
        block = self.firstVisibleBlock()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > area.bottom():
                break
            if block.isVisible() and geometry.bottom() >= area.top():
                blocks.append((block, geometry))
            block = block.next()
        if not blocks:
            return
        first = blocks[0][0].position()
        last_block = blocks[-1][0]
        last = last_block.position() + max(last_block.length() - 1, 0)
        rows = (self._rows_between if source is None else source.between)(
            self._map.to_code_point(first), self._map.to_code_point(last, round_up=True)
        )
        if not rows:
            return
        span_to_view = self._map.span_to_view
        painted = [(*span_to_view(s, e), i, label) for s, e, i, label in rows]
        for block, geometry in blocks:
            block_start = block.position()
            block_end = block_start + max(block.length() - 1, 0)
            here = [p for p in painted if p[0] < max(block_end, block_start + 1)
                    and p[1] > block_start]
            if here:
                lanes = assign_lanes(here)
                spans = [PaintedSpan(i, s, e, label, lanes[i]) for s, e, i, label in here]
                yield from self._block_rects(block, geometry, spans, block_start, block_end)

    def _rows_between(self, start: int, end: int) -> list[SpanRow]:
        if self._cache is None or self._cache[0] != start or self._cache[1] != end:
            self._cache = (start, end, self._spans(start, end))
        return self._cache[2]

    def _block_rects(self, block, geometry: QRectF, spans, block_start: int, block_end: int):
        layout = block.layout()
        top_left = geometry.topLeft()
        for span in spans:
            start = max(span.start, block_start) - block_start
            end = min(span.end, block_end) - block_start
            if end <= start:
                continue
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                line_start = line.textStart()
                line_end = line_start + line.textLength()
                a, b = max(start, line_start), min(end, line_end)
                if a >= b:
                    continue
                x1 = _cursor_x(line, a)
                x2 = _cursor_x(line, b)
                left, right = min(x1, x2), max(x1, x2)
                rect = QRectF(left, line.y(), right - left, line.height()).translated(top_left)
                yield span, rect, rect.bottom()

    # ------------------------------------------------------------------ mouse

    def spans_at(self, point: QPoint | QPointF, source: SpanList | None = None) -> list[int]:
        """Ids of the annotations (or of ``source``'s spans) whose highlight is under a
        viewport point, shortest first."""
        point = QPointF(point)
        area = QRectF(point.x() - 1, point.y() - 1, 2, 2)
        hits = {span.id: span for span, rect, _ in self._visible_span_rects(area, source)
                if rect.adjusted(0, 0, 0.5, 0.5).contains(point)}
        return sorted(hits, key=lambda i: (hits[i].end - hits[i].start, hits[i].start, i))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if (
            event.button() == Qt.MouseButton.LeftButton
            and self._double_click is not None
            and self._double_click.elapsed() < QApplication.doubleClickInterval()
        ):
            self._double_click = None
            position = self.cursorForPosition(event.position().toPoint()).position()
            start, end = sentence_at(self._text, self._map.to_code_point(position))
            if end > start:  # a triple click: the sentence
                self.select_span(start, end, centre=False)
                self._precise = False
                event.accept()
                return
        self._double_click = None
        if (
            event.button() == Qt.MouseButton.LeftButton
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            hits = self.spans_at(event.position())
            if hits:  # Ctrl+drag from a highlight: a link, not a selection
                self._link_drag = (hits[0], event.position())
                self.viewport().setCursor(Qt.CursorShape.DragLinkCursor)
                event.accept()
                return
        self._link_drag = None
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mouseDoubleClickEvent(event)  # Qt selects the word
        self._double_click = QElapsedTimer()
        self._double_click.start()

    def keyReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().keyReleaseEvent(event)
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:  # a keyboard selection
            self._precise = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._link_drag is not None and event.button() == Qt.MouseButton.LeftButton:
            source, _ = self._link_drag
            self._link_drag = None
            self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
            targets = [i for i in self.spans_at(event.position()) if i != source]
            if targets:
                self.linkDragged.emit(source, targets[0])
            event.accept()
            return
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._precise = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        hits = self.spans_at(event.position())
        if not hits:
            suggested = self.spans_at(event.position(), self._suggestions)
            if suggested:
                self.suggestionClicked.emit(suggested[0])
            return
        if self._current in hits:  # a second click on overlapping spans picks the next one
            chosen = hits[(hits.index(self._current) + 1) % len(hits)]
        else:
            chosen = hits[0]
        self.annotationClicked.emit(chosen)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._link_drag is not None:
            event.accept()  # no text selection while dragging a link
            return
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        hits = self.spans_at(event.position())
        suggested = self.spans_at(event.position(), self._suggestions)
        if hits or suggested:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            tip = "<hr>".join(part for part in (self._tooltip(hits),
                                                 self._suggestion_tooltip(suggested)) if part)
            QToolTip.showText(event.globalPosition().toPoint(), tip, self.viewport())
        else:
            self.viewport().setCursor(Qt.CursorShape.IBeamCursor)
            QToolTip.hideText()

    def _tooltip(self, ids: list[int]) -> str:
        parts = []
        for annotation_id in ids:
            a = self._lookup(annotation_id)
            if a is None:
                continue
            label = self._labels.get(a.label)
            title = label.title if label else a.label
            note = f"<br><i>{escape_markup(a.note[:300])}</i>" if a.note else ""
            parts.append(
                f"<b>{escape_markup(title)}</b> · confidence {a.confidence} "
                f"({CONFIDENCE_NAMES[a.confidence]}) · {escape_markup(a.reviewer)}{note}"
            )
        return "<hr>".join(parts)

    def _suggestion_tooltip(self, ids: list[int]) -> str:
        parts = []
        for suggestion_id in ids:
            s = self._suggested.get(suggestion_id)
            if s is not None:
                label = self._labels.get(s.label)
                title = label.title if label else s.label
                parts.append(f"<b>Suggested {escape_markup(title.lower())}</b> · "
                             f"{escape_markup(s.reason)}<br><i>Enter accepts, Delete rejects"
                             "</i>")
        return "<hr>".join(parts)

    # ------------------------------------------------------------------ layout

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._fit_text_width()  # first: the lines are laid out again below, inside the margins
        super().resizeEvent(event)

    def _fit_text_width(self) -> None:
        """Keep lines to a comfortable reading length, centred in a wide window."""
        column = self.fontMetrics().horizontalAdvance("abcdefghijklmnopqrstuvwxyz") / 26
        wanted = int(column * MAX_TEXT_COLUMNS) + 2 * 18
        spare = max(0, self.width() - self.verticalScrollBar().sizeHint().width() - wanted)
        self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)


def _last_match(pattern: re.Pattern, text: str, end: int) -> re.Match | None:
    """The last match of ``pattern`` that ends by ``end``, looking back in ever wider
    stretches so that a near one is found quickly."""
    width = 1 << 16
    while True:
        start = max(0, end - width)
        last = None
        for last in pattern.finditer(text, start, end):  # noqa: B007 - the last one is kept
            pass
        if last is not None or start == 0:
            return last
        width *= 4


def _cursor_x(line, position: int) -> float:
    value = line.cursorToX(position)
    return float(value[0] if isinstance(value, tuple) else value)
