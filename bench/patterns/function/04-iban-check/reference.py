"""Reference solution: IBAN syntax and checksum validation."""

import re

_SHAPE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def is_valid_iban(value: str) -> bool:
    """Return True if value is a syntactically valid IBAN with a correct checksum."""
    if not isinstance(value, str):
        raise TypeError("value must be a str")
    compact = value.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not _SHAPE.fullmatch(compact):
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1
