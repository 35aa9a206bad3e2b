"""What Discord really sends, bent every way it documents, to tidecord and discord.py at once.

A scenario on the sandbox makes one real dispatch of each event the two bots handle;
:mod:`.payload_variants` bends each (a field left out, a nullable one null, a field
never heard of, an enum value Discord adds later, a snowflake as a number, an array
empty or long). Both bots, connected to the same sandbox, get every variant; after
each a person speaks, so that both have read it. Then for each variant: whatever
discord.py's handler was handed, tidecord's must have been handed the same (the
values a bot reads, enums as discord.py reads an unknown one), and tidecord keeps
serving. Where discord.py itself fails on valid data, tidecord must still hand it
over. ``TIDECORD_PAYLOADS_REPORT=1`` prints what each variant came to on each side.
"""

import asyncio
import json
import logging
import os
from typing import Any

import pytest

from tidecord.sandbox import Sandbox

from ..ext.parity import running
from .chaos_helpers import until
from .payload_variants import variants
from .variant_world import (
    HEARD_BY,
    MESSAGE_SHAPES,
    listening_bot,
    real_dispatches,
    variants_world,
)

pytestmark = [pytest.mark.timeout(120), pytest.mark.tidecord_strict(False)]

#: Where the two may differ, and why (tidecord's reading is the one kept).
ACCEPTED = {
    "CHANNEL_UPDATE unknown enum value at type":
        "discord.py's text channel reads every type but 0 as news; tidecord unknown_97",
    **{f"MESSAGE_CREATE unknown enum value at {where} (with components)":
       "discord.py leaves a component of a kind it does not know out; tidecord keeps "
       "it, its type ComponentType.unknown_97"
       for where in ("components.0.type", "components.0.components.0.type")},
    **{f"GUILD_CREATE unknown enum value at channels.{i}.type":
       "discord.py leaves a channel of a type it does not know out of the guild; "
       "tidecord keeps it, its type unknown_97" for i in range(2)},
    **{f"MESSAGE_CREATE optional left out at poll.answers.{i}.poll_media.text (with poll)":
       "discord.py drops the whole poll (a KeyError it swallows); tidecord reads it"
       for i in range(2)},
    "GUILD_STICKERS_UPDATE nullable null at stickers.0.format_type":
        "a null format reads None; discord.py makes StickerFormatType.unknown_None",
}


# Gateway-only enums the schema does not describe: where they sit in each event.
GATEWAY_ENUMS = {
    "INVITE_CREATE": [("type",), ("target_type",)],
    "PRESENCE_UPDATE": [("activities", 0, "type"), ("status",)],
    "MESSAGE_REACTION_ADD": [("type",)],
    "MESSAGE_CREATE": [("components", 0, "components", 0, "style")],
    "AUTO_MODERATION_ACTION_EXECUTION": [("rule_trigger_type",), ("action", "type")],
    "VOICE_CHANNEL_EFFECT_SEND": [("animation_type",)],
    "STAGE_INSTANCE_CREATE": [("privacy_level",)],
}


