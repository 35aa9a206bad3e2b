"""The benchmark's world: ``World.generate`` made to look like real people.

``World.generate`` names person ``j`` of guild ``i`` ``g{i}-user-{j}`` and gives
everyone the same join date, no avatar and no nickname: member lists then
compress about 30 times, far better than real ones. A client that keeps member
data compressed (or a decoder that interns repeated strings) would look better
here than on Discord. So before serving, every person gets, from a seeded RNG:
a username of random letters and digits, a display name for most, an avatar
hash for most, a nickname for some, a join date anywhere in four years (with
microseconds, as Discord sends), and zero to three of the guild's roles. The
guilds, channels, roles and ids are left as generated.
"""

from __future__ import annotations

import datetime
import random
import string
from typing import Final

from tidecord.models.base import Snowflake
from tidecord.models.member import Member
from tidecord.models.user import User
from tidecord.sandbox import World

__all__ = ["make_lifelike"]

_ALPHABET: Final = string.ascii_lowercase + string.digits + "_."
_WORDS: Final = (
    "night owl river stone pixel maple ember frost lunar tiger echo nova sage "
    "cobalt willow atlas comet drift harbor juniper quartz raven solstice"
).split()
_START: Final = datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC)
_SPAN_S: Final = 4 * 365 * 24 * 3600


def _username(rng: random.Random) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(4, 16)))


def _display_name(rng: random.Random) -> str:
    words = rng.sample(_WORDS, rng.randint(1, 2))
    name = " ".join(w.capitalize() for w in words)
    return name + (str(rng.randint(1, 999)) if rng.random() < 0.4 else "")


def _joined_at(rng: random.Random) -> str:
    when = _START + datetime.timedelta(seconds=rng.uniform(0, _SPAN_S))
    return when.isoformat(timespec="microseconds")


def _lifelike(member: Member, rng: random.Random, role_ids: list[Snowflake]) -> None:
    user = member.user
    if not isinstance(user, User) or user.bot is True:
        return
    user.username = _username(rng)
    user.global_name = _display_name(rng) if rng.random() < 0.7 else None
    user.avatar_hash = rng.randbytes(16).hex() if rng.random() < 0.75 else None
    member.nick = _display_name(rng) if rng.random() < 0.15 else None
    member.joined_at_iso = _joined_at(rng)
    count = min(len(role_ids), rng.choice((0, 1, 1, 1, 2, 2, 3)))
    member.role_set = sorted(rng.sample(role_ids, count))


def make_lifelike(world: World, seed: int = 0) -> World:
    """Give every person of ``world`` varied, realistic member data (in place)."""
    rng = random.Random(f"tidecord-bench-{seed}")
    for guild in world.guilds:
        # Ordinary roles only: not @everyone (the guild's id) and not managed ones.
        role_ids = [r.id for r in guild.roles if r.id != guild.id and not r.managed]
        for member in guild.members or []:
            _lifelike(member, rng, role_ids)
    return world
