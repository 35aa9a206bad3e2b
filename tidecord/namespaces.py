"""discord.py's module layout over tidecord's names, so code that reaches a class
through its discord.py module (``discord.errors.Forbidden``, ``from discord.enums
import ChannelType``, ``discord.member.Member`` in a type hint,
``commands.core.Command``, ``from discord.ui.container import Container``) runs
unchanged.

Each module holds the names discord.py's module of that name exports, of those
tidecord has; they are the same objects as the package's own. Where tidecord has a
real module by that name, the names it lacks are added to it.
"""

from __future__ import annotations

import sys
import types
from typing import Any, Final

__all__ = ["install"]

_TOP: Final[dict[str, str]] = {
    "activity": "Activity BaseActivity CustomActivity Game Spotify Streaming",
    "appinfo": "AppInfo AppInstallParams IntegrationTypeConfig",
    "asset": "Asset",
    "audit_logs": "AuditLogChanges AuditLogDiff AuditLogEntry",
    "automod": "AutoModAction AutoModRule AutoModRuleAction AutoModTrigger",
    "channel": ("CategoryChannel DMChannel ForumChannel ForumTag GroupChannel "
                "PartialMessageable StageChannel TextChannel VoiceChannel VoiceChannelEffect "
                "VoiceChannelEffectAnimation VoiceChannelSoundEffect"),
    "collectible": "Collectible",
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
              "MediaItemLoadingState "
              "MessageReferenceType MessageType NSFWLevel NameplatePalette NotificationLevel "
              "OnboardingMode OnboardingPromptType PollLayoutType PrivacyLevel ReactionType "
              "SKUType SelectDefaultValueType SeparatorSpacing Status StatusDisplayType "
              "StickerFormatType "
              "StickerType SubscriptionStatus TeamMemberRole TeamMembershipState TextStyle "
              "UserFlags VerificationLevel VideoQualityMode VoiceChannelEffectAnimationType "
              "WebhookType"),
    "errors": ("ClientException ConnectionClosed DiscordException DiscordServerError Forbidden "
               "GatewayNotFound HTTPException InteractionResponded InvalidData LoginFailure "
               "MissingApplicationID NotFound PrivilegedIntentsRequired RateLimited"),
    "file": "File",
    "flags": ("AppCommandContext AppInstallationType ApplicationFlags AttachmentFlags "
              "AutoModPresets ChannelFlags EmbedFlags Intents InviteFlags MemberCacheFlags "
              "MemberFlags MessageFlags PublicUserFlags RoleFlags SKUFlags SystemChannelFlags"),
    "guild": "BanEntry Guild GuildPreview",
    "integrations": ("BotIntegration Integration IntegrationAccount IntegrationApplication "
                     "StreamIntegration"),
    "invite": "Invite PartialInviteChannel PartialInviteGuild",
    "member": "Member VoiceState",
    "mentions": "AllowedMentions",
    "message": ("Attachment CallMessage DeletedReferencedMessage GuildProductPurchase Message "
                "MessageApplication MessageInteraction MessageInteractionMetadata "
                "MessageReference MessageSnapshot PartialMessage PurchaseNotification "
                "RoleSubscriptionInfo"),
    "object": "Object",
    "onboarding": "Onboarding OnboardingPrompt OnboardingPromptOption",
    "partial_emoji": "PartialEmoji",
    "permissions": "PermissionOverwrite Permissions",
    "poll": "Poll PollAnswer PollMedia",
    "presences": "ClientStatus RawPresenceUpdateEvent",
    "primary_guild": "PrimaryGuild",
    "raw_models": ("RawAppCommandPermissionsUpdateEvent "
                   "RawBulkMessageDeleteEvent RawIntegrationDeleteEvent RawMemberRemoveEvent "
                   "RawMessageDeleteEvent RawMessageUpdateEvent RawPollVoteActionEvent "
                   "RawReactionActionEvent RawReactionClearEmojiEvent RawReactionClearEvent "
                   "RawThreadDeleteEvent RawThreadMembersUpdate RawThreadUpdateEvent "
                   "RawTypingEvent"),
    "reaction": "Reaction",
    "role": "Role RoleTags",
    "scheduled_event": "ScheduledEvent",
    "shard": "AutoShardedClient SessionStartLimits ShardInfo",
    "sku": "Entitlement SKU",
    "soundboard": "BaseSoundboardSound SoundboardDefaultSound SoundboardSound",
    "stage_instance": "StageInstance",
    "sticker": "GuildSticker StandardSticker Sticker StickerItem StickerPack",
    "subscription": "Subscription",
    "team": "Team TeamMember",
    "template": "Template",
    "threads": "Thread ThreadMember",
    "user": "ClientUser User",
    "welcome_screen": "WelcomeChannel WelcomeScreen",
    "widget": "Widget WidgetChannel WidgetMember",
    "components": ("ActionRow Button CheckboxComponent CheckboxGroupComponent "
                   "CheckboxGroupOption Component Container FileComponent FileUploadComponent "
                   "LabelComponent MediaGalleryComponent MediaGalleryItem RadioGroupComponent "
                   "RadioGroupOption SectionComponent SelectDefaultValue SelectMenu SelectOption "
                   "SeparatorComponent TextDisplay TextInput ThumbnailComponent "
                   "UnfurledMediaItem"),
}


_COMMANDS: Final[dict[str, str]] = {
    "converter": "Greedy Range run_converters",
    "core": ("Command Group GroupMixin after_invoke before_invoke bot_has_any_role "
             "bot_has_guild_permissions bot_has_permissions bot_has_role check check_any "
             "command cooldown dm_only dynamic_cooldown group guild_only has_any_role "
             "has_guild_permissions has_permissions has_role is_nsfw is_owner "
             "max_concurrency"),
}

_APP_COMMANDS: Final[dict[str, str]] = {
    "commands": ("Group allowed_contexts allowed_installs check default_permissions "
                 "dm_only guild_install guild_only private_channel_only user_install"),
    "models": "AppCommandChannel AppCommandPermissions AppCommandThread",
    "namespace": "Namespace",
}

_UI: Final[dict[str, str]] = {
    "action_row": "ActionRow", "container": "Container", "file": "File",
    "file_upload": "FileUpload", "media_gallery": "MediaGallery", "radio": "RadioGroup",
    "section": "Section", "separator": "Separator", "text_display": "TextDisplay",
    "thumbnail": "Thumbnail",
}

# Keyed by the package's name below the top level ("" for the top level itself).
_LAYOUTS: Final[dict[str, dict[str, str]]] = {
    "": _TOP, "ext.commands": _COMMANDS, "app_commands": _APP_COMMANDS, "ui": _UI,
}


def install(package: Any) -> None:
    """Give ``package`` discord.py's modules of the same place: each is made (and
    importable) where tidecord has no module by that name, or filled in where it has."""
    _, _, below_top = package.__name__.partition(".")
    for name, names in _LAYOUTS[below_top].items():
        items = names.split()
        module = getattr(package, name, None)
        if module is not None and not isinstance(module, types.ModuleType):
            continue  # a name of tidecord's own, not a module: left as it is
        if module is None:
            module = types.ModuleType(f"{package.__name__}.{name}",
                                      f"discord.py's ``{name}`` module, in tidecord's names.")
            module.__all__ = items  # type: ignore[attr-defined]
            sys.modules[module.__name__] = module
            setattr(package, name, module)
        for item in items:
            if not hasattr(module, item):
                setattr(module, item, getattr(package, item))
