import pytest

from solution import CircuitBreaker, CircuitOpenError


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


class Flaky:
    def __init__(self):
        self.calls = 0
        self.fail = True

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.fail:
            raise ConnectionError("payment API down")
        return ("ok", args, kwargs)


def trip(breaker, func, times):
    for _ in range(times):
        with pytest.raises(ConnectionError):
            breaker.call(func)


def test_passes_through_results_and_arguments():
    breaker = CircuitBreaker(clock=FakeClock())
    assert breaker.call(lambda a, b=0: a + b, 2, b=3) == 5
    assert breaker.state == "closed"


def test_exceptions_reraised_unchanged():
    breaker = CircuitBreaker(clock=FakeClock())
    error = KeyError("missing")

    def boom():
        raise error

    with pytest.raises(KeyError) as info:
        breaker.call(boom)
    assert info.value is error


def test_opens_after_threshold_consecutive_failures():
    breaker = CircuitBreaker(failure_threshold=3, clock=FakeClock())
    flaky = Flaky()
    trip(breaker, flaky, 2)
    assert breaker.state == "closed"
    trip(breaker, flaky, 1)
    assert breaker.state == "open"


def test_success_resets_failure_count():
    breaker = CircuitBreaker(failure_threshold=3, clock=FakeClock())
    flaky = Flaky()
    trip(breaker, flaky, 2)
    flaky.fail = False
    breaker.call(flaky)
    flaky.fail = True
    trip(breaker, flaky, 2)
    assert breaker.state == "closed"


def test_open_circuit_refuses_without_calling():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, recovery_timeout=30, clock=clock)
    flaky = Flaky()
    trip(breaker, flaky, 2)
    calls_before = flaky.calls
    clock.now += 10
    with pytest.raises(CircuitOpenError):
        breaker.call(flaky)
    assert flaky.calls == calls_before
    assert issubclass(CircuitOpenError, RuntimeError)


def test_half_open_after_timeout_then_success_closes():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, recovery_timeout=30, clock=clock)
    flaky = Flaky()
    trip(breaker, flaky, 2)
    clock.now += 31
    assert breaker.state == "half_open"
    flaky.fail = False
    assert breaker.call(flaky, 1)[0] == "ok"
    assert breaker.state == "closed"


def test_half_open_failure_reopens_and_restarts_timeout():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, recovery_timeout=30, clock=clock)
    flaky = Flaky()
    trip(breaker, flaky, 3)
    clock.now += 31
    assert breaker.state == "half_open"
    trip(breaker, flaky, 1)
    assert breaker.state == "open"
    clock.now += 20
    with pytest.raises(CircuitOpenError):
        breaker.call(flaky)
    clock.now += 11
    assert breaker.state == "half_open"


def test_closed_after_recovery_counts_from_zero():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=2, recovery_timeout=5, clock=clock)
    flaky = Flaky()
    trip(breaker, flaky, 2)
    clock.now += 6
    flaky.fail = False
    breaker.call(flaky)
    flaky.fail = True
    trip(breaker, flaky, 1)
    assert breaker.state == "closed"


def test_invalid_configuration():
    with pytest.raises(ValueError):
        CircuitBreaker(failure_threshold=0, clock=FakeClock())
    with pytest.raises(ValueError):
        CircuitBreaker(recovery_timeout=-1, clock=FakeClock())
