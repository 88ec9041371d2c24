"""Attributions: who a statement is credited to, as a source and its cue (as in PARC).

- "according to the intelligence service", "citing two officials": a cue, then its source;
- "the ministry said", "Jane Doe, a researcher at the institute, said": a source, then a
  reporting verb;
- "…," said Jane Doe, a researcher at the institute.": a reporting verb, then its source;
- "reports have surfaced", "it is understood": an attribution with no named source.

The span covers the source and the cue, never the quoted content.
"""

from __future__ import annotations

from annotator.core.suggestions.attribution_words import (
    AFTER_ADDRESSEE,
    AGENT_ENDINGS,
    ARTICLES_AND_POSSESSIVES,
    AS_SAYING,
    ASIDE_OPENERS,
    ASIDES,
    BEFORE_SOMEONE,
    BETWEEN,
    BRIDGES,
    CLAUSE_OPENERS,
    CURRENCY_SIGNS,
    FIGURE_OPENERS,
    FIRST_AND_SECOND_PERSON,
    INDEFINITE,
    INSIDE_MARKS,
    IRREGULAR_PARTICIPLES,
    IRREGULAR_PAST,
    LY_ADJECTIVES,
    MEDIUM,
    NEXT_WORDS,
    NOT_AGENTS,
    NOT_FIRST,
    NOUN_BEFORE_PARTICIPLE,
    NOUN_OR_VERB,
    NUMBER_WORDS,
    ON_PLATFORM,
    PART_OF,
    PARTICIPLE_FROM,
    PASSIVE,
    PLACES,
    PLURALS,
    POSSESSIVE,
    POSTMODIFIERS,
    PUT_AT,
    REPORTING_PAST,
    SAID_TO,
    SAID_TO_DO,
    SCALE_WORDS,
    SUBJECTS,
    TESTIFIED,
    THROUGH_SOMEONE,
    TO_OR_WITH_SOMEONE,
    TO_SOMEONE,
    VERB_NEXT,
    WORD_AFTER,
    WORD_BEFORE,
)
from annotator.core.suggestions.rules import Rules
from annotator.core.suggestions.scan import Scan
from annotator.core.suggestions.suggestion import Suggestion
from annotator.core.suggestions.tokens import (
    KNOWN_MOST,
    Token,
    tokens_after,
    tokens_between,
    widened_back,
    widened_forward,
)

_WINDOW = 140  # characters searched around a cue for its source
_MOST_WORDS = 12  # words a source phrase may have
_MOST_AFTER = _MOST_WORDS + 24  # tokens read after a cue (a source and its apposition)
_NEAR = 48  # characters read first before a verb


#: Words without their possessive ending, by word (filled as words are read, like
#: :data:`annotator.core.suggestions.tokens._KNOWN`).
_BARE: dict[str, str] = {}


def _bare(word: str) -> str:
    """``word`` without a possessive ending ("ministry's" → "ministry", "officials'")."""
    bare = _BARE.get(word)
    if bare is None:
        if len(_BARE) > KNOWN_MOST:
            _BARE.clear()
        bare = _BARE[word] = POSSESSIVE.sub("", word)
    return bare


