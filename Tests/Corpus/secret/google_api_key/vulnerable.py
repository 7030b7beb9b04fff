import requests


def geocode(address: str) -> tuple[float, float]:
    """Latitude and longitude of a postal address."""
    response = requests.get(
        "https://maps.googleapis.com/maps/api/geocode/json",
        params={"address": address, "key": "AIzaB64_edKBQHpYwhndzODVtBSNUrj9LBy9uoC"},
        timeout=10,
    )
    response.raise_for_status()
    location = response.json()["results"][0]["geometry"]["location"]
    return location["lat"], location["lng"]
