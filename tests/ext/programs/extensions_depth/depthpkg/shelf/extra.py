"""An extension in a folder without ``__init__.py`` (a namespace package)."""

from typing import Any


async def setup(bot: Any) -> None:
    bot.log.append("shelf.extra: setup")
