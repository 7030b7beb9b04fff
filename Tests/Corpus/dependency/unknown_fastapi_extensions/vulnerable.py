from fastapi_extensions import rate_limiter

CATALOGUE = ["red kettle", "blue kettle", "teapot", "coffee grinder"]


@rate_limiter(calls=10, period=60)
def search(query: str) -> list[str]:
    """Search the catalogue; at most 10 calls a minute."""
    return [item for item in CATALOGUE if query.lower() in item.lower()]
