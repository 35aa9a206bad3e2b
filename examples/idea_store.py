"""The idea bot's database: ideas, which bot message shows which idea, and votes.

SQLite through aiosqlite, so every query runs on aiosqlite's own thread and the
event loop never waits on the disk.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import aiosqlite

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "Idea", "IdeaStore", "InvalidIdea"]

MIN_LENGTH = 20
MAX_LENGTH = 280
MAX_ID = 2**63 - 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS ideas (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    -- casefolded, spacing and end punctuation dropped: what "the same idea" means
    norm TEXT NOT NULL UNIQUE,
    author_id INTEGER,  -- NULL for the starter set
    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
);
-- Which bot message shows which idea, so a reaction on it is a vote for that idea.
CREATE TABLE IF NOT EXISTS shown (
    message_id INTEGER PRIMARY KEY,
    idea_id INTEGER NOT NULL REFERENCES ideas(id) ON DELETE CASCADE
);
-- One row per (message, person): removing the reaction removes exactly that vote,
-- and the same person voting on two messages of one idea still counts once.
CREATE TABLE IF NOT EXISTS votes (
    message_id INTEGER NOT NULL REFERENCES shown(message_id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL,
    PRIMARY KEY (message_id, user_id)
);
"""

# The votes of one idea: distinct people over every message that showed it.
_SCORE = (
    "(SELECT COUNT(DISTINCT v.user_id) FROM votes v JOIN shown s USING (message_id) "
    "WHERE s.idea_id = ideas.id)"
)


@dataclass(frozen=True, slots=True)
class Idea:
    """One project idea and the number of people who voted for it."""

    id: int
    text: str
    votes: int = 0


class InvalidIdea(ValueError):
    """A contributed idea was refused; the message says why, for the contributor."""


class IdeaStore:
    """Async access to the ideas database. Open with :meth:`open`, end with :meth:`close`."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: str | Path, seed_file: Path | None = None) -> Self:
        """Open (or create) the database; a new one gets the ideas of ``seed_file``."""
        db = await aiosqlite.connect(str(path))
        try:
            await db.execute("PRAGMA foreign_keys = ON")
            await db.executescript(SCHEMA)
            store = cls(db)
            if seed_file is not None and await store.count() == 0:
                await store._seed(seed_file)
        except BaseException:
            await db.close()
            raise
        return store

    async def close(self) -> None:
        """Close the connection (and aiosqlite's thread)."""
        await self._db.close()

    async def count(self) -> int:
        """How many ideas there are."""
        async with self._db.execute("SELECT COUNT(*) FROM ideas") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def random(self) -> Idea | None:
        """A random idea, or ``None`` when there are none."""
        return await self._one(f"SELECT id, text, {_SCORE} FROM ideas ORDER BY random() LIMIT 1")

    async def get(self, idea_id: int) -> Idea | None:
        """The idea with this number, if any."""
        if not 0 < idea_id <= MAX_ID:  # SQLite refuses integers past 64 bits
            return None
        return await self._one(f"SELECT id, text, {_SCORE} FROM ideas WHERE id = ?", (idea_id,))

    async def add(self, text: str, author_id: int | None = None) -> Idea:
        """Store a contributed idea; :class:`InvalidIdea` says why one is refused."""
        text = " ".join(text.split())
        problem = check(text)
        if problem:
            raise InvalidIdea(problem)
        norm = normalize(text)
        async with self._db.execute("SELECT id FROM ideas WHERE norm = ?", (norm,)) as cursor:
            same = await cursor.fetchone()
        if same is not None:
            raise InvalidIdea(f"that one is already here, as idea #{same[0]}")
        cursor = await self._db.execute(
            "INSERT INTO ideas (text, norm, author_id) VALUES (?, ?, ?)", (text, norm, author_id)
        )
        await self._db.commit()
        assert cursor.lastrowid is not None
        return Idea(cursor.lastrowid, text)

    async def top(self, limit: int = 5) -> list[Idea]:
        """The best-voted ideas (at least one vote), best first."""
        # Only voted ideas are touched: the join starts from the votes.
        query = (
            "SELECT i.id, i.text, COUNT(DISTINCT v.user_id) AS score FROM votes v "
            "JOIN shown s USING (message_id) JOIN ideas i ON i.id = s.idea_id "
            "GROUP BY i.id ORDER BY score DESC, i.id ASC LIMIT ?"
        )
        async with self._db.execute(query, (limit,)) as cursor:
            rows = await cursor.fetchall()
        return [Idea(int(r[0]), str(r[1]), int(r[2])) for r in rows]

    async def remember(self, message_id: int, idea_id: int) -> None:
        """Record that bot message ``message_id`` shows idea ``idea_id``."""
        await self._db.execute(
            "INSERT OR REPLACE INTO shown (message_id, idea_id) VALUES (?, ?)",
            (message_id, idea_id),
        )
        await self._db.commit()

    async def vote(self, message_id: int, user_id: int) -> bool:
        """Count a vote on an idea message; ``False`` if the message shows no idea."""
        cursor = await self._db.execute(
            "INSERT OR IGNORE INTO votes (message_id, user_id) "
            "SELECT message_id, ? FROM shown WHERE message_id = ?",
            (user_id, message_id),
        )
        await self._db.commit()
        return cursor.rowcount > 0

    async def unvote(self, message_id: int, user_id: int) -> None:
        """Withdraw a vote (the reaction was removed)."""
        await self._db.execute(
            "DELETE FROM votes WHERE message_id = ? AND user_id = ?", (message_id, user_id)
        )
        await self._db.commit()

    async def _one(self, query: str, params: tuple[object, ...] = ()) -> Idea | None:
        async with self._db.execute(query, params) as cursor:
            row = await cursor.fetchone()
        return Idea(int(row[0]), str(row[1]), int(row[2])) if row else None

    async def _seed(self, seed_file: Path) -> None:
        # Reading a file is blocking I/O too: keep it off the loop like the queries.
        lines = await asyncio.to_thread(read_ideas, seed_file)
        await self._db.executemany(
            "INSERT OR IGNORE INTO ideas (text, norm) VALUES (?, ?)",
            [(line, normalize(line)) for line in lines],
        )
        await self._db.commit()


def read_ideas(path: Path) -> list[str]:
    """The ideas of a data file: one per line; blank lines and ``#`` comments skipped."""
    text = path.read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()
            and not line.lstrip().startswith("#")]


def normalize(text: str) -> str:
    """The form two ideas are compared in: casefolded, single spaces, no end punctuation."""
    return " ".join(text.casefold().split()).rstrip(" .!?")


_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


def check(text: str) -> str | None:
    """Why a contributed idea is refused, or ``None`` if it is fine."""
    if len(text) < MIN_LENGTH:
        return f"that is a bit short: describe it in at least {MIN_LENGTH} characters"
    if len(text) > MAX_LENGTH:
        return f"that is too long: keep it under {MAX_LENGTH} characters (it has {len(text)})"
    if _MENTION.search(text):
        return "please leave mentions out of ideas"
    return None
