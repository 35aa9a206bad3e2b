"""discord.py's public surface, object by object: every public name (``dir()``) of each
object a bot meets on discord.py 2.7.1 (instances, collected on the sandbox by one bot
run on both libraries: instance_specimens.py), whether tidecord's object has it, and
for a method, whether it takes the same calls (each parameter discord.py takes by
position or keyword, nothing more required, simple defaults alike); for an attribute,
whether what it reads is of the same kind (None, UNSET, which enum, a plain value, a
sequence, an object), read while each bot runs.

The gaps found must equal ``ALLOWED`` (names and calls) and ``ALLOWED_KINDS`` (values),
each with why it is left out: a regression, or a name a new discord.py adds, shows up
here. Enums and flags are compared class by class (their own surface is the class's).
Voice audio (``VoiceClient``, the FFmpeg sources, opus, the player) is left out of
tidecord on purpose and of this comparison with it: no object here is one of those.
"""

from __future__ import annotations

import datetime
import enum
import importlib
import inspect
import warnings
from typing import Any

import discord as dpy
import msgspec
import pytest

from ..ext.parity import quick_limits, running
from .instance_specimens import collect, sharded_bot, specimens_bot, specimens_world, until

pytestmark = [pytest.mark.timeout(60), pytest.mark.tidecord_strict(False)]

P = inspect.Parameter
_POSITIONAL = (P.POSITIONAL_ONLY, P.POSITIONAL_OR_KEYWORD)


def _has(obj: Any, name: str) -> bool:
    try:
        inspect.getattr_static(obj, name)
        return True
    except AttributeError:
        pass
    try:
        getattr(obj, name)
    except AttributeError:
        return False
    except Exception:  # a property that refuses in this state still exists
        return True
    return True


def _default(value: Any) -> str:
    """A default compared by value when it is a plain literal; sentinels and objects
    (discord.py's MISSING, tidecord's UNSET) only as "has one"."""
    if value is P.empty:
        return "required"
    if isinstance(value, bool | int | float | str):
        return repr(value)
    return "optional"


def _call_gaps(theirs: list[P], ours: list[P]) -> list[str]:
    """What a call written for discord.py's signature ``theirs`` would not get from
    ``ours``."""
    kinds = {p.kind for p in ours}
    by_name = {p.name: p for p in ours}
    ours_positional = [p for p in ours if p.kind in _POSITIONAL]
    gaps = []
    for index, param in enumerate(theirs):
        mine = by_name.get(param.name)
        if param.kind is P.POSITIONAL_ONLY:
            if index >= len(ours_positional) and P.VAR_POSITIONAL not in kinds:
                gaps.append(f"{param.name}: positional #{index} refused")
            continue
        if param.kind is P.VAR_POSITIONAL:
            if P.VAR_POSITIONAL not in kinds:
                gaps.append(f"*{param.name}")
            continue
        if param.kind is P.VAR_KEYWORD:
            continue  # what discord.py passes on unread cannot be judged by name
        if mine is None:
            if P.VAR_KEYWORD not in kinds:
                gaps.append(f"{param.name}: missing")
            continue
        if param.kind is P.POSITIONAL_OR_KEYWORD and mine.kind is not P.POSITIONAL_OR_KEYWORD:
            gaps.append(f"{param.name}: {mine.kind.description}")
        elif param.kind is P.KEYWORD_ONLY and mine.kind is P.POSITIONAL_ONLY:
            gaps.append(f"{param.name}: positional-only")
        theirs_default, ours_default = _default(param.default), _default(mine.default)
        if ours_default == "required" != theirs_default:
            gaps.append(f"{param.name}: required")
        elif "optional" not in (theirs_default, ours_default) != theirs_default != ours_default:
            gaps.append(f"{param.name}={ours_default} (discord.py: {theirs_default})")
    named = {p.name for p in theirs}
    positional_taken = sum(p.kind in _POSITIONAL for p in theirs)
    for position, mine in enumerate(ours_positional):
        if (mine.name not in named and mine.default is P.empty
                and position >= positional_taken):
            gaps.append(f"{mine.name}: required")
    for mine in ours:
        if mine.kind is P.KEYWORD_ONLY and mine.name not in named and mine.default is P.empty:
            gaps.append(f"{mine.name}: required")
    return gaps


