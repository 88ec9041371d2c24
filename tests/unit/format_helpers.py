"""What the tests of the annotation formats (tests/unit/test_format_*.py) share: sessions to
export, generated documents, and the comparisons a round trip must pass."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType

from hypothesis import strategies as st

from annotator.core.articles.text import normalise_text, sha256_text
from annotator.core.defaults import VERDICTS
from annotator.core.formats import format_module
from annotator.core.formats.import_records import EXTRA_COLOURS, import_records
from annotator.core.formats.records import DocumentRecord, SpanRecord, context_of, session_records
from annotator.core.models import Label
from annotator.core.session.store import SessionStore

AddText = Callable[..., int]  # the ``add_text`` fixture of tests/unit/conftest.py


def span(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    """Where the ``nth`` (from 0) occurrence of ``quote`` is in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


# ------------------------------------------------------------------ a session with everything

SEOUL = (
    "Fire 🔥🥵 broke out in 서울 near Zoe\u0301’s café at 5 p.m.,\na source said.\n\n"
    "Up to 3,000 people were evacuated, according to officials."
)
HANGUL = "한국어 기사: 화재가 발생했다 😀.\n두 번째 줄 e\u0301\u0301 끝."
# what a round trip of the whole records keeps (see ``comparable``)
RECORD_FIELDS = ("start", "end", "label", "quote", "confidence", "note", "reviewer", "verdict",
                 "evidence", "created_at", "updated_at", "prefix", "suffix")


def rich_session(
    store: SessionStore, add_text: AddText, *, empty_title: str = "Empty", note_end: str = ""
) -> None:
    """Emoji, Hangul, combining marks, overlaps, spans across and at line breaks, notes with
    tabs and newlines, verdicts, evidence, links, a second reviewer and an empty document
    (titled ``empty_title``; ``note_end`` ends the first note). Nine spans in three documents."""
    one = add_text(SEOUL, title="Seoul fire 🔥")
    two = add_text(HANGUL, title="서울 화재")
    add_text("Nothing tagged here.", title=empty_title)
    claim = store.add_annotation(one, *span(SEOUL, "broke out in 서울"), "claim", confidence=5,
                                 note="서울 😀\tcheck\nthis \\n path\r\nand\u2028that" + note_end)
    store.update_annotation(claim.id, verdict="false",
                            evidence=["https://example.org/a?b=1&c=ü", "https://example.net/2"])
    source = store.add_annotation(one, *span(SEOUL, "5 p.m.,\na source said"), "attribution",
                                  reviewer="Bo\tLee")
    store.add_annotation(one, *span(SEOUL, "Zoe\u0301’s"), "claim", confidence=1)
    estimate = store.add_annotation(one, *span(SEOUL, "Up to 3,000"), "estimate", confidence=2)
    store.add_annotation(one, *span(SEOUL, "3,000 people"), "claim")  # overlaps the estimate
    store.add_annotation(one, *span(SEOUL, "said.\n"), "claim")  # ends with a newline
    store.add_annotation(one, *span(SEOUL, "\n\nUp"), "estimate")  # starts with newlines
    store.add_link(source.id, claim.id)
    store.add_link(source.id, estimate.id)
    store.add_annotation(two, *span(HANGUL, "화재가 발생했다 😀.\n두"), "claim", note="줄\n바꿈")
    store.add_annotation(two, *span(HANGUL, "e\u0301\u0301"), "estimate")


def comparable(records: list[DocumentRecord]) -> list[tuple]:
    """What must survive a round trip; links as positions of spans, so renamed keys compare."""
    out = []
    for record in records:
        position = {s.key: n for n, s in enumerate(record.spans)}
        spans = [
            tuple(getattr(s, name) for name in RECORD_FIELDS)
            + (tuple(sorted(position[link] for link in s.links)),)
            for s in record.spans
        ]
        out.append((record.title, record.text, record.sha256, record.source_sha256, spans))
    return out


# ------------------------------------------------------------------ a session with reviewers

EMOJI_TEXT = "Fire 🔥🥵 broke out in 서울 near Zoe\u0301’s café; 기상청 said 38.9 degrees."
STORM_TEXT = (
    'The minister said "we will, eventually" cut the levy.\n\n'
    "Up to 3,000 households were evacuated, according to the city’s emergency office."
)
# what a round trip of the spans keeps, keys and links included (see ``fields``)
SPAN_FIELDS = (
    "start", "end", "label", "quote", "confidence", "note", "reviewer", "verdict", "evidence",
    "created_at", "updated_at", "key", "links",
)  # fmt: skip


