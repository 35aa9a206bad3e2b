"""``tidecord.app_commands``: slash commands, context menus, and their tree, as discord.py's.

::

    tree = app_commands.CommandTree(client)

    @tree.command()
    @app_commands.describe(member="Who to greet")
    async def hello(interaction: tidecord.Interaction, member: tidecord.Member) -> None:
        \"\"\"Say hello\"\"\"
        await interaction.response.send_message(f"Hello {member.mention}")

    # in setup_hook: await tree.sync()   (writes only when the commands changed)
"""

from ..interactions import AppCommandChannel, AppCommandThread, Namespace
from ..interactions.locale import Locale
from . import checks
from .checks import Cooldown, check
from .commands import (
    Command,
    ContextMenu,
    autocomplete,
    choices,
    command,
    context_menu,
    describe,
    guilds,
    rename,
)
from .enums import AppCommandOptionType, AppCommandType
from .errors import (
    AppCommandError,
    BotMissingPermissions,
    CheckFailure,
    CommandAlreadyRegistered,
    CommandInvokeError,
    CommandLimitReached,
    CommandNotFound,
    CommandOnCooldown,
    CommandSignatureMismatch,
    CommandSyncFailure,
    MissingAnyRole,
    MissingApplicationID,
    MissingPermissions,
    MissingRole,
    NoPrivateMessage,
    TransformerError,
    TranslationError,
)
from .group import Group
from .installs import (
    AppCommandContext,
    AppInstallationType,
    allowed_contexts,
    allowed_installs,
    default_permissions,
    dm_only,
    guild_install,
    guild_only,
    private_channel_only,
    user_install,
)
from .models import AllChannels, AppCommand, AppCommandGroup, Argument, Choice
from .parameters import Parameter
from .permissions import AppCommandPermissions, GuildAppCommandPermissions
from .sync import SyncPlan
from .transformers import Range, Timestamp, Transform, Transformer
from .translator import (
    TranslationContext,
    TranslationContextLocation,
    TranslationContextTypes,
    Translator,
    locale_str,
)
from .tree import CommandTree

__all__ = [
    "AllChannels",
    "AppCommand",
    "AppCommandChannel",
    "AppCommandContext",
    "AppCommandError",
    "AppCommandGroup",
    "AppCommandOptionType",
    "AppCommandPermissions",
    "AppCommandThread",
    "AppCommandType",
    "AppInstallationType",
    "Argument",
    "BotMissingPermissions",
    "CheckFailure",
    "Choice",
    "Command",
    "CommandAlreadyRegistered",
    "CommandInvokeError",
    "CommandLimitReached",
    "CommandNotFound",
    "CommandOnCooldown",
    "CommandSignatureMismatch",
    "CommandSyncFailure",
    "CommandTree",
    "ContextMenu",
    "Cooldown",
    "Group",
    "GuildAppCommandPermissions",
    "Locale",
    "MissingAnyRole",
    "MissingApplicationID",
    "MissingPermissions",
    "MissingRole",
    "Namespace",
    "NoPrivateMessage",
    "Parameter",
    "Range",
    "SyncPlan",
    "Timestamp",
    "Transform",
    "Transformer",
    "TransformerError",
    "TranslationContext",
    "TranslationContextLocation",
    "TranslationContextTypes",
    "TranslationError",
    "Translator",
    "allowed_contexts",
    "allowed_installs",
    "autocomplete",
    "check",
    "checks",
    "choices",
    "command",
    "context_menu",
    "default_permissions",
    "describe",
    "dm_only",
    "guild_install",
    "guild_only",
    "guilds",
    "locale_str",
    "private_channel_only",
    "rename",
    "user_install",
]

# discord.py's modules of this package, by name, over the names above
import sys as _sys

from .. import namespaces as _namespaces

_namespaces.install(_sys.modules[__name__])
