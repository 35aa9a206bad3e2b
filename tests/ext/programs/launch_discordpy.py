"""Run a bot program on real discord.py, pointed at a sandbox: ``python launch_discordpy.py
PROGRAM`` with ``SANDBOX_API_URL`` and ``SANDBOX_GATEWAY_URL`` set.

The program itself is run unchanged (as ``__main__``, its folder first on ``sys.path``,
as ``python PROGRAM`` would); only discord.py's two URLs are set first, and its ready
wait ends once every guild has arrived (``tests/discordpy_ready.py``: not 2 s later).
"""

import os
import runpy
import sys
from pathlib import Path

import discord
import yarl

discord.http.Route.BASE = os.environ["SANDBOX_API_URL"]
discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["SANDBOX_GATEWAY_URL"])
runpy.run_path(str(Path(__file__).resolve().parents[2] / "discordpy_ready.py"))["install"]()

program = Path(sys.argv[1]).resolve()
sys.argv = [str(program)]
sys.path.insert(0, str(program.parent))
runpy.run_path(str(program), run_name="__main__")
