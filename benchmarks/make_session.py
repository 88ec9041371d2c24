"""Build a realistic session for the benchmarks: one long news article and many annotations.

    python benchmarks/make_session.py big.sqlite --chars 5000000 --annotations 100000 --seed 1

The article is original, generated text: paragraphs of news-style sentences from word lists and
templates, with numbers and ranges, curly quotes, "according to …" attributions, accented names,
the odd emoji (outside the Basic Multilingual Plane, so UTF-16 offsets differ from code points)
and short sub-headings. While it is generated, the spans a fact-checker would tag are recorded:
whole sentences (claims), numbers and quantities (estimates) and who said it (attributions).
The annotations are drawn from those in clusters (a sentence, the figures and sources in it, a
few of its words), so they nest and overlap as real ones do at every density, and past the
sentences from random word-aligned spans; about one in five carries a note (commas, quotes, line
breaks, non-ASCII, one that looks like a spreadsheet formula).

Everything goes through the core's public API: ``SessionStore.open(..., create=True)``,
``add_document`` and ``add_annotation``, which validates every span (inside the text, quote equal
to ``text[start:end]``, not only white space, known label) and refuses exact duplicates.
``add_annotation`` commits each call on its own, which at 100,000 calls is dominated by commits;
the calls are therefore made inside one outer ``store._db.atomic()`` block. That is correct
because the store's ``_transact`` runs each change inside ``db.atomic()``, and sqlite-utils'
``atomic()`` turns into a SAVEPOINT / RELEASE pair when a transaction is already open (its
inserts and ``Database.execute`` do not commit inside an open transaction either): every call
still validates, checks for duplicates against the rows inserted so far and inserts exactly as
it would alone; only the single COMMIT at the end of the outer block reaches the disk. A call
that the store refuses raises before writing anything and leaves the transaction usable.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import json
import random
import re
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote as url_quote

from annotator.core.articles.reading import ImportedDocument
from annotator.core.errors import ValidationFailed
from annotator.core.session.store import SessionStore

LABELS = ("claim", "estimate", "attribution")
REVIEWERS = ("amira.haddad", "jonas.berg", "zoë.okafor", "min-jun.park")

PLACES = (
    "Port Veyra", "Malmö", "São Paulo", "Zürich", "Kraków", "Reykjavík", "Liège", "Córdoba",
    "Gdańsk", "Tromsø", "Ålesund", "Besançon", "Hamburg", "Lagos", "Nairobi", "Montréal",
    "the harbour district", "the northern valley", "Greyford", "Saint-Étienne", "Brașov",
)
NAMES = (
    "Amélie Durand", "José Ortega", "Zoë Okafor", "Björn Lindqvist", "Min-jun Park",
    "Chloé Martin", "Søren Dahl", "Ana Lúcia Costa", "Nguyễn Thị Lan", "Ravi Iyer",
    "Fatima Zahra Benali", "Tomás Ó Briain", "Hélène Moreau", "Łukasz Nowak", "Grace Mwangi",
    "Dr. Ingrid Halvorsen", "Professor Kwame Mensah", "Mariana Peña", "Jürgen Vogt",
)
ROLES = (
    "a spokesperson for the ministry", "the city's emergency coordinator",
    "an economist at the central bank", "who runs a bakery on the quay",
    "the head of the regional hospital", "a union representative", "the deputy mayor",
    "an independent hydrologist", "a researcher at the university", "the port's harbourmaster",
    "a local councillor", "the chief executive of the water company",
)
SOURCES = (
    "the national statistics office", "the emergency office", "the port authority",
    "figures released on Monday", "a report by the audit court", "police",
    "the regional health agency", "a leaked internal memo", "the finance ministry",
    "the weather service", "a survey by the chamber of commerce", "court documents",
    "the election commission", "preliminary estimates from the fire service",
)
THINGS = (
    "households", "volunteers", "hospital beds", "jobs", "students", "flights", "homes",
    "small businesses", "nurses", "buses", "classrooms", "farms", "shops", "tonnes of grain",
    "litres of fuel", "patients", "passengers", "voters", "tenants", "bridges",
)
VERBS = (
    "were evacuated", "were affected", "were cut", "were added", "were cancelled",
    "were closed", "were inspected", "were damaged", "were reopened", "were lost",
)
VERBS_PRESENT = (
    "rose", "fell", "doubled", "stalled", "recovered", "collapsed", "grew", "shrank",
)
SUBJECTS = (
    "unemployment", "the budget deficit", "rents", "food prices", "hospital waiting times",
    "turnout", "the river level", "crime", "energy bills", "school enrolment", "exports",
)
STRUCTURES = ("sea wall", "bridge", "dam", "hospital wing", "tram line", "stadium", "ring road")
DAYS = (
    "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend",
    "last week", "overnight", "earlier this month", "since January", "in the past year",
)
UNITS = ("centimetres", "metres", "kilometres", "per cent", "degrees", "hectares")
CURRENCIES = ("€", "£", "$", "¥")
SCALES = ("million", "billion", "thousand")
APPROX = ("Up to", "About", "Some", "Nearly", "More than", "Fewer than", "Roughly", "At least")
EMOJI = ("🌊", "📈", "📉", "🚒", "🏥", "🗳️", "🚆", "💶", "🌧️", "🔥", "🧱")
CONTEXT = (
    "Residents gathered outside the town hall as the rain eased.",
    "The mood on the quay was calm but tired.",
    "Shops along the main street stayed shut for a second day.",
    "The council meets again next week to discuss the plan.",
    "Reporters were not allowed into the building.",
    "Nobody answered the door at the company's offices.",
    "It was not the first time the question had been raised.",
    "The debate is likely to continue into the autumn.",
    "Café owners said trade had been slow since the spring.",
    "Photographs shared online showed queues stretching round the block.",
)
HEADINGS = (
    "What we know", "What officials say", "The numbers", "Reaction", "Background",
    "What happens next", "Fact check", "Context", "Timeline", "Voices from the quay",
)
QUOTES = (
    "We have never seen the water come up this quickly",
    "The figures speak for themselves",
    "Nobody told us anything until it was too late",
    "This is the highest reading since records began",
    "We expect the numbers to rise further",
    "It is simply not true that the drains were blocked",
    "Prices have gone up every single month",
    "We are doing everything we can",
    "That estimate is premature",
    "Half the street is still without power",
)
NOTES = (
    "Check against the ministry's press release of 3 March.",
    "Number differs from the official table (2,950 vs 3,000); rounding?",
    'He said, "no comment," and hung up.',
    "Source disputed — see the thread.\nSecond source pending.",
    "Vérifié auprès de l'agence ✅",
    "Quotes: “curly”, 'single', «guillemets»",
    "=SUM(A1:A3) looks like a formula and must not run in a spreadsheet",
    "Ask the statistics office for the methodology 📊",
    "Attribution is vague: which official?",
    "Figures, commas, and more commas: 3,000, 18,000, €40,000,000",
)


Span = tuple[int, int, str]  # start, end, label (code points, half-open)


@dataclass
class Article:
    """Generated text and, per sentence, the spans worth tagging in it.

    ``sentences`` holds ``(start, end, inner)``: the sentence (a claim) and the numbers
    (estimates) and sources (attributions) inside it.
    """

    title: str
    text: str
    sentences: list[tuple[int, int, list[Span]]] = field(default_factory=list)


class _Writer:
    """Appends pieces of text and records tagged spans at their code-point offsets."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.inner: list[Span] = []
        self.sentences: list[tuple[int, int, list[Span]]] = []

    def add(self, piece: str, label: str | None = None) -> None:
        if label is not None:
            self.inner.append((self.length, self.length + len(piece), label))
        self.parts.append(piece)
        self.length += len(piece)


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"{rng.randint(2, 90) * 100 + rng.choice((0, 0, 50)):,}"
    if roll < 0.5:
        return f"{rng.randint(1, 99)}.{rng.randint(0, 9)} per cent"
    if roll < 0.7:
        return f"{rng.choice(CURRENCIES)}{rng.randint(1, 950) / 10:g} {rng.choice(SCALES)}"
    if roll < 0.85:
        low = rng.randint(2, 60)
        return f"between {low} and {low + rng.randint(5, 40)}"
    return rng.choice(("two thirds", "nearly half", "a quarter", "one in five", "a dozen"))


