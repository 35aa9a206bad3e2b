"""Embeds on the wire, as discord.py 2.7.1 sends and reads them: an embed sent and the
one read back from the message are equal, read back alike (``to_dict``, ``flags``, the
media's sizes), a program's own Embed subclass is sent as any embed, and the sandbox
refuses an oversized embed with Discord's 50035 shape. The same bot on tidecord and on
discord.py must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import datetime
import io
import json
from typing import Any

import pytest

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6300010000050001"
                    "0d0a2db40000000049454e44ae426082")
WHEN = datetime.datetime(2024, 3, 5, 12, 30, 45, tzinfo=datetime.UTC)


def embeds_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def card() -> Any:
        made = discord.Embed(title="Soup", url="https://example.com/soup",
                             description="leek", colour=0x336699, timestamp=WHEN)
        made.set_author(name="chef", url="https://example.com/chef",
                        icon_url="https://example.com/chef.png")
        made.set_footer(text="kitchen", icon_url="https://example.com/k.png")
        made.set_image(url="https://example.com/soup.png")
        made.set_thumbnail(url="https://example.com/thumb.png")
        made.add_field(name="salt", value="a pinch")
        made.add_field(name="heat", value="low", inline=False)
        return made

    @bot.command()
    async def send(ctx):
        made = card()
        sent = await ctx.send(embed=made)
        back = (await ctx.channel.fetch_message(sent.id)).embeds[0]
        await ctx.send(f"equal {back == made} {sent.embeds[0] == made}; "
                       f"flags {back.flags.value} {made.flags.value}; type {back.type}; "
                       f"len {len(back)} {bool(back)}; image {back.image.url} "
                       f"{back.image.width} {back.image.flags.value if back.image else None}; "
                       f"video {back.video.url}; provider {back.provider.name}")
        await ctx.send("sent " + json.dumps(made.to_dict(), sort_keys=True))
        await ctx.send("back " + json.dumps(back.to_dict(), sort_keys=True))
        # A bot printing an embed's parts (or a missing picture's flags) for debugging.
        await ctx.send(f"parts {back.footer!r} {back.author!r} {back.fields[1]!r} "
                       f"{made.image!r} {made.video!r} {made.provider!r} "
                       f"{discord.Embed().thumbnail.flags.value}")
        # A bot keeping embeds as JSON writes their keys in to_dict's order.
        await ctx.send(f"order {list(made.to_dict())} {list(back.to_dict())}")
        again = discord.Embed.from_dict(back.to_dict())
        await ctx.send(f"again {again == back} {again.to_dict() == back.to_dict()}")

    class Branded(discord.Embed):
        def __init__(self, **keywords: Any) -> None:
            super().__init__(colour=0x5865F2, **keywords)
            self.set_footer(text="the soup bot")
            self.sent = 0

    @bot.command()
    async def branded(ctx):
        made = Branded(title="Menu", description="soup of the day", timestamp=WHEN.astimezone(
            datetime.timezone(datetime.timedelta(hours=-5))))
        made.sent += 1
        message = await ctx.send(embed=made)
        back = message.embeds[0]
        await ctx.send(f"branded {back.footer.text} {back.colour} {back == made} {made.sent} "
                       f"{made.timestamp} {back.timestamp}")

    async def refused(ctx: Any, embed: Any) -> None:
        try:
            await ctx.send(embed=embed)
        except discord.HTTPException as error:
            await ctx.send(f"refused {error.status} {error.code} {error.text}")

    @bot.command()
    async def huge(ctx):
        big = discord.Embed(title="t", description="x" * 4096)
        for n in range(25):
            big.add_field(name=f"f{n}", value="y" * 100)
        await refused(ctx, big)
        await refused(ctx, discord.Embed(title="t" * 257))
        crowded = discord.Embed(title="many")
        for n in range(26):
            crowded.add_field(name=str(n), value="v")
        crowded.add_field(name="long", value="v" * 1025)
        await refused(ctx, crowded.set_footer(text="f" * 2049).set_author(name="a" * 257))
        await refused(ctx, discord.Embed(description="d" * 4097).add_field(name="", value="v"))

    @bot.command()
    async def picture(ctx):
        made = discord.Embed(title="pic").set_image(url="attachment://dot.png")
        sent = await ctx.send(embed=made, file=discord.File(io.BytesIO(PNG), "dot.png"))
        image = sent.embeds[0].image
        await ctx.send(f"image {image.url == sent.attachments[0].url} "
                       f"{image.proxy_url == sent.attachments[0].proxy_url} {bool(image)} "
                       f"{image.width}x{image.height} {sent.embeds[0] == made}")
        edited = await sent.edit(embed=discord.Embed(title="new", colour=0))
        back = edited.embeds[0]
        await ctx.send(f"edited {back.title} {back.colour} {bool(back)} {back.flags.value}")

    return bot


async def test_an_embed_sent_and_read_back_as_in_discord_py(sandbox_factory: Any) -> None:
    said = await both(sandbox_factory, embeds_bot, [
        ("alice", "general", "!send", 7), ("alice", "general", "!huge", 4),
        ("alice", "general", "!picture", 3), ("alice", "general", "!branded", 2)])
    assert said["tidecord"] == said["discord.py"]
    assert "#general: image True True True 1x1 False" in said["tidecord"]
    assert ("#general: parts EmbedProxy(icon_url='https://example.com/k.png', text='kitchen') "
            "EmbedProxy(icon_url='https://example.com/chef.png', name='chef', "
            "url='https://example.com/chef') EmbedProxy(inline=False, name='heat', value='low') "
            "EmbedProxy(flags=<AttachmentFlags value=0>, url='https://example.com/soup.png') "
            "EmbedProxy(flags=<AttachmentFlags value=0>) EmbedProxy() 0") in said["tidecord"]
    assert ("#general: order ['footer', 'image', 'thumbnail', 'author', 'fields', 'flags', "
            "'color', 'timestamp', 'type', 'description', 'url', 'title'] ['footer', 'image', "
            "'thumbnail', 'author', 'fields', 'flags', 'color', 'timestamp', 'type', "
            "'description', 'url', 'title']") in said["tidecord"]
    assert ("#general: branded the soup bot #5865f2 True 1 2024-03-05 07:30:45-05:00 "
            "2024-03-05 12:30:45+00:00") in said["tidecord"]
