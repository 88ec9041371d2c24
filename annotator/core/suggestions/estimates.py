"""Estimates: figures that are hedged ("up to 3,000", "some 4,000"), ranges ("20 to 30 percent",
"between 15 and 20") and quantities without a figure ("hundreds of homes", "several weeks").

A plain figure ("3,000 homes were evacuated") is not an estimate: it needs a cue. Years, times,
ages, ordinals, dates, addresses and numbered things ("page 3", "Route 9") are never estimates.
"""

from __future__ import annotations

import re
from functools import cached_property
from operator import itemgetter
from typing import NamedTuple

from annotator.core.suggestions.phrases import is_word_char
from annotator.core.suggestions.rules import Rules, phrase_pattern
from annotator.core.suggestions.scan import Scan
from annotator.core.suggestions.suggestion import Suggestion

_LOW_HIGH_BEFORE = re.compile(r"(?<![^\W\d_])(?:low|lower|mid|high|upper) $")
_LOW_HIGH = re.compile(r"(?<!\w)(?:low|lower|mid|high|upper)\s+$", re.IGNORECASE)
#: Digits, with thousands set apart by commas ("1,234,567") or by spaces ("1 234 567", "50 000",
#: and the no-break and thin spaces typesetting uses), and decimals.
_DIGITS = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+|\d{0,2}(?:[ \u00a0\u202f\u2009]\d{3})+"
                     r"(?![\d,]|-[^\W\d_])|\d*)(?:\.\d+)?")
_GROUP_MARKS = str.maketrans("", "", ", \u00a0\u202f\u2009")
_HEDGES = ("estimate.approximation", "estimate.upper_bound", "estimate.lower_bound")
_RANGE_DASHES = ("-", "–", "—")
_AGE_BOUNDS = frozenset({"over", "under", "above", "below"})
_QUOTE_MOST = 40
#: "over six years" is the period something happened in unless a word of duration stands
#: before it ("waited over six years", "for over a decade").
_TIME_UNIT = re.compile(r"\s+(?:years?|months?|weeks?|days?|decades?|seasons?|hours?|"
                        r"minutes?|centuries|quarters?|terms?)\b", re.IGNORECASE)