def _signature(func: Any) -> list[P] | None:
    try:
        return list(inspect.signature(func).parameters.values())
    except (TypeError, ValueError):
        return None


def gaps_between(kind: str, ours: Any, theirs: Any) -> list[str]:
    """``kind.name`` for each public name of ``theirs`` that ``ours`` lacks, and
    ``kind.name(parameter: what)`` for each call of a method ``ours`` would not take."""
    found = []
    for name in dir(theirs):
        if name.startswith("_"):
            continue
        if not _has(ours, name):
            found.append(f"{kind}.{name}")
            continue
        try:
            # reading a deprecated name warns (discord.py's ``always``, whatever the
            # filters): kept, and dropped
            with warnings.catch_warnings(record=True):
                their_attr, our_attr = getattr(theirs, name), getattr(ours, name)
        except Exception:
            continue
        if not inspect.isroutine(their_attr):
            continue
        theirs_sig, ours_sig = _signature(their_attr), _signature(our_attr)
        if theirs_sig is not None and ours_sig is not None:
            found += [f"{kind}.{name}({gap})" for gap in _call_gaps(theirs_sig, ours_sig)]
    return found


# What a value is, as a bot sees it: the classes differ between the libraries (a
# tidecord channel is one class, its ids' maps read as lists), what they are does not.
_SEQUENCES = ("SequenceProxy", "IdMap", "RoleMap", "GuildMembers")
_PLAIN = {"Snowflake": "int", "Secret": "str"}


def _kind_of(value: Any) -> str:
    kind = type(value)
    if value is None:
        return "None"
    if kind is msgspec.UnsetType:
        return "UNSET"
    if kind.__name__.startswith("_EnumValue_"):  # a discord.py enum's member
        return f"enum {kind.__name__.removeprefix('_EnumValue_')}"
    if isinstance(value, enum.Enum):
        return f"enum {kind.__name__}"
    if isinstance(value, bool) or kind.__name__ == "_FakeBool":
        return "bool"
    # plain values, ids and secrets (tidecord's colours and assets, an int and a str
    # underneath, are objects as discord.py's are)
    if kind in (int, float, str):
        return kind.__name__
    if kind.__name__ in _PLAIN:
        return _PLAIN[kind.__name__]
    if isinstance(value, datetime.datetime):
        return "datetime"
    if isinstance(value, list | tuple | set | frozenset) or kind.__name__ in _SEQUENCES:
        return "sequence"
    return "dict" if isinstance(value, dict) else "object"


def _read(obj: Any, name: str) -> Any:
    with warnings.catch_warnings(record=True):
        try:
            return getattr(obj, name)
        except Exception as exc:  # a read that refuses is what it reads as
            return exc


def _read_all(obj: Any) -> dict[str, Any]:
    return {name: _read(obj, name) for name in dir(obj) if not name.startswith("_")}


