import requests

STRIPE_KEY = "sk_live_DTMHSgg1okd41Pp33xE3weXvyRHN7pVq"


def test_create_customer():
    """Integration test: creating a customer through the Stripe API succeeds."""
    response = requests.post(
        "https://api.stripe.com/v1/customers",
        auth=(STRIPE_KEY, ""),
        data={"email": "jane.doe@example.com"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.json()["email"] == "jane.doe@example.com"
