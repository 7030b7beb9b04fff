from user_import import active_emails


def test_preserves_input_order_and_duplicates():
    users = [
        {"email": "z@x.org", "active": True},
        {"email": "a@x.org", "active": True},
        {"email": "Z@X.org", "active": True},
    ]
    assert active_emails(users) == ["z@x.org", "a@x.org", "z@x.org"]


def test_empty_input():
    assert active_emails([]) == []
    assert active_emails([], domain="x.org") == []


def test_missing_active_key_means_inactive():
    assert active_emails([{"email": "a@x.org"}]) == []


def test_truthy_active_values_count():
    users = [{"email": "a@x.org", "active": 1}, {"email": "b@x.org", "active": 0}]
    assert active_emails(users) == ["a@x.org"]


def test_blank_email_skipped():
    assert active_emails([{"email": "   ", "active": True}, {"email": "", "active": True}]) == []


def test_domain_filter_is_case_insensitive():
    users = [{"email": "Ops@Corp.IO", "active": True}]
    assert active_emails(users, domain="CORP.io") == ["ops@corp.io"]


def test_domain_must_match_whole_domain():
    users = [
        {"email": "a@notcorp.io", "active": True},
        {"email": "b@corp.io.evil.com", "active": True},
        {"email": "c@corp.io", "active": True},
    ]
    assert active_emails(users, domain="corp.io") == ["c@corp.io"]


def test_inactive_users_excluded_even_with_domain_match():
    users = [{"email": "a@corp.io", "active": False}, {"email": "b@corp.io", "active": True}]
    assert active_emails(users, domain="corp.io") == ["b@corp.io"]


def test_non_string_email_is_converted():
    class Address:
        def __str__(self) -> str:
            return " Mixed@Case.net"

    assert active_emails([{"email": Address(), "active": True}]) == ["mixed@case.net"]


def test_input_not_modified():
    users = [{"email": " A@B.com ", "active": True}]
    active_emails(users)
    assert users == [{"email": " A@B.com ", "active": True}]
