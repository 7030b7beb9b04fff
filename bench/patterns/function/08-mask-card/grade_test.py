import pytest

from solution import mask_card_number


def test_grouped_visa():
    assert mask_card_number("4111 1111 1111 1111") == "**** **** **** 1111"


def test_compact_and_hyphenated():
    assert mask_card_number("5555555555554444") == "************4444"
    assert mask_card_number("5555-5555-5555-4444") == "****-****-****-4444"


def test_amex_grouping_kept():
    assert mask_card_number("3782 822463 10005") == "**** ****** *0005"


def test_thirteen_and_nineteen_digits():
    assert mask_card_number("4222222222222") == "*********2222"
    assert mask_card_number("6011000990139424") == "************9424"
    nineteen = "4000000000000000006"
    assert mask_card_number(nineteen) == "*" * 15 + "0006"


def test_only_last_four_digits_visible():
    masked = mask_card_number("4012 8888 8888 1881")
    assert sum(ch.isdigit() for ch in masked) == 4
    assert masked.endswith("1881")


def test_invalid_numbers_raise_value_error():
    invalid = [
        "4111 1111 1111 1112",
        "411111111111",
        "41111111111111111111",
        "4111a11111111111",
        "",
        "4111.1111.1111.1111",
    ]
    for number in invalid:
        with pytest.raises(ValueError):
            mask_card_number(number)


def test_error_message_does_not_leak_number():
    with pytest.raises(ValueError) as info:
        mask_card_number("4111 1111 1111 1112")
    message = str(info.value)
    assert "4111 1111 1111 1112" not in message
    assert "4111111111111112" not in message


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        mask_card_number(4111111111111111)
