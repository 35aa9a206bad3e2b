"""Webhooks as a relay bot uses them: make one, post as people through it, edit and
delete its messages, post with nothing but its URL, rename, move and delete it; both
libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
from typing import Any

import aiohttp
import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def hooks_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_webhooks", "manage_messages"],
            "channels": [{"name": "general"}, {"name": "relay"}, {"name": "mod-log"}],
            "members": ["alice", "bob"],
        }],
    })


def relay_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    sent = {}

    async def hook_of(channel):
        hooks = await channel.webhooks()
        return hooks[0] if hooks else None

    @bot.command()
    async def hook(ctx, *, name: str = "Relay"):
        try:
            made = await ctx.channel.create_webhook(name=name, avatar=PNG, reason="relaying")
        except discord.HTTPException as exc:
            await ctx.send(f"refused: {exc.status} {exc.code}")
            return
        await ctx.send(f"made {made.name} ({made.type.name}) in #{made.channel.name} by "
                       f"{made.user.name}; token {len(made.token)} chars, avatar "
                       f"{made.avatar is not None}, authenticated {made.is_authenticated()}, "
                       f"partial {made.is_partial()}, repr hides token "
                       f"{made.token not in repr(made)}")

    @bot.command()
    async def relay(ctx, *, text: str):
        hook = await hook_of(ctx.channel)
        message = await hook.send(text, username=f"{ctx.author.display_name} (relayed)",
                                  wait=True)
        sent["last"] = message
        await ctx.send(f"relayed as {message.author.name}, bot {message.author.bot}, "
                       f"webhook {message.webhook_id == hook.id}, "
                       f"{type(message).__name__}")

    @bot.command()
    async def quiet(ctx, *, text: str):
        hook = await hook_of(ctx.channel)
        answer = await hook.send(text)
        await ctx.send(f"sent without waiting: {answer}")

    @bot.command()
    async def fix(ctx):
        hook = await hook_of(ctx.channel)
        message = sent["last"]
        edited = await hook.edit_message(message.id, content=message.content + " (edited)")
        fetched = await hook.fetch_message(message.id)
        again = await fetched.edit(content=fetched.content + "!")
        await ctx.send(f"edited: {edited.content} / {again.content}")

    @bot.command()
    async def unsay(ctx):
        await sent["last"].delete()
        try:
            await (await hook_of(ctx.channel)).fetch_message(sent["last"].id)
        except discord.NotFound as exc:
            await ctx.send(f"deleted ({exc.status} {exc.code})")

    @bot.command()
    async def outside(ctx):
        hook = await hook_of(ctx.channel)
        async with aiohttp.ClientSession() as session:
            bare = discord.Webhook.from_url(hook.url, session=session)
            message = await bare.send("from outside the bot", username="Outsider", wait=True)
            fetched = await bare.fetch()
        await ctx.send(f"outside: {message.author.name}, partial before "
                       f"{bare.is_partial()}, authenticated {bare.is_authenticated()}, "
                       f"fetched {fetched.name} in channel {fetched.channel_id == ctx.channel.id}"
                       f", user {fetched.user}")

    @bot.command()
    async def rename(ctx, *, name: str):
        hook = await hook_of(ctx.channel)
        changed = await hook.edit(name=name, avatar=None)
        again = await bot.fetch_webhook(hook.id)
        await ctx.send(f"renamed {changed.name}, avatar {changed.avatar}, fetched {again.name}")

    @bot.command()
    async def move(ctx, channel: discord.TextChannel):
        hook = await hook_of(ctx.channel)
        await hook.edit(channel=channel)
        here = [h.name for h in await ctx.channel.webhooks()]
        there = [h.name for h in await channel.webhooks()]
        every = [h.name for h in await ctx.guild.webhooks()]
        await ctx.send(f"moved: here {here}, there {there}, guild {every}")

    @bot.command()
    async def drop(ctx, channel: discord.TextChannel):
        hook = await hook_of(channel)
        await hook.delete(reason="done")
        try:
            await bot.fetch_webhook(hook.id)
        except discord.NotFound as exc:
            await ctx.send(f"dropped ({exc.status} {exc.code}); left "
                           f"{[h.name for h in await ctx.guild.webhooks()]}")

    @bot.command()
    async def history(ctx, channel: discord.TextChannel):
        lines = [f"{m.author.name} (webhook {m.webhook_id is not None}): {m.content}"
                 async for m in channel.history(limit=30, oldest_first=True)
                 if m.webhook_id is not None]
        await ctx.send("\n".join(lines) or "no webhook messages")

    @bot.event
    async def on_webhooks_update(channel):
        log = discord.utils.get(channel.guild.text_channels, name="mod-log")
        await log.send(f"webhooks changed in #{channel.name}")

    return bot


LINES = [
    ("alice", "relay", "!hook", 2),
    ("alice", "relay", "!hook Discord bridge"),
    ("alice", "relay", "!relay the tide is turning"),
    ("bob", "relay", "!quiet no answer needed"),
    ("alice", "relay", "!fix"),
    ("alice", "relay", "!history relay"),
    ("alice", "relay", "!unsay"),
    ("alice", "relay", "!outside"),
    ("alice", "relay", "!history relay"),
    ("alice", "relay", "!rename Relay Two", 2),
    ("alice", "relay", "!move general", 3),
    ("alice", "relay", "!drop general", 2),
]


async def test_webhooks_work_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, relay_bot, LINES, world=hooks_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    assert "made Relay (incoming) in #relay by " in text
    assert "token 68 chars, avatar True, authenticated True, partial False, " \
        "repr hides token True" in text
    assert "refused: 400 50035" in text
    assert "Alice (relayed) (webhook True): the tide is turning (edited)!\n" \
        "Relay (webhook True): no answer needed" in text
    assert "Relay (webhook True): no answer needed\n" \
        "Outsider (webhook True): from outside the bot" in text
    assert "relayed as Alice (relayed), bot True, webhook True, WebhookMessage" in text
    assert "sent without waiting: None" in text
    assert "deleted (404 10008)" in text
    assert "outside: Outsider, partial before True, authenticated False" in text
    assert "renamed Relay Two, avatar None, fetched Relay Two" in text
    assert "moved: here [], there ['Relay Two'], guild ['Relay Two']" in text
    assert "dropped (404 10015); left []" in text
    assert "#mod-log: webhooks changed in #general" in text
