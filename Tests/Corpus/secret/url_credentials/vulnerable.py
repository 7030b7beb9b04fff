from urllib.parse import urlsplit

DATABASE_URL = "postgresql://reporting:Wint3r-Sky-88@db.internal:5432/analytics"


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
