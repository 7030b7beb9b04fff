import socket


def start_listener(port: int = 9000) -> socket.socket:
    """Open the TCP listener of the metrics collector."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("0.0.0.0", port))
    server.listen(16)
    return server
