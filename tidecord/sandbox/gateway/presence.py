"""The bot's presence: online while it has a live gateway connection, as Discord shows it.

The status and activities are the ones the bot asked for (Identify's ``presence``,
then op 3); with no identified connection left it is offline. Each change goes out as
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
    """Tracks the bot's status from its connections and presence updates."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.live = 0
        self._asked = UpdatePresence()
        self._shown: tuple[str, list[ActivityData]] = ("offline", [])

    @property
    def status(self) -> str:
        """What others see: ``online``, ``idle``, ``dnd`` or ``offline``."""
        if self.live == 0 or self._asked.status in ("invisible", "offline"):
            return "offline"
        return self._asked.status

    @property
    def activities(self) -> list[ActivityData]:
        """What the bot says it is doing (none while offline)."""
        return self._asked.activities if self.status != "offline" else []

    def identified(self, presence: UpdatePresence | None) -> None:
        """A new session starts with Identify's presence (or plain online)."""
        self.ask(presence or UpdatePresence())

    def ask(self, presence: UpdatePresence) -> None:
        """Op 3: the bot sets its status and activities (an unknown status is ignored)."""
        if presence.status in _STATUSES:
            self._asked = presence
            self._publish()

    def connections_changed(self, live: int) -> None:
        """The number of identified, open connections changed."""
        self.live = live
        self._publish()

    def payloads(self) -> dict[int, PresenceUpdate]:
        """The bot's PRESENCE_UPDATE for each guild it is in, by guild id."""
        bot_id = self.state.bot_user.id
        status = self.status
        return {
            gid: PresenceUpdate(user={"id": str(bot_id)}, guild_id=Snowflake(gid), status=status,
                                activities=self.activities,
                                client_status={} if status == "offline" else {"desktop": status})
            for gid, members in self.state.members.items() if bot_id in members
        }

    def snapshot(self) -> list[dict[str, Any]]:
        """Presences for the control API's /state: ``[{user: {id}, status, activities}]``."""
        return [{"user": {"id": str(self.state.bot_user.id)}, "status": self.status,
                 "activities": self.activities}]

    def _publish(self) -> None:
        shown = (self.status, self.activities)
        if shown == self._shown:
            return
        self._shown = shown
        for gid, update in self.payloads().items():
            self.state.emit("PRESENCE_UPDATE", update, guild_id=gid, feed_only=True)
