"""The ``type`` of a message, apart from :mod:`.message` so that a forward's snapshot
(:mod:`.snapshot`, which :mod:`.message` imports) can carry one too."""

from __future__ import annotations

from .base import OpenEnum

__all__ = ["MessageType"]


class MessageType(OpenEnum):
    """The ``type`` of a message. Members carry discord.py's names (``pins_add``,
    ``new_member``...) so ``message.type.name`` reads as it does there; Discord's own
    names (``CHANNEL_PINNED_MESSAGE``...) are aliases of the same members."""

    default = 0
    recipient_add = 1
    recipient_remove = 2
    call = 3
    channel_name_change = 4
    channel_icon_change = 5
    pins_add = 6
    new_member = 7
    premium_guild_subscription = 8
    premium_guild_tier_1 = 9
    premium_guild_tier_2 = 10
    premium_guild_tier_3 = 11
    channel_follow_add = 12
    guild_stream = 13
    guild_discovery_disqualified = 14
    guild_discovery_requalified = 15
    guild_discovery_grace_period_initial_warning = 16
    guild_discovery_grace_period_final_warning = 17
    thread_created = 18
    reply = 19
    chat_input_command = 20
    thread_starter_message = 21
    guild_invite_reminder = 22
    context_menu_command = 23
    auto_moderation_action = 24
    role_subscription_purchase = 25
    interaction_premium_upsell = 26
    stage_start = 27
    stage_end = 28
    stage_speaker = 29
    stage_raise_hand = 30
    stage_topic = 31
    guild_application_premium_subscription = 32
    guild_incident_alert_mode_enabled = 36
    guild_incident_alert_mode_disabled = 37
    guild_incident_report_raid = 38
    guild_incident_report_false_alarm = 39
    purchase_notification = 44
    poll_result = 46
    emoji_added = 63

    # Discord's spellings
    DEFAULT = 0
    RECIPIENT_ADD = 1
    RECIPIENT_REMOVE = 2
    CALL = 3
    CHANNEL_NAME_CHANGE = 4
    CHANNEL_ICON_CHANGE = 5
    CHANNEL_PINNED_MESSAGE = 6
    USER_JOIN = 7
    THREAD_CREATED = 18
    REPLY = 19
    CHAT_INPUT_COMMAND = 20
    THREAD_STARTER_MESSAGE = 21
    CONTEXT_MENU_COMMAND = 23
    POLL_RESULT = 46

    def is_deletable(self) -> bool:
        """Whether the message may be deleted: Discord keeps some notices it posts
        itself (someone added to or removed from a thread, a call, a rename, a new
        icon, a thread's starter), refusing their deletion with 50021."""
        return self not in _KEPT_BY_DISCORD


_KEPT_BY_DISCORD: frozenset[MessageType] = frozenset({
    MessageType.recipient_add, MessageType.recipient_remove, MessageType.call,
    MessageType.channel_name_change, MessageType.channel_icon_change,
    MessageType.thread_starter_message})