def _sentence(rng: random.Random, w: _Writer) -> None:
    """One sentence; records it with the numbers and sources in it."""
    start = w.length
    w.inner = []
    kind = rng.randrange(8)
    if kind == 0:
        w.add(f"{rng.choice(APPROX)} {rng.randint(2, 90) * 100:,} {rng.choice(THINGS)}",
              "estimate")
        w.add(f" in {rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(DAYS)}, ")
        w.add(f"according to {rng.choice(SOURCES)}", "attribution")
        w.add(".")
    elif kind == 1:
        w.add(f"“{rng.choice(QUOTES)},” said ")
        w.add(f"{rng.choice(NAMES)}, {rng.choice(ROLES)}", "attribution")
        w.add(".")
    elif kind == 2:
        source = rng.choice(SOURCES)
        w.add(source[0].upper() + source[1:], "attribution")
        w.add(" estimated that ")
        w.add(_number(rng), "estimate")
        w.add(f" of {rng.choice(THINGS)} {rng.choice(VERBS)} in {rng.randint(1990, 2025)}.")
    elif kind == 3:
        w.add(f"According to {rng.choice(SOURCES)}", "attribution")
        w.add(f", {rng.choice(SUBJECTS)} {rng.choice(VERBS_PRESENT)} by ")
        w.add(_number(rng), "estimate")
        w.add(f" {rng.choice(DAYS)}.")
    elif kind == 4:
        year = rng.randint(1900, 1995)
        w.add(f"The {rng.choice(STRUCTURES)} was built in {year} and raised by ")
        w.add(f"{rng.randint(2, 400)} {rng.choice(UNITS)}", "estimate")
        w.add(f" in {year + rng.randint(5, 28)}, ")
        w.add("according to planning documents", "attribution")
        w.add(".")
    elif kind == 5:
        w.add(rng.choice(NAMES), "attribution")
        w.add(" told reporters that ")
        w.add(_number(rng), "estimate")
        w.add(f" of the {rng.choice(THINGS)} had been {rng.choice(('lost', 'saved', 'moved'))}")
        w.add(f" {rng.choice(EMOJI)}." if rng.random() < 0.3 else ".")
    elif kind == 6:
        w.add("Officials put the cost at ")
        w.add(f"{rng.choice(CURRENCIES)}{rng.randint(2, 900)} {rng.choice(SCALES)}", "estimate")
        w.add(f", though {rng.choice(NAMES)} called the figure “{rng.choice(QUOTES).lower()}”.")
    else:
        w.add(rng.choice(CONTEXT))
    w.sentences.append((start, w.length, w.inner))


