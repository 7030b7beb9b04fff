#!/usr/bin/env python3
"""Builds Kiln's module -> project table from the published wheels of the well-known projects.

An import names a module (`markdown_it`, `yaml`, `bs4`); a dependency list names a project
(`markdown-it-py`, `PyYAML`, `beautifulsoup4`). The only reliable link between the two is what
each project's wheel actually installs. For every project in WellKnownPackages+Generated.swift
this script asks PyPI's JSON API for the newest release, reads the wheel's zip central directory
with HTTP range requests (a few kilobytes, not the wheel), and records the top-level modules and
packages it installs. Projects whose modules all carry the project's own name are left out: the
firewall finds those by name already.

    python3 scripts/make-module-index.py [--limit N] [--cache FILE] [--workers N]

The cache (JSON, one entry per project) makes an interrupted run resumable.
"""
import argparse
import concurrent.futures
import datetime
import json
import pathlib
import re
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
RANKED = ROOT / "Sources/KilnValidation/Python/Imports/WellKnownPackages+Generated.swift"
TARGET = ROOT / "Sources/KilnValidation/Python/Imports/WellKnownModules+Generated.swift"
# Top-level folders that badly packaged wheels ship and that are nobody's importable API.
NOT_MODULES = {"tests", "test", "testing", "docs", "doc", "examples", "example", "benchmarks", "scripts", "bin", "build"}
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def resembles(module, project):
    """`yaml`/pyyaml, `attr`/attrs, `google`/google-auth, `dateutil`/python-dateutil."""
    m, p = normalize(module).replace("-", ""), normalize(project).replace("-", "")
    return len(m) >= 3 and (p.startswith(m) or p.endswith(m) or m.startswith(p) or m.endswith(p))


def common_prefix(names):
    first, last = min(names), max(names)
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[:length]


