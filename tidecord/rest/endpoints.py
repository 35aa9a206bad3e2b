"""The REST calls a bot makes, one method each; bodies come back as raw bytes.

The caller (the client state) decodes them straight into the model it expects.
Each subject's calls live in a module of their own (``messages.py``, ``guilds.py``,
...); :class:`RESTClient` puts them together.
"""

from __future__ import annotations

from .app_emojis import ApplicationEmojiEndpoints
from .automod import AutoModerationEndpoints
from .channels import ChannelEndpoints
from .commands import ApplicationCommandEndpoints
from .expressions import ExpressionEndpoints
from .guilds import GuildEndpoints
from .integrations import IntegrationEndpoints
from .invites import InviteEndpoints
from .members import MemberEndpoints
from .messages import MessageEndpoints
from .monetization import MonetizationEndpoints
from .onboarding import OnboardingEndpoints
from .scheduled_events import ScheduledEventEndpoints
from .soundboard import SoundboardEndpoints
from .stage_instances import StageInstanceEndpoints
from .threads import ThreadEndpoints
from .users import UserEndpoints
from .webhooks import WebhookEndpoints

__all__ = ["RESTClient"]


class RESTClient(UserEndpoints, ChannelEndpoints, ThreadEndpoints, MessageEndpoints,
                 GuildEndpoints, MemberEndpoints, InviteEndpoints, WebhookEndpoints,
                 ExpressionEndpoints, ScheduledEventEndpoints, AutoModerationEndpoints,
                 ApplicationCommandEndpoints, MonetizationEndpoints, ApplicationEmojiEndpoints,
                 StageInstanceEndpoints, IntegrationEndpoints, SoundboardEndpoints,
                 OnboardingEndpoints):
    """:class:`HTTPClient` plus one method per Discord endpoint tidecord uses, each
    subject's from its base class."""
