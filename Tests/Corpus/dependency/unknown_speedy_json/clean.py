try:
    import ujson as json_impl
except ImportError:
    import json as json_impl


def encode_event(event: dict) -> bytes:
    """Serialise an analytics event for the message queue."""
    return json_impl.dumps(event, sort_keys=True).encode("utf-8")
