"""Seeded REST calls, written once as plain data and made into each library's objects,
for comparing what tidecord and discord.py 2.7.1 put on the wire (see
``test_requests_like_discord_py.py``).

A case is a dict: ``call`` (which method) and its keyword specs. ``kwargs(discord,
spec, ...)`` builds that library's keywords (files, embeds, mentions, views, polls) from
the spec afresh each time, since a ``File`` is spent once sent.
"""

from __future__ import annotations

import datetime
import io
import random
from pathlib import Path
from typing import Any

from tidecord.sandbox import World

MESSAGE_CALLS = ("channel.send", "message.reply", "message.edit", "webhook.send",
                 "webhook.edit_message", "member.send")
INTERACTION_CALLS = ("response.send_message", "followup.send", "edit_original_response",
                     "response.edit_message")
ADMIN_CALLS = ("guild.create_role", "role.edit", "channel.edit", "member.edit", "guild.ban",
               "guild.kick", "channel.create_thread", "channel.create_invite",
               "channel.create_webhook", "message.react", "message.pin", "member.roles",
               "channel.set_permissions", "guild.create_text_channel", "webhook.edit",
               "thread.edit", "invite.delete", "channel.delete_messages", "message.forward",
               "guild.create_sticker", "guild.create_custom_emoji", "guild.edit",
               "guild.create_voice_channel", "role.delete", "channel.delete")
WHEN = datetime.datetime(2026, 5, 17, 12, 30, 5, 250000, tzinfo=datetime.UTC)
REASONS = ("spam in #général", "raid: 3 accounts & links", "tidy up / 整理", "a b  c",
           "100% done? yes+no", "emoji 🎉 party")


def wire_world() -> World:
    """A guild where the bot may do everything these calls ask."""
    return World.from_dict({
        "users": [{"username": "alice", "global_name": "Alice"},
                  {"username": "bob", "global_name": "Bob"},
                  {"username": "carol"}, {"username": "dave"}, {"username": "erin"}],
        "guilds": [{
            "name": "Wire", "owner": "alice",
            "bot_permissions": ["administrator"],
            "stickers": ["wave"],
            "emojis": ["party"],
            "roles": [{"name": "Gardeners", "mentionable": True}, {"name": "Helpers"}],
            "channels": [{"name": "Text", "type": 4}, {"name": "general", "parent": "Text"},
                         {"name": "other", "parent": "Text"}, {"name": "Talk", "type": 2}],
            "members": [{"user": "alice", "roles": ["Gardeners"]}, "bob", "carol", "dave",
                        "erin"],
        }],
    })


def _text(rng: random.Random) -> str:
    words = ["hello", "<@&{role}>", "<@{bob}>", "@everyone", "wire", "🌊", "ok", "**bold**"]
    return " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))


def _embed(rng: random.Random, files: list[dict[str, Any]]) -> dict[str, Any]:
    embed: dict[str, Any] = {}
    for key in ("title", "description", "url", "colour", "timestamp"):
        if rng.random() < 0.5:
            embed[key] = {"title": "T " + _text(rng), "description": _text(rng),
                          "url": "https://example.com/e", "colour": rng.randint(0, 0xFFFFFF),
                          "timestamp": True}[key]
    images = [f"attachment://{f['name']}" for f in files if not f["spoiler"]]
    images.append("https://example.com/i.png")
    for key in ("image", "thumbnail"):
        if rng.random() < 0.4:
            embed[key] = rng.choice(images)
    if rng.random() < 0.4:
        embed["author"] = {"name": "Author", **({"url": "https://example.com/a"}
                                                  if rng.random() < 0.5 else {}),
                           **({"icon_url": rng.choice(images)} if rng.random() < 0.5 else {})}
    if rng.random() < 0.4:
        embed["footer"] = {"text": "Foot", **({"icon_url": rng.choice(images)}
                                              if rng.random() < 0.5 else {})}
    embed["fields"] = [(f"f{n}", _text(rng), rng.random() < 0.5)
                       for n in range(rng.choice((0, 0, 1, 3)))]
    if not any(k in embed for k in ("title", "description")) and not embed["fields"]:
        embed["description"] = "filler"
    return embed


def _mentions(rng: random.Random) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    for key in ("everyone", "users", "roles", "replied_user"):
        choice = rng.choice(("absent", True, False, "list"))
        if choice == "list" and key in ("users", "roles"):
            spec[key] = "list"
        elif choice != "absent" and choice != "list":
            spec[key] = choice
    return spec


# What each call takes, as discord.py 2.7.1 names it.
SEND = {"content", "tts", "embed", "embeds", "files", "allowed_mentions", "view",
        "suppress_embeds", "silent", "poll"}
