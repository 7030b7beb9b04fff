def is_admin(username: str, password: str) -> bool:
    """Check the credentials of the built-in administrator account."""
    if username != "admin":
        return False
    return password == "Adm1n!2024"
