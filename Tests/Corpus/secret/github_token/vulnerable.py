import requests

HEADERS = {
    "Authorization": "token ghp_oNzx7DUabD4TikpUtLZz258u02AbTtMOKgNn",
    "Accept": "application/vnd.github+json",
}


def open_issues(repo: str) -> list[dict]:
    """List the open issues of a GitHub repository ("owner/name")."""
    url = f"https://api.github.com/repos/{repo}/issues"
    response = requests.get(url, headers=HEADERS, params={"state": "open"}, timeout=10)
    response.raise_for_status()
    return response.json()
