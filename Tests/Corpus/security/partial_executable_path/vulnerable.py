import subprocess


def current_commit() -> str:
    """Return the hash of the checked-out git commit."""
    output = subprocess.check_output(["git", "rev-parse", "HEAD"], text=True)
    return output.strip()