def fields(spans) -> list[tuple]:
    """The compared fields of each span, in key order."""
    return sorted(
        (tuple(getattr(s, name) for name in SPAN_FIELDS) for s in spans),
        key=lambda row: (row[SPAN_FIELDS.index("key")] or "", row[0], row[1], row[2]),
    )


def fill(store: SessionStore, add_text: AddText) -> None:
    """A session with emoji, Hangul and combining marks, several reviewers, overlapping spans,
    verdicts, evidence, notes and links (within and across reviewers). Six spans in three
    documents, titled "Seoul fire", "Storm" and "Untagged"."""
    fire = add_text(EMOJI_TEXT, title="Seoul fire")
    storm = add_text(STORM_TEXT, title="Storm")
    add_text("Nothing was tagged in this one.", title="Untagged")
    claim = store.add_annotation(fire, *span(EMOJI_TEXT, "broke out in 서울"), "claim",
                                 confidence=5, note='Check "서울" 😀\nand e\u0301')
    inner = store.add_annotation(fire, *span(EMOJI_TEXT, "out in 서울 near Zoe\u0301"),
                                 "estimate", confidence=1, reviewer="Bo")
    said = store.add_annotation(fire, *span(EMOJI_TEXT, "기상청 said"), "attribution")
    store.update_annotation(claim.id, verdict="mostly_false",
                            evidence=["https://example.org/a", "https://example.org/b?x=1"])
    store.add_link(said.id, claim.id)
    store.add_link(inner.id, claim.id)  # across reviewers
    levy = store.add_annotation(storm, *span(STORM_TEXT, "cut the levy"), "claim", note="")
    figure = store.add_annotation(storm, *span(STORM_TEXT, "Up to 3,000 households"),
                                  "estimate", confidence=4, reviewer="서울 팀")
    office = store.add_annotation(storm, *span(STORM_TEXT, "according to the city’s emergency"
                                                            " office"), "attribution",
                                  reviewer="서울 팀")
    store.add_link(office.id, figure.id)
    store.update_annotation(levy.id, verdict="unverified")


# ------------------------------------------------------------------ a label of the session's own

CUSTOM_LABEL = Label(
    name="source_ref", title="Source (ref) ✓ 출처", color="#123456", shortcut="Q",
    description="Where a figure comes from: “the ministry’s report” 😀",
)


def fill_with_custom_label(store: SessionStore, add_text: AddText) -> int:
    """The ``fill`` session with ``CUSTOM_LABEL`` added to its labels and given to one more
    span (in "Storm"); returns the number of annotations (7)."""
    fill(store, add_text)
    store.replace_labels([*store.labels(), CUSTOM_LABEL])
    (storm,) = [doc.id for doc in store.documents() if doc.title == "Storm"]
    store.add_annotation(storm, *span(STORM_TEXT, "the city’s emergency office"), "source_ref")
    return len(store.annotations())


def assert_custom_label(
    fresh: SessionStore, *, description: bool, shortcut: bool = False
) -> None:
    """``fresh`` got ``CUSTOM_LABEL`` with its title and colour (and its description and key
    when the format carries them), and kept its own labels as they were."""
    labels = {label.name: label for label in fresh.labels()}
    got = labels["source_ref"]
    assert (got.title, got.color) == (CUSTOM_LABEL.title, CUSTOM_LABEL.color)
    assert got.description == (CUSTOM_LABEL.description if description else "")
    assert got.shortcut == (CUSTOM_LABEL.shortcut if shortcut else None)
    assert (labels["claim"].title, labels["claim"].color) == ("Claim", "#0072B2")
    assert [a.label for a in fresh.annotations()].count("source_ref") == 1


def assert_fallback_label(fresh: SessionStore) -> None:
    """``fresh`` got the custom label as an import without definitions gives it: titled by
    its name, in the first extra colour, without a key or a description."""
    got = {label.name: label for label in fresh.labels()}["source_ref"]
    assert (got.title, got.color, got.shortcut, got.description) == (
        "source_ref", EXTRA_COLOURS[0], None, "",
    )


