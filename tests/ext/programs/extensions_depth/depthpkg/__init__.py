"""Extensions the depth tests load, written once for both libraries: each takes its
library from the bot it is handed (``libs``), so one file serves tidecord and
discord.py alike. The tests copy the package into a fresh folder and rewrite it there."""

import sys
from typing import Any


def libs(bot: Any) -> tuple[Any, Any, Any]:
    """``(discord, commands, app_commands)`` of the library ``bot`` comes from."""
    root = sys.modules[type(bot).__module__.split(".")[0]]
    return (root, sys.modules[root.__name__ + ".ext.commands"],
            sys.modules[root.__name__ + ".app_commands"])
