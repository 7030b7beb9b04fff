import requests

REPORTING_HEADERS = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtcmVwb3J0aW5nIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzE4MDAwMDAwfQ.gVvd5EkCDjxIktzxRyJ0TJrRQc7_PkY59z8AzybS6Eg"}


def monthly_report(month: str) -> bytes:
    """Download the monthly sales report as a PDF."""
    response = requests.get(
        f"https://reports.internal.example/api/sales/{month}.pdf",
        headers=REPORTING_HEADERS,
        timeout=30,
    )
    response.raise_for_status()
    return response.content
