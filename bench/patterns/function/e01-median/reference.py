def median(numbers):
    if not numbers:
        return None
    ordered = sorted(numbers)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
