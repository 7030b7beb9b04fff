import hashlib
import hmac

WEBHOOK_SIGNING_KEY = "Y9QUpISqEPwMcLQ98dL4aKMo6pe0z66H"


def verify_webhook(body: bytes, signature: str) -> bool:
    """Check the HMAC-SHA256 signature sent with a webhook call."""
    expected = hmac.new(WEBHOOK_SIGNING_KEY.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
