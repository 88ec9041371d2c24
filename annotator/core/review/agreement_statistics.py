"""The chance-corrected measures of agreement on token values: Cohen's kappa and Krippendorff's
nominal alpha of a pair of reviewers from their confusion matrix, and alpha across all
reviewers from a units × values count matrix (with the ``krippendorff`` package). Each returns
the value, or None and the reason it is undefined."""

from __future__ import annotations

import krippendorff
import numpy as np

_NO_TOKENS = "no token was read by both reviewers"
_SINGLE_VALUE = "undefined: every token has the same value for every reviewer"
_CHANCE_IS_ONE = (
    "undefined: both reviewers gave every token the same single value, so agreement by chance "
    "is already 1"
)


def cohen_kappa(confusion: np.ndarray) -> tuple[float | None, str | None]:
    """Cohen's kappa of a confusion matrix (rows: reviewer A's values, columns: B's)."""
    n = int(confusion.sum())
    if n == 0:
        return None, _NO_TOKENS
    agreed = int(np.trace(confusion))
    rows = confusion.sum(axis=1).astype(object)
    cols = confusion.sum(axis=0).astype(object)
    chance = int(sum(rows * cols))  # n² · p_e, in exact integers
    if n * n == chance:
        return None, _CHANCE_IS_ONE
    # (p_o − p_e) / (1 − p_e), both multiplied by n²
    return (n * agreed - chance) / (n * n - chance), None


def pair_alpha(confusion: np.ndarray) -> tuple[float | None, str | None]:
    """Krippendorff's nominal alpha of two reviewers who both coded every unit counted in the
    confusion matrix: the coincidence matrix is C + Cᵀ (each unit gives one pair of values
    each way, over m_u − 1 = 1), so alpha = 1 − (n − 1)·D / (n² − Σ n_c²), with n = 2·units,
    D the off-diagonal sum of the coincidences and n_c their marginals."""
    units = int(confusion.sum())
    if units == 0:
        return None, _NO_TOKENS
    coincidences = confusion + confusion.T
    n = 2 * units
    marginals = coincidences.sum(axis=1).astype(object)
    expected = n * n - int(sum(marginals * marginals))
    if expected == 0:
        return None, _SINGLE_VALUE
    disagreed = n - int(np.trace(coincidences))
    return 1.0 - (n - 1) * disagreed / expected, None


def nominal_alpha(value_counts: np.ndarray) -> tuple[float | None, str | None]:
    """Nominal alpha with the ``krippendorff`` package from a units × values count matrix.

    Units coded by fewer than two reviewers are left out (they hold no pair of values). The
    units where every reviewer gave the same value are passed as one unit per value that holds
    all of their values: such a unit adds its number of values to the diagonal of the
    coincidence matrix whatever its size, so alpha is the same, and the package's work (which
    grows with units × values²) stays small: most tokens are untagged by everyone.
    """
    pairable = value_counts[value_counts.sum(axis=1) >= 2]
    if len(pairable) == 0:
        return None, "no token was read by at least two reviewers"
    used = pairable.sum(axis=0) > 0
    if used.sum() < 2:
        return None, _SINGLE_VALUE
    pairable = pairable[:, used]
    unanimous = pairable.max(axis=1) == pairable.sum(axis=1)
    merged = np.diag(pairable[unanimous].sum(axis=0))
    counts = np.concatenate([pairable[~unanimous], merged[merged.sum(axis=1) > 0]])
    return float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal")), None

