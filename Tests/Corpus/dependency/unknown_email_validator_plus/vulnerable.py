from email_validator_plus import validate_email


def normalise_signup(email: str) -> str:
    """Validate the address given on the sign-up form and return its normalised form."""
    result = validate_email(email, check_deliverability=False)
    return result.normalized
