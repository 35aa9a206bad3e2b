"""Mentions: who a message mentions, its content with them written as names, and
which mentions of a message sent actually ping."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .base import UNSET, Model, Snowflake, UnsetType
from .channel import Channel
from .member import Member
from .user import User

__all__ = ["AllowedMentions", "Mention", "MessageMentions"]


class AllowedMentions(Model, gc=False, kw_only=True):
    """Which mentions in a message actually ping."""

    parse: list[str] | UnsetType = UNSET
    roles: list[Snowflake] | UnsetType = UNSET
    users: list[Snowflake] | UnsetType = UNSET
    replied_user: bool | UnsetType = UNSET

    @classmethod
    def none(cls) -> AllowedMentions:
        """Ping nobody."""
        return cls(parse=[], replied_user=False)

    @classmethod
    def all(cls) -> AllowedMentions:
        """Ping everyone mentioned."""
        return cls(parse=["users", "roles", "everyone"], replied_user=True)


class Mention(User, gc=False, kw_only=True):
    """A mentioned user; in guild messages it carries a partial member."""

    member: Member | UnsetType = UNSET


# What discord.py's raw_*_mentions read in the content (a message's own and a snapshot's):
# the content, not the payload's mentions, which leave out who was not pinged.
USER_MENTION = re.compile(r"<@!?([0-9]{15,20})>")
ROLE_MENTION = re.compile(r"<@&([0-9]{15,20})>")
CHANNEL_MENTION = re.compile(r"<#([0-9]{15,20})>")
_ANY_MENTION = re.compile(r"<(@!?|@&|#)([0-9]{15,20})>")


class MessageMentions:
    """Who and what a message mentions, and its content with mentions as names (mixed
    into :class:`~tidecord.Message`)."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        content: str
        mentions: list[Mention]
        mention_roles: list[int]

        @property
        def guild(self) -> Any: ...

    @property
    def raw_mentions(self) -> list[int]:
        """Ids of the users written as ``<@id>`` in the content (pinged or not, and as
        often as written), as discord.py reads them."""
        return [int(u) for u in USER_MENTION.findall(self.content)]

    @property
    def raw_role_mentions(self) -> list[int]:
        """Ids of the roles written as ``<@&id>`` in the content, as discord.py reads them."""
        return [int(r) for r in ROLE_MENTION.findall(self.content)]

    @property
    def raw_channel_mentions(self) -> list[int]:
        """Ids of the channels written as ``<#id>`` in the content."""
        return [int(c) for c in CHANNEL_MENTION.findall(self.content)]

    @property
    def role_mentions(self) -> list[Any]:
        """The cached roles mentioned."""
        guild = self.guild
        found = (guild.get_role(r) for r in self.mention_roles) if guild is not None else ()
        return [r for r in found if r is not None]

    @property
    def channel_mentions(self) -> list[Channel]:
        """The cached channels written as ``<#id>`` in the content."""
        found = (self._state.cache.channels.get(c) for c in self.raw_channel_mentions)
        return [c for c in found if c is not None]

    @property
    def clean_content(self) -> str:
        """The content with mentions written as names (``@alice``, ``@Moderator``, ``#general``)
        and ``@everyone`` / ``@here`` defused, safe to echo."""
        users = {str(m.id): m for m in self.mentions}
        guild = self.guild

        def name(match: re.Match[str]) -> str:
            kind, ident = match.group(1), match.group(2)
            if kind == "#":
                channel = self._state.cache.channels.get(int(ident))
                return f"#{channel.name}" if channel is not None else "#deleted-channel"
            if kind == "@&":
                role = guild.get_role(int(ident)) if guild is not None else None
                return f"@{role.name}" if role is not None else "@deleted-role"
            user = users.get(ident)
            member = guild.get_member(int(ident)) if guild is not None else None
            shown = member or user
            return f"@{shown.display_name}" if shown is not None else match.group(0)

        text = _ANY_MENTION.sub(name, self.content)
        return text.replace("@everyone", "@\u200beveryone").replace("@here", "@\u200bhere")
