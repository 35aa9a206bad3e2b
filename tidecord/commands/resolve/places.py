"""Text -> channels, threads, roles, guilds and scheduled events, from the cache (no REST).

Channels are looked for by id, ``<#id>`` mention or link, else by name, in the
subject's guild (in a DM: every cached guild); ``kind`` narrows the result to one
of discord.py's channel classes (``TextChannel``, ``VoiceChannel``...). Of channels
sharing a name, the first is found in discord.py's order: for one kind, by position
(its ``guild.text_channels``...); for any channel, and for threads, in the order
the cache got them (its ``guild.channels``, ``guild.threads``, ``get_all_channels``).
"""

from __future__ import annotations

from typing import Any

from ...models import Channel, Guild, Role
from ...models.kinds import GuildChannel
from ...models.scheduled_event import ScheduledEvent
from ..subject import client_of, guild_of
from .ids import channel_id, event_link, role_id, snowflake

__all__ = ["guild", "guild_channel", "role", "scheduled_event", "thread"]


def _listed(channels: Any) -> list[Channel]:
    return list(channels.values()) if isinstance(channels, dict) else list(channels or ())


def _by_position(channels: Any) -> list[Channel]:
    found = _listed(channels)
    found.sort(key=lambda c: (c.position if isinstance(c.position, int) else 0, c.id))
    return found


def guild_channel(subject: Any, text: str, kind: type = GuildChannel) -> Channel | None:
    """The guild channel ``text`` names, if it is a ``kind``."""
    cid = channel_id(text)
    here = guild_of(subject)
    found: Any = None
    if cid is None:
        if here is not None:
            candidates = _listed(here.channels) if kind is GuildChannel \
                else _by_position(here.channels)
        else:
            candidates = [c for g in client_of(subject).guilds for c in _listed(g.channels)]
        found = next((c for c in candidates if isinstance(c, kind) and c.name == text), None)
    elif here is not None:
        found = here.get_channel(cid)
    else:
        found = next((c for g in client_of(subject).guilds if (c := g.get_channel(cid))), None)
    return found if isinstance(found, kind) else None  # type: ignore[return-value]


def thread(subject: Any, text: str) -> Channel | None:
    """The thread of the subject's guild that ``text`` names (none outside a guild)."""
    here = guild_of(subject)
    if here is None:
        return None
    tid = channel_id(text)
    found: Any
    if tid is None:
        found = next((t for t in _listed(here.threads) if t.name == text), None)
    else:
        found = here.get_thread(tid)
    return found if isinstance(found, Channel) and found.is_thread else None


def role(subject: Any, text: str) -> Role | None:
    """The role of the subject's guild that ``text`` names: id, ``<@&id>`` or name."""
    here = guild_of(subject)
    if here is None:
        return None
    rid = role_id(text)
    if rid is not None:
        return here.get_role(rid)  # type: ignore[no-any-return]
    roles = here.roles.values() if isinstance(here.roles, dict) else here.roles
    return next((r for r in roles if r.name == text), None)


def guild(subject: Any, text: str) -> Guild | None:
    """The cached guild ``text`` names: by id, else by name."""
    client = client_of(subject)
    gid = snowflake(text)
    found = client.get_guild(gid) if gid is not None else None
    if found is None:
        found = next((g for g in client.guilds if g.name == text), None)
    return found


def scheduled_event(subject: Any, text: str) -> ScheduledEvent | None:
    """The scheduled event ``text`` names: by id, else by link (in the guild it
    names), else by name; in the subject's guild (in a DM: every cached guild)."""
    here = guild_of(subject)
    client = client_of(subject)
    guilds = [here] if here is not None else list(client.guilds)
    eid = snowflake(text)
    if eid is not None:
        return next((e for g in guilds if (e := g.get_scheduled_event(eid))), None)
    link = event_link(text)
    if link is not None:
        linked = client.get_guild(link[0])
        return None if linked is None else linked.get_scheduled_event(link[1])
    return next((e for g in guilds for e in g.scheduled_events if e.name == text), None)
