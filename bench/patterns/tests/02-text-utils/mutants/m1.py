"""Text helpers used when publishing articles."""

import re

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"[a-z0-9']+")


def slugify(title: str, max_length: int = 50) -> str:
    """Turn ``title`` into a URL slug.

    The title is lower-cased, every run of characters other than ASCII letters
    and digits becomes a single ``-``, and leading and trailing dashes are
    removed. A slug longer than ``max_length`` is cut to ``max_length``
    characters and any dash left at its end is removed.
    Raises ValueError if ``max_length`` is less than 1.
    """
    if max_length < 1:
        raise ValueError("max_length must be at least 1")
    slug = _NON_ALNUM.sub("-", title.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug


def truncate_words(text: str, limit: int, suffix: str = "...") -> str:
    """Shorten ``text`` to at most ``limit`` words.

    Words are separated by whitespace. Text with ``limit`` words or fewer is
    returned unchanged; otherwise the first ``limit`` words are joined with
    single spaces and ``suffix`` is appended.
    Raises ValueError if ``limit`` is less than 1.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    words = text.split()
    if len(words) < limit:
        return text
    return " ".join(words[:limit]) + suffix


def word_frequencies(text: str, min_count: int = 1) -> dict[str, int]:
    """Count the words in ``text`` without regard to letter case.

    A word is a run of ASCII letters, digits and apostrophes; keys are
    lower-case. Only words seen at least ``min_count`` times are returned.
    Raises ValueError if ``min_count`` is less than 1.
    """
    if min_count < 1:
        raise ValueError("min_count must be at least 1")
    counts: dict[str, int] = {}
    for word in _WORD.findall(text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return {word: count for word, count in counts.items() if count >= min_count}
