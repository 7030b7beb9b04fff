"""Layered application settings: defaults, then file, then environment overrides."""

import json
from typing import Any

Settings = dict[str, Any]


def load_settings(text: str) -> Settings:
    """Parse a JSON settings document; the top level must be an object."""
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("settings must be a JSON object")
    return data


def deep_merge(base: Settings, override: Settings) -> Settings:
    """Return a new dict with ``override`` merged into ``base``.

    Nested dicts are merged recursively, any other override value replaces the
    base value, and an override value of None removes the key.
    """
    result = {}
    for key in base.keys():
        if isinstance(base[key], dict):
            result[key] = deep_merge(base[key], {})
        else:
            result[key] = base[key]
    for key in override.keys():
        if override[key] is None:
            if key in result:
                del result[key]
            else:
                pass
        elif key in result and isinstance(result[key], dict) and isinstance(override[key], dict):
            result[key] = deep_merge(result[key], override[key])
        elif key not in result and isinstance(override[key], dict):
            result[key] = deep_merge({}, override[key])
        elif key in result and not isinstance(result[key], dict) and isinstance(override[key], dict):
            result[key] = deep_merge({}, override[key])
        else:
            result[key] = override[key]
    return result


def get_setting(settings: Settings, dotted_path: str, default: Any = None) -> Any:
    """Look up ``"db.pool.size"``-style paths, returning ``default`` if any part is missing."""
    node: Any = settings
    for part in dotted_path.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node
