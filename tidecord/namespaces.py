"""discord.py's module layout over tidecord's names, so code that reaches a class
through its discord.py module (``discord.errors.Forbidden``, ``from discord.enums
import ChannelType``, ``discord.member.Member`` in a type hint) runs unchanged.

Each module holds the names discord.py's module of that name exports, of those
tidecord has; they are the same objects as the package's own.
"""

from __future__ import annotations

import sys
import types
from typing import Any, Final

__all__ = ["install"]

_LAYOUT: Final[dict[str, str]] = {
    "activity": "Activity BaseActivity CustomActivity Game Spotify Streaming",
    "audit_logs": "AuditLogChanges AuditLogDiff AuditLogEntry",
    "automod": "AutoModAction AutoModRule AutoModRuleAction AutoModTrigger",
    "colour": "Color Colour",
    "embeds": "Embed",
    "emoji": "Emoji",
    "enums": ("ActivityType AppCommandOptionType AppCommandPermissionType AppCommandType "
              "AuditLogAction "
              "AuditLogActionCategory AutoModRuleActionType AutoModRuleEventType "
              "AutoModRuleTriggerType ButtonStyle ChannelType CollectibleType ComponentType "
              "ContentFilter DefaultAvatar EntitlementOwnerType EntitlementType EntityType "
              "EventStatus ExpireBehavior ExpireBehaviour ForumLayoutType ForumOrderType "
              "InteractionResponseType InteractionType InviteTarget InviteType Locale MFALevel "
              "MessageReferenceType MessageType NSFWLevel NameplatePalette NotificationLevel "
              "OnboardingMode OnboardingPromptType PollLayoutType PrivacyLevel ReactionType "
              "SKUType SelectDefaultValueType SeparatorSpacing Status StickerFormatType "
              "StickerType SubscriptionStatus TeamMemberRole TeamMembershipState TextStyle "
              "UserFlags VerificationLevel VideoQualityMode WebhookType"),
    "errors": ("ClientException ConnectionClosed DiscordException DiscordServerError Forbidden "
               "GatewayNotFound HTTPException InteractionResponded InvalidData LoginFailure "
               "MissingApplicationID NotFound PrivilegedIntentsRequired RateLimited"),
    "file": "File",
    "flags": ("AppCommandContext AppInstallationType ApplicationFlags AttachmentFlags "
              "AutoModPresets ChannelFlags EmbedFlags Intents InviteFlags MemberCacheFlags "
              "MemberFlags MessageFlags PublicUserFlags RoleFlags SKUFlags SystemChannelFlags"),
    "guild": "BanEntry Guild GuildPreview",
    "invite": "Invite PartialInviteChannel PartialInviteGuild",
    "member": "Member VoiceState",
    "mentions": "AllowedMentions",
    "message": ("Attachment CallMessage DeletedReferencedMessage GuildProductPurchase Message "
                "MessageApplication MessageInteraction MessageInteractionMetadata "
                "MessageReference MessageSnapshot PartialMessage PurchaseNotification "
                "RoleSubscriptionInfo"),
    "object": "Object",
    "partial_emoji": "PartialEmoji",
    "permissions": "PermissionOverwrite Permissions",
    "raw_models": ("RawAppCommandPermissionsUpdateEvent "
                   "RawBulkMessageDeleteEvent RawIntegrationDeleteEvent RawMemberRemoveEvent "
                   "RawMessageDeleteEvent RawMessageUpdateEvent RawPollVoteActionEvent "
                   "RawReactionActionEvent RawReactionClearEmojiEvent RawReactionClearEvent "
                   "RawThreadDeleteEvent RawThreadMembersUpdate RawThreadUpdateEvent "
                   "RawTypingEvent"),
    "reaction": "Reaction",
    "role": "Role RoleTags",
    "scheduled_event": "ScheduledEvent",
    "stage_instance": "StageInstance",
    "sticker": "GuildSticker StandardSticker Sticker StickerItem StickerPack",
    "threads": "Thread ThreadMember",
    "user": "ClientUser User",
    "components": ("ActionRow Button CheckboxComponent CheckboxGroupComponent "
                   "CheckboxGroupOption Component Container FileComponent FileUploadComponent "
                   "LabelComponent MediaGalleryComponent MediaGalleryItem RadioGroupComponent "
                   "RadioGroupOption SectionComponent SelectDefaultValue SelectMenu SelectOption "
                   "SeparatorComponent TextDisplay TextInput ThumbnailComponent "
                   "UnfurledMediaItem"),
}


def install(package: Any) -> None:
    """Make ``package.<module>`` (and ``import package.<module>``) for each module of
    the layout, unless the package has a real module by that name."""
    for name, names in _LAYOUT.items():
        if hasattr(package, name):
            continue
        module = types.ModuleType(f"{package.__name__}.{name}",
                                  f"discord.py's ``{name}`` module, in tidecord's names.")
        items = names.split()
        module.__all__ = items  # type: ignore[attr-defined]
        for item in items:
            setattr(module, item, getattr(package, item))
        sys.modules[module.__name__] = module
        setattr(package, name, module)
