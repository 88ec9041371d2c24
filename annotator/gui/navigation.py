"""Moving through an article's annotations and linking them: J/K, the next of a label, the next
untagged figure, and link mode (L, a click, Ctrl+drag). A part of :class:`MainWindow`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.selection import next_untagged_number

if TYPE_CHECKING:
    from annotator.core.models import Annotation


class Navigation:
    """Mixed into :class:`~annotator.gui.main_window.MainWindow`."""

    def go_to_neighbour(self, backwards: bool = False, label: str | None = None) -> None:
        """Make the next (or previous) annotation current, from the current one or the cursor."""
        store = self.store
        if store is None or self._document_id is None:
            return
        current = self._annotation(self._current_id)
        if current is not None:
            after = (current.start, current.end, current.id)
        else:  # from the cursor: the first annotation starting at or after it (or before it)
            position = self.view.cursor_offset()
            after = (position, -1, -1) if not backwards else (position, 1 << 62, 1 << 62)
        found = store.neighbour(self._document_id, after, backwards=backwards, label=label)
        if found is None:
            what = f"{label} annotations" if label else "annotations"
            self._set_save_state(f"This article has no {what} yet.", ok=False)
            return
        self.set_current(found.id, reveal=True)

    def select_next_number(self) -> None:
        """Select the next figure no annotation covers, ready for E."""
        store = self.store
        if store is None or self._document_id is None:
            return
        span = self.view.selected_span_raw()
        offset = span[1] if span else self.view.cursor_offset()
        found = next_untagged_number(store, self._document_id, offset)
        if found is None:
            self._set_save_state("Every figure in this article is tagged.", ok=True)
            return
        self.set_current(None)
        self.view.select_span(*found)
        self.view.setFocus()
        self._set_save_state("Press E to tag this figure as an estimate.", ok=True)

    def link_current(self) -> None:
        """L: start linking from the current annotation; L again links to the one now current."""
        if self.controller is None:
            return
        if self._link_source is not None:
            if self._current_id is not None and self._current_id != self._link_source:
                self._finish_link(self._current_id)
            else:
                self._set_save_state(
                    "Go to the annotation to link to (J/K or a click), or Escape.", ok=False
                )
            return
        if self._current_id is None:
            self._set_save_state("Make an annotation current first, then press L.", ok=False)
            return
        self._link_source = self._current_id
        self._set_save_state(
            "Linking: click the annotation this one points to (or go to it with J/K and press "
            "L); Escape cancels.", ok=True,
        )

    def _finish_link(self, target_id: int) -> None:
        source_id, self._link_source = self._link_source, None
        if source_id is not None and self.controller.link(source_id, target_id):
            self.set_current(source_id, reveal=False)

    def _link_dragged(self, source_id: int, target_id: int) -> None:
        """Ctrl+drag from one highlight to another links them."""
        if self.controller is None or (self.store is not None and self.store.read_only):
            return
        self._link_source = None
        if self.controller.link(source_id, target_id):
            self.set_current(source_id, reveal=False)

    def _cancel_linking(self) -> None:
        if self._link_source is not None:
            self._link_source = None
            self._set_save_state("Linking cancelled", ok=True)

    def _annotation_clicked(self, annotation_id: int) -> None:
        if self._link_source is not None and annotation_id != self._link_source:
            self._finish_link(annotation_id)
        else:
            self.set_current(annotation_id, reveal=False)

    def _links_changed(self, document_id: int) -> None:
        if document_id == self._document_id:
            self._show_links(self._annotation(self._current_id))

    def _show_links(self, annotation: Annotation | None) -> None:
        """The current annotation's links: in the inspector, and dashed in the article."""
        if annotation is None or self.store is None:
            self.view.set_current(None)
            return
        ends = []
        others = set()
        for source_id, target_id in self.store.links_of(annotation.id):
            try:
                other = self.store.annotation(
                    target_id if source_id == annotation.id else source_id)
            except AnnotatorError:  # damaged outside the program: not shown
                continue
            label = next((lb.title for lb in self._labels if lb.name == other.label), other.label)
            ends.append((source_id, target_id, label, other.quote))
            others.add(other.id)
        self.inspector.show_links(ends)
        self.view.set_current(annotation.id, frozenset(others))
