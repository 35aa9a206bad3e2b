"""Everyday calls given a wrong argument, generated from a seed, against discord.py 2.7.1.

A bot's mistakes are mostly an argument of the wrong kind: an embed's text where an
``Embed`` goes, a path where a ``File`` goes, a role's name where a ``Role`` goes, a
keyword of another method (``ephemeral=`` on a channel, ``nickname=`` for ``nick=``),
a positional argument where discord.py 2.x takes keywords only. Each generated call
runs on tidecord and on discord.py against the same sandbox: the error's class
(``TypeError`` or ``ValueError``) must be discord.py's, its message must name the
argument (in discord.py's very words where Python's own signature check says it), the
sandbox must have received no request for the refused call, an interaction must still
be answered after it, and the bot must still answer someone at the end. Where
discord.py is lax (it fails by accident, an ``AttributeError`` deep inside that names
nothing, or keeps the value until the view is sent), tidecord is stricter and refuses
it at the call: each such template says so in its ``lax`` note, and discord.py's
outcome is then not compared. Before these checks, tidecord sent many of these
mistakes to Discord (a 400 far from the call) or dropped them silently.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime
import random
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import discord as dpy
import pytest

import tidecord
from tidecord.sandbox import Sandbox, World

from .parity import LIBRARIES, quick_limits, running

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]


@dataclasses.dataclass(frozen=True)
class Template:
    """A call with one wrong argument: ``call(discord, things, value)``."""

    name: str
    argument: str  # what the error's message must name
    error: type[Exception]
    values: tuple[Any, ...]
    call: Callable[[Any, Any, Any], Any]
    # "bot": made from the test; "slash": inside a slash command, before its answer;
    # "followup": inside one, after its deferral
    where: str = "bot"
    lax: str = ""  # why discord.py is allowed to do otherwise
    same_words: bool = False  # Python's own words on a call's signature: discord.py's


# Each template's values are all wrong for it, on both libraries. Where tidecord takes
# more than discord.py (a dict as an embed, a role's id, an int as permissions), such
# values are not listed: they are tidecord's own extensions, not mistakes.
LAX_TO_DICT = ("discord.py 2.7.1 fails on the value's missing .to_dict with an "
               "AttributeError that does not name the argument")
LAX_ID = ("discord.py 2.7.1 fails on the value's missing .id with an AttributeError "
          "that does not name the argument")

TEMPLATES = [
    # -- sending ------------------------------------------------------------------------
    Template("send embed", "embed", TypeError, ("text", 5, 1.5, b"bytes"),
             lambda d, t, v: t.channel.send("x", embed=v), lax=LAX_TO_DICT),
    Template("send embeds", "embeds", TypeError, ("text", 5, (1,), ["text"]),
             lambda d, t, v: t.channel.send("x", embeds=v), lax=LAX_TO_DICT),
    Template("send file", "file", TypeError, ("a.txt", b"bytes", 5),
             lambda d, t, v: t.channel.send("x", file=v), lax=LAX_TO_DICT),
    Template("send files", "files", TypeError, ("a.txt", ["a.txt"], [b"x"]),
             lambda d, t, v: t.channel.send("x", files=v), lax=LAX_TO_DICT),
    # Not iterable: both libraries' list() fails, naming no argument on discord.py.
    Template("send files int", "files", TypeError, (5, 1.5),
             lambda d, t, v: t.channel.send("x", files=v)),
    Template("send reference", "reference", TypeError, ("text", 5, 1.5),
             lambda d, t, v: t.channel.send("x", reference=v)),
    Template("send view", "view", TypeError, ("text", 5),
             lambda d, t, v: t.channel.send("x", view=v)),
    # discord.py's Messageable.send takes no ephemeral (only an interaction's answer does).
    Template("send ephemeral", "ephemeral", TypeError, (True, False),
             lambda d, t, v: t.channel.send("x", ephemeral=v), same_words=True),
    Template("send allowed_mentions", "allowed_mentions", TypeError, ("none", True, 5),
             lambda d, t, v: t.channel.send("x", allowed_mentions=v), lax=LAX_TO_DICT),
    Template("send stickers", "stickers", TypeError, ("party", ["party"]),
             lambda d, t, v: t.channel.send("x", stickers=v), lax=LAX_ID),
    Template("send stickers int", "stickers", TypeError, (5,),
             lambda d, t, v: t.channel.send("x", stickers=v)),
    Template("send unknown keyword", "colour", TypeError, ("red",),
             lambda d, t, v: t.channel.send("x", colour=v), same_words=True),
    # -- a message --------------------------------------------------------------------------
    # discord.py 2.x: Message.edit(*, content=...); a positional text is refused.
    Template("edit positional", "positional", TypeError, ("new", 5),
             lambda d, t, v: t.own.edit(v), same_words=True),
    Template("webhook message edit positional", "positional", TypeError, ("new",),
             lambda d, t, v: t.hooked.edit(v), same_words=True),
    Template("edit embed", "embed", TypeError, ("text", 5),
             lambda d, t, v: t.own.edit(embed=v), lax=LAX_TO_DICT),
    Template("edit attachments", "attachments", TypeError, ("text", ["text"]),
             lambda d, t, v: t.own.edit(attachments=v), lax=LAX_TO_DICT),
    Template("reply embed", "embed", TypeError, ("text", 5),
             lambda d, t, v: t.message.reply("x", embed=v), lax=LAX_TO_DICT),
    Template("reply file", "file", TypeError, ("a.txt", 5),
             lambda d, t, v: t.message.reply("x", file=v), lax=LAX_TO_DICT),
    Template("remove_reaction", "member", TypeError, ("bob",),
             lambda d, t, v: t.message.remove_reaction("\N{THUMBS UP SIGN}", v), lax=LAX_ID),
    Template("delete_messages", "messages", TypeError, (["hello"],),
             lambda d, t, v: t.channel.delete_messages(v), lax=LAX_ID),
    Template("edit view", "view", TypeError, ("text",),
             lambda d, t, v: t.own.edit(view=v),
             lax="discord.py 2.7.1 fails on the value's missing attribute"),
    Template("edit embeds", "embeds", TypeError, ("text",),
             lambda d, t, v: t.own.edit(embeds=v), lax=LAX_TO_DICT),
    Template("add_reaction", "emoji", TypeError, (123, None, 1.5),
             lambda d, t, v: t.message.add_reaction(v)),
    # -- a member -----------------------------------------------------------------------------
    # ``nickname`` for ``nick``: discord.py refuses the keyword; tidecord ignored it.
    Template("member nickname", "nickname", TypeError, ("Bobby2",),
             lambda d, t, v: t.member.edit(nickname=v), same_words=True),
    Template("member roles", "roles", TypeError, ("Helper", ["Helper"], [None]),
             lambda d, t, v: t.member.edit(roles=v), lax=LAX_ID),
    Template("member roles int", "roles", TypeError, (5,),
             lambda d, t, v: t.member.edit(roles=v)),
    Template("add_roles", "roles", TypeError, ("Helper", None, ["Helper"]),
             lambda d, t, v: t.member.add_roles(v), lax=LAX_ID),
    Template("remove_roles", "roles", TypeError, ("Helper", None),
             lambda d, t, v: t.member.remove_roles(v), lax=LAX_ID),
    # Both fail in urllib's quote ("quote_from_bytes() expected bytes"): tidecord names it.
    Template("kick reason", "reason", TypeError, (5, ["x"]),
             lambda d, t, v: t.member.kick(reason=v)),
    Template("ban reason", "reason", TypeError, (5, 1.5),
             lambda d, t, v: t.member.ban(reason=v)),
    Template("timeout", "timedelta", TypeError, (60, "5m", 1.5),
             lambda d, t, v: t.member.timeout(v)),
    Template("move_to", "voice_channel", TypeError, ("Lounge",),
             lambda d, t, v: t.member.move_to(v), lax=LAX_ID),
    Template("timeout reason", "reason", TypeError, (5,),
             lambda d, t, v: t.member.timeout(datetime.timedelta(minutes=1), reason=v)),
    # -- a guild -----------------------------------------------------------------------------
    Template("guild ban", "user", TypeError, ("bob", 1j),
             lambda d, t, v: t.guild.ban(v), lax=LAX_ID),
    Template("guild kick", "user", TypeError, ("bob",),
             lambda d, t, v: t.guild.kick(v), lax=LAX_ID),
    Template("text channel parent", "parent", TypeError, ("category",),
             lambda d, t, v: t.guild.create_text_channel("x", parent=t.category)),
    Template("text channel category", "category", TypeError, ("Text Channels", 5),
             lambda d, t, v: t.guild.create_text_channel("x", category=v), lax=LAX_ID),
    Template("text channel overwrites", "overwrites", TypeError, ("none", 5, [1]),
             lambda d, t, v: t.guild.create_text_channel("x", overwrites=v)),
    Template("role colour", "colour", TypeError, ("red", 1.5),
             lambda d, t, v: t.guild.create_role(name="x", colour=v),
             lax="discord.py 2.7.1 fails on the value's missing .value (AttributeError)"),
    Template("role permissions", "permissions", TypeError, ("admin", 1.5),
             lambda d, t, v: t.guild.create_role(name="x", permissions=v),
             lax="discord.py 2.7.1 fails on the value's missing .value (AttributeError)"),
    # Both TypeError; discord.py's is a failed comparison that names no argument.
    Template("history limit", "limit", TypeError, ("5", 1j),
             lambda d, t, v: _drain(t.channel.history(limit=v))),
    Template("purge limit", "limit", TypeError, ("5",),
             lambda d, t, v: t.channel.purge(limit=v)),
    Template("history before", "before", TypeError, ("yesterday",),
             lambda d, t, v: _drain(t.channel.history(before=v)), lax=LAX_ID),
    # -- embeds ---------------------------------------------------------------------------------
    # discord.py's Embed takes no footer (set_footer sets it); tidecord kept the text.
    Template("Embed footer", "footer", TypeError, ("text",),
             lambda d, t, v: d.Embed(title="t", footer=v), same_words=True),
    Template("Embed fields", "fields", TypeError, ([("a", "b")],),
             lambda d, t, v: d.Embed(fields=v), same_words=True),
    Template("Embed positional", "positional", TypeError, ("title",),
             lambda d, t, v: d.Embed(v), same_words=True),
    Template("Embed colour", "colour", TypeError, ("red", 1.5),
             lambda d, t, v: d.Embed(colour=v)),
    Template("Embed timestamp", "datetime", TypeError, ("today", 5),
             lambda d, t, v: d.Embed(timestamp=v)),
    Template("set_footer positional", "positional", TypeError, ("text",),
             lambda d, t, v: d.Embed(title="t").set_footer(v), same_words=True),
    Template("add_field positional", "positional", TypeError, ("a",),
             lambda d, t, v: d.Embed(title="t").add_field(v, "b"), same_words=True),
    Template("set_author missing", "name", TypeError, (None,),
             lambda d, t, v: d.Embed(title="t").set_author(url=v), same_words=True),
    Template("set_thumbnail positional", "positional", TypeError, ("https://x.y/a.png",),
             lambda d, t, v: d.Embed(title="t").set_thumbnail(v), same_words=True),
    # -- components -----------------------------------------------------------------------------
    Template("Button positional", "positional", TypeError, ("go",),
             lambda d, t, v: d.ui.Button(v), same_words=True),
    Template("Button style", "style", ValueError, ("red", "big"),
             lambda d, t, v: d.ui.Button(label="go", style=v),
             lax="discord.py 2.7.1 keeps it, and fails only when the view is sent"),
    Template("Select options", "options", TypeError, ("ab", ["a"]),
             lambda d, t, v: t.channel.send("x", view=_with(d, d.ui.Select(options=v))),
             lax=LAX_TO_DICT),
    Template("View timeout", "timeout", TypeError, ("5", [1]),
             lambda d, t, v: _view_sent(d, t, v),
             lax="discord.py 2.7.1 sends the message, then fails on adding the timeout "
                 "to the clock, leaving a view nothing listens to"),
    Template("SelectOption emoji", "emoji", TypeError, (5, 1.5),
             lambda d, t, v: d.SelectOption(label="a", emoji=v), same_words=True),
    Template("View positional", "positional", TypeError, (5,),
             lambda d, t, v: d.ui.View(v), same_words=True),
    # -- commands ---------------------------------------------------------------------------------
    Template("command name", "name", TypeError, (5, 1.5),
             lambda d, t, v: t.bot.command(name=v)(_callback)),
    Template("command aliases", "aliases", TypeError, ("x",),
             lambda d, t, v: t.bot.command(name="x1", aliases=v)(_callback)),
    Template("slash name", "characters", ValueError, ("Bad Name", "x" * 40),
             lambda d, t, v: d.app_commands.command(name=v, description="d")(_slash)),
    # -- interactions -----------------------------------------------------------------------------
    Template("response embed", "embed", TypeError, ("text", 5),
             lambda d, t, v: t.interaction.response.send_message("x", embed=v),
             where="slash", lax=LAX_TO_DICT),
    Template("response file", "file", TypeError, ("a.txt", 5),
             lambda d, t, v: t.interaction.response.send_message("x", file=v),
             where="slash", lax=LAX_TO_DICT),
    Template("response view", "view", TypeError, ("text",),
             lambda d, t, v: t.interaction.response.send_message("x", view=v),
             where="slash", lax="discord.py 2.7.1 fails on the value's missing attribute"),
    # An interaction's answer, or a webhook's message, replies to nothing: discord.py's
    # send_message and Webhook.send take no reference (tidecord sent it for Discord to drop).
    Template("response reference", "reference", TypeError, ("message",),
             lambda d, t, v: t.interaction.response.send_message("x", reference=t.message),
             where="slash", same_words=True),
    Template("followup mention_author", "mention_author", TypeError, (False,),
             lambda d, t, v: t.interaction.followup.send("x", mention_author=v),
             where="followup", same_words=True),
    Template("webhook reference", "reference", TypeError, ("message",),
             lambda d, t, v: t.webhook.send("x", reference=t.message), same_words=True),
    Template("webhook stickers", "stickers", TypeError, ([1],),
             lambda d, t, v: t.webhook.send("x", stickers=v), same_words=True),
    # discord.py 2.x: edit_message(*, content=...).
    Template("edit_message positional", "positional", TypeError, ("x",),
             lambda d, t, v: t.interaction.response.edit_message(v), where="slash",
             same_words=True),
    Template("defer positional", "positional", TypeError, (True,),
             lambda d, t, v: t.interaction.response.defer(v), where="slash", same_words=True),
    Template("original edit positional", "positional", TypeError, ("new",),
             lambda d, t, v: _edit_original(t, v), where="followup", same_words=True),
    Template("followup embed", "embed", TypeError, ("text", 5),
             lambda d, t, v: t.interaction.followup.send("x", embed=v), where="followup",
             lax=LAX_TO_DICT),
    Template("followup file", "file", TypeError, ("a.txt",),
             lambda d, t, v: t.interaction.followup.send("x", file=v), where="followup",
             lax=LAX_TO_DICT),
    Template("followup files", "files", TypeError, (["a.txt"],),
             lambda d, t, v: t.interaction.followup.send("x", files=v), where="followup",
             lax=LAX_TO_DICT),
]


async def _view_sent(d: Any, things: Any, seconds: Any) -> None:
    view = d.ui.View(timeout=seconds)
    view.add_item(d.ui.Button(label="go", custom_id="go"))
    await things.channel.send("x", view=view)


def _with(d: Any, item: Any) -> Any:
    view = d.ui.View()
    view.add_item(item)
    return view


async def _callback(ctx: Any) -> None:
    pass


async def _slash(interaction: Any) -> None:
    pass


async def _edit_original(things: Any, value: Any) -> None:
    original = await things.interaction.original_response()  # one GET, not the mistake
    things.sandbox_reads += 1
    await original.edit(value)


async def _drain(iterator: Any) -> list[Any]:
    return [m async for m in iterator]


def generated(seed: int, count: int) -> list[tuple[Template, Any]]:
    """``count`` calls: every template's every value once, in a seeded order, then more
    drawn at random (a mistake made again must be refused again)."""
    rng = random.Random(seed)
    cases = [(t, v) for t in TEMPLATES for v in t.values]
    rng.shuffle(cases)
    while len(cases) < count:
        template = rng.choice(TEMPLATES)
        cases.append((template, rng.choice(template.values)))
    return cases[:count]


@dataclasses.dataclass(frozen=True)
class Outcome:
    error: BaseException | None
    sent: int  # requests the sandbox received for the call itself

    def said(self) -> str:
        if self.error is None:
            return "no error"
        return f"{type(self.error).__name__}: {self.error}"


def wrong_world() -> World:
    """Alice, bob and carol in one guild whose bot may do everything the calls try."""
    return World.from_dict({
        "users": [{"username": name} for name in ("alice", "bob", "carol")],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "embed_links", "attach_files", "add_reactions",
                                "kick_members", "ban_members", "manage_messages",
                                "manage_roles", "moderate_members", "manage_nicknames",
                                "manage_channels", "manage_webhooks"],
            "roles": [{"name": "Helper"}],
            "channels": [{"name": "Text Channels", "type": 4},
                         {"name": "general", "parent": "Text Channels"}],
            "members": ["alice", {"user": "bob", "nick": "Bobby", "roles": ["Helper"]},
                        "carol"],
        }],
    })


def wrong_bot(discord: Any, commands: Any) -> Any:
    """A bot whose ``/try`` makes the pending wrong call inside a slash command (then
    answers "ok" all the same), and whose ``!ping`` answers "pong"."""
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    bot.pending = None
    bot.seen = asyncio.Queue()

    @bot.command()
    async def ping(ctx):
        await ctx.send("pong")

    @bot.command()
    async def quiet(ctx):
        # Right, not wrong: a Context takes ephemeral (and ignores it for a message),
        # though a channel's send refuses it.
        await ctx.send("sh", ephemeral=True)
        await ctx.reply("shh", ephemeral=True)

    @bot.tree.command(name="try", description="make the pending wrong call")
    async def try_(interaction):
        template, value, things, sb = bot.pending
        things.interaction = interaction
        if template.where == "followup":
            await interaction.response.defer()
        before = len(sb.requests.records)
        caught = await attempt(template, discord, things, value)
        reads, things.sandbox_reads = things.sandbox_reads, 0
        await bot.seen.put(Outcome(caught, len(sb.requests.records) - before - reads))
        if template.where == "followup":
            await interaction.followup.send("ok")
        elif not interaction.response.is_done():
            await interaction.response.send_message("ok")

    return bot


async def attempt(template: Template, discord: Any, things: Any, value: Any
                  ) -> BaseException | None:
    """Make ``template``'s wrong call with ``value``: its error, or None if it went through."""
    try:
        result = template.call(discord, things, value)
        if asyncio.iscoroutine(result):
            await result
    except Exception as error:
        return error
    return None


