"""Benchmark of "claims checked before" (annotator.core.factcheck.claim_matching).

    python benchmarks/claim_matching_bench.py                 10,000 claims
    python benchmarks/claim_matching_bench.py --claims 2000   another number
    python benchmarks/claim_matching_bench.py --json out.json also write the figures as JSON

The claims are generated (seeded, so every run is alike) the way a news desk's claims read: an
actor, a verb of spending, counting or change, a figure written as digits, words or "4m", an
object, a place and often a year, from word lists large enough that most claims share some
words with many others (the council, spent, million) and few share all of them. One claim in
ten is a paraphrase of an earlier one (the figure in other words, passive voice, an attribution
added, a detail added), in another article, so that there are true matches to find.

Figures (the median of ``--runs`` runs, 5):

* ``build_s``: ``ClaimIndex(claims)``;
* ``similar_ms``: one ``similar(text, exclude_article=...)`` for a claim of the index (the
  median over 200 claims, and the slowest of them as ``similar_max_ms``);
* ``all_matches_s``: ``all_matches(DEFAULT_THRESHOLD, other_articles=True)`` over every claim
  (and ``all_matches_cpu_s``, its processor time, the steadier figure on a busy machine);
* ``paraphrases_found``: the share of the generated paraphrases whose original is among their
  matches (a check that the speed is not bought by missing them).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from annotator.core.factcheck.claim_matching import (  # noqa: E402
    DEFAULT_THRESHOLD,
    Claim,
    ClaimIndex,
)

ACTORS = ["the council", "the government", "the ministry of health", "the mayor", "the police",
          "the school board", "the hospital trust", "the city", "the regional authority",
          "the transport agency", "the opposition", "the prime minister", "the central bank",
          "the university", "the army", "the water company", "the fire service",
          "the housing agency", "the energy regulator", "the football club"]
NAMES = ["Anna Kowalski", "Brian Osei", "Chen Wei", "Dolores Park", "Emeka Nwosu", "Fatima Zahra",
         "Gustav Lind", "Hana Sato", "Ivan Petrov", "Julia Mendes", "Kwame Mensah", "Lena Vogel",
         "Miguel Soto", "Nadia Haddad", "Oscar Berg", "Priya Nair"]
PLACES = ["Leeds", "Lagos", "Lyon", "Lima", "Lisbon", "Leipzig", "Lusaka", "Lahore", "Leon",
          "Liverpool", "Ljubljana", "Luanda", "Lucknow", "Lille", "Linz", "Lviv", "Lublin",
          "Limerick", "Leicester", "Lund"]
OBJECTS = ["the bridge", "road repairs", "new buses", "the stadium", "school meals",
           "nurses' pay", "the new hospital wing", "flood defences", "street lighting",
           "the tram line", "social housing", "the library", "youth centres", "cycle lanes",
           "police cars", "the airport expansion", "care homes", "bin collections",
           "the museum", "park maintenance", "the sewage works", "broadband", "the harbour",
           "the ring road", "free school uniforms", "the swimming pool", "the town hall",
           "wind turbines", "solar panels", "the concert hall"]
STATS = ["unemployment", "inflation", "crime", "house prices", "rents", "knife crime",
         "hospital waiting lists", "child poverty", "homelessness", "energy bills",
         "fuel prices", "emissions", "literacy", "obesity", "road deaths", "burglaries",
         "teacher vacancies", "GP appointments", "exports", "tourism"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 12: "twelve", 15: "fifteen", 20: "twenty"}


def amount(rng: random.Random) -> tuple[int, str, str]:
    """A figure in millions, written two ways (digits; words or an abbreviation)."""
    millions = rng.choice(list(NUMBER_WORDS))
    first = f"{millions} million"
    second = rng.choice([f"{NUMBER_WORDS[millions]} million", f"£{millions}m",
                         f"{millions * 1_000_000:,}"])
    return millions, first, second


def claim_pair(rng: random.Random) -> tuple[str, str]:
    """A claim and a paraphrase of it."""
    kind = rng.random()
    year = rng.choice(range(2015, 2025))
    place = rng.choice(PLACES)
    if kind < 0.5:
        actor, thing = rng.choice(ACTORS), rng.choice(OBJECTS)
        _, first, second = amount(rng)
        claim = f"{actor.capitalize()} in {place} spent {first} on {thing} in {year}"
        paraphrase = rng.choice([
            f"{second.capitalize()} was spent by {actor} in {place} on {thing} in {year}",
            f"In {year}, {actor} in {place} spent {second} on {thing}, figures show",
            f"{actor.capitalize()} in {place} spent {second} on {thing} in {year}, "
            f"{rng.choice(NAMES)} said",
        ])
    elif kind < 0.8:
        stat = rng.choice(STATS)
        change = rng.choice([3, 5, 8, 10, 12, 15, 20, 25, 30, 40])
        up = rng.random() < 0.5
        verb, other = (("rose", "went up") if up else ("fell", "dropped"))
        claim = f"{stat.capitalize()} in {place} {verb} by {change}% in {year}"
        paraphrase = rng.choice([
            f"In {year} {stat} {other} {change} per cent in {place}",
            f"{stat.capitalize()} {other} by {change} percent in {place} in {year}, "
            f"according to {rng.choice(NAMES)}",
        ])
    else:
        name, thing = rng.choice(NAMES), rng.choice(OBJECTS)
        count = rng.choice([100, 250, 500, 1200, 3000, 4500, 10000])
        claim = f"{name} said {count:,} jobs were lost at {thing} in {place} since {year}"
        paraphrase = (f"Since {year}, {count} jobs have been lost at {thing} in {place}, "
                      f"{name} claimed")
    return claim, paraphrase


def generate(count: int, seed: int = 7) -> tuple[list[Claim], list[tuple[int, int]]]:
    """``count`` claims in articles of 10 claims, and (paraphrase id, original id) pairs."""
    rng = random.Random(seed)
    claims: list[Claim] = []
    originals: list[tuple[int, str]] = []
    pairs = []
    for claim_id in range(count):
        article = claim_id // 10
        if originals and rng.random() < 0.1:
            original_id, paraphrase = originals.pop(rng.randrange(len(originals)))
            if claims[original_id].article_id != article:
                claims.append(Claim(claim_id, paraphrase, article))
                pairs.append((claim_id, original_id))
                continue
        text, paraphrase = claim_pair(rng)
        claims.append(Claim(claim_id, text, article))
        originals.append((claim_id, paraphrase))
    return claims, pairs


def measure(claims: list[Claim], pairs: list[tuple[int, int]], runs: int) -> dict:
    builds, lookups, everything, everything_cpu = [], [], [], []
    probe = random.Random(1).sample(claims, min(200, len(claims)))
    matches: dict = {}
    for _ in range(runs):
        start = time.perf_counter()
        index = ClaimIndex(claims)
        builds.append(time.perf_counter() - start)
        times = []
        for claim in probe:
            start = time.perf_counter()
            index.similar(claim.text, exclude_ids=(claim.id,), exclude_article=claim.article_id)
            times.append(time.perf_counter() - start)
        lookups.append(times)
        start, cpu = time.perf_counter(), time.process_time()
        matches = index.all_matches(DEFAULT_THRESHOLD, other_articles=True)
        everything.append(time.perf_counter() - start)
        everything_cpu.append(time.process_time() - cpu)
    found = sum(1 for paraphrase, original in pairs
                if any(m.claim_id == original for m in matches.get(paraphrase, ())))
    medians = [statistics.median(times) for times in lookups]
    return {
        "claims": len(claims),
        "paraphrases": len(pairs),
        "build_s": round(statistics.median(builds), 3),
        "similar_ms": round(1000 * statistics.median(medians), 2),
        "similar_max_ms": round(1000 * max(max(times) for times in lookups), 2),
        "all_matches_s": round(statistics.median(everything), 3),
        "all_matches_cpu_s": round(statistics.median(everything_cpu), 3),
        "claims_with_matches": len(matches),
        "paraphrases_found": round(found / len(pairs), 3) if pairs else None,
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    claims, pairs = generate(args.claims)
    figures = measure(claims, pairs, args.runs)
    for name, value in figures.items():
        print(f"{name:>20}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
