import pytest

from solution import compare_versions


def test_core_numeric_ordering():
    assert compare_versions("1.0.0", "2.0.0") == -1
    assert compare_versions("2.1.0", "2.0.9") == 1
    assert compare_versions("1.10.0", "1.9.0") == 1
    assert compare_versions("1.2.3", "1.2.3") == 0


def test_prerelease_below_release():
    assert compare_versions("1.0.0-alpha", "1.0.0") == -1
    assert compare_versions("1.0.0", "1.0.0-rc.1") == 1
    assert compare_versions("1.0.0-rc.1", "0.9.9") == 1


def test_spec_precedence_chain():
    chain = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
    ]
    for lower, higher in zip(chain, chain[1:]):
        assert compare_versions(lower, higher) == -1, (lower, higher)
        assert compare_versions(higher, lower) == 1, (higher, lower)


def test_alphanumeric_identifiers_use_ascii_order():
    assert compare_versions("1.0.0-Beta", "1.0.0-alpha") == -1
    assert compare_versions("1.0.0-alpha-2", "1.0.0-alpha-10") == 1


def test_build_metadata_ignored():
    assert compare_versions("1.0.0+build.1", "1.0.0+build.2") == 0
    assert compare_versions("1.0.0-rc.1+sha.abc", "1.0.0-rc.1") == 0
    assert compare_versions("1.0.0+zzz", "1.0.1") == -1


def test_leading_v_accepted():
    assert compare_versions("v1.2.3", "1.2.3") == 0
    assert compare_versions("v2.0.0", "v10.0.0") == -1


def test_invalid_versions_raise():
    invalid = [
        "",
        "1.2",
        "1.2.3.4",
        "01.2.3",
        "1.02.3",
        "1.2.3-01",
        "1.2.3-",
        "1.2.3-alpha..1",
        "1.2.3+",
        "a.b.c",
    ]
    for bad in invalid:
        with pytest.raises(ValueError):
            compare_versions(bad, "1.0.0")
        with pytest.raises(ValueError):
            compare_versions("1.0.0", bad)