async def run_cases(sb: Sandbox, library: str, cases: list[tuple[Template, Any]]
                    ) -> list[Outcome]:
    """Each call's outcome on ``library``; then carol's ``!ping`` and ``!quiet`` must be
    answered."""
    discord = tidecord if library == "tidecord" else dpy
    found: list[Outcome] = []
    async with running(library, sb, wrong_bot) as bot:
        await bot.tree.sync()
        guild = bot.get_guild(sb.guild.id)
        channel = guild.get_channel(sb.channel("general").id)
        own = await channel.send("mine")
        webhook = await channel.create_webhook(name="hook")
        hooked = await webhook.send("hooked", wait=True)
        said = await sb.send_message("alice", "general", "hello")
        things = SimpleNamespace(
            bot=bot, guild=guild, channel=channel, own=own, webhook=webhook, hooked=hooked,
            sandbox_reads=0,
            member=guild.get_member(sb.user("bob").id),
            category=guild.get_channel(sb.channel("Text Channels").id),
            message=await channel.fetch_message(said.id))
        sb.record_requests()
        for template, value in cases:
            if template.where == "bot":
                before = len(sb.requests.records)
                caught = await attempt(template, discord, things, value)
                found.append(Outcome(caught, len(sb.requests.records) - before))
                continue
            bot.pending = (template, value, things, sb)
            record = await sb.invoke_command("alice", "general", "try")
            found.append(await asyncio.wait_for(bot.seen.get(), 5))
            await record.wait_response(5)
            # The interaction is still answered after the refused call: "ok" is shown.
            assert record.response_type is not None, (library, template.name, value)
        await sb.send_message("carol", "general", "!ping")
        await sb.send_message("carol", "general", "!quiet")
        async with asyncio.timeout(5):
            while not {"pong", "sh", "shh"} <= {m.content for m in sb.messages("general")}:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
    return found


