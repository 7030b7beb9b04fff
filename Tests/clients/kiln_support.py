"""What the protocol-client tests share: the model server's busy slots and a process's children."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path


def busy_slots(port: int) -> int:
    """Slots of Kiln's llama.cpp server decoding right now."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/slots", timeout=10) as response:
        return sum(1 for slot in json.load(response) if slot.get("is_processing"))


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a sandboxed check or tool Kiln started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found
