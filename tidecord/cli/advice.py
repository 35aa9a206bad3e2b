"""Notes ``tidecord run`` prints before starting a bot that would run but stay silent.

Three slips leave a bot connected and answering nothing, with no error anywhere: an
``on_message`` without the message content intent (Discord sends such a bot empty
messages, but for DMs and mentions), a handler whose name is an event's misspelt
(``on_mesage`` is never called), and a ``commands.Bot`` whose own ``on_message``
replaces the one that runs the commands without calling ``process_commands``. All are
legal Python and legal discord.py, so they are notes on the way in, not errors.
"""

from __future__ import annotations

import ast
import difflib
import re
from functools import cache
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

import tidecord

from .loader import RUN_LINE

__all__ = ["startup_notes"]

#: The events a misspelt handler name is compared with: those bots handle most.
COMMON_EVENTS = (
    "ready", "resumed", "connect", "disconnect", "error", "message", "message_edit",
    "message_delete", "bulk_message_delete", "raw_message_edit", "raw_message_delete",
    "raw_bulk_message_delete", "reaction_add", "reaction_remove", "reaction_clear",
    "reaction_clear_emoji", "raw_reaction_add", "raw_reaction_remove", "raw_reaction_clear",
    "raw_reaction_clear_emoji", "member_join", "member_remove", "member_update", "member_ban",
    "member_unban", "raw_member_remove", "user_update", "presence_update", "guild_join",
    "guild_remove", "guild_update", "guild_available", "guild_unavailable",
    "guild_channel_create", "guild_channel_delete", "guild_channel_update",
    "guild_channel_pins_update", "guild_role_create", "guild_role_delete", "guild_role_update",
    "guild_emojis_update", "guild_stickers_update", "thread_create", "thread_join",
    "thread_update", "thread_delete", "thread_remove", "thread_member_join",
    "thread_member_remove", "typing", "raw_typing", "interaction", "voice_state_update",
    "invite_create", "invite_delete", "webhooks_update", "command", "command_error",
    "command_completion", "app_command_completion", "shard_ready", "shard_connect",
    "shard_disconnect", "shard_resumed", "audit_log_entry_create", "automod_action",
    "poll_vote_add", "poll_vote_remove", "scheduled_event_create", "scheduled_event_update",
    "scheduled_event_delete",
)

#: How alike a handler's name and an event's must be to suggest the event (difflib ratio).
CUTOFF = 0.8


def startup_notes(bot: Any, module: ModuleType | None = None) -> list[str]:
    """The lines to print before ``bot`` starts (each ``tidecord: note: ...``); ``module``
    is the bot's file, for what it defines after its own ``bot.run(...)``."""
    events = _handled_events(bot)
    notes = _defined_after_run(module) if module is not None else []
    if "message" in events and not bot.intents.message_content:
        notes.append(
            f"{type(bot).__name__} handles on_message but the message content intent is off:"
            " message.content is empty except in DMs and messages that mention the bot; set"
            " intents.message_content = True (and enable Message Content in the developer"
            " portal)")
    if _swallows_commands(bot):
        notes.append(
            "on_message replaces commands.Bot's own, which runs the commands, and never"
            " calls process_commands: end it with `await bot.process_commands(message)`,"
            " or make it a listener (@bot.listen()) so that commands still run")
    for event in sorted(events - _known_names()):
        close = difflib.get_close_matches(event, COMMON_EVENTS, n=1, cutoff=CUTOFF)
        if close:
            notes.append(f"on_{event} is not an event, so it is never called;"
                         f" did you mean on_{close[0]}?")
    return [f"tidecord: note: {note}" for note in notes]


def _defined_after_run(module: ModuleType) -> list[str]:
    """Functions and classes a file defines below its module-level ``bot.run(...)``: never
    defined, under python too (``run`` blocks until the bot stops), so a handler or
    command there is never registered."""
    line = getattr(module, RUN_LINE, None)
    path = getattr(module, "__file__", None)
    if line is None or path is None:
        return []
    try:
        tree = ast.parse(Path(path).read_text("utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    late = [node.name for node in tree.body if node.lineno > line
            and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))]
    if not late:
        return []
    return [f"{', '.join(late)} {'is' if len(late) == 1 else 'are'} defined after the"
            f" bot.run() call of line {line}, so never (run() blocks until the bot stops,"
            " under python too): move the run() call to the end of the file"]


def _handled_events(bot: Any) -> set[str]:
    """Events the program handles: ``on_*`` methods of its own classes, handlers set with
    ``@client.event``, and listeners; tidecord's own handlers are not the program's."""
    names = {name for name, value in vars(bot).items() if callable(value)}
    for cls in type(bot).__mro__:
        if not cls.__module__.startswith("tidecord"):
            names.update(name for name, value in vars(cls).items() if callable(value))
    events = {name[3:] for name in names if name.startswith("on_")}
    dispatcher = vars(bot).get("_dispatcher")
    events.update(getattr(dispatcher, "_listeners", {}))
    return events


def _swallows_commands(bot: Any) -> bool:
    """Whether ``bot`` runs prefix commands from its ``on_message`` and the program's own
    ``on_message`` (set on it, or of its class) replaces that one without calling it."""
    if not hasattr(bot, "process_commands"):
        return False
    handler = vars(bot).get("on_message")
    if handler is None:
        own = [c for c in type(bot).__mro__
               if "on_message" in vars(c) and not c.__module__.startswith("tidecord")]
        handler = vars(own[0])["on_message"] if own else None
    code = getattr(handler, "__code__", None)
    if code is None:
        return False
    names = _names_used(code)
    return "process_commands" not in names and not {"super", "on_message"} <= names


def _names_used(code: CodeType) -> set[str]:
    """Every global and attribute name a function's code (nested functions too) uses."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, CodeType):
            names |= _names_used(const)
    return names


@cache
def _known_names() -> frozenset[str]:
    """Every quoted snake_case word in tidecord's code (the sandbox's aside): a superset of
    the events it dispatches, so a name found here is never called a misspelling."""
    root = Path(tidecord.__file__).parent
    names: set[str] = set(COMMON_EVENTS)
    for path in root.rglob("*.py"):
        if "sandbox" not in path.relative_to(root).parts:
            names.update(re.findall(r"[\"']([a-z][a-z0-9_]*)[\"']", path.read_text("utf-8")))
    return frozenset(names)
