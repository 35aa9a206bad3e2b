"""The cache: guilds, channels, roles, members, users and recent messages."""

from .cache import Cache
from .idmap import IdMap
from .members import GuildMembers
from .policy import MemberCacheFlags, MemberCachePolicy

__all__ = ["Cache", "GuildMembers", "IdMap", "MemberCacheFlags", "MemberCachePolicy"]
