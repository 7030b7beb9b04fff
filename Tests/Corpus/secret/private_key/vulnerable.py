from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

SIGNING_KEY_PEM = b"""-----BEGIN RSA PRIVATE KEY-----
vwT49PAKgPj8cJXWo6+TtF26kzaTLzFEpIzhgBVycifGEJZxWDOm7W15xOVrOpth
L60WoppMkH+oYGw50Kpd2gY+GT4QHhJmhne1jFlZqIrerfGvivIjlT5vbkyaDUim
RvlhipPnGjVCK0Z/4yNLW4YjOqj6Wh61wG2r17FNwK6ttIZRxdWuhSpAKddtYudK
zjevZUnrIMGcJgym2lw7k9rv75LmGaqRFzAWIs0D893OQEMtKytW6osCqLiaouJp
-----END RSA PRIVATE KEY-----"""


def sign(message: bytes) -> bytes:
    """Sign a message with the service's RSA key."""
    key = serialization.load_pem_private_key(SIGNING_KEY_PEM, password=None)
    return key.sign(message, padding.PKCS1v15(), hashes.SHA256())
