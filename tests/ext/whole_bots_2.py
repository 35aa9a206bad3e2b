"""Run a whole tutorial-style bot on both libraries and compare what it said and what
it left behind in the sandbox: messages (with embeds and reactions), threads, members'
roles and nicknames, channel settings, and the rows of its own database.

Ids, timestamps and the sandbox's address differ between two fresh sandboxes, so the
snapshot names things instead: a channel by ``#name``, a person by ``@name``, a message
by ``msg(#channel, n)``, and ``<t:T:R>`` for a Discord timestamp.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from tidecord.models import walk_components
from tidecord.sandbox import Sandbox, World

from .parity import LIBRARIES, Line, converse, quick_limits, running

MakeBot = Callable[[Any, Any, Path], Any]
_ID = re.compile(r"\d{15,20}")
_STAMP = re.compile(r"<t:\d+:([a-zA-Z])>")
# A new user's default avatar is picked by their id, which differs between sandboxes.
_DEFAULT_AVATAR = re.compile(r"embed/avatars/\d\.png")


def whole_world() -> World:
    """A small community: an owner, a moderator, two members; the channels the bots use."""
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol"}, {"username": "dave"}],
        "guilds": [{
            "name": "Sandbox", "owner": "alice",
            "bot_permissions": ["view_channel", "send_messages", "read_message_history",
                                "embed_links", "attach_files", "add_reactions",
                                "manage_messages", "manage_roles", "manage_nicknames",
                                "manage_channels", "manage_threads", "create_public_threads",
                                "send_messages_in_threads", "view_audit_log",
                                "create_private_threads",
                                "moderate_members", "move_members", "connect",
                                "manage_guild", "ban_members", "manage_webhooks",
                                "create_instant_invite"],
            "roles": [{"name": "Staff", "permissions": ["manage_messages", "kick_members"],
                       "color": 0x3498DB},
                      {"name": "Member", "color": 0x2ECC71},
                      {"name": "Live", "color": 0x9146FF}],
            "channels": [
                {"name": "lobby"},
                {"name": "general"},
                {"name": "welcome"},
                {"name": "ideas"},
                {"name": "starboard"},
                {"name": "mod-log"},
                {"name": "counting"},
                {"name": "Voice", "type": 4},
                {"name": "Join to Create", "type": 2, "parent": "Voice"},
                {"name": "Lounge", "type": 2, "parent": "Voice"},
            ],
            "emojis": ["party"],
            "members": [{"user": "alice", "roles": ["Staff"]},
                        {"user": "bob", "nick": "Bobby", "roles": ["Member"]},
                        {"user": "carol", "roles": ["Member"]}],
        }],
    })


def _labels(sb: Sandbox) -> dict[str, str]:
    """Every id the sandbox knows, with a name that is the same in any fresh sandbox."""
    names: dict[str, str] = {}
    for guild in sb.state.guilds.values():
        for role in sb.state.roles.get(guild.id, {}).values():
            names[str(role.id)] = f"&{role.name}"
        names[str(guild.id)] = "<guild>"
    for user in sb.state.users.values():
        names[str(user.id)] = f"@{user.username}"
    for channel in sb.state.channels.values():
        names[str(channel.id)] = f"#{channel.name}"
    for channel_id, box in sb.state.messages.items():
        where = names.get(str(channel_id), "?")
        for n, message_id in enumerate(sorted(box)):
            names[str(message_id)] = f"msg({where}, {n})"
    return names


def normalised(sb: Sandbox, text: str) -> str:
    names = _labels(sb)
    text = text.replace(sb.cdn_url, "<cdn>").replace(sb.url, "<sandbox>")
    text = _STAMP.sub(r"<t:T:\1>", text)
    text = _DEFAULT_AVATAR.sub("embed/avatars/N.png", text)
    return _ID.sub(lambda m: names.get(m.group(), "<id>"), text)


def _embed(embed: Any) -> str:
    parts = []
    for attr in ("title", "description", "url", "color"):
        value = getattr(embed, attr, None)
        if isinstance(value, str | int) and not isinstance(value, bool):
            parts.append(f"{attr}={value}")
    for attr in ("author", "footer", "thumbnail", "image"):
        value = getattr(embed, attr, None)
        inner = getattr(value, "name", None) or getattr(value, "text", None) \
            or getattr(value, "url", None)
        if isinstance(inner, str):
            parts.append(f"{attr}={inner}")
    for field in getattr(embed, "fields", None) or ():
        parts.append(f"field {field.name}={field.value}")
    return "{" + "; ".join(parts) + "}"


def _message(sb: Sandbox, message: Any) -> str:
    known = sb.state.users.get(int(message.author.id))
    # A webhook's message is under the name it was sent with.
    author = known.username if known is not None else f"webhook {message.author.username}"
    kind = f"(type {message.type}) " if message.type not in (0, 19) else ""
    text = f"{author}: {kind}{message.content}"
    text += "".join(_embed(e) for e in message.embeds or ())
    for reaction in message.reactions or ():
        text += f" [{reaction.emoji_data.name} x{reaction.count}]"
    if message.attachments:
        text += f" [files {', '.join(a.filename for a in message.attachments)}]"
    for component in walk_components(message.components):
        label = getattr(component, "label", None)
        if isinstance(label, str):
            text += f" [{label}{' (disabled)' if component.disabled else ''}]"
    if message.mentions:
        text += f" (pings {sorted('@' + u.username for u in message.mentions)})"
    if message.edited_timestamp:
        text += " (edited)"
    return text


def left_behind(sb: Sandbox, db: Path | None = None) -> list[str]:
    """What the bot left in the sandbox (and its database), as comparable lines."""
    lines: list[str] = []
    for guild in sb.state.guilds.values():
        for member in sorted(sb.state.members[guild.id].values(), key=lambda m: m.user.id):
            roles = sorted(sb.state.roles[guild.id][int(r)].name for r in member.roles)
            lines.append(f"member @{member.user.username} nick={member.nick} roles={roles}")
        channels = [*sb.state.guild_channels[guild.id].values(),
                    *sb.state.threads.get(guild.id, {}).values()]
        for channel in sorted(channels, key=lambda c: c.id):
            meta = getattr(channel, "thread_metadata", None)
            extra = ""
            if meta:
                extra = f" thread archived={meta.archived} locked={meta.locked}"
            slow = getattr(channel, "rate_limit_per_user", None)
            overwrites = sorted((str(o.id), o.allow, o.deny)
                                for o in channel.permission_overwrites or ())
            lines.append(f"channel #{channel.name} slowmode={slow} overwrites={overwrites}"
                         f"{extra}")
            for message in sorted(sb.state.messages.get(channel.id, {}).values(),
                                  key=lambda m: m.id):
                lines.append(f"  {_message(sb, message)}")
    for user_id, channel_id in sorted(sb.state.dm_channels.items()):
        lines.append(f"DM with @{sb.state.users[user_id].username}")
        for message in sorted(sb.state.messages.get(channel_id, {}).values(),
                              key=lambda m: m.id):
            lines.append(f"  {_message(sb, message)}")
    for user_id, message in sb.interactions.ephemeral.values():
        lines.append(f"ephemeral to @{sb.state.users[user_id].username}: "
                     f"{_message(sb, message)}")
    if db is not None and db.exists():
        # closing(): sqlite3's own context manager commits but leaves the file open
        with contextlib.closing(sqlite3.connect(db)) as conn:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            for table in tables:
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1"):
                    lines.append(f"db {table} {row}")
    return [normalised(sb, line) for line in lines]


async def run_whole(sandbox_factory: Callable[..., Any], make_bot: MakeBot,
                    lines: Sequence[Line], tmp_path: Path,
                    world: Callable[[], World] = whole_world,
                    prepare: Callable[[Sandbox], Awaitable[Any]] | None = None,
                    ) -> dict[str, tuple[list[str], list[str]]]:
    """For each library: what the bot said (normalised) and what it left behind;
    ``prepare`` acts on each fresh sandbox before the bot connects."""
    results = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=world(), rate_limits=quick_limits())
        if prepare is not None:
            await prepare(sb)
        db = tmp_path / f"{library}.db"
        async with running(library, sb, lambda d, c: make_bot(d, c, db)):  # noqa: B023
            said = await converse(sb, lines)
        results[library] = ([normalised(sb, s) for s in said], left_behind(sb, db))
    return results
