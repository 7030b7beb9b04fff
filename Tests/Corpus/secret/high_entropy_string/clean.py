import hashlib
import hmac
import os

WEBHOOK_SIGNING_KEY = os.environ["WEBHOOK_SIGNING_KEY"]


def verify_webhook(body: bytes, signature: str) -> bool:
    """Check the HMAC-SHA256 signature sent with a webhook call."""
    expected = hmac.new(WEBHOOK_SIGNING_KEY.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
