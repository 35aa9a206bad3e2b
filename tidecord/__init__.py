"""tidecord: a fast asyncio framework for Discord bots, discord.py-shaped.

>>> import tidecord as discord
>>> intents = discord.Intents.default()
>>> intents.message_content = True
"""

__version__ = "0.1.0"

from .cache import MemberCacheFlags, MemberCachePolicy
from .client import Client
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
from .gateway.presence import ActivityType, CustomActivity, Game, Status, Streaming
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
from .models import (
    Activity,
    Attachment,
    Channel,
    ChannelType,
    Embed,
    Emoji,
    Guild,
    Intents,
    Interaction,
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
from .models.colour import Color, Colour
from .models.object import Object
from .rest import (
    ClientException,
    DiscordException,
    DiscordServerError,
    File,
    Forbidden,
    HTTPException,
    LoginFailure,
    NotFound,
    RateLimited,
)
from .rest.mentions import AllowedMentions

# discord.py names for the channel kinds: all one Channel model here.
TextChannel = VoiceChannel = CategoryChannel = Thread = DMChannel = StageChannel = Channel
ForumChannel = GuildChannel = Channel
ClientUser = User

__all__ = [
    "Activity",
    "ActivityType",
    "AllowedMentions",
    "Attachment",
    "CategoryChannel",
    "Channel",
    "ChannelType",
    "Client",
    "ClientException",
    "ClientUser",
    "Color",
    "Colour",
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
    "Guild",
    "GuildChannel",
    "HTTPException",
    "Intents",
    "Interaction",
    "InteractionType",
    "LoginFailure",
    "LoopHealth",
    "LoopWatchdog",
    "Member",
    "MemberCacheFlags",
    "MemberCachePolicy",
    "Message",
    "MessageFlags",
    "MessageReference",
    "MessageType",
    "NotFound",
    "Object",
    "PermissionOverwrite",
    "Permissions",
    "PrivilegedIntentsRequired",
    "RateLimited",
    "RawBulkMessageDeleteEvent",
    "RawMemberRemoveEvent",
    "RawMessageDeleteEvent",
    "RawMessageUpdateEvent",
    "RawReactionActionEvent",
    "RawReactionClearEvent",
    "RawTypingEvent",
    "Reaction",
    "Role",
    "Snowflake",
    "StageChannel",
    "Status",
    "Streaming",
    "TextChannel",
    "Thread",
    "User",
    "VoiceChannel",
    "__version__",
    "blocking",
    "configure_offload",
    "home",
    "is_blocking",
    "shutdown_offload",
    "to_process",
    "to_thread",
]
