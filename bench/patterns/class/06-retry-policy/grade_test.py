import pytest

from solution import RetryPolicy


def test_default_delays():
    policy = RetryPolicy()
    assert [policy.delay(n) for n in range(1, 6)] == pytest.approx([0.5, 1.0, 2.0, 4.0, 8.0])


def test_delay_is_capped():
    policy = RetryPolicy(base_delay=1.0, multiplier=3.0, max_delay=10.0)
    assert policy.delay(3) == pytest.approx(9.0)
    assert policy.delay(4) == pytest.approx(10.0)
    assert policy.delay(50) == pytest.approx(10.0)


def test_huge_attempt_does_not_overflow():
    policy = RetryPolicy()
    assert policy.delay(10_000) == pytest.approx(30.0)
    assert policy.delay(10**6) == pytest.approx(30.0)


def test_constant_backoff_with_multiplier_one():
    policy = RetryPolicy(base_delay=2.0, multiplier=1.0)
    assert policy.delay(1) == pytest.approx(2.0)
    assert policy.delay(40) == pytest.approx(2.0)


def test_should_retry_respects_max_attempts():
    policy = RetryPolicy(max_attempts=3)
    assert policy.should_retry(1, ConnectionError()) is True
    assert policy.should_retry(2, TimeoutError()) is True
    assert policy.should_retry(3, ConnectionError()) is False


def test_should_retry_uses_isinstance():
    policy = RetryPolicy()
    assert policy.should_retry(1, ConnectionResetError()) is True
    assert policy.should_retry(1, ValueError("bad request")) is False


def test_custom_retry_on():
    policy = RetryPolicy(retry_on=(KeyError,))
    assert policy.should_retry(1, KeyError("x")) is True
    assert policy.should_retry(1, ConnectionError()) is False


def test_single_attempt_never_retries():
    policy = RetryPolicy(max_attempts=1)
    assert policy.should_retry(1, ConnectionError()) is False


def test_invalid_configuration():
    for kwargs in (
        {"max_attempts": 0},
        {"base_delay": -0.1},
        {"max_delay": -1.0},
        {"multiplier": 0.5},
    ):
        with pytest.raises(ValueError):
            RetryPolicy(**kwargs)


def test_invalid_attempt():
    policy = RetryPolicy()
    with pytest.raises(ValueError):
        policy.delay(0)
    with pytest.raises(ValueError):
        policy.should_retry(0, ConnectionError())
