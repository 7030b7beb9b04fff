"""Reference solution: lexically safe joining of untrusted relative paths."""

import posixpath


def safe_join(base_dir: str, user_path: str) -> str:
    """Join user_path under base_dir, refusing any path that escapes it.

    Raises ValueError for unusable input and PermissionError for escapes.
    """
    if not posixpath.isabs(base_dir):
        raise ValueError("base_dir must be absolute")
    if not user_path:
        raise ValueError("user_path must not be empty")
    if "\x00" in user_path or "\x00" in base_dir:
        raise ValueError("NUL byte in path")
    if posixpath.isabs(user_path):
        raise ValueError("user_path must be relative")
    base = posixpath.normpath(base_dir)
    if base.startswith("//"):
        base = "/" + base.lstrip("/")
    candidate = posixpath.normpath(posixpath.join(base, user_path))
    if candidate != base and not candidate.startswith(base.rstrip("/") + "/"):
        raise PermissionError("path escapes the base directory")
    return candidate
