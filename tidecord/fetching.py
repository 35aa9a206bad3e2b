"""What a client asks Discord over REST, as discord.py's ``Client`` does: users, channels,
guilds (with their previews and widgets), stickers, templates, invites, webhooks, DM
channels and the bot's application. Mixed into :class:`tidecord.Client`.

>>> # user = await client.fetch_user(user_id)
>>> # invite = await client.fetch_invite("https://discord.gg/code")
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Final

import msgspec

from .models import (
    UNSET,
    Application,
    Channel,
    Guild,
    Snowflake,
    UnsetType,
    User,
    decode,
    decoder,
)
from .models.base import snowflake_of
from .models.guild_preview import GuildPreview, bind_guild_preview
from .models.invite import Invite, bind_invite, invite_code
from .models.paging import pages
from .models.sticker import GuildSticker, StandardSticker, StickerItem
from .models.template import Template, bind_template, template_code
from .models.widget import Widget, bind_widget
from .webhook import Webhook, bind_webhook

if TYPE_CHECKING:
    from .events import State
    from .rest import RESTClient

__all__ = ["FetchingMixin"]

_APPLICATION: Final[msgspec.json.Decoder[Application]] = decoder(Application)


class _PartialGuild(msgspec.Struct, kw_only=True):
    """A guild as GET /users/@me/guilds lists it."""

    id: Snowflake
    name: str
    icon: str | None = None
    banner: str | None = None
    features: list[str] = []
    approximate_member_count: int | UnsetType | None = UNSET
    approximate_presence_count: int | UnsetType | None = UNSET


class FetchingMixin:
    """``client.fetch_user``, ``fetch_channel``, ``fetch_guilds``, ``fetch_guild``,
    ``fetch_invite``, ``fetch_webhook``, ``create_dm``, ``application_info``..."""

    _connection: State
    http: RESTClient

    async def fetch_user(self, user_id: int, /) -> User:
        """GET a user."""
        return await self._connection.fetch_user(user_id)

    async def fetch_channel(self, channel_id: int, /) -> Channel:
        """GET a channel."""
        return await self._connection.fetch_channel(channel_id)

    async def fetch_guilds(self, *, limit: int | None = 200, before: Any = None,
                           after: Any = None, with_counts: bool = True) -> AsyncIterator[Guild]:
        """The guilds the bot is in, from Discord (partial: no channels or members),
        oldest first within each page of 200, as discord.py's; ``before`` / ``after``
        take a guild, an id or a datetime."""
        state = self._connection
        low = snowflake_of(after, high=True)
        high = snowflake_of(before)
        backwards = high is not None

        async def fetch(size: int, mark: int | None) -> list[_PartialGuild]:
            data = await self.http.get_my_guilds(
                size, before=mark if backwards else None,
                after=None if backwards else mark, with_counts=with_counts)
            return decode(data or b"[]", list[_PartialGuild])

        async for page in pages(limit, 200, fetch, high if backwards else low,
                                lambda page: page[0].id if backwards else page[-1].id):
            for partial in page:
                if backwards and low is not None and partial.id <= low:
                    continue
                # No owner in this list: 0 stands for "not said" (``owner`` is None).
                guild = Guild(id=partial.id, name=partial.name, owner_id=Snowflake(0),
                              icon_hash=partial.icon, banner_hash=partial.banner,
                              features=partial.features,
                              approximate_members=partial.approximate_member_count,
                              approximate_presences=partial.approximate_presence_count)
                guild._state = state
                yield guild
            if backwards and low is not None and page and page[0].id <= low:
                return  # this page reached ``after``: the older ones hold nothing wanted

    async def fetch_guild(self, guild_id: int, /, *, with_counts: bool = True) -> Guild:
        """GET a guild (with its approximate member and presence counts, unless
        ``with_counts=False``)."""
        return await self._connection.fetch_guild(guild_id, with_counts)

    async def fetch_sticker(self, sticker_id: int, /) -> StandardSticker | GuildSticker:
        """GET any sticker, Discord's own or a guild's."""
        return await StickerItem(id=sticker_id, name="", _state=self._connection).fetch()

    async def fetch_template(self, code: str | Template) -> Template:
        """A guild template by code or URL (``https://discord.new/code``)."""
        data = await self.http.get_template(template_code(code))
        return bind_template(self._connection, data)

    async def fetch_guild_preview(self, guild_id: int) -> GuildPreview:
        """A guild's preview: one the bot is in, or any discoverable one (``NotFound``
        10004 else)."""
        return bind_guild_preview(self._connection,
                                  await self.http.get_guild_preview(guild_id))

    async def fetch_widget(self, guild_id: int, /) -> Widget:
        """A guild's public widget (``Forbidden`` 50004 while it is off)."""
        return bind_widget(self._connection, await self.http.get_widget(guild_id))

    async def fetch_invite(self, url: str | Invite, *, with_counts: bool = True,
                           with_expiration: bool = True,
                           scheduled_event_id: int | None = None) -> Invite:
        """An invite by code or URL (``https://discord.gg/code``), as anyone may read it:
        with the guild's approximate counts, without its uses. With a scheduled event
        (``scheduled_event_id``, or a link's ``?event=``), Discord sends the event too."""
        from .utils import resolve_invite

        try:
            code, event_id = resolve_invite(url)
        except ValueError:  # a form tidecord also takes (``www.discord.gg/code/``)
            code, event_id = invite_code(url), None
        if scheduled_event_id and event_id:
            raise ValueError("Cannot specify scheduled_event_id and contain an event_id "
                             "in the url.")
        event_id = scheduled_event_id or event_id
        state = self._connection
        data = await state.http.get_invite(code, with_counts=with_counts,
                                           with_expiration=with_expiration,
                                           scheduled_event_id=event_id)
        return bind_invite(state, data)

    async def delete_invite(self, invite: str | Invite, /, *,
                            reason: str | None = None) -> Invite:
        """Revoke an invite (code, URL or :class:`Invite`); returns it as it was."""
        state = self._connection
        return bind_invite(state, await state.http.delete_invite(invite_code(invite),
                                                                 reason=reason))

    async def fetch_webhook(self, webhook_id: int, /) -> Webhook:
        """GET a webhook (needs Manage Webhooks in its channel)."""
        state = self._connection
        return bind_webhook(state, await state.http.get_webhook(webhook_id))

    async def create_dm(self, user: Any) -> Channel:
        """The DM channel with ``user`` (a user, member or id)."""
        return await self._connection.create_dm(getattr(user, "id", user))

    async def application_info(self) -> Application:
        """GET the bot's application: its ``owner`` (or ``team``), name and flags."""
        app = _APPLICATION.decode(await self.http.get_application())  # type: ignore[arg-type]
        app._state = self._connection
        for user in (app.owner, app.bot):
            if not isinstance(user, UnsetType):
                user._state = self._connection
        return app
