"""Background loops, as discord.py's ``discord.ext.tasks``.

>>> from tidecord.ext import tasks
>>> @tasks.loop(seconds=30)
... async def heartbeat():
...     print("still here")
>>> # heartbeat.start() in setup_hook or a cog's cog_load
"""

from .loop import Backoff, Loop, loop

__all__ = ["Backoff", "Loop", "loop"]
