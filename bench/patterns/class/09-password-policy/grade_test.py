import hashlib

import pytest

from solution import PasswordPolicy

GOOD = "Correct-Horse-7-Battery"


def test_violations_for_good_password():
    assert PasswordPolicy().violations(GOOD) == []


def test_violations_order_and_content():
    assert PasswordPolicy().violations("short") == ["too_short", "no_upper", "no_digit", "no_symbol"]
    assert PasswordPolicy().violations("ALLUPPERCASE123!") == ["no_lower"]
    assert PasswordPolicy().violations("") == ["too_short", "no_upper", "no_lower", "no_digit", "no_symbol"]


def test_whitespace_is_not_a_symbol():
    assert PasswordPolicy().violations("Abcdefghij1 k") == ["no_symbol"]


def test_min_length_boundary():
    policy = PasswordPolicy(min_length=8)
    assert policy.violations("Abcde1!x") == []
    assert policy.violations("Abcd1!x") == ["too_short"]


def test_hash_format_and_digest():
    policy = PasswordPolicy(iterations=1000)
    stored = policy.hash(GOOD)
    algorithm, iterations, salt_hex, digest_hex = stored.split("$")
    assert algorithm == "pbkdf2_sha256"
    assert int(iterations) == 1000
    salt = bytes.fromhex(salt_hex)
    assert len(salt) == 16
    assert bytes.fromhex(digest_hex) == hashlib.pbkdf2_hmac("sha256", GOOD.encode("utf-8"), salt, 1000)


def test_salt_is_fresh_each_time():
    policy = PasswordPolicy(iterations=1000)
    assert policy.hash(GOOD) != policy.hash(GOOD)


def test_verify_round_trip():
    policy = PasswordPolicy(iterations=1000)
    stored = policy.hash(GOOD)
    assert policy.verify(GOOD, stored) is True
    assert policy.verify(GOOD + "x", stored) is False
    assert policy.verify("wrong", stored) is False


def test_verify_uses_stored_iterations():
    stored = PasswordPolicy(iterations=1000).hash(GOOD)
    assert PasswordPolicy(iterations=5000).verify(GOOD, stored) is True


def test_verify_unicode_password():
    policy = PasswordPolicy(iterations=1000)
    password = "Pässwörd-Ünïcode-9"
    stored = policy.hash(password)
    salt = bytes.fromhex(stored.split("$")[2])
    assert stored.split("$")[3] == hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, 1000).hex()
    assert policy.verify(password, stored) is True


def test_hash_rejects_weak_password():
    with pytest.raises(ValueError):
        PasswordPolicy(iterations=1000).hash("password")


def test_verify_rejects_malformed_hash():
    policy = PasswordPolicy(iterations=1000)
    malformed = (
        "not-a-hash",
        "pbkdf2_sha256$abc$00ff$00ff",
        "pbkdf2_sha256$1000$zz$00ff",
        "pbkdf2_sha256$1000$00ff",
    )
    for stored in malformed:
        with pytest.raises(ValueError):
            policy.verify(GOOD, stored)
