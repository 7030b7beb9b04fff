"""Small statistics helpers for the metrics dashboard."""

import math
from collections.abc import Sequence


def moving_average(values: Sequence[float], window: int) -> list[float]:
    """Return the simple moving averages of ``values`` over ``window`` points.

    The result has ``len(values) - window + 1`` entries; entry ``i`` is the mean
    of ``values[i:i + window]``.
    Raises ValueError if ``window`` is less than 1 or greater than ``len(values)``.
    """
    if window < 1 or window > len(values):
        raise ValueError(f"window must be between 1 and {len(values)}: {window}")
    return [sum(values[i:i + window]) / window for i in range(len(values) - window)]


def percentile(values: Sequence[float], pct: float) -> float:
    """Return the ``pct``-th percentile of ``values`` with linear interpolation.

    The values need not be sorted. Percentile 0 is the minimum and 100 the
    maximum; in between, the rank ``pct / 100 * (n - 1)`` of the sorted values is
    interpolated linearly between its two neighbours (numpy's default method),
    so the 50th percentile of ``[1, 2, 3, 4]`` is 2.5.
    Raises ValueError if ``values`` is empty or ``pct`` is outside 0..100.
    """
    if not values:
        raise ValueError("percentile of an empty sequence")
    if not 0 <= pct <= 100:
        raise ValueError(f"pct must be between 0 and 100: {pct}")
    ordered = sorted(values)
    rank = pct / 100 * (len(ordered) - 1)
    lower = math.floor(rank)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (rank - lower)


def zscore_outliers(values: Sequence[float], threshold: float = 3.0) -> list[int]:
    """Return the indices of values whose z-score is above ``threshold`` in absolute value.

    The z-score uses the mean and the population standard deviation, and both
    unusually high and unusually low values count. Returns an empty list when
    all values are equal.
    Raises ValueError if there are fewer than 2 values or ``threshold`` is not positive.
    """
    if len(values) < 2:
        raise ValueError("need at least 2 values")
    if threshold <= 0:
        raise ValueError(f"threshold must be positive: {threshold}")
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    if std == 0:
        return []
    return [i for i, v in enumerate(values) if abs(v - mean) / std > threshold]
