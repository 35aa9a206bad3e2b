"""The bot's presence: online while it has a live gateway connection, as Discord shows it.

The status and activities are the ones the bot asked for (Identify's ``presence``,
then op 3), each shard's in the guilds on that shard; with no identified connection
left on a guild's shard the bot is offline there. Each change goes out as
PRESENCE_UPDATE to the chat page's feed only: the sandbox serves one bot, so no other
gateway client is there to be told.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tidecord.models import ActivityData, PresenceUpdate, Snowflake, UpdatePresence

if TYPE_CHECKING:
    from ..state import State

__all__ = ["BotPresence"]

# What op 3 may ask for; "invisible" looks offline to everyone else.
_STATUSES = {"online", "idle", "dnd", "invisible", "offline"}


class BotPresence:
    """Tracks the bot's status in each guild from its connections and presence updates.

    On Discord a presence belongs to a session: each shard sets its own (Identify's,
    then op 3), and a guild shows the one of the shard it is on, offline while that
    shard has no live connection.
    """

    def __init__(self, state: State) -> None:
        self.state = state
        self._asked: dict[int, UpdatePresence] = {}  # by shard id
        self._live: dict[int, int] = {}  # shard id -> shard count, for each live shard
        self._shown: dict[int, tuple[str, list[ActivityData]]] = {}  # by guild id

    @property
    def status(self) -> str:
        """What others see (``online``, ``idle``, ``dnd`` or ``offline``): the lowest
        live shard's status (shard 0's, the one DMs come to, once it is up)."""
        return self._of_shard(min(self._live, default=None))[0]

    @property
    def activities(self) -> list[ActivityData]:
        """What the bot says it is doing there (none while offline)."""
        return self._of_shard(min(self._live, default=None))[1]

    def identified(self, shard_id: int, presence: UpdatePresence | None) -> None:
        """A new session starts with Identify's presence (or plain online)."""
        self.ask(shard_id, presence or UpdatePresence())

    def ask(self, shard_id: int, presence: UpdatePresence) -> None:
        """Op 3 on shard ``shard_id``: the status and activities its guilds show (an
        unknown status is ignored)."""
        if presence.status in _STATUSES:
            self._asked[shard_id] = presence
            self._publish()

    def connections_changed(self, live: dict[int, int]) -> None:
        """The shards with an identified, open connection changed (id -> shard count)."""
        self._live = dict(live)
        self._publish()

    def in_guild(self, guild_id: int) -> tuple[str, list[ActivityData]]:
        """The bot's status and activities in a guild: those of the shard it is on."""
        for shard_id, count in self._live.items():
            if (guild_id >> 22) % count == shard_id:
                return self._of_shard(shard_id)
        return "offline", []

    def _of_shard(self, shard_id: int | None) -> tuple[str, list[ActivityData]]:
        if shard_id is None:
            return "offline", []
        asked = self._asked.get(shard_id, UpdatePresence())
        if asked.status in ("invisible", "offline"):
            return "offline", []
        return asked.status, asked.activities

    def payloads(self) -> dict[int, PresenceUpdate]:
        """The bot's PRESENCE_UPDATE for each guild it is in, by guild id."""
        bot_id = self.state.bot_user.id
        updates = {}
        for gid, members in self.state.members.items():
            if bot_id in members:
                status, activities = self.in_guild(gid)
                updates[gid] = PresenceUpdate(
                    user={"id": str(bot_id)}, guild_id=Snowflake(gid), status=status,
                    activities=activities,
                    client_status={} if status == "offline" else {"desktop": status})
        return updates

    def snapshot(self) -> list[dict[str, Any]]:
        """Presences for the control API's /state: ``[{user: {id}, status, activities}]``."""
        return [{"user": {"id": str(self.state.bot_user.id)}, "status": self.status,
                 "activities": self.activities}]

    def _publish(self) -> None:
        for gid, update in self.payloads().items():
            shown = (update.status, update.activities)
            if self._shown.get(gid, ("offline", [])) != shown:
                self._shown[gid] = shown
                self.state.emit("PRESENCE_UPDATE", update, guild_id=gid, feed_only=True)