class AttributionFinder:
    """The attribution rules of one language, compiled once."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.source_nouns = rules.word_set("attribution", "source_nouns")
        self.pronouns = rules.word_set("attribution", "pronouns")
        self.determiners = rules.word_set("attribution", "determiners")
        self.stop_words = rules.word_set("attribution", "stop_words")
        self.not_sources = rules.word_set("attribution", "not_sources")
        # words that end a source read forwards, and words a source never ends with
        self._stops_after = (self.stop_words - BRIDGES - self.determiners) | {
            "who", "which", "that"}
        self._trailing = BRIDGES | self.determiners
        self.verbs = frozenset(v for v in rules.words("attribution", "reporting_verbs")
                               if " " not in v)
        self.not_reported = rules.word_set("attribution", "not_reported")

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
                end = self._source_after(text, hit.end, phrase.lower())
                suggestion = None if end is None else Suggestion(
                    hit.start, end, "attribution", f"source after '{phrase}'", "source_after")
            elif _inside_name(text, hit.start, hit.end):
                continue  # "the United States, figures show", "Consumer Reports found"
            else:
                suggestion = self._around_verb(text, hit.start, hit.end, phrase)
            if suggestion is not None:
                found.append(suggestion)
                covered = max(covered, suggestion.end if suggestion.start == hit.start
                              else hit.end)
        return _merged(found)

    # ------------------------------------------------------------------ tokens
    def _is_source(self, words: list[Token]) -> bool:
        """Whether a phrase names a source: a pronoun alone, a phrase with a source noun or a
        noun for people ("traders", "analyst"), or a name ("Hanna Leclerc", "Bank of Korea")."""
        if not words:
            return False
        if len(words) == 1 and words[0].lower in self.pronouns:
            return True
        content = [w for w in words if w.lower not in self.determiners and w.is_word]
        if not content:
            return False
        for word in content:
            bare = _bare(word.lower.rstrip("."))
            if bare in self.source_nouns or "-" in bare and any(
                    part in self.source_nouns for part in bare.split("-")):
                return True
        head = content[-1]
        bare = _bare(head.lower.rstrip("."))
        if len(content) == 1 and bare in FIRST_AND_SECOND_PERSON:
            return False  # "We found out from the news": a speaker inside a quotation
        if bare in self.not_sources:
            return False  # "on Monday that …": a time
        if _is_agent(head, bare):
            return True
        # the head before a preposition: "one health worker in the district", "the
        # humanitarian coordinator for the country"
        for k in range(1, len(words)):
            if words[k].lower in BRIDGES:
                before = words[k - 1]
                if before.is_word and _is_agent(before, _bare(before.lower)):
                    return True
                break
        # a name: it ends with a capitalised word ("Carvalho", "the Bank of Korea"), or is an
        # acronym ("the WHO estimates")
        return head.is_capitalised and (bare not in self.stop_words or (
            len(head.text.rstrip(".")) > 1 and head.text.rstrip(".").isupper()))

    # ------------------------------------------------------------------ source, then verb
    def _phrase_before(self, tokens: list[Token], i: int) -> list[Token]:
        """The noun phrase that ends with ``tokens[i]``, read backwards: words up to a stop word,
        a punctuation mark or the start of the sentence; a preposition is crossed when a source
        noun or a name stands before it ("analysts at the bank"), and a parenthesis is skipped
        ("the weather agency (기상청)")."""
        phrase: list[Token] = []
        while i >= 0 and len(phrase) < _MOST_WORDS:
            token = tokens[i]
            if token.text == ")":
                opening = next((j for j in range(i - 1, max(-1, i - 12), -1)
                                if tokens[j].text == "("), None)
                if opening is None:
                    break
                i = opening - 1
                continue
            if not token.is_word or token.ends_sentence:
                break
            lower = token.lower
            if lower == "and" and self._and_in_name(tokens, i, phrase):
                phrase.insert(0, token)  # "the Food and Drink Federation"
                i -= 1
                continue
            if lower in self.stop_words and not self._bridge(tokens, i, phrase) and not (
                    token.is_capitalised and lower == "may" and i > 0
                    and tokens[i - 1].lower in BRIDGES) and not (  # "in May"
                    len(token.text) > 1 and token.text.isupper()):  # "WHO figures show"
                break
            if lower.endswith("ly") and not token.is_capitalised and lower not in (
                    self.source_nouns) and not (phrase and lower in LY_ADJECTIVES):
                break  # an adverb ("officials privately said"); not "An early assessment"
            if lower in INDEFINITE:
                break  # "something Teshkel has long denied"
            if lower in REPORTING_PAST and not token.is_capitalised and phrase:
                break  # "the council said operators had reported": two attributions (the word
                # right before the verb is its subject: "Some estimates put the figure at")
            if lower in SCALE_WORDS or lower[:1] in CURRENCY_SIGNS:
                break  # "below the $11.6 billion analysts had forecast": an amount
            phrase.insert(0, token)
            i -= 1
            if lower in self.determiners and lower not in self.source_nouns \
                    and not self._goes_on(tokens, i, phrase):
                break
        while phrase and phrase[0].lower in BRIDGES:
            phrase.pop(0)
        return phrase

    def _goes_on(self, tokens: list[Token], i: int, phrase: list[Token]) -> bool:
        """Whether a phrase read back to a determiner goes on before it, at ``tokens[i]``: a
        preposition that joins it to a source ("officials at the port"), or "and" after a
        name ("Fessenden and his colleagues")."""
        if i < 0:
            return False
        if tokens[i].lower in BRIDGES:
            return self._bridge(tokens, i, phrase)
        return tokens[i].lower == "and" and self._and_in_name(tokens, i, phrase)

    def _and_in_name(self, tokens: list[Token], i: int, phrase: list[Token]) -> bool:
        """Whether the "and" at ``tokens[i]`` joins the words of one name, read backwards: a
        capitalised word on each side ("the Food and Drink Federation", "the Office of Rail and
        Road"), neither a month or a day ("March and April")."""
        if not phrase or i == 0 or not (phrase[0].is_capitalised
                                        or phrase[0].lower in ("his", "her", "their")):
            return False  # (and "Fessenden and his colleagues wrote")
        left = tokens[i - 1]
        return left.is_word and left.is_capitalised and not left.ends_sentence and \
            left.lower not in self.not_sources and phrase[0].lower not in self.not_sources

    def _bridge(self, tokens: list[Token], i: int, phrase: list[Token]) -> bool:
        """Whether the preposition ``tokens[i]`` joins a source to its phrase ("officials at the
        port", "a spokesperson for the bloc"): a source noun or a name stands before it."""
        if tokens[i].lower not in BRIDGES or not phrase or i == 0:
            return False
        left = tokens[i - 1]
        bare = _bare(left.lower)
        if tokens[i].lower == "of" and bare in PART_OF and self._is_source(phrase):
            return True  # "one of the sources", "some of the residents"
        if tokens[i].lower == "in" and phrase[0].lower in NUMBER_WORDS | {"10"} \
                and (bare in NUMBER_WORDS or bare.isdigit()):
            return True  # "nine in ten voters said", "one in five doctors"
        if self._after_participle(tokens, i):
            return True  # "data published last week by the firm", "people briefed on the
            # company's talks with its lenders", "a poll carried out for the charity"
        if left.is_word and bare.endswith("ed") and bare not in POSTMODIFIERS and i >= 2:
            # a participle after a source: "records presented to the court", "an audit
            # completed in May"
            noun = _bare(tokens[i - 2].lower)
            return noun in self.source_nouns
        return left.is_word and (left.is_capitalised or bare in self.source_nouns
                                 or bare in POSTMODIFIERS or bare in PLACES
                                 or (len(bare) >= 5 and bare.endswith(AGENT_ENDINGS)))

    def _after_participle(self, tokens: list[Token], i: int) -> bool:
        """Whether the preposition ``tokens[i]`` goes on a phrase that a participle tying a
        source to what describes it opened a few words before ("briefed on", "published last
        week by", "carried out for"), with no stop word or mark between."""
        for j in range(i - 1, max(-1, i - 7), -1):
            token = tokens[j]
            if not token.is_word or token.ends_sentence:
                return False
            if _bare(token.lower) in POSTMODIFIERS:
                return j < i - 1  # (right before the preposition: the usual reading)
            if token.lower in self.stop_words and token.lower not in BRIDGES:
                return False
        return False

    def _source_before(self, tokens: list[Token]) -> int | None:
        """Where the source phrase that ends with ``tokens`` starts, or ``None``."""
        i = len(tokens) - 1
        while i >= 0 and tokens[i].lower in BETWEEN:
            i -= 1
        if i >= 0 and tokens[i].lower in self.pronouns:
            return tokens[i].start
        phrase = self._phrase_before(tokens, i)
        return phrase[0].start if self._is_source(phrase) else None

    def _source_before_clause(self, tokens: list[Token]) -> int | None:
        """A source set off before its verb by an apposition or a clause: "Jane Doe, a
        researcher at the institute, said", "Its head, Ivo Marten, urged", "Two officials who
        spoke on condition of anonymity said", "The study, which drew on surveys, found"."""
        tokens = list(tokens)
        while tokens and tokens[-1].lower in BETWEEN:
            tokens.pop()
        if not tokens:
            return None
        if tokens[-1].text in (",", "—"):
            # the apposition or clause between two commas (or two dashes: "The mayor — who
            # took office in May — said")
            opening = next((j for j in range(len(tokens) - 2, -1, -1)
                            if not tokens[j].is_word and tokens[j].text not in INSIDE_MARKS),
                           None)
            if opening is None or tokens[opening].text != tokens[-1].text \
                    or opening == len(tokens) - 2:
                return None
            inside = tokens[opening + 1:-1]
            if all(t.lower in ASIDES for t in inside) or (
                    len(inside) <= 8 and inside[0].lower in ASIDE_OPENERS):
                # "Residents, however, said"; "The ministry, in a statement, said"
                phrase = self._phrase_before(tokens, opening - 1)
                return phrase[0].start if self._is_source(phrase) else None
            if not self._appositive(inside):
                return None
            return self._source_before_appositions(tokens, opening)
        # "X who … said": a relative clause without commas
        for j in range(len(tokens) - 2, max(-1, len(tokens) - 22), -1):
            token = tokens[j]
            if not token.is_word and token.text not in ("'",) or token.ends_sentence:
                return None
            if token.lower in ("who", "which", "that") and j > 0:
                phrase = self._phrase_before(tokens, j - 1)
                return phrase[0].start if self._is_source(phrase) else None
        return None

    def _appositive(self, inside: list[Token]) -> bool:
        """Whether the words between two commas may describe what stands before them: "a
        researcher at the institute", "who asked not to be named", "Ivo Marten", "one of its
        largest shareholders", "speaking on condition of anonymity"."""
        if not inside or len(inside) > 16:
            return False
        if _is_age(inside):  # "Ilse Varga, 58, said"
            return True
        first = inside[0].lower
        if first in ("a", "an", "the", "who", "whose", "which", "its", "his", "her", "their"):
            return True
        if len(inside) > 1 and first == "from":  # "The authors, from the school, estimated"
            return True
        if len(inside) > 2 and first == "one" and inside[1].lower == "of":
            return True
        if all(t.is_capitalised for t in inside if t.lower not in BRIDGES
               and t.lower != "the"):  # a name: "Dr Ana Ruiz of the University of Lyon"
            return True
        if len(inside) <= 8 and inside[-1].is_capitalised and inside[-2].is_capitalised and \
                any(_bare(t.lower) in self.source_nouns for t in inside[:-2]):
            return True  # a title and a name: "former finance minister Pavel Horák"
        participle = first.endswith(("ed", "ing")) or first in IRREGULAR_PARTICIPLES
        return participle and not inside[0].is_capitalised and len(inside) > 1

    def _source_before_appositions(self, tokens: list[Token], opening: int) -> int | None:
        """The source before the apposition or clause that opens at the comma
        ``tokens[opening]``, read back over a clause or a name set off before it: "Gordon
        Mbeki, who manages the fund, one of its largest shareholders, argued"; "The group's
        chairman, Sir Alan Brereton, who steps down in May, said"."""
        found = None
        for _ in range(4):
            phrase = self._phrase_before(tokens, opening - 1)
            if self._is_source(phrase):
                found = phrase[0].start
            earlier = next((j for j in range(opening - 1, -1, -1)
                            if not tokens[j].is_word and tokens[j].text not in INSIDE_MARKS),
                           None)
            if earlier is None or tokens[earlier].text != ",":
                break
            inside = tokens[earlier + 1:opening]
            if any(t.ends_sentence for t in inside):
                break
            if _is_age(inside):  # "Jane Doe, 52, a researcher at the institute, said"
                opening = earlier
                continue
            clause = bool(inside) and inside[0].lower in ("who", "whose", "which")
            name = bool(inside) and len(inside) <= 5 and all(
                t.is_capitalised for t in inside if t.lower not in BRIDGES)
            if not (clause or name and found is not None):
                break
            before = self._phrase_before(tokens, earlier - 1)
            if not self._is_source(before) or name and not any(
                    _bare(t.lower) in self.source_nouns for t in before):
                break  # a name is set off after a title ("The group's chairman, …")
            opening = earlier
        return found

    def _plural_source(self, text: str, start: int, end: int) -> bool:
        """Whether the source ``text[start:end]`` takes a verb's plain form ("analysts say",
        "they expect"): a plural noun or a plural pronoun at its head."""
        words = [w.lower().strip(".,") for w in text[start:end].split()]
        while words and words[-1] in BETWEEN:
            words.pop()
        # the head stands before the first preposition ("officials at the ministry say")
        first_bridge = next((i for i, w in enumerate(words) if i and w in BRIDGES and not (
            w == "in" and (words[i - 1] in NUMBER_WORDS or words[i - 1].isdigit()))),
            len(words))  # (not the "in" of a ratio: "one in five doctors say")
        head = words[:first_bridge]
        if head and head[-1] in POSTMODIFIERS:  # "people familiar with ..."
            head = head[:-1]
        if len(head) > 1 and head[-1].endswith("ed"):  # "records presented to the court"
            head = head[:-1]
        if not head:
            return False
        last = head[-1]
        return last in PLURALS or (last.endswith("s") and not last.endswith(("'s", "’s", "ss")))

    def _inside_reported_clause(self, text: str, start: int) -> bool:
        """Whether a source starts right after a reporting verb ("said it expected", "said
        his team had counted"): it is then part of what was reported."""
        word = text[start:start + 12].split()[0].lower() if text[start:start + 12].split() else ""
        if not (word in self.pronouns or word in ("his", "her", "its", "their", "our")):
            return False  # (asked first: most sources are not pronouns, and it costs nothing)
        before = tokens_between(text, max(0, start - 40), start)
        if before and before[-1].lower == "that":
            before.pop()
        if not before or not before[-1].is_word:
            return False
        return before[-1].lower in REPORTING_PAST

    # ------------------------------------------------------------------ verb, then source
    def _source_following(self, text: str, start: int, any_phrase: bool = False,
                          addressee: bool = False, named: bool = False) -> int | None:
        """The end of the source phrase that starts at ``start`` (after a verb or a cue), with
        an apposition that describes it ("said Jane Doe, a researcher at the institute").
        An ``addressee`` ("told the court", "per the council") is a short noun phrase: no
        apposition, no time or place after it; ``named`` asks it to name a source."""
        # most sources end within a few words: read a short stretch first, and the whole window
        # only when the phrase may run past it (the short stretch's last word may be cut short)
        # or an apposition follows
        tokens = tokens_after(text, start, _NEAR, _MOST_AFTER)
        phrase, i = self._phrase_after(tokens, addressee)
        if i >= len(tokens) - 1 or tokens[i].text == ",":
            tokens = widened_forward(text, start, _WINDOW, _MOST_AFTER, tokens, _NEAR)
            phrase, i = self._phrase_after(tokens, addressee)
        if not phrase or phrase[0].lower in NOT_FIRST and not (
                addressee and phrase[0].lower == "this") or not (
                (any_phrase or addressee) and not named or self._is_source(phrase)):
            return None
        end = _end_of(phrase[-1])
        if not any_phrase and not addressee and i < len(tokens) and tokens[i].text == "," \
                and not phrase[-1].ends_sentence:
            # an apposition: ", a researcher at the institute" / ", 52, the union's secretary"
            rest = tokens[i + 1:i + 18]
            if rest and (rest[0].lower in ("a", "an", "the", "its", "his", "her", "their")
                         or rest[0].text.rstrip(".").isdigit() or self._title(rest)):
                for k, later in enumerate(rest):
                    if not later.is_word and later.text not in (",", "'"):
                        break
                    if later.text == "," and k + 1 < len(rest) and rest[k + 1].is_word \
                            and (rest[k + 1].lower.endswith("ing")
                                 or rest[k + 1].lower in ASIDE_OPENERS):
                        break  # ", speaking outside the terminal", ", adding that", ", in a
                        # note to clients": where it was said, after the apposition
                    if later.lower in CLAUSE_OPENERS:
                        break  # ", a teacher in the village of Dzor, where residents said"
                    if later.is_word:
                        end = _end_of(later)
                    if later.ends_sentence:
                        break
        return end

    def _title(self, words: list[Token]) -> bool:
        """Whether ``words`` start with a title without an article: "chief economist at
        Havbank", "president of the council"."""
        if not words[0].is_word or words[0].is_capitalised and words[0].lower not in (
                self.source_nouns):
            return False
        head = next((k for k, w in enumerate(words[:5]) if w.lower in ("of", "at", "for")), None)
        return head is not None and head > 0 and any(
            w.lower in self.source_nouns for w in words[:head])

    def _phrase_after(self, tokens: list[Token], addressee: bool = False
                      ) -> tuple[list[Token], int]:
        """The words of ``tokens`` up to a stop word, a mark or the end of a sentence (without
        a trailing preposition or determiner), and the index of the token that stopped it."""
        phrase: list[Token] = []
        stops = self._stops_after
        i = 0
        described = False  # inside what a participle describes: "familiar with the plan"
        while i < len(tokens) and len(phrase) < _MOST_WORDS + 4:
            token = tokens[i]
            lower = token.lower
            if phrase and lower in BRIDGES and _bare(phrase[-1].lower) in POSTMODIFIERS:
                described = True
            if phrase and token.is_word and (
                    (not token.is_capitalised and lower in self.not_sources
                     and not (described and phrase[-1].lower in self._trailing)
                     and not self._adjective_after_determiner(tokens, i, phrase))
                    or (lower in BRIDGES and i + 1 < len(tokens)
                        and tokens[i + 1].lower.rstrip(".") in self.not_sources)
                    or (addressee and lower in BRIDGES - {"of", "for"})
                    or (addressee and lower in AFTER_ADDRESSEE)
                    or (addressee and lower in SUBJECTS)):
                break  # "on Tuesday", "last week"; a person told, not what they were told
            if phrase and token.is_word and not token.is_capitalised \
                    and self._own_verb_or_figure(tokens, i, phrase):
                break
            if addressee and phrase and token.lower in self.determiners \
                    and phrase[-1].lower not in BRIDGES:
                break  # "told the BBC the figures were …": what was told begins
            if token.lower == "and" and phrase and phrase[-1].is_capitalised and \
                    i + 1 < len(tokens) and tokens[i + 1].is_word and \
                    tokens[i + 1].is_capitalised and not token.ends_sentence:
                phrase.append(token)  # a name with "and" in it: "the Office of Rail and Road"
                i += 1
                continue
            if not token.is_word or token.lower in stops or token.ends_sentence:
                if token.is_word and token.ends_sentence and token.lower not in stops:
                    phrase.append(token)
                break
            phrase.append(token)
            i += 1
        going_on = i < len(tokens) and tokens[i].is_word
        while phrase and (phrase[-1].lower in self._trailing or going_on and len(phrase) > 1
                          and phrase[-1].lower in POSTMODIFIERS):
            # "by the agency published this week": the participle starts a phrase of its own
            # (but "citing a poll it commissioned," ends with it)
            phrase.pop()
        return phrase, i

    def _own_verb_or_figure(self, tokens: list[Token], i: int, phrase: list[Token]) -> bool:
        """Whether the source phrase read after a cue ends before the lower-case word
        ``tokens[i]``: a verb of its own after a name or a source ("compiled by Tickwell put",
        "data from the statistics office showed prices fell", "claims the couple's lawyers
        dismissed"; not "results posted on the website", "a man injured in the blast"), or
        "at" before a figure ("estimated by analysts at between $40m and $60m")."""
        lower = tokens[i].lower
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if lower == "at":
            return following is not None and (
                following.text[:1].isdigit() or following.text[:1] in CURRENCY_SIGNS
                or following.lower in FIGURE_OPENERS)
        past = lower.endswith(("ed", "ed."))
        if lower in self.verbs and (phrase[-1].is_capitalised or (
                past or lower in IRREGULAR_PAST) and self._is_source(phrase)
                and self._verb_of_its_own(tokens, i)):
            return True
        return past and lower.rstrip(".") not in POSTMODIFIERS \
            and phrase[-1].lower not in self._trailing \
            and not (following is not None and following.lower in BRIDGES) \
            and self._is_source(phrase)

    @staticmethod
    def _past_verb_next(text: str, position: int) -> bool:
        """Whether the word after ``position`` is a verb in the past ("dismissed"), not a
        participle that describes a source ("based", "involved")."""
        following = NEXT_WORDS.match(text, position)
        if following is None:
            return False
        word = following.group(1)
        return word.islower() and word.endswith("ed") and word not in POSTMODIFIERS

    @staticmethod
    def _verb_of_its_own(tokens: list[Token], i: int) -> bool:
        """Whether the verb at ``tokens[i]`` after a source has an object of its own ("showed
        prices fell"), rather than describing the source ("results posted on the website",
        "figures posted online")."""
        if tokens[i].ends_sentence or i + 1 >= len(tokens):
            return False
        following = tokens[i + 1]
        return following.is_word and following.lower not in BRIDGES \
            and following.lower not in ("online", "yesterday", "today", "earlier", "last")

    def _adjective_after_determiner(self, tokens: list[Token], i: int,
                                    phrase: list[Token]) -> bool:
        """Whether a word of time stands as an adjective between a determiner and a noun: "its
        last annual report", "the next census" (not "the next day")."""
        if phrase[-1].lower not in ARTICLES_AND_POSSESSIVES or i + 1 >= len(tokens):
            return False
        following = tokens[i + 1]
        return following.is_word and following.lower not in self.not_sources and \
            following.lower not in self.stop_words

    def _source_after(self, text: str, cue_end: int, cue: str = "") -> int | None:
        """"according to X", "citing X": the phrase after the cue is the source, unless it is
        a time ("confirmed by Thursday evening") or a plan ("according to plan"). After "per"
        the phrase must name a source and start with a determiner or a name ("per the
        council", "per FootStats"; not "per cent", "per dollar")."""
        following = text[cue_end:cue_end + 40].split()
        if following and following[0].lower().strip(",.") in self.not_sources:
            return None
        if cue == "per":
            if not following or not (following[0].lower() in ("the", "a", "an")
                                     or following[0][:1].isupper()):
                return None
            return self._source_following(text, cue_end, addressee=True, named=True)
        # after "citing", a source or a reason: "citing two officials", not "citing a quiet
        # period" or "citing health reasons"
        return self._source_following(text, cue_end, any_phrase=True,
                                      named=cue in ("citing", "quoting"))

    def _around_verb(self, text: str, start: int, end: int, verb: str) -> Suggestion | None:
        lower = verb.lower()
        if NOUN_BEFORE_PARTICIPLE.match(text, end):
            return None  # "forecasts compiled by", "reports published by": a noun
        if text.startswith(" from", end) and PARTICIPLE_FROM.match(text, start):
            return None  # "the number expected from previous years": it describes a noun
        if lower == "said" and (passive := SAID_TO_DO.match(text, end)) is not None:
            return Suggestion(start, passive.end(), "attribution",  # a headline: "X said to
                              "attribution without a named source: 'said to'",  # top $100m"
                              "sourceless")
        if lower in ("put", "puts") and not PUT_AT.match(text, end):
            return None  # "put forward a plan": a source puts a figure at a number
        if lower.startswith("report"):
            following = NEXT_WORDS.match(text, end)
            if following is not None and any(
                    (w or "").lower() in self.not_reported for w in following.groups()):
                return None  # "the group reports full-year results": an event, not a report
        # most sources are a few words long: read a short stretch first, all of it if needed
        near = max(0, start - _NEAR)
        tokens = tokens_between(text, near, start)
        last = len(tokens) - 1
        while last >= 0 and tokens[last].lower in BETWEEN:
            last -= 1
        if last >= 0 and tokens[last].lower in PASSIVE:
            return None  # "have been told", "is said": the source, if any, comes after "by"
        source_start = self._source_before(tokens)
        if near > 0 and (source_start is None or source_start <= tokens[min(2, last)].start
                         or _after_bridge(tokens, source_start)):
            # no source, or one that may run on before the stretch read ("a survey of
            # purchasing managers published on Monday suggested": the stretch cut "survey";
            # "data published last week by the firm showed": what "by" follows was not read)
            tokens = widened_back(text, max(0, start - _WINDOW), tokens, near, start)
            source_start = self._source_before(tokens)
        how = "source + reporting verb"
        if source_start is None:
            source_start = self._source_before_clause(tokens)
        elif _is_base_form(lower) and not self._plural_source(text, source_start, start):
            source_start = None  # "the last major dispute", "a rough estimate": nouns
        if source_start is not None and self._inside_reported_clause(text, source_start):
            return None  # "she said it expected": the outer attribution covers it
        if source_start is not None:
            source = [t for t in tokens if t.start >= source_start]
            earlier = [t for t in tokens if t.end <= source_start]
            while source and source[-1].lower in BETWEEN:
                source.pop()
            if source and source[-1].text.endswith(("'", "’", "'s", "’s")):
                return None  # "prosecutors' claims", "the league's recommended": a noun
            if earlier and earlier[-1].lower == "who" and source and source[0].is_word \
                    and not source[0].is_capitalised and source[0].lower not in (
                        self.determiners | self.pronouns | self.source_nouns):
                # "A customs officer who worked under Lindqvist testified": the clause
                # belongs to the source before "who"
                clause = self._source_before_clause(tokens)
                if clause is None:
                    return None
                source_start = clause
            return Suggestion(source_start, self._cue_end(text, end, lower), "attribution",
                              f"{how}: '{verb}' with its source", "reporting_verb")
        # the verb first: "…," said the minister / "said Jane Doe, a researcher at …"
        before = text[max(0, start - 3):start].rstrip()
        if before.endswith((",", "\"", "”", "’", "'", "—")) or before == "" \
                or before.endswith("\n"):
            source_end = self._source_following(text, end)
            if source_end is not None and (VERB_NEXT.match(text, source_end) or (
                    lower in NOUN_OR_VERB and self._past_verb_next(text, source_end))):
                return None  # "…, said the figures were wrong", "…, claims the lawyers
                # dismissed" ("claims" a noun): what was said, or a clause, not who
            if source_end is not None:
                return Suggestion(start, source_end, "attribution",
                                  f"reporting verb '{verb}' + source", "reporting_verb")
        return None

    def _cue_end(self, text: str, end: int, verb: str) -> int:
        """Where a cue ends with what belongs to it after the verb: whom a source told ("told a
        parliamentary committee"), who quoted it ("was quoted by the daily X as saying") and
        where it said it ("said in a statement", "wrote in an email", "said in remarks to
        the conference")."""
        if verb in ("told", "tells", "tell") or verb.endswith("quoted by"):
            following = self._source_following(text, end, addressee=True)
            if following is not None:
                end = following
            if verb.endswith("quoted by"):
                saying = AS_SAYING.match(text, end)
                if saying is None:
                    return end
                end = saying.end()
        elif verb in SAID_TO and (to := TO_SOMEONE.match(text, end)) is not None:
            following = self._source_following(text, to.end(), addressee=True, named=True)
            if following is not None:
                return following  # "confirmed to the BBC", "said to reporters"
        elif verb in TESTIFIED and (before := BEFORE_SOMEONE.match(text, end)) is not None:
            following = self._source_following(text, before.end(), addressee=True)
            if following is not None:
                end = following  # "testified before Congress"
        through = THROUGH_SOMEONE.match(text, end) if text.startswith((" through", " via"), end) \
            else None
        if through is not None:
            return through.end()  # "said through a spokesperson", "said via his lawyers"
        medium = MEDIUM.match(text, end)
        if medium is not None:
            end = medium.end()
            platform = ON_PLATFORM.match(text, end)
            if platform is not None:
                return platform.end()  # "in a post on X", "in a video on its Telegram channel"
            to = TO_OR_WITH_SOMEONE.match(text, end) if not medium.group(1) else None
            if medium.group(1) or to is not None:
                # "in remarks to the union's conference", "in a report to parliament", "in an
                # interview with CNN"
                following = self._source_following(text, to.end() if to else end,
                                                   addressee=True)
                if following is not None:
                    end = following
        return end


def _after_bridge(tokens: list[Token], start: int) -> bool:
    """Whether the phrase that starts at ``start`` follows a preposition among ``tokens``
    (which a longer stretch may show belongs to the source)."""
    k = next((k for k, t in enumerate(tokens) if t.start == start), 0)
    return k > 0 and tokens[k - 1].lower in BRIDGES


def _inside_name(text: str, start: int, end: int) -> bool:
    """Whether a capitalised reporting verb is a word of a name ("the United States, where",
    "Consumer Reports found"): a capitalised word stands before it and none after it (in a
    headline in title case, one does: "Minister Says Cuts Will Stay")."""
    if not text[start].isupper():
        return False
    before = WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None or not before.group(1)[0].isupper() or before.group(1).endswith("."):
        return False
    after = WORD_AFTER.match(text, end)
    return after is None or not after.group(1).isupper()


def _is_agent(word: Token, bare: str) -> bool:
    """Whether a word is a noun for a person or body that speaks ("traders", "coordinator")."""
    return len(bare) >= 5 and bare.endswith(AGENT_ENDINGS) and not word.is_capitalised \
        and bare not in NOT_AGENTS


def _is_age(inside: list[Token]) -> bool:
    """Whether the words between two commas are a person's age: "Jane Doe, 52, said"."""
    return len(inside) == 1 and inside[0].text.isdigit() and 0 < int(inside[0].text) < 130


def _is_base_form(verb: str) -> bool:
    """Whether a reporting verb is in its plain form ("say", "dispute", "estimate"), which a
    singular source does not take and which is often a noun ("a dispute")."""
    first = verb.split()[0]
    return not (first.endswith(("s", "ed")) or first in IRREGULAR_PAST or first == "had")


def _end_of(token: Token) -> int:
    """Where a word ends, without the full stop that ends its sentence."""
    return token.end - (1 if token.ends_sentence else 0)


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
