"""The audit log as a moderation bot reads it: kick, ban, nicknames, roles, timeouts,
channels and deleted messages, each logged with who, on whom, why and what changed;
read newest first, oldest first, by action, and as it happens. Both libraries must say
the same."""

# No "from __future__ import annotations": the bot's annotations name its locals.
import datetime
from typing import Any

import pytest

from tidecord.sandbox import World

from .parity import both

pytestmark = [pytest.mark.timeout(90), pytest.mark.tidecord_strict(False)]

PEOPLE = ["alice", "bob", "carol", "dave", "erin"]


def moderation_world() -> World:
    return World.from_dict({
        "users": [{"username": name, "global_name": name.title()} for name in PEOPLE],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "kick_members", "ban_members", "manage_nicknames",
                                "manage_roles", "moderate_members", "manage_channels",
                                "manage_messages", "view_audit_log",
                                "create_instant_invite"],
            "roles": [{"name": "Helper", "color": 0x2ECC71}],
            "channels": [{"name": "general"}, {"name": "mod-log"}],
            "members": PEOPLE,
        }],
    })


def moderation_bot(discord: Any, commands: Any) -> Any:
    intents = discord.Intents.default()
    intents.message_content = True
    intents.members = True
    bot = commands.Bot(command_prefix="!", intents=intents, help_command=None)
    seen = []

    def named(thing):
        if thing is None:
            return "nothing"
        if isinstance(thing, discord.Object):
            return f"a gone {thing.type.__name__ if thing.type else 'thing'}"
        return getattr(thing, "name", str(thing))

    def diff(entry):
        before, after = vars(entry.before), vars(entry.after)
        parts = []
        for key in sorted(set(before) | set(after)):
            was, now = before.get(key), after.get(key)
            if key == "roles":
                was = [r.name for r in was or []]
                now = [r.name for r in now or []]
            elif key == "timed_out_until":
                was, now = was is not None, now is not None
            elif key == "permissions":
                was = was.value if was is not None else None
                now = now.value if now is not None else None
            parts.append(f"{key} {was!r}->{now!r}")
        return ", ".join(parts)

    def line(entry):
        text = (f"{entry.action.name} by {entry.user.name} on {named(entry.target)} "
                f"({entry.reason}) [{entry.category.name if entry.category else '-'}] "
                f"{diff(entry)}")
        if entry.action is discord.AuditLogAction.message_delete:
            text += f" in #{entry.extra.channel.name} x{entry.extra.count}"
        return text

    @bot.event
    async def on_audit_log_entry_create(entry):
        seen.append(entry.action.name)

    @bot.command()
    async def moderate(ctx):
        guild = ctx.guild
        helper = discord.utils.get(guild.roles, name="Helper")
        bob, carol, dave = (guild.get_member_named(n) for n in ("bob", "carol", "dave"))
        await carol.edit(nick="Caz", reason="asked for it")
        await carol.add_roles(helper, reason="helps out")
        await carol.remove_roles(helper)
        await dave.timeout(datetime.timedelta(minutes=5), reason="cool down")
        role = await guild.create_role(name="Artists", colour=discord.Colour.blue(),
                                       reason="new role")
        await role.edit(name="Painters")
        await role.delete(reason="unused")
        channel = await guild.create_text_channel("tickets", reason="support")
        await channel.edit(topic="help here", slowmode_delay=5)
        await channel.delete()
        await bob.kick(reason="rude")
        erin = guild.get_member_named("erin")
        await guild.ban(erin, reason="spam")
        await guild.unban(erin)
        await ctx.message.delete()
        await ctx.send("done")

    @bot.command()
    async def log(ctx, limit: int = 20):
        await ctx.send("\n".join([line(e) async for e in ctx.guild.audit_logs(limit=limit)]))

    @bot.command()
    async def oldest(ctx):
        found = [line(e) async for e in ctx.guild.audit_logs(limit=3, oldest_first=True)]
        await ctx.send("\n".join(found))

    @bot.command()
    async def bans(ctx):
        found = [line(e) async for e in ctx.guild.audit_logs(action=discord.AuditLogAction.ban)]
        everyone = [e async for e in ctx.guild.audit_logs(limit=None)]
        middle = everyone[len(everyone) // 2]
        newer = [e.id async for e in ctx.guild.audit_logs(after=middle, limit=None)]
        older = [e.id async for e in ctx.guild.audit_logs(before=middle, limit=None)]
        await ctx.send(f"{found}; {len(everyone)} entries, {len(newer)} newer and "
                       f"{len(older)} older than the middle one; newer ascending "
                       f"{newer == sorted(newer)}; by the bot "
                       f"{len([e async for e in ctx.guild.audit_logs(user=bot.user)])}")

    @bot.command()
    async def invites(ctx):
        made = await ctx.channel.create_invite(max_uses=3)
        [entry] = [e async for e in ctx.guild.audit_logs(
            action=discord.AuditLogAction.invite_create)]
        target = entry.target
        await ctx.send(f"{isinstance(target, discord.Invite)} {target.code == made.code} "
                       f"#{target.channel.name} {target.max_uses} {target.url == made.url}")

    @bot.command()
    async def heard(ctx):
        await ctx.send(f"heard {len(seen)}: {', '.join(seen)}")

    return bot


LINES = [
    ("alice", "general", "!moderate"),
    ("alice", "general", "!log 20"),
    ("alice", "general", "!oldest"),
    ("alice", "general", "!bans"),
    ("alice", "general", "!heard"),
    ("alice", "general", "!invites"),
]


async def test_the_audit_log_reads_as_in_discord_py(sandbox_factory) -> None:
    said = await both(sandbox_factory, moderation_bot, LINES, world=moderation_world)
    assert said["tidecord"] == said["discord.py"]
    text = "\n".join(said["tidecord"])
    assert "message_delete by SandboxBot on alice (None) [delete]  in #general x1" in text
    assert "ban by SandboxBot on erin (spam) [-] " in text
    assert "kick by SandboxBot on bob (rude)" in text
    assert "member_role_update by SandboxBot on carol (helps out) [update] roles []->['Helper']" \
        in text
    assert "member_update by SandboxBot on carol (asked for it) [update] nick None->'Caz'" \
        in text
    assert "role_delete by SandboxBot on a gone Role (unused) [delete] " in text
    assert "channel_update by SandboxBot on a gone Object (None) [update] slowmode_delay " \
        "0->5, topic None->'help here'" in text
    assert "14 entries, 7 newer and 6 older than the middle one; newer ascending False; " \
        "by the bot 14" in text
    assert "heard 14: member_update, member_role_update, member_role_update, " in text
    assert said["tidecord"][-1] == "#general: True True #general 3 True"
