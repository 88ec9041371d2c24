"""The inspector's "Checked before" list: the claims of other articles, and of published
fact-checks, that say what the current claim says, best first; and what the claim was marked
as the same claim as."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.actions import make_action
from annotator.gui.palette import swatch_icon
from annotator.gui.plain_text import PlainLabel, plain_tooltip
from annotator.gui.worker_threads import WorkerThread, wait_for

if TYPE_CHECKING:
    from concurrent.futures import Future

    from annotator.core.factcheck.checked_before import CheckedClaim, CopyOffer
    from annotator.core.models import Annotation
    from annotator.core.session.fact_checks import SameAs
    from annotator.core.session.store import SessionStore
    from annotator.gui.controller import SessionController
    from annotator.gui.review_state import ReviewState

KEY_ROLE = Qt.ItemDataRole.UserRole
SAME_CLAIM_KEY = "Ctrl+Shift+M"
CLAIM_LABEL = "claim"
LOOKUP_DELAY_MS = 150  # J/K through claims does not look up each one on the way
BUILD_POLL_MS = 30  # how often the window looks whether the index is built
# the claims are indexed in a thread of their own (the window stays responsive meanwhile)
_INDEXING = WorkerThread("annotator-claims")


def build_index(store: SessionStore):
    """What the worker thread is given to do: the index of the session's claims, and how each
    is shown, read through a read-only connection of its own when the session is on disk (the
    store's own connection belongs to the window's thread); else read here and built there."""
    from annotator.core.factcheck import checked_before as core
    from annotator.core.factcheck.claim_matching import ClaimIndex

    if store.saved_to_disk:
        path, checked = store.path, store.checked_damage()

        def work():
            from annotator.core.session.store import SessionStore

            # the rows the window's store found damaged are left out here too (checked once)
            with SessionStore.open(path, read_only=True, auto_backup=False,
                                   defer_integrity_check=checked is not None) as reader:
                if checked is not None:
                    reader.adopt_damage(checked)
                claims, shown = core.claim_entries(reader)
            return ClaimIndex(claims).prepare(), shown
    else:  # the latest work is in memory alone: read it here
        claims, shown = core.claim_entries(store)

        def work():
            return ClaimIndex(claims).prepare(), shown
    return work


def describe(claim: CheckedClaim, titles: dict[str, str], *, limit: int = 90
             ) -> tuple[str, str]:
    """A match in two lines: the claim (cut), then its verdict, where and when."""
    verdict = titles.get(claim.verdict, claim.verdict) if claim.verdict else "no verdict"
    text = " ".join(claim.text.split())
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    when = f", {claim.date.isoformat()}" if claim.date else ""
    return f"“{short}”", f"{verdict} · {claim.source}{when}"


def full_text(claim: CheckedClaim, titles: dict[str, str]) -> str:
    """The whole of a match, for its tooltip."""
    verdict = titles.get(claim.verdict, claim.verdict) if claim.verdict else "no verdict"
    lines = [claim.text, "", f"Verdict: {verdict}", f"Source: {claim.source}"]
    if claim.date:
        lines.append(f"Date: {claim.date.isoformat()}")
    if claim.url:
        lines.append(f"Address: {claim.url}")
    lines.append(f"Score: {claim.score} of 100")
    return "\n".join(lines)


def unmatched_rating(rating: str) -> str:
    """Why a published fact-check's verdict is not offered."""
    return (f"The fact-check's rating “{rating}” is not a verdict of this session, so its "
            "verdict is not copied.")


