"""Discord's objects, declared once and shared by the client and the sandbox."""

from .application import Application, PartialApplication
from .base import (
    UNSET,
    Model,
    Snowflake,
    UnsetType,
    convert,
    decode,
    decoder,
    encode,
    to_builtins,
)
from .channel import Channel, ChannelType, PermissionOverwrite, ThreadMember, ThreadMetadata
from .flags import PRIVILEGED_INTENTS, Flags, Intents, MessageFlags, Permissions
from .gateway import (
    Activity,
    ChannelPinsUpdate,
    CloseCode,
    Frame,
    GatewayBot,
    GatewayInfo,
    GuildMemberRemove,
    GuildMembersChunk,
    GuildMemberUpdate,
    GuildRoleDelete,
    GuildRoleEvent,
    Hello,
    Identify,
    IdentifyProperties,
    MessageDelete,
    MessageDeleteBulk,
    Opcode,
    OutgoingFrame,
    PresenceUpdate,
    ReactionEvent,
    Ready,
    RequestGuildMembers,
    Resume,
    SessionStartLimit,
    TypingStart,
    UpdatePresence,
)
from .guild import Emoji, Guild, Member, Role, RoleTags, UnavailableGuild
from .interaction import (
    ApplicationCommand,
    ApplicationCommandOption,
    CommandChoice,
    Interaction,
    InteractionCallback,
    InteractionCallbackData,
    InteractionCallbackType,
    InteractionData,
    InteractionOption,
    InteractionType,
)
from .message import (
    AllowedMentions,
    Attachment,
    Component,
    Embed,
    EmbedAuthor,
    EmbedField,
    EmbedFooter,
    EmbedMedia,
    EmbedProvider,
    Mention,
    Message,
    MessageReference,
    MessageType,
    Reaction,
    ReactionCountDetails,
)
from .permissions import ALL_PERMISSIONS, base_permissions, channel_permissions
from .user import AvatarDecoration, User

__all__ = [name for name in dir() if not name.startswith("_")]
