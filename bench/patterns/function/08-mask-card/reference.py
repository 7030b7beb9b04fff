"""Reference solution: mask card numbers for safe logging."""


def _luhn_ok(digits: str) -> bool:
    total = 0
    for index, ch in enumerate(reversed(digits)):
        value = ord(ch) - 48
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def mask_card_number(number: str) -> str:
    """Return number with all but the last four digits replaced by '*'.

    Raises ValueError (without echoing the input) when the number is invalid.
    """
    if not isinstance(number, str):
        raise TypeError("number must be a str")
    digits = number.replace(" ", "").replace("-", "")
    if not (13 <= len(digits) <= 19) or not all("0" <= ch <= "9" for ch in digits):
        raise ValueError("card number must have 13 to 19 digits")
    if not _luhn_ok(digits):
        raise ValueError("card number fails the Luhn check")
    to_mask = len(digits) - 4
    out = []
    for ch in number:
        if "0" <= ch <= "9" and to_mask > 0:
            out.append("*")
            to_mask -= 1
        else:
            out.append(ch)
    return "".join(out)
