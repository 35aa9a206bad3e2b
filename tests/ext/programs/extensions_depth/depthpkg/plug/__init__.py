"""An extension that is a package: its cog lives in a submodule."""

from typing import Any

from .parts import cog


async def setup(bot: Any) -> None:
    await bot.add_cog(cog.make(bot))