#: A span of time that is a figure by itself: "over a decade".
_TIME_FIGURE = re.compile(r"an?\s+(?:decade|year|month|week|fortnight|century|day)",
                          re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([\w'’]+)\W*$")
#: Before a verb and "up to", a bound: "fines can go up to €10,000".
_MODALS = frozenset({"can", "could", "may", "might", "will", "would", "should", "must"})
_DURATION_WORDS = frozenset({
    "for", "in", "after", "of", "than", "within", "took", "take", "takes", "taking", "lasted",
    "last", "lasts", "lasting", "waited", "wait", "waiting", "spent", "spend", "spending",
    "served", "serving", "lived", "worked", "ran", "run", "running", "aged", "ago", "since",
    "been", "is", "was", "are", "were", "be"})
#: After a figure: a time or a date ("10:30", "3/4", "12.5.2024", "2024-05-01").
_TIME_OR_DATE_AFTER = re.compile(r":\d\d|[/.]\d|-\d+-")
#: The characters :data:`_TIME_OR_DATE_AFTER` starts with (asked first, as most figures have none).
_TIME_OR_DATE_OPENERS = frozenset(":/.-")
#: Before a figure: a date it ends or a number sign ("3/4", "12-05-", "#5", "№ 3").
_DATE_OR_NUMBER_BEFORE = re.compile(r"(?:\d[/.]|\d-\d+-|[#№])$")
#: The characters :data:`_DATE_OR_NUMBER_BEFORE` ends with (or stands before: "$" is also
#: found before a line break that ends the text searched).
_DATE_OR_NUMBER_CLOSERS = frozenset("/.-#№\n")
#: A name and a comma before a figure ("Jane Doe, 45, said").
_NAME_AND_COMMA = re.compile(r"[A-Z][\w'’-]+,\s?$")
_PERCENT_END = re.compile(r"(?:%|per\s?cent|percent|percentage\s+points?)$", re.IGNORECASE)
#: Words after which "one" stands for a noun, not a count ("this one", "the only one").
_ONE_AS_PRONOUN = frozenset({
    "this", "that", "the", "which", "each", "every", "no", "any", "another", "such", "like",
    "same", "last", "next", "other", "right", "wrong", "big", "little", "new", "old",
    "good", "bad", "younger", "older", "latest", "first", "second", "third", "final",
})

#: A multiple glued to its number: "10-fold", "3fold".
_FOLD = re.compile(r"-?fold\b")
#: What may be glued after a figure: "2,000+", "2,000-plus", "50-odd", "50-ish"; and the first
#: characters of those and of a multiple.
_GLUED = ("+", "-plus", "-odd", "-ish")
_GLUED_OPENERS = frozenset("+-f")

#: Between a figure (with its unit) and its margin of error: "46 ± 9", "3.1 metres, plus or
#: minus 0.4 metres".
_PLUS_MINUS = re.compile(r",?\s*(?:±|\+/-|\+/−|plus\s+or\s+minus|give\s+or\s+take)\s*",
                         re.IGNORECASE)


_START, _END = itemgetter(0), itemgetter(1)
#: The scale after a figure's digits, and what it multiplies by.
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9,
           "billion": 1e9, "tn": 1e12, "trillion": 1e12, "hundred": 1e2, "lakh": 1e5,
           "crore": 1e7}
_SCALE = re.compile(r"\s*-?\s*(k|thousand|mn|m|million|bn|billion|tn|trillion|hundred|lakh|crore)"
                    r"\b", re.IGNORECASE)


class Figure(NamedTuple):
    """A number expression: ``text[start:end]``; ``plain`` when it is digits alone ("2024").
    (A named tuple: a text has hundreds of thousands, and a tuple is made the fastest.)"""

    start: int
    end: int
    plain: bool


class EstimateFinder:
    """The estimate rules of one language, compiled once."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.counted_nouns = rules.word_set("estimate", "counted_nouns")
        # a figure after "a few thousand" starts something else ("a few thousand two years ago")
        self.number_words = rules.word_set("numbers", "units") | rules.word_set("numbers", "tens")
        self.currency_symbols = frozenset(rules.words("numbers", "currency_symbols"))
        self.joiners = frozenset(rules.words("estimate", "range_joiners")) - {"and"}
        self.ratio_joiners = frozenset(rules.words("estimate", "ratio_joiners"))
        self.verbs_before_up_to = rules.word_set("not_estimate", "verbs_before_up_to")

    @cached_property
    def _digit_tail(self) -> re.Pattern[str]:
        """What may follow digits and belongs to the figure: a scale, a percent sign."""
        words = self.rules.words
        abbreviations = "|".join(re.escape(a) for a in sorted(
            words("numbers", "scale_abbreviations"), key=len, reverse=True)) or "(?!)"
        units = "|".join(re.escape(u) for u in sorted(
            words("numbers", "glued_units"), key=len, reverse=True)) or "(?!)"
        scales = phrase_pattern(words("numbers", "scales"))
        percent = phrase_pattern(words("numbers", "percent"))
        return re.compile(
            rf"(?P<glued>(?:{abbreviations}|{units})(?![\w/]))?"
            rf"(?P<scale>(?:[ \t-]+{scales})*)"
            rf"(?P<percent>\s?{percent})?",
            re.IGNORECASE)

    @cached_property
    def _word_tail(self) -> re.Pattern[str]:
        """What may follow a number word: "-five", " million", " percent"."""
        words = self.rules.words
        units = phrase_pattern(words("numbers", "units"))
        scales = phrase_pattern(words("numbers", "scales"))
        percent = phrase_pattern(words("numbers", "percent"))
        return re.compile(rf"(?:[- ]{units})?(?:[ -]+{scales})*(?:\s?{percent})?",
                          re.IGNORECASE)

    @cached_property
    def _next_words(self) -> re.Pattern[str]:
        return re.compile(r"\s+(?:([^\W\d_][\w'’-]*)\s+)?([^\W\d_][\w'’-]*)")

    # ------------------------------------------------------------------ figures
    def figures(self, scan: Scan) -> list[Figure]:
        """Every number expression in the text, in order (quantities or not: see
        :meth:`is_quantity`)."""
        text = scan.text
        size = len(text)
        found: list[Figure] = []
        append, new = found.append, tuple.__new__  # a Figure made without a call of its own
        tail = self._digit_tail.match
        for match in _DIGITS.finditer(text):
            start, end = match.span()
            if start > 0:
                before = text[start - 1]
                if before.isalnum() or before in "_.,:/":
                    continue
            extra = tail(text, end)
            if extra.group("glued"):
                end = extra.end()
            elif end < size and text[end] in "sS" and not (
                    end + 1 < size and is_word_char(text[end + 1])) and \
                    _LOW_HIGH.search(text, max(0, start - 8), start):
                end += 1  # "in the low 20,000s", "in the high 30s"
            elif end < size and is_word_char(text[end]):
                continue  # "3rd", "10km", "4x4"
            else:
                end = extra.end()
            append(new(Figure, (start, end, end == match.end() and match.group().isdigit())))
        word_tail = self._word_tail.match
        for hit in scan.of("numbers.units", "numbers.tens"):
            found.append(Figure(hit.start, word_tail(text, hit.end).end(), plain=False))
        folded = scan.folded
        for hit in scan.of("numbers.scales"):  # "a dozen", "half a million"
            for lead in ("half a ", "an ", "a "):
                begin = hit.start - len(lead)
                if begin >= 0 and folded.startswith(lead, begin) and (
                        begin == 0 or not is_word_char(folded[begin - 1])):
                    found.append(Figure(begin, word_tail(text, hit.end).end(), plain=False))
                    break
        for hit in scan.of("numbers.fractions", "numbers.decades"):  # "a quarter", "double"
            if "numbers.decades" not in hit.groups or _LOW_HIGH_BEFORE.search(
                    folded, max(0, hit.start - 7), hit.start):  # "in the low twenties"
                found.append(Figure(hit.start, hit.end, plain=False))
        found.sort(key=_END, reverse=True)  # by start, then longest first (as the hits)
        found.sort(key=_START)
        kept: list[Figure] = []
        for figure in found:
            if kept and figure.start < kept[-1].end:
                continue
            kept.append(figure)
        return kept

    def is_quantity(self, scan: Scan, figure: Figure) -> bool:
        """Whether ``figure`` counts or measures something: not a year, time, date, age, rank,
        address or numbered thing."""
        text, folded = scan.text, scan.folded
        start, end = figure.start, figure.end
        after = scan.space_after(end)
        if scan.starting_at(end, "not_estimate.after") or scan.starting_at(
                after, "not_estimate.after", "not_estimate.months"):
            return False
        if folded.startswith("of ", after) and scan.starting_at(after + 3, "not_estimate.months"):
            return False
        if text[end:end + 1] in _TIME_OR_DATE_OPENERS and _TIME_OR_DATE_AFTER.match(
                text[end:end + 8]):  # a time, a date
            return False
        before = scan.space_before(start)
        if scan.ending_at(before, "not_estimate.before", "not_estimate.months") or \
                scan.ending_at(before - 1, "not_estimate.months") and folded[before - 1] == ".":
            return False
        if folded.startswith(("a ", "an "), start) and (
                scan.ending_at(before, "numbers.measures", "numbers.percent")
                or _RATE_BEFORE.search(folded, max(0, start - 12), start)):
            return False  # "three days a week", "twice a year", "5% a year": a rate's "a week"
        if text[start - 1:start] in _DATE_OR_NUMBER_CLOSERS and _DATE_OR_NUMBER_BEFORE.search(
                text[max(0, start - 12):start]):
            return False
        if end - start == 3 and folded.startswith("one", start) and (
                (word := _WORD_BEFORE.search(text, max(0, start - 30), start)) is not None
                and word.group(1).lower() in _ONE_AS_PRONOUN
                or folded.startswith(" another", end)):
            return False  # "this one", "the only one", "one another": a pronoun
        if figure.plain:
            number = text[start:end]
            if len(number) == 4 and 1500 <= int(number) <= 2199:
                words = self._next_words.match(text, end)
                return bool(words) and (words.group(1) or words.group(2)).lower() \
                    in self.counted_nouns
            # "Jane Doe, 45, said": an age between commas after a name
            if len(number) <= 3 and text[end:end + 1] == "," and \
                    _NAME_AND_COMMA.search(text[max(0, start - 30):start]):
                return False
        return True

    # ------------------------------------------------------------------ estimates
    def find(self, scan: Scan, figures: list[Figure] | None = None) -> list[Suggestion]:
        """The estimates in the text, in text order."""
        figures = self.figures(scan) if figures is None else figures
        found = []
        i = 0
        while i < len(figures):
            first = last = figures[i]
            kind = ""
            if i + 1 < len(figures):
                following = figures[i + 1]
                gap = scan.folded[first.end:self._with_currency(scan, following.start)]
                joiner = gap.strip()
                if len(gap) <= 10 and (
                        joiner in self.joiners and (joiner in _RANGE_DASHES or gap != joiner)
                        or joiner == "and" and self._opened(scan, first.start)) and \
                        _same_kind(scan.text, first, following) and \
                        not _descending(scan.text, first, following):
                    last, kind = following, "range"
                elif len(gap) <= 10 and joiner in self.ratio_joiners and gap != joiner and \
                        _counts(scan, first) and _counts(scan, following):
                    last, kind = following, "ratio"  # "one in five"; not "half in 38 of …",
                    # not "10km in an hour"
                elif self._margin_to(scan, first, following):
                    last, kind = following, "margin"
                if kind:
                    i += 1
            i += 1
            suggestion = self._hedged(scan, first, last, kind)
            if suggestion is not None and self.is_quantity(scan, first) and \
                    self.is_quantity(scan, last):
                found.append(suggestion)
        found.extend(self._vague(scan))
        return _without_overlaps(found)

    def _margin_to(self, scan: Scan, first: Figure, following: Figure) -> bool:
        """Whether ``following`` is the margin of error of ``first`` ("46 ± 9 percent", "3.1
        metres, plus or minus 0.4 metres")."""
        end = first.end
        if following.start - end > 40:
            return False
        measure = scan.starting_at(scan.space_after(end), "numbers.measures")
        if measure is not None and measure.end <= following.start:
            end = measure.end
        margin = _PLUS_MINUS.match(scan.text, end)
        return margin is not None and margin.end() == self._with_currency(scan, following.start)

    def _opened(self, scan: Scan, start: int) -> bool:
        before = scan.space_before(self._with_currency(scan, start))
        return before < start and scan.ending_at(before, "estimate.range_openers") is not None

    def _with_currency(self, scan: Scan, start: int) -> int:
        """Where a figure starts with its currency ("$4", "€ 5", "USD 7")."""
        text = scan.text
        if start > 0 and text[start - 1] in self.currency_symbols:
            start -= 1
            if start > 1 and text[start - 2:start].isalpha() and text[start - 2:start].isupper():
                start -= 2  # "US$", "HK$"
            return start
        if start > 1 and text[start - 2] in self.currency_symbols and text[start - 1] == " ":
            return start - 2
        if start == 0 or scan.folded[start - 1] != " ":
            return start  # a code stands before the spaces before a figure
        code = scan.ending_at(scan.space_before(start), "numbers.currency_codes")
        return code.start if code is not None and code.end < start else start

    def _hedged(self, scan: Scan, first: Figure, last: Figure, joined: str = ""
                ) -> Suggestion | None:
        """The estimate of ``first`` (to ``last`` when they make a range, a ratio or a figure
        and its margin of error: ``joined``) with its cue and unit, or ``None`` without a cue."""
        text = scan.text
        start, end = self._with_currency(scan, first.start), last.end
        is_range = last is not first
        reason = rule = None
        before = scan.space_before(start)
        cue = scan.ending_at(before, *_HEDGES, "estimate.range_openers") if before < start \
            else None
        if cue is not None:
            kind = next(g for g in (*_HEDGES, "estimate.range_openers") if g in cue.groups)
            phrase = " ".join(text[cue.start:cue.end].split())
            if phrase.lower() in _AGE_BOUNDS and scan.ending_at(
                    scan.space_before(cue.start), "not_estimate.people"):
                return None  # "people over 65", "children under five": an age
            if phrase.lower() == "past" and (
                    (word := _WORD_BEFORE.search(text, max(0, cue.start - 30), cue.start))
                    is not None and word.group(1).lower() in _NOT_BEFORE_PAST):
                return None  # "the past 12 months": a period; "half past 10": a time
            if phrase.lower() == "up to" and self._moved_up(text, cue.start):
                return None  # "edged up to 4.8 per cent": a movement, not a bound
            if phrase.lower() == "over" and not is_range and (
                    _TIME_UNIT.match(text, end) or _TIME_FIGURE.fullmatch(text, start, end)):
                word = _WORD_BEFORE.search(text, max(0, cue.start - 30), cue.start)
                if word is None or word.group(1).lower() not in _DURATION_WORDS:
                    return None  # "1.1 billion euros over three years": a period
            opener = scan.ending_at(scan.space_before(cue.start), "estimate.cue_openers")
            cue_start = opener.start if opener is not None and opener.end < cue.start \
                else cue.start
            if kind != "estimate.range_openers":
                rule = kind.partition(".")[2]
                reason = f"{rule.replace('_', ' ')}: '{phrase}' + number"
                start = cue_start
            elif is_range:
                start = cue_start
                rule, reason = "range", f"range: '{_short(text[start:end])}'"
        after = scan.space_after(end)
        if after > end:  # a measure after a space ("5 metres", "two more weeks")
            measure = scan.starting_at(after, "numbers.measures")
            more = _MORE.match(text, after) if measure is None else None
            if more is not None:
                measure = scan.starting_at(more.end(), "numbers.measures")
            if measure is not None:
                end = measure.end
                after = scan.space_after(end)
        folded = scan.folded
        glued = None
        if folded[end:end + 1] in _GLUED_OPENERS:
            fold = _FOLD.match(folded, end)
            if fold is not None:
                end = fold.end()  # "10-fold": a multiple
            glued = next((g for g in _GLUED if folded.startswith(g, end)), None)
        if glued is not None:  # "2,000+", "2,000-plus", "50-odd", "50-ish"
            phrase = glued
            end += len(phrase)
        elif after > end and (hit := scan.starting_at(after, "estimate.after")) is not None:
            phrase, end = " ".join(text[hit.start:hit.end].split()), hit.end
        else:
            phrase = None
        if phrase is not None and rule is None:
            rule = "approximation" if phrase in ("or so", "or thereabouts", "-odd", "-ish") \
                else "bound"
            reason = f"{rule}: number + '{phrase}'"
        if rule is None and joined == "margin":
            rule, reason = "margin", f"margin of error: '{_short(text[start:end])}'"
        elif rule is None and joined == "range":  # a ratio ("one in five") needs a cue
            rule, reason = "range", f"range: '{_short(text[start:end])}'"
        if rule is None:
            return None
        return Suggestion(start, end, "estimate", reason, rule)

    def _moved_up(self, text: str, cue_start: int) -> bool:
        """Whether the "up" of "up to" at ``cue_start`` belongs to the verb before it ("edged
        up to", "was revised up to", "adds up to")."""
        word = _WORD_BEFORE.search(text, max(0, cue_start - 30), cue_start)
        if word is None or word.group(1).lower() not in self.verbs_before_up_to:
            return False
        modal = _WORD_BEFORE.search(text, max(0, word.start() - 30), word.start())
        return modal is None or modal.group(1).lower() not in _MODALS

    def _counted_thing(self, text: str, start: int, first_word: bool = False) -> int | None:
        """Where the thing counted after a vague quantity ends: up to three words, to the
        first plural or counted noun ("dozens of bulk carriers", "several weeks"); else the
        first word if ``first_word`` ("hundreds of …" is always followed by what it counts),
        else ``None``."""
        words = list(_WORD.finditer(text, start, min(len(text), start + 60)))
        position = start
        for word in words[:3]:
            if text[position:word.start()].strip():
                break  # punctuation between the words
            lower = word.group().lower()
            if lower in _DETERMINERS or lower in _NOT_NOUNS or not first_word and (
                    lower[0].isdigit() or lower in self.number_words):
                break
            if lower in self.counted_nouns or (lower.endswith("s") and len(lower) > 3
                                               and not lower.endswith("ss")):
                return word.end()
            position = word.end()
        if not first_word or not words or text[start:words[0].start()].strip() \
                or words[0].group().lower() in _DETERMINERS | _NOT_NOUNS:
            return None
        return words[0].end()

    def _vague(self, scan: Scan) -> list[Suggestion]:
        text = scan.text
        found = []
        for hit in scan.of("estimate.vague_of", "estimate.vague_alone",
                           "estimate.vague_before_noun"):
            phrase = " ".join(text[hit.start:hit.end].split())
            end = hit.end
            if "estimate.vague_alone" in hit.groups:
                if scan.folded.startswith(" of", hit.end):
                    continue  # the "hundreds of …" phrase is found as such
                if phrase.lower().endswith("-digit"):  # "double-digit rises": what it counts
                    end = self._counted_thing(text, hit.end) or end
            elif "estimate.vague_of" in hit.groups:
                end = self._counted_thing(text, hit.end, first_word=True) or end
            else:
                scale = scan.starting_at(scan.space_after(hit.end), "numbers.scales")
                if scale is not None:
                    end = self._counted_thing(text, scale.end) or scale.end
                else:
                    end = self._counted_thing(text, hit.end)
                    if end is None:
                        continue
            start, reason, rule = hit.start, f"vague quantity: '{phrase}'", "vague_quantity"
            before = scan.space_before(start)
            bound = scan.ending_at(before, *_HEDGES) if before < start else None
            if bound is not None and "estimate.approximation" not in bound.groups:
                # "at most a few decades", "more than a dozen": the bound is part of it
                cue = " ".join(text[bound.start:bound.end].split())
                start, reason = bound.start, f"bound: '{cue}' + vague quantity '{phrase}'"
            found.append(Suggestion(start, end, "estimate", reason, rule))
        return found


_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: Between a figure and its measure: "two more weeks", "three additional months".
_MORE = re.compile(r"(?:more|additional|further|extra)\s+", re.IGNORECASE)
_NOT_NOUNS = frozenset({"of", "and", "or", "to", "in", "on", "at", "for", "with", "who", "which",
                        "that", "were", "was", "are", "is", "have", "had", "has", "more"})
#: What stands before the "a week" of a rate: a figure, or how often ("twice a year").
_RATE_BEFORE = re.compile(r"(?:\d%?|\b(?:once|twice|thrice|times))\s+$")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their",
                          "his", "her", "our", "your", "my"})
#: Before "past", a period or a time, not a bound: "the past 12 months", "half past 10".
_NOT_BEFORE_PAST = _DETERMINERS | {"half", "quarter", "five", "ten", "twenty", "twenty-five"}


def _counts(scan: Scan, figure: Figure) -> bool:
    """Whether a figure is a count, in digits or words ("38", "five"), not a part or a unit
    ("half", "an hour"): what a ratio is made of."""
    return scan.text[figure.start].isdigit() or scan.starting_at(
        figure.start, "numbers.units", "numbers.tens") is not None


def _same_kind(text: str, first: Figure, following: Figure) -> bool:
    """Whether two figures may make a range: not a share and an amount ("by nearly 20 percent
    to 310 million pounds")."""
    return bool(_PERCENT_END.search(text[first.start:first.end])) == bool(
        _PERCENT_END.search(text[following.start:following.end])) or not _PERCENT_END.search(
        text[first.start:first.end])


def _descending(text: str, first: Figure, following: Figure) -> bool:
    """Whether ``first`` is larger than ``following`` (both in digits): a score or a tally
    ("won 4-1", "the vote was 52% to 48%") or a change ("fell from 300 to 200"), not a range."""
    high, low = _value(text[first.start:first.end]), _value(text[following.start:following.end])
    return high is not None and low is not None and high > low


def _value(figure: str) -> float | None:
    """The value of a figure written in digits, with its scale ("2.5bn", "300,000", "4
    million"); ``None`` for a figure in words."""
    digits = _DIGITS.search(figure)
    if digits is None:
        return None
    value = float(digits.group().translate(_GROUP_MARKS))
    scale = _SCALE.match(figure, digits.end())
    return value * _SCALES[scale.group(1).lower()] if scale else value


def _short(words: str, most: int = _QUOTE_MOST) -> str:
    words = " ".join(words.split())
    return words if len(words) <= most else words[:most - 1] + "…"


def _without_overlaps(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Sorted by start; where two overlap, the longer (then the earlier) is kept."""
    kept: list[Suggestion] = []
    for s in sorted(suggestions, key=lambda s: (s.start, -(s.end - s.start))):
        if kept and s.start < kept[-1].end:
            if (s.end - s.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = s
            continue
        kept.append(s)
    return kept
