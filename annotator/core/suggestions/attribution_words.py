"""The words and patterns the attribution rules read text with, beside the word lists of the
language's rules file: the small closed classes of English (prepositions that join a source to
its phrase, asides, clause openers, pronouns) and the shapes of a cue's surroundings (where and to
whom a source spoke, "put … at" a figure)."""

from __future__ import annotations

import re

#: The endings of nouns for people and bodies that speak ("traders", "analyst", "commentator").
AGENT_ENDINGS = ("er", "ers", "or", "ors", "ist", "ists", "ian", "ians", "ant", "ants", "ent",
                 "ents", "ee", "ees")

#: Words that take a part of a group of sources: "one of the sources", "some of the residents".
PART_OF = frozenset({"one", "two", "three", "four", "five", "some", "many", "most", "several",
                     "none", "all", "both", "each", "few", "either", "neither", "any"})

#: Nouns with those endings that name a thing, not someone who speaks ("the number expected").
NOT_AGENTS = frozenset({
    "number", "numbers", "order", "orders", "water", "waters", "border", "borders", "letter",
    "letters", "matter", "matters", "power", "powers", "winter", "summer",
    "quarter", "quarters", "chapter", "river", "corner", "weather", "error", "errors", "factor",
    "factors", "sector", "sectors", "floor", "colour", "color", "labour", "labor", "moment",
    "event", "events", "percent", "comment", "comments", "payment", "payments", "element",
    "elements", "environment", "incident", "incidents", "accident", "accidents", "treatment",
    "investment", "investments", "amount", "amounts", "content", "extent", "equipment",
    "development", "developments", "movement", "movements", "fee", "fees", "degree", "degrees",
    "tree", "trees", "guarantee", "guarantees", "plant", "plants",
    "parameter", "parameters", "meter", "metre", "meters", "metres", "kilometer", "kilometre",
    "kilometers", "kilometres", "dollar", "dollars", "disaster", "disasters", "shelter",
    "shelters",
})

#: Words between a source and its verb that are skipped ("officials also said").
BETWEEN = frozenset({
    "also", "later", "previously", "earlier", "repeatedly", "recently", "publicly", "privately",
    "separately", "initially", "then", "now", "today", "yesterday", "again", "further", "once",
    "had", "has", "have", "first", "last", "subsequently", "since", "just", "already", "himself",
    "herself", "themselves", "itself", "quickly", "flatly", "firmly", "strongly", "there",
    "long", "still", "only", "never", "often", "both", "all", "openly", "so", "far", "widely",
    "consistently", "reportedly",
})

BRIDGES = frozenset({"of", "at", "for", "from", "in", "with", "on", "to", "by", "across",
                     "throughout"})

#: Words after whom a source told that start where or when it was ("told reporters outside the
#: court", "told the rally before the vote"): the addressee ends there.
AFTER_ADDRESSEE = frozenset({"outside", "inside", "near", "beside", "behind", "after",
                             "before", "during", "while", "when", "as", "ahead"})

#: Words that tie a source to what describes it: "people familiar with the talks", "two people
#: with knowledge of the deal", "documents seen by this newspaper", "economists polled by Reuters".
POSTMODIFIERS = frozenset({
    "familiar", "knowledge", "close", "briefed", "involved", "aware", "seen", "polled",
    "surveyed", "interviewed", "compiled", "obtained", "reviewed", "published", "released",
    "commissioned", "cited", "quoted", "consulted", "contacted", "questioned", "working",
    "based", "speaking", "representing", "carried", "conducted", "funded", "sponsored",
})

#: Asides set off by commas between a source and its verb ("Residents, however, said").
ASIDES = frozenset({
    "however", "meanwhile", "though", "too", "also", "instead", "nonetheless", "nevertheless",
    "likewise", "moreover", "separately", "in", "turn", "for", "their", "its", "his", "her",
    "part", "then", "now", "today", "again", "by", "contrast", "example",
    "indeed", "meantime", "the", "on", "other", "hand",
})

#: Words that open an aside between a source and its verb: "The ministry, in a statement,
#: said", "The company, on Monday, said".
ASIDE_OPENERS = frozenset({"in", "on", "at", "during", "after", "before", "with", "through",
                           "via", "like", "unlike"})

#: Places a source is "of" ("police in the northern city of Tarsk said").
PLACES = frozenset({"city", "town", "village", "province", "region", "state", "county",
                    "district", "port", "island", "capital", "republic", "kingdom", "area",
                    "municipality", "prefecture", "territory", "borough", "suburb", "north",
                    "south", "east", "west", "centre", "center", "outskirts", "heart", "edge",
                    "parts"})

#: A verb right after a source read after "said": the phrase was what was said ("…, said the
#: figures were wrong").
VERB_NEXT = re.compile(r"\s+(?:is|are|was|were|had|has|have|would|will|could|can|may|might|"
                       r"should|did|does|do)\b", re.IGNORECASE)

