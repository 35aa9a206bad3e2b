"""``CommandTree``: a client's application commands, their registration and their dispatch.

Commands are global or per guild (``guild=`` / ``guilds=``). ``await tree.sync()``
registers them, but first reads what Discord has and writes only when something
changed (a bot restarted 100 times writes once); ``tree.sync(dry_run=True)`` only
says what would change. Each invocation runs as an owned task named after the
command (``app command 'settings channel'`` in loop-health warnings); errors go
to the command's ``@error``, its groups' ``on_error``, then :meth:`on_error`.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

import msgspec

from ..interactions.namespace import Namespace
from ..interactions.resolved import find_resolved, resolve_items
from ..models import UNSET, InteractionOption
from ..models.base import enum_of
from ..rest import ClientException, HTTPException
from .base import Callback
from .commands import Command, ContextMenu, command, context_menu
from .enums import AppCommandType
from .errors import (
    AppCommandError,
    CommandAlreadyRegistered,
    CommandLimitReached,
    CommandNotFound,
    CommandSignatureMismatch,
    CommandSyncFailure,
    MissingApplicationID,
)
from .group import Group
from .installs import AppCommandContext, AppInstallationType
from .models import AppCommand
from .parameters import MISSING
from .sync import SyncPlan, plan
from .translate import translated_payload
from .translator import Translator

if TYPE_CHECKING:
    from ..interactions import Interaction

__all__ = ["CommandTree"]

log = logging.getLogger(__name__)  # tidecord.app_commands.tree, as discord.py names its own

ClientT = TypeVar("ClientT")
AnyCommand: TypeAlias = Command | Group | ContextMenu
_LIMITS = {1: 100, 2: 5, 3: 5}


def _guild_ids(guild: Any, guilds: Any) -> list[int | None]:
    if guild is not MISSING and guilds is not MISSING:
        raise TypeError("cannot mix guild and guilds keyword arguments")
    if guild is not MISSING:
        return [None if guild is None else int(getattr(guild, "id", guild))]
    if guilds is not MISSING:
        return [int(getattr(g, "id", g)) for g in guilds]
    return [None]


def _kind(cmd: AnyCommand) -> int:
    return int(cmd.type) if isinstance(cmd, ContextMenu) else 1


class CommandTree(Generic[ClientT]):
    """The application commands of ``client`` (one tree per client).

    ``allowed_contexts`` / ``allowed_installs`` are the defaults of every command.
    """

    def __init__(self, client: ClientT, *, fallback_to_global: bool = True,
                 allowed_contexts: AppCommandContext | None = None,
                 allowed_installs: AppInstallationType | None = None) -> None:
        state = client._connection  # type: ignore[attr-defined]
        if getattr(state, "command_tree", None) is not None:
            raise ClientException("This client already has an associated command tree.")
        state.command_tree = self
        self.client = client
        self._state = state
        self.fallback_to_global = fallback_to_global
        self.allowed_contexts = allowed_contexts or AppCommandContext()
        self.allowed_installs = allowed_installs or AppInstallationType()
        # (guild id or None) -> (type, name) -> command
        self._commands: dict[int | None, dict[tuple[int, str], AnyCommand]] = {None: {}}
        self._translator: Translator | None = None
        self._error_handler: Callback | None = None

    # -- what it holds -------------------------------------------------------------
    def add_command(self, command: AnyCommand, /, *, guild: Any = MISSING, guilds: Any = MISSING,
                    override: bool = False) -> None:
        """Add a command, group or context menu, globally or to guilds.

        :class:`CommandAlreadyRegistered` when the name is taken (unless ``override``),
        :class:`CommandLimitReached` past 100 slash commands or 5 menus of a kind.
        """
        if not isinstance(command, Command | Group | ContextMenu):
            raise TypeError(f"Expected an application command, received "
                            f"{type(command).__name__} instead")
        if isinstance(command, Command | Group) and command.parent is not None:
            raise ValueError("subcommands cannot be added to the tree: add their group")
        targets = _guild_ids(guild, guilds)
        if targets == [None] and guild is MISSING and command._guild_ids:
            targets = list(command._guild_ids)
        key = (_kind(command), command.name)
        for gid in targets:
            scope = self._commands.setdefault(gid, {})
            if key in scope and not override:
                raise CommandAlreadyRegistered(command.name, gid)
            same_kind = sum(1 for k in scope if k[0] == key[0] and k != key)
            if same_kind + 1 > _LIMITS[key[0]]:
                raise CommandLimitReached(gid, _LIMITS[key[0]], AppCommandType(key[0]))
        for gid in targets:
            self._commands[gid][key] = command

    def remove_command(self, command: str, /, *, guild: Any = None,
                       type: AppCommandType = AppCommandType.chat_input) -> AnyCommand | None:
        """Remove a command by name (from a guild, or global); returns it."""
        gid = None if guild is None else int(getattr(guild, "id", guild))
        return self._commands.get(gid, {}).pop((int(type), command), None)

    def _remove_where(self, unwanted: Callable[[AnyCommand], bool], *,
                      guild_ids: list[int | None] | None = None) -> None:
        """Remove every command ``unwanted`` picks (from ``guild_ids``' scopes only, if
        given): how a cog or an extension takes back what it added."""
        for gid, scope in self._commands.items():
            if guild_ids is None or gid in guild_ids:
                for key in [k for k, cmd in scope.items() if unwanted(cmd)]:
                    del scope[key]

    def clear_commands(self, *, guild: Any, type: AppCommandType | None = None) -> None:
        """Remove every command (of ``type``) of a guild, or global ones (``guild=None``)."""
        gid = None if guild is None else int(getattr(guild, "id", guild))
        scope = self._commands.get(gid, {})
        for key in [k for k in scope if type is None or k[0] == int(type)]:
            del scope[key]

    def get_command(self, command: str, /, *, guild: Any = None,
                    type: AppCommandType = AppCommandType.chat_input) -> AnyCommand | None:
        """A command by name (of a guild, or global)."""
        gid = None if guild is None else int(getattr(guild, "id", guild))
        return self._commands.get(gid, {}).get((int(type), command))

    def get_commands(self, *, guild: Any = None,
                     type: AppCommandType | None = None) -> list[AnyCommand]:
        """The commands of a guild (or global ones), of ``type`` if given."""
        gid = None if guild is None else int(getattr(guild, "id", guild))
        return [c for k, c in self._commands.get(gid, {}).items()
                if type is None or k[0] == int(type)]

    def walk_commands(self, *, guild: Any = None,
                      type: AppCommandType = AppCommandType.chat_input) -> Iterator[AnyCommand]:
        """Every command of ``type``, subcommands included."""
        for cmd in self.get_commands(guild=guild, type=type):
            yield cmd
            if isinstance(cmd, Group):
                yield from cmd.walk_commands()

    def copy_global_to(self, *, guild: Any) -> None:
        """Also register every global command in ``guild`` (instant to test: guild
        commands appear at once, global ones may take a while on Discord)."""
        gid = int(getattr(guild, "id", guild))
        scope = self._commands.setdefault(gid, {})
        merged = {**self._commands.get(None, {}), **scope}
        for kind, limit in _LIMITS.items():
            if sum(1 for k in merged if k[0] == kind) > limit:
                raise CommandLimitReached(gid, limit, AppCommandType(kind))
        scope.update(merged)

    # -- decorators ----------------------------------------------------------------
    def command(self, *, name: Any = MISSING, description: Any = MISSING, nsfw: bool = False,
                guild: Any = MISSING, guilds: Any = MISSING, auto_locale_strings: bool = True,
                extras: dict[Any, Any] | None = None) -> Callable[[Callback], Command]:
        """``@tree.command()``: make a slash command and add it."""
        make = command(name=name, description=description, nsfw=nsfw,
                       auto_locale_strings=auto_locale_strings, extras=extras)

        def decorator(func: Callback) -> Command:
            cmd = make(func)
            self.add_command(cmd, guild=guild, guilds=guilds)
            return cmd
        return decorator

    def context_menu(self, *, name: Any = MISSING, nsfw: bool = False, guild: Any = MISSING,
                     guilds: Any = MISSING, auto_locale_strings: bool = True,
                     extras: dict[Any, Any] | None = None
                     ) -> Callable[[Callback], ContextMenu]:
        """``@tree.context_menu()``: make a context menu and add it."""
        make = context_menu(name=name, nsfw=nsfw, auto_locale_strings=auto_locale_strings,
                            extras=extras)

        def decorator(func: Callback) -> ContextMenu:
            menu = make(func)
            self.add_command(menu, guild=guild, guilds=guilds)
            return menu
        return decorator

    def error(self, coro: Callback) -> Callback:
        """Replace :meth:`on_error`: ``@tree.error async def f(interaction, error)``."""
        if not inspect.iscoroutinefunction(coro):
            raise TypeError("The error handler must be a coroutine.")
        if len(inspect.signature(coro).parameters) != 2:
            raise TypeError("error handler must have 2 parameters")
        self._error_handler = coro
        return coro

    # -- translation -------------------------------------------------------------------
    @property
    def translator(self) -> Translator | None:
        """The translator ``sync`` localises with."""
        return self._translator

    async def set_translator(self, translator: Translator | None) -> None:
        """Set (or with ``None`` remove) the translator; its ``load``/``unload`` run."""
        if translator is not None and not isinstance(translator, Translator):
            raise TypeError(f"expected a Translator, not {type(translator).__name__}")
        if self._translator is not None:
            await self._translator.unload()
        self._translator = translator
        if translator is not None:
            await translator.load()

    async def translate_for(self, string: Any, locale: Any, data: Any) -> str | None:
        """``interaction.translate``: one string in one locale, or ``None``."""
        if self._translator is None:
            return None
        from .translator import TranslationContext, TranslationContextLocation, locale_str

        text = string if isinstance(string, locale_str) else locale_str(str(string))
        return await self._translator._checked_translate(
            text, locale, TranslationContext(TranslationContextLocation.other, data))

    # -- registering -------------------------------------------------------------------
    def _payload_commands(self, guild_id: int | None) -> list[AnyCommand]:
        return list(self._commands.get(guild_id, {}).values())

    async def _payload(self, guild_id: int | None) -> list[dict[str, Any]]:
        commands = self._payload_commands(guild_id)
        if self._translator is None:
            return [c.to_dict(self) for c in commands]
        return [await translated_payload(c, self, self._translator) for c in commands]

    def _application_id(self) -> int:
        app_id = self._state.application_id
        if app_id is None:
            raise MissingApplicationID()
        return int(app_id)

    async def fetch_commands(self, *, guild: Any = None) -> list[AppCommand]:
        """The commands Discord has (globally, or in ``guild``)."""
        gid = None if guild is None else int(getattr(guild, "id", guild))
        raw = await self._state.http.get_commands(self._application_id(), gid)
        return [AppCommand(data=d, state=self._state) for d in msgspec.json.decode(raw or b"[]")]

    async def fetch_command(self, command_id: int, /, *, guild: Any = None) -> AppCommand:
        """One command Discord has, by id."""
        gid = None if guild is None else int(getattr(guild, "id", guild))
        raw = await self._state.http.get_command(self._application_id(), command_id, gid)
        return AppCommand(data=msgspec.json.decode(raw or b"{}"), state=self._state)

    async def sync(self, *, guild: Any = None, dry_run: bool = False) -> Any:
        """Register the commands (global ones, or ``guild``'s) and return what Discord has.

        Reads Discord's commands first and writes only when they differ from the
        code's. With ``dry_run=True`` nothing is written: a :class:`SyncPlan` says what
        would change (``print(plan)``, ``plan.needed``).
        """
        app_id = self._application_id()
        gid = None if guild is None else int(getattr(guild, "id", guild))
        payload = await self._payload(gid)
        raw = await self._state.http.get_commands(app_id, gid)
        remote: list[dict[str, Any]] = msgspec.json.decode(raw or b"[]")
        changes: SyncPlan = plan(payload, remote, gid)
        if dry_run:
            return changes
        if changes.needed:
            log.info("syncing commands (%s)", str(changes).replace("\n", "; "))
            try:
                raw = await self._state.http.bulk_overwrite_commands(app_id, payload, gid)
            except HTTPException as exc:
                if exc.status == 400 and exc.code == 50035:
                    raise CommandSyncFailure(exc, self._payload_commands(gid)) from None
                raise
            remote = msgspec.json.decode(raw or b"[]")
        else:
            log.debug("commands already registered as in code: nothing written")
        return [AppCommand(data=d, state=self._state) for d in remote]

    # -- dispatch --------------------------------------------------------------------
    def _from_interaction(self, interaction: Interaction[Any]) -> None:
        """Run the command an interaction invokes, as an owned task named after it."""
        name = "?"
        data = interaction.data
        if data is not None and isinstance(data.name, str):
            name = " ".join([data.name, *_path(data.options)])
        kind = "autocomplete" if interaction.type == 4 else "app command"
        self._state.dispatcher.spawn(self._run(interaction), f"tidecord:{kind}:{name}")

    async def _run(self, interaction: Interaction[Any]) -> None:
        try:
            await self._call(interaction)
        except AppCommandError as exc:
            await self._dispatch_error(interaction, exc)

    async def _dispatch_error(self, interaction: Interaction[Any], error: AppCommandError
                              ) -> None:
        interaction.command_failed = True
        cmd = interaction.command
        try:
            if isinstance(cmd, Command | ContextMenu):
                if isinstance(cmd, Command):
                    await cmd._invoke_error_handlers(interaction, error)
                elif cmd.on_error is not None:
                    await cmd.on_error(interaction, error)
        finally:
            if self._error_handler is not None:
                await self._error_handler(interaction, error)
            else:
                await self.on_error(interaction, error)

    async def on_error(self, interaction: Interaction[Any], error: AppCommandError, /) -> None:
        """Errors of every command (after their own handlers): logged unless handled."""
        cmd = interaction.command
        if cmd is not None:
            if cmd._has_any_error_handlers():
                return
            log.error("Ignoring exception in command %r", cmd.name, exc_info=error)
        else:
            log.error("Ignoring exception in command tree", exc_info=error)

    async def interaction_check(self, interaction: Interaction[Any], /) -> bool:
        """Override: return False to refuse any command of the tree."""
        return True

    def _find(self, data: Any) -> AnyCommand | None:
        key = (int(data.type) if data.type is not UNSET else 1, data.name)
        gid = int(data.guild_id) if data.guild_id is not UNSET else None
        found = self._commands.get(gid, {}).get(key) if gid is not None else None
        if found is None and (gid is None or self.fallback_to_global):
            found = self._commands.get(None, {}).get(key)
        return found

    def _get_app_command_options(self, data: Any) -> tuple[Command, list[InteractionOption]]:
        """The slash command ``data`` invokes (through its groups), and its options."""
        parents: list[str] = []
        options = data.options if isinstance(data.options, list) else []
        name: str = data.name
        cmd = self._find(data)
        while isinstance(cmd, Group):
            sub = next((o for o in options if o.type in (1, 2)), None)
            if sub is None:
                raise CommandSignatureMismatch(cmd)
            parents.append(cmd.name)
            name = sub.name
            cmd = cmd.get_command(name)
            options = sub.options if isinstance(sub.options, list) else []
        if not isinstance(cmd, Command):
            raise CommandNotFound(name, parents)  # the first name the tree lacks
        return cmd, options

    def _command_of(self, interaction: Interaction[Any]) -> AnyCommand | None:
        """The command or context menu ``interaction`` is for, None if the tree has none
        (``interaction.command`` before the tree found it: in ``interaction_check``, an
        ``on_interaction`` listener)."""
        data = interaction.data
        if data is None or not isinstance(data.name, str):
            return None
        if data.type is not UNSET and int(data.type) != 1:
            found = self._find(data)
            return found if isinstance(found, ContextMenu) else None
        try:
            return self._get_app_command_options(data)[0]
        except AppCommandError:
            return None

    async def _call(self, interaction: Interaction[Any]) -> None:
        if not await self.interaction_check(interaction):
            interaction.command_failed = True
            return
        data = interaction.data
        if data is None or not isinstance(data.name, str):
            return
        items = resolve_items(self._state, data.resolved if data.resolved is not UNSET
                              else None, interaction.guild_id)
        kind = int(data.type) if data.type is not UNSET else 1
        if kind != 1:
            await self._call_menu(interaction, self._find(data), data, kind, items)
            return
        cmd, options = self._get_app_command_options(data)
        interaction.command = cmd
        namespace = Namespace.from_options(options, items)
        interaction.namespace = namespace
        if interaction.type == 4:
            focused = next((o.name for o in options if o.focused is True), None)
            if focused is None:
                return
            try:
                await cmd._invoke_autocomplete(interaction, focused, namespace)
            except Exception:
                log.exception("Ignoring exception in autocomplete for %r (Guild: %s, User: %s)",
                              cmd.qualified_name, interaction.guild_id, interaction.user.id)
            return
        try:
            await cmd._invoke_with_namespace(interaction, namespace)
        except AppCommandError as exc:
            await self._dispatch_error(interaction, exc)
        else:
            if not interaction.command_failed:
                self._state.dispatch("app_command_completion", interaction, cmd)

    async def _call_menu(self, interaction: Interaction[Any], found: AnyCommand | None,
                         data: Any, kind: int, items: dict[Any, Any]) -> None:
        if found is None:
            # (a kind of command Discord adds later: AppCommandType.unknown_<n>)
            raise CommandNotFound(data.name, [], enum_of(AppCommandType, kind))
        if not isinstance(found, ContextMenu):
            raise CommandSignatureMismatch(found)
        interaction.command = found
        target = find_resolved(items, str(data.target_id), (6, 44))
        if target is None:
            raise AppCommandError("Discord sent a context menu without its target")
        try:
            await found._invoke(interaction, target)
        except AppCommandError as exc:
            await self._dispatch_error(interaction, exc)
        else:
            self._state.dispatch("app_command_completion", interaction, found)


def _path(options: Any) -> list[str]:
    """The subcommand names an invocation goes through."""
    out: list[str] = []
    while isinstance(options, list):
        sub: InteractionOption | None = next((o for o in options if o.type in (1, 2)), None)
        if sub is None:
            break
        out.append(sub.name)
        options = sub.options
    return out