TAKES = {
    "channel.send": SEND | {"nonce", "reference", "mention_author", "delete_after",
                            "stickers"},
    "message.reply": SEND | {"nonce", "mention_author", "delete_after", "stickers"},
    "member.send": SEND | {"nonce", "delete_after"},
    "message.edit": {"content", "embed", "embeds", "attachments", "suppress", "delete_after",
                     "allowed_mentions", "view"},
    "webhook.send": SEND | {"username", "avatar_url", "wait"},
    "webhook.edit_message": {"content", "embed", "embeds", "attachments", "view",
                             "allowed_mentions"},
    "response.send_message": SEND | {"ephemeral", "delete_after"},
    "followup.send": SEND | {"ephemeral", "username", "avatar_url"},
    "edit_original_response": {"content", "embed", "embeds", "attachments", "view",
                               "allowed_mentions", "poll"},
    "response.edit_message": {"content", "embed", "embeds", "attachments", "view",
                              "allowed_mentions", "delete_after", "suppress_embeds"},
}


def message_case(rng: random.Random, call: str) -> dict[str, Any]:
    """Keywords for one message call (only those that call takes)."""
    takes = TAKES[call]
    case: dict[str, Any] = {"call": call}
    editing = "attachments" in takes
    if rng.random() < 0.8:
        case["content"] = rng.choice((_text(rng), _text(rng), None)) if editing else _text(rng)
    files = []
    if rng.random() < 0.4:
        for n in range(rng.randint(1, 3)):
            files.append({"name": rng.choice((f"f{n}.png", f"note {n}.txt", f"d{n}.bin")),
                          "data": bytes([n]) * rng.randint(1, 40),
                          "spoiler": rng.random() < 0.3,
                          "description": rng.choice((None, f"desc {n}")),
                          "path": rng.random() < 0.3})
        case["files"] = files
    if rng.random() < 0.5:
        many = rng.random() < 0.5
        embeds = [_embed(rng, files) for _ in range(rng.randint(1, 3) if many else 1)]
        case["embeds" if many else "embed"] = embeds if many else embeds[0]
    if rng.random() < 0.5:
        case["allowed_mentions"] = _mentions(rng)
    choices: dict[str, tuple[float, tuple[Any, ...]]] = {
        "tts": (0.3, (True, False)), "view": (0.3, ("button", "select")),
        "suppress_embeds": (0.2, (True, True, False)), "suppress": (0.2, (True, False)),
        "silent": (0.25, (True, True, False)), "nonce": (0.3, ("n-1234", 987654321)),
        "mention_author": (0.3, (True, False)), "delete_after": (0.2, (30.0,)),
        "reference": (0.3, (True, False, None)), "username": (0.4, ("Hooky",)),
        "avatar_url": (0.3, ("https://example.com/av.png",)), "ephemeral": (0.4, (True, False)),
        "attachments": (0.5, ("keep", "drop", "some", "add")), "stickers": (0.15, ("wave",)),
    }
    for key, (odds, values) in choices.items():
        if key in takes and rng.random() < odds:
            case[key] = rng.choice(values)
    if "poll" in takes and rng.random() < 0.15:
        case["poll"] = {"question": "Lunch?", "answers": ["soup", "🥗 salad"],
                        "multiple": rng.random() < 0.5, "hours": rng.choice((1, 24))}
    if editing and rng.random() < 0.25:
        # Clearing what the message had: embeds, components.
        key = rng.choice(("embed", "embeds", "view"))
        if not ({key, "embed", "embeds"} if key != "view" else {key}) & case.keys():
            case[key] = [] if key == "embeds" else None
    if "wait" in takes:
        case["wait"] = True
    if editing and "files" in case and case.get("attachments") not in ("keep", "add"):
        case["attachments"] = "add"  # an edit uploads through attachments=
    if not any(case.get(k) for k in ("content", "files", "embed", "embeds", "poll")):
        case["content"] = "plain"
    return case


