"""Password rules for customer and staff accounts."""

import string
from collections.abc import Iterable


class WeakPasswordError(ValueError):
    """Raised when a password breaks the policy; ``reasons`` lists every rule broken."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class PasswordPolicy:
    """Policy class."""

    def __init__(
        self,
        min_length: int = 12,
        require_digit: bool = True,
        require_symbol: bool = False,
        forbidden: Iterable[str] = (),
    ) -> None:
        if min_length < 8:
            raise ValueError("min_length below 8 is not allowed")
        self.min_length = min_length
        self.require_digit = require_digit
        self.require_symbol = require_symbol
        self.forbidden = {word.lower() for word in forbidden}

    def violations(self, password: str, username: str | None = None) -> list[str]:
        problems = []
        if len(password) < self.min_length:
            problems.append(f"must be at least {self.min_length} characters")
        if self.require_digit and not any(ch.isdigit() for ch in password):
            problems.append("must contain a digit")
        if self.require_symbol and not any(ch in string.punctuation for ch in password):
            problems.append("must contain a symbol")
        lowered = password.lower()
        if any(word in lowered for word in self.forbidden):
            problems.append("contains a forbidden word")
        if username and username.lower() in lowered:
            problems.append("must not contain the username")
        return problems

    def check(self, password: str, username: str | None = None) -> None:
        problems = self.violations(password, username)
        if problems:
            raise WeakPasswordError(problems)

    @classmethod
    def for_staff(cls) -> "PasswordPolicy":
        return cls(min_length=16, require_symbol=True, forbidden=("password", "admin", "letmein"))
