"""The ``resolved`` part of an interaction: the users, members, roles, channels,
messages and attachments its options, select values or target point at.

A :class:`Resolver` collects them while an interaction is built; each lookup
returns the id to put in the option (or select value) and remembers the object.
"""

from __future__ import annotations

from typing import Any

import msgspec

from tidecord.models import (
    Attachment,
    Channel,
    Member,
    Message,
    Permissions,
    Snowflake,
    User,
    to_builtins,
)

from .state import State, StateError

__all__ = ["Resolver", "with_permissions"]


def with_permissions(member: Member, perms: int | None) -> Member:
    """A member as interactions carry it: with its permissions in the channel."""
    return msgspec.structs.replace(
        member, permissions=Permissions(perms) if perms is not None else msgspec.UNSET)


class Resolver:
    """Collects ``resolved`` data for one interaction of ``invoker_id`` in ``guild_id``
    (None in DMs)."""

    def __init__(self, state: State, guild_id: int | None, channel_id: int,
                 invoker_id: int) -> None:
        self.state = state
        self.guild_id = guild_id
        self.channel_id = channel_id
        self.invoker_id = invoker_id
        self.data: dict[str, dict[str, Any]] = {}

    def _put(self, kind: str, key: int, value: Any) -> None:
        self.data.setdefault(kind, {})[str(key)] = value

    def user(self, ref: Any) -> Snowflake:
        """A user (and in a guild, their member) by id, name or model."""
        user = self.state.user(getattr(ref, "id", ref))
        self._put("users", user.id, to_builtins(user))
        gid = self.guild_id
        if gid is not None and user.id in self.state.members.get(gid, {}):
            perms = self.state.permissions(self.channel_id, user.id)
            member = to_builtins(with_permissions(self.state.member(gid, user.id), perms))
            member.pop("user", None)
            self._put("members", user.id, member)
        return Snowflake(user.id)

    def member(self, ref: Any) -> Snowflake:
        """A user who must be a member of the guild (user selects in a guild)."""
        uid = self.user(ref)
        if self.guild_id is not None and uid not in self.state.members.get(self.guild_id, {}):
            raise StateError(10007, "Unknown Member", 404)
        return uid

    def channel(self, ref: Any, types: list[int] | None = None) -> Snowflake:
        """A channel of the guild; one outside ``types`` is refused."""
        channel = self.state.channel(getattr(ref, "id", ref), self.guild_id)
        if self.guild_id is not None and self.state.guild_id_of(channel) != self.guild_id:
            raise StateError(10003, "Unknown Channel", 404)
        if types and channel.type not in types:
            raise StateError(50035, f"channel #{channel.name} is not of type {types}")
        self._put("channels", channel.id,
                  _partial_channel(self.state, channel, self.invoker_id))
        return Snowflake(channel.id)

    def role(self, ref: Any) -> Snowflake:
        """A role of the guild, by id or name."""
        roles = self.state.roles.get(self.guild_id or 0, {})
        raw = getattr(ref, "id", ref)
        role = None
        if isinstance(raw, str) and not raw.isdigit():
            role = next((r for r in roles.values() if r.name == raw), None)
        elif isinstance(raw, int | str):
            role = roles.get(int(raw))
        if role is None:
            raise StateError(10011, "Unknown Role", 404)
        self._put("roles", role.id, to_builtins(role))
        return Snowflake(role.id)

    def mentionable(self, ref: Any) -> Snowflake:
        """A user or a role (a role's id wins when both could match)."""
        try:
            return self.role(ref)
        except StateError:
            return self.user(ref)

    def message(self, ref: Any) -> Snowflake:
        """A message of the interaction's channel (a message command's target)."""
        if isinstance(ref, Message):
            message = ref
        else:
            message = self.state.message(self.channel_id, int(ref))
        body = to_builtins(self.state.gateway_message(message, None))
        self._put("messages", message.id, body)
        if isinstance(message.author, User):
            self._put("users", message.author.id, to_builtins(message.author))
        return Snowflake(message.id)

    def attachment(self, attachment: Attachment) -> Snowflake:
        """An uploaded file (an attachment option, a modal's file upload)."""
        self._put("attachments", attachment.id, to_builtins(attachment))
        return Snowflake(attachment.id)


def _partial_channel(state: State, channel: Channel, invoker_id: int) -> dict[str, Any]:
    """A channel as ``resolved`` carries it: id, name, type, and the permissions there of
    the person who used the command (not the bot's); a thread also its parent, owner,
    counts and metadata (discord.py reads them all)."""
    out: dict[str, Any] = {
        "id": str(channel.id), "name": channel.name, "type": channel.type,
        "permissions": str(state.permissions(channel.id, invoker_id)),
    }
    if isinstance(channel.parent_id, int):
        out["parent_id"] = str(channel.parent_id)
    if channel.is_thread:
        whole = to_builtins(channel)
        out.update({k: whole[k] for k in _THREAD_FIELDS if k in whole})
    return out


# What a resolved thread carries besides a channel's partial fields.
_THREAD_FIELDS = ("owner_id", "member_count", "message_count", "total_message_sent",
                  "last_message_id", "rate_limit_per_user", "flags", "applied_tags",
                  "thread_metadata")
