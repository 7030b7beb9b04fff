import yaml


def read_config(path: str) -> dict:
    """Load the application settings from a YAML file."""
    with open(path, encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=yaml.Loader)
    return config or {}
