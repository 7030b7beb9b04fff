"""Customer notification texts for the order pipeline."""

from dataclasses import dataclass

MAX_SMS_LENGTH = 160


@dataclass
class Notification:
    recipient: str
    channel: str
    body: str


def render_message(event: dict[str, str]) -> str:
    """Return the customer-facing text for an order-pipeline event."""
    kind = event.get("type")
    if kind == "order_placed":
        return "Thanks! We received order " + event["order_id"] + "."
    elif kind == "order_shipped":
        return "Order " + event["order_id"] + " has shipped with " + event["carrier"] + "."
    elif kind == "order_delivered":
        return "Order " + event["order_id"] + " was delivered. Enjoy!"
    elif kind == "payment_failed":
        return "Payment for order " + event["order_id"] + " failed: " + event["reason"] + "."
    elif kind == "refund_issued":
        return "We refunded " + event["amount"] + " for order " + event["order_id"] + "."
    elif kind == "password_reset":
        return "Your password reset code is " + event["code"] + "."
    else:
        raise ValueError(f"unknown event type: {kind!r}")


def build_notification(event: dict[str, str], channel: str = "email") -> Notification:
    """Wrap the rendered text for delivery; SMS bodies are cut to 160 characters."""
    body = render_message(event)
    if channel == "sms":
        body = body[:MAX_SMS_LENGTH]
    return Notification(recipient=event.get("recipient", ""), channel=channel, body=body)
