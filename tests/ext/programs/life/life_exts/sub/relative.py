"""An extension loaded by a relative name, whose teardown fails."""

from typing import Any


async def setup(bot: Any) -> None:
    bot.life_log.append(f"{__name__}: setup")


async def teardown(bot: Any) -> None:
    bot.life_log.append(f"{__name__}: teardown")
    raise RuntimeError("teardown failed")
