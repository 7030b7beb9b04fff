import os

import requests

REPORTING_HEADERS = {"Authorization": f"Bearer {os.environ['REPORTING_JWT']}"}


def monthly_report(month: str) -> bytes:
    """Download the monthly sales report as a PDF."""
    response = requests.get(
        f"https://reports.internal.example/api/sales/{month}.pdf",
        headers=REPORTING_HEADERS,
        timeout=30,
    )
    response.raise_for_status()
    return response.content