def generate_article(chars: int, seed: int = 0) -> Article:
    """An original news-style article of exactly ``chars`` code points (at least 200)."""
    chars = max(int(chars), 200)
    rng = random.Random(f"article-{seed}")
    place = rng.choice(PLACES)
    title = f"{place}: what the figures say ({chars:,} characters, seed {seed})"
    w = _Writer()
    w.add(f"{title}\n\n")
    while w.length < chars:
        if rng.random() < 0.08:
            w.add(f"{rng.choice(HEADINGS)}\n\n")
        for i in range(rng.randint(2, 6)):
            if i:
                w.add(" ")
            _sentence(rng, w)
        w.add("\n\n")
    text = "".join(w.parts)[:chars]
    if text[-1].isspace():
        text = text[:-1] + "."
    sentences = [
        (start, end, [span for span in inner if span[1] <= chars])
        for start, end, inner in w.sentences
        if end <= chars
    ]
    return Article(title=title, text=text, sentences=sentences)


_WORD = re.compile(r"\S+")


def plan_annotations(
    article: Article, count: int, seed: int = 0
) -> list[tuple[int, int, str, int, str, str]]:
    """``count`` distinct ``(start, end, label, confidence, note, reviewer)`` for the article.

    Sentences are visited in random order, as a reviewer would pick paragraphs to check; each
    gives a cluster of nested spans: the sentence as a claim, the numbers in it as estimates,
    its sources as attributions (each with some probability), now and then a few words of it
    with any label or a span running on into the next sentence. When the sentences run out
    (100,000 annotations on 5 MB), word-aligned spans of one to ten words anywhere, with any
    label, make up the rest. No two share start, end and label; none starts or ends with white
    space.
    """
    rng = random.Random(f"annotations-{seed}-{count}")
    text = article.text
    words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    word_starts = [start for start, _ in words]
    if count > 3 * len(words) * 10:
        raise ValueError(f"{count:,} annotations do not fit in {len(text):,} characters")
    order = list(range(len(article.sentences)))
    rng.shuffle(order)
    seen: set[Span] = set()
    spans: list[Span] = []

    def take(span: Span) -> None:
        start, end, _ = span
        if len(spans) < count and span not in seen and text[start:end].strip() == text[start:end]:
            seen.add(span)
            spans.append(span)

    def words_between(start: int, end: int, most: int) -> tuple[int, int]:
        first = bisect.bisect_left(word_starts, start)
        last = max(first, bisect.bisect_left(word_starts, end) - 1)
        i = rng.randint(first, last)
        j = min(last, i + rng.randint(0, most - 1))
        return words[i][0], words[j][1]

    for index in order:
        if len(spans) >= count:
            break
        start, end, inner = article.sentences[index]
        if rng.random() < 0.7:
            take((start, end, "claim"))
        for span in inner:
            if rng.random() < 0.6:
                take(span)
        if rng.random() < 0.25:
            take((*words_between(start, end, 4), rng.choice(LABELS)))
        if rng.random() < 0.05 and index + 1 < len(article.sentences):
            take((start, article.sentences[index + 1][1], "claim"))
    while len(spans) < count:
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randint(0, 9))
        take((words[first][0], words[last][1], rng.choice(LABELS)))
    rng.shuffle(spans)  # ids in the order of work, not of reading
    planned = []
    for start, end, label in spans:
        note = ""
        if rng.random() < 0.2:
            note = rng.choice(NOTES)
            if rng.random() < 0.3:
                note += f" ({text[start:end][:30]}…)"
        planned.append((start, end, label, rng.randint(1, 5), note, rng.choice(REVIEWERS)))
    return planned


