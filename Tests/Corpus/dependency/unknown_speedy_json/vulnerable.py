from speedy_json import dumps


def encode_event(event: dict) -> bytes:
    """Serialise an analytics event for the message queue."""
    return dumps(event, sort_keys=True).encode("utf-8")