#: Adjectives that end like adverbs: "An early assessment", "the elderly residents".
LY_ADJECTIVES = frozenset({"early", "elderly", "quarterly", "weekly", "monthly", "daily",
                           "yearly", "likely", "friendly", "costly", "lonely", "holy"})

INDEFINITE = frozenset({"something", "nothing", "anything", "everything"})

#: Verbs whose source may say it to someone: "confirmed to the BBC", "said to reporters".
SAID_TO = frozenset({"confirmed", "confirms", "said", "says", "explained", "explains",
                     "admitted", "admits", "complained", "wrote", "writes", "stated"})

#: After where a source spoke, to or with whom: "in a report to parliament", "in an interview
#: with CNN".
TO_OR_WITH_SOMEONE = re.compile(r"\s+(?:to|with)\s+(?=(?:the|a|an|this|reporters|journalists|"
                                r"parliament|congress|lawmakers|investors|clients|shareholders)"
                                r"\b|[A-Z])")

TO_SOMEONE = re.compile(r"\s+to\s+(?=(?:the|a|an|this|reporters|journalists|parliament|"
                        r"congress|lawmakers|investors|clients|shareholders)\b|[A-Z])")

#: "said to" and a verb, a report whose source is not named (a headline drops the "is": "Star's
#: settlement said to top $100m"); not "said to reporters".
SAID_TO_DO = re.compile(r"\s+to(?=\s+(?:be|have|top|exceed|total|include|involve|number|"
                        r"cost|reach|face|plan|consider|weigh|seek|want|back|oppose|favour|"
                        r"favor|prefer|eye|target|near|mull|lead|join|leave|quit)\b)")

#: Words that open a figure: a source phrase ends before a preposition that leads to one
#: ("estimated by analysts at between $40m and $60m").
FIGURE_OPENERS = frozenset({"between", "about", "around", "roughly", "nearly", "almost", "least",
                            "most", "up", "more", "less", "over", "under", "just", "well",
                            "close", "approximately"})

#: Reporting verbs that are plural nouns too: after a comma, "claims the lawyers dismissed" is a
#: noun and a clause, not a verb and its source.
NOUN_OR_VERB = frozenset({"claims", "reports", "estimates", "notes", "shows", "finds", "states",
                          "forecasts", "projects", "counts", "figures"})

#: Number words of a ratio's parts: "nine in ten voters said".
NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                          "ten", "twenty", "hundred", "thousand"})

#: Through whom a source spoke: "said through a spokesperson", "said via his lawyers".
THROUGH_SOMEONE = re.compile(
    r"\s+(?:through|via)\s+(?:a|an|the|his|her|its|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:spokesperson|spokesman|spokeswoman|spokespeople|lawyers?|attorneys?|solicitors?|"
    r"representatives?|publicist|aides?|agent|statement|intermediar(?:y|ies))\b", re.IGNORECASE)

#: Before whom a source testified: "testified before Congress", "testified to the committee".
TESTIFIED = frozenset({"testified", "testifies", "testify"})
BEFORE_SOMEONE = re.compile(r"\s+(?:before|to)\s+(?=(?:the|a|an|congress|parliament|"
                            r"lawmakers|senators|investigators|jurors|MPs)\b|[A-Z])")

#: Words of an amount, which no source phrase holds ("the $11.6 billion analysts expected").
SCALE_WORDS = frozenset({"million", "billion", "trillion", "thousand", "bn", "m", "tn", "mn",
                         "per", "percent", "%"})

CURRENCY_SIGNS = frozenset("$€£¥₩₹₽")

#: Pronouns a sentence may start with that name no source (they speak inside quotations).
FIRST_AND_SECOND_PERSON = frozenset({"we", "i", "you", "us", "our", "my", "your"})

#: Plural nouns without an "s" ("people say", "police believe").
PLURALS = frozenset({"data", "people", "police", "staff", "men", "women", "children", "media",
                     "personnel", "crew", "public", "clergy", "youth", "they"})

POSSESSIVE = re.compile(r"['’]s?$")

#: Marks that may stand inside an apposition or clause ("which lent it £15 million").
INSIDE_MARKS = frozenset("'’$€£¥%-–&/")

#: Where a source said something, after the verb: "said in a statement", "wrote in an email",
#: "argued in her opening statement", "said in remarks to"; up to two words before the medium.
MEDIUM = re.compile(
    r"\s+in\s+(?:(?:a|an|the|her|his|its|their|a\s+joint)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:statement|interview|e-?mail|letter|report|post|paper|note|memo|filing|tweet|message|"
    r"speech|briefing|ruling|judgment|judgement|op-ed|column|blog\s+post|podcast|broadcast|"
    r"submission|press\s+release|video|affidavit|update|announcement|bulletin|notice|"
    r"presentation|newsletter|news\s+release|papers|documents|filings|records|"
    r"(remarks\s+to))\b"
    # "said on Telegram", "told analysts on a conference call", "said on state television"
    r"|\s+on\s+(?:(?:a|an|the|her|his|its|their)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:call|television|TV|radio|Telegram|Twitter|X|Facebook|Instagram|TikTok|WhatsApp|"
    r"LinkedIn|social\s+media|podcast|website|blog)\b(?:\s+(?:channel|account|page)\b)?",
    re.IGNORECASE)

