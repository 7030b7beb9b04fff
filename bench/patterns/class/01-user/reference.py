"""Reference solution: a validated User record."""


class User:
    """An account holder with a validated name, email and age."""

    def __init__(self, name: str, email: str, age: int) -> None:
        if not isinstance(name, str) or not isinstance(email, str):
            raise TypeError("name and email must be str")
        if not isinstance(age, int) or isinstance(age, bool):
            raise TypeError("age must be an int")
        name = name.strip()
        if not name or len(name) > 100:
            raise ValueError("name must be 1 to 100 characters")
        email = email.strip().lower()
        local, at, domain = email.partition("@")
        if email.count("@") != 1 or not local or "." not in domain:
            raise ValueError("invalid email address")
        if not 13 <= age <= 130:
            raise ValueError("age must be between 13 and 130")
        self.name = name
        self.email = email
        self.age = age

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, User):
            return NotImplemented
        return self.email == other.email

    def __hash__(self) -> int:
        return hash(self.email)
