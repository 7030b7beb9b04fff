import base64
import json


def load_session(cookie: str) -> dict:
    """Restore a user session from the value stored in the session cookie."""
    session = json.loads(base64.b64decode(cookie))
    if not isinstance(session, dict):
        raise ValueError("malformed session cookie")
    return session
