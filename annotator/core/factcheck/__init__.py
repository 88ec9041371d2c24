"""Building blocks of a fact-checking desk, in plain Python, apart from the session store.

- :mod:`~annotator.core.factcheck.verdict_scales`: the desk's verdicts (title, colour, rating),
  with presets, the edits an "Edit Verdicts…" dialog makes, and the JSON kept in a session.
- :mod:`~annotator.core.factcheck.claimreview`: schema.org ClaimReview JSON-LD, written from
  claims with a verdict and read back from published fact-checks (reference claims).
- :mod:`~annotator.core.factcheck.claim_matching`: "claims checked before", the claims that say
  the same thing in other words, found through an index of content words and scored with
  rapidfuzz.

They take and return dataclasses defined here; the store, the command line and the window
wire them in.
"""