# ------------------------------------------------------------------ round trips


def assert_registered(module: ModuleType, name: str, suffix: str) -> None:
    """``module`` is the format registered as ``name``, with the format module's interface."""
    found = format_module(name)
    assert found is module and (name, suffix) == (found.NAME, found.SUFFIX)
    assert callable(found.write) and callable(found.read) and found.DESCRIPTION


def annotations_of(store: SessionStore) -> list[tuple]:
    """The session's annotations, in the store's order."""
    return [(a.start, a.end, a.quote, a.label, a.confidence, a.note, a.reviewer, a.verdict,
             a.evidence, a.created_at, a.updated_at) for a in store.annotations()]


def links_of(store: SessionStore) -> set[tuple[str, str, str]]:
    """The session's links, each as its document's title and the label and quote of the two
    annotations."""
    pairs = set()
    for doc in store.documents():
        for source, target in store.links_in_document(doc.id):
            a, b = store.annotation(source), store.annotation(target)
            pairs.add((doc.title, f"{a.label}:{a.quote}", f"{b.label}:{b.quote}"))
    return pairs


def assert_same_session(fresh: SessionStore, store: SessionStore, *, in_order: bool) -> None:
    """``fresh`` has the documents (titles and texts, in order), annotations and links of
    ``store``; its annotations in the same order too when ``in_order``."""
    assert [(d.title, fresh.document_text(d.id)) for d in fresh.documents()] == [
        (d.title, store.document_text(d.id)) for d in store.documents()
    ]
    if in_order:
        assert annotations_of(fresh) == annotations_of(store)
    else:
        assert sorted(annotations_of(fresh)) == sorted(annotations_of(store))
    assert links_of(fresh) == links_of(store)


def write_and_read_back(
    module: ModuleType, store: SessionStore, add_text: AddText, path: Path
) -> tuple[list, list]:
    """The records of the ``fill`` session (made in ``store``), written with ``module`` to
    ``path``, and what reading the file gives back, after checking that every document and
    every field came back (the order of the spans is left to the caller)."""
    fill(store, add_text)
    records = list(session_records(store))
    assert module.write(records, path, labels=store.labels()) == 6
    back = module.read(path)
    assert [d.title for d in back] == ["Seoul fire", "Storm", "Untagged"]
    for written, read in zip(records, back, strict=True):
        assert read.text == written.text
        assert (read.sha256, read.source_sha256) == (written.sha256, written.source_sha256)
        assert fields(read.spans) == fields(written.spans)
    return records, back


@contextmanager
def imported_into_fresh_session(
    module: ModuleType, store: SessionStore, path: Path, *, added: int
) -> Iterator[SessionStore]:
    """Write the session with ``module`` to ``path``, import the file into a fresh session
    beside it, check that all ``added`` annotations and the three documents came in, and yield
    the fresh session (open until the ``with`` ends)."""
    module.write(session_records(store), path, labels=store.labels())
    fresh_path = path.parent / "fresh.sqlite"
    with SessionStore.open(fresh_path, create=True, reviewer="other") as fresh:
        report = import_records(fresh, module.read(path))
        assert not report.unplaced and report.added == added and report.documents_added == 3
        yield fresh


CLAIM_REVIEWED = ("The council spent 4 million", "https://checks.example/c/1")


def set_claim_reviewed(store: SessionStore):
    """Give the session's first claim a summary as checked and a fact-check address
    (:data:`CLAIM_REVIEWED`); return it as it was."""
    claim = next(a for a in store.annotations() if a.label == "claim")
    store.update_annotation(claim.id, claim_reviewed=CLAIM_REVIEWED[0],
                            fact_check_url=CLAIM_REVIEWED[1])
    return claim


def assert_claim_reviewed_back(module: ModuleType, store: SessionStore, claim, path: Path, *,
                               added: int) -> None:
    """Export the session with ``module``, import it into a fresh session and check that the
    claim's summary as checked and its fact-check address came back with it, alone."""
    with imported_into_fresh_session(module, store, path, added=added) as fresh:
        (back,) = [a for a in fresh.annotations() if a.claim_reviewed is not None]
        assert (back.quote, back.claim_reviewed, back.fact_check_url) == (
            claim.quote, *CLAIM_REVIEWED)


# ------------------------------------------------------------------ generated documents


