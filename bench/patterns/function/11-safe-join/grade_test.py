import pytest

from solution import safe_join


def test_simple_join():
    assert safe_join("/srv/uploads", "report.pdf") == "/srv/uploads/report.pdf"


def test_normalisation():
    assert safe_join("/srv/uploads", "a/./b//c.txt") == "/srv/uploads/a/b/c.txt"
    assert safe_join("/srv/uploads/", "a/../b.txt") == "/srv/uploads/b.txt"


def test_resolving_to_base_itself_is_allowed():
    assert safe_join("/srv/uploads", ".") == "/srv/uploads"
    assert safe_join("/srv/uploads", "a/..") == "/srv/uploads"


def test_dotdot_inside_name_is_fine():
    assert safe_join("/srv/uploads", "v1..2/notes..txt") == "/srv/uploads/v1..2/notes..txt"


def test_traversal_raises_permission_error():
    for user_path in ["..", "../etc/passwd", "a/../../etc/passwd", "a/b/../../../x"]:
        with pytest.raises(PermissionError):
            safe_join("/srv/uploads", user_path)


def test_sibling_prefix_directory_is_outside():
    with pytest.raises(PermissionError):
        safe_join("/srv/uploads", "../uploads-private/key.pem")
    with pytest.raises(PermissionError):
        safe_join("/srv/uploads", "../uploads2")


def test_bad_user_path_raises_value_error():
    for user_path in ["", "/etc/passwd", "a\x00b.txt"]:
        with pytest.raises(ValueError):
            safe_join("/srv/uploads", user_path)


def test_relative_base_raises_value_error():
    with pytest.raises(ValueError):
        safe_join("srv/uploads", "a.txt")
