"""``tidecord check``: the blocking calls of a bot file's async code, found before it runs.

A static pass over the file's syntax tree (see :mod:`.scan`), with the same table
of known calls and advice as the watchdog, plus ruff's ``ASYNC`` rules where ruff
is installed (see :mod:`.ruff`), merged by line.
"""

from .report import CheckError, Report, check_paths
from .scan import Finding, scan_source

__all__ = ["CheckError", "Finding", "Report", "check_paths", "scan_source"]
