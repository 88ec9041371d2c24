"""Claims checked before: for a claim, the other claims that say the same thing in other words.

How a claim is compared
-----------------------
Each text is reduced to its *content words* (:func:`content_words`): lower case, punctuation
dropped, English function words and reporting verbs ("said", "according") dropped, a light
stemming ("repairs" → "repair", "increased" → "increase"), a few verbs of direction brought to
one word ("rose", "went up", "climbed" → "increase"), and numbers written one way ("four
million", "4m", "4,000,000" → ``4000000``; "3.9 per cent", "3.9%" → ``3.9 percent``).

Two claims are scored (0–100) by :func:`score`:

* rapidfuzz's ``token_set_ratio`` over the content words: word order does not count (a
  passive sentence matches its active form) and a claim that repeats another with more detail
  ("... on the bridge *repairs*") still scores high, while spelling variants and inflections
  left over by the stemming still count as near-equal (an edit distance over characters).
  ``token_sort_ratio`` is blended in (a quarter) so that a very short claim is not a perfect
  match for every longer one that contains its two words; ``WRatio`` was not chosen, as its
  partial-string heuristics (a short text found inside a long one) would match claims by a
  shared phrase rather than by what they say, and it is several times slower.
* Numbers are strong evidence both ways: when each claim has a number the other lacks (4
  million against 9 million, 2022 against 2023) they are about different facts, and the score
  is cut by :data:`NUMBER_CONFLICT_FACTOR`.
* A word the two claims do not share, on both sides (the council against the government),
  is a different actor or object; the score is cut in proportion to the share of such words in
  the shorter claim (:data:`SUBSTITUTION_PENALTY`). Two claims that each add a different
  detail to the same core are cut the same way: a lexical score cannot tell a detail from a
  substitution, nor a synonym from another word ("died" and "killed" are brought together,
  most synonyms are not).

Finding candidates fast
-----------------------
:class:`ClaimIndex` keeps an inverted index from content word to the claims that hold it. Each
word weighs the more the rarer it is (inverse document frequency). Only the claims that share
at least :data:`MIN_SHARED_WEIGHT` of the lighter claim's weight with the text are candidates
(at most :data:`MAX_CANDIDATES` of them, those sharing the most); rapidfuzz then scores the
candidates' ``token_set_ratio`` all at once (in C), and the whole score is worked out only for
those that can still reach the threshold. Below ``threshold`` (:data:`DEFAULT_THRESHOLD`)
nothing is listed.

:meth:`ClaimIndex.all_matches` scores each pair once, from its lighter claim, which must then
share :data:`MIN_SHARED_WEIGHT` of its own weight: so it reads only the postings of its
heaviest words (prefix filtering; the common words, with the longest postings, are left unread)
and only their heavier claims' part, and looks closer only at a claim found in enough of them.
It lists the same matches as :meth:`ClaimIndex.similar_to` for each claim (as long as no claim
has more than :data:`MAX_CANDIDATES` candidates).
"""

from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rapidfuzz import fuzz, process

DEFAULT_THRESHOLD = 75
MAX_CANDIDATES = 200
MIN_SHARED_WEIGHT = 0.6
NUMBER_CONFLICT_FACTOR = 0.5
SUBSTITUTION_PENALTY = 1.0
SORT_WEIGHT = 0.25

# ------------------------------------------------------------------------------------ words


def _listed(words: str) -> list[str]:
    return words.split()


STOP_WORDS = frozenset(_listed("""
a an the this that these those there here it its it's itself they them their theirs he him his
she her hers we us our ours you your yours i me my mine who whom whose which what when where
why how all any both each every some such own same other another than then so too very just
since also only even still yet again ever
and or but if because as while until although though whether either neither
of at by for with about against between into through during before after above below to from
up down in out on off over under onto upon within across along around among per via
is are was were be been being am has have had having do does did doing done will would shall
should can could may might must ought
said says say saying told tells tell according claimed claims claim stated states state
reported reports report added adds noted notes insisted insists argued argues suggested
suggests wrote writes announced announces asserted asserts alleged alleges
spokesman spokeswoman spokesperson official officials figures show shows showed shown
last year years month months week weeks day days time times
new more most many much lot lots well really actually around roughly about nearly almost
approximately some
""")) - {"not", "no", "never", "nor", "none", "without"}

