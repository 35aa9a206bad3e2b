"""Every code block of the README and the docs, as a sample to check.

A block's kind comes from an HTML comment on the line before its fence (invisible
once rendered), else from its language::

    <!-- sample: bot name="mybot.py" say=".idea" expect="Okay, so how about this:" -->
    ```python
    ...
    ```

Kinds: ``compile`` (the default for Python: it must compile, top-level ``await``
allowed), ``run`` (a script, run to exit code 0), ``bot`` (a bot file, run on a
sandbox: ``say`` as alice in #general, its reply starts with ``expect``; ``name``
lets a ``test`` sample import it), ``test`` (a pytest file, run in a project made of
the ``uses`` samples and the document's ``pyproject`` samples), ``pyproject`` and
``world`` (TOML and a sandbox world), and ``skip``. Blocks in ``sh``, ``toml`` and
``json`` are checked by their language: each ``tidecord`` command line must parse,
each ``make`` target exist, TOML and JSON must load.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

_FENCE = re.compile(r"^```(\w*)")
_MARKER = re.compile(r"^<!--\s*sample:\s*(.*?)\s*-->\s*$")
_DEFAULT_KIND = {"python": "compile", "sh": "sh", "toml": "toml", "json": "json"}


@dataclass(frozen=True)
class Sample:
    """One fenced block: where it is, its language, what to check, and its code."""

    path: Path
    line: int
    language: str
    kind: str
    code: str
    options: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    def siblings(self, kind: str) -> list[Sample]:
        """The samples of ``kind`` in the same document."""
        return [s for s in parse(self.path) if s.kind == kind]


def parse(path: Path) -> list[Sample]:
    """The fenced blocks of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    samples: list[Sample] = []
    i = 0
    while i < len(lines):
        fence = _FENCE.match(lines[i])
        if not fence:
            i += 1
            continue
        language = fence[1]
        marker = _MARKER.match(lines[i - 1]) if i else None
        words = shlex.split(marker[1]) if marker else []
        kind = words[0] if words else _DEFAULT_KIND.get(language, "skip")
        options = dict(word.split("=", 1) for word in words[1:])
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        code = "\n".join(lines[i + 1:end]) + "\n"
        samples.append(Sample(path, i + 1, language, kind, code, options))
        i = end + 1
    return samples


def every_sample() -> list[Sample]:
    """All samples of the README and the docs."""
    return [sample for path in DOCUMENTS for sample in parse(path)]
