"""Delayed-job queue used by the e-mail and report workers."""

import heapq
import itertools
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass(order=True)
class Job:
    """A unit of work that becomes runnable at ``run_at`` (epoch seconds)."""

    run_at: float
    priority: int
    sequence: int
    name: str = field(compare=False)
    payload: dict[str, Any] = field(default_factory=dict, compare=False)


class JobQueue:
    """Priority queue of jobs ordered by due time, then priority (lower first), then insertion."""

    def __init__(self) -> None:
        """Create an empty queue."""
        self._heap: list[Job] = []
        self._counter = itertools.count()

    def __len__(self) -> int:
        return len(self._heap)

    def schedule(self, name: str, run_at: float, priority: int = 0, **payload: Any) -> Job:
        """Add a job named ``name`` due at ``run_at`` and return it."""
        job = Job(run_at, priority, next(self._counter), name, payload)
        heapq.heappush(self._heap, job)
        return job

    def pop_due(self, now: float | None = None, limit: int | None = None) -> list[Job]:
        if limit is not None and limit < 1:
            raise ValueError(f"limit must be at least 1: {limit}")
        now = time.time() if now is None else now
        due: list[Job] = []
        while self._heap and self._heap[0].run_at <= now:
            if limit is not None and len(due) >= limit:
                break
            due.append(heapq.heappop(self._heap))
        return due

    def next_run_at(self) -> float | None:
        """Return when the earliest job is due, or None if the queue is empty."""
        return self._heap[0].run_at if self._heap else None
