"""Extensions for tests/ext/test_parity_bot_life.py, written once for either library:
each finds its ``commands`` module from the bot it is handed."""

import importlib
from typing import Any


def commands_of(bot: Any) -> Any:
    """``discord.ext.commands`` or ``tidecord.ext.commands``: the bot's own."""
    return importlib.import_module(type(bot).__module__.split(".")[0] + ".ext.commands")
