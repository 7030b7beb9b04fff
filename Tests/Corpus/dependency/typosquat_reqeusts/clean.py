import requests


def download(url: str, path: str) -> None:
    """Save the body of a URL to a file."""
    response = requests.get(url, timeout=30)
    response.raise_for_status()
    with open(path, "wb") as handle:
        handle.write(response.content)
