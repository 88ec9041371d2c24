"""A desk's verdict scale: the verdicts a claim can be given, in order, with a colour each and,
for the verdicts that are published, a numeric rating.

A :class:`Verdict` has a stable ``key`` (what a claim stores), a ``title`` (what is shown and
published as the ClaimReview's ``alternateName``), a ``color`` (``#rrggbb``) and an optional
``rating`` (the ClaimReview's ``ratingValue``). A verdict without a rating ("Unverified",
"Not checkable") is never published.

A :class:`VerdictScale` is immutable and always valid: every edit (:meth:`~VerdictScale.renamed`,
:meth:`~VerdictScale.reordered`, :meth:`~VerdictScale.added`, ...) returns a new scale or raises
:class:`~annotator.core.errors.VerdictScaleError` with one sentence saying why. Renaming keeps the
key, so the claims keep their verdict. :data:`PRESETS` holds the scales a desk starts from.
:meth:`VerdictScale.to_json` and :meth:`VerdictScale.from_json` give the form kept in a session.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.defaults import VERDICT_KEY
from annotator.core.errors import VerdictScaleError

KEY = VERDICT_KEY  # one home: annotator.core.defaults
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
MAX_TITLE_CHARS = 80
MAX_VERDICTS = 50
MAX_JSON_CHARS = 1_000_000
JSON_VERSION = 1

# Okabe–Ito colours (distinguishable with the common forms of colour blindness), from blue for
# true through yellow to vermillion for false, and greys for the verdicts that are not ratings.
BLUE, SKY, YELLOW, ORANGE, VERMILLION = "#0072b2", "#56b4e9", "#f0e442", "#e69f00", "#d55e00"
DARK_RED, GREY, DARK_GREY = "#8c2d04", "#a6a6a6", "#666666"
# the colours :meth:`VerdictScale.added` gives a new verdict, the first one the scale lacks
SPARE_COLORS = ("#009e73", "#cc79a7", BLUE, SKY, YELLOW, ORANGE, VERMILLION, "#000000",
                DARK_RED, GREY, DARK_GREY)


@dataclass(frozen=True)
class Verdict:
    """One verdict of a scale; ``rating`` is ``None`` for a verdict that is never published."""

    key: str
    title: str
    color: str
    rating: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not KEY.match(self.key):
            raise VerdictScaleError(
                f"{self.key!r} cannot be a verdict's key: a lower-case letter, then up to 39 "
                "lower-case letters, digits or underscores")
        if not isinstance(self.title, str):
            raise VerdictScaleError(f"the verdict {self.key!r} has no title")
        title = " ".join(self.title.split())
        if not title:
            raise VerdictScaleError(f"the verdict {self.key!r} needs a title")
        if len(title) > MAX_TITLE_CHARS:
            raise VerdictScaleError(
                f"the title of the verdict {self.key!r} is {len(title)} characters long, "
                f"more than {MAX_TITLE_CHARS}")
        if any(unicodedata.category(c) == "Cc" for c in title):
            raise VerdictScaleError(f"the title of the verdict {self.key!r} holds a control "
                                    "character")
        object.__setattr__(self, "title", title)
        if not isinstance(self.color, str) or not COLOR.match(self.color):
            raise VerdictScaleError(
                f"{self.color!r} is not a colour for the verdict {title!r}: write it as #rrggbb")
        object.__setattr__(self, "color", self.color.lower())
        if self.rating is not None and (isinstance(self.rating, bool)
                                        or not isinstance(self.rating, int)):
            raise VerdictScaleError(
                f"the rating of the verdict {title!r} must be a whole number, not "
                f"{self.rating!r}")

    @property
    def rated(self) -> bool:
        """Whether the verdict has a rating, and so can be published."""
        return self.rating is not None

    def as_dict(self) -> dict[str, object]:
        return {"key": self.key, "title": self.title, "color": self.color, "rating": self.rating}


@dataclass(frozen=True)
class VerdictScale:
    """The verdicts of a desk, in the order they are offered."""

    verdicts: tuple[Verdict, ...]

    def __post_init__(self) -> None:
        verdicts = tuple(self.verdicts)
        object.__setattr__(self, "verdicts", verdicts)
        if not all(isinstance(v, Verdict) for v in verdicts):
            raise VerdictScaleError("a verdict scale holds verdicts only")
        if len(verdicts) > MAX_VERDICTS:
            raise VerdictScaleError(
                f"a verdict scale has at most {MAX_VERDICTS} verdicts, not {len(verdicts)}")
        keys: set[str] = set()
        titles: dict[str, str] = {}
        ratings: dict[int, str] = {}
        for verdict in verdicts:
            if verdict.key in keys:
                raise VerdictScaleError(f"two verdicts have the key {verdict.key!r}")
            keys.add(verdict.key)
            folded = verdict.title.casefold()
            if folded in titles:
                raise VerdictScaleError(
                    f"two verdicts are called {verdict.title!r}: give each its own title")
            titles[folded] = verdict.title
            if verdict.rating is not None:
                if verdict.rating in ratings:
                    raise VerdictScaleError(
                        f"{ratings[verdict.rating]!r} and {verdict.title!r} have the same "
                        f"rating, {verdict.rating}: each rated verdict needs its own")
                ratings[verdict.rating] = verdict.title
        if len(ratings) < 2:
            raise VerdictScaleError(
                "a verdict scale needs at least two verdicts with a rating (the best and the "
                "worst a claim can be given)")

    # ------------------------------------------------------------------------------ reading

    def __iter__(self) -> Iterator[Verdict]:
        return iter(self.verdicts)

    def __len__(self) -> int:
        return len(self.verdicts)

    def __contains__(self, key: object) -> bool:
        return any(v.key == key for v in self.verdicts)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(v.key for v in self.verdicts)

    @property
    def titles(self) -> dict[str, str]:
        """Key to title, in the scale's order (the shape of ``defaults.VERDICTS``)."""
        return {v.key: v.title for v in self.verdicts}

    @property
    def rated(self) -> tuple[Verdict, ...]:
        """The verdicts that are published, in the scale's order."""
        return tuple(v for v in self.verdicts if v.rating is not None)

    @property
    def best_rating(self) -> int:
        """The highest rating: the ClaimReview's ``bestRating``."""
        return max(v.rating for v in self.rated)  # type: ignore[type-var]

    @property
    def worst_rating(self) -> int:
        """The lowest rating: the ClaimReview's ``worstRating``."""
        return min(v.rating for v in self.rated)  # type: ignore[type-var]

    def get(self, key: str) -> Verdict:
        for verdict in self.verdicts:
            if verdict.key == key:
                return verdict
        raise VerdictScaleError(f"the verdict scale has no verdict {key!r}")

    def rating_of(self, key: str) -> int | None:
        """The rating of the verdict ``key``; ``None`` for one that is never published."""
        return self.get(key).rating

    def title_of(self, key: str) -> str:
        return self.get(key).title

    def key_for_title(self, title: str) -> str | None:
        """The key of the verdict called ``title`` (ignoring case and spacing), else ``None``."""
        folded = " ".join(title.split()).casefold()
        return next((v.key for v in self.verdicts if v.title.casefold() == folded), None)

    # ------------------------------------------------------------------------------ editing

    def edited(self, key: str, *, title: str | None = None, color: str | None = None,
               rating: int | None | object = ...) -> VerdictScale:
        """The scale with the verdict ``key`` given a new title, colour or rating (``None``:
        unrated); its key, and so the claims' verdicts, stay."""
        old = self.get(key)
        new = Verdict(key, old.title if title is None else title,
                      old.color if color is None else color,
                      old.rating if rating is ... else rating)  # type: ignore[arg-type]
        return VerdictScale(tuple(new if v.key == key else v for v in self.verdicts))

    def renamed(self, key: str, title: str) -> VerdictScale:
        """The scale with the verdict ``key`` called ``title``: the key stays, so claims keep
        their verdict."""
        return self.edited(key, title=title)

    def reordered(self, keys: Sequence[str]) -> VerdictScale:
        """The scale's verdicts in the order of ``keys``, which names each of them once."""
        keys = list(keys)
        if sorted(keys) != sorted(self.keys):
            unknown = [k for k in keys if k not in self]
            if unknown:
                raise VerdictScaleError(f"the verdict scale has no verdict {unknown[0]!r}")
            left_out = [k for k in self.keys if k not in keys]
            if left_out:
                raise VerdictScaleError(
                    f"the new order leaves out the verdict {self.title_of(left_out[0])!r}")
            raise VerdictScaleError("the new order names a verdict twice")
        return VerdictScale(tuple(self.get(k) for k in keys))

    def moved(self, key: str, position: int) -> VerdictScale:
        """The scale with the verdict ``key`` at ``position`` (clamped to the scale)."""
        keys = [k for k in self.keys if k != self.get(key).key]
        keys.insert(max(0, min(position, len(keys))), key)
        return self.reordered(keys)

    def fresh_key(self, title: str) -> str:
        """A key for a new verdict called ``title``: its slug (ASCII lower case, words joined
        by ``_``), made unique in the scale with a number."""
        ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "_", ascii_title.lower()).strip("_") or "verdict"
        if not slug[0].isalpha():
            slug = f"v_{slug}"
        slug = slug[:36].rstrip("_")
        key, number = slug, 2
        while key in self:
            key, number = f"{slug}_{number}", number + 1
        return key

    def added(self, title: str, color: str | None = None, rating: int | None = None, *,
              position: int | None = None) -> tuple[VerdictScale, str]:
        """The scale with a new verdict (at the end, or at ``position``), and the new
        verdict's key; without ``color``, the first of :data:`SPARE_COLORS` the scale lacks."""
        if color is None:
            used = {v.color for v in self.verdicts}
            color = next((c for c in SPARE_COLORS if c not in used), SPARE_COLORS[0])
        key = self.fresh_key(title)
        verdicts = list(self.verdicts)
        verdict = Verdict(key, title, color, rating)
        verdicts.insert(len(verdicts) if position is None else max(0, position), verdict)
        return VerdictScale(tuple(verdicts)), key

    def removable(self, key: str, used_keys: Collection[str] | Mapping[str, int] = ()
                  ) -> str | None:
        """Why the verdict ``key`` cannot be removed, as a sentence, or ``None`` if it can.
        ``used_keys`` holds the verdicts claims have (or maps them to how many claims)."""
        if key not in self:
            return f"The verdict scale has no verdict {key!r}."
        verdict = self.get(key)
        count = used_keys.get(key, 0) if isinstance(used_keys, Mapping) else None
        if (key in used_keys) if count is None else count > 0:
            claims = ("claims have it" if count is None else
                      "1 claim has it" if count == 1 else f"{count:,} claims have it")
            return (f"“{verdict.title}” cannot be removed: {claims}. Give them another verdict "
                    "first, or rename it.")
        if verdict.rating is not None and len(self.rated) <= 2:
            return (f"“{verdict.title}” cannot be removed: a scale needs at least two verdicts "
                    "with a rating.")
        return None

    def removed(self, key: str, used_keys: Collection[str] | Mapping[str, int] = ()
                ) -> VerdictScale:
        """The scale without the verdict ``key``; refused (with :meth:`removable`'s sentence)
        when claims have it or the scale would lack ratings."""
        reason = self.removable(key, used_keys)
        if reason is not None:
            raise VerdictScaleError(reason)
        return VerdictScale(tuple(v for v in self.verdicts if v.key != key))

    # ------------------------------------------------------------------------------ storing

    def to_json(self) -> str:
        """The scale as JSON, to keep in a session's metadata."""
        return json.dumps({"version": JSON_VERSION,
                           "verdicts": [v.as_dict() for v in self.verdicts]},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> VerdictScale:
        """The scale :meth:`to_json` wrote; :class:`VerdictScaleError` when it cannot be read."""
        if len(text) > MAX_JSON_CHARS:
            raise VerdictScaleError(
                f"the stored verdict scale is {len(text):,} characters long, more than a scale "
                "can be, so it was not read")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            where = (f" (line {exc.lineno}, column {exc.colno})"
                     if isinstance(exc, json.JSONDecodeError) else "")
            raise VerdictScaleError(f"the stored verdict scale is not valid JSON{where}") from None
        if not isinstance(data, dict) or not isinstance(data.get("verdicts"), list):
            raise VerdictScaleError(
                "the stored verdict scale is not a JSON object with a list of verdicts")
        version = data.get("version", JSON_VERSION)
        if version != JSON_VERSION:
            raise VerdictScaleError(
                f"the stored verdict scale is of version {version!r}, which this version of "
                "the program cannot read")
        return cls.from_dicts(data["verdicts"])

    @classmethod
    def from_dicts(cls, items: Iterable[object]) -> VerdictScale:
        """A scale from ``{"key", "title", "color", "rating"}`` objects."""
        verdicts = []
        for number, item in enumerate(items, 1):
            if not isinstance(item, dict) or not {"key", "title", "color"} <= item.keys():
                raise VerdictScaleError(
                    f"verdict {number} of the stored scale lacks a key, a title or a colour")
            verdicts.append(Verdict(item["key"], item["title"], item["color"],
                                    item.get("rating")))
        return cls(tuple(verdicts))


STANDARD = VerdictScale((
    Verdict("unverified", "Unverified", GREY),
    Verdict("true", "True", BLUE, 5),
    Verdict("mostly_true", "Mostly true", SKY, 4),
    Verdict("mixed", "Mixed", YELLOW, 3),
    Verdict("mostly_false", "Mostly false", ORANGE, 2),
    Verdict("false", "False", VERMILLION, 1),
    Verdict("not_checkable", "Not checkable", DARK_GREY),
))
POLITIFACT = VerdictScale((
    Verdict("true", "True", BLUE, 6),
    Verdict("mostly_true", "Mostly True", SKY, 5),
    Verdict("half_true", "Half True", YELLOW, 4),
    Verdict("mostly_false", "Mostly False", ORANGE, 3),
    Verdict("false", "False", VERMILLION, 2),
    Verdict("pants_on_fire", "Pants on Fire", DARK_RED, 1),
))
THREE = VerdictScale((
    Verdict("true", "True", BLUE, 3),
    Verdict("misleading", "Misleading", ORANGE, 2),
    Verdict("false", "False", VERMILLION, 1),
))
PRESETS: dict[str, VerdictScale] = {"standard": STANDARD, "politifact": POLITIFACT,
                                    "three": THREE}
PRESET_TITLES: dict[str, str] = {
    "standard": "Standard (seven verdicts)",
    "politifact": "PolitiFact-style (six ratings)",
    "three": "True / misleading / false",
}


def preset(name: str) -> VerdictScale:
    """The preset scale ``name`` (one of :data:`PRESETS`)."""
    try:
        return PRESETS[name]
    except KeyError:
        raise VerdictScaleError(
            f"there is no verdict scale preset {name!r} (one of: {', '.join(PRESETS)})") from None
