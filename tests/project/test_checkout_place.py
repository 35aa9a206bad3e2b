"""The suite passes the same in any checkout, whatever its folder is called and wherever it is.

``git clone`` names the folder ``tidecord``: a test that told the library's frames
from its own by ``"/tidecord/" in filename`` matched itself there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The tests that once depended on where the checkout was or what it was called.
PLACE_SENSITIVE = [
    "tests/client/test_client_lifecycle.py::test_the_token_shows_in_no_repr_and_no_traceback_locals",
    "tests/sandbox/test_openapi.py",
]


def _copy_checkout(into: Path) -> None:
    """The project's own files, as a fresh clone has them (no venv, caches or artifacts)."""
    into.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", into / "pyproject.toml")
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite3")
    for folder in ("tidecord", "tests", "examples"):
        shutil.copytree(ROOT / folder, into / folder, ignore=skip)


def test_place_sensitive_tests_pass_in_a_clone_named_tidecord(tmp_path: Path) -> None:
    clone = tmp_path / "elsewhere" / "tidecord"
    clone.parent.mkdir()
    _copy_checkout(clone)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    # `python -m pytest` puts the clone first on sys.path: the clone's tidecord is tested.
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PLACE_SENSITIVE],
        cwd=clone, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "2 passed" in done.stdout, done.stdout[-2000:]
    assert "skipped" not in done.stdout, done.stdout[-2000:]
