"""A forum as a support bot runs it: it sets the forum's tags and defaults (tags
required, a default reaction, layout, sort order, archive duration), makes tagged posts
with a first message and a file, is refused a post without a tag, then retags and pins
a post; both libraries must say the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import io
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]


def forum_world() -> World:
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_channels", "manage_threads", "attach_files",
                                "send_messages_in_threads", "create_public_threads"],
            "channels": [{"name": "general"}, {"name": "support", "type": 15}],
            "members": ["alice"],
        }],
    })


def forum_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)

    def forum_of(guild):
        return discord.utils.get(guild.channels, name="support")

    def tags(items):
        return [f"{t.name}{'*' if t.moderated else ''} {t.emoji}" for t in items]

    @bot.command()
    async def setup(ctx):
        forum = forum_of(ctx.guild)
        edited = await forum.edit(
            available_tags=[discord.ForumTag(name="bug", emoji="🐛"),
                            discord.ForumTag(name="question"),
                            discord.ForumTag(name="staff", moderated=True)],
            require_tag=True, default_auto_archive_duration=4320,
            default_reaction_emoji="👍", default_layout=discord.ForumLayoutType.gallery_view,
            default_sort_order=discord.ForumOrderType.creation_date)
        await ctx.send(f"{isinstance(edited, discord.ForumChannel)} {tags(edited.available_tags)}"
                       f" require {edited.flags.require_tag} archive "
                       f"{edited.default_auto_archive_duration} reaction "
                       f"{edited.default_reaction_emoji} {edited.default_layout} "
                       f"{edited.default_sort_order} media {edited.is_media()}")

    @bot.command()
    async def post(ctx, title: str, tag: str):
        forum = forum_of(ctx.guild)
        try:
            await forum.create_thread(name=title, content="no tag")
        except discord.HTTPException as exc:
            refused = f"{exc.status} {exc.code}"
        chosen = discord.utils.get(forum.available_tags, name=tag)
        made = await forum.create_thread(
            name=title, content=f"About {title}", applied_tags=[chosen],
            file=discord.File(io.BytesIO(b"trace"), filename="trace.txt"))
        thread, first = made.thread, made.message
        await ctx.send(f"untagged: {refused}; {thread.name} {tags(thread.applied_tags)} "
                       f"first {first.content!r} {[a.filename for a in first.attachments]} "
                       f"same id {first.id == thread.id} in {thread.parent.name}")

    @bot.command()
    async def retag(ctx, title: str):
        forum = forum_of(ctx.guild)
        thread = discord.utils.get(ctx.guild.threads, name=title)
        edited = await thread.edit(applied_tags=[discord.utils.get(forum.available_tags,
                                                                    name="staff")],
                                   pinned=True)
        await ctx.send(f"{title} {tags(edited.applied_tags)} pinned {edited.flags.pinned}")

    return bot


LINES = [
    ("alice", "general", "!setup"),
    # The post's first message, then the answer.
    ("alice", "general", "!post crash bug", 2),
    ("alice", "general", "!retag crash"),
]


async def test_a_forum_runs_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, forum_bot, LINES, world=forum_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    for line in ("True ['bug 🐛', 'question None', 'staff* None'] require True archive 4320 "
                 "reaction 👍 ForumLayoutType.gallery_view ForumOrderType.creation_date "
                 "media False",
                 "untagged: 400 40067; crash ['bug 🐛'] first 'About crash' ['trace.txt'] "
                 "same id True in support",
                 "crash ['staff* None'] pinned True"):
        assert line in text, line
