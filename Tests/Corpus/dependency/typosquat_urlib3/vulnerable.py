import urlib3

http = urlib3.PoolManager(retries=urlib3.Retry(total=3, backoff_factor=0.5))


def fetch_status(url: str) -> int:
    """HTTP status code of a GET request, with retries."""
    response = http.request("GET", url, timeout=10.0)
    return response.status
