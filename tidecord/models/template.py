"""Guild templates: a code that stands for a snapshot of a guild's roles, channels and
settings, kept by the guild's managers, as discord.py's ``Template`` shows it."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

import msgspec

from .base import UNSET, Model, Snowflake, UnsetType, decode
from .template_guild import TemplateGuild
from .user import User

__all__ = ["GuildTemplates", "Template", "TemplateGuild", "bind_template", "template_code"]

_URL = re.compile(r"(?:https?://)?discord(?:\.new|(?:app)?\.com/template)/(.+)")


def _when(text: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(text) if text else None


class Template(Model, gc=False, kw_only=True):
    """A guild template: ``code``, ``uses``, ``name``, ``description``, ``creator``,
    ``created_at``, ``updated_at``, ``source_guild``, ``is_dirty`` (True when the guild
    has changed since the last sync, else None) and ``url``.

    >>> # template = await guild.create_template(name="Garden club")
    """

    code: str
    name: str
    description: str | None = None
    uses: int = msgspec.field(default=0, name="usage_count")
    creator_id: Snowflake | None = None
    creator: User | None = None
    created: str | None = msgspec.field(default=None, name="created_at")
    updated: str | None = msgspec.field(default=None, name="updated_at")
    source_guild_id: Snowflake
    serialized_source_guild: TemplateGuild
    is_dirty: bool | None = None
    _state: Any = UNSET

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Template) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    @property
    def created_at(self) -> datetime.datetime | None:
        """When the template was made."""
        return _when(self.created)

    @property
    def updated_at(self) -> datetime.datetime | None:
        """When it was last synced (or made)."""
        return _when(self.updated)

    @property
    def source_guild(self) -> TemplateGuild:
        """The guild as the template's snapshot has it."""
        guild = self.serialized_source_guild
        guild.id = self.source_guild_id
        return guild

    @property
    def url(self) -> str:
        """The link that makes a guild from it."""
        return f"https://discord.new/{self.code}"

    async def sync(self) -> Template:
        """Take the guild's snapshot anew (Manage Server)."""
        http = self._state.http
        return bind_template(self._state, await http.sync_template(self.source_guild_id,
                                                                   self.code))

    async def edit(self, *, name: str | UnsetType = UNSET,
                   description: str | UnsetType | None = UNSET) -> Template:
        """Rename it or change its description (Manage Server)."""
        fields: dict[str, Any] = {}
        if not isinstance(name, UnsetType):
            fields["name"] = name
        if not isinstance(description, UnsetType):
            fields["description"] = description
        data = await self._state.http.edit_template(self.source_guild_id, self.code, fields)
        return bind_template(self._state, data)

    async def delete(self) -> None:
        """Delete it (Manage Server)."""
        await self._state.http.delete_template(self.source_guild_id, self.code)


def bind_template(state: Any, data: bytes | None) -> Template:
    """A template from a REST answer, knowing its client."""
    template = decode(data or b"{}", Template)
    template._state = state
    return template


def template_code(code: Any) -> str:
    """The code of a template, its URL (``discord.new/...``) or the code itself."""
    if isinstance(code, Template):
        return code.code
    match = _URL.match(str(code))
    return match.group(1) if match else str(code)


class GuildTemplates:
    """The template calls of discord.py's ``Guild`` (mixed into :class:`~tidecord.Guild`);
    each needs Manage Server."""

    __slots__ = ()

    if TYPE_CHECKING:
        _state: Any
        id: Snowflake

    async def templates(self) -> list[Template]:
        """GET the guild's templates (a guild has at most one)."""
        data = await self._state.http.guild_templates(self.id)
        found = decode(data or b"[]", list[Template])
        for template in found:
            template._state = self._state
        return found

    async def create_template(self, *, name: str,
                              description: str | UnsetType = UNSET) -> Template:
        """Make a template of the guild as it is now."""
        fields: dict[str, Any] = {"name": name}
        if not isinstance(description, UnsetType):
            fields["description"] = description
        return bind_template(self._state,
                             await self._state.http.create_template(self.id, fields))
