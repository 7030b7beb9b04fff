import os

import requests

CONFIG = {"base_url": "https://api.mailer.example/v2", "api_key": os.environ["MAILER_API_KEY"]}


def send_email(to: str, subject: str, body: str) -> None:
    """Send a transactional e-mail through the mailer API."""
    response = requests.post(
        f"{CONFIG['base_url']}/messages",
        headers={"X-Api-Key": CONFIG["api_key"]},
        json={"to": to, "subject": subject, "text": body},
        timeout=10,
    )
    response.raise_for_status()