def admin_case(rng: random.Random, call: str) -> dict[str, Any]:
    """Keywords for one administrative call, each with a reason."""
    case: dict[str, Any] = {"call": call, "reason": rng.choice((*REASONS, None))}
    if call == "guild.create_role":
        for key, values in (("name", ("New role", "ünï")), ("colour", (0, 0x123456)),
                            ("hoist", (True, False)), ("mentionable", (True, False)),
                            ("permissions", (0, 8, 0x40))):
            if rng.random() < 0.6:
                case[key] = rng.choice(values)
    elif call == "role.edit":
        for key, values in (("name", ("Edited", "Gärtner")), ("colour", (0, 0xABCDEF)),
                            ("hoist", (True, False)), ("mentionable", (True, False)),
                            ("permissions", (0, 0x800))):
            if rng.random() < 0.5:
                case[key] = rng.choice(values)
    elif call == "channel.edit":
        for key, values in (("name", ("renamed", "chan-2")), ("topic", ("a topic", "", None)),
                            ("nsfw", (True, False)), ("slowmode_delay", (0, 10)),
                            ("position", (0, 1, 2)), ("sync_permissions", (True, False)),
                            ("category", ("Text", None)), ("overwrites", ("one", "two", "none"))):
            if rng.random() < 0.35:
                case[key] = rng.choice(values)
    elif call == "member.edit":
        for key, values in (("nick", ("Nick", None, "ニック")), ("roles", ("one", "none")),
                            ("timeout", (60, None)), ("mute", (True, False)),
                            ("deafen", (True, False)), ("voice_channel", ("Talk", None))):
            if rng.random() < 0.4:
                case[key] = rng.choice(values)
    elif call == "guild.ban":
        case["delete_message_seconds"] = rng.choice((None, 0, 3600))
    elif call == "channel.create_thread":
        case["name"] = rng.choice(("topic", "Thread ✨"))
        case["auto_archive_duration"] = rng.choice((None, 60, 1440))
        case["private"] = rng.random() < 0.5
        case["from_message"] = rng.random() < 0.4
        case["slowmode_delay"] = rng.choice((None, 5))
    elif call == "channel.create_invite":
        for key, values in (("max_age", (0, 3600)), ("max_uses", (0, 5)),
                            ("temporary", (True, False)), ("unique", (True, False))):
            if rng.random() < 0.5:
                case[key] = rng.choice(values)
    elif call == "channel.create_webhook":
        case["name"] = rng.choice(("Hook", "Crochet"))
        if rng.random() < 0.6:
            case["avatar"] = "png"
    elif call == "message.react":
        case["emoji"] = rng.choice(("👍", "🏳️‍🌈", "custom", "❤️"))
        case["then"] = rng.choice(("remove", "clear", "clear_all", "keep"))
    elif call == "message.pin":
        case["unpin"] = rng.random() < 0.5
    elif call == "member.roles":
        case["add"] = rng.random() < 0.6
        case["atomic"] = rng.choice((True, False))
    elif call == "channel.set_permissions":
        case["target"] = rng.choice(("role", "member"))
        case["how"] = rng.choice(("some", "none", "delete"))
    elif call == "guild.create_text_channel":
        case["name"] = rng.choice(("new-chan", "Ünï chan"))
        for key, values in (("topic", ("t",)), ("nsfw", (True, False)), ("position", (0, 3)),
                            ("slowmode_delay", (0, 30)), ("category", ("Text",)),
                            ("overwrites", ("one",))):
            if rng.random() < 0.4:
                case[key] = rng.choice(values)
    elif call == "webhook.edit":
        for key, values in (("name", ("Renamed",)), ("avatar", ("png", None)),
                            ("channel", ("other",))):
            if rng.random() < 0.5:
                case[key] = rng.choice(values)
    elif call == "thread.edit":
        for key, values in (("name", ("renamed thread",)), ("archived", (True, False)),
                            ("locked", (True, False)), ("slowmode_delay", (0, 10)),
                            ("auto_archive_duration", (60, 10080))):
            if rng.random() < 0.4:
                case[key] = rng.choice(values)
    elif call == "channel.delete_messages":
        case["count"] = rng.choice((1, 2, 3))
    elif call == "guild.create_sticker":
        case["name"] = rng.choice(("wave2", "Spark"))
        case["description"] = rng.choice(("", "a sticker"))
        case["emoji"] = rng.choice(("👋", "sparkles"))
    elif call == "guild.create_custom_emoji":
        case["name"] = rng.choice(("blob", "spark_2"))
        case["roles"] = rng.random() < 0.3
    elif call == "guild.edit":
        for key, values in (("name", ("Wire 2", "Wîre")), ("description", ("d", None)),
                            ("afk_timeout", (60, 300)), ("system_channel", ("other", None)),
                            ("preferred_locale", ("fr", "en-US"))):
            if rng.random() < 0.4:
                case[key] = rng.choice(values)
    elif call == "guild.create_voice_channel":
        case["name"] = rng.choice(("Voice 2", "Talk more"))
        for key, values in (("user_limit", (0, 5)), ("bitrate", (64000, 96000)),
                            ("rtc_region", (None, "rotterdam")), ("video_quality_mode", (1, 2))):
            if rng.random() < 0.4:
                case[key] = rng.choice(values)
    elif call == "message.forward":
        case["where"] = rng.choice(("other", "dm", "thread"))
        case["fail_if_not_exists"] = rng.choice((True, False))
    return case


# The client's own allowed_mentions, which every message's merge over.
CLIENT_MENTIONS: tuple[Any, ...] = (None, "all", "none", {"everyone": False, "roles": False},
                                    {"users": False, "replied_user": False})


