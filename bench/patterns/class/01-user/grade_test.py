import pytest

from solution import User


def test_attributes_are_normalised():
    user = User("  Ada Lovelace ", "  Ada@Example.COM ", 36)
    assert user.name == "Ada Lovelace"
    assert user.email == "ada@example.com"
    assert user.age == 36


def test_str():
    assert str(User("Grace Hopper", "grace@navy.mil", 85)) == "Grace Hopper <grace@navy.mil>"


def test_equality_by_email():
    assert User("A", "same@example.org", 20) == User("B", "SAME@example.org ", 40)
    assert User("A", "one@example.org", 20) != User("A", "two@example.org", 20)


def test_age_boundaries():
    assert User("Teen", "t@example.com", 13).age == 13
    assert User("Elder", "e@example.com", 130).age == 130
    for age in (12, 131, -1):
        with pytest.raises(ValueError):
            User("X", "x@example.com", age)


def test_name_validation():
    assert len(User("n" * 100, "n@example.com", 30).name) == 100
    for name in ("", "   ", "n" * 101):
        with pytest.raises(ValueError):
            User(name, "n@example.com", 30)


def test_email_validation():
    for email in ("", "no-at-sign.com", "a@@example.com", "a@b@example.com", "@example.com", "a@localhost", "a@"):
        with pytest.raises(ValueError):
            User("X", email, 30)


def test_type_errors():
    with pytest.raises(TypeError):
        User(None, "x@example.com", 30)
    with pytest.raises(TypeError):
        User("X", b"x@example.com", 30)
    with pytest.raises(TypeError):
        User("X", "x@example.com", "30")
    with pytest.raises(TypeError):
        User("X", "x@example.com", 30.0)
    with pytest.raises(TypeError):
        User("X", "x@example.com", True)
