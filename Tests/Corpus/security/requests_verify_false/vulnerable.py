import requests


def fetch_inventory(base_url: str) -> list:
    """Download the inventory from the internal API (it uses a self-signed certificate)."""
    response = requests.get(f"{base_url}/inventory", timeout=10, verify=False)
    response.raise_for_status()
    return response.json()
