import socket


def wait_for_service(target: str, timeout: float = 5.0) -> bool:
    """True when the gRPC server at `target` ("host:port") accepts connections."""
    host, _, port = target.rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return True
    except OSError:
        return False
