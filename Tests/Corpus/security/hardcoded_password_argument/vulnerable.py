from dataclasses import dataclass


@dataclass
class ApiClient:
    base_url: str
    token: str


def default_client() -> ApiClient:
    """The client used by the nightly synchronisation job."""
    return ApiClient(base_url="https://api.internal.example", token="dev-7f3a91c2")
