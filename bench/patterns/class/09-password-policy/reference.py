"""Reference solution: password strength rules and PBKDF2 hashing."""

import hashlib
import hmac
import secrets

_ALGORITHM = "pbkdf2_sha256"


class PasswordPolicy:
    """Checks password strength and produces/verifies salted PBKDF2 hashes."""

    def __init__(self, min_length: int = 12, iterations: int = 200_000) -> None:
        if min_length < 1 or iterations < 1:
            raise ValueError("min_length and iterations must be positive")
        self.min_length = min_length
        self.iterations = iterations

    def violations(self, password: str) -> list[str]:
        """Return the names of the rules that password breaks, in a fixed order."""
        problems = []
        if len(password) < self.min_length:
            problems.append("too_short")
        if not any(ch.isupper() for ch in password):
            problems.append("no_upper")
        if not any(ch.islower() for ch in password):
            problems.append("no_lower")
        if not any(ch.isdigit() for ch in password):
            problems.append("no_digit")
        if not any(not ch.isalnum() and not ch.isspace() for ch in password):
            problems.append("no_symbol")
        return problems

    @staticmethod
    def _digest(password: str, salt: bytes, iterations: int) -> bytes:
        return hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)

    def hash(self, password: str) -> str:
        """Return an encoded PBKDF2-SHA256 hash of a policy-compliant password."""
        if self.violations(password):
            raise ValueError("password does not satisfy the policy")
        salt = secrets.token_bytes(16)
        digest = self._digest(password, salt, self.iterations)
        return f"{_ALGORITHM}${self.iterations}${salt.hex()}${digest.hex()}"

    def verify(self, password: str, stored: str) -> bool:
        """Return True if password matches the encoded hash stored."""
        parts = stored.split("$")
        if len(parts) != 4 or parts[0] != _ALGORITHM:
            raise ValueError("malformed password hash")
        _, iterations_text, salt_hex, digest_hex = parts
        if not iterations_text.isdigit() or int(iterations_text) < 1:
            raise ValueError("malformed iteration count")
        try:
            salt = bytes.fromhex(salt_hex)
            expected = bytes.fromhex(digest_hex)
        except ValueError:
            raise ValueError("malformed hex field") from None
        if not salt or not expected:
            raise ValueError("empty salt or digest")
        actual = self._digest(password, salt, int(iterations_text))
        return hmac.compare_digest(actual, expected)
