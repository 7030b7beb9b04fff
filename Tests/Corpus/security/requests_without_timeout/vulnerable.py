import requests


def get_weather(city: str) -> dict:
    """Fetch the current weather for a city from the weather API."""
    response = requests.get("https://api.weather.example/v1/current", params={"q": city})
    response.raise_for_status()
    return response.json()
