"""What the bot is sent when a change lets it view more channels.

Discord's change log of 12 August 2026: a channel stops being obfuscated the moment
the bot gains access to it (a permission overwrite or a role change), and the gateway
then sends CHANNEL_UPDATE with the channel in full. The threads topic adds
THREAD_LIST_SYNC for the active threads of the channels gained, with the bot's thread
members. Losing a channel sends nothing but the event that caused it: the threads topic
says so of threads, and for channels Discord says nothing more, so the sandbox sends
nothing more (the next GUILD_CREATE shows the channel obfuscated).
"""

from __future__ import annotations

from typing import Any

from tidecord.models import Channel, Member, Role, Snowflake

from .guilds import GuildOps
from .obfuscation import viewed_ids

__all__ = ["VisibilityOps"]


class VisibilityOps(GuildOps):
    """Role, bot member and channel changes, followed by what the bot gained (a new
    channel is announced by its own CHANNEL_CREATE, but may open its category)."""

    def update_role(self, guild_id: int, role_id: int, **changes: Any) -> Role:
        before = viewed_ids(self, int(guild_id))
        role = super().update_role(guild_id, role_id, **changes)
        self._announce_gains(int(guild_id), before)
        return role

    def delete_role(self, guild_id: int, role_id: int) -> None:
        before = viewed_ids(self, int(guild_id))
        super().delete_role(guild_id, role_id)
        self._announce_gains(int(guild_id), before)

    def update_member(self, guild_id: int, user_id: int, **changes: Any) -> Member:
        if int(user_id) != self.bot_user.id:
            return super().update_member(guild_id, user_id, **changes)
        before = viewed_ids(self, int(guild_id))
        member = super().update_member(guild_id, user_id, **changes)
        self._announce_gains(int(guild_id), before)
        return member

    def create_channel(self, guild_id: int, name: str, *, type: int = 0,
                       **fields: Any) -> Channel:
        # A channel the bot views makes its category viewable too; the channel itself
        # is new, no gain (no THREAD_LIST_SYNC: it has no threads).
        before = viewed_ids(self, int(guild_id))
        channel = super().create_channel(guild_id, name, type=type, **fields)
        self._announce_gains(int(guild_id), before | {int(channel.id)})
        return channel

    def update_channel(self, channel_id: int, **changes: Any) -> Channel:
        channel = self.channel(channel_id)
        gid = self.guild_id_of(channel)
        if gid is None or channel.is_thread:
            return super().update_channel(channel_id, **changes)
        before = viewed_ids(self, gid)
        updated = super().update_channel(channel_id, **changes)
        # Its own CHANNEL_UPDATE has just shown it in full, if the bot now views it.
        self._announce_gains(gid, before, announced=int(updated.id))
        return updated

    def _announce_gains(self, guild_id: int, before: set[int], *,
                        announced: int | None = None) -> None:
        """CHANNEL_UPDATE in full for each channel the bot views now and did not before,
        then one THREAD_LIST_SYNC for their active threads."""
        gained = viewed_ids(self, guild_id) - before
        if not gained:
            return
        box = self.guild_channels[guild_id]
        channels = sorted((box[cid] for cid in gained), key=_place)
        for channel in channels:
            if channel.id != announced:
                self.emit("CHANNEL_UPDATE", channel, guild_id=guild_id, bot_sees=True)
        ids = {c.id for c in channels}
        bot = self.bot_user.id
        # The bot's membership goes in ``members``, not in the threads.
        threads = [t for t in self.threads.get(guild_id, {}).values()
                   if t.parent_id in ids and not t.archived and self.sees(t.id, bot)]
        members = [m for t in threads for m in self.thread_member_list(t.id) if m.id == bot]
        self.emit("THREAD_LIST_SYNC", {
            "guild_id": Snowflake(guild_id), "channel_ids": [c.id for c in channels],
            "threads": threads, "members": members}, guild_id=guild_id, bot_sees=True)


def _place(channel: Channel) -> tuple[int, int]:
    return (channel.position if isinstance(channel.position, int) else 0, channel.id)
