"""Channel and thread mutations: making, changing and deleting a guild's channels,
starting threads, and who is a member of each thread.
"""

from __future__ import annotations

from typing import Any

import msgspec

from tidecord.models import (
    UNSET,
    Channel,
    Snowflake,
    ThreadMember,
    ThreadMetadata,
    to_builtins,
)

from ..builder import kind_fields, wire_attrs
from ..dispatch import Intent
from ..snowflakes import iso_timestamp
from .core import PRIVATE_THREAD, StateError
from .obfuscation import bot_view
from .scheduled_events import EventOps
from .stage_instances import StageOps
from .voice import VoiceOps

__all__ = ["MAX_ACTIVE_THREADS", "MAX_CHANNELS", "ChannelOps", "wire_attrs"]

# Discord's per-guild maximums; they also bound what a runaway bot can make the
# sandbox keep in memory.
MAX_CHANNELS = 500
MAX_ACTIVE_THREADS = 1000
class ChannelOps(VoiceOps, EventOps, StageOps):
    """A guild's channels and threads, and their members."""

    def create_channel(self, guild_id: int, name: str, *, type: int = 0, **fields: Any) -> Channel:
        """Create a guild channel and dispatch CHANNEL_CREATE."""
        self.guild(guild_id)
        if len(self.guild_channels[int(guild_id)]) >= MAX_CHANNELS:
            raise StateError(30013, f"Maximum number of guild channels reached ({MAX_CHANNELS})")
        extra: dict[str, Any] = {"topic": None, "last_message_id": None, "rate_limit_per_user": 0,
                                 "last_pin_timestamp": None} if type in (0, 5) else {}
        extra.update(kind_fields(type))
        extra.update(permission_overwrites=[], nsfw=False, parent_id=None, flags_value=0)
        extra.update({k: v for k, v in fields.items() if v is not UNSET})
        extra = wire_attrs(extra)
        if extra["parent_id"] is not None:
            extra["parent_id"] = Snowflake(self._category_of(guild_id, extra["parent_id"]))
        channel = Channel(
            id=self.new_id(), type=type, guild_id=Snowflake(guild_id),
            position=self.next_position(guild_id), name=name, **extra,
        )
        self.guild_channels[int(guild_id)][channel.id] = channel
        self.channels[channel.id] = channel
        self._emit_channel("CHANNEL_CREATE", channel, int(guild_id))
        return channel

    def _category_of(self, guild_id: int, parent_id: Any) -> int:
        """``parent_id`` when it names a category of the guild; else 50035, as Discord
        words it for a channel it does not know and for one that is no category."""
        parent = self.guild_channels[int(guild_id)].get(int(parent_id))
        if parent is None:
            raise StateError(50035, "Invalid Form Body", errors={
                "parent_id": ("CHANNEL_PARENT_INVALID", "Category does not exist")})
        if parent.type != 4:
            raise StateError(50035, "Invalid Form Body", errors={
                "parent_id": ("CHANNEL_PARENT_INVALID_TYPE", "Not a category")})
        return int(parent_id)

    def update_channel(self, channel_id: int, **changes: Any) -> Channel:
        """Change a channel (or thread) and dispatch CHANNEL_UPDATE / THREAD_UPDATE."""
        channel = self.channel(channel_id)
        changes = wire_attrs({k: v for k, v in changes.items() if v is not UNSET})
        parent, gid = changes.get("parent_id"), self.guild_id_of(channel)
        if parent is not None and gid is not None:
            # A category of the guild (as when creating), kept as an id that answers as
            # a string however the request wrote it.
            changes["parent_id"] = Snowflake(self._category_of(gid, parent))
        before = channel.thread_metadata
        channel = msgspec.structs.replace(channel, **changes)
        self.put_channel(channel)
        if channel.is_thread:
            self.emit("THREAD_UPDATE", channel, guild_id=gid, channel_id=int(channel.id))
            after = channel.thread_metadata
            mine = self.thread_members.get(int(channel.id), {}).get(self.bot_user.id)
            if before is not UNSET and before.archived and after is not UNSET \
                    and not after.archived and mine is not None:
                # Discord's threads topic: an unarchived thread's members are each sent
                # their thread member after THREAD_UPDATE (THREAD_UPDATE has none).
                self._emit_own_member(ThreadMember(
                    thread_id=Snowflake(channel.id), id=Snowflake(self.bot_user.id),
                    join_timestamp=iso_timestamp(mine)), gid)
        else:
            self._emit_channel("CHANNEL_UPDATE", channel, gid)
        return channel

    def delete_channel(self, channel_id: int) -> Channel:
        """Delete a channel (or thread) and dispatch CHANNEL_DELETE / THREAD_DELETE."""
        channel = self.channel(channel_id)
        gid = self.guild_id_of(channel)
        # Asked before it goes: THREAD_DELETE reaches the bot if it saw the thread, and
        # CHANNEL_DELETE shows the channel as the bot knew it.
        seen = gid is not None and self.sees(channel.id, self.bot_user.id)
        shown = bot_view(self, channel)
        if gid is not None and channel.type == 4:
            # A category's channels stay, out of any category: CHANNEL_UPDATE for each,
            # before the category goes, so no client holds a channel whose parent is gone.
            for child in [c for c in self.guild_channels[gid].values()
                          if c.parent_id == channel.id and not c.is_thread]:
                self.update_channel(child.id, parent_id=None)
        self.disconnect_voice_in(channel.id)
        self.drop_channel_events(channel.id)
        self.end_channel_stage(channel.id)
        del self.channels[channel.id]
        if gid is not None:
            self.guild_channels[gid].pop(channel.id, None)
            self.threads[gid].pop(channel.id, None)
        self.messages.pop(channel.id, None)
        if gid is not None and not channel.is_thread:
            # Its threads go with it, told by CHANNEL_DELETE alone: Discord sends no
            # THREAD_DELETE for them (discord.py and hikari drop them on CHANNEL_DELETE).
            for tid in [t for t, c in self.threads[gid].items() if c.parent_id == channel.id]:
                del self.channels[tid], self.threads[gid][tid]
                for kept in (self.messages, self.thread_members, self.pins):
                    kept.pop(tid, None)
        gone = [wid for wid, hook in self.webhooks.items() if hook.channel_id == channel.id]
        for wid in gone:
            del self.webhooks[wid]
        for code in [c for c, i in self.invites.items() if i.channel_id == channel.id]:
            del self.invites[code]
        if channel.is_thread:
            self.emit("THREAD_DELETE", {"id": channel.id, "guild_id": channel.guild_id,
                                        "parent_id": channel.parent_id, "type": channel.type},
                      guild_id=gid, bot_sees=seen)
        else:
            self.emit("CHANNEL_DELETE", channel, guild_id=gid,
                      bot_data=shown if shown is not channel else None)
        return channel

    def _emit_channel(self, event: str, channel: Channel, guild_id: int | None) -> None:
        """A guild channel's event: in full on the feed, obfuscated for a bot that may
        not view it (see ``obfuscation.py``)."""
        shown = bot_view(self, channel)
        self.emit(event, channel, guild_id=guild_id,
                  bot_data=shown if shown is not channel else None)

    def create_thread(
        self, parent_id: int, name: str, owner_id: int, *, type: int = 11,
        message_id: int | None = None, auto_archive_duration: int = 1440,
        invitable: bool = True, applied_tags: list[Snowflake] | None = None,
        rate_limit_per_user: int | None = None,
    ) -> Channel:
        """Start a thread (from a message when ``message_id``) and dispatch THREAD_CREATE.
        ``invitable`` (whether its members may add others) is kept for a private thread
        only: Discord's thread metadata has it on private threads alone; ``applied_tags``
        (already checked) for a forum or media post only; ``rate_limit_per_user`` (checked)
        the slowmode asked for, else the parent's default for its threads."""
        parent = self.channel(parent_id)
        gid = self.guild_id_of(parent)
        if gid is None or parent.type not in (0, 5, 15, 16):
            raise StateError(50024, "Cannot execute action on this channel type")
        if len(self.threads[gid]) >= MAX_ACTIVE_THREADS:
            raise StateError(160006, "Maximum number of active threads reached")
        thread_id = self.new_id() if message_id is None else Snowflake(message_id)
        if thread_id in self.channels:
            raise StateError(160004, "A thread has already been created for this message")
        now = self.now_iso()
        # Discord's channel docs: the parent's default_thread_rate_limit_per_user is
        # copied to a new thread's slowmode, once (it does not follow later changes),
        # unless the thread is started with its own.
        slowmode = (rate_limit_per_user if rate_limit_per_user is not None
                    else parent.default_thread_rate_limit_per_user)
        thread = Channel(
            id=thread_id, type=type, guild_id=Snowflake(gid), name=name, parent_id=parent.id,
            owner_id=Snowflake(owner_id), last_message_id=None,
            rate_limit_per_user=slowmode if isinstance(slowmode, int) else 0,
            message_count=0, member_count=1, total_message_sent=0, flags_value=0,
            thread_metadata=ThreadMetadata(
                archived=False, auto_archive_duration=auto_archive_duration,
                archive_timestamp=now, locked=False, create_timestamp=now,
                invitable=invitable if type == PRIVATE_THREAD else UNSET,
            ),
            # A forum or media post carries its tags (maybe none), as Discord's.
            applied_tag_ids=list(applied_tags or []) if parent.type in (15, 16) else UNSET,
        )
        self.threads[gid][thread.id] = thread
        self.channels[thread.id] = thread
        self.thread_members[int(thread.id)] = {int(owner_id): self.clock.time_ms()}
        # Only THREAD_CREATE marks it new, and its ``member`` is the bot's own thread
        # member (the channel object's field, "for the current user"): there when the
        # bot started the thread, as one joins the thread one starts; else none. The
        # thread as stored, and so as REST and THREAD_UPDATE show it, has neither.
        mine = ThreadMember(thread_id=thread_id, id=Snowflake(owner_id), join_timestamp=now) \
            if int(owner_id) == self.bot_user.id else UNSET
        self.emit("THREAD_CREATE", msgspec.structs.replace(thread, member=mine, newly_created=True),
                  guild_id=gid, channel_id=int(thread.id))
        if message_id is not None:
            message = self.message(parent.id, message_id)
            self.messages[parent.id][message.id] = msgspec.structs.replace(
                message, thread_data=thread, flags_value=message.flags_value | (1 << 5))
        return thread

    def _emit_own_member(self, member: ThreadMember, guild_id: int | None) -> None:
        """THREAD_MEMBER_UPDATE: the bot's own thread member."""
        assert member.thread_id is not UNSET  # the sandbox's own thread members are whole
        self.emit("THREAD_MEMBER_UPDATE", {**to_builtins(member), "guild_id": str(guild_id)},
                  guild_id=guild_id, channel_id=int(member.thread_id))

    def thread_member_list(self, thread_id: int) -> list[ThreadMember]:
        """The members of a thread, by user id."""
        members = self.thread_members.get(int(thread_id), {})
        return [ThreadMember(thread_id=Snowflake(thread_id), id=Snowflake(uid),
                             join_timestamp=iso_timestamp(at))
                for uid, at in sorted(members.items())]

    def set_thread_member(self, thread_id: int, user_id: int, member: bool) -> None:
        """Add a user to a thread or take them off: THREAD_MEMBERS_UPDATE (and, for the
        bot itself, THREAD_MEMBER_UPDATE), as Discord. Without the server members
        intent a connection hears of the bot's own comings and goings only."""
        thread = self.channel(thread_id)
        gid = self.guild_id_of(thread)
        members = self.thread_members.setdefault(int(thread.id), {})
        uid = int(user_id)
        if member == (uid in members):
            return
        if member:
            members[uid] = self.clock.time_ms()
        else:
            del members[uid]
        count = min(len(members), 50)  # "approximate, capped at 50"
        # The thread keeps the count, so what shows it next (the THREAD_CREATE below,
        # REST, a later THREAD_UPDATE) has the count of now.
        thread = msgspec.structs.replace(thread, member_count=count)
        self.put_channel(thread)
        data: dict[str, Any] = {"id": str(thread.id), "guild_id": str(gid)}
        if member:
            added = ThreadMember(thread_id=Snowflake(thread.id), id=Snowflake(uid),
                                 join_timestamp=iso_timestamp(members[uid]))
            data["added_members"] = [{**to_builtins(added),
                                      "member": self.members.get(gid or 0, {}).get(uid)}]
            if uid == self.bot_user.id:
                # Discord's threads topic: a user added to any thread, public or private
                # (moderators too), is sent THREAD_CREATE, so it holds the thread before
                # the membership events. It carries the bot's thread member: the gateway
                # docs name it for private threads; for public ones they are silent, and
                # the bot is a member all the same.
                self.emit("THREAD_CREATE", msgspec.structs.replace(
                    thread, member=added, newly_created=UNSET),
                    guild_id=gid, channel_id=int(thread.id))
                self._emit_own_member(added, gid)
        else:
            data["removed_member_ids"] = [str(uid)]
        data["member_count"] = count
        itself = uid == self.bot_user.id
        # The threads topic: a member taken off a thread is told so even when it no
        # longer sees the thread (a private one it does not moderate, or a channel
        # whose View Channel it lost).
        self.emit("THREAD_MEMBERS_UPDATE", data, guild_id=gid, channel_id=int(thread.id),
                  intent=Intent.GUILDS if itself else None,
                  bot_sees=True if itself and not member else None)
