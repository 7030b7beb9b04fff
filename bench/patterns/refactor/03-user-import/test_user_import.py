from user_import import active_emails


def test_only_active_users():
    users = [
        {"name": "Ann", "email": "ann@example.com", "active": True},
        {"name": "Bob", "email": "bob@example.com", "active": False},
    ]
    assert active_emails(users) == ["ann@example.com"]


def test_emails_are_normalised():
    assert active_emails([{"email": "  Ann@Example.COM ", "active": True}]) == ["ann@example.com"]


def test_missing_email_skipped():
    users = [{"name": "Cy", "email": None, "active": True}, {"name": "Di", "active": True}]
    assert active_emails(users) == []


def test_domain_filter():
    users = [
        {"email": "a@corp.io", "active": True},
        {"email": "b@gmail.com", "active": True},
    ]
    assert active_emails(users, domain="corp.io") == ["a@corp.io"]
