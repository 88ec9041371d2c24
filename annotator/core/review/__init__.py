"""Team review: several reviewers' sessions brought together.

:mod:`.merge` merges reviewers' sessions into one, :mod:`.agreement` measures how far they agree,
:mod:`.adjudication` turns agreements and decisions into a gold standard.
"""
