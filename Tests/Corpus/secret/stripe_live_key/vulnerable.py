import requests

STRIPE_KEY = "sk_live_YbuWgrqzywlYNolwliQP3dai7MLpcZZq"


def refund(charge_id: str) -> dict:
    """Refund a Stripe charge in full."""
    response = requests.post(
        "https://api.stripe.com/v1/refunds",
        auth=(STRIPE_KEY, ""),
        data={"charge": charge_id},
        timeout=10,
    )
    response.raise_for_status()
    return response.json()
