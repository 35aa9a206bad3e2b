"""The sandbox's in-memory world: every mutation goes through :class:`State`.

Each mutation dispatches the gateway event Discord would send, to every
subscriber (the gateway hub, which filters by shard and intents, and the feed).
"""

from .automod import AutoModOps
from .command_permissions import CommandPermissionOps
from .core import StateError
from .entitlements import EntitlementOps
from .guilds import GuildOps
from .integrations import IntegrationOps
from .invites import InviteOps
from .messages import MessageOps, emoji_key
from .polls import PollOps
from .soundboard import SoundboardOps
from .subscriptions import SubscriptionOps
from .system_messages import SystemMessageOps
from .visibility import VisibilityOps

__all__ = ["State", "StateError", "emoji_key"]


class State(SystemMessageOps, PollOps, MessageOps, IntegrationOps, VisibilityOps, GuildOps,
            InviteOps, AutoModOps, EntitlementOps, SubscriptionOps, SoundboardOps,
            CommandPermissionOps):
    """Guilds, channels, roles, members, users, messages, reactions, polls, commands,
    webhooks, invites, entitlements, subscriptions, live stages, integrations,
    soundboard sounds, the overwrites admins set on the bot's commands, and the system
    messages Discord posts about them."""