def generate(seed: int, messages: int, interactions: int, admin: int,
             client: Any = None) -> dict[str, Any]:
    """Seeded cases of each kind; ``client``: one of :data:`CLIENT_MENTIONS`."""
    rng = random.Random(seed)
    return {
        "client_mentions": client,
        "messages": [message_case(rng, rng.choice(MESSAGE_CALLS)) for _ in range(messages)],
        "interactions": [message_case(rng, INTERACTION_CALLS[n % len(INTERACTION_CALLS)])
                         for n in range(interactions)],
        "admin": [admin_case(rng, ADMIN_CALLS[n % len(ADMIN_CALLS)]) for n in range(admin)],
    }


PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360f8cfc0f01f0005000201d2a3a8a10000000049454e44ae426082")


def client_mentions(discord: Any, spec: Any) -> Any:
    """The client's ``allowed_mentions`` a case list asks for."""
    if spec is None:
        return None
    if spec in ("all", "none"):
        return getattr(discord.AllowedMentions, spec)()
    return discord.AllowedMentions(**spec)


def build_kwargs(discord: Any, case: dict[str, Any], *, guild: Any, tmp: Path,
                 message: Any = None) -> dict[str, Any]:
    """That library's keywords for ``case`` (made afresh: a File is spent once sent)."""
    kw: dict[str, Any] = {}
    bob = guild.get_member_named("bob")
    role = discord.utils.get(guild.roles, name="Gardeners")
    for key in ("tts", "suppress_embeds", "suppress", "silent", "nonce", "mention_author",
                "delete_after", "username", "avatar_url", "wait", "ephemeral"):
        if key in case:
            kw[key] = case[key]
    if "content" in case:
        content = case["content"]
        kw["content"] = content.format(role=role.id, bob=bob.id) if content else content
    if "files" in case:
        kw["files"] = [_file(discord, f, tmp) for f in case["files"]]
    for key in ("embed", "embeds", "view"):
        if key in case and not case[key]:
            kw[key] = None if key != "embeds" else case[key]  # cleared
    if case.get("embed"):
        kw["embed"] = _make_embed(discord, case["embed"])
    if case.get("embeds"):
        kw["embeds"] = [_make_embed(discord, e) for e in case["embeds"]]
    if "stickers" in case:
        kw["stickers"] = [s for s in guild.stickers if s.name == case["stickers"]]
    if "allowed_mentions" in case:
        spec = dict(case["allowed_mentions"])
        if spec.get("users") == "list":
            spec["users"] = [bob]
        if spec.get("roles") == "list":
            spec["roles"] = [role]
        kw["allowed_mentions"] = discord.AllowedMentions(**spec)
    if case.get("view"):
        view = discord.ui.View(timeout=None)
        if case["view"] == "button":
            view.add_item(discord.ui.Button(label="Go", custom_id="go"))
        else:
            view.add_item(discord.ui.Select(custom_id="pick", options=[
                discord.SelectOption(label="A"), discord.SelectOption(label="B")]))
        kw["view"] = view
    if "poll" in case:
        poll = discord.Poll(case["poll"]["question"],
                            datetime.timedelta(hours=case["poll"]["hours"]),
                            multiple=case["poll"]["multiple"])
        for answer in case["poll"]["answers"]:
            poll.add_answer(text=answer)
        kw["poll"] = poll
    if "reference" in case and message is not None:
        fail = case["reference"]
        kw["reference"] = (message if fail is None
                           else message.to_reference(fail_if_not_exists=fail))
    if "attachments" in case and message is not None:
        have = list(message.attachments)
        new = [_file(discord, f, tmp) for f in case.get("files", ())]
        kw.pop("files", None)
        kw["attachments"] = {"keep": have + new, "drop": new, "some": have[:1] + new,
                             "add": have + new}[case["attachments"]]
    return kw


def _file(discord: Any, spec: dict[str, Any], tmp: Path) -> Any:
    data = PNG if spec["name"].endswith(".png") else spec["data"]
    if spec["path"]:
        path = tmp / spec["name"]
        path.write_bytes(data)
        return discord.File(str(path), spoiler=spec["spoiler"], description=spec["description"])
    return discord.File(io.BytesIO(data), filename=spec["name"], spoiler=spec["spoiler"],
                        description=spec["description"])


def _make_embed(discord: Any, spec: dict[str, Any]) -> Any:
    embed = discord.Embed(
        **{k: v for k, v in spec.items() if k in ("title", "description", "url", "colour")},
        **({"timestamp": WHEN} if spec.get("timestamp") else {}))
    if "image" in spec:
        embed.set_image(url=spec["image"])
    if "thumbnail" in spec:
        embed.set_thumbnail(url=spec["thumbnail"])
    if "author" in spec:
        embed.set_author(**spec["author"])
    if "footer" in spec:
        embed.set_footer(**spec["footer"])
    for name, value, inline in spec["fields"]:
        embed.add_field(name=name, value=value, inline=inline)
    return embed
