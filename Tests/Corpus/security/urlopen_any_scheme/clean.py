from urllib.parse import urlsplit

import requests


def fetch_json(url: str) -> dict:
    """Download and parse a JSON document."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise ValueError(f"refusing to fetch {url!r}: only http and https are allowed")
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    return response.json()
