"""Helpers for importing user accounts from the legacy CRM export."""

import csv
import io

UserRecord = dict[str, object]


def parse_users_csv(text: str) -> list[UserRecord]:
    """Parse the CRM export; the ``active`` column holds ``"1"`` or ``"0"``."""
    users: list[UserRecord] = []
    for row in csv.DictReader(io.StringIO(text)):
        users.append({
            "name": row.get("name", "").strip(),
            "email": row.get("email") or None,
            "active": row.get("active", "0").strip() == "1",
        })
    return users


def active_emails(users: list[UserRecord], domain: str | None = None) -> list[str]:
    """Return the normalised e-mail addresses of active users, in input order."""
    emails = []
    for user in users:
        if user.get("active"):
            email = user.get("email")
            if email is not None:
                email = str(email).strip().lower()
                if email != "":
                    if domain is None:
                        emails.append(email)
                    else:
                        if email.endswith("@" + domain.lower()):
                            emails.append(email)
    return emails


def dedupe(values: list[str]) -> list[str]:
    """Drop repeated values, keeping the first occurrence of each."""
    return list(dict.fromkeys(values))
