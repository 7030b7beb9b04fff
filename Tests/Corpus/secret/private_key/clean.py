import os
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def sign(message: bytes) -> bytes:
    """Sign a message with the service's RSA key."""
    pem = Path(os.environ["SIGNING_KEY_PATH"]).read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    return key.sign(message, padding.PKCS1v15(), hashes.SHA256())
