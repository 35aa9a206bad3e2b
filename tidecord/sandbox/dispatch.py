"""A dispatch: one gateway event, encoded once, filtered per connection.

The state builds a :class:`Dispatch` for every change; the gateway hands it to each
session whose shard and intents want it, and the chat page's feed streams it. The
JSON of ``d`` is encoded at most twice (full, and without message content) however
many connections receive it.
"""

from __future__ import annotations

from typing import Any

import msgspec

from tidecord.models import UNSET, Message, UnsetType, encode
from tidecord.models.automod import AutoModAction

__all__ = ["Dispatch", "Intent", "intent_for"]


class Intent:
    """Intent bits (Discord's names), for routing."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MODERATION = 1 << 2
    GUILD_EXPRESSIONS = 1 << 3
    GUILD_INTEGRATIONS = 1 << 4
    GUILD_WEBHOOKS = 1 << 5
    GUILD_INVITES = 1 << 6
    GUILD_VOICE_STATES = 1 << 7
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    GUILD_MESSAGE_REACTIONS = 1 << 10
    GUILD_MESSAGE_TYPING = 1 << 11
    DIRECT_MESSAGES = 1 << 12
    DIRECT_MESSAGE_REACTIONS = 1 << 13
    DIRECT_MESSAGE_TYPING = 1 << 14
    MESSAGE_CONTENT = 1 << 15
    GUILD_SCHEDULED_EVENTS = 1 << 16
    AUTO_MODERATION_CONFIGURATION = 1 << 20
    AUTO_MODERATION_EXECUTION = 1 << 21
    GUILD_MESSAGE_POLLS = 1 << 24
    DIRECT_MESSAGE_POLLS = 1 << 25
    # Bits Discord defines but leaves out of its docs (17 GUILD_EMBEDDED_ACTIVITIES, 18
    # PRIVATE_CHANNELS, 19 CALLS, 22 USER_RELATIONSHIPS, 23 USER_PRESENCE, 26
    # DIRECT_EMBEDDED_ACTIVITIES, 27 LOBBIES, 28 LOBBY_DELETE): an Identify may ask for
    # them (bots ask 17 for activity updates, and interactions.py's default and ALL
    # intents carry it), and the sandbox has nothing to send for them.
    UNDOCUMENTED = ((1 << 17) | (1 << 18) | (1 << 19) | (1 << 22) | (1 << 23) | (1 << 26)
                    | (1 << 27) | (1 << 28))
    # Every bit Discord defines; anything else in Identify is closed with 4013.
    KNOWN = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (
        1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (
        1 << 14) | (1 << 15) | (1 << 16) | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25
    ) | UNDOCUMENTED


# event -> (intent in a guild, intent in DMs); 0 means every connection gets it.
_ROUTES: dict[str, tuple[int, int]] = {
    "GUILD_CREATE": (Intent.GUILDS, 0),
    "GUILD_UPDATE": (Intent.GUILDS, 0),
    "GUILD_DELETE": (Intent.GUILDS, 0),
    "GUILD_ROLE_CREATE": (Intent.GUILDS, 0),
    "GUILD_ROLE_UPDATE": (Intent.GUILDS, 0),
    "GUILD_ROLE_DELETE": (Intent.GUILDS, 0),
    "CHANNEL_CREATE": (Intent.GUILDS, 0),
    "CHANNEL_UPDATE": (Intent.GUILDS, 0),
    "CHANNEL_DELETE": (Intent.GUILDS, 0),
    "CHANNEL_PINS_UPDATE": (Intent.GUILDS, Intent.DIRECT_MESSAGES),
    "STAGE_INSTANCE_CREATE": (Intent.GUILDS, 0),
    "STAGE_INSTANCE_UPDATE": (Intent.GUILDS, 0),
    "STAGE_INSTANCE_DELETE": (Intent.GUILDS, 0),
    "VOICE_CHANNEL_STATUS_UPDATE": (Intent.GUILDS, 0),
    "THREAD_CREATE": (Intent.GUILDS, 0),
    "THREAD_UPDATE": (Intent.GUILDS, 0),
    "THREAD_DELETE": (Intent.GUILDS, 0),
    "THREAD_LIST_SYNC": (Intent.GUILDS, 0),
    "THREAD_MEMBER_UPDATE": (Intent.GUILDS, 0),
    "THREAD_MEMBERS_UPDATE": (Intent.GUILD_MEMBERS, 0),
    "GUILD_MEMBER_ADD": (Intent.GUILD_MEMBERS, 0),
    "GUILD_MEMBER_UPDATE": (Intent.GUILD_MEMBERS, 0),
    "GUILD_MEMBER_REMOVE": (Intent.GUILD_MEMBERS, 0),
    "GUILD_BAN_ADD": (Intent.GUILD_MODERATION, 0),
    "GUILD_BAN_REMOVE": (Intent.GUILD_MODERATION, 0),
    "GUILD_EMOJIS_UPDATE": (Intent.GUILD_EXPRESSIONS, 0),
    "GUILD_STICKERS_UPDATE": (Intent.GUILD_EXPRESSIONS, 0),
    "GUILD_SOUNDBOARD_SOUND_CREATE": (Intent.GUILD_EXPRESSIONS, 0),
    "GUILD_SOUNDBOARD_SOUND_UPDATE": (Intent.GUILD_EXPRESSIONS, 0),
    "GUILD_SOUNDBOARD_SOUND_DELETE": (Intent.GUILD_EXPRESSIONS, 0),
    "GUILD_SOUNDBOARD_SOUNDS_UPDATE": (Intent.GUILD_EXPRESSIONS, 0),
    "PRESENCE_UPDATE": (Intent.GUILD_PRESENCES, 0),
    "GUILD_INTEGRATIONS_UPDATE": (Intent.GUILD_INTEGRATIONS, 0),
    "INTEGRATION_CREATE": (Intent.GUILD_INTEGRATIONS, 0),
    "INTEGRATION_UPDATE": (Intent.GUILD_INTEGRATIONS, 0),
    "INTEGRATION_DELETE": (Intent.GUILD_INTEGRATIONS, 0),
    "WEBHOOKS_UPDATE": (Intent.GUILD_WEBHOOKS, 0),
    "INVITE_CREATE": (Intent.GUILD_INVITES, 0),
    "GUILD_AUDIT_LOG_ENTRY_CREATE": (Intent.GUILD_MODERATION, 0),
    "INVITE_DELETE": (Intent.GUILD_INVITES, 0),
    "MESSAGE_CREATE": (Intent.GUILD_MESSAGES, Intent.DIRECT_MESSAGES),
    "MESSAGE_UPDATE": (Intent.GUILD_MESSAGES, Intent.DIRECT_MESSAGES),
    "MESSAGE_DELETE": (Intent.GUILD_MESSAGES, Intent.DIRECT_MESSAGES),
    "MESSAGE_DELETE_BULK": (Intent.GUILD_MESSAGES, 0),
    "MESSAGE_REACTION_ADD": (Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE": (Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE_ALL": (
        Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
    "MESSAGE_REACTION_REMOVE_EMOJI": (
        Intent.GUILD_MESSAGE_REACTIONS, Intent.DIRECT_MESSAGE_REACTIONS),
    "TYPING_START": (Intent.GUILD_MESSAGE_TYPING, Intent.DIRECT_MESSAGE_TYPING),
    "VOICE_STATE_UPDATE": (Intent.GUILD_VOICE_STATES, 0),
    "MESSAGE_POLL_VOTE_ADD": (Intent.GUILD_MESSAGE_POLLS, Intent.DIRECT_MESSAGE_POLLS),
    "MESSAGE_POLL_VOTE_REMOVE": (Intent.GUILD_MESSAGE_POLLS, Intent.DIRECT_MESSAGE_POLLS),
    "GUILD_SCHEDULED_EVENT_CREATE": (Intent.GUILD_SCHEDULED_EVENTS, 0),
    "GUILD_SCHEDULED_EVENT_UPDATE": (Intent.GUILD_SCHEDULED_EVENTS, 0),
    "GUILD_SCHEDULED_EVENT_DELETE": (Intent.GUILD_SCHEDULED_EVENTS, 0),
    "GUILD_SCHEDULED_EVENT_USER_ADD": (Intent.GUILD_SCHEDULED_EVENTS, 0),
    "GUILD_SCHEDULED_EVENT_USER_REMOVE": (Intent.GUILD_SCHEDULED_EVENTS, 0),
    "AUTO_MODERATION_RULE_CREATE": (Intent.AUTO_MODERATION_CONFIGURATION, 0),
    "AUTO_MODERATION_RULE_UPDATE": (Intent.AUTO_MODERATION_CONFIGURATION, 0),
    "AUTO_MODERATION_RULE_DELETE": (Intent.AUTO_MODERATION_CONFIGURATION, 0),
    "AUTO_MODERATION_ACTION_EXECUTION": (Intent.AUTO_MODERATION_EXECUTION, 0),
}


def intent_for(event: str, guild_id: int | None) -> int:
    """The intent a connection needs to receive ``event`` (0: none needed)."""
    route = _ROUTES.get(event)
    if route is None:
        return 0
    return route[0] if guild_id is not None else route[1]


class Dispatch:
    """One event for the gateway and the feed.

    ``content_gated`` marks messages whose content only connections with the
    MESSAGE_CONTENT intent may read (guild messages by others that do not mention
    the bot).
    """

    __slots__ = (
        "_bot", "_full", "_stripped", "bot_data", "bot_visible", "content_gated", "data", "event",
        "guild_id", "intent",
    )

    def __init__(
        self,
        event: str,
        data: Any,
        *,
        guild_id: int | None = None,
        content_gated: bool = False,
        bot_visible: bool = True,
        intent: int | None = None,
        bot_data: Any = None,
    ) -> None:
        self.event = event
        # False for events in channels the bot cannot view: the gateway drops them.
        self.bot_visible = bot_visible
        self.data = data
        # What the bot's gateway gets instead of ``data``, when it differs (an
        # obfuscated channel); the feed always shows ``data``.
        self.bot_data = bot_data
        self.guild_id = guild_id
        # ``intent``: what this one needs when it differs from its kind's usual.
        self.intent = intent_for(event, guild_id) if intent is None else intent
        self.content_gated = content_gated
        self._full: bytes | None = None
        self._stripped: bytes | None = None
        self._bot: bytes | None = None

    def payload(self, message_content: bool = True) -> bytes:
        """The JSON of ``d`` as a connection with (or without) MESSAGE_CONTENT sees it."""
        if message_content or not self.content_gated:
            if self._full is None:
                self._full = encode(self.data)
            return self._full
        if self._stripped is None:
            self._stripped = encode(strip_content(self.data))
        return self._stripped

    def bot_payload(self, message_content: bool = True) -> bytes:
        """The JSON of ``d`` as the bot's gateway sends it."""
        if self.bot_data is None:
            return self.payload(message_content)
        if self._bot is None:
            self._bot = encode(self.bot_data)
        return self._bot

    def __repr__(self) -> str:
        return f"Dispatch({self.event}, guild_id={self.guild_id})"


def strip_content(data: Any) -> Any:
    """A message (or an AutoMod execution) as a bot without the MESSAGE_CONTENT intent
    receives it."""
    if isinstance(data, AutoModAction):
        return msgspec.structs.replace(data, content="", matched_content=None)
    if isinstance(data, Message):
        snapshots = data.snapshots_data
        if not isinstance(snapshots, UnsetType):
            # A forward's copy is content too.
            snapshots = [msgspec.structs.replace(envelope, message=msgspec.structs.replace(
                envelope.message, content="", embeds=[], attachments=[], components=[]))
                for envelope in snapshots]
        return msgspec.structs.replace(
            data, content="", embeds=[], attachments=[],
            components=[] if data.components is not UNSET else UNSET, poll_data=UNSET,
            snapshots_data=snapshots,
        )
    return data
