import sqlite3


def find_user(conn: sqlite3.Connection, username: str) -> tuple | None:
    """Return the id and e-mail of a user, or None when there is no such user."""
    query = "SELECT id, email FROM users WHERE username = '%s'" % username
    return conn.execute(query).fetchone()
