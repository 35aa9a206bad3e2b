"""The docs site builds with warnings as errors, and has every page it promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .samples import ROOT

PAGES = ["index", "quickstart", "sandbox", "testing", "commands", "loop-health", "migrating",
         "api/index", "api/client", "api/commands", "api/models", "api/sandbox", "api/health",
         "api/cli"]


def test_the_docs_build_without_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "html"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-5000:]
    assert done.stderr == "", done.stderr
    missing = [page for page in PAGES if not (out / f"{page}.html").is_file()]
    assert missing == []
    # The API reference is made from the docstrings.
    client = (out / "api" / "client.html").read_text(encoding="utf-8")
    assert "wait_until_ready" in client and "Discord bot connection" in client