# verbs of direction, as a statistic's claim says them
SYNONYMS = {
    **dict.fromkeys(_listed(
        "rose rise rising risen rises increase increased increases increasing grew grow grows "
        "growing grown climbed climb climbs climbing soared soar soars jumped jump jumps surged "
        "surge surges raised raise raises hiked boosted"), "increase"),
    **dict.fromkeys(_listed(
        "fell fall falls falling fallen drop dropped drops dropping decline declined declines "
        "declining decrease decreased decreases decreasing shrank shrink shrinks plunged "
        "plunge plunges slumped slump cut cuts reduced reduce reduces slashed lowered"),
        "decrease"),
    **dict.fromkeys(_listed("died die dies dying killed kill kills killing deaths death dead"),
                    "death"),
    **dict.fromkeys(_listed("twice doubled double doubles doubling"), "double"),
    **dict.fromkeys(_listed("expanded expand expands expanding"), "increase"),
    "spent": "spend", "spends": "spend", "spending": "spend",
    # what a claim about money says was spent, paid or invested is one thing
    **dict.fromkeys(_listed("paid pay pays paying invested invest invests investing"), "spend"),
    "percentage": "percent", "pct": "percent", "%": "percent",
}
# "up" and "down" are stop words alone, but after "went", "gone", "go" they are a direction
PHRASES = {("went", "up"): "increase", ("gone", "up"): "increase", ("go", "up"): "increase",
           ("went", "down"): "decrease", ("gone", "down"): "decrease",
           ("go", "down"): "decrease", ("per", "cent"): "percent"}

