import os
from urllib.parse import urlsplit

DATABASE_URL = os.environ["DATABASE_URL"]


def connection_settings() -> dict:
    """Split the database URL into the keyword arguments of psycopg.connect."""
    parts = urlsplit(DATABASE_URL)
    return {
        "host": parts.hostname,
        "port": parts.port,
        "user": parts.username,
        "password": parts.password,
        "dbname": parts.path.lstrip("/"),
    }
