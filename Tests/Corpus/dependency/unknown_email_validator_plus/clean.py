import re

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def normalise_signup(email: str) -> str:
    """Validate the address given on the sign-up form and return its normalised form."""
    email = email.strip()
    if not _EMAIL.match(email):
        raise ValueError(f"not an e-mail address: {email!r}")
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"
