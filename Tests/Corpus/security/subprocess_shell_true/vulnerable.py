import subprocess


def compress_logs(directory: str) -> int:
    """Compress every .log file in a directory with gzip."""
    command = f"gzip -9 {directory}/*.log"
    result = subprocess.run(command, shell=True, check=False)
    return result.returncode
