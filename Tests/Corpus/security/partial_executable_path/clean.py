import shutil
import subprocess


def current_commit() -> str:
    """Return the hash of the checked-out git commit."""
    git = shutil.which("git")
    if git is None:
        raise RuntimeError("git is not installed")
    output = subprocess.check_output([git, "rev-parse", "HEAD"], text=True)
    return output.strip()
