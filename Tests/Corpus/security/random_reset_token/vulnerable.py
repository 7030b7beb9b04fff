import random
import string


def make_reset_token(length: int = 32) -> str:
    """Generate the token sent in a password-reset e-mail."""
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))
