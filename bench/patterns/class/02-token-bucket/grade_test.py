import pytest

from solution import TokenBucket


class FakeClock:
    def __init__(self, start=1000.0):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


def test_starts_full():
    clock = FakeClock()
    bucket = TokenBucket(5, 1, clock=clock)
    assert bucket.available() == pytest.approx(5)


def test_drains_then_refuses():
    clock = FakeClock()
    bucket = TokenBucket(3, 1, clock=clock)
    assert [bucket.try_acquire() for _ in range(4)] == [True, True, True, False]


def test_refills_with_clock_time():
    clock = FakeClock()
    bucket = TokenBucket(10, 2, clock=clock)
    assert bucket.try_acquire(10) is True
    assert bucket.try_acquire() is False
    clock.advance(0.25)
    assert bucket.available() == pytest.approx(0.5)
    assert bucket.try_acquire() is False
    clock.advance(0.25)
    assert bucket.try_acquire() is True
    assert bucket.available() == pytest.approx(0.0)


def test_never_exceeds_capacity():
    clock = FakeClock()
    bucket = TokenBucket(4, 10, clock=clock)
    bucket.try_acquire(1)
    clock.advance(3600)
    assert bucket.available() == pytest.approx(4)


def test_failed_acquire_removes_nothing():
    clock = FakeClock()
    bucket = TokenBucket(5, 1, clock=clock)
    assert bucket.try_acquire(3) is True
    assert bucket.try_acquire(3) is False
    assert bucket.available() == pytest.approx(2)
    assert bucket.try_acquire(2) is True


def test_fractional_tokens():
    clock = FakeClock()
    bucket = TokenBucket(1, 0.5, clock=clock)
    assert bucket.try_acquire(0.5) is True
    assert bucket.try_acquire(0.5) is True
    assert bucket.try_acquire(0.5) is False
    clock.advance(1)
    assert bucket.try_acquire(0.5) is True


def test_constructor_validation():
    for capacity, rate in [(0, 1), (-1, 1), (5, 0), (5, -0.5)]:
        with pytest.raises(ValueError):
            TokenBucket(capacity, rate, clock=FakeClock())


def test_acquire_validation():
    bucket = TokenBucket(5, 1, clock=FakeClock())
    for tokens in (0, -1, 5.5):
        with pytest.raises(ValueError):
            bucket.try_acquire(tokens)
    assert bucket.available() == pytest.approx(5)
