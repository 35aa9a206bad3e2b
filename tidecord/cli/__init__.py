"""The ``tidecord`` command: ``tidecord run PATH`` and ``tidecord sandbox``.

The pieces are importable too, so a bot file can offer the same "no token? try it
on the sandbox" behaviour when run directly::

    token = tidecord.cli.find_token(args.token)
    if token is None:
        raise SystemExit(tidecord.cli.run_bot(bot))   # embedded sandbox + chat page
    bot.run(token)
"""

from .errors import CLIError
from .loader import find_bot, load_bot, load_module
from .runner import run_bot
from .token import find_token

__all__ = ["CLIError", "find_bot", "find_token", "load_bot", "load_module", "run_bot"]
