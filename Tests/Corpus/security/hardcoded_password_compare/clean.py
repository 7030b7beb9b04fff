import hashlib
import hmac
import os


def is_admin(username: str, password: str) -> bool:
    """Check the credentials of the built-in administrator account."""
    if username != "admin":
        return False
    expected = os.environ["ADMIN_PASSWORD_SHA256"]
    actual = hashlib.sha256(password.encode("utf-8")).hexdigest()
    return hmac.compare_digest(actual, expected)