def draw_span(draw, text: str, **values) -> SpanRecord:
    """A span of ``text`` at a drawn place (start, then end), its quote and context from the
    text; each other field drawn, in the order given, where its value is a strategy."""
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    prefix, suffix = context_of(text, start, end)
    for name, value in values.items():
        if isinstance(value, st.SearchStrategy):
            values[name] = draw(value)
    return SpanRecord(start=start, end=end, quote=text[start:end], prefix=prefix, suffix=suffix,
                      **values)


STAMPS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(timezone.utc)
).map(lambda d: d.isoformat())


@st.composite
def generated_documents(draw, chars: st.SearchStrategy, note_chars: st.SearchStrategy):
    """A document of ``chars`` (not normalised) with its SHA-256 and up to six spans with every
    field set, their notes and reviewers made of ``note_chars``, keyed "1", "2", … and linked
    to up to two others each (in key order)."""
    text = "".join(draw(st.lists(chars, min_size=1, max_size=40)))
    keys = [str(n + 1) for n in range(draw(st.integers(0, 6)))]
    spans = []
    for key in keys:
        others = [k for k in keys if k != key]
        spans.append(draw_span(
            draw, text,
            label=st.sampled_from(["claim", "estimate", "attribution"]),
            confidence=st.integers(1, 5),
            note=st.lists(note_chars, max_size=8).map("".join),
            reviewer=st.one_of(st.none(), st.lists(note_chars, min_size=1, max_size=6)
                               .map("".join)),
            verdict=st.one_of(st.none(), st.sampled_from(list(VERDICTS))),
            evidence=st.integers(0, 2).map(
                lambda n: tuple(f"https://example.org/{k}" for k in range(n))
            ),
            created_at=STAMPS,
            updated_at=STAMPS,
            key=key,
            links=st.lists(st.sampled_from(others), unique=True, max_size=2)
            .map(lambda links: tuple(sorted(links, key=int))) if others else (),
        ))
    title = "".join(draw(st.lists(chars, min_size=1, max_size=10)))
    return DocumentRecord(title=title, text=text, spans=tuple(spans), sha256=sha256_text(text))


PIECES = (
    "Fire", "broke", "out", " ", " ", "  ", ".", ",", "\n", "\r\n", "\r", "\t", "🔥", "🥵",
    "👨🏻‍🚒", "서울", "기상청", "e\u0301", "Zoe\u0301", "’", '"', "\\", "café", "\u2028", "3,000",
)  # fmt: skip
LABELS = ("claim", "estimate", "attribution", "ORG", "Person name")
REVIEWERS = (None, "Ana", "Bo", "서울 팀")


@st.composite
def documents(draw, max_spans: int = 8) -> DocumentRecord:
    """A text as import leaves it (CR LF and CR made LF) with overlapping spans, in text order,
    keyed "1", "2", … and linked to up to two others each (in the order drawn); no SHA-256."""
    raw = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)))
    text = normalise_text(raw) or "x"
    count = draw(st.integers(0, max_spans))
    spans = [
        draw_span(
            draw, text,
            label=st.sampled_from(LABELS),
            confidence=st.integers(1, 5),
            note=st.text(st.sampled_from("ab \n\"\\🔥서e\u0301\u2028"), max_size=12),
            reviewer=st.sampled_from(REVIEWERS),
            verdict=st.sampled_from((None, "true", "false", "mixed")),
            evidence=st.lists(st.sampled_from(
                ("https://a.example/1", "https://b.example/ü?q=1")), max_size=2).map(tuple),
            created_at=st.sampled_from((None, "2024-05-01T10:00:00.123000+00:00")),
            updated_at=st.sampled_from((None, "2024-05-02T10:00:00+02:00")),
            key=str(i + 1),
        )
        for i in range(count)
    ]
    keys = [s.key for s in spans]
    linked = []
    for s in spans:
        targets = draw(st.lists(st.sampled_from(keys), max_size=2, unique=True)) if keys else []
        linked.append(SpanRecord(**{**s.__dict__, "links": tuple(t for t in targets
                                                                   if t != s.key)}))
    linked.sort(key=lambda s: (s.start, s.end))
    return DocumentRecord(title=draw(st.sampled_from(("Doc", "서울 🔥", "A \"quoted\" title"))),
                          text=text, spans=tuple(linked), sha256=None)
