import yaml


def read_config(path: str) -> dict:
    """Load the application settings from a YAML file."""
    with open(path, encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    return config or {}
