import numpy as np


def moving_average(values: list[float], window: int) -> list[float]:
    """Simple moving average over a sliding window."""
    kernel = np.ones(window) / window
    return np.convolve(np.asarray(values, dtype=float), kernel, mode="valid").tolist()
