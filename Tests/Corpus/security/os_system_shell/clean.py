import shutil
import subprocess
from pathlib import Path


def backup_database(name: str, target_dir: str) -> int:
    """Dump a PostgreSQL database into target_dir with pg_dump."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise RuntimeError("pg_dump is not installed")
    target = Path(target_dir) / f"{name}.sql"
    result = subprocess.run([pg_dump, "--file", str(target), "--", name], check=False)
    return result.returncode
