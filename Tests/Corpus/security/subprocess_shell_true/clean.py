import shutil
import subprocess
from pathlib import Path


def compress_logs(directory: str) -> int:
    """Compress every .log file in a directory with gzip."""
    gzip = shutil.which("gzip")
    if gzip is None:
        raise RuntimeError("gzip is not installed")
    files = [str(path) for path in sorted(Path(directory).glob("*.log"))]
    if not files:
        return 0
    result = subprocess.run([gzip, "-9", "--", *files], check=False)
    return result.returncode