def _remove_session(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", ".lock"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".backups"), ignore_errors=True)


def build_session(
    out: str | Path,
    chars: int,
    annotations: int,
    seed: int = 0,
    *,
    force: bool = False,
    article: Article | None = None,
    commit_each: bool = False,
) -> dict:
    """Create the session ``out`` with one article and ``annotations`` annotations.

    Returns a summary: document id, characters, annotations per label, seconds taken.
    """
    out = Path(out)
    if out.exists():
        if not force:
            raise FileExistsError(f"{out} exists (use --force to replace it)")
        _remove_session(out)
    started = time.perf_counter()
    article = article or generate_article(chars, seed)
    planned = plan_annotations(article, annotations, seed)
    refused = 0
    with SessionStore.open(out, create=True, reviewer=REVIEWERS[0], auto_backup=False) as store:
        document, _ = store.add_document(
            ImportedDocument(title=article.title, text=article.text, source_format="text")
        )
        # One transaction around the public method: see the module docstring for why this is
        # exactly what the calls would do one by one, apart from the number of commits.
        batch = contextlib.nullcontext() if commit_each else store._db.atomic()
        with batch:
            for start, end, label, confidence, note, reviewer in planned:
                try:
                    store.add_annotation(
                        document.id, start, end, label,
                        confidence=confidence, note=note, reviewer=reviewer,
                    )
                except ValidationFailed:
                    refused += 1
    seconds = time.perf_counter() - started
    summary = check_session(out)
    summary.update(
        {"seconds": round(seconds, 2), "refused": refused, "document_id": document.id,
         "title": article.title}
    )
    return summary


def check_session(path: str | Path) -> dict:
    """Read the session back with bare sqlite3 and check every span against the text."""
    # immutable: read the closed file as it is, without creating -wal or -shm files beside it
    uri = f"file:{url_quote(str(Path(path).absolute()))}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    try:
        (doc_id, text), = conn.execute("SELECT id, text FROM documents").fetchall()
        per_label = dict.fromkeys(LABELS, 0)
        keys = set()
        notes = 0
        for start, end, quote, label, note in conn.execute(
            'SELECT start, "end", quote, label, note FROM annotations WHERE document_id = ?',
            [doc_id],
        ):
            if text[start:end] != quote or not quote.strip():
                raise AssertionError(f"bad span {start}–{end} ({label})")
            if quote != quote.strip():
                raise AssertionError(f"span {start}–{end} starts or ends with white space")
            keys.add((start, end, label))
            per_label[label] += 1
            notes += bool(note)
        total = sum(per_label.values())
        if len(keys) != total:
            raise AssertionError("duplicate annotations")
    finally:
        conn.close()
    overlapping = _count_overlapping(sorted({(s, e) for s, e, _ in keys}))
    return {
        "path": str(path),
        "characters": len(text),
        "astral_characters": sum(1 for c in text if ord(c) > 0xFFFF),
        "non_ascii_characters": sum(1 for c in text if ord(c) > 0x7F),
        "annotations": total,
        "per_label": per_label,
        "with_notes": notes,
        "overlapping_others": overlapping,
    }


def _count_overlapping(spans: list[tuple[int, int]]) -> int:
    """How many of the (sorted, distinct) spans share a code point with another span."""
    flags = [False] * len(spans)
    reach, holder = -1, -1  # the furthest end so far, and the span that has it
    for i, (start, end) in enumerate(spans):
        if start < reach:
            flags[i] = flags[holder] = True
        if end > reach:
            reach, holder = end, i
    return sum(flags)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the session file to create")
    parser.add_argument("--chars", type=int, required=True, help="article length (code points)")
    parser.add_argument("--annotations", type=int, required=True, help="number of annotations")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")
    parser.add_argument(
        "--commit-each", action="store_true",
        help="commit every annotation on its own (slow; to compare with the one transaction)",
    )
    parser.add_argument("--text-out", type=Path, help="also write the article as a .txt file")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    try:
        article = generate_article(args.chars, args.seed)
        summary = build_session(
            args.out, args.chars, args.annotations, args.seed, force=args.force, article=article,
            commit_each=args.commit_each,
        )
    except (FileExistsError, ValueError) as exc:
        print(f"make_session: error: {exc}", file=sys.stderr)
        return 1
    if args.text_out:
        args.text_out.write_text(article.text, encoding="utf-8")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    labels = ", ".join(f"{n:,} {label}" for label, n in summary["per_label"].items())
    print(
        f"{summary['path']}: {summary['characters']:,} characters "
        f"({summary['non_ascii_characters']:,} non-ASCII, {summary['astral_characters']:,} "
        f"emoji), {summary['annotations']:,} annotations ({labels}; "
        f"{summary['with_notes']:,} with notes, {summary['overlapping_others']:,} overlapping "
        f"another) in {summary['seconds']:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
