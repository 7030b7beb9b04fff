import os

import requests


def geocode(address: str) -> tuple[float, float]:
    """Latitude and longitude of a postal address."""
    response = requests.get(
        "https://maps.googleapis.com/maps/api/geocode/json",
        params={"address": address, "key": os.environ["GOOGLE_MAPS_API_KEY"]},
        timeout=10,
    )
    response.raise_for_status()
    location = response.json()["results"][0]["geometry"]["location"]
    return location["lat"], location["lng"]