def names_the_argument(template: Template, outcome: Outcome) -> bool:
    """The message names the argument (or, for a positional one, says so)."""
    return template.argument.lower() in str(outcome.error).lower()


@pytest.mark.parametrize("seed", [7, 31])
async def test_wrong_arguments_are_refused_at_the_call_as_discord_py_refuses_them(
        sandbox_factory: Any, seed: int) -> None:
    cases = generated(seed, 150)
    results = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=wrong_world(), rate_limits=quick_limits())
        results[library] = await run_cases(sb, library, cases)
    wrong = []
    for (template, value), ours, theirs in zip(cases, results["tidecord"],
                                               results["discord.py"], strict=True):
        call = f"{template.name} {value!r}: tidecord {ours.said()!r} " \
               f"(sent {ours.sent}), discord.py {theirs.said()!r} (sent {theirs.sent})"
        if type(ours.error) is not template.error or ours.sent:
            wrong.append(f"not refused at the call: {call}")
        elif not names_the_argument(template, ours):
            wrong.append(f"the error does not name {template.argument!r}: {call}")
        elif template.same_words and str(ours.error) != str(theirs.error):
            wrong.append(f"not in discord.py's words: {call}")
        elif not template.lax and (type(theirs.error) is not template.error or theirs.sent):
            # The template says discord.py refuses it the same way: check that it does.
            wrong.append(f"discord.py does otherwise, and the template says it does not: "
                         f"{call}")
    assert not wrong, "\n".join(wrong)


#: A 1x1 PNG, for the bot's own guild avatar.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


async def test_only_the_bots_own_member_takes_an_avatar_banner_and_bio(
        sandbox_factory: Any) -> None:
    # Right calls beside the wrong ones: Member.edit's keywords are now listed (so that
    # nickname= is refused), and discord.py's avatar, banner and bio are among them.
    # Another's bio is refused before any request, in discord.py's words.
    for library in LIBRARIES:
        sb = await sandbox_factory(world=wrong_world(), rate_limits=quick_limits())
        async with running(library, sb, wrong_bot) as bot:
            guild = bot.get_guild(sb.guild.id)
            sb.record_requests()
            with pytest.raises(ValueError, match="only for the bot's own member"):
                await guild.get_member(sb.user("bob").id).edit(bio="hi")
            assert not sb.requests.records, library
            await guild.me.edit(avatar=PNG, bio="beep")
            patched = sb.requests.find("PATCH", "/guilds/{guild_id}/members/@me")
            assert [r.json for r in patched] == [
                {"avatar": "data:image/png;base64," + base64.b64encode(PNG).decode(),
                 "bio": "beep"}], library
            held = sb.state.member(sb.guild.id, sb.bot_user.id)
            assert held.guild_avatar_hash, library
