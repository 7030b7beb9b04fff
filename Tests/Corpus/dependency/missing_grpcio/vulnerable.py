import grpc


def wait_for_service(target: str, timeout: float = 5.0) -> bool:
    """True when the gRPC server at `target` ("host:port") accepts connections."""
    channel = grpc.insecure_channel(target)
    try:
        grpc.channel_ready_future(channel).result(timeout=timeout)
    except grpc.FutureTimeoutError:
        return False
    finally:
        channel.close()
    return True
