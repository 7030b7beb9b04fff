"""Input validation for the customer sign-up form."""

import re

_DOMAIN_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")


def is_valid_email(address: str) -> bool:
    """Return True if ``address`` looks like a usable e-mail address.

    The rules: exactly one ``@``; no whitespace anywhere; a non-empty local
    part; a domain of at least two dot-separated labels, each made of ASCII
    letters, digits and inner hyphens. Returns False (never raises) for any
    string that breaks a rule.
    """
    if address.count("@") != 1:
        return False
    local, domain = address.split("@")
    labels = domain.split(".")
    return bool(local) and len(labels) >= 2 and all(_DOMAIN_LABEL.fullmatch(label) for label in labels)


def normalize_phone(number: str, default_country_code: str = "1") -> str:
    """Normalize a phone number to E.164 form: ``+`` followed by digits only.

    Spaces, dashes, dots and parentheses are removed. A number written with a
    leading ``+`` keeps its own country code; a number without ``+`` that has
    exactly 10 digits gets ``default_country_code`` put in front.
    Raises ValueError if any other character is present, or if the result does
    not have between 8 and 15 digits.
    """
    cleaned = _PHONE_SEPARATORS.sub("", number)
    has_plus = cleaned.startswith("+")
    digits = cleaned[1:] if has_plus else cleaned
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"invalid phone number: {number!r}")
    if not has_plus and len(digits) == 10:
        digits = default_country_code + digits
    if not 8 <= len(digits) <= 15:
        raise ValueError(f"phone number has the wrong length: {number!r}")
    return "+" + digits


def luhn_valid(card_number: str) -> bool:
    """Return True if ``card_number`` passes the Luhn checksum.

    Spaces between digit groups are ignored, so ``"4539 1488 0343 6467"`` is
    accepted. Raises ValueError if anything other than digits and spaces is
    present, or if fewer than 2 digits remain.
    """
    digits = card_number.replace(" ", "")
    if not (digits.isascii() and digits.isdigit()) or len(digits) < 2:
        raise ValueError(f"invalid card number: {card_number!r}")
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0
