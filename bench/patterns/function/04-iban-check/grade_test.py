import pytest

from solution import is_valid_iban


def test_valid_grouped_iban():
    assert is_valid_iban("GB82 WEST 1234 5698 7654 32") is True


def test_valid_compact_lowercase_iban():
    assert is_valid_iban("de89370400440532013000") is True


def test_valid_shortest_country_format():
    # Norway: 15 characters
    assert is_valid_iban("NO9386011117947") is True


def test_wrong_checksum():
    assert is_valid_iban("GB82WEST12345698765433") is False
    assert is_valid_iban("GB83WEST12345698765432") is False


def test_malformed_returns_false():
    malformed = [
        "",
        "   ",
        "GB82-WEST-1234-5698-7654-32",
        "1282WEST12345698765432",
        "GBX2WEST12345698765432",
        "NO938601111794",
        "GB82WEST1234569876543" + "0" * 14,
        "GB82WEST12345698765432!",
        "GB82WÉST12345698765432",
    ]
    for value in malformed:
        assert is_valid_iban(value) is False, value


def test_non_str_raises_type_error():
    with pytest.raises(TypeError):
        is_valid_iban(1234567890)
    with pytest.raises(TypeError):
        is_valid_iban(None)