UNITS = {w: i for i, w in enumerate(_listed(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"))}
TENS = {w: 10 * i for i, w in enumerate(_listed(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety")) if w != "_"}
SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "m": 10**6, "mn": 10**6,
          "mln": 10**6, "billion": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12,
          "tn": 10**12}
WORD_SCALES = {"thousand", "million", "billion", "trillion"}

TOKEN = re.compile(r"\d+(?:[.,]\d+)*|%|[^\W\d_]+")
THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")


def _number(digits: str) -> Decimal | None:
    if THOUSANDS.match(digits):
        digits = digits.replace(",", "")
    elif digits.count(",") == 1 and "." not in digits:
        digits = digits.replace(",", ".")  # a decimal comma: 3,5
    else:
        digits = digits.replace(",", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _number_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _stem(word: str) -> str:
    """A light English stemming: the plural and the commonest endings, enough for two ways of
    saying a thing to share their words (not a dictionary form)."""
    if len(word) <= 3 or not word.isascii():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 5:
        return word[:-3]
    if word.endswith("ed") and len(word) > 4:
        return word[:-2]
    if word.endswith("es") and word[-3] in "sxz" and len(word) > 4:
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    # "cause", "caused", "causes" and "causing" all become "caus"
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry what it says, in order: see the module's notes."""
    raw = TOKEN.findall(unicodedata.normalize("NFKC", text).casefold().replace("’", "'"))
    words: list[str] = []
    plain = _PLAIN_FORMS
    i = 0
    while i < len(raw):
        token = raw[i]
        form = plain.get(token)
        if form is not None:  # a plain word seen before: its form, or "" (a stop word)
            if form:
                words.append(form)
            i += 1
            continue
        if token[0].isdigit():
            value = _number(token)
            i += 1
            if value is None:
                continue
            if i < len(raw) and raw[i] in SCALES:
                value *= SCALES[raw[i]]
                i += 1
            words.append(_number_text(value))
            continue
        if token in UNITS or token in TENS:
            total, current = 0, 0
            while i < len(raw) and (raw[i] in UNITS or raw[i] in TENS or raw[i] == "hundred"
                                    or raw[i] in WORD_SCALES or raw[i] == "and" and current
                                    and i + 1 < len(raw)
                                    and (raw[i + 1] in UNITS or raw[i + 1] in TENS)):
                word = raw[i]
                if word == "hundred":
                    current = (current or 1) * 100
                elif word in WORD_SCALES:
                    total += (current or 1) * SCALES[word]
                    current = 0
                elif word != "and":
                    current += UNITS.get(word, TENS.get(word, 0))
                i += 1
            words.append(str(total + current))
            continue
        phrase = PHRASES.get((token, raw[i + 1])) if i + 1 < len(raw) else None
        if phrase:
            words.append(phrase)
            i += 2
            continue
        i += 1
        form = _plain_form(token)
        if form:
            words.append(form)
        if token not in _PHRASE_STARTS and len(plain) < _MOST_PLAIN_FORMS:
            plain[token] = form
    return words


def _plain_form(token: str) -> str:
    """The form a word that is no number and starts no phrase takes among the content words
    ("" for a stop word)."""
    if token in SYNONYMS:
        return SYNONYMS[token]
    if token not in STOP_WORDS and (len(token) > 1 or not token.isascii()):
        stem = _stem(token)
        return SYNONYMS.get(stem, stem)
    return ""


#: Each plain word's form, once worked out (a session's claims share most of their words): a
#: claim index of 40,000 claims is built in a quarter less time.
_PLAIN_FORMS: dict[str, str] = {}
_MOST_PLAIN_FORMS = 500_000
_PHRASE_STARTS = frozenset(first for first, _ in PHRASES)


def _is_number(word: str) -> bool:
    return word[0].isdigit()


# ------------------------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class Words:
    """A text's content words, in the forms the score uses (worked out once per claim)."""

    joined: str
    words: frozenset[str]
    numbers: frozenset[str]

    @classmethod
    def of(cls, words: list[str]) -> Words:
        unique = frozenset(words)
        # (a number's form starts with a digit: see _is_number)
        return cls(" ".join(words), unique, frozenset([w for w in unique if w[0].isdigit()]))


def _set_floor(threshold: float) -> float:
    """The ``token_set_ratio`` below which no pair can reach ``threshold`` (the blend's other
    part is at most 100 and the penalties only lower it)."""
    return max(0.0, (threshold - 100 * SORT_WEIGHT) / (1 - SORT_WEIGHT))


def _score(a: Words, b: Words, set_ratio: float | None = None) -> float:
    if not a.words or not b.words:
        return 0.0
    if set_ratio is None:
        set_ratio = fuzz.token_set_ratio(a.joined, b.joined, processor=None)
    value = ((1 - SORT_WEIGHT) * set_ratio
             + SORT_WEIGHT * fuzz.token_sort_ratio(a.joined, b.joined, processor=None))
    if a.numbers - b.numbers and b.numbers - a.numbers:
        value *= NUMBER_CONFLICT_FACTOR
    only_a = len(a.words - b.words - a.numbers)
    if only_a:
        only_b = len(b.words - a.words - b.numbers)
        if only_b:
            shorter = min(len(a.words), len(b.words))
            value *= 1 - SUBSTITUTION_PENALTY * min(only_a, only_b) / shorter
    return value


def score_words(a: list[str], b: list[str]) -> float:
    """The score (0–100) of two claims' content words (see the module's notes)."""
    return _score(Words.of(a), Words.of(b))


def score(a: str, b: str) -> float:
    """How surely the texts ``a`` and ``b`` say the same thing, 0–100."""
    return score_words(content_words(a), content_words(b))


# ------------------------------------------------------------------------------------ index


@dataclass(frozen=True)
class Claim:
    """A claim to match: its id (unique in the index), its text and, if it is an annotation of
    an article, the article's id (``None`` for a reference claim of a published fact-check)."""

    id: Hashable
    text: str
    article_id: Hashable | None = None


@dataclass(frozen=True)
class Match:
    """A claim found to say the same thing, with the score (0–100, higher is surer)."""

    claim_id: Hashable
    score: int
    article_id: Hashable | None = None


def _surest(found: list[tuple[float, Hashable]]) -> list[Hashable]:
    if len(found) > MAX_CANDIDATES:
        found.sort(key=lambda item: -item[0])
        del found[MAX_CANDIDATES:]
    return [claim_id for _, claim_id in found]


def _best_first(found: list[tuple[float, Hashable]]) -> list[tuple[float, Hashable]]:
    return sorted(found, key=lambda item: (-item[0], str(item[1])))


class ClaimIndex:
    """The claims of a session (and reference claims), indexed by their content words."""

    def __init__(self, claims: Iterable[Claim] = ()):
        self._claims: dict[Hashable, Claim] = {}
        self._words: dict[Hashable, Words] = {}
        self._weights: dict[Hashable, float] = {}  # each claim's words' weights, added up
        self._word_weights: dict[str, float] = {}
        self._postings: dict[str, set[Hashable]] = defaultdict(set)
        for claim in claims:
            self.add(claim)

    def __len__(self) -> int:
        return len(self._claims)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._claims

    def add(self, claim: Claim) -> None:
        """Index ``claim``, in place of the claim with its id if there is one."""
        if claim.id in self._claims:
            self.remove(claim.id)
        words = Words.of(content_words(claim.text))
        self._claims[claim.id] = claim
        self._words[claim.id] = words
        for word in words.words:
            self._postings[word].add(claim.id)
        self._weights.clear()  # the weights depend on every claim: worked out again

    def remove(self, claim_id: Hashable) -> None:
        """Leave the claim ``claim_id`` out of the index (nothing if it is not in it)."""
        if self._claims.pop(claim_id, None) is None:
            return
        for word in self._words.pop(claim_id).words:
            holders = self._postings[word]
            holders.discard(claim_id)
            if not holders:
                del self._postings[word]
        self._weights.clear()

    def prepare(self) -> ClaimIndex:
        """Work out the words' weights now (else the first lookup does): for an index built in
        a worker thread, so that the lookups made later are quick."""
        self._prepare()
        return self

    def _prepare(self) -> None:
        """Work out the words' weights (rarer words weigh more) and each claim's total, once
        after the claims changed."""
        if self._weights or not self._claims:
            return
        count = len(self._claims)
        self._word_weights = {word: math.log(1 + count / (1 + len(holders)))
                              for word, holders in self._postings.items()}
        weight = self._word_weights
        self._weights.update({claim_id: sum(weight[w] for w in words.words)
                              for claim_id, words in self._words.items()})

    def _weight(self, word: str) -> float:
        weight = self._word_weights.get(word)
        return math.log(1 + len(self._claims)) if weight is None else weight

    def _candidates(self, words: Words, skip: set[Hashable]) -> list[Hashable]:
        """The claims sharing at least :data:`MIN_SHARED_WEIGHT` of the lighter claim's weight
        with ``words``, at most :data:`MAX_CANDIDATES` (those sharing the most of it)."""
        if not words.words or not self._claims:
            return []
        self._prepare()
        weights = self._weights
        shared: dict[Hashable, float] = defaultdict(float)
        own_weight = 0.0
        for word in words.words:
            weight = self._weight(word)
            own_weight += weight
            for claim_id in self._postings.get(word, ()):
                shared[claim_id] += weight
        found = []
        for claim_id, weight in shared.items():
            if claim_id in skip:
                continue
            other_weight = weights[claim_id]
            lighter = own_weight if own_weight < other_weight else other_weight
            if weight >= MIN_SHARED_WEIGHT * lighter:
                found.append((weight / lighter, claim_id))
        return _surest(found)

    def _heavier_candidates(self, claim_id: Hashable, heaviness: dict[Hashable, int],
                            by_heaviness: list[Hashable], postings: dict[str, list[int]]
                            ) -> list[Hashable]:
        """:meth:`_candidates` for an indexed claim among the claims heavier than it: each pair
        is found once, from its lighter claim, which must share :data:`MIN_SHARED_WEIGHT` of
        its own weight. So the postings of its commonest words, which make up less than half
        of that share, are left unread (prefix filtering), and of the postings read (the
        heavier claims' part of each, ``postings`` being in order of heaviness), a claim must
        appear in enough of them to reach the share before it is looked at."""
        words = self._words[claim_id]
        weight_of = self._word_weights
        own_weight = self._weights[claim_id]
        need = MIN_SHARED_WEIGHT * own_weight
        own = heaviness[claim_id]
        seen: Counter[int] = Counter()
        read: list[float] = []
        unread = own_weight
        for word in sorted(words.words, key=lambda w: -weight_of[w]):
            if unread <= need / 2:
                break
            holders = postings[word]
            seen.update(holders[bisect_right(holders, own):])
            read.append(weight_of[word])
            unread -= weight_of[word]
        at_most, least = unread, 1  # the fewest read words a candidate must share
        for weight in read:
            at_most += weight
            if at_most >= need:
                break
            least += 1
        found = []
        own_words = words.words
        for position, count in seen.items():
            if count < least:
                continue
            other = by_heaviness[position]
            shared = sum(weight_of[w] for w in own_words & self._words[other].words)
            if shared >= need:
                found.append((shared / own_weight, other))
        return _surest(found)

    def _scored(self, words: Words, candidates: list[Hashable],
                threshold: float) -> list[tuple[float, Hashable]]:
        """The candidates scoring at least ``threshold``: rapidfuzz's ``token_set_ratio`` over
        them all at once first (in C), then the whole score for those that can still reach
        it."""
        if not candidates:
            return []
        texts = [self._words[c].joined for c in candidates]
        survivors = process.extract(words.joined, texts, scorer=fuzz.token_set_ratio,
                                    processor=None, score_cutoff=_set_floor(threshold),
                                    limit=None)
        found = []
        for _, set_ratio, position in survivors:
            claim_id = candidates[position]
            value = _score(words, self._words[claim_id], set_ratio)
            if value >= threshold:
                found.append((value, claim_id))
        return found

    def _as_matches(self, found: list[tuple[float, Hashable]], limit: int | None) -> list[Match]:
        found = _best_first(found)
        if limit is not None:
            found = found[:limit]
        return [Match(claim_id, round(value), self._claims[claim_id].article_id)
                for value, claim_id in found]

    def _similar(self, words: Words, skip: set[Hashable], exclude_article: object,
                 threshold: float, limit: int | None) -> list[Match]:
        candidates = [c for c in self._candidates(words, skip)
                      if exclude_article is None or self._claims[c].article_id != exclude_article]
        return self._as_matches(self._scored(words, candidates, threshold), limit)

    def similar(self, text: str, *, exclude_ids: Iterable[Hashable] = (),
                exclude_article: Hashable | None = None, limit: int | None = 10,
                threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
        """The indexed claims that say what ``text`` says, best first, at most ``limit``,
        scoring at least ``threshold``; not those of ``exclude_ids``, nor those of the article
        ``exclude_article``."""
        return self._similar(Words.of(content_words(text)), set(exclude_ids), exclude_article,
                             threshold, limit)

    def similar_to(self, claim_id: Hashable, *, other_articles: bool = True,
                   limit: int | None = 10, threshold: float = DEFAULT_THRESHOLD) -> list[Match]:
        """The claims that say what the indexed claim ``claim_id`` says (not itself), from
        other articles only unless ``other_articles`` is false."""
        claim = self._claims[claim_id]
        article = claim.article_id if other_articles else None
        return self._similar(self._words[claim_id], {claim_id}, article, threshold, limit)

    def all_matches(self, threshold: float = DEFAULT_THRESHOLD, *,
                    other_articles: bool = False,
                    limit: int | None = None) -> dict[Hashable, list[Match]]:
        """For each indexed claim, the others that say the same thing, best first (claims
        without any are left out). With ``other_articles``, claims of the same article are not
        listed for one another. Each pair is scored once."""
        found: dict[Hashable, list[tuple[float, Hashable]]] = defaultdict(list)
        self._prepare()
        by_heaviness = sorted(self._claims, key=self._weights.__getitem__)
        heaviness = {claim_id: position for position, claim_id in enumerate(by_heaviness)}
        postings = {word: sorted(heaviness[c] for c in holders)
                    for word, holders in self._postings.items()}
        for claim_id, words in self._words.items():
            if not words.words:
                continue
            article = self._claims[claim_id].article_id
            candidates = self._heavier_candidates(claim_id, heaviness, by_heaviness, postings)
            if other_articles and article is not None:
                candidates = [c for c in candidates if self._claims[c].article_id != article]
            for value, other in self._scored(words, candidates, threshold):
                found[claim_id].append((value, other))
                found[other].append((value, claim_id))
        return {claim_id: self._as_matches(found[claim_id], limit)
                for claim_id in self._claims if claim_id in found}