def value_gaps(kind: str, ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """``kind.name: what discord.py's read / what tidecord's read`` for each public
    attribute (not a method) of both whose values, read while each bot ran, are of
    different kinds."""
    found = []
    for name, their_value in theirs.items():
        if name not in ours or inspect.isroutine(their_value) or inspect.isclass(their_value):
            continue
        shown = [("raises" if isinstance(v, Exception) else _kind_of(v))
                 for v in (their_value, ours[name])]
        if shown[0] != shown[1]:
            found.append(f"{kind}.{name}: {shown[0]} / {shown[1]}")
    return found


def _same_as_allowed(found: list[str], allowed: dict[str, str]) -> None:
    new = [gap for gap in found if gap not in allowed]
    closed = [gap for gap in allowed if gap not in found]
    assert not new and not closed, (f"new gaps (fill them, or allow them saying why): "
                                    f"{new}; allowed but gone (drop them): {closed}")


async def test_the_objects_a_bot_meets_offer_what_discord_py_s_do(sandbox_factory: Any) -> None:
    met: dict[str, dict[str, Any]] = {}
    read: dict[str, dict[str, dict[str, Any]]] = {}
    for library in ("tidecord", "discord.py"):
        sb = await sandbox_factory(world=specimens_world(), rate_limits=quick_limits())
        async with running(library, sb, sharded_bot) as sharded:
            await until(lambda: "shard_info" in sharded.specimens, lambda: "on_ready")
            sharded_read = {kind: _read_all(obj) for kind, obj in sharded.specimens.items()}
            sharded_met = dict(sharded.specimens)
        async with running(library, sb, specimens_bot) as bot:
            met[library] = await collect(sb, bot) | sharded_met
            # read while the bot runs: after, what reads its cache reads an empty one
            read[library] = {kind: _read_all(obj) for kind, obj in met[library].items()}
            read[library].update(sharded_read)
    ours, theirs = met["tidecord"], met["discord.py"]
    assert sorted(ours) == sorted(theirs)
    found = []
    for kind in sorted(theirs):
        if theirs[kind] is None:  # what discord.py's bot met as None, tidecord's must too
            found += [] if ours[kind] is None else [f"{kind}: not None"]
            continue
        found += gaps_between(kind, ours[kind], theirs[kind])
    _same_as_allowed(found, ALLOWED)
    kinds = [gap for kind in sorted(theirs)
             for gap in value_gaps(kind, read["tidecord"][kind], read["discord.py"][kind])]
    _same_as_allowed(kinds, ALLOWED_KINDS)


def _enum_and_flag_classes() -> list[tuple[str, Any]]:
    found = []
    for package in ("", ".app_commands", ".ext.commands", ".ui"):
        module = importlib.import_module(f"discord{package}")
        # the package exports them by name (``discord`` itself has no ``__all__``)
        for name in getattr(module, "__all__", [n for n in dir(module) if n[0] != "_"]):
            value = getattr(module, name)
            # discord.py's enums are its own kind, not enum.Enum's
            if inspect.isclass(value) and (isinstance(value, dpy.enums.EnumMeta) or issubclass(
                    value, enum.Enum | dpy.flags.BaseFlags | dpy.Permissions | dpy.Colour)):
                found.append((f"discord{package}.{name}", value))
    return found


def test_enums_and_flags_offer_what_discord_py_s_do() -> None:
    # a class's own surface is what a bot uses of these: Status.try_value(...),
    # Permissions.all(), Intents.default(), each member and flag by name
    found = []
    for name, theirs in _enum_and_flag_classes():
        module, _, attr = name.replace("discord", "tidecord", 1).rpartition(".")
        ours = getattr(importlib.import_module(module), attr, None)
        found += [name] if ours is None else gaps_between(attr, ours, theirs)
    _same_as_allowed(found, ALLOWED_CLASSES)


#: Values of another kind than discord.py's, each with why.
ALLOWED_KINDS: dict[str, str] = {
    **{f"{kind}.data: dict / object": "an interaction's data is a model that reads as "
       "discord.py's dict too (data['custom_id'], data.get('values'))"
       for kind in ("interaction", "component_interaction", "modal_interaction")},
    "interaction.response.type: enum InteractionResponseType / enum "
    "InteractionCallbackType": "one enum under Discord's name; discord.InteractionResponseType "
                               "is it, so comparisons with its members hold",
    "dm_message_channel.recipient: None / object": "tidecord knows who a DM is with from "
                                                   "the message; discord.py leaves it None",
    "fetched_member.activity: None / object": "fetch_member keeps the presence the cache "
                                              "holds; discord.py's REST member has none",
    "member_me.dm_channel: raises / None": "the bot has no DM with itself: tidecord's "
                                           "reads None; discord.py's own member wraps "
                                           "its ClientUser, which has no dm_channel",
    "app_group.module: str / None": "a bare Group takes its module from its commands "
                                    "(so unloading their extension removes it), not from "
                                    "the frame that made it; this one has none",
    "template_channel.guild: object / None": "a template's channel belongs to no live "
                                             "guild; discord.py's points at the snapshot",
    **{f"thread_member.{name}: object / None": "read after the thread was deleted: "
       "discord.py's member keeps the thread it was made with, tidecord's finds it in "
       "the cache" for name in ("thread", "parent")},
    "voice_state.channel: None / object": "read after bob was banned: discord.py changes "
                                          "a member's VoiceState in place, tidecord's is "
                                          "a snapshot (member.voice reads the new one)",
}


#: discord.py's enum and flag classes tidecord leaves out.
ALLOWED_CLASSES: dict[str, str] = {
    "discord.Enum": "discord.py's own enum base, which its enums share; tidecord's are "
                    "Python's enums (IntEnum, StrEnum...), and what a bot calls on one "
                    "(try_value, members by name and value) each has",
    "discord.SpeakingState": "voice audio: tidecord sends no audio",
}

def _each(kind: str, names: str, why: str) -> dict[str, str]:
    return {f"{kind}.{name}": why for name in names.split()}


_SNAPSHOT = ("a template's guild is a snapshot: tidecord's reads its name, settings, "
             "roles and channels (by kind and id) as discord.py's; discord.py's is a whole "
             "Guild whose calls and member, emoji or boost reads have nothing behind them")
_CONSTRUCTOR = ("discord.py's internal constructor, fed its own ConnectionState or "
                "payloads: tidecord builds these objects from the wire itself")

#: What tidecord's objects lack of discord.py's, each with why.
ALLOWED: dict[str, str] = {
    **_each("bot", "create_guild", "deprecated in discord.py: Discord has withdrawn guild "
            "creation by bots"),
    **_each("bot", "ws", "discord.py's gateway socket object: tidecord's shards are "
            "reached through bot.shards, bot.latency and bot.get_shard"),
    **_each("sharded_bot", "create_guild", "as bot.create_guild"),
    **_each("sharded_bot", "ws", "as bot.ws"),
    **_each("sharded_bot", "launch_shard launch_shards", "discord.py's steps of starting "
            "its shards, run by connect(); tidecord's shard manager starts them"),
    **_each("guild", "create_integration", "attaching a (Twitch, YouTube) integration is "
            "an endpoint Discord's documentation no longer lists; integrations come from "
            "installing an application"),
    **_each("fetched_guild", "create_integration", "as guild.create_integration"),
    **_each("template", "create_guild", "as bot.create_guild (deprecated in discord.py "
            "too)"),
    **_each("command", "transform", "discord.py's internal step converting one "
            "parameter, not documented: tidecord's converters are the public way in"),
    **_each("group", "transform", "as command.transform"),
    **_each("hybrid_command", "transform", "as command.transform"),
    **_each("fetched_invite", "from_gateway from_incomplete", _CONSTRUCTOR),
    **_each("invite", "from_gateway from_incomplete", _CONSTRUCTOR),
    **_each("message_reference", "with_state", _CONSTRUCTOR),
    **_each("partial_emoji", "with_state", _CONSTRUCTOR),
    **_each("poll_answer", "from_params", _CONSTRUCTOR),
    **_each("automod_trigger", "from_data", _CONSTRUCTOR),
    "forum_tag.from_data(state: missing)": _CONSTRUCTOR,
    **_each("automod_rule_action", "from_data", _CONSTRUCTOR),
    **_each("audit_log_changes", "TRANSFORMERS", "discord.py's table of how it renames "
            "and converts each changed field; tidecord's diff gives the same names"),
    **_each("webhook", "from_state", _CONSTRUCTOR),
    **_each("webhook", "auth_token proxy proxy_auth session", "discord.py's webhook "
            "carries its own aiohttp session and proxy; tidecord's goes through the "
            "client's HTTP (SyncWebhook and Webhook.from_url for one without a client)"),
    **_each("action_row", "from_component", "rebuilding ui items from a message's "
            "components is View.from_message's (and LayoutView's) work, which tidecord "
            "has; discord.py's per-item hooks for it are undocumented"),
    **_each("container", "from_component to_components", "as action_row.from_component"),
    **_each("section", "from_component to_components", "as action_row.from_component"),
    **_each("label", "from_component", "as action_row.from_component"),
    "button.from_component(button: missing)": "tidecord names the component "
        "parameter `component`, as its other items do; nobody passes it by name",
    "bound_button.from_component(button: missing)": "as button.from_component",
    **_each("interaction.followup", "auth_token avatar channel created_at "
            "default_avatar delete display_avatar edit fetch from_state from_url guild "
            "name partial proxy proxy_auth session source_channel source_guild user",
            "an interaction's followup is its token, not a webhook a bot owns: what it "
            "sends, edits, fetches and deletes (messages) tidecord has; discord.py's "
            "Webhook reads None there, and editing, fetching or deleting the webhook "
            "itself has no meaning for it"),
    "interaction.followup.send(wait=True (discord.py: False))": "tidecord always "
        "returns the message sent; discord.py returns None unless wait=True",
    **_each("typing", "channel do_typing loop messageable wrapped_typer",
            "the innards of discord.py's typing context manager; `async with "
            "channel.typing()` and `await channel.typing()` work alike"),
    **_each("template_guild",
            "active_threads approximate_member_count approximate_presence_count audit_logs "
            "ban banner bans bitrate_limit bulk_ban by_category change_voice_state chunk "
            "chunked create_automod_rule create_category create_category_channel "
            "create_custom_emoji create_forum create_integration create_role "
            "create_scheduled_event create_soundboard_sound create_stage_channel "
            "create_sticker create_template create_text_channel create_voice_channel delete "
            "delete_emoji delete_sticker discovery_splash dm_spam_detected_at dms_paused "
            "dms_paused_until edit edit_onboarding edit_role_positions edit_welcome_screen "
            "edit_widget emoji_limit emojis estimate_pruned_members features "
            "fetch_automod_rule fetch_automod_rules fetch_ban fetch_channel fetch_channels "
            "fetch_emoji fetch_emojis fetch_member fetch_members fetch_role fetch_roles "
            "fetch_scheduled_event fetch_scheduled_events fetch_soundboard_sound "
            "fetch_soundboard_sounds fetch_sticker fetch_stickers filesize_limit "
            "get_channel_or_thread get_emoji get_member get_member_named "
            "get_scheduled_event get_soundboard_sound get_stage_instance get_thread icon "
            "integrations invites invites_paused invites_paused_until is_dm_spam_detected "
            "is_raid_detected kick large leave max_members max_presences "
            "max_stage_video_users max_video_channel_users me member_count members "
            "mfa_level nsfw_level onboarding owner owner_id premium_progress_bar_enabled "
            "premium_subscriber_role premium_subscribers premium_subscription_count "
            "premium_tier prune_members public_updates_channel query_members "
            "raid_detected_at role_member_counts rules_channel safety_alerts_channel "
            "scheduled_events self_role shard_id soundboard_sounds splash stage_instances "
            "sticker_limit stickers templates threads unavailable unban vanity_invite "
            "vanity_url vanity_url_code voice_client webhooks welcome_screen widget "
            "widget_channel widget_enabled", _SNAPSHOT),
}
