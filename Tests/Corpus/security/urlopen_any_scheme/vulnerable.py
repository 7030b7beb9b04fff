import json
import urllib.request


def fetch_json(url: str) -> dict:
    """Download and parse a JSON document."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)
