"""The suggester's rules: word lists read from a TOML table per language, compiled once.

The shipped table is ``english.toml`` beside this module. A desk adds its own words with a file of
the same shape (:func:`load_rules` with ``extra``): each list it gives is added to the shipped one,
so a newsroom's house phrases ("sources close to", "a person familiar with") need no code.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from annotator.core.errors import AnnotatorError
from annotator.core.regular_file import read_regular_file

RULES_DIR = Path(__file__).resolve().parent
SHIPPED = {"en": RULES_DIR / "english.toml"}
MAX_RULES_BYTES = 4 * 1024 * 1024
MAX_WORDS = 20_000  # words in one list of a rules file


class RulesError(AnnotatorError):
    """A rules file cannot be read or does not have the shape of the shipped one."""


def phrase_pattern(phrases: list[str] | tuple[str, ...]) -> str:
    """One alternation that matches any of ``phrases`` as whole words, longest first.

    Spaces in a phrase match any run of white space (a line break inside "according to" too);
    the edges are word edges where the phrase starts or ends with a word character, so that
    "%" and "approx." match as written.
    """
    parts = []
    for phrase in sorted(set(phrases), key=lambda p: (-len(p), p)):
        words = phrase.split()
        if not words:
            continue
        body = r"\s+".join(re.escape(word) for word in words)
        left = r"(?<![\w$€£¥₩₹₽])" if re.match(r"\w", phrase) else ""
        right = r"(?!\w)" if re.search(r"\w$", phrase) else ""
        parts.append(left + body + right)
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


@dataclass(frozen=True)
class Rules:
    """The word lists of one language (lower-case), as read from its table."""

    language: str
    table: dict[str, dict[str, tuple[str, ...]]]

    def words(self, section: str, name: str) -> tuple[str, ...]:
        return self.table.get(section, {}).get(name, ())

    def word_set(self, section: str, name: str) -> frozenset[str]:
        return frozenset(self.words(section, name))

    def pattern(self, section: str, name: str) -> str:
        return phrase_pattern(self.words(section, name))


def _lists(data: Any, origin: str,
           known: dict[str, dict[str, tuple[str, ...]]] | None = None
           ) -> dict[str, dict[str, tuple[str, ...]]]:
    """The word lists of a rules table; with ``known`` (the shipped table) every section and
    list must be one of its own, so that a misspelt name is told rather than ignored."""
    if not isinstance(data, dict):
        raise RulesError(f"{origin}: a rules file is a table of sections")
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for section, lists in data.items():
        if section == "language":
            continue
        if not isinstance(lists, dict):
            raise RulesError(f"{origin}: [{section}] must be a section of word lists")
        if known is not None and section not in known:
            raise RulesError(f"{origin}: there is no section [{section}] (the sections are "
                             f"{', '.join(sorted(known))})")
        table[section] = {}
        for name, words in lists.items():
            if known is not None and name not in known[section]:
                raise RulesError(f"{origin}: [{section}] has no list {name!r} (its lists are "
                                 f"{', '.join(sorted(known[section]))})")
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise RulesError(f"{origin}: {section}.{name} must be a list of words in quotes")
            if len(words) > MAX_WORDS:
                raise RulesError(f"{origin}: {section}.{name} has {len(words):,} words; a list "
                                 f"may have at most {MAX_WORDS:,}")
            table[section][name] = tuple(w.strip().lower() for w in words if w.strip())
    return table


def _read_table(path: Path) -> dict[str, Any]:
    data = read_regular_file(path, MAX_RULES_BYTES, RulesError, "a rules file")
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise RulesError(f"{path}: a rules file must be UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{path}: is not a valid rules file ({exc})") from None
    except RecursionError:
        raise RulesError(f"{path}: is not a valid rules file (it is nested too deeply)") from None


@lru_cache(maxsize=8)
def _load(language: str, extra: Path | None) -> Rules:
    shipped = SHIPPED.get(language)
    if shipped is None:
        known = ", ".join(sorted(SHIPPED))
        raise RulesError(f"no suggestion rules for language {language!r} (there are: {known})")
    table = _lists(_read_table(shipped), shipped.name)
    if extra is not None:
        added = _read_table(extra)
        if added.get("language", language) != language:
            raise RulesError(f"{extra}: its rules are for language {added['language']!r}, "
                             f"not {language!r}; they add to a language's shipped rules")
        for section, lists in _lists(added, str(extra), table).items():
            known_section = table.setdefault(section, {})
            for name, words in lists.items():
                known_section[name] = tuple(dict.fromkeys(known_section.get(name, ()) + words))
    return Rules(language, table)


def load_rules(language: str = "en", extra: str | Path | None = None) -> Rules:
    """The rules of ``language``, with the words of the file ``extra`` added, if one is named."""
    return _load(language, Path(extra).resolve() if extra is not None else None)
