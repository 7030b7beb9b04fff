import os


def backup_database(name: str, target_dir: str) -> int:
    """Dump a PostgreSQL database into target_dir with pg_dump."""
    return os.system(f"pg_dump {name} > {target_dir}/{name}.sql")
