"""tidecord: a fast asyncio framework for Discord bots, discord.py-shaped.

>>> import tidecord as discord
>>> intents = discord.Intents.default()
>>> intents.message_content = True
"""

__version__ = "0.1.0"

from . import (
    abc,
    app_commands,
    ui,
    utils,
)
from .app_commands import AppCommandOptionType, AppCommandType
from .cache import MemberCacheFlags, MemberCachePolicy
from .client import Client
from .cluster import Cluster
from .events import (
    RawBulkMessageDeleteEvent,
    RawMemberRemoveEvent,
    RawMessageDeleteEvent,
    RawMessageUpdateEvent,
    RawReactionActionEvent,
    RawReactionClearEvent,
    RawTypingEvent,
)
from .gateway import ConnectionClosed, GatewayError, PrivilegedIntentsRequired
from .health import (
    LoopHealth,
    LoopWatchdog,
    blocking,
    configure_offload,
    home,
    is_blocking,
    shutdown_offload,
    to_process,
    to_thread,
)
from .interactions import (
    AppCommandChannel,
    AppCommandThread,
    Interaction,
    InteractionCallbackResponse,
    InteractionMessage,
    InteractionResponded,
    InteractionResponse,
    Locale,
)
from .models import (
    Attachment,
    BanEntry,
    Channel,
    ChannelType,
    ComponentType,
    Embed,
    Emoji,
    Guild,
    Intents,
    InteractionType,
    Member,
    Message,
    MessageFlags,
    MessageReference,
    MessageType,
    PermissionOverwrite,
    Permissions,
    Reaction,
    Role,
    Snowflake,
    User,
)
from .models import InteractionCallbackType as InteractionResponseType
from .models.activity import (
    Activity,
    ActivityType,
    BaseActivity,
    CustomActivity,
    Game,
    Spotify,
    Status,
    Streaming,
)
from .models.asset import Asset
from .models.audit_log import (
    AuditLogAction,
    AuditLogActionCategory,
    AuditLogChanges,
    AuditLogDiff,
    AuditLogEntry,
)
from .models.colour import Color, Colour
from .models.emoji import PartialEmoji
from .models.invite import Invite, PartialInviteChannel, PartialInviteGuild

# discord.py's channel classes: kinds of the one Channel model, told apart by ``type``.
from .models.kinds import (
    CategoryChannel,
    DMChannel,
    ForumChannel,
    GroupChannel,
    GuildChannel,
    PartialMessageable,
    StageChannel,
    TextChannel,
    Thread,
    VoiceChannel,
)
from .models.message import PartialMessage
from .models.object import Object
from .models.presence import ClientStatus, RawPresenceUpdateEvent
from .rest import (
    ClientException,
    DiscordException,
    DiscordServerError,
    File,
    Forbidden,
    HTTPException,
    InvalidData,
    InvalidResponse,
    LoginFailure,
    NotFound,
    RateLimited,
    RESTTimeout,
)
from .rest.mentions import AllowedMentions
from .ui import (
    ButtonStyle,
    MediaGalleryItem,
    SelectDefaultValue,
    SelectDefaultValueType,
    SelectOption,
    SeparatorSpacing,
    TextStyle,
    UnfurledMediaItem,
)
from .webhook import Webhook, WebhookMessage, WebhookType

ClientUser = User
# One Client runs every shard it is given (or all that Discord recommends).
AutoShardedClient = Client

__all__ = [
    "Activity",
    "ActivityType",
    "AllowedMentions",
    "AppCommandChannel",
    "AppCommandOptionType",
    "AppCommandThread",
    "AppCommandType",
    "Asset",
    "Attachment",
    "AuditLogAction",
    "AuditLogActionCategory",
    "AuditLogChanges",
    "AuditLogDiff",
    "AuditLogEntry",
    "AutoShardedClient",
    "BanEntry",
    "BaseActivity",
    "ButtonStyle",
    "CategoryChannel",
    "Channel",
    "ChannelType",
    "Client",
    "ClientException",
    "ClientStatus",
    "ClientUser",
    "Cluster",
    "Color",
    "Colour",
    "ComponentType",
    "ConnectionClosed",
    "CustomActivity",
    "DMChannel",
    "DiscordException",
    "DiscordServerError",
    "Embed",
    "Emoji",
    "File",
    "Forbidden",
    "ForumChannel",
    "Game",
    "GatewayError",
    "GroupChannel",
    "Guild",
    "GuildChannel",
    "HTTPException",
    "Intents",
    "Interaction",
    "InteractionCallbackResponse",
    "InteractionMessage",
    "InteractionResponded",
    "InteractionResponse",
    "InteractionResponseType",
    "InteractionType",
    "InvalidData",
    "InvalidResponse",
    "Invite",
    "Locale",
    "LoginFailure",
    "LoopHealth",
    "LoopWatchdog",
    "MediaGalleryItem",
    "Member",
    "MemberCacheFlags",
    "MemberCachePolicy",
    "Message",
    "MessageFlags",
    "MessageReference",
    "MessageType",
    "NotFound",
    "Object",
    "PartialEmoji",
    "PartialInviteChannel",
    "PartialInviteGuild",
    "PartialMessage",
    "PartialMessageable",
    "PermissionOverwrite",
    "Permissions",
    "PrivilegedIntentsRequired",
    "RESTTimeout",
    "RateLimited",
    "RawBulkMessageDeleteEvent",
    "RawMemberRemoveEvent",
    "RawMessageDeleteEvent",
    "RawMessageUpdateEvent",
    "RawPresenceUpdateEvent",
    "RawReactionActionEvent",
    "RawReactionClearEvent",
    "RawTypingEvent",
    "Reaction",
    "Role",
    "SelectDefaultValue",
    "SelectDefaultValueType",
    "SelectOption",
    "SeparatorSpacing",
    "Snowflake",
    "Spotify",
    "StageChannel",
    "Status",
    "Streaming",
    "TextChannel",
    "TextStyle",
    "Thread",
    "UnfurledMediaItem",
    "User",
    "VoiceChannel",
    "Webhook",
    "WebhookMessage",
    "WebhookType",
    "__version__",
    "abc",
    "app_commands",
    "blocking",
    "configure_offload",
    "home",
    "is_blocking",
    "shutdown_offload",
    "to_process",
    "to_thread",
    "ui",
    "utils",
]
