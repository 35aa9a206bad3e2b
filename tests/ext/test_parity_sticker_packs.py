"""Premium sticker packs as a bot shows them: every pack with its cover, banner and
stickers, one pack fetched by id, a standard sticker's way back to its pack, an
unknown pack; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def packs_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def describe(pack):
        banner = pack.banner.url if pack.banner else None
        return (f"{pack} ({pack.description}) sku ok {pack.sku_id > 0} "
                f"cover {pack.cover_sticker} banner {banner} "
                f"stickers {[(str(s), s.tags, s.format.name, s.type.name) for s in pack.stickers]}")

    @bot.command()
    async def packs(ctx):
        found = await bot.fetch_premium_sticker_packs()
        for pack in found:
            await ctx.send(describe(pack))

    @bot.command()
    async def pack(ctx, pack_id: int):
        try:
            one = await bot.fetch_premium_sticker_pack(pack_id)
        except discord.NotFound as exc:
            await ctx.send(f"no pack ({exc.status} {exc.code})")
            return
        sticker = one.stickers[-1]
        again = await sticker.pack()
        fetched = await bot.fetch_sticker(sticker.id)
        await ctx.send(f"{one.name}: last {sticker.name} sort {sticker.sort_value} "
                       f"url {sticker.url.replace(str(sticker.id), 'ID')} back to pack "
                       f"{again == one} {again.name}; fetched {type(fetched).__name__} "
                       f"{fetched.name} {fetched.pack_id == one.id}")

    return bot


LINES = [
    ("alice", "general", "!packs", 3),
    ("alice", "general", "!pack 847199849233514549"),
    ("alice", "general", "!pack 12345"),
]


async def test_sticker_packs_work_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, packs_bot, LINES)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in (
        "Wumpus Beyond (Say hello to Wumpus and friends.) sku ok True cover Wave banner "
        "https://cdn.discordapp.com/app-assets/710982414301790216/store/761773777976819732.png "
        "stickers [('Wave', ['wave', 'hello', 'hi'], 'lottie', 'standard')",
        "Tide Pool (Shells, crabs and a very calm octopus.) sku ok True cover Crab Dance "
        "banner None",
        "Wumpus Beyond: last Sleepy sort 2 url https://cdn.discordapp.com/stickers/ID.json "
        "back to pack True Wumpus Beyond; fetched StandardSticker Sleepy True",
        "no pack (404 10061)",
    ):
        assert line in text, line
