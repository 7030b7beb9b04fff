from settings import deep_merge


def test_flat_override_and_addition():
    assert deep_merge({"a": 1, "b": 2}, {"b": 3, "c": 4}) == {"a": 1, "b": 3, "c": 4}


def test_nested_dicts_are_merged():
    base = {"db": {"host": "localhost", "port": 5432, "pool": {"min": 1, "max": 5}}}
    override = {"db": {"host": "db.internal", "pool": {"max": 20}}}
    assert deep_merge(base, override) == {
        "db": {"host": "db.internal", "port": 5432, "pool": {"min": 1, "max": 20}}
    }


def test_none_removes_keys_at_any_depth():
    base = {"a": 1, "b": {"c": 2, "d": 3}}
    assert deep_merge(base, {"a": None, "b": {"d": None}}) == {"b": {"c": 2}}


def test_none_for_missing_key_is_ignored():
    assert deep_merge({"a": 1}, {"zzz": None}) == {"a": 1}


def test_none_inside_new_nested_dict_is_dropped():
    assert deep_merge({}, {"cache": {"ttl": 60, "backend": None}}) == {"cache": {"ttl": 60}}


def test_none_values_in_base_are_kept():
    assert deep_merge({"a": None, "n": {"x": None}}, {}) == {"a": None, "n": {"x": None}}


def test_dict_replaces_scalar_and_scalar_replaces_dict():
    assert deep_merge({"log": "info"}, {"log": {"level": "debug"}}) == {"log": {"level": "debug"}}
    assert deep_merge({"log": {"level": "debug"}}, {"log": "off"}) == {"log": "off"}


def test_lists_are_replaced_not_merged():
    assert deep_merge({"hosts": ["a", "b"]}, {"hosts": ["c"]}) == {"hosts": ["c"]}


def test_inputs_are_not_modified_and_nested_dicts_are_copied():
    base = {"db": {"port": 1}}
    override = {"db": {"host": "h"}, "extra": {"k": 1}}
    merged = deep_merge(base, override)
    merged["db"]["port"] = 99
    merged["extra"]["k"] = 99
    assert base == {"db": {"port": 1}}
    assert override == {"db": {"host": "h"}, "extra": {"k": 1}}


def test_base_only_nested_dict_is_a_copy():
    base = {"a": {"b": {"c": 1}}}
    merged = deep_merge(base, {})
    assert merged == base
    assert merged["a"] is not base["a"]
    assert merged["a"]["b"] is not base["a"]["b"]


def test_key_order_base_first_then_new_keys():
    merged = deep_merge({"b": 1, "a": 2}, {"c": 3, "a": 4})
    assert list(merged) == ["b", "a", "c"]


def test_falsy_values_override():
    assert deep_merge({"a": 1, "b": "x", "c": True}, {"a": 0, "b": "", "c": False}) == {"a": 0, "b": "", "c": False}