#: Where a post, a message or a video went out, after the medium: "in a post on X".
ON_PLATFORM = re.compile(
    r"\s+on\s+(?:(?:the|her|his|its|their)\s+)?(?:official\s+)?(?:Telegram|Twitter|X|Facebook|"
    r"Instagram|TikTok|WhatsApp|LinkedIn|YouTube|Bluesky|Threads|Truth\s+Social|Weibo|WeChat|"
    r"social\s+media|website|blog)\b(?:\s+(?:channel|account|page)\b)?")

AS_SAYING = re.compile(r"\s+as\s+saying\b", re.IGNORECASE)

#: After a word that is a reporting verb or a plural noun ("forecasts", "reports"), a
#: participle and "by": the word is a noun ("forecasts compiled by Tickwell").
NOUN_BEFORE_PARTICIPLE = re.compile(
    r"\s+(?:compiled|published|released|issued|prepared|produced|gathered|collected|made|"
    r"commissioned|obtained|cited|seen|reviewed|drawn\s+up|carried\s+out)\s+by\b",
    re.IGNORECASE)

ARTICLES_AND_POSSESSIVES = frozenset({"the", "a", "an", "its", "his", "her", "their", "our"})

#: The next one or two words after a verb ("full-year results").
NEXT_WORDS = re.compile(r"\s+([\w'’-]+)(?:\s+([\w'’-]+))?")

#: A verb that, followed by "from", describes a noun instead of reporting: "the number expected
#: from previous years", "a toll estimated from satellite images".
PARTICIPLE_FROM = re.compile(
    r"(?:expected|estimated|projected|calculated|predicted|forecast|derived|counted)\s+from\b",
    re.IGNORECASE)

#: "put" as a reporting verb: a source puts a quantity at a figure ("the authors put the
#: current number at roughly 830", "forecasts put profit at £180m", "channels put the number
#: at closer to a dozen", "a poll put the party on 31 per cent").
PUT_AT = re.compile(r"(?:\s+[^\W\d_][\w'’-]*){1,6}?\s+(?:at|on)\s+(?:[^\W\d_][\w-]*\s+){0,3}?"
                    r"(?:(?:[$€£¥]\s?)?\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                    r"eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|"
                    r"billions?|dozens?|half|a\s+third|a\s+quarter)\b)", re.IGNORECASE)

#: Words a source read after a verb does not start with ("said outside the court",
#: "admitted in a hearing"): where or when, not who.
NOT_FIRST = BRIDGES | frozenset({
    "outside", "inside", "after", "before", "during", "near", "under", "over", "about",
    "afterwards", "later", "earlier", "again", "then", "that", "this", "so", "yesterday",
    "today", "there", "here", "also", "only", "while", "when", "as", "it", "he", "she", "they",
    "we", "i", "you"})

#: Words that start a new clause after whom a source told ("told the court he never …").
SUBJECTS = frozenset({"he", "she", "they", "it", "we", "i", "you", "that", "his", "her",
                      "their", "its", "there", "this"})

PASSIVE = frozenset({"be", "been", "being", "was", "were", "is", "are", "am", "get", "got"})

#: Participles that open an apposition without "-ed": "An assessment, seen by this newspaper,".
IRREGULAR_PARTICIPLES = frozenset({
    "seen", "known", "given", "shown", "written", "taken", "made", "held", "drawn", "led",
    "found", "built", "sent", "kept", "brought", "bought", "thought", "caught", "run", "done"})

IRREGULAR_PAST = frozenset({"said", "told", "wrote", "found", "thought", "put", "read",
                            "forecast", "held", "knew", "saw", "made", "gave", "took"})

REPORTING_PAST = frozenset({"said", "says", "say", "told", "added", "claimed", "argued",
                            "argue", "insist", "insists", "warn", "warns", "believe",
                            "estimate", "estimates", "claim", "claims", "insisted",
                            "warned", "noted", "stated", "explained", "confirmed", "announced",
                            "reported", "wrote", "believes", "believed", "thinks", "thought"})

#: Words that open a clause, which ends an apposition read after a source ("said Ana Ruiz, a
#: teacher in the village, where residents said …").
CLAUSE_OPENERS = frozenset({"who", "which", "that", "where", "whose", "whom", "when", "while"})

#: The word before a verb and the word after it, on the same line.
WORD_BEFORE = re.compile(r"([^\W\d_][\w'’.-]*)[ \t]+$")

WORD_AFTER = re.compile(r"[ \t]+([^\W\d_])")