class CopyDialog(QDialog):
    """Asks what to copy to a claim marked as the same claim as another: its verdict and its
    evidence links, each ticked (Enter marks and copies what is ticked; Escape marks
    nothing)."""

    def __init__(self, parent: QWidget | None, offer: CopyOffer, titles: dict[str, str],
                 other: str) -> None:
        super().__init__(parent)
        self.setObjectName("copyFromSameClaim")
        self.setWindowTitle("Mark as the Same Claim")
        self.offer = offer
        layout = QVBoxLayout(self)
        intro = PlainLabel(f"Mark this claim as the same claim as {other}, and copy to it:")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.verdict = QCheckBox()
        self.verdict.setObjectName("copyVerdict")
        if offer.verdict is not None:
            self.verdict.setText(f"Its verdict: {titles.get(offer.verdict, offer.verdict)}")
            self.verdict.setChecked(True)
            layout.addWidget(self.verdict)
        self.evidence = QCheckBox()
        self.evidence.setObjectName("copyEvidence")
        if offer.evidence:
            count = len(offer.evidence)
            first = offer.evidence[0] if len(offer.evidence[0]) <= 60 else (
                offer.evidence[0][:59] + "…")
            more = f" and {count - 1} more" if count > 1 else ""
            self.evidence.setText(f"Its evidence link{'s' if count > 1 else ''}: {first}{more}")
            self.evidence.setToolTip(plain_tooltip("\n".join(offer.evidence)))
            self.evidence.setChecked(True)
            layout.addWidget(self.evidence)
        if offer.unmatched:
            why = PlainLabel(unmatched_rating(offer.unmatched))
            why.setObjectName("unmatchedRating")
            why.setWordWrap(True)
            layout.addWidget(why)
        buttons = QDialogButtonBox()
        mark = buttons.addButton("Mark", QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        mark.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def chosen(self) -> tuple[str | None, tuple[str, ...]]:
        """The verdict (or None) and the links to copy, as ticked."""
        verdict = self.offer.verdict if self.verdict.isChecked() else None
        return verdict, self.offer.evidence if self.evidence.isChecked() else ()


def choose_copies(parent: QWidget | None, offer: CopyOffer, titles: dict[str, str],
                  other: str) -> tuple[str | None, tuple[str, ...]] | None:
    """What to copy with the mark (see :class:`CopyDialog`); None: do not mark."""
    dialog = CopyDialog(parent, offer, titles, other)
    return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None


class CheckedBeforeList(QWidget):
    """Shows matches for the current claim; emits what the reviewer asks (the pane acts)."""

    sameClaimRequested = Signal(str)  # the key of the chosen match
    unmarkRequested = Signal()
    matchActivated = Signal(str)  # double-clicked: go to that claim

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkedBefore")
        self.matches = QListWidget()
        self.matches.setObjectName("checkedBeforeList")
        self.matches.setToolTip(plain_tooltip(
            "Claims of other articles and of published fact-checks that say the same thing, "
            f"best first. {SAME_CLAIM_KEY} marks the current claim as the same as the selected "
            "one; a double-click goes to it."))
        line = self.fontMetrics().lineSpacing()
        # seven lines for matches; one for what the list says when it has none
        self._heights = (line * 7 + 12, line + 10)
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matches.itemActivated.connect(
            lambda item: self._emit_key(item, self.matchActivated))
        self.same_button = QToolButton()
        self.same_button.setObjectName("sameClaimButton")
        self.same_button.setText("Same Claim")
        self.same_button.setToolTip(plain_tooltip(
            f"Mark the current claim as the same claim as the selected one ({SAME_CLAIM_KEY})"))
        self.same_button.clicked.connect(self.request_same_claim)
        self.same_as = PlainLabel()
        self.same_as.setObjectName("sameAsLabel")
        self.same_as.setWordWrap(True)
        self.unmark_button = QToolButton()
        self.unmark_button.setObjectName("unmarkSameButton")
        self.unmark_button.setText("Unmark")
        self.unmark_button.setToolTip("This claim is not the same claim after all")
        self.unmark_button.clicked.connect(self.unmarkRequested)
        same_row = QHBoxLayout()
        same_row.addWidget(self.same_as, 1)
        same_row.addWidget(self.unmark_button, 0, Qt.AlignmentFlag.AlignTop)
        top = QHBoxLayout()
        top.addWidget(self.matches, 1)
        top.addWidget(self.same_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addLayout(same_row)
        self.show_same_as(None)
        self.show_matches([], {})

    def show_pending(self) -> None:
        self._placeholder("Looking for claims checked before…")

    def show_matches(self, found: list[CheckedClaim], titles: dict[str, str],
                     colours: dict[str, str] | None = None) -> None:
        """The matches, best first: the claim, then its score, verdict, source and date (a
        swatch of the verdict's colour when it is one of the scale's)."""
        self.matches.clear()
        for claim in found:
            text, about = describe(claim, titles)
            item = QListWidgetItem(f"{text}\n{claim.score} · {about}")
            colour = (colours or {}).get(claim.verdict or "")
            if colour:
                item.setIcon(swatch_icon(QColor(colour), 12))
            item.setToolTip(plain_tooltip(full_text(claim, titles)))
            item.setData(KEY_ROLE, claim.key)
            self.matches.addItem(item)
        if found:
            self.matches.setCurrentRow(0)
            self.matches.setFixedHeight(self._heights[0])
        else:
            self._placeholder("No claim of another article says the same thing")
        self.same_button.setEnabled(bool(found))

    def _placeholder(self, text: str) -> None:
        self.matches.clear()
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setToolTip(plain_tooltip(text))
        self.matches.addItem(item)
        self.matches.setFixedHeight(self._heights[1])
        self.same_button.setEnabled(False)

    def show_same_as(self, text: str | None) -> None:
        """``text``: what the claim was marked as the same claim as; None when it was not."""
        self.same_as.setVisible(text is not None)
        self.unmark_button.setVisible(text is not None)
        self.same_as.setText(f"Same as: {text}" if text else "")
        self.same_as.setToolTip(plain_tooltip(text))

    def selected_key(self) -> str | None:
        item = self.matches.currentItem()
        return item.data(KEY_ROLE) if item is not None else None

    def request_same_claim(self) -> None:
        key = self.selected_key()
        if key is not None:
            self.sameClaimRequested.emit(key)

    def _emit_key(self, item: QListWidgetItem, signal) -> None:
        key = item.data(KEY_ROLE)
        if key is not None:
            signal.emit(key)


class ClaimsCheckedBefore(QObject):
    """Keeps the list in step with the current claim. The index of the session's claims is
    built once, when a claim is first shown, in a worker thread (the list says it is looking
    meanwhile, and the window stays responsive); a claim added, changed or removed is put
    right in it alone (one touched while it is built, once it is), and it is built again only
    when articles change (a title, a date, an article removed) or everything was read again.
    A lookup waits for the window to settle."""

    def __init__(self, state: ReviewState, view: CheckedBeforeList,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.view = view
        self._index = None  # (ClaimIndex, {key: CheckedClaim}) or None: build it again
        self._building: Future | None = None  # the index being built
        self._generation = 0  # an index built for an older generation is dropped
        self._touched: list[tuple[Annotation, bool]] = []  # while it is built
        self._built_for: tuple[int, SessionStore | None] = (0, None)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LOOKUP_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._poll = QTimer(self)
        self._poll.setInterval(BUILD_POLL_MS)
        self._poll.timeout.connect(self._check_built)
        self.action = make_action(
            self, "Mark as the &Same Claim", self.mark_selected, SAME_CLAIM_KEY,
            "Mark the current claim as the same claim as the selected claim checked before",
            "sameClaimAction")
        view.sameClaimRequested.connect(self.mark)
        view.unmarkRequested.connect(self.unmark)
        view.matchActivated.connect(self._go_to)
        state.sessionOpened.connect(self._session_opened)
        state.sessionClosing.connect(self._forget)
        state.currentChanged.connect(lambda *_: self.schedule())

    def _session_opened(self, controller: SessionController) -> None:
        self._forget()
        controller.annotationAdded.connect(self._claim_touched)
        controller.annotationRemoved.connect(lambda a: self._claim_touched(a, removed=True))
        controller.annotationChanged.connect(self._annotation_changed)
        controller.documentPropertiesChanged.connect(self.invalidate)
        controller.documentRemoved.connect(self.invalidate)
        controller.annotationsReloaded.connect(self.invalidate)

    def _forget(self) -> None:
        self._timer.stop()
        self._drop_build()

    def _drop_build(self) -> None:
        self._index = None
        self._generation += 1
        self._building = None
        self._touched.clear()
        self._poll.stop()

    def invalidate(self, *_args) -> None:
        self._drop_build()
        self.schedule()

    def _claim_touched(self, annotation: Annotation, *, removed: bool = False) -> None:
        """Bring the index up to date with one annotation (added, changed or removed): a claim
        is indexed again alone, so tagging claims in a large session stays quick."""
        if self._building is not None:
            self._touched.append((annotation, removed))  # put right once it is built
            return
        if self._index is None or self.state.store is None:
            return
        from annotator.core.factcheck.checked_before import CheckedClaim
        from annotator.core.factcheck.claim_matching import Claim

        matcher, shown = self._index
        key = str(annotation.id)
        old = shown.get(key)
        if removed or annotation.label != CLAIM_LABEL:
            if old is not None:
                matcher.remove(annotation.id)
                del shown[key]
            return
        text = " ".join(annotation.quote.split())
        if old is not None and old.text == text and old.verdict == annotation.verdict:
            return  # a note or a confidence: nothing a match shows
        summary = self.state.store.document_summary(annotation.document_id)
        if old is None or old.text != text:
            matcher.add(Claim(annotation.id, text, summary.id))
        shown[key] = CheckedClaim(key, text, annotation.verdict, summary.title,
                                  summary.published, summary.url)

    def _annotation_changed(self, annotation: Annotation) -> None:
        self._claim_touched(annotation)
        if annotation.id == self.state.annotation_id:
            self.schedule()  # marked as the same claim, or given another verdict

    def schedule(self) -> None:
        current = self.state.annotation(self.state.annotation_id)
        if current is None or current.label != CLAIM_LABEL:
            self._timer.stop()
            return
        if self._index is None:
            self.view.show_pending()
        self._timer.start()

    def index(self):
        """The index, or None while it is being built (the build is started if need be)."""
        if self._index is None and self._building is None and self.state.store is not None:
            self._building = _INDEXING.submit(build_index(self.state.store))
            self._built_for = (self._generation, self.state.store)
            self._poll.start()
        return self._index

    def wait_for_index(self):
        """The index, built now if need be (waiting for the worker thread)."""
        if self.index() is None and self._building is not None:
            wait_for(self._building)
            self._check_built()
        return self._index

    def _check_built(self) -> None:
        future = self._building
        if future is None:
            self._poll.stop()
            return
        if not future.done():
            return
        self._poll.stop()
        self._building = None
        generation, store = self._built_for
        if generation != self._generation or store is not self.state.store:
            return  # built for what was shown before
        try:
            self._index = future.result()
        except Exception:  # noqa: BLE001 - the file could not be read apart: read it here
            from annotator.core.factcheck.checked_before import claim_index

            self._index = claim_index(store)
        touched, self._touched = self._touched, []
        for annotation, removed in touched:
            self._claim_touched(annotation, removed=removed)
        self.refresh()

    def refresh(self) -> None:
        """Show the matches, and the mark, of the current claim (once the index is built)."""
        from annotator.core.factcheck.checked_before import checked_before

        store = self.state.store
        current = self.state.annotation(self.state.annotation_id)
        if store is None or current is None or current.label != CLAIM_LABEL:
            return
        index = self.index()
        if index is None:
            self.view.show_pending()  # shown when the worker thread is done
            return
        scale = store.verdict_scale()
        titles = scale.titles
        colours = {v.key: v.color for v in scale} | {v.title: v.color for v in scale}
        self.view.show_matches(checked_before(store, current.id, index=index), titles, colours)
        same = store.same_as(current.id)
        self.view.show_same_as(None if same is None else self._describe(same, titles))

    def _describe(self, same: SameAs, titles: dict[str, str]) -> str:
        claim = (self._index or ({}, {}))[1].get(str(same))
        if claim is None:
            return f"claim {same}"
        text, about = describe(claim, titles, limit=120)
        return f"{text} — {about}"

    # ------------------------------------------------------------------ marking

    def mark_selected(self) -> None:
        current = self.state.annotation(self.state.annotation_id)
        if current is None or current.label != CLAIM_LABEL:
            self.state.say("Make a claim current first: only claims are checked.", ok=False)
            return
        if self._timer.isActive() or self._index is None:  # the list is not up to date yet
            self._timer.stop()
            self.wait_for_index()
            self.refresh()
        key = self.view.selected_key()
        if key is None:
            self.state.say("No claim checked before is selected.", ok=False)
            return
        self.mark(key)

    def mark(self, key: str) -> None:
        """Mark the current claim as the same claim as the match ``key``; offer to copy its
        verdict and its evidence (one undo step with the mark)."""
        from annotator.core.factcheck.checked_before import copy_offer
        from annotator.core.session.fact_checks import SameAs

        state, controller = self.state, self.state.controller
        current = state.annotation(state.annotation_id)
        if controller is None or current is None or not state.writable:
            return
        if key.startswith("ref:"):
            same = SameAs(reference_id=int(key[4:]))
        else:
            same = SameAs(claim_id=int(key))
        offer = copy_offer(controller.store, current.id, same)
        verdict, evidence = None, ()
        if not offer.empty:
            titles = controller.store.verdict_scale().titles
            chosen = choose_copies(self.view.window(), offer, titles,
                                   "a published fact-check" if same.reference_id is not None
                                   else "that claim")
            if chosen is None:
                return
            verdict, evidence = chosen
        if controller.mark_same_claim(current.id, same, verdict=verdict, evidence=evidence) \
                and offer.unmatched:
            state.say(unmatched_rating(offer.unmatched), ok=False)

    def unmark(self) -> None:
        state = self.state
        if state.controller is not None and state.annotation_id is not None and state.writable:
            state.controller.mark_same_claim(state.annotation_id, None)

    def _go_to(self, key: str) -> None:
        if key.startswith("ref:") or self.state.store is None:
            return
        other = self.state.store.annotation(int(key))
        if other is None:
            return
        if other.document_id != self.state.document_id:
            self.state.show_document(other.document_id)
        self.state.set_current(other.id, reveal=True)
