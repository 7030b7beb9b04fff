import hashlib
import os

import requests

MIRROR_TOKEN = os.environ["MIRROR_TOKEN"]
ARCHIVE_SHA256 = "ac3eb6ecb3f90056f6082f6ad7e00721e72bcb512a6c0e70342a6ef27d4bd026"


def download_release(url: str, path: str) -> None:
    """Download the release archive from the private mirror and verify its checksum."""
    response = requests.get(url, headers={"X-Mirror-Token": MIRROR_TOKEN}, timeout=60)
    response.raise_for_status()
    if hashlib.sha256(response.content).hexdigest() != ARCHIVE_SHA256:
        raise ValueError("checksum mismatch: the archive was corrupted or tampered with")
    with open(path, "wb") as handle:
        handle.write(response.content)
