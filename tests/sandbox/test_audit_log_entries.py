"""Audit log entries Discord makes that a discord.py 2.7.1 bot reads back, both from
GET /guilds/{id}/audit-logs and as GUILD_AUDIT_LOG_ENTRY_CREATE: a channel's
permission overwrites made, changed and taken away (13-15: the channel as target, the
role or member as ``extra``), pins (74, 75: the author as target, channel and message
as ``extra``), threads made, edited and deleted (110-112) and a webhook edited (51)."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import asyncio
from typing import Any

import discord
import pytest
from discord.ext import commands

from tidecord.sandbox import Sandbox, World

from ..ext.parity import quick_limits, running
from .conftest import Api

pytestmark = pytest.mark.timeout(60)

Action = discord.AuditLogAction


# The entries the actions make, in order (overwrites: the role's three, then carol's).
EXPECTED = [Action.overwrite_create, Action.overwrite_update, Action.overwrite_delete,
            Action.overwrite_create, Action.message_pin, Action.message_unpin,
            Action.thread_create, Action.thread_update, Action.thread_delete,
            Action.webhook_update]


def _world() -> World:
    return World.from_dict({
        "users": ["alice", "carol"],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "manage_roles", "manage_channels", "manage_messages",
                                "pin_messages", "create_public_threads", "manage_threads",
                                "manage_webhooks", "view_audit_log"],
            "roles": [{"name": "Helper"}],
            "channels": [{"name": "general"}],
            "members": ["alice", "carol"],
        }],
    })


def _bot(heard: list[discord.AuditLogEntry], last: asyncio.Event) -> Any:
    """The bot, keeping each entry it hears of; ``last`` is set by the last one."""
    def setup(library: Any, _commands: Any) -> Any:
        intents = discord.Intents.default()
        intents.members = True
        bot = commands.Bot(command_prefix="!", intents=intents)

        @bot.event
        async def on_audit_log_entry_create(entry: discord.AuditLogEntry) -> None:
            heard.append(entry)
            if entry.action is EXPECTED[-1]:
                last.set()

        return bot
    return setup


async def _act(bot: Any, sb: Sandbox) -> dict[str, Any]:
    """Each action Discord logs; what the entries should name."""
    guild = bot.get_guild(sb.guild.id)
    channel = guild.get_channel(sb.channel("general").id)
    helper = discord.utils.get(guild.roles, name="Helper")
    carol = guild.get_member(sb.user("carol").id)
    await channel.set_permissions(helper, send_messages=False)
    await channel.set_permissions(helper, send_messages=True)
    await channel.set_permissions(helper, overwrite=None)
    await channel.set_permissions(carol, view_channel=False)
    message = await channel.send("the rules")
    await message.pin()
    await message.unpin()
    thread = await channel.create_thread(name="talk", type=discord.ChannelType.public_thread)
    await thread.edit(name="chat", slowmode_delay=5)
    await thread.delete()
    hook = await channel.create_webhook(name="hook")
    await hook.edit(name="relay")
    return {"channel": channel, "helper": helper, "carol": carol, "message": message,
            "thread": thread, "hook": hook}


def _check(entries: list[discord.AuditLogEntry], did: dict[str, Any]) -> None:
    """The entries, oldest first, against what was done (discord.py's reading)."""
    entries = [e for e in entries if e.action in set(EXPECTED)]
    assert [e.action for e in entries] == EXPECTED
    made, changed, gone, hidden, pin, unpin, t_made, t_edit, t_gone, hook = entries
    channel, helper, carol = did["channel"], did["helper"], did["carol"]
    for entry in (made, changed, gone):
        assert entry.target.id == channel.id
        assert entry.extra.id == helper.id and entry.extra.name == "Helper"
    assert made.after.deny.send_messages and made.after.allow.value == 0
    assert made.after.id == helper.id
    assert changed.before.deny.send_messages and changed.after.allow.send_messages
    assert gone.before.allow.send_messages and gone.after.allow is None
    assert hidden.target.id == channel.id
    assert isinstance(hidden.extra, discord.Member) and hidden.extra.id == carol.id
    for entry in (pin, unpin):
        assert entry.target.id == did["message"].author.id
        assert entry.extra.channel.id == channel.id
        assert entry.extra.message_id == did["message"].id
    for entry in (t_made, t_edit, t_gone):
        assert entry.target.id == did["thread"].id
    assert t_made.after.name == "talk" and t_made.after.type == discord.ChannelType.public_thread
    assert t_made.after.archived is False and t_made.after.locked is False
    assert t_made.after.auto_archive_duration == 1440
    assert (t_edit.before.name, t_edit.after.name) == ("talk", "chat")
    assert (t_edit.before.slowmode_delay, t_edit.after.slowmode_delay) == (0, 5)
    assert t_gone.before.name == "chat"
    assert hook.target.id == did["hook"].id
    assert (hook.before.name, hook.after.name) == ("hook", "relay")


async def test_a_discord_py_bot_reads_the_entries_discord_makes(
        sandbox_factory: Any) -> None:
    sb: Sandbox = await sandbox_factory(world=_world(), rate_limits=quick_limits())
    heard: list[discord.AuditLogEntry] = []
    last = asyncio.Event()
    async with running("discord.py", sb, _bot(heard, last)) as bot:
        did = await _act(bot, sb)
        guild = bot.get_guild(sb.guild.id)
        _check([e async for e in guild.audit_logs(limit=None, oldest_first=True)], did)
        await asyncio.wait_for(last.wait(), 10)
    _check(heard, did)


@pytest.mark.sandbox(world=_world())
async def test_overwrites_set_by_a_channel_edit_and_threads_named_in_the_answer(
        api: Api, sandbox: Sandbox) -> None:
    gid, general = sandbox.guild.id, sandbox.channel("general").id
    helper = str(next(r.id for r in sandbox.state.guild_roles(gid) if r.name == "Helper"))
    status, _, _ = await api.call("PATCH", f"/channels/{general}", {"permission_overwrites": [
        {"id": helper, "type": 0, "allow": "0", "deny": "2048"}]})
    assert status == 200
    status, thread, _ = await api.call("POST", f"/channels/{general}/threads",
                                       {"name": "talk", "type": 11})
    assert status == 201
    status, log, _ = await api.call("GET", f"/guilds/{gid}/audit-logs")
    assert status == 200
    [made] = [e for e in log["audit_log_entries"] if e["action_type"] == 13]
    assert made["target_id"] == str(general)
    assert made["options"] == {"id": helper, "type": "0", "role_name": "Helper"}
    assert {"key": "deny", "new_value": "2048"} in made["changes"]
    assert not [e for e in log["audit_log_entries"] if e["action_type"] == 11]
    assert [t["id"] for t in log["threads"]] == [thread["id"]]
