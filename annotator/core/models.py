"""pydantic models for everything that enters or leaves the session store.

Offsets are Unicode code-point indexes into a document's stored text, half-open ``[start, end)``,
so that ``text[start:end] == quote`` always holds (see :mod:`annotator.core.offsets`).

Rules that need the document text or the session's label set are checked when a validation
context is given: ``Annotation.model_validate(data, context={"text": ..., "labels": {...}})``.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from typing import Annotated, NamedTuple

# pydantic looks for plugins (observability hooks) in the metadata of every installed package when
# the first model is built, some 10 ms at each start of the program and more in a large
# environment. These models take none; a value set by the user is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import (  # noqa: E402
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from annotator.core.defaults import (  # noqa: F401 (MAX_NOTE_CHARS is re-exported)
    HTTP_ADDRESS,
    MAX_EVIDENCE_URLS,
    MAX_NOTE_CHARS,
    MAX_REVIEWER_CHARS,
    ORIGINS,
    STATUSES,
    VERDICT_KEY,
    WEB_ADDRESS,
)

MAX_TITLE_CHARS = 500
MAX_CLAIM_REVIEWED_CHARS = 2_000  # a claim's summary as checked


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("timestamps must carry a time zone")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


def now() -> datetime:
    """The current time in UTC, to the millisecond (the precision the store keeps)."""
    stamp = datetime.now(timezone.utc)
    return stamp.replace(microsecond=stamp.microsecond // 1000 * 1000)


class Label(BaseModel):
    """One tag a reviewer can give a span."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")
    title: str = Field(min_length=1, max_length=80)
    color: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$")
    shortcut: str | None = Field(default=None, pattern=r"^[A-Z]$")
    position: int = 0
    description: str = ""


