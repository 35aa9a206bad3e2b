# How Bot.run sets up logging, for each of discord.py's logging keywords: one bot a run,
# each closing itself in setup_hook (login is all the run needs), then a report of the
# loggers it left configured and the library's lines it wrote. Only the imports differ
# from the discord.py version.
import io
import logging
import os

import tidecord as discord
from tidecord.ext import commands

LIBRARY = discord.__name__
GIVEN = logging.Formatter("%(levelname)s %(name)s: %(message)s")
CAUGHT = io.StringIO()


def report(mode):
    for name in ("", LIBRARY):
        logger = logging.getLogger(name)
        handlers = [
            f"{type(h).__name__}({'given' if h.formatter is GIVEN else 'default'})"
            for h in logger.handlers if not isinstance(h, logging.NullHandler)]
        print(f"{mode}: {'root' if not name else 'library'} logger "
              f"{logging.getLevelName(logger.level)} {handlers}")
        for handler in logger.handlers:
            if not isinstance(handler, logging.NullHandler):
                logger.removeHandler(handler)
        logger.setLevel(logging.NOTSET if name else logging.WARNING)


class Bot(commands.Bot):
    async def setup_hook(self):
        logging.getLogger(f"{LIBRARY}.probe").info("a line of the library's")
        await self.close()


MODES = {
    "default": {},
    "no handler": {"log_handler": None},
    "formatter": {"log_formatter": GIVEN},
    "handler at debug on root": {"log_handler": logging.StreamHandler(CAUGHT),
                                 "log_formatter": GIVEN, "log_level": logging.DEBUG,
                                 "root_logger": True},
}
for mode, options in MODES.items():
    intents = discord.Intents.default()
    intents.message_content = True
    Bot(command_prefix="!", intents=intents).run(os.environ["BOT_TOKEN"], **options)
    report(mode)

# What the library said at INFO and above while logging in, as LEVEL logger: message
# (the library's name left out, the words being each library's own).
for line in CAUGHT.getvalue().splitlines():
    level, name, _ = line.split(" ", 2)
    name = name.rstrip(":")
    if name.startswith(LIBRARY) and level != "DEBUG":
        print("caught:", level, name.removeprefix(LIBRARY))
print("done")
