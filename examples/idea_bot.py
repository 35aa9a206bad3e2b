#!/usr/bin/env python3
"""The idea bot: project ideas on demand, contributed and voted on by your server.

    .idea          a random project idea (react with a thumbs up to vote for it)
    .idea 42       idea number 42
    .idea add ...  contribute an idea
    .idea top      the best-voted ideas
    .idea card     an idea as an image card
    .idea help     this list

Try it on the local sandbox, no token needed, and chat with it in your browser::

    tidecord run examples/idea_bot.py

Run it on Discord with a token from --token, $DISCORD_TOKEN or a .token file::

    python examples/idea_bot.py
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import Any

from idea_card import render_card
from idea_store import Idea, IdeaStore, InvalidIdea

import tidecord
from tidecord import to_thread  # tidecord's bounded pool, shut down with the client
from tidecord.cli import find_token, run_bot

PREFIX = ".idea"
VOTE = "\N{THUMBS UP SIGN}"
IDEAS_FILE = Path(__file__).with_name("ideas.txt")
DB_ENV = "IDEA_BOT_DB"
DEFAULT_DB = "ideas.sqlite3"

HELP = f"""\
**Idea bot**: project ideas for programmers.
`{PREFIX}`: a random idea. React with {VOTE} to vote for it.
`{PREFIX} 42`: idea number 42.
`{PREFIX} add <your idea>`: contribute one (a sentence or two).
`{PREFIX} top`: the best-voted ideas.
`{PREFIX} card`: a random idea as an image card (`{PREFIX} card 42` for that one).
`{PREFIX} help`: this list."""


class MyBot(tidecord.Client):
    """The guide's bot, grown: every ``.idea`` command, backed by an :class:`IdeaStore`."""

    def __init__(self, *, db_path: str | Path | None = None, **options: Any) -> None:
        if "intents" not in options:
            intents = tidecord.Intents.default()
            intents.message_content = True  # commands are read from message text
            options["intents"] = intents
        super().__init__(**options)
        self.db_path = Path(db_path or os.environ.get(DB_ENV) or DEFAULT_DB)
        self.ideas: IdeaStore | None = None

    async def setup_hook(self) -> None:
        """Open the database (seeded from ideas.txt on first run) before connecting."""
        ideas = await IdeaStore.open(self.db_path, seed_file=IDEAS_FILE)
        if self.is_closed():  # stopped while the database was opening: close() missed it
            await ideas.close()
            return
        self.ideas = ideas

    async def close(self) -> None:
        """Disconnect, then close the database."""
        await super().close()
        if self.ideas is not None:
            ideas, self.ideas = self.ideas, None
            await ideas.close()

    async def on_ready(self) -> None:
        """Connected, with the guilds in the cache: say so, as the guide's bot does."""
        print(f"Logged on as {self.user}!")

    async def on_message(self, message: tidecord.Message) -> None:
        """Route ``.idea [command]`` to its method; ignore everything else."""
        if message.author == self.user or self.ideas is None:
            return
        words = message.content.split(maxsplit=2)
        if not words or words[0].lower() != PREFIX:
            return
        command = words[1].lower() if len(words) > 1 else ""
        rest = words[2] if len(words) > 2 else ""
        if command == "":
            await self.suggest(message, await self.ideas.random())
        elif command.isdecimal():  # not isdigit(): int() refuses "²"
            await self.suggest(message, await self.ideas.get(int(command)), wanted=command)
        elif command == "add":
            await self.add(message, rest)
        elif command == "top":
            await self.top(message)
        elif command == "card":
            await self.card(message, rest)
        elif command == "help":
            await message.reply(HELP)
        else:
            await message.reply(f"I don't know `{PREFIX} {command}`. Try `{PREFIX} help`.")

    async def suggest(
        self, message: tidecord.Message, idea: Idea | None, wanted: str | None = None
    ) -> None:
        """Reply with an idea and remember the reply, so reactions on it count as votes."""
        if idea is None:
            await message.reply(f"There is no idea #{wanted}." if wanted else "I'm out of ideas!")
            return
        reply = await message.reply(
            f"Okay, so how about this: {idea.text}\n"
            f"(idea #{idea.id}, {_votes(idea.votes)}; react with {VOTE} to vote)"
        )
        await self._remember(reply, idea)

    async def add(self, message: tidecord.Message, text: str) -> None:
        """``.idea add <text>``: store a contributed idea, or say why not."""
        if not text.strip():
            await message.reply(f"Usage: `{PREFIX} add <your idea in a sentence or two>`")
            return
        try:
            idea = await self._store.add(text, author_id=message.author.id)
        except InvalidIdea as problem:
            await message.reply(f"Sorry, {problem}.")
            return
        await message.reply(f"Thanks! Added as idea #{idea.id}.")

    async def top(self, message: tidecord.Message) -> None:
        """``.idea top``: the five best-voted ideas."""
        best = await self._store.top(5)
        if not best:
            await message.reply(f"No votes yet. React with {VOTE} to an idea you like!")
            return
        lines = [f"{n}. {idea.text} (#{idea.id}, {_votes(idea.votes)})"
                 for n, idea in enumerate(best, 1)]
        await message.reply("**The best-voted ideas:**\n" + "\n".join(lines))

    async def card(self, message: tidecord.Message, wanted: str) -> None:
        """``.idea card [number]``: an idea rendered as a PNG, uploaded as an attachment."""
        wanted = wanted.strip()
        idea = await (self._store.get(int(wanted)) if wanted.isdecimal() else self._store.random())
        if idea is None:
            await message.reply(f"There is no idea #{wanted}." if wanted else "I'm out of ideas!")
            return
        # Pillow takes tens of milliseconds of CPU: render it off the event loop.
        png: bytes = await to_thread(render_card, idea.id, idea.text)
        reply = await message.reply(
            f"Okay, so how about this: idea #{idea.id}, as a card. React with {VOTE} to vote.",
            file=tidecord.File(io.BytesIO(png), filename=f"idea-{idea.id}.png"),
        )
        await self._remember(reply, idea)

    async def _remember(self, reply: tidecord.Message, idea: Idea) -> None:
        """Tie ``reply`` to ``idea`` for votes, and add the first thumbs up to click on."""
        await self._store.remember(reply.id, idea.id)
        await reply.add_reaction(VOTE)  # our own reaction is never counted as a vote

    async def on_raw_reaction_add(self, payload: tidecord.RawReactionActionEvent) -> None:
        """A thumbs up on one of our idea replies is a vote for that idea."""
        if self._is_vote(payload):
            await self._store.vote(payload.message_id, payload.user_id)

    async def on_raw_reaction_remove(self, payload: tidecord.RawReactionActionEvent) -> None:
        """Taking the thumbs up back withdraws the vote."""
        if self._is_vote(payload):
            await self._store.unvote(payload.message_id, payload.user_id)

    def _is_vote(self, payload: tidecord.RawReactionActionEvent) -> bool:
        own = self.user is not None and payload.user_id == self.user.id
        return str(payload.emoji) == VOTE and not own and self.ideas is not None

    @property
    def _store(self) -> IdeaStore:
        if self.ideas is None:
            raise RuntimeError("the idea store is not open (setup_hook has not run)")
        return self.ideas


def _votes(n: int) -> str:
    return f"{n} vote" if n == 1 else f"{n} votes"


def main(argv: list[str] | None = None) -> int:
    """Run on Discord with a token; without one, on a local sandbox with a chat page."""
    parser = argparse.ArgumentParser(description="The idea bot.")
    parser.add_argument("--token", help="bot token (default: $DISCORD_TOKEN, then ./.token)")
    parser.add_argument("--db", help=f"SQLite file (default: ${DB_ENV}, then ./{DEFAULT_DB})")
    args = parser.parse_args(argv)

    bot = MyBot(db_path=args.db)
    token = find_token(args.token)  # --token, then $DISCORD_TOKEN, then .token
    if token is None:
        print("No token (--token, $DISCORD_TOKEN or .token): running on a local sandbox.")
        return run_bot(bot)
    bot.run(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
