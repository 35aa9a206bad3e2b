# A bot the server refuses, caught around run() as discord.py programs do: a wrong token
# (LoginFailure), then the right one asking for an intent the application lacks
# (PrivilegedIntentsRequired); with $UNCAUGHT, a wrong token nobody catches. Only the
# imports differ from the discord.py version.
import os

import tidecord as discord
from tidecord.ext import commands

intents = discord.Intents.default()
intents.message_content = True

for token in ("not-the-token", os.environ["BOT_TOKEN"]):
    try:
        commands.Bot(command_prefix="!", intents=intents).run(token, log_handler=None)
    except discord.PrivilegedIntentsRequired as exc:
        print("caught PrivilegedIntentsRequired for shard", exc.shard_id)
    except discord.LoginFailure as exc:
        print("caught LoginFailure:", exc)

if os.environ.get("UNCAUGHT"):
    commands.Bot(command_prefix="!", intents=intents).run("not-the-token", log_handler=None)
