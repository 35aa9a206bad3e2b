"""The slash half of a hybrid command: an ``app_commands.Command`` that runs the prefix
command it wraps, with a ``Context`` made from the interaction.

Used as a slash command, a hybrid command goes the prefix command's way: ``on_command``,
its checks (discord.py's order: the bot's ``check_once`` and ``check``, the group's and
the cog's ``interaction_check``, the cog's ``cog_check``, app-command checks on the
interaction, then ``commands`` checks on the context), concurrency, cooldown, before
hooks, the callback (with the context), after hooks, ``on_command_completion``. Its
errors go to the command's, the cog's and the bot's command error handlers
(``on_command_error``): a ``CommandError`` as itself, an app-commands error inside
:class:`HybridCommandError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .... import app_commands
from ....app_commands.parameters import CommandParameter
from ....commands import docstrings
from ....commands.checks import all_pass
from ....utils import maybe_coroutine
from ..command import is_overridden
from ..errors import CommandError, HybridCommandError
from .options import CallableDefault, FlagOption, slash_parameters

if TYPE_CHECKING:
    from ....interactions import Interaction, Namespace

__all__ = ["HybridAppCommand"]


def _shown(text: Any) -> Any:
    return docstrings.shorten(text) if isinstance(text, str) else text


class HybridAppCommand(app_commands.Command):
    """A hybrid command (or a hybrid group's ``fallback``) as a slash command."""

    __commands_is_hybrid_app_command__ = True
    flag_option: FlagOption | None

    def __init__(self, wrapped: Any, name: Any = None) -> None:
        self.wrapped = wrapped
        callback = wrapped.callback
        super().__init__(
            name=name or wrapped._locale_name or wrapped.name,
            description=_shown(wrapped._locale_description or wrapped.description
                               or wrapped.short_doc) or "…",
            callback=callback, guild_ids=wrapped.slash_guild_ids)
        self.binding = wrapped.cog
        self.module = wrapped.module

    def _read_parameters(self, callback: Any) -> dict[str, CommandParameter]:
        params, self.flag_option = slash_parameters(self.wrapped)
        return params

    # -- arguments -------------------------------------------------------------------
    async def _default(self, interaction: Interaction[Any], param: CommandParameter) -> Any:
        if isinstance(param.default, CallableDefault):
            return await maybe_coroutine(param.default.func, interaction._baton)
        return param.default

    async def _transform_arguments(self, interaction: Interaction[Any], namespace: Namespace
                                   ) -> dict[str, Any]:
        values = await super()._transform_arguments(interaction, namespace)
        if self.flag_option is not None:
            name, kind = self.flag_option
            flags: Any = object.__new__(kind)
            for flag in kind.__commands_flags__.values():
                setattr(flags, flag.attribute, values.pop(flag.attribute))
            values[name] = flags
        return values

    # -- checks ----------------------------------------------------------------------
    async def _check_can_run(self, interaction: Interaction[Any]) -> bool:
        bot = interaction.client
        ctx = interaction._baton
        if not await bot.can_run(ctx, call_once=True) or not await bot.can_run(ctx):
            return False
        parent = self.parent
        if parent is not None and parent is not self.binding \
                and not await maybe_coroutine(parent.interaction_check, interaction):
            return False
        cog = self.binding
        if cog is not None:
            check = getattr(cog, "interaction_check", None)
            if check is not None and not await maybe_coroutine(check, interaction):
                return False
            local = is_overridden(cog, "cog_check")
            if local is not None and not await maybe_coroutine(local, ctx):
                return False
        return await all_pass(self.checks, interaction) and \
            await all_pass(self.wrapped.checks, ctx)

    # -- running ---------------------------------------------------------------------
    async def _invoke_with_namespace(self, interaction: Interaction[Any],
                                     namespace: Namespace) -> Any:
        bot = interaction.client
        interaction._baton = ctx = await bot.get_context(interaction)
        command = self.wrapped
        bot.dispatch("command", ctx)
        prepared = completed = False
        result = None
        try:
            await command.prepare(ctx)
            prepared = True
            result = await self._call(ctx)
            completed = True
        except app_commands.CommandSignatureMismatch:
            raise
        except app_commands.AppCommandError as exc:
            cause = exc.__cause__
            if isinstance(exc, app_commands.TransformerError | app_commands.CommandInvokeError) \
                    and isinstance(cause, CommandError):
                await command.dispatch_error(ctx, cause)
            else:
                wrapped = HybridCommandError(exc)
                wrapped.__cause__ = exc
                await command.dispatch_error(ctx, wrapped)
        except CommandError as exc:
            await command.dispatch_error(ctx, exc)
        finally:
            if prepared and command._max_concurrency is not None:
                await command._max_concurrency.release(ctx)
            if completed:
                await command.call_after_hooks(ctx)
        if not ctx.command_failed:
            bot.dispatch("command_completion", ctx)
        interaction.command_failed = ctx.command_failed
        return result

    async def _call(self, ctx: Any) -> Any:
        """The callback, handed the context; an exception that is not an app-commands
        error becomes :class:`app_commands.CommandInvokeError` (as for any slash command)."""
        try:
            if self.binding is not None:
                return await self.callback(self.binding, ctx, **ctx.kwargs)
            return await self.callback(ctx, **ctx.kwargs)
        except app_commands.AppCommandError:
            raise
        except Exception as exc:
            raise app_commands.CommandInvokeError(self, exc) from exc

