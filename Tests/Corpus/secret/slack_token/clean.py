import os

import requests

SLACK_HEADERS = {"Authorization": f"Bearer {os.environ['SLACK_BOT_TOKEN']}"}


def notify(channel: str, text: str) -> None:
    """Post a message to a Slack channel."""
    response = requests.post(
        "https://slack.com/api/chat.postMessage",
        headers=SLACK_HEADERS,
        json={"channel": channel, "text": text},
        timeout=10,
    )
    response.raise_for_status()
