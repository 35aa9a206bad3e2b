"""``Message.system_content``: the English line Discord's client shows for a system
message (a pin, a join, a new thread...), in the words discord.py 2.7 gives, so a
logging or welcome bot writes the same text on either library."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

__all__ = ["WELCOMES", "render_system_content"]

#: The join texts Discord's client picks from, by the join message's creation time
#: in ms modulo their count; ``{}`` is the new member's name.
WELCOMES: tuple[str, ...] = (
    "{} joined the party.",
    "{} is here.",
    "Welcome, {}. We hope you brought pizza.",
    "A wild {} appeared.",
    "{} just landed.",
    "{} just slid into the server.",
    "{} just showed up!",
    "Welcome {}. Say hi!",
    "{} hopped into the server.",
    "Everyone welcome {}!",
    "Glad you're here, {}.",
    "Good to see you, {}.",
    "Yay you made it, {}!",
)

_GROUP_DM = 3
_FORUM = 15

#: Types whose text is a fixed sentence, whoever sent them.
_FIXED: dict[int, str] = {
    14: ("This server has been removed from Server Discovery because it no longer passes "
         "all the requirements. Check Server Settings for more details."),
    15: "This server is eligible for Server Discovery again and has been automatically relisted!",
    16: ("This server has failed Discovery activity requirements for 1 week. If this server "
         "fails for 4 weeks in a row, it will be automatically removed from Discovery."),
    17: ("This server has failed Discovery activity requirements for 3 weeks in a row. If this "
         "server fails for 1 more week, it will be removed from Discovery."),
    22: "Wondering who to invite?\nStart by inviting anyone who can help you build the server!",
}

#: Types whose text is a template of the author's name (``{a}``) and the content (``{c}``).
_TEMPLATES: dict[int, str] = {
    5: "{a} changed the group icon.",
    6: "{a} pinned a message to this channel.",
    12: "{a} has added {c} to this channel. Its most important updates will show up here.",
    18: "{a} started a thread: **{c}**. See all **threads**.",
    27: "{a} started **{c}**.",
    28: "{a} ended **{c}**.",
    29: "{a} is now a speaker.",
    30: "{a} requested to speak.",
    31: "{a} changed Stage topic: **{c}**.",
    37: "{a} disabled security actions.",
    63: "{a} added a new emoji, {c}",
}


def _channel_type(message: Any) -> int | None:
    try:
        return int(message.channel.type)
    except (AttributeError, TypeError):  # no state to look the channel up in
        return None


def _recipients(message: Any, verb: str) -> str:
    other = message.mentions[0].name
    where = "group" if _channel_type(message) == _GROUP_DM else "thread"
    preposition = "to" if verb == "added" else "from"
    return f"{message.author.name} {verb} {other} {preposition} the {where}."


def _renamed(message: Any) -> str:
    channel = getattr(message, "channel", None)
    parent = getattr(channel, "parent", None) if channel is not None else None
    kind = getattr(parent or channel, "type", None)
    what = "post title" if kind == _FORUM else "channel name"
    return f"{message.author.name} changed the {what}: **{message.content}**"


def _welcome(message: Any) -> str:
    # The same float arithmetic as discord.py, so a join picks the same line there.
    created_ms = int(message.created_at.timestamp() * 1000)
    return WELCOMES[created_ms % len(WELCOMES)].format(message.author.name)


def _boost(message: Any, level: int | None) -> str:
    times = f" **{message.content}** times" if message.content else ""
    said = f"{message.author.name} just boosted the server{times}!"
    return said if level is None else f"{said} {message.guild} has achieved **Level {level}!**"


def _starter(message: Any) -> str:
    resolved = message.referenced_message
    if message.reference is None or not hasattr(resolved, "content"):
        return "Sorry, we couldn't load the first message in this thread"
    return str(resolved.content)


def _alert_mode(message: Any) -> str:
    until = datetime.datetime.fromisoformat(message.content)
    return (f"{message.author.name} enabled security actions until "
            f"<t:{int(until.timestamp())}:f>.")


def _poll_result(message: Any) -> str:
    fields = message.embeds[0].fields if message.embeds else []
    title = next((f.value for f in fields if f.name == "poll_question_text"), None)
    return f"{message.author.display_name}'s poll {title} has closed."


_RENDERERS: dict[int, Callable[[Any], str]] = {
    0: lambda m: str(m.content),
    19: lambda m: str(m.content),
    1: lambda m: _recipients(m, "added"),
    2: lambda m: _recipients(m, "removed"),
    4: _renamed,
    7: _welcome,
    8: lambda m: _boost(m, None),
    9: lambda m: _boost(m, 1),
    10: lambda m: _boost(m, 2),
    11: lambda m: _boost(m, 3),
    21: _starter,
    36: _alert_mode,
    38: lambda m: f"{m.author.name} reported a raid in {m.guild}.",
    39: lambda m: f"{m.author.name} reported a false alarm in {m.guild}.",
    46: _poll_result,
}


def render_system_content(message: Any) -> str:
    """What ``message.system_content`` reads: the content of a user's message or reply,
    the client's sentence for a system message, and ``""`` for a type without one
    (application command answers included, as in discord.py)."""
    kind = int(message.type)
    render = _RENDERERS.get(kind)
    if render is not None:
        return render(message)
    template = _TEMPLATES.get(kind)
    if template is not None:
        return template.format(a=message.author.name, c=message.content)
    return _FIXED.get(kind, "")
