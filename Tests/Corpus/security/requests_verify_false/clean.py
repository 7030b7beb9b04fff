import os

import requests


def fetch_inventory(base_url: str) -> list:
    """Download the inventory from the internal API (it uses a self-signed certificate)."""
    ca_bundle = os.environ.get("INTERNAL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    response = requests.get(f"{base_url}/inventory", timeout=10, verify=ca_bundle)
    response.raise_for_status()
    return response.json()
