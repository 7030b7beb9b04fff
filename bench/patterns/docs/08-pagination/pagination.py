"""Pagination for list endpoints of the admin API."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of results plus the numbers a client needs to navigate."""

    items: list[T]
    number: int
    per_page: int
    total_items: int

    @property
    def total_pages(self) -> int:
        """Number of pages; an empty result still has one (empty) page."""
        return max(1, math.ceil(self.total_items / self.per_page))


def paginate(items: Sequence[T], page: int = 1, per_page: int = 20, max_per_page: int = 100) -> Page[T]:
    if per_page < 1 or per_page > max_per_page:
        raise ValueError(f"per_page must be between 1 and {max_per_page}")
    if page < 1:
        raise ValueError("page numbers start at 1")
    total_pages = max(1, math.ceil(len(items) / per_page))
    if page > total_pages:
        raise LookupError(f"page {page} does not exist; there are {total_pages} pages")
    start = (page - 1) * per_page
    return Page(list(items[start:start + per_page]), page, per_page, len(items))


def page_window(current: int, total_pages: int, width: int = 5) -> list[int]:
    if total_pages < 1 or not 1 <= current <= total_pages:
        raise ValueError(f"current page {current} is outside 1..{total_pages}")
    if width < 1:
        raise ValueError("width must be at least 1")
    width = min(width, total_pages)
    first = min(max(1, current - width // 2), total_pages - width + 1)
    return list(range(first, first + width))
