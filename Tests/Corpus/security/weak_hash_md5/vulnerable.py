import hashlib


def hash_password(password: str, salt: str) -> str:
    """Hash a password before it is stored in the users table."""
    digest = hashlib.md5((salt + password).encode("utf-8"))
    return digest.hexdigest()