def _cases(frames: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """``(event, label, payload)`` for every variant of every template."""
    templates = [(event, "", frames[event]) for event in HEARD_BY]
    templates += [("MESSAGE_CREATE", f" (with {shape})", frames[f"MESSAGE_CREATE with {shape}"])
                  for shape in MESSAGE_SHAPES]
    cases = []
    for event, shape, payload in templates:
        for label, variant in variants(event, payload):
            cases.append((event, label + shape, variant))
        for path in GATEWAY_ENUMS.get(event, ()):
            variant = json.loads(json.dumps(payload))
            node = variant
            try:
                for key in path[:-1]:
                    node = node[key]
            except (KeyError, IndexError):
                continue  # not in this shape
            node[path[-1]] = "busy" if path[-1] == "status" else 97
            cases.append((event, f"{event} unknown enum value at "
                                 f"{'.'.join(map(str, path))}{shape}", variant))
    return cases


def _unset_api(mine: list[Any], theirs: list[Any], handler: str) -> list[str]:
    """The attributes of ``handler``'s arguments that read UNSET on tidecord and that
    discord.py's arguments have."""
    api: dict[int, set[str]] = {}
    for kind, found in theirs:
        if kind == "attributes" and found[0] == handler:
            for i, names in enumerate(found[1]):
                api.setdefault(i, set()).update(names)
    return sorted({f"{handler}[{i}].{attr}" for kind, found in mine
                   if kind == "unset" and found[0] == handler
                   for i, names in enumerate(found[1]) for attr in names
                   if attr in api.get(i, ())})


async def _before(sb: Sandbox, event: str, frames: dict[str, Any], n: int,
                  variant: dict[str, Any]) -> None:
    """Make the variant news to both bots (an update that changes something; a deletion
    of something there)."""
    if event == "THREAD_MEMBERS_UPDATE":
        await sb.inject_dispatch("THREAD_CREATE", json.dumps(frames["THREAD_CREATE"]).encode())
    if event in ("GUILD_SCHEDULED_EVENT_UPDATE", "GUILD_SCHEDULED_EVENT_DELETE",
                 "GUILD_SCHEDULED_EVENT_USER_ADD"):
        await sb.inject_dispatch("GUILD_SCHEDULED_EVENT_CREATE",
                                 json.dumps(frames["GUILD_SCHEDULED_EVENT_CREATE"]).encode())
    if event == "GUILD_SCHEDULED_EVENT_UPDATE" and "description" in variant:
        variant["description"] = f"about {n}"  # (an update that changes something)
    if event == "GUILD_ROLE_DELETE":
        await sb.inject_dispatch("GUILD_ROLE_CREATE",
                                 json.dumps(frames["GUILD_ROLE_CREATE"]).encode())
    if event in ("CHANNEL_UPDATE", "CHANNEL_DELETE", "WEBHOOKS_UPDATE", "CHANNEL_PINS_UPDATE"):
        await sb.inject_dispatch("CHANNEL_CREATE", json.dumps(frames["CHANNEL_CREATE"]).encode())
    if event == "GUILD_MEMBER_UPDATE" and "nick" in variant:
        variant["nick"] = f"nick {n}"
    if event in ("GUILD_CREATE", "THREAD_CREATE"):  # one the bot has not seen, each time
        fresh = 10**17 + n
        variant["id"] = fresh if isinstance(variant["id"], int) else str(fresh)
        variant.pop("unavailable", None)  # (a guild joined, not one back from an outage)
        if event == "THREAD_CREATE":
            variant["newly_created"] = True
    if event == "GUILD_MEMBER_REMOVE":
        await sb.inject_dispatch("GUILD_MEMBER_ADD",
                                 json.dumps(frames["GUILD_MEMBER_ADD"]).encode())


async def test_every_documented_variant_is_heard_as_discord_py_hears_it(
    sandbox_factory: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    sb = await sandbox_factory(world=variants_world())
    report = os.environ.get("TIDECORD_PAYLOADS_REPORT")
    async with running("tidecord", sb, listening_bot) as td, \
            running("discord.py", sb, listening_bot) as dpy:
        frames = await real_dispatches(sb, td)
        cases = await asyncio.to_thread(_cases, frames)  # (copies: off the bots' loop)
        differences = []
        for n, (event, label, variant) in enumerate(cases):
            await _before(sb, event, frames, n, variant)
            td.heard.clear()
            dpy.heard.clear()
            caplog.clear()
            await sb.inject_dispatch(event, json.dumps(variant).encode())
            sentinel = f"sentinel {n}"
            await sb.send_message("alice", "general", sentinel)
            for bot in (td, dpy):
                await until(lambda bot=bot, sentinel=sentinel: any(
                    name == "message" and text[0] == sentinel for name, text in bot.heard),
                    what=f"both bots to read on after {label}")
            wanted = HEARD_BY[event]
            mine = [text for name, text in td.heard if name == wanted
                    and not (name == "message" and text[0] == sentinel)]
            theirs = [text for name, text in dpy.heard if name == wanted
                      and not (name == "message" and text[0] == sentinel)]
            failed = [text for name, text in dpy.heard if name == "failed"] + [
                text for text in theirs if isinstance(text, str) and text.startswith("raised")]
            if report:
                print(f"{label}: tidecord {'heard' if mine else 'NOT heard'}, discord.py "
                      f"{'heard' if theirs else 'failed' if failed else 'NOT heard'}")
            logged = [r.getMessage()[:160] for r in caplog.records
                      if r.name.startswith(("tidecord.gateway", "tidecord.events"))
                      and r.levelno >= logging.WARNING]
            unset = _unset_api(td.heard, dpy.heard, wanted)
            if unset:  # no attribute of discord.py's a handler is handed reads UNSET
                differences.append(f"{label}: tidecord's {unset} read UNSET")
            elif logged:  # valid data is no malformed payload
                differences.append(f"{label}: tidecord logged {logged}")
            elif "UnsetType" in str(mine):  # a field left out must read as discord.py's do
                differences.append(f"{label}: tidecord read UNSET: {mine}")
            elif label in ACCEPTED:
                continue
            elif failed:  # valid data discord.py fails on: tidecord hands it over, readable
                if not mine or any(isinstance(text, str) for text in mine):
                    differences.append(f"{label}: tidecord {mine}, discord.py {failed}")
            elif mine != theirs and not (theirs == [] and mine):
                differences.append(f"{label}: tidecord {mine} discord.py {theirs}")
            elif theirs == [] and mine and report:
                print(f"only tidecord: {label}: {mine}")
        print(f"{len(cases)} variants, {len(differences)} differences")
        if report:
            print("\n".join(differences))
        assert not differences, "\n".join(differences)
