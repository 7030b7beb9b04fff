import hashlib


def hash_password(password: str, salt: str) -> str:
    """Hash a password before it is stored in the users table."""
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"), 600_000)
    return digest.hex()
