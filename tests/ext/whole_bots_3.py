"""Run a whole bot on both libraries with restarts in the middle, and compare what it
said and left behind (as :mod:`tests.ext.whole_bots_2` does, plus the text of the files
it sent). Each part of a run is a list of steps; between two parts the bot is closed
and a new one made by the same code connects to the same sandbox and database, as a
bot restarted on a server does."""

from __future__ import annotations

import asyncio
import difflib
import re
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from tidecord.sandbox import Sandbox, World

from ..proof.harness import READING_PAUSE
from .parity import LIBRARIES, Do, Line, converse, quick_limits, running
from .whole_bots_2 import MakeBot, left_behind, normalised, whole_world
from .whole_bots_2_steps import then_logged

# A time a bot kept in its database (seconds since 1970, from the real clock), or wrote
# as a Discord timestamp without a style (<t:1796313612>).
_EPOCH = re.compile(r"\b1\d{9}(\.\d+)?\b")


def _timeless(line: str) -> str:
    return _EPOCH.sub("<epoch>", line)


def files_sent(sb: Sandbox) -> list[str]:
    """Each text file the bot sent, with what it says (a transcript, an export)."""
    lines = []
    for box in sb.state.messages.values():
        for message in sorted(box.values(), key=lambda m: m.id):
            for attachment in message.attachments or ():
                stored = sb.files.get(int(attachment.id))
                if stored is not None and stored[1].startswith("text/"):
                    text = stored[2].decode()
                    lines.append(f"file {attachment.filename}:\n{text}")
    return [normalised(sb, line) for line in lines]


async def run_restarted(sandbox_factory: Callable[..., Any], make_bot: MakeBot,
                        parts: Sequence[Sequence[Line]], tmp_path: Path,
                        world: Callable[[], World] = whole_world,
                        prepare: Callable[[Sandbox], Awaitable[Any]] | None = None,
                        extra: Callable[[Sandbox], list[str]] | None = None,
                        ) -> dict[str, tuple[list[str], list[str]]]:
    """For each library: what the bot said over all ``parts`` (normalised; a new bot
    for each part) and what it left behind at the end, files' text included (and the
    lines ``extra`` writes of the sandbox: its webhooks, invites, rules...)."""
    results = {}
    for library in LIBRARIES:
        sb = await sandbox_factory(world=world(), rate_limits=quick_limits())
        if prepare is not None:
            await prepare(sb)
        db = tmp_path / f"{library}.db"
        said: list[str] = []
        for part in parts:
            async with running(library, sb, lambda d, c: make_bot(d, c, db)):  # noqa: B023
                # converse gives all the bot ever said; this part's words follow the others'.
                said += (await converse(sb, part))[len(said):]
        more = [normalised(sb, line) for line in extra(sb)] if extra is not None else []
        left = [_timeless(line) for line in left_behind(sb, db) + files_sent(sb) + more]
        results[library] = ([_timeless(normalised(sb, s)) for s in said], left)
    return results


def compare(runs: dict[str, tuple[list[str], list[str]]]) -> tuple[str, str]:
    """Both libraries' runs are the same (else the lines that differ, as a diff);
    tidecord's, as text, to check details."""
    ours, theirs = runs["tidecord"], runs["discord.py"]
    for what, mine, reference in (("said", ours[0], theirs[0]), ("left", ours[1], theirs[1])):
        diff = "\n".join(difflib.unified_diff(reference, mine, "discord.py", "tidecord",
                                               lineterm="", n=1))
        assert mine == reference, f"what the bot {what} differs:\n{diff}"
    return "\n".join(ours[0]), "\n".join(ours[1])


def party(sb: Sandbox) -> str:
    emoji = sb.guild.emojis[0]
    return f"<:{emoji.name}:{emoji.id}>"


def link(sb: Sandbox, message: Any) -> str:
    return f"https://discord.com/channels/{sb.guild.id}/{message.channel_id}/{message.id}"


def reacts(person: str, emoji: Any, which: Any, logs: int, remove: bool = False) -> Do:
    """``person`` reacts with ``emoji`` (or a function of the sandbox naming it) on the
    message ``which(sb)`` finds; the step ends with ``logs`` lines in #mod-log."""
    async def act(sb: Sandbox) -> None:
        await sb.react(person, which(sb), emoji(sb) if callable(emoji) else emoji,
                       remove=remove)
    act.__name__ = f"{person} {'unreacts' if remove else 'reacts'}"
    return then_logged(act, logs, logs)


def presses(person: str, custom_id: str, replies: int = 0, where: str | None = None) -> Do:
    """``person`` presses the button ``custom_id`` on the bot's newest message that has
    it (in channel or thread ``where``, if given); the step ends with the bot's answer
    to the press and ``replies`` more bot messages in all."""
    async def act(sb: Sandbox) -> None:
        await asyncio.sleep(READING_PAUSE)
        found = [m for box in sb.state.messages.values() for m in box.values()
                 if m.author.id == sb.bot_user.id and custom_id in str(m.components)
                 and (where is None or sb.state.channel(m.channel_id).name == where)]
        record = await sb.click_button(person, max(found, key=lambda m: m.id), custom_id)
        await record.wait_response(10)
    act.__name__ = f"{person} presses {custom_id}"
    return Do(act, replies)