def fetch(url, headers=None, timeout=60):
    request = urllib.request.Request(url, headers=headers or {"User-Agent": "kiln-module-index"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read()


def choose_wheel(files):
    wheels = [f for f in files if f.get("packagetype") == "bdist_wheel" and not f.get("yanked")]
    if not wheels:
        return None

    def preference(f):
        name = f["filename"]
        if name.endswith("-none-any.whl"):
            return 0
        if "manylinux" in name and "x86_64" in name:
            return 1
        if "linux" in name:
            return 2
        return 3

    return min(wheels, key=preference)


def central_directory_names(url, size):
    """The file names in a zip, read from its end with at most two range requests."""
    tail_length = min(size, 65536)
    tail = fetch(url, {"Range": f"bytes={size - tail_length}-{size - 1}", "User-Agent": "kiln-module-index"})
    end = tail.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("no end-of-central-directory record")
    entries, directory_size, directory_offset = struct.unpack("<HII", tail[end + 10 : end + 20])
    if directory_offset == 0xFFFFFFFF:  # zip64
        locator = tail.rfind(b"PK\x06\x07", 0, end)
        (record_offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        record = tail[record_offset - (size - tail_length) :]
        directory_size, directory_offset = struct.unpack("<QQ", record[40:56])
    start_in_tail = directory_offset - (size - tail_length)
    if start_in_tail >= 0:
        directory = tail[start_in_tail : start_in_tail + directory_size]
    else:
        directory = fetch(
            url,
            {
                "Range": f"bytes={directory_offset}-{directory_offset + directory_size - 1}",
                "User-Agent": "kiln-module-index",
            },
        )
    names, position = [], 0
    while position + 46 <= len(directory) and directory[position : position + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack("<HHH", directory[position + 28 : position + 34])
        names.append(directory[position + 46 : position + 46 + name_length].decode("utf-8", "replace"))
        position += 46 + name_length + extra_length + comment_length
    return names


def top_level_modules(names):
    modules = set()
    for name in names:
        parts = name.split("/")
        if parts[0].endswith(".data") and len(parts) > 3 and parts[1] in ("purelib", "platlib"):
            parts = parts[2:]
        first = parts[0]
        if first.endswith(".dist-info") or first.endswith(".data") or first.endswith(".pth"):
            continue
        if len(parts) == 1:
            if first.endswith(".py"):
                first = first[:-3]
            elif first.endswith(".so") or first.endswith(".pyd"):
                first = first.split(".")[0]
            else:
                continue
        if IDENTIFIER.match(first) and first not in NOT_MODULES and first != "__init__":
            modules.add(first)
    return sorted(modules)


def index_project(project):
    base = f"https://pypi.org/pypi/{project}/json"
    try:
        release = json.loads(fetch(base))
    except urllib.error.HTTPError as error:
        return {"error": f"HTTP {error.code}"}
    except Exception as error:  # noqa: BLE001 - any failure is recorded and retried next run
        return {"error": str(error)[:200], "retry": True}
    wheel = choose_wheel(release.get("urls", []))
    if wheel is None:
        return {"version": release.get("info", {}).get("version"), "wheel": None, "modules": []}
    url = urllib.parse.urljoin(base, wheel["url"])
    try:
        modules = top_level_modules(central_directory_names(url, wheel["size"]))
    except Exception as error:  # noqa: BLE001
        return {"error": str(error)[:200], "retry": True}
    return {"version": release["info"]["version"], "wheel": wheel["filename"], "modules": modules}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the N best-ranked projects")
    parser.add_argument("--cache", default=str(ROOT / ".build-module-index/cache.json"))
    parser.add_argument("--workers", type=int, default=16)
    arguments = parser.parse_args()

    text = RANKED.read_text(encoding="utf-8")
    body = text.split('"""')[1]
    projects = [line.strip() for line in body.splitlines() if line.strip()]
    if arguments.limit:
        projects = projects[: arguments.limit]
    cache_path = pathlib.Path(arguments.cache)
    cache = json.loads(cache_path.read_text()) if cache_path.exists() else {}
    todo = [p for p in projects if p not in cache or cache[p].get("retry")]
    print(f"{len(projects)} projects, {len(todo)} to read", file=sys.stderr)
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(arguments.workers) as pool:
        futures = {pool.submit(index_project, p): p for p in todo}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            cache[futures[future]] = future.result()
            if done % 500 == 0 or done == len(todo):
                cache_path.write_text(json.dumps(cache, sort_keys=True))
                print(f"  {done}/{len(todo)}", file=sys.stderr)

    rank = {normalize(p): i for i, p in enumerate(projects)}
    candidates = {}
    read = without_wheel = failed = 0
    for project in projects:
        entry = cache.get(project, {})
        if "error" in entry:
            failed += 1
            continue
        if entry.get("wheel") is None:
            without_wheel += 1
            continue
        read += 1
        for module in entry["modules"]:
            if normalize(module) == normalize(project):
                continue
            related = resembles(module, project)
            candidates.setdefault(module, []).append((normalize(project), related, len(entry["modules"]) == 1))
    # Which owners vouch for a module when nobody declared them. A module is a project's API when
    # its name resembles the project's (yaml in pyyaml, attr in attrs), when everything that ships
    # it is one family of projects (cv2 from the opencv-python builds, fitz from pymupdf), or when
    # it is all its only owner's wheel installs (bs4, PIL, sklearn). Any other owner (utils from
    # five unrelated wheels, config beside teradataml) is packaging debris: it is written with a
    # leading `~`, meaning it counts only when the project declares or installs that owner, so
    # that `import utils` with no such local module is still an unknown package.
    by_module = {}
    for module, owners in candidates.items():
        names = [project for project, _, _ in owners]
        family = len(names) >= 2 and len(common_prefix(names)) >= 4
        entries = []
        for project, related, sole in owners:
            trusted = related or family or (len(names) == 1 and sole)
            entries.append(project if trusted else "~" + project)
        by_module[module] = entries
    lines = []
    for module in sorted(by_module):
        owners = sorted(set(by_module[module]), key=lambda p: rank.get(p.lstrip("~"), 1 << 30))
        lines.append(module + " " + " ".join(owners))
    TARGET.write_text(
        "// Generated by scripts/make-module-index.py; do not edit by hand.\n"
        f"// Source: the newest wheel on PyPI of each of the {len(projects)} projects in\n"
        f"// WellKnownPackages+Generated.swift, read on {datetime.date.today().isoformat()} ({read} wheels read, {without_wheel}\n"
        f"// projects without a wheel, {failed} not readable). One line per top-level module whose name is not\n"
        "// its project's: the module, then the projects whose wheels install it, best-ranked first; `~`\n"
        "// marks a project that counts only when declared or installed (see the script).\n\n"
        "extension WellKnownPackages {\n"
        '    static let modulesAndProjects = """\n' + "\n".join("        " + line for line in lines) + '\n        """\n}\n',
        encoding="utf-8",
    )
    print(f"wrote {len(lines)} modules to {TARGET} ({read} wheels, {without_wheel} without, {failed} failed)")


if __name__ == "__main__":
    main()
