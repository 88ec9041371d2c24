"""The article: a read-only text view that paints annotation highlights itself.

Highlights are not ``ExtraSelection``s (slow to build and unstable in bulk): on every paint the
view asks its *span source* (see :mod:`annotator.core.spans`) for the spans of the visible text
only, so opening, scrolling and tagging cost the same with ten annotations or a hundred thousand.
Each span gets a tint over its text and an underline in its label's colour; overlapping spans
stack their underlines in separate lanes (per paragraph) so each stays visible and clickable.

This is the one place where Qt's UTF-16 positions meet the core's code-point offsets: every
conversion goes through the document's :class:`~annotator.core.offsets.Utf16Map`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QFont,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from annotator.core.defaults import CONFIDENCE_NAMES
from annotator.core.offsets import Utf16Map
from annotator.core.selection import sentence_at, snap_to_words
from annotator.core.spans import SpanList, SpanRow, assign_lanes
from annotator.gui.palette import CURRENT_TINT_ALPHA, TINT_ALPHA, label_color, tint
from annotator.gui.plain_text import escape_markup

if TYPE_CHECKING:
    from annotator.core.models import Annotation, Label

SpanSource = Callable[[int, int], list[SpanRow]]

UNDERLINE_HEIGHT = 2.0
LANE_STEP = 3.0
MAX_TEXT_COLUMNS = 84


@dataclass(frozen=True)
class PaintedSpan:
    """An annotation as the view paints it: UTF-16 positions and an underline lane."""

    id: int
    start: int
    end: int
    label: str
    lane: int


class ArticleView(QPlainTextEdit):
    """Shows one document's text with its annotations; reports clicks on highlights."""

    annotationClicked = Signal(int)
    escapePressed = Signal()
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
        self._map = Utf16Map("")
        self._text = ""
        self._labels: dict[str, Label] = {}
        self._spans: SpanSource = SpanList()
        self._lookup: Callable[[int], Annotation | None] = lambda _id: None
        self._cache: tuple[int, int, list[SpanRow]] | None = None
        self._current: int | None = None
        self._linked: frozenset[int] = frozenset()
        self._precise = False  # the last selection was made with Alt: no snapping to words
        self._double_click: QElapsedTimer | None = None
        self._link_drag: tuple[int, QPointF] | None = None
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
        self._map = Utf16Map(text)
        self._labels = {label.name: label for label in labels}
        self._current = None
        # Qt drops one U+FEFF at the start of a text, which would shift every offset by one:
        # show a word joiner (as invisible, also one unit long) in its place.
        self.setPlainText("\u2060" + text[1:] if text.startswith("\ufeff") else text)
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
        u_start, u_end = self._map.span_to_utf16(start, end)
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
        block = self.document().findBlock(self._map.to_utf16(offset))
        if block.isValid():
            self.verticalScrollBar().setValue(block.firstLineNumber())

    def find_text(self, query: str, *, backward: bool = False) -> bool:
        """Select the next (or previous) match of ``query``, wrapping at the end."""
        if not query:
            return False
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        cursor = self.textCursor()
        if backward and cursor.hasSelection():
            cursor.setPosition(cursor.selectionStart())
        found = self.document().find(query, cursor, flags)
        if found.isNull():
            wrap = QTextCursor(self.document())
            if backward:
                wrap.movePosition(QTextCursor.MoveOperation.End)
            found = self.document().find(query, wrap, flags)
        if found.isNull():
            return False
        self.setTextCursor(found)
        self.centerCursor()
        return True

    def count_matches(self, query: str) -> tuple[int, int]:
        """``(index of the selected match, 1-based or 0, total matches)``, case-insensitive."""
        if not query:
            return 0, 0
        haystack, needle = self._text.casefold(), query.casefold()
        if len(haystack) != len(self._text):  # case folding changed lengths: count only
            return 0, self._text.lower().count(query.lower())
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
        for span, rect, line_bottom in self._visible_span_rects(area):
            color = label_color(self._labels.get(span.label))
            is_current = span.id == self._current
            painter.fillRect(rect, tint(color, current_alpha if is_current else alpha))
            y = line_bottom - underline - span.lane * LANE_STEP
            painter.fillRect(QRectF(rect.left(), y, rect.width(), underline), color)
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

    def _visible_span_rects(self, area: QRectF):
        """Yield ``(span, rect, line_bottom)`` for every span part in the visible blocks."""
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
        rows = self._rows_between(
            self._map.to_code_point(first), self._map.to_code_point(last, round_up=True)
        )
        if not rows:
            return
        to_utf16 = self._map.to_utf16
        painted = [(to_utf16(s), to_utf16(e), i, label) for s, e, i, label in rows]
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

    def spans_at(self, point: QPoint | QPointF) -> list[int]:
        """Ids of the annotations whose highlight is under a viewport point, shortest first."""
        point = QPointF(point)
        area = QRectF(point.x() - 1, point.y() - 1, 2, 2)
        hits = {span.id: span for span, rect, _ in self._visible_span_rects(area)
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
        if hits:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
            QToolTip.showText(
                event.globalPosition().toPoint(), self._tooltip(hits), self.viewport()
            )
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

    # ------------------------------------------------------------------ layout

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_text_width()

    def _fit_text_width(self) -> None:
        """Keep lines to a comfortable reading length, centred in a wide window."""
        column = self.fontMetrics().horizontalAdvance("abcdefghijklmnopqrstuvwxyz") / 26
        wanted = int(column * MAX_TEXT_COLUMNS) + 2 * 18
        spare = max(0, self.width() - self.verticalScrollBar().sizeHint().width() - wanted)
        self.setViewportMargins(spare // 2, 0, spare - spare // 2, 0)


def _cursor_x(line, position: int) -> float:
    value = line.cursorToX(position)
    return float(value[0] if isinstance(value, tuple) else value)