class DocumentSummary(BaseModel):
    """A document of the session without its text: what lists and exports need."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int
    title: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    char_count: int = Field(ge=0)
    source_path: str | None = None
    source_format: str
    source_encoding: str | None = None
    source_sha256: str | None = None
    imported_at: AwareDatetime
    position: int = 0
    last_offset: int = Field(default=0, ge=0)
    status: str = "not_started"
    annotation_count: int = 0
    label_counts: dict[str, int] = Field(default_factory=dict)
    # where the article came from (see annotator.core.articles.provenance); a value another
    # program wrote that cannot be read is shown as unknown rather than losing the document
    url: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    retrieved: date | None = None

    @field_validator("url", "outlet", mode="before")
    @classmethod
    def _readable_text(cls, value, info):
        from annotator.core.articles.provenance import clean_name, clean_url

        return clean_url(value) if info.field_name == "url" else clean_name(value)

    @field_validator("authors", mode="before")
    @classmethod
    def _author_list(cls, value):
        from annotator.core.articles.provenance import clean_authors

        if isinstance(value, str):  # as stored: a JSON list
            import json

            try:
                value = json.loads(value or "[]")
            except ValueError:
                return ()
        return clean_authors(value) if isinstance(value, (list, tuple)) else ()

    @field_validator("published", "retrieved", mode="before")
    @classmethod
    def _readable_date(cls, value):
        from annotator.core.articles.provenance import parse_date

        return parse_date(value)

    @property
    def has_provenance(self) -> bool:
        """Whether anything is known of where the article came from (read without loading
        the provenance module, which most plain-text articles never need)."""
        return bool(self.url or self.outlet or self.authors or self.published or self.retrieved)

    @property
    def provenance(self):
        """Where the article came from (a
        :class:`~annotator.core.articles.provenance.Provenance`)."""
        from annotator.core.articles.provenance import Provenance

        return Provenance(url=self.url, outlet=self.outlet, authors=self.authors,
                          published=self.published, retrieved=self.retrieved)

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in STATUSES:
            raise ValueError(f"unknown status {value!r} (one of: {', '.join(STATUSES)})")
        return value


class Document(DocumentSummary):
    """A document with its full, frozen text."""

    text: str

    @model_validator(mode="after")
    def _text_matches(self) -> Document:
        if len(self.text) != self.char_count:
            raise ValueError("char_count does not match the text")
        return self


class Annotation(BaseModel):
    """A tagged span of one document.

    With a validation context holding ``text`` (the document text) and/or ``labels`` (the
    names of the session's labels), the span and the label are checked against them too.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: int | None = None
    document_id: int
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    label: str
    confidence: int = Field(default=3, ge=1, le=5)
    note: str = ""
    verdict: str | None = None
    evidence: tuple[str, ...] = ()
    reviewer: str = Field(min_length=1, max_length=MAX_REVIEWER_CHARS)
    created_at: AwareDatetime
    updated_at: AwareDatetime
    origin: str = "manual"  # see defaults.ORIGINS
    # a claim as its fact-check states it (ClaimReview's claimReviewed; None: its text) and
    # the address of its published fact-check (ClaimReview's url; None: the address template)
    claim_reviewed: str | None = None
    fact_check_url: str | None = None

    @field_validator("claim_reviewed", mode="before")
    @classmethod
    def _claim_reviewed_fits(cls, value):
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("the claim as checked is not text")
        value = " ".join(value.split())  # one line, as ClaimReview shows it
        if len(value) > MAX_CLAIM_REVIEWED_CHARS:
            raise ValueError(f"the claim as checked has {len(value):,} characters; it may have "
                             f"at most {MAX_CLAIM_REVIEWED_CHARS:,}")
        return value or None

    @field_validator("fact_check_url", mode="before")
    @classmethod
    def _fact_check_address(cls, value):
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError("the fact-check's address is not text")
        value = value.strip()
        if not value:
            return None
        if not HTTP_ADDRESS.match(value):
            raise ValueError(f"the fact-check's address “{value[:80]}” is not a web address "
                             "(http:// or https://)")
        return value

    @field_validator("origin")
    @classmethod
    def _known_origin(cls, value: str) -> str:
        if value not in ORIGINS:
            raise ValueError(f"unknown origin {value!r} (one of: {', '.join(ORIGINS)})")
        return value

    @field_validator("note")
    @classmethod
    def _note_fits(cls, value: str) -> str:
        if len(value) > MAX_NOTE_CHARS:
            raise ValueError(
                f"the note has {len(value):,} characters; a note may have at most "
                f"{MAX_NOTE_CHARS:,}"
            )
        return value

    @field_validator("verdict")
    @classmethod
    def _known_verdict(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A verdict of the session's scale (``verdicts`` in the validation context, which the
        store gives when it writes), else any verdict key: a verdict given by a scale since
        changed is still shown."""
        if value is None:
            return value
        known = (info.context or {}).get("verdicts")
        if known is not None and value not in known:
            raise ValueError(f"unknown verdict {value!r} (one of: {', '.join(known)})")
        if not isinstance(value, str) or not VERDICT_KEY.match(value):
            raise ValueError(f"{value!r} is not a verdict")
        return value

    @field_validator("evidence", mode="before")
    @classmethod
    def _evidence_urls(cls, value):
        if isinstance(value, str):  # as stored: a JSON list
            import json

            try:
                value = json.loads(value or "[]")
            except ValueError:
                raise ValueError("the evidence list is not readable") from None
        urls = tuple(str(url).strip() for url in value if str(url).strip())
        if len(urls) > MAX_EVIDENCE_URLS:
            raise ValueError(f"at most {MAX_EVIDENCE_URLS} evidence links")
        for url in urls:
            if not WEB_ADDRESS.match(url):
                raise ValueError(f"“{url[:80]}” is not a web address (http:// or https://)")
        return urls

    @field_validator("reviewer")
    @classmethod
    def _reviewer_is_a_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the reviewer name is empty")
        return value

    @model_validator(mode="after")
    def _span_is_sound(self, info: ValidationInfo) -> Annotation:
        if self.end <= self.start:
            raise ValueError(
                "an annotation must cover at least one character "
                f"(start {self.start}, end {self.end})"
            )
        context = info.context or {}
        text = context.get("text")
        if text is not None:
            if self.end > len(text):
                raise ValueError(
                    f"the span {self.start}–{self.end} runs past the end of the document "
                    f"({len(text)} characters)"
                )
            if text[self.start : self.end] != self.quote:
                raise ValueError(
                    f"the quoted text does not match the document at {self.start}–{self.end}"
                )
        labels = context.get("labels")
        if labels is not None and self.label not in labels:
            known = ", ".join(sorted(labels))
            raise ValueError(f"unknown label {self.label!r} (this session's labels: {known})")
        if len(self.quote) != self.end - self.start:
            raise ValueError("the quoted text is not as long as the span")
        if not self.quote.strip():
            raise ValueError("the selected text is only white space")
        return self


class StoredSuggestion(NamedTuple):
    """A span the suggester proposed, as the session keeps it until a reviewer decides: a plain
    row, checked by the session as it reads it (a long article has a hundred thousand, and a
    model each would take most of a second to build)."""

    id: int
    document_id: int
    start: int
    end: int
    label: str
    reason: str
    rule: str
    status: str = "pending"


def prepare_models() -> None:
    """Build the models' validators now rather than at their first use. A session is opened
    without them (see :mod:`annotator.core.session.damaged_rows`), so that the window comes up
    sooner; the window calls this once it has been painted, so that the first edit does not wait
    for them."""
    for model in (Label, DocumentSummary, Document, Annotation):
        if not model.__pydantic_complete__:
            model.model_rebuild()
