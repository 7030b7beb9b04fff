import os

import requests

STRIPE_KEY = os.environ["STRIPE_SECRET_KEY"]


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
