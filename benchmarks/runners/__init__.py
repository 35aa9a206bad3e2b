"""One client process per library (``python -m benchmarks.runners.run_<library>``).

Each module defines a :class:`~benchmarks.runners.base.ClientAdapter` for its
library; :mod:`benchmarks.runners.base` does the measuring, identically for all.
"""

from typing import Final

__all__ = ["COMMANDS_RUNNERS", "REST_RUNNERS", "RUNNER_MODULES"]

# Library name (as in the table) -> the module run in its own process.
RUNNER_MODULES: Final = {
    "tidecord": "benchmarks.runners.run_tidecord",
    "discord.py": "benchmarks.runners.run_discordpy",
    "hikari": "benchmarks.runners.run_hikari",
}

# The commands workload (prefix commands): the libraries that have a framework for them.
COMMANDS_RUNNERS: Final = {
    "tidecord": "benchmarks.runners.run_commands_tidecord",
    "discord.py": "benchmarks.runners.run_commands_discordpy",
}

# The REST workload: each library's REST client alone (no gateway).
REST_RUNNERS: Final = {
    "tidecord": "benchmarks.runners.run_rest_tidecord",
    "discord.py": "benchmarks.runners.run_rest_discordpy",
    "hikari": "benchmarks.runners.run_rest_hikari",
}
