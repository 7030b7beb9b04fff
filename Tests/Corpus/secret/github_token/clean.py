import os

import requests

HEADERS = {
    "Authorization": f"token {os.environ['GITHUB_TOKEN']}",
    "Accept": "application/vnd.github+json",
}


def open_issues(repo: str) -> list[dict]:
    """List the open issues of a GitHub repository ("owner/name")."""
    url = f"https://api.github.com/repos/{repo}/issues"
    response = requests.get(url, headers=HEADERS, params={"state": "open"}, timeout=10)
    response.raise_for_status()
    return response.json()
