"""Attributions: who a statement is credited to, as a source and its cue (as in PARC).

- "according to the intelligence service", "citing two officials": a cue, then its source;
- "the ministry said", "Jane Doe, a researcher at the institute, said": a source, then a
  reporting verb;
- "…," said Jane Doe, a researcher at the institute.": a reporting verb, then its source;
- "reports have surfaced", "it is understood": an attribution with no named source.

The span covers the source and the cue, never the quoted content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.suggestions.rules import Rules
from annotator.core.suggestions.scan import Scan
from annotator.core.suggestions.suggestion import Suggestion

_WINDOW = 140  # characters searched around a cue for its source
_MOST_WORDS = 10  # words a source phrase may have
_TOKEN = re.compile(r"[^\W_][\w'’&.-]*|[^\w\s]", re.UNICODE)
#: Words between a source and its verb that are skipped ("officials also said").
_BETWEEN = frozenset({
    "also", "later", "previously", "earlier", "repeatedly", "recently", "publicly", "privately",
    "separately", "initially", "then", "now", "today", "yesterday", "again", "further", "once",
    "had", "has", "have", "first", "last", "subsequently", "since", "just", "already", "himself",
    "herself", "themselves", "itself", "quickly", "flatly", "firmly", "strongly",
})
_BRIDGES = frozenset({"of", "at", "for", "from", "in", "with", "on", "to", "by"})
_ABBREVIATIONS = frozenset({
    "mr.", "mrs.", "ms.", "dr.", "prof.", "sen.", "rep.", "gov.", "gen.", "col.", "lt.", "st.",
    "jr.", "sr.", "u.s.", "u.k.", "u.n.", "e.u.", "inc.", "ltd.", "co.", "corp.", "no.", "capt.",
    "sgt.", "maj.", "adm.", "rev.", "hon.", "messrs.",
})


@dataclass(slots=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def ends_sentence(self) -> bool:
        return self.text.endswith(".") and self.lower not in _ABBREVIATIONS \
            and not re.fullmatch(r"(?:\w\.)+", self.text)


class AttributionFinder:
    """The attribution rules of one language, compiled once."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.source_nouns = rules.word_set("attribution", "source_nouns")
        self.pronouns = rules.word_set("attribution", "pronouns")
        self.determiners = rules.word_set("attribution", "determiners")
        self.stop_words = rules.word_set("attribution", "stop_words")

    def find(self, scan: Scan) -> list[Suggestion]:
        text = scan.text
        found = []
        covered = 0  # a cue inside an attribution already found ("said" in "sources said")
        for hit in scan.of("attribution.sourceless", "attribution.source_after",
                           "attribution.reporting_verbs"):
            if hit.start < covered:
                continue
            phrase = " ".join(text[hit.start:hit.end].split())
            if "attribution.sourceless" in hit.groups:
                suggestion = Suggestion(hit.start, hit.end, "attribution",
                                        f"attribution without a named source: '{phrase}'",
                                        "sourceless")
            elif "attribution.source_after" in hit.groups:
                end = self._source_after(text, hit.end)
                suggestion = None if end is None else Suggestion(
                    hit.start, end, "attribution", f"source after '{phrase}'", "source_after")
            else:
                suggestion = self._around_verb(text, hit.start, hit.end, phrase)
            if suggestion is not None:
                found.append(suggestion)
                covered = max(covered, suggestion.end if suggestion.start == hit.start
                              else hit.end)
        return _merged(found)

    # ------------------------------------------------------------------ tokens
    @staticmethod
    def _tokens(text: str, start: int, end: int) -> list[_Token]:
        return [_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]

    def _is_source(self, words: list[_Token]) -> bool:
        """Whether a phrase names a source: a source noun, a name, or a pronoun alone."""
        if not words:
            return False
        if len(words) == 1 and words[0].lower in self.pronouns:
            return True
        content = [w for w in words if w.lower not in self.determiners]
        if not content:
            return False
        head = content[-1].lower.rstrip(".")
        head = re.sub(r"['’]s$", "", head)
        if head in self.source_nouns or any(
                w.lower in self.source_nouns for w in content[-3:]):
            return True
        # a name: its words are capitalised ("Hanna Leclerc", "the Bank of Korea")
        named = [w for w in content if w.lower not in _BRIDGES]
        return bool(named) and all(w.is_capitalised for w in named) \
            and not (len(named) == 1 and named[0].start == content[0].start
                     and named[0].lower in self.stop_words)

    # ------------------------------------------------------------------ source, then verb
    def _source_before(self, text: str, end: int) -> int | None:
        """Where the source phrase that ends before ``end`` starts, or ``None``."""
        tokens = self._tokens(text, max(0, end - _WINDOW), end)
        i = len(tokens) - 1
        while i >= 0 and tokens[i].lower in _BETWEEN:
            i -= 1
        if i >= 0 and tokens[i].lower in self.pronouns:
            return tokens[i].start
        phrase: list[_Token] = []
        while i >= 0 and len(phrase) < _MOST_WORDS:
            token = tokens[i]
            if not token.is_word or token.ends_sentence:
                break
            lower = token.lower
            if lower in self.stop_words:
                left = tokens[i - 1] if i > 0 else None
                bridge = (lower in _BRIDGES and phrase and left is not None and left.is_word
                          and (left.is_capitalised or left.lower in self.source_nouns))
                if not bridge:
                    break
            if lower.endswith("ly") and not token.is_capitalised and lower not in self.source_nouns:
                break
            phrase.insert(0, token)
            i -= 1
            if lower in self.determiners and lower not in self.source_nouns:
                break
        while phrase and phrase[0].lower in _BRIDGES:
            phrase.pop(0)
        return phrase[0].start if self._is_source(phrase) else None

    def _source_before_apposition(self, text: str, end: int) -> int | None:
        """"Jane Doe, a researcher at the institute, said": the source before the apposition
        that ends (with its comma) at ``end``."""
        before = text[max(0, end - _WINDOW):end].rstrip()
        if not before.endswith(","):
            return None
        comma = max(0, end - _WINDOW) + len(before) - 1
        opening = text.rfind(",", max(0, comma - 120), comma)
        if opening < 0:
            return None
        apposition = text[opening + 1:comma].split()
        if not apposition or apposition[0].lower() not in ("a", "an", "the", "who", "whose") \
                or len(apposition) > 14 or any(p in text[opening:comma] for p in ".;\"“”"):
            return None
        return self._source_before(text, opening)

    # ------------------------------------------------------------------ verb, then source
    def _source_following(self, text: str, start: int, any_phrase: bool = False) -> int | None:
        """The end of the source phrase that starts at ``start`` (after a verb or a cue)."""
        tokens = self._tokens(text, start, min(len(text), start + _WINDOW))
        phrase: list[_Token] = []
        i = 0
        while i < len(tokens) and len(phrase) < _MOST_WORDS + 4:
            token = tokens[i]
            if not token.is_word:
                if token.text == "," and not any_phrase and phrase and self._is_source(phrase):
                    rest = tokens[i + 1:i + 2]
                    if rest and rest[0].lower in ("a", "an", "the", "who"):
                        # an apposition: "said Jane Doe, a researcher at the institute"
                        for later in tokens[i + 1:i + 16]:
                            if not later.is_word and later.text != "'":
                                break
                            phrase.append(later)
                            if later.ends_sentence:
                                break
                break
            if token.lower in self.stop_words - _BRIDGES - {"the", "a", "an"} \
                    and token.lower not in self.determiners:
                break
            phrase.append(token)
            if token.ends_sentence:
                break
            i += 1
        while phrase and phrase[-1].lower in _BRIDGES | self.determiners:
            phrase.pop()
        if not phrase or not (any_phrase or self._is_source(phrase[:_MOST_WORDS])):
            return None
        last = phrase[-1]
        return last.end - (1 if last.ends_sentence else 0)

    def _source_after(self, text: str, cue_end: int) -> int | None:
        """"according to X", "citing X": whatever phrase follows the cue is the source."""
        return self._source_following(text, cue_end, any_phrase=True)

    def _around_verb(self, text: str, start: int, end: int, verb: str) -> Suggestion | None:
        lower = verb.lower()
        source_start = self._source_before(text, start)
        how = "source + reporting verb"
        if source_start is None:
            source_start = self._source_before_apposition(text, start)
        if source_start is not None:
            span_end = end
            if lower in ("told", "tells"):
                following = self._source_following(text, end)
                if following is not None:
                    span_end = following
            return Suggestion(source_start, span_end, "attribution",
                              f"{how}: '{verb}' with its source", "reporting_verb")
        # the verb first: "…," said the minister / "said Jane Doe, a researcher at …"
        before = text[max(0, start - 3):start].rstrip()
        if before.endswith((",", "\"", "”", "’", "'")) or before == "" or before.endswith("\n"):
            source_end = self._source_following(text, end)
            if source_end is not None:
                return Suggestion(start, source_end, "attribution",
                                  f"reporting verb '{verb}' + source", "reporting_verb")
        return None


def _merged(suggestions: list[Suggestion]) -> list[Suggestion]:
    """Sorted by start; overlapping attributions become one (the union, the first's reason)."""
    kept: list[Suggestion] = []
    for s in sorted(suggestions, key=lambda s: (s.start, -s.end)):
        if kept and s.start < kept[-1].end:
            last = kept[-1]
            if s.end > last.end:
                kept[-1] = Suggestion(last.start, s.end, last.label, last.reason, last.rule)
            continue
        kept.append(s)
    return kept
